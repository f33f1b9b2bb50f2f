"""Convert the shared SPBE reference data into Simpul framework files.

    .venv/bin/python tools/build_frameworks.py [--source ../shared/spbe] [--check]

Reads spbe-2020.json and pemdi-2026-draft.json from the reference folder and writes
simpul/frameworks/data/<code>.json in format "simpul-framework/1" (docs/framework-format.md).
The output is committed: Simpul never reads the reference folder at run time, and a fresh
clone does not have it. With --check, nothing is written; the command fails if a committed
file differs from what the conversion would produce now.

The conversion copies numbers as written in the source (read as Decimal) and does not repair
anything: a source whose weights do not add up produces a file the validator refuses.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT.parent / "shared" / "spbe"

# The SPBE formula divides by 100: weights are percentages of the index (P59 Bab II.B).
WEIGHT_TOTAL = "100"
ROUNDING = {"decimals": 2, "mode": "half-up"}
SCALE_NAMES = {"proses": "Proses", "layanan": "Layanan", "pemdi": "Pemerintah Digital"}

# Evidence freshness, Pedoman Menteri PANRB 3/2024 (source: evaluation.process.
# evidence_freshness_rules_PED3_2024 and ../shared/spbe/README.md, "Rules worth knowing"):
# - a review/evaluation record younger than two years is needed at level 4 for the process
#   indicators (1-31) and at level 5 for the service indicators (32-47); indicator 3 needs
#   it at level 5 because its official table is shifted by one level;
# - audit reports count only within two years (aspect "Pelaksanaan Audit TIK", 29-31);
# - level 5 of the policy indicators (domain "Kebijakan Internal SPBE", 1-10) needs a
#   follow-up policy issued within one year after the review.
REVIEW_FROM_LEVEL = {"proses": 4, "layanan": 5}
REVIEW_FROM_LEVEL_BY_NUMBER = {3: 5}
REVIEW_MAX_AGE_MONTHS = 24
AUDIT_ASPECT = "Pelaksanaan Audit TIK"
AUDIT_MAX_AGE_MONTHS = 24
POLICY_DOMAIN = "Kebijakan Internal SPBE"
FOLLOW_UP_LEVEL = 5
FOLLOW_UP_WITHIN_MONTHS = 12

DRAFT_NOTICE = (
    "BELUM TERVERIFIKASI (UNVERIFIED DRAFT). Struktur dan bobot diambil dari ringkasan pihak "
    "ketiga atas Surat KemenPANRB B/66/PD.02/2025 (21 April 2025) dan hanya dikuatkan garis "
    "besarnya oleh portal sebuah Pemda; naskah peraturannya belum ditemukan, dan kriteria per "
    "tingkat belum ada. Hasil yang dihitung dengan kerangka ini tidak boleh disajikan sebagai "
    "hasil resmi."
)


def decimal_text(value: Any) -> str:
    """A source number (Decimal or int) as the exact decimal string our format expects."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise SystemExit(f"not a number in the source: {value!r}")
    text = format(Decimal(value).normalize(), "f")
    return "0" if text == "-0" else text


def bands(source: list[dict]) -> list[dict]:
    """Source bands (highest first, min inclusive, max_inclusive flag) → ours, lowest first."""
    out = [
        {
            "name": band["predikat"],
            "lower": None if band["min"] is None else decimal_text(band["min"]),
            "lower_inclusive": band["min"] is not None,
            "upper": None if band["max"] is None else decimal_text(band["max"]),
            "upper_inclusive": bool(band["max_inclusive"]) and band["max"] is not None,
        }
        for band in source
    ]
    return sorted(out, key=lambda band: Decimal(band["upper"] or "Infinity"))


def level_scales(source: dict) -> dict:
    return {
        code: {
            "name": SCALE_NAMES.get(code, code),
            "levels": [
                {"level": item["level"], "name": item["name"], "summary": item.get("summary", "")}
                for item in levels
            ],
        }
        for code, levels in source.items()
    }


def spbe_evidence_rules(item: dict, domain: dict, aspect: dict) -> list[dict]:
    """The 2024 freshness rules that apply to one SPBE indicator, as framework data."""
    rules = []
    from_level = REVIEW_FROM_LEVEL_BY_NUMBER.get(item["no"], REVIEW_FROM_LEVEL.get(item["scale"]))
    if from_level is not None:
        rules.append(
            {"kind": "review", "from_level": from_level, "max_age_months": REVIEW_MAX_AGE_MONTHS}
        )
    if aspect["name"] == AUDIT_ASPECT:
        rules.append({"kind": "audit", "max_age_months": AUDIT_MAX_AGE_MONTHS})
    if domain["name"] == POLICY_DOMAIN:
        rules.append(
            {
                "kind": "follow_up_policy",
                "level": FOLLOW_UP_LEVEL,
                "within_months_of_review": FOLLOW_UP_WITHIN_MONTHS,
            }
        )
    return rules


