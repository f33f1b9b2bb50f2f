"""Reading and checking framework files: JSON decoding, every rule, then the spec.

`parse_framework` decodes a file (exact decimals, duplicate keys remembered), checks every
rule of docs/framework-format.md and reports all problems at once, naming the node that
breaks each; only a clean document becomes a `FrameworkSpec` (spec.py).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from simpul.frameworks.spec import (
    DATA_DIR,
    FORMAT,
    ROUNDING_MODES,
    RULE_EXTERNAL,
    RULE_ITEMS,
    RULE_LEVEL,
    STATUS_COMPILED,
    STATUS_DRAFT,
    STATUSES,
    VALUE_RULES,
    WEIGHT_DECIMAL_PLACES,
    WEIGHT_MAX_DIGITS,
    Band,
    EvidenceRule,
    ExternalBand,
    ExternalIndex,
    FrameworkFileError,
    FrameworkSpec,
    GroupSpec,
    IndicatorSpec,
    ItemSpec,
    LevelScale,
    LevelText,
    Problem,
    Rounding,
    RuleNote,
    ScaleLevel,
    Source,
    ValueBand,
    decimal_text,
    parse_decimal,
)

_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_DIGITS = re.compile(r"\d+")


# --- JSON -------------------------------------------------------------------------------


class JsonObject(dict):
    """A decoded JSON object that remembers keys written more than once (the last one wins)."""

    duplicates: tuple[str, ...] = ()


def json_object(pairs: list[tuple[str, Any]]) -> JsonObject:
    """Build a JsonObject from key/value pairs in order, noting keys that repeat."""
    obj = JsonObject(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        obj.duplicates = tuple(k for k, _v in pairs if k in seen or seen.add(k))
    return obj


def _written(value: Any) -> str:
    """A value as the file wrote it, for messages: "2" with its quotes, 2.0, true."""
    if isinstance(value, Decimal):
        return str(value)
    return json.dumps(value, ensure_ascii=False, default=str)[:60]


def _integral(value: Any) -> int | None:
    """The whole number that `value` spells ("2", 2.0), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value.strip()) if len(value.strip()) <= 18 else None
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        return int(value) if abs(value) < 10**18 else None
    if isinstance(value, int):
        return value
    return None


def _reject_constant(name: str) -> None:
    raise ValueError(_("nilai %(name)s tidak diperbolehkan") % {"name": name})


def loads_json(text: str | bytes, *, parse_int: Callable[[str], Any] | None = None) -> Any:
    """Decode JSON with exact decimals, no NaN/Infinity, and duplicate keys remembered.

    Raises ValueError (json.JSONDecodeError for syntax errors) on anything malformed.
    """
    try:
        return json.loads(
            text,
            parse_float=Decimal,
            parse_int=parse_int,
            parse_constant=_reject_constant,
            object_pairs_hook=json_object,
        )
    except RecursionError as exc:
        raise ValueError(_("struktur JSON terlalu dalam")) from exc


# --- public entry points ----------------------------------------------------------------


def parse_framework(text: str | bytes) -> FrameworkSpec:
    """Parse and check a framework file's text. Raises FrameworkFileError listing all problems."""
    try:
        document = loads_json(text)
    except json.JSONDecodeError as exc:
        message = _("bukan JSON yang sah (baris %(line)s, kolom %(column)s): %(error)s.") % {
            "line": exc.lineno,
            "column": exc.colno,
            "error": exc.msg,
        }
        raise FrameworkFileError([Problem(_("Berkas"), message)]) from exc
    except (ValueError, UnicodeDecodeError) as exc:
        message = _("bukan JSON yang sah: %(error)s.") % {"error": exc}
        raise FrameworkFileError([Problem(_("Berkas"), message)]) from exc
    return parse_framework_document(document)


def parse_framework_document(document: object) -> FrameworkSpec:
    """Check an already decoded document (e.g. Framework.document) and build its spec."""
    checker = Checker()
    cleaned = checker.framework(document)
    if checker.problems or cleaned is None:
        raise FrameworkFileError(checker.problems)
    return _build(cleaned)


