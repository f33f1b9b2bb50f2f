"""Mapping files: which indicators of one framework version correspond to which of another.

A mapping file (format "simpul-mapping/1", docs/framework-format.md, "Pemetaan antarversi")
pairs indicators of a source version (e.g. spbe-2020) with indicators of a target version
(pemdi-2026), each pair marked primary or secondary and with its basis: named by a source
("sourced"), named only at aspect or domain level ("sourced_aspect_level"), or the
compiler's proposal ("proposed"). `parse_mapping_document` checks every rule against both
framework specs and reports all problems at once, naming the pair; a clean document becomes
an immutable `MappingSpec`. Carry-over pages read it to suggest, never to link silently.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from simpul.frameworks.checking import _BAD, Checker, loads_json
from simpul.frameworks.spec import (
    DATA_DIR,
    STATUS_COMPILED,
    STATUS_DRAFT,
    STATUSES,
    FrameworkFileError,
    FrameworkSpec,
    Problem,
)

MAPPING_FORMAT = "simpul-mapping/1"
MAPPINGS_DIR = DATA_DIR / "mappings"
SHIPPED_MAPPING = MAPPINGS_DIR / "spbe-2020-ke-pemdi-2026.json"
ROLE_PRIMARY = "primary"
ROLE_SECONDARY = "secondary"
ROLES = (ROLE_PRIMARY, ROLE_SECONDARY)
BASIS_SOURCED = "sourced"
BASIS_ASPECT = "sourced_aspect_level"
BASIS_PROPOSED = "proposed"
BASES = (BASIS_SOURCED, BASIS_ASPECT, BASIS_PROPOSED)

_TOP_REQUIRED = ("format", "code", "name", "from", "to", "status", "pairs")
_TOP_OPTIONAL = ("notice", "source", "notes")
_PAIR_REQUIRED = ("from", "to", "role", "basis")
_PAIR_OPTIONAL = ("sources", "rationale")


@dataclass(frozen=True)
class PairSpec:
    source: str  # indicator code in the source version
    target: str  # indicator code in the target version
    role: str
    basis: str
    sources: tuple[str, ...] = ()
    rationale: str = ""


@dataclass(frozen=True)
class MappingSpec:
    code: str
    name: str
    source: str  # framework code
    target: str  # framework code
    status: str
    notice: str
    source_text: str
    notes: tuple[str, ...]
    pairs: tuple[PairSpec, ...]

    def targets_of(self, indicator: str) -> tuple[PairSpec, ...]:
        """The pairs of one source indicator, primary first."""
        pairs = [pair for pair in self.pairs if pair.source == indicator]
        return tuple(sorted(pairs, key=lambda pair: ROLES.index(pair.role)))

    def sources_of(self, indicator: str) -> tuple[PairSpec, ...]:
        """The pairs leading into one target indicator, primary first."""
        pairs = [pair for pair in self.pairs if pair.target == indicator]
        return tuple(sorted(pairs, key=lambda pair: ROLES.index(pair.role)))


def parse_mapping_document(
    document: object, frameworks: Callable[[str], FrameworkSpec | None]
) -> MappingSpec:
    """Check a decoded mapping document against both framework versions it names.

    `frameworks` finds a framework spec by code (None when it is not loaded). Raises
    FrameworkFileError listing every problem.
    """
    checker = Checker()
    node = _("Pemetaan")
    if not isinstance(document, dict):
        raise FrameworkFileError([Problem(_("Berkas"), _("isi berkas harus berupa objek JSON."))])
    if document.get("format") != MAPPING_FORMAT:
        message = _('kolom "format" harus "%(expected)s" (tertulis %(value)s).') % {
            "expected": MAPPING_FORMAT,
            "value": json.dumps(document.get("format"), default=str, ensure_ascii=False),
        }
        raise FrameworkFileError([Problem(node, message)])
    code = checker.code(document, "code", node, max_length=60)
    if code is not _BAD:
        node = _("Pemetaan %(code)s") % {"code": code}
    checker.fields(document, node, _TOP_REQUIRED, _TOP_OPTIONAL)
    status = document.get("status")
    if "status" in document and status not in STATUSES:
        checker.add(
            node,
            _('kolom "status" harus "official", "draft" atau "compiled" (tertulis %(value)s).')
            % {"value": json.dumps(status, default=str, ensure_ascii=False)},
        )
    notice = checker.text(document, "notice", node, blank=True)
    if status in (STATUS_DRAFT, STATUS_COMPILED) and not (
        isinstance(notice, str) and notice.strip()
    ):
        checker.add(
            node,
            _(
                'pemetaan berstatus draf atau "dihimpun" wajib memiliki "notice" yang '
                "menjelaskan statusnya."
            ),
        )
    specs = {}
    for side in ("from", "to"):
        framework = checker.code(document, side, node, max_length=60)
        if framework is _BAD:
            continue
        spec = frameworks(framework)
        if spec is None:
            checker.add(
                node,
                _('kerangka %(code)s (kolom "%(side)s") belum dimuat.')
                % {"code": framework, "side": side},
            )
            continue
        specs[side] = spec
    pairs = _pairs(checker, document, node, specs)
    out = {
        "code": code,
        "name": checker.text(document, "name", node, max_length=300),
        "source_text": checker.text(document, "source", node, blank=True),
        "notes": checker.texts(document, "notes", node),
    }
    if checker.problems or _BAD in out.values() or pairs is _BAD:
        raise FrameworkFileError(checker.problems)
    return MappingSpec(
        code=out["code"],
        name=out["name"],
        source=specs["from"].code,
        target=specs["to"].code,
        status=status,
        notice=notice,
        source_text=out["source_text"],
        notes=out["notes"],
        pairs=tuple(pairs),
    )


def _pairs(checker: Checker, document: dict, node: str, specs: dict) -> Any:
    items = checker.array(document, "pairs", node)
    if items is _BAD:
        return _BAD
    if not items:
        checker.add(node, _('kolom "pairs" tidak boleh kosong.'))
        return _BAD
    codes = {
        side: {indicator.code for indicator, _group in spec.indicators()}
        for side, spec in specs.items()
    }
    out: list[Any] = []
    seen: dict[tuple[str, str], str] = {}
    primaries: dict[str, str] = {}
    for position, raw in enumerate(items, start=1):
        label = _("Pasangan ke-%(n)s") % {"n": position}
        if (
            isinstance(raw, dict)
            and isinstance(raw.get("from"), str)
            and isinstance(raw.get("to"), str)
        ):
            label = _("Pasangan %(from)s → %(to)s") % {"from": raw["from"], "to": raw["to"]}
        if not checker.fields(raw, label, _PAIR_REQUIRED, _PAIR_OPTIONAL):
            out.append(_BAD)
            continue
        pair = {
            "source": checker.text(raw, "from", label, max_length=40),
            "target": checker.text(raw, "to", label, max_length=40),
            "role": raw.get("role", _BAD),
            "basis": raw.get("basis", _BAD),
            "sources": checker.texts(raw, "sources", label),
            "rationale": checker.text(raw, "rationale", label, blank=True),
        }
        for key, side in (("source", "from"), ("target", "to")):
            if pair[key] is not _BAD and side in codes and pair[key] not in codes[side]:
                checker.add(
                    label,
                    _("indikator %(code)s tidak ada dalam kerangka %(framework)s.")
                    % {"code": pair[key], "framework": specs[side].code},
                )
                pair[key] = _BAD
        for key, allowed in (("role", ROLES), ("basis", BASES)):
            if pair[key] is not _BAD and pair[key] not in allowed:
                checker.add(
                    label,
                    _('kolom "%(field)s" harus salah satu dari %(known)s (tertulis %(value)s).')
                    % {
                        "field": key,
                        "known": ", ".join(allowed),
                        "value": json.dumps(pair[key], default=str, ensure_ascii=False),
                    },
                )
                pair[key] = _BAD
        if _BAD in pair.values():
            out.append(_BAD)
            continue
        key = (pair["source"], pair["target"])
        if key in seen:
            checker.add(
                label, _("pasangan ini sudah ditulis sebagai %(first)s.") % {"first": seen[key]}
            )
            out.append(_BAD)
            continue
        seen[key] = label
        if pair["role"] == ROLE_PRIMARY:
            if pair["source"] in primaries:
                checker.add(
                    label,
                    _("indikator %(code)s sudah punya pasangan utama (%(first)s).")
                    % {"code": pair["source"], "first": primaries[pair["source"]]},
                )
                out.append(_BAD)
                continue
            primaries[pair["source"]] = label
        out.append(PairSpec(**{**pair, "sources": tuple(pair["sources"])}))
    return _BAD if _BAD in out else out


def canonical_mapping(spec: MappingSpec) -> dict[str, Any]:
    return {
        "format": MAPPING_FORMAT,
        "code": spec.code,
        "name": spec.name,
        "from": spec.source,
        "to": spec.target,
        "status": spec.status,
        "notice": spec.notice,
        "source": spec.source_text,
        "notes": list(spec.notes),
        "pairs": [
            {
                "from": pair.source,
                "to": pair.target,
                "role": pair.role,
                "basis": pair.basis,
                "sources": list(pair.sources),
                "rationale": pair.rationale,
            }
            for pair in spec.pairs
        ],
    }


def mapping_sha256(spec: MappingSpec) -> str:
    dump = json.dumps(
        canonical_mapping(spec), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(dump.encode("utf-8")).hexdigest()


def load_mapping_file(path: Path, frameworks: Callable[[str], FrameworkSpec | None]) -> MappingSpec:
    """Read, decode and check a mapping file; every failure is a FrameworkFileError."""
    try:
        document = loads_json(path.read_bytes())
    except OSError as exc:
        message = _("berkas %(path)s tidak dapat dibaca: %(error)s.") % {
            "path": path,
            "error": exc.strerror or exc,
        }
        raise FrameworkFileError([Problem(_("Berkas"), message)]) from exc
    except (ValueError, UnicodeDecodeError) as exc:
        message = _("bukan JSON yang sah: %(error)s.") % {"error": exc}
        raise FrameworkFileError([Problem(_("Berkas"), message)]) from exc
    return parse_mapping_document(document, frameworks)


def shipped_mapping_files() -> list[Path]:
    return sorted(MAPPINGS_DIR.glob("*.json"))