def spbe_indicator(item: dict, domain: dict, aspect: dict) -> dict:
    notes = list(item.get("notes") or [])
    if item.get("name_2024"):
        notes.append(f"Nama dalam Pedoman Menteri PANRB Nomor 3 Tahun 2024: {item['name_2024']}.")
    return {
        "number": item["no"],
        "code": item["code"],
        "name": item["name"],
        "question": item.get("question") or "",
        "weight": decimal_text(item["weight_pct"]),
        "scale": item["scale"],
        "description": item.get("description_2024") or "",
        "assessment_rule": item.get("assessment_rule_2024") or "",
        "example_evidence": item.get("example_evidence_2024") or "",
        "typical_owner_units": item.get("typical_owner_units_inferred") or "",
        "notes": notes,
        "levels": [
            {
                "level": level["level"],
                "name": level["name"],
                "criteria": level.get("criteria") or "",
                "fulfilment": level.get("fulfilment_2024") or "",
                "evidence": level.get("evidence_2024") or "",
            }
            for level in item["levels"]
        ],
        "evidence_rules": spbe_evidence_rules(item, domain, aspect),
    }


def source_entry(code: str, source: dict) -> dict:
    return {
        "code": code,
        "title": source["title"],
        "where": list(source.get("where") or []),
        "reliability": source.get("reliability") or "",
    }


def spbe(data: dict) -> dict:
    framework = data["framework"]
    groups = [
        {
            "code": domain["code"],
            "name": domain["name"],
            "kind": "domain",
            "weight": decimal_text(domain["weight_pct"]),
            "groups": [
                {
                    "code": aspect["code"],
                    "name": aspect["name"],
                    "kind": "aspect",
                    "weight": decimal_text(aspect["weight_pct"]),
                    "indicators": [
                        spbe_indicator(item, domain, aspect) for item in aspect["indicators"]
                    ],
                }
                for aspect in domain["aspects"]
            ],
        }
        for domain in data["domains"]
    ]
    return {
        "format": "simpul-framework/1",
        "code": framework["code"],
        "name": framework["name"],
        "status": "official",
        "notice": "",
        "source": f"{framework['regulation']}; {framework['technical_guide']}",
        "sources": [source_entry(code, data["sources"][code]) for code in ("P59", "PED3_2024")],
        "scale": {"min": framework["level_min"], "max": framework["level_max"]},
        "level_scales": level_scales(data["scales"]),
        "rounding": ROUNDING,
        "weight_total": WEIGHT_TOTAL,
        "predicates": bands(framework["predicates"]),
        "groups": groups,
        "notes": [
            f"Predikat: {framework['predicates_source']}",
            f"Pembulatan: {framework['formula']['rounding_observed']}",
            *(f"Selisih sumber: {item}" for item in data.get("known_discrepancies", [])),
        ],
    }


def pemdi(data: dict, spbe_data: dict) -> dict:
    framework = data["framework"]
    scales = level_scales(data["scales"])

    def indicator(item: dict) -> dict:
        names = scales[item["scale"]]["levels"]
        return {
            "number": item["no"],
            "code": item["code"],
            "name": item["name"],
            "weight": decimal_text(item["weight_pct"]),
            "scale": item["scale"],
            # The draft has no criteria per level; every level is listed by its scale name.
            "levels": [{"level": level["level"], "name": level["name"]} for level in names],
        }

    return {
        "format": "simpul-framework/1",
        "code": framework["code"],
        "name": framework["name"],
        "status": "draft",
        "notice": f"{DRAFT_NOTICE}\n\n{framework['status']}",
        "source": spbe_data["sources"]["TELAAH_PEMDI"]["title"],
        "sources": [
            source_entry(code, spbe_data["sources"][code])
            for code in ("TELAAH_PEMDI", "PEMDI_BARTIM")
        ],
        "scale": {"min": framework["level_min"], "max": framework["level_max"]},
        "level_scales": scales,
        "rounding": ROUNDING,
        "weight_total": WEIGHT_TOTAL,
        "predicates": bands(framework["predicates"]),
        "groups": [
            {
                "code": aspect["code"],
                "name": aspect["name"],
                "kind": "aspect",
                "weight": decimal_text(aspect["weight_pct"]),
                "indicators": [indicator(item) for item in aspect["indicators"]],
            }
            for aspect in data["aspects"]
        ],
        "notes": [f"Predikat: {framework['predicates_source']}", *data.get("notes", [])],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "simpul.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()
    from simpul.frameworks.format import (
        DATA_DIR,
        FrameworkFileError,
        canonical_document,
        parse_framework_document,
    )

    def read(name: str) -> dict:
        return json.loads((args.source / name).read_text("utf-8"), parse_float=Decimal)

    spbe_data = read("spbe-2020.json")
    documents = [spbe(spbe_data), pemdi(read("pemdi-2026-draft.json"), spbe_data)]

    failed = False
    for document in documents:
        target = DATA_DIR / f"{document['code']}.json"
        try:
            spec = parse_framework_document(document)
        except FrameworkFileError as exc:
            print(
                f"{document['code']}: the source does not make a valid framework:", file=sys.stderr
            )
            print(exc, file=sys.stderr)
            failed = True
            continue
        text = json.dumps(canonical_document(spec), ensure_ascii=False, indent=1) + "\n"
        if args.check:
            current = target.read_text("utf-8") if target.exists() else ""
            if current != text:
                print(f"{target.relative_to(ROOT)} is out of date", file=sys.stderr)
                failed = True
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")
        print(f"wrote {target.relative_to(ROOT)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