def load_framework_file(path: Path) -> FrameworkSpec:
    """Read and parse a framework file; an unreadable file is reported like any problem."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        message = _("berkas %(path)s tidak dapat dibaca: %(error)s.") % {
            "path": path,
            "error": exc.strerror or exc,
        }
        raise FrameworkFileError([Problem(_("Berkas"), message)]) from exc
    return parse_framework(data)


def shipped_framework_files() -> list[Path]:
    """The framework files that ship with Simpul, in a stable order."""
    return sorted(DATA_DIR.glob("*.json"))


# --- checking ---------------------------------------------------------------------------

# A field that failed its check; distinct from None, which some fields allow.
_BAD = object()
# Levels sit in PositiveSmallIntegerField, indicator numbers in PositiveIntegerField.
_SMALL_MAX = 32767
_NUMBER_MAX = 2147483647

_TOP_REQUIRED = (
    "format",
    "code",
    "name",
    "status",
    "scale",
    "level_scales",
    "rounding",
    "weight_total",
    "predicates",
    "groups",
)
_TOP_OPTIONAL = (
    "notice",
    "source",
    "sources",
    "notes",
    "value_bands",
    "rules",
    "superseded_by",
    "collaboration",
    "lock_requires_complete",
)
_GROUP_REQUIRED = ("code", "name", "kind", "weight")
_GROUP_OPTIONAL = ("groups", "indicators")
_INDICATOR_REQUIRED = ("number", "code", "name", "weight", "scale", "levels")
_INDICATOR_OPTIONAL = (
    "question",
    "description",
    "assessment_rule",
    "example_evidence",
    "typical_owner_units",
    "notes",
    "evidence_rules",
    "value_rule",
    "external",
)
# Evidence rule kinds: (required keys, optional keys) besides "kind".
_RULE_KEYS = {
    "review": (("from_level", "max_age_months"), ()),
    "audit": (("max_age_months",), ("from_level",)),
    "follow_up_policy": (("level", "within_months_of_review"), ()),
}
_RULE_LEVEL_KEYS = ("from_level", "level")
_RULE_MONTHS_MAX = 1200
_LEVEL_TEXTS = ("criteria", "fulfilment", "evidence", "conditions")
_ITEM_KEYS = ("code", "text")
_ITEM_OPTIONAL = ("evidence_kind", "portal_code", "note")
_EXTERNAL_REQUIRED = ("code", "name", "scale", "bands")
_EXTERNAL_OPTIONAL = ("issuer", "missing_value", "source", "note")
_CONFIDENCES = ("confirmed", "single_source", "disputed")
_ITEM_CODE = re.compile(r"[A-Za-z0-9][-A-Za-z0-9_.]*")


class Checker:
    """Collects problems while turning a decoded document into plain checked values.

    Each reader records what is wrong and returns _BAD, so later checks can skip values
    that are already reported instead of piling follow-on messages on top of them.
    """

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, node: str, message: str) -> None:
        self.problems.append(Problem(node, message))

    # readers

    def fields(
        self, raw: object, node: str, required: tuple[str, ...], optional: tuple[str, ...]
    ) -> bool:
        if not isinstance(raw, dict):
            self.add(node, _("harus berupa objek JSON."))
            return False
        for key in getattr(raw, "duplicates", ()):
            self.add(node, _('kolom "%(field)s" ditulis lebih dari sekali.') % {"field": key})
        for key in raw:
            if key not in required and key not in optional:
                self.add(node, _('kolom "%(field)s" tidak dikenal.') % {"field": key})
        for key in required:
            if key not in raw:
                self.add(node, _('kolom "%(field)s" wajib diisi.') % {"field": key})
        return True

    def text(
        self, raw: dict, key: str, node: str, *, max_length: int | None = None, blank: bool = False
    ) -> Any:
        if key not in raw:
            return "" if blank else _BAD
        value = raw[key]
        if not isinstance(value, str):
            self.add(node, _('kolom "%(field)s" harus berupa teks.') % {"field": key})
            return _BAD
        if not blank and not value.strip():
            self.add(node, _('kolom "%(field)s" tidak boleh kosong.') % {"field": key})
            return _BAD
        if max_length is not None and len(value) > max_length:
            self.add(
                node,
                _('kolom "%(field)s" paling panjang %(max)s karakter.')
                % {"field": key, "max": max_length},
            )
            return _BAD
        return value

    def code(self, raw: dict, key: str, node: str, *, max_length: int) -> Any:
        value = self.text(raw, key, node, max_length=max_length)
        if value is not _BAD and not _SLUG.fullmatch(value):
            self.add(
                node,
                _(
                    'kolom "%(field)s" hanya boleh berisi huruf, angka, tanda hubung dan '
                    'garis bawah (tertulis "%(value)s").'
                )
                % {"field": key, "value": value},
            )
            return _BAD
        return value

    def integer(
        self, raw: dict, key: str, node: str, *, minimum: int = 0, maximum: int = _SMALL_MAX
    ) -> Any:
        if key not in raw:
            return _BAD
        value = raw[key]
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(
                node,
                _(
                    'kolom "%(field)s" harus berupa bilangan bulat tanpa tanda kutip '
                    "(tertulis %(value)s)."
                )
                % {"field": key, "value": _written(value)},
            )
            return _BAD
        if not minimum <= value <= maximum:
            self.add(
                node,
                _('kolom "%(field)s" harus di antara %(min)s dan %(max)s.')
                % {"field": key, "min": minimum, "max": maximum},
            )
            return _BAD
        return value

    def boolean(self, raw: dict, key: str, node: str) -> Any:
        if key not in raw:
            return _BAD
        if not isinstance(raw[key], bool):
            self.add(node, _('kolom "%(field)s" harus true atau false.') % {"field": key})
            return _BAD
        return raw[key]

    def decimal(
        self, raw: dict, key: str, node: str, *, positive: bool = False, nullable: bool = False
    ) -> Any:
        if key not in raw:
            return _BAD
        value = raw[key]
        if value is None and nullable:
            return None
        number = parse_decimal(value)
        if number is None:
            self.add(
                node,
                _(
                    'kolom "%(field)s" harus berupa bilangan desimal, sebaiknya ditulis '
                    'sebagai teks seperti "2.5" (tertulis %(value)s).'
                )
                % {"field": key, "value": json.dumps(value, default=str, ensure_ascii=False)},
            )
            return _BAD
        if positive and number <= 0:
            self.add(
                node,
                _('kolom "%(field)s" harus lebih besar dari 0 (tertulis %(value)s).')
                % {"field": key, "value": decimal_text(number)},
            )
            return _BAD
        if not _fits_column(number):
            self.add(
                node,
                _(
                    'kolom "%(field)s" paling banyak %(places)s angka di belakang koma dan '
                    "%(digits)s angka seluruhnya (tertulis %(value)s)."
                )
                % {
                    "field": key,
                    "places": WEIGHT_DECIMAL_PLACES,
                    "digits": WEIGHT_MAX_DIGITS,
                    "value": decimal_text(number),
                },
            )
            return _BAD
        return number

    def array(self, raw: dict, key: str, node: str, *, required: bool = True) -> Any:
        if key not in raw:
            return _BAD if required else []
        value = raw[key]
        if not isinstance(value, list):
            self.add(node, _('kolom "%(field)s" harus berupa daftar.') % {"field": key})
            return _BAD
        return value

    def texts(self, raw: dict, key: str, node: str) -> Any:
        items = self.array(raw, key, node, required=False)
        if items is _BAD:
            return _BAD
        if not all(isinstance(item, str) for item in items):
            self.add(node, _('kolom "%(field)s" harus berupa daftar teks.') % {"field": key})
            return _BAD
        return tuple(items)

    # the document

    def framework(self, raw: object) -> dict | None:
        node = _("Kerangka")
        if not isinstance(raw, dict):
            self.add(_("Berkas"), _("isi berkas harus berupa objek JSON."))
            return None
        if raw.get("format") != FORMAT:
            # Another format version would make every other message misleading.
            self.add(
                node,
                _('kolom "format" harus "%(expected)s" (tertulis %(value)s).')
                % {
                    "expected": FORMAT,
                    "value": json.dumps(raw.get("format"), default=str, ensure_ascii=False),
                },
            )
            return None
        code = self.code(raw, "code", node, max_length=60)
        if code is not _BAD:
            node = _("Kerangka %(code)s") % {"code": code}
        self.fields(raw, node, _TOP_REQUIRED, _TOP_OPTIONAL)
        out: dict[str, Any] = {
            "code": code,
            "name": self.text(raw, "name", node, max_length=300),
            "status": self.status(raw, node),
            "notice": self.text(raw, "notice", node, blank=True),
            "source": self.text(raw, "source", node, blank=True),
            "sources": self.sources(raw, node),
            "notes": self.texts(raw, "notes", node),
            "weight_total": self.decimal(raw, "weight_total", node, positive=True),
        }
        if out["status"] in (STATUS_DRAFT, STATUS_COMPILED) and not (
            isinstance(out["notice"], str) and out["notice"].strip()
        ):
            self.add(
                node,
                _(
                    'kerangka berstatus draf atau "dihimpun" wajib memiliki "notice" yang '
                    "menjelaskan statusnya."
                ),
            )
        out["superseded_by"] = ""
        if "superseded_by" in raw:
            out["superseded_by"] = self.code(raw, "superseded_by", node, max_length=60)
        out["rules"] = self.rule_notes(raw, node)
        out["collaboration"] = self.texts(raw, "collaboration", node)
        out["lock_requires_complete"] = False
        if "lock_requires_complete" in raw:
            out["lock_requires_complete"] = self.boolean(raw, "lock_requires_complete", node)
        out["level_min"], out["level_max"] = self.scale_range(raw, node)
        out["level_scales"] = self.level_scales(raw, node, out["level_min"], out["level_max"])
        out["rounding"] = self.rounding(raw, node)
        out["predicates"] = self.predicates(raw, node, out["level_min"], out["level_max"])
        out["value_bands"] = self.value_bands(raw, node, out["level_min"], out["level_max"])
        out["groups"] = self.groups(raw, node, out)
        return out

    def rule_notes(self, raw: dict, node: str) -> Any:
        items = self.array(raw, "rules", node, required=False)
        if items is _BAD:
            return _BAD
        out = []
        for position, item in enumerate(items, start=1):
            label = _("Aturan penilaian ke-%(n)s") % {"n": position}
            if not self.fields(item, label, ("code", "title", "confidence"), ("text", "sources")):
                out.append(_BAD)
                continue
            confidence = item.get("confidence")
            if "confidence" in item and confidence not in _CONFIDENCES:
                self.add(
                    label,
                    _('kolom "confidence" harus salah satu dari %(known)s (tertulis %(value)s).')
                    % {
                        "known": ", ".join(_CONFIDENCES),
                        "value": json.dumps(confidence, default=str, ensure_ascii=False),
                    },
                )
                confidence = _BAD
            out.append(
                {
                    "code": self.text(item, "code", label, max_length=20),
                    "title": self.text(item, "title", label, max_length=300),
                    "text": self.text(item, "text", label, blank=True),
                    "confidence": confidence,
                    "sources": self.texts(item, "sources", label),
                }
            )
        return out

    def band(self, item: Any, label: str, *, inclusive: bool) -> Any:
        """One band: a level and its lower and upper bounds (with `inclusive`, whether each
        bound belongs to the band), lower below upper."""
        keys = ("level", "lower", "upper")
        if inclusive:
            keys = ("level", "lower", "lower_inclusive", "upper", "upper_inclusive")
        if not self.fields(item, label, keys, ()):
            return _BAD
        band = {"level": self.integer(item, "level", label)}
        for key in keys[1:]:
            read = self.boolean if key.endswith("_inclusive") else self.decimal
            band[key] = read(item, key, label)
        if _BAD not in band.values() and not band["lower"] < band["upper"]:
            self.add(label, _("batas bawah harus lebih kecil dari batas atas."))
            return _BAD
        return band

    def value_bands(self, raw: dict, node: str, low: Any, high: Any) -> Any:
        """The value band of every level (Pemdi R1), edge to edge over the whole scale."""
        items = self.array(raw, "value_bands", node, required=False)
        if items is _BAD or not items:
            return items
        bands: list[Any] = []
        for position, item in enumerate(items, start=1):
            label = _("Pita nilai ke-%(n)s") % {"n": position}
            if isinstance(item, dict) and isinstance(item.get("level"), int):
                label = _("Pita nilai tingkat %(level)s") % {"level": item["level"]}
            bands.append(self.band(item, label, inclusive=True))
        if _BAD in bands or _BAD in (low, high):
            return _BAD
        label = _("%(node)s, pita nilai") % {"node": node}
        if not self.level_set(label, [band["level"] for band in bands], low, high):
            return _BAD
        bands.sort(key=lambda band: band["level"])
        named = [{**band, "name": str(band["level"])} for band in bands]
        before = len(self.problems)
        self.band_chain(label, named, Decimal(low), Decimal(high))
        first, last = bands[0], bands[-1]
        if first["lower"] != low or last["upper"] != high:
            self.add(
                label,
                _("pita nilai harus mulai tepat di %(min)s dan berakhir tepat di %(max)s.")
                % {"min": low, "max": high},
            )
        if len(self.problems) != before:
            return _BAD
        return [ValueBand(**band) for band in bands]

    def status(self, raw: dict, node: str) -> Any:
        value = raw.get("status", _BAD)
        if value is _BAD:
            return _BAD
        if value not in STATUSES:
            self.add(
                node,
                _('kolom "status" harus "official", "draft" atau "compiled" (tertulis %(value)s).')
                % {"value": json.dumps(value, default=str, ensure_ascii=False)},
            )
            return _BAD
        return value

    def sources(self, raw: dict, node: str) -> Any:
        items = self.array(raw, "sources", node, required=False)
        if items is _BAD:
            return _BAD
        out = []
        for position, item in enumerate(items, start=1):
            label = _("Sumber ke-%(n)s") % {"n": position}
            if not self.fields(item, label, ("code", "title"), ("where", "reliability")):
                out.append(_BAD)
                continue
            out.append(
                {
                    "code": self.text(item, "code", label, max_length=60),
                    "title": self.text(item, "title", label),
                    "where": self.texts(item, "where", label),
                    "reliability": self.text(item, "reliability", label, blank=True),
                }
            )
        return out

    def scale_range(self, raw: dict, node: str) -> tuple[Any, Any]:
        label = _("%(node)s, skala") % {"node": node}
        if "scale" not in raw or not self.fields(raw["scale"], label, ("min", "max"), ()):
            return _BAD, _BAD
        low = self.integer(raw["scale"], "min", label)
        high = self.integer(raw["scale"], "max", label, minimum=1)
        if _BAD not in (low, high) and low >= high:
            self.add(
                label,
                _("min (%(min)s) harus lebih kecil dari max (%(max)s).")
                % {"min": low, "max": high},
            )
            return _BAD, _BAD
        return low, high

    def level_scales(self, raw: dict, node: str, low: Any, high: Any) -> Any:
        scales = raw.get("level_scales")
        if "level_scales" not in raw:
            return _BAD
        if not isinstance(scales, dict) or not scales:
            self.add(node, _('kolom "level_scales" harus berupa objek yang tidak kosong.'))
            return _BAD
        for key in getattr(scales, "duplicates", ()):
            self.add(node, _('skala tingkat "%(code)s" ditulis lebih dari sekali.') % {"code": key})
        out = {}
        for code, scale in scales.items():
            label = _("Skala tingkat %(code)s") % {"code": code}
            if not _SLUG.fullmatch(code) or len(code) > 40:
                self.add(
                    label,
                    _(
                        "kode skala hanya boleh berisi huruf, angka, tanda hubung dan garis bawah "
                        "(paling panjang 40 karakter)."
                    ),
                )
            if not self.fields(scale, label, ("name", "levels"), ()):
                out[code] = _BAD
                continue
            name = self.text(scale, "name", label, max_length=200)
            levels = self.array(scale, "levels", label)
            if levels is _BAD:
                out[code] = _BAD
                continue
            items = []
            for position, item in enumerate(levels, start=1):
                item_label = _("%(scale)s, tingkat ke-%(n)s") % {"scale": label, "n": position}
                if not self.fields(item, item_label, ("level", "name"), ("summary",)):
                    items.append(_BAD)
                    continue
                items.append(
                    {
                        "level": self.integer(item, "level", item_label),
                        "name": self.text(item, "name", item_label, max_length=200),
                        "summary": self.text(item, "summary", item_label, blank=True),
                    }
                )
            numbers = [item["level"] for item in items if item is not _BAD]
            if _BAD not in (low, high) and _BAD not in numbers:
                self.level_set(label, numbers, low, high)
            out[code] = {"name": name, "levels": items}
        return out

    def level_set(self, label: str, numbers: list[int], low: int, high: int) -> bool:
        """Every level from low to high exactly once; nothing else. Reports and returns ok."""
        ok = True
        for number in sorted(set(numbers)):
            if not low <= number <= high:
                self.add(
                    label,
                    _("tingkat %(level)s di luar skala %(min)s–%(max)s.")
                    % {"level": number, "min": low, "max": high},
                )
                ok = False
            elif numbers.count(number) > 1:
                self.add(
                    label,
                    _(
                        "tingkat %(level)s tertulis %(count)s kali; "
                        "setiap tingkat harus tepat sekali."
                    )
                    % {"level": number, "count": numbers.count(number)},
                )
                ok = False
        missing = [str(n) for n in range(low, high + 1) if n not in numbers]
        if missing:
            self.add(
                label,
                _("tingkat %(levels)s tidak ada; setiap tingkat %(min)s–%(max)s harus ada.")
                % {"levels": ", ".join(missing), "min": low, "max": high},
            )
            ok = False
        return ok

    def rounding(self, raw: dict, node: str) -> Any:
        label = _("%(node)s, pembulatan") % {"node": node}
        if "rounding" not in raw or not self.fields(
            raw["rounding"], label, ("decimals", "mode"), ()
        ):
            return _BAD
        rounding = raw["rounding"]
        decimals = self.integer(rounding, "decimals", label, maximum=WEIGHT_DECIMAL_PLACES)
        mode = rounding.get("mode", _BAD)
        if mode is not _BAD and mode not in ROUNDING_MODES:
            self.add(
                label,
                _('kolom "mode" harus salah satu dari %(modes)s.')
                % {"modes": ", ".join(f'"{m}"' for m in ROUNDING_MODES)},
            )
            mode = _BAD
        if _BAD in (decimals, mode):
            return _BAD
        return Rounding(decimals=decimals, mode=mode)

    def predicates(self, raw: dict, node: str, low: Any, high: Any) -> Any:
        items = self.array(raw, "predicates", node)
        if items is _BAD:
            return _BAD
        if not items:
            self.add(node, _('kolom "predicates" tidak boleh kosong.'))
            return _BAD
        bands: list[Any] = []
        for position, item in enumerate(items, start=1):
            label = _("Predikat ke-%(n)s") % {"n": position}
            if isinstance(item, dict) and isinstance(item.get("name"), str):
                label = _("Predikat %(name)s") % {"name": item["name"]}
            keys = ("name", "lower", "lower_inclusive", "upper", "upper_inclusive")
            if not self.fields(item, label, keys, ()):
                bands.append(_BAD)
                continue
            band = {
                "name": self.text(item, "name", label, max_length=60),
                "lower": self.decimal(item, "lower", label, nullable=True),
                "lower_inclusive": self.boolean(item, "lower_inclusive", label),
                "upper": self.decimal(item, "upper", label, nullable=True),
                "upper_inclusive": self.boolean(item, "upper_inclusive", label),
            }
            if _BAD in band.values():
                bands.append(_BAD)
                continue
            for side in ("lower", "upper"):
                if band[side] is None and band[f"{side}_inclusive"]:
                    self.add(
                        label,
                        _(
                            "batas %(side)s tak terhingga (null) tidak bisa inklusif; "
                            "tulis %(side)s_inclusive: false."
                        )
                        % {"side": side},
                    )
                    band = _BAD
                    break
            if band is not _BAD and not _non_empty(band):
                self.add(
                    label, _("rentang predikat kosong: batas bawah harus di bawah batas atas.")
                )
                band = _BAD
            bands.append(band)
        names = [band["name"] for band in bands if band is not _BAD]
        for name in sorted({n for n in names if names.count(n) > 1}):
            self.add(
                _("Predikat %(name)s") % {"name": name},
                _("nama predikat ditulis lebih dari sekali."),
            )
        if _BAD in bands or _BAD in (low, high):
            return _BAD
        self.band_chain(node, bands, Decimal(low), Decimal(high))
        return [Band(**band) for band in bands]

    def band_chain(self, node: str, bands: list[dict], low: Decimal, high: Decimal) -> None:
        """Bands go upwards, meet edge to edge (one side owns the edge), and cover [low, high]."""
        starts = [
            Decimal("-Infinity") if band["lower"] is None else band["lower"] for band in bands
        ]
        if starts != sorted(starts) or len(set(starts)) != len(starts):
            # Out of order, every edge check below would only repeat this one mistake.
            self.add(
                node,
                _(
                    "predikat harus diurutkan dari nilai terendah ke tertinggi "
                    "(urutan sekarang: %(names)s)."
                )
                % {"names": ", ".join(band["name"] for band in bands)},
            )
            return
        for below, above in zip(bands, bands[1:], strict=False):
            label = _("Predikat %(below)s dan %(above)s") % {
                "below": below["name"],
                "above": above["name"],
            }
            edge, start = below["upper"], above["lower"]
            if edge is None or start is None:
                self.add(
                    label,
                    _(
                        "hanya predikat pertama yang boleh tanpa batas bawah dan hanya predikat "
                        "terakhir yang boleh tanpa batas atas."
                    ),
                )
            elif edge < start:
                self.add(
                    label,
                    _(
                        "ada celah: nilai antara %(upper)s dan %(lower)s "
                        "tidak masuk predikat mana pun."
                    )
                    % {"upper": decimal_text(edge), "lower": decimal_text(start)},
                )
            elif edge > start:
                self.add(
                    label,
                    _("rentang tumpang tindih antara %(lower)s dan %(upper)s.")
                    % {"lower": decimal_text(start), "upper": decimal_text(edge)},
                )
            elif below["upper_inclusive"] and above["lower_inclusive"]:
                self.add(
                    label,
                    _("nilai %(edge)s masuk ke kedua predikat; tepat satu sisi harus inklusif.")
                    % {"edge": decimal_text(edge)},
                )
            elif not below["upper_inclusive"] and not above["lower_inclusive"]:
                self.add(
                    label,
                    _(
                        "nilai %(edge)s tidak masuk predikat mana pun; "
                        "tepat satu sisi harus inklusif."
                    )
                    % {"edge": decimal_text(edge)},
                )
        first, last = bands[0], bands[-1]
        if first["lower"] is not None and (
            first["lower"] > low or (first["lower"] == low and not first["lower_inclusive"])
        ):
            self.add(
                _("Predikat %(name)s") % {"name": first["name"]},
                _("predikat tidak mencakup nilai terendah skala (%(min)s).")
                % {"min": decimal_text(low)},
            )
        if last["upper"] is not None and (
            last["upper"] < high or (last["upper"] == high and not last["upper_inclusive"])
        ):
            self.add(
                _("Predikat %(name)s") % {"name": last["name"]},
                _("predikat tidak mencakup nilai tertinggi skala (%(max)s).")
                % {"max": decimal_text(high)},
            )

    def groups(self, raw: dict, node: str, top: dict) -> Any:
        items = self.array(raw, "groups", node)
        if items is _BAD:
            return _BAD
        if not items:
            self.add(node, _('kolom "groups" tidak boleh kosong.'))
            return _BAD
        tree = _Tree(top)
        groups = [self.group(item, tree, position) for position, item in enumerate(items, 1)]
        weights = [_weight(group) for group in groups]
        if _BAD not in weights and top["weight_total"] is not _BAD:
            total = sum(weights, Decimal(0))
            if total != top["weight_total"]:
                self.add(
                    node,
                    _(
                        "jumlah bobot kelompok teratas (%(sum)s) tidak sama dengan weight_total "
                        "(%(total)s)."
                    )
                    % {"sum": decimal_text(total), "total": decimal_text(top["weight_total"])},
                )
        self.unique(tree)
        return groups

    def group(self, raw: object, tree: _Tree, position: int) -> Any:
        label = _("Kelompok ke-%(n)s") % {"n": position}
        if isinstance(raw, dict) and isinstance(raw.get("code"), str):
            label = _("Kelompok %(code)s") % {"code": raw["code"]}
            if isinstance(raw.get("name"), str):
                label = _("Kelompok %(code)s (%(name)s)") % {
                    "code": raw["code"],
                    "name": raw["name"],
                }
        if not self.fields(raw, label, _GROUP_REQUIRED, _GROUP_OPTIONAL):
            return _BAD
        assert isinstance(raw, dict)
        out = {
            "code": self.text(raw, "code", label, max_length=40),
            "name": self.text(raw, "name", label, max_length=300),
            "kind": self.text(raw, "kind", label, max_length=40),
            "weight": self.decimal(raw, "weight", label, positive=True),
        }
        if out["code"] is not _BAD:
            tree.group_codes.append((out["code"], label, label))
        subgroups = self.array(raw, "groups", label, required=False)
        indicators = self.array(raw, "indicators", label, required=False)
        if subgroups is _BAD or indicators is _BAD:
            return _BAD
        if not subgroups and not indicators:
            self.add(label, _("kelompok harus berisi subkelompok atau indikator."))
            return _BAD
        out["groups"] = [self.group(item, tree, n) for n, item in enumerate(subgroups, 1)]
        out["indicators"] = [self.indicator(item, tree, n) for n, item in enumerate(indicators, 1)]
        weights = [_weight(child) for child in out["groups"] + out["indicators"]]
        if _BAD not in weights and out["weight"] is not _BAD:
            total = sum(weights, Decimal(0))
            if total != out["weight"]:
                self.add(
                    label,
                    _(
                        "jumlah bobot isi kelompok (%(sum)s) tidak sama dengan bobot kelompok "
                        "(%(weight)s)."
                    )
                    % {"sum": decimal_text(total), "weight": decimal_text(out["weight"])},
                )
        return out

    def indicator(self, raw: object, tree: _Tree, position: int) -> Any:
        label = _("Indikator ke-%(n)s") % {"n": position}
        if isinstance(raw, dict) and isinstance(raw.get("code"), str):
            label = _("Indikator %(code)s") % {"code": raw["code"]}
        if not self.fields(raw, label, _INDICATOR_REQUIRED, _INDICATOR_OPTIONAL):
            return _BAD
        assert isinstance(raw, dict)
        out = {
            "number": self.integer(raw, "number", label, minimum=1, maximum=_NUMBER_MAX),
            "code": self.text(raw, "code", label, max_length=40),
            "name": self.text(raw, "name", label, max_length=400),
            "question": self.text(raw, "question", label, blank=True),
            "weight": self.decimal(raw, "weight", label, positive=True),
            "scale": self.text(raw, "scale", label, max_length=40),
            "description": self.text(raw, "description", label, blank=True),
            "assessment_rule": self.text(raw, "assessment_rule", label, blank=True),
            "example_evidence": self.text(raw, "example_evidence", label, blank=True),
            "typical_owner_units": self.text(raw, "typical_owner_units", label, blank=True),
            "notes": self.texts(raw, "notes", label),
        }
        if out["code"] is not _BAD:
            if _DIGITS.fullmatch(out["code"]):
                # Scores name indicators by number or by code; a numeric code would be ambiguous.
                self.add(label, _("kode indikator tidak boleh hanya berupa angka."))
            # Two indicators sharing a code are told apart by their numbers.
            described, repeat = label, label
            if out["number"] is not _BAD:
                described = _("indikator nomor %(number)s") % {"number": out["number"]}
                repeat = _("%(node)s (nomor %(number)s)") % {"node": label, "number": out["number"]}
            tree.indicator_codes.append((out["code"], repeat, described))
        # A number written as "2" or 2.0 is refused above, and still counts for duplicates.
        number = out["number"] if out["number"] is not _BAD else _integral(raw.get("number"))
        if number is not None:
            tree.indicator_numbers.append((number, label, label))
        scale = self.indicator_scale(out["scale"], label, tree)
        out["levels"] = self.indicator_levels(raw, label, scale, tree)
        out["evidence_rules"] = self.evidence_rules(raw, label, tree)
        out["value_rule"] = self.value_rule(raw, label, out["levels"], tree)
        out["external"] = None
        if out["value_rule"] == RULE_EXTERNAL:
            out["external"] = self.external(raw, label, tree)
        elif "external" in raw:
            self.add(
                label, _('kolom "external" hanya untuk indikator dengan value_rule "external".')
            )
            out["external"] = _BAD
        return out

    def value_rule(self, raw: dict, label: str, levels: Any, tree: _Tree) -> Any:
        rule = raw.get("value_rule", RULE_LEVEL)
        if rule not in VALUE_RULES:
            self.add(
                label,
                _('kolom "value_rule" harus salah satu dari %(known)s (tertulis %(value)s).')
                % {
                    "known": ", ".join(f'"{known}"' for known in VALUE_RULES),
                    "value": json.dumps(rule, default=str, ensure_ascii=False),
                },
            )
            return _BAD
        if rule != RULE_LEVEL:
            tree.value_rules.append(label)
        if rule == RULE_ITEMS and levels is not _BAD:
            for level in levels:
                if not level["items"]:
                    self.add(
                        _("%(node)s, tingkat %(level)s") % {"node": label, "level": level["level"]},
                        _('indikator bernilai "items" wajib memiliki butir di setiap tingkat.'),
                    )
        return rule

    def external(self, raw: dict, label: str, tree: _Tree) -> Any:
        node = _("%(node)s, indeks eksternal") % {"node": label}
        if "external" not in raw:
            self.add(label, _('indikator bernilai "external" wajib memiliki kolom "external".'))
            return _BAD
        item = raw["external"]
        if not self.fields(item, node, _EXTERNAL_REQUIRED, _EXTERNAL_OPTIONAL):
            return _BAD
        out = {
            "code": self.code(item, "code", node, max_length=40),
            "name": self.text(item, "name", node, max_length=300),
            "issuer": self.text(item, "issuer", node, blank=True),
            "source": self.text(item, "source", node, blank=True),
            "note": self.text(item, "note", node, blank=True),
        }
        low, high = _BAD, _BAD
        scale_label = _("%(node)s, skala") % {"node": node}
        if self.fields(item.get("scale"), scale_label, ("min", "max"), ()):
            low = self.decimal(item["scale"], "min", scale_label)
            high = self.decimal(item["scale"], "max", scale_label)
            if _BAD not in (low, high) and not low < high:
                self.add(scale_label, _("min harus lebih kecil dari max."))
                low = high = _BAD
        out["minimum"], out["maximum"] = low, high
        top_low, top_high = tree.top["level_min"], tree.top["level_max"]
        missing = Decimal(top_low) if top_low is not _BAD else _BAD
        if "missing_value" in item:
            missing = self.decimal(item, "missing_value", node)
            if _BAD not in (missing, top_low, top_high) and not top_low <= missing <= top_high:
                self.add(
                    node,
                    _('kolom "missing_value" harus di antara %(min)s dan %(max)s.')
                    % {"min": top_low, "max": top_high},
                )
                missing = _BAD
        out["missing_value"] = missing
        out["bands"] = self.external_bands(item, node, low, high, tree)
        return out

    def external_bands(self, item: dict, node: str, low: Any, high: Any, tree: _Tree) -> Any:
        bands = self.array(item, "bands", node)
        if bands is _BAD:
            return _BAD
        out: list[Any] = []
        for position, band in enumerate(bands, start=1):
            label = _("%(node)s, pita ke-%(n)s") % {"node": node, "n": position}
            out.append(self.band(band, label, inclusive=False))
        top_low, top_high = tree.top["level_min"], tree.top["level_max"]
        if _BAD in out or _BAD in (low, high, top_low, top_high):
            return _BAD
        if not self.level_set(
            _("%(node)s, pita") % {"node": node}, [b["level"] for b in out], top_low, top_high
        ):
            return _BAD
        out.sort(key=lambda band: band["level"])
        edges_ok = out[0]["lower"] == low and out[-1]["upper"] == high
        edges_ok = edges_ok and all(
            below["upper"] == above["lower"] for below, above in zip(out, out[1:], strict=False)
        )
        if not edges_ok:
            self.add(
                node,
                _(
                    "pita skala asli harus bersambung tanpa celah dari %(min)s sampai %(max)s, "
                    "urut menurut tingkat."
                )
                % {"min": decimal_text(low), "max": decimal_text(high)},
            )
            return _BAD
        return [ExternalBand(**band) for band in out]

    def evidence_rules(self, raw: dict, label: str, tree: _Tree) -> Any:
        items = self.array(raw, "evidence_rules", label, required=False)
        if items is _BAD:
            return _BAD
        out: list[Any] = []
        kinds: list[str] = []
        for position, item in enumerate(items, start=1):
            item_label = _("%(node)s, aturan data dukung ke-%(n)s") % {"node": label, "n": position}
            rule = self.evidence_rule(item, item_label, tree)
            if rule is not _BAD and rule["kind"] in kinds:
                self.add(
                    f"{item_label} ({rule['kind']})",
                    _('aturan "%(kind)s" sudah ada pada indikator ini; tulis satu saja.')
                    % {"kind": rule["kind"]},
                )
                rule = _BAD
            if rule is not _BAD:
                kinds.append(rule["kind"])
            out.append(rule)
        return out

    def evidence_rule(self, item: object, label: str, tree: _Tree) -> Any:
        if not isinstance(item, dict):
            self.add(label, _("harus berupa objek JSON."))
            return _BAD
        kind = item.get("kind")
        if "kind" not in item:
            self.add(label, _('kolom "kind" wajib diisi.'))
            return _BAD
        if not isinstance(kind, str) or kind not in _RULE_KEYS:
            self.add(
                label,
                _("jenis aturan %(kind)s tidak dikenal (yang ada: %(known)s).")
                % {
                    "kind": json.dumps(kind, default=str, ensure_ascii=False),
                    "known": ", ".join(_RULE_KEYS),
                },
            )
            return _BAD
        label = f"{label} ({kind})"
        required, optional = _RULE_KEYS[kind]
        self.fields(item, label, ("kind", *required), optional)
        rule: dict[str, Any] = {"kind": kind}
        for key in (*required, *optional):
            if key not in item:
                continue
            if key in _RULE_LEVEL_KEYS:
                rule[key] = self.rule_level(item, key, label, tree)
            else:
                rule[key] = self.integer(item, key, label, minimum=1, maximum=_RULE_MONTHS_MAX)
        if _BAD in rule.values() or any(key not in item for key in required):
            return _BAD
        return rule

    def rule_level(self, item: dict, key: str, label: str, tree: _Tree) -> Any:
        low, high = tree.top["level_min"], tree.top["level_max"]
        if _BAD in (low, high):
            return self.integer(item, key, label)
        return self.integer(item, key, label, minimum=low, maximum=high)

    def indicator_scale(self, code: Any, label: str, tree: _Tree) -> Any:
        scales = tree.top["level_scales"]
        if code is _BAD or scales is _BAD:
            return _BAD
        if code not in scales:
            self.add(
                label,
                _('skala "%(scale)s" tidak dikenal (yang ada: %(known)s).')
                % {"scale": code, "known": ", ".join(sorted(scales))},
            )
            return _BAD
        return scales[code]

    def indicator_levels(self, raw: dict, label: str, scale: Any, tree: _Tree) -> Any:
        items = self.array(raw, "levels", label)
        if items is _BAD:
            return _BAD
        out = []
        for position, item in enumerate(items, start=1):
            item_label = _("%(node)s, tingkat ke-%(n)s") % {"node": label, "n": position}
            if isinstance(item, dict) and isinstance(item.get("level"), int):
                item_label = _("%(node)s, tingkat %(level)s") % {
                    "node": label,
                    "level": item["level"],
                }
            if not self.fields(item, item_label, ("level",), ("name", "items", *_LEVEL_TEXTS)):
                out.append(_BAD)
                continue
            level = {"level": self.integer(item, "level", item_label)}
            level["name"] = self.text(item, "name", item_label, max_length=200, blank=True)
            for key in _LEVEL_TEXTS:
                level[key] = self.text(item, key, item_label, blank=True)
            level["items"] = self.items(item, item_label, tree)
            if level["items"] is _BAD:
                level = _BAD
            out.append(level)
        numbers = [level["level"] for level in out if level is not _BAD]
        low, high = tree.top["level_min"], tree.top["level_max"]
        if _BAD not in (low, high) and _BAD not in numbers:
            self.level_set(label, numbers, low, high)
        if _BAD in out or _BAD in numbers:
            return _BAD
        if scale is not _BAD:
            # The name comes from the scale; a different name in the file would contradict it.
            names = {item["level"]: item["name"] for item in scale["levels"] if item is not _BAD}
            for level in out:
                expected = names.get(level["level"], _BAD)
                if expected is _BAD or level["name"] is _BAD:
                    continue
                if level["name"] and level["name"] != expected:
                    self.add(
                        _("%(node)s, tingkat %(level)s") % {"node": label, "level": level["level"]},
                        _('nama tingkat "%(name)s" berbeda dengan skala ("%(expected)s").')
                        % {"name": level["name"], "expected": expected},
                    )
                level["name"] = expected
        return sorted(out, key=lambda level: level["level"])

    def items(self, raw: dict, label: str, tree: _Tree) -> Any:
        entries = self.array(raw, "items", label, required=False)
        if entries is _BAD:
            return _BAD
        out: list[Any] = []
        for position, entry in enumerate(entries, start=1):
            item_label = _("%(node)s, butir ke-%(n)s") % {"node": label, "n": position}
            if isinstance(entry, dict) and isinstance(entry.get("code"), str):
                item_label = _("Butir %(code)s") % {"code": entry["code"]}
            if not self.fields(entry, item_label, _ITEM_KEYS, _ITEM_OPTIONAL):
                out.append(_BAD)
                continue
            item = {
                "code": self.text(entry, "code", item_label, max_length=40),
                "text": self.text(entry, "text", item_label, blank=True),
                "evidence_kind": self.text(entry, "evidence_kind", item_label, blank=True),
                "portal_code": self.text(entry, "portal_code", item_label, blank=True),
                "note": self.text(entry, "note", item_label, blank=True),
            }
            if item["code"] is not _BAD:
                if not _ITEM_CODE.fullmatch(item["code"]):
                    self.add(
                        item_label,
                        _("kode butir hanya boleh berisi huruf, angka, titik, - dan _."),
                    )
                    item["code"] = _BAD
                else:
                    tree.item_codes.append((item["code"], item_label, item_label))
            if isinstance(item["text"], str) and not item["text"].strip() and not item["note"]:
                self.add(item_label, _('butir tanpa teks wajib menjelaskan sebabnya di "note".'))
                item["text"] = _BAD
            out.append(_BAD if _BAD in item.values() else item)
        return _BAD if _BAD in out else out

    def unique(self, tree: _Tree) -> None:
        collaboration = tree.top.get("collaboration", ())
        if collaboration is not _BAD:
            known = {code for code, _label, _described in tree.indicator_codes}
            known |= {code for code, _label, _described in tree.item_codes}
            for code in collaboration:
                if code not in known:
                    self.add(
                        _("Kerangka, kolaborasi"),
                        _("kode %(code)s bukan indikator atau butir kerangka ini.")
                        % {"code": code},
                    )
        # An empty list means absent; _BAD (a truthy object) is already reported.
        if tree.value_rules and not tree.top["value_bands"]:
            self.add(
                tree.value_rules[0],
                _(
                    'indikator bernilai "items" atau "external" memerlukan "value_bands" '
                    "(pita nilai tiap tingkat) di tingkat atas kerangka."
                ),
            )
        for entries, message in (
            (tree.item_codes, _("kode butir %(value)s juga dipakai oleh %(other)s.")),
            (tree.group_codes, _("kode kelompok %(value)s juga dipakai oleh %(other)s.")),
            (tree.indicator_codes, _("kode indikator %(value)s juga dipakai oleh %(other)s.")),
            (tree.indicator_numbers, _("nomor indikator %(value)s juga dipakai oleh %(other)s.")),
        ):
            first: dict[Any, str] = {}
            for value, label, described in entries:
                if value in first:
                    self.add(label, message % {"value": value, "other": first[value]})
                else:
                    first[value] = described


class _Tree:
    """What the group walk gathers across the whole tree for the uniqueness rules."""

    def __init__(self, top: dict) -> None:
        self.top = top
        # (value, node label for a repeat, how a repeat refers back to the first holder)
        self.group_codes: list[tuple[str, str, str]] = []
        self.indicator_codes: list[tuple[str, str, str]] = []
        self.indicator_numbers: list[tuple[int, str, str]] = []
        self.item_codes: list[tuple[str, str, str]] = []
        # Labels of indicators valued by items or an external index: they need value bands.
        self.value_rules: list[str] = []


def _weight(child: Any) -> Any:
    return _BAD if child is _BAD else child["weight"]


def _fits_column(value: Decimal) -> bool:
    exponent = value.normalize().as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    whole_digits = WEIGHT_MAX_DIGITS - WEIGHT_DECIMAL_PLACES
    return places <= WEIGHT_DECIMAL_PLACES and abs(value) < Decimal(10) ** whole_digits


def _non_empty(band: dict) -> bool:
    lower, upper = band["lower"], band["upper"]
    if lower is None or upper is None:
        return True
    return lower < upper or (lower == upper and band["lower_inclusive"] and band["upper_inclusive"])


# --- building ---------------------------------------------------------------------------


def _build(cleaned: dict) -> FrameworkSpec:
    def indicator(item: dict) -> IndicatorSpec:
        return IndicatorSpec(
            number=item["number"],
            code=item["code"],
            name=item["name"],
            question=item["question"],
            weight=item["weight"],
            scale=item["scale"],
            description=item["description"],
            assessment_rule=item["assessment_rule"],
            example_evidence=item["example_evidence"],
            typical_owner_units=item["typical_owner_units"],
            notes=item["notes"],
            levels=tuple(
                LevelText(
                    level=level["level"],
                    name=level["name"],
                    criteria=level["criteria"],
                    fulfilment=level["fulfilment"],
                    evidence=level["evidence"],
                    conditions=level["conditions"],
                    items=tuple(ItemSpec(**entry) for entry in level["items"]),
                )
                for level in item["levels"]
            ),
            evidence_rules=tuple(EvidenceRule(**rule) for rule in item["evidence_rules"]),
            value_rule=item["value_rule"],
            external=external(item["external"]),
        )

    def external(item: dict | None) -> ExternalIndex | None:
        if item is None:
            return None
        return ExternalIndex(**{**item, "bands": tuple(item["bands"])})

    def group(item: dict) -> GroupSpec:
        return GroupSpec(
            code=item["code"],
            name=item["name"],
            kind=item["kind"],
            weight=item["weight"],
            groups=tuple(group(child) for child in item["groups"]),
            indicators=tuple(indicator(child) for child in item["indicators"]),
        )

    return FrameworkSpec(
        code=cleaned["code"],
        name=cleaned["name"],
        status=cleaned["status"],
        notice=cleaned["notice"],
        source=cleaned["source"],
        sources=tuple(
            Source(
                code=source["code"],
                title=source["title"],
                where=source["where"],
                reliability=source["reliability"],
            )
            for source in cleaned["sources"]
        ),
        level_min=cleaned["level_min"],
        level_max=cleaned["level_max"],
        level_scales=tuple(
            LevelScale(
                code=code,
                name=scale["name"],
                levels=tuple(
                    ScaleLevel(level=item["level"], name=item["name"], summary=item["summary"])
                    for item in sorted(scale["levels"], key=lambda item: item["level"])
                ),
            )
            for code, scale in cleaned["level_scales"].items()
        ),
        rounding=cleaned["rounding"],
        weight_total=cleaned["weight_total"],
        predicates=tuple(cleaned["predicates"]),
        groups=tuple(group(item) for item in cleaned["groups"]),
        notes=cleaned["notes"],
        value_bands=tuple(cleaned["value_bands"]),
        rules=tuple(
            RuleNote(**{**rule, "sources": tuple(rule["sources"])}) for rule in cleaned["rules"]
        ),
        superseded_by=cleaned["superseded_by"],
        collaboration=tuple(cleaned["collaboration"]),
        lock_requires_complete=cleaned["lock_requires_complete"],
    )
