"""Reading a national-results CSV: every bad row is reported with its line number."""

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

from django.utils.translation import gettext as _

from simpul.agencies.models import AgencyCategory
from simpul.frameworks.checking import load_framework_file
from simpul.frameworks.scoring import IndexEngine
from simpul.frameworks.spec import DATA_DIR as FRAMEWORKS_DATA_DIR
from simpul.frameworks.spec import parse_decimal

from .matching import normalise
from .models import SCALE_MAX, SCALE_MIN

COLUMNS = [
    "year",
    "category",
    "province",
    "instansi",
    "d1_kebijakan",
    "d2_tata_kelola",
    "d3_manajemen",
    "d4_layanan",
    "indeks",
    "predikat",
    "source_table",
]
NUMBERS = {"d1_kebijakan": "d1", "d2_tata_kelola": "d2", "d3_manajemen": "d3", "d4_layanan": "d4"}
# The published national results are Indeks SPBE 2020 figures: its domains (in order, one per
# d* column), weights and predicate bands are read from the framework file.
FRAMEWORK_FILE = FRAMEWORKS_DATA_DIR / "spbe-2020.json"
# The source prints every figure with two decimals.
DECIMALS = Decimal("0.01")
HALF_UNIT = DECIMALS / 2
DATA_DIR = Path(__file__).resolve().parent / "data"
SHIPPED = [DATA_DIR / "national-results-2023.csv", DATA_DIR / "national-results-2024.csv"]


@dataclass(frozen=True)
class _Framework:
    engine: IndexEngine
    weights: tuple[Decimal, ...]
    predicates: frozenset[str]


@lru_cache(maxsize=1)
def _framework() -> _Framework:
    spec = load_framework_file(FRAMEWORK_FILE)
    return _Framework(
        engine=IndexEngine(spec),
        weights=tuple(Decimal(group.weight) for group in spec.groups),
        predicates=frozenset(band.name for band in spec.predicates),
    )


def _predicates_near(index: Decimal) -> set[str]:
    """The predicates an index printed as `index` may have had before it was rounded."""
    engine = _framework().engine
    low, high = max(index - HALF_UNIT, Decimal(0)), min(index + HALF_UNIT, Decimal(SCALE_MAX))
    return {engine.predicate(Fraction(low)), engine.predicate(Fraction(high))}


def _contradictions(values: dict, predicate: str, line: int) -> list[str]:
    """A row whose predicate or domain values do not fit its index, beyond rounding."""
    problems = []
    index = values["index"]
    if predicate not in _predicates_near(index):
        problems.append(
            _(
                "Baris %(line)d: predikat “%(predicate)s” tidak sesuai dengan indeks %(index)s "
                "(menurut pita predikat kerangka: %(expected)s)."
            )
            % {
                "line": line,
                "predicate": predicate,
                "index": index,
                "expected": " atau ".join(sorted(_predicates_near(index))),
            }
        )
    weights = _framework().weights
    domains = [values[target] for target in NUMBERS.values()]
    expected = sum(w * d for w, d in zip(weights, domains, strict=True)) / sum(weights)
    # Each domain and the index are rounded to two decimals: together at most one unit apart.
    if abs(expected - index) > DECIMALS:
        problems.append(
            _(
                "Baris %(line)d: indeks %(index)s tidak sesuai dengan nilai domain (rata-rata "
                "berbobotnya %(expected)s); selisihnya lebih besar dari pembulatan."
            )
            % {"line": line, "index": index, "expected": expected.quantize(Decimal("0.001"))}
        )
    return problems


@dataclass
class Parsed:
    rows: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _number(raw: str, column: str, line: int, errors: list[str]) -> Decimal | None:
    value = parse_decimal(raw)
    if value is None:
        errors.append(
            _("Baris %(line)d: kolom %(column)s bukan angka (“%(raw)s”).")
            % {"line": line, "column": column, "raw": raw}
        )
        return None
    if not value.is_finite() or value < 0 or value > SCALE_MAX:
        errors.append(
            _("Baris %(line)d: kolom %(column)s = %(raw)s di luar rentang 0–5.")
            % {"line": line, "column": column, "raw": raw}
        )
        return None
    if value != value.quantize(DECIMALS):
        # Rounding it here would store a figure the source never printed.
        errors.append(
            _(
                "Baris %(line)d: kolom %(column)s = %(raw)s memiliki lebih dari dua angka "
                "desimal; tulis angkanya persis seperti tercetak di sumber (dua desimal)."
            )
            % {"line": line, "column": column, "raw": raw}
        )
        return None
    return value.quantize(DECIMALS)


def _row(record: dict, line: int, errors: list[str]) -> dict | None:
    before = len(errors)
    year = record["year"].strip()
    if not (year.isdigit() and 2000 <= int(year) <= 2100):
        errors.append(_("Baris %(line)d: tahun “%(raw)s” tidak sah.") % {"line": line, "raw": year})
    # The published files name categories in Indonesian ("kabupaten"): the values replaced.
    category = record["category"].strip()
    category = str(AgencyCategory.parse(category) or category)
    if category not in AgencyCategory.values:
        errors.append(
            _("Baris %(line)d: kategori “%(raw)s” tidak dikenal (pilih: %(choices)s).")
            % {"line": line, "raw": category, "choices": ", ".join(AgencyCategory.values)}
        )
    name = " ".join(record["instansi"].split())
    if not name:
        errors.append(_("Baris %(line)d: nama instansi kosong.") % {"line": line})
    predicate = record["predikat"].strip()
    if predicate not in _framework().predicates:
        errors.append(
            _("Baris %(line)d: predikat “%(raw)s” tidak dikenal.")
            % {"line": line, "raw": predicate}
        )
    values = {target: _number(record[c], c, line, errors) for c, target in NUMBERS.items()}
    values["index"] = _number(record["indeks"], "indeks", line, errors)
    if len(errors) > before:
        return None
    errors.extend(_contradictions(values, predicate, line))
    if len(errors) > before:
        return None
    low = [c for c, t in NUMBERS.items() if values[t] < SCALE_MIN]
    flag = (
        _("Di bawah skala 1,00 sebagaimana tercetak di sumber: %(columns)s")
        % {"columns": ", ".join(low)}
        if low
        else ""
    )
    return {
        "year": int(year),
        "category": category,
        "province": record["province"].strip(),
        "name": name,
        "key": normalise(name),
        "predicate": predicate,
        "source": record["source_table"].strip(),
        "flag": flag,
        **values,
    }


def parse(text: str) -> Parsed:
    parsed = Parsed()
    if "\x00" in text:
        # PostgreSQL cannot store a NUL; such a file is not a CSV a spreadsheet wrote.
        line = text[: text.index("\x00")].count("\n") + 1
        parsed.errors.append(
            _("Baris %(line)d: berkas berisi karakter NUL; simpan ulang sebagai CSV UTF-8.")
            % {"line": line}
        )
        return parsed
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        parsed.errors.append(
            _("Baris 1: kolom berikut tidak ada: %(columns)s.") % {"columns": ", ".join(missing)}
        )
        return parsed
    seen: dict[tuple, int] = {}
    for record in reader:
        line = reader.line_num
        if any(record.get(c) is None for c in COLUMNS):
            parsed.errors.append(_("Baris %(line)d: jumlah kolom kurang.") % {"line": line})
            continue
        row = _row(record, line, parsed.errors)
        if row is None:
            continue
        identity = (row["year"], row["category"], row["province"], row["name"])
        if identity in seen:
            parsed.errors.append(
                _("Baris %(line)d: instansi “%(name)s” sudah ada di baris %(first)d.")
                % {"line": line, "name": row["name"], "first": seen[identity]}
            )
            continue
        seen[identity] = line
        parsed.rows.append(row)
    if not parsed.rows and not parsed.errors:
        parsed.errors.append(_("Berkas tidak memuat satu baris data pun."))
    return parsed
