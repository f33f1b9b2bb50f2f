"""Convert the shared SPBE reference data into Simpul framework files.

    .venv/bin/python tools/build_frameworks.py [--source ../shared/spbe] [--check]

Reads spbe-2020.json and pemdi-2026-draft.json from the reference folder (../shared/spbe)
and pemdi-2026.json from its sibling ../shared/pemdi, and writes
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
import re
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT.parent / "shared" / "spbe"
PEMDI_FOLDER = "pemdi"  # beside the SPBE folder: ../shared/pemdi

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
        # Forum and coordination meetings evidence: Tim Koordinasi (I19) and collaboration (I20).
        "collaboration": ["I19", "I20"],
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


PEMDI_NOTICE = (
    "DIHIMPUN DARI SUMBER SEKUNDER. Naskah PermenPANRB 8/2026 dan modul indikator resmi belum "
    "dibaca langsung; struktur, bobot, kriteria dan butir dihimpun dari ringkasan dan "
    "transkripsi pihak lain, dan setiap fakta menyebut sumbernya. Aturan nilai per butir (R5) "
    "bersumber tunggal dan batas inklusif predikat masih diperdebatkan (lihat aturan penilaian "
    "di katalog). Cocokkan dengan naskah resmi sebelum hasilnya dipakai sebagai hasil resmi."
)

# The scoring rules of ../shared/pemdi/scoring.md §1, in Bahasa Indonesia, with how well the
# sources support each: "confirmed" (two or more independent sources, or a written source
# plus official worked numbers), "single_source", or "disputed".
PEMDI_RULES = [
    (
        "R1",
        "Skala dan pita nilai tiap tingkat",
        "Nilai indikator 1,00 sampai 5,00. Tingkat 1 sampai 5 masing-masing berpita "
        "[1; 1,5], [1,5; 2,5], [2,5; 3,5], [3,5; 4], [4; 5].",
        "confirmed",
        ["ROKI", "ROKI_README", "ACEH_NILAI", "ACEH_PANDUAN", "MINSEL_BIMTEK", "ACEH_ASESOR"],
    ),
    (
        "R2",
        "Indeks aspek",
        "Indeks aspek = Σ(bobot indikator × nilai indikator) / bobot aspek. Mereproduksi ketujuh "
        "nilai aspek asesor Aceh Tengah 2026 dengan tepat.",
        "confirmed",
        ["ROKI_README", "ACEH_NILAI", "ACEH_PANDUAN", "MINSEL_BIMTEK", "ACEH_ASESOR"],
    ),
    (
        "R3",
        "Indeks Pemdi",
        "Indeks Pemdi = Σ(bobot aspek × indeks aspek) / 100. Mereproduksi indeks 1,24.",
        "confirmed",
        ["ROKI_README", "ACEH_NILAI", "ACEH_PANDUAN", "MINSEL_BIMTEK", "ACEH_ASESOR"],
    ),
    (
        "R4",
        "Bobot aspek dan indikator",
        "Aspek 10/10/15/15/10/15/25; indikator 5,5 / 5,5 / 5,3,3,4 / 4,4,3,4 / 5,5 / 4,4,4,3 / "
        "10,15. Bobot draf Minahasa Selatan terbantah oleh perhitungan asesor.",
        "confirmed",
        ["ROKI", "ACEH_GT", "ACEH_NILAI", "ACEH_PANDUAN", "ACEH_ASESOR"],
    ),
    (
        "R5",
        "Nilai indikator dari butir",
        "Cari tingkat pertama yang butirnya belum semuanya diterima. Nilainya = batas bawah pita "
        "tingkat itu + lebar pita × (butir diterima ÷ jumlah butir pada tingkat itu). Tingkat "
        "yang lengkap bernilai batas atas pitanya; bila semua tingkat lengkap nilainya 5,00. "
        "Mereproduksi 17 dari 20 nilai asesor Aceh Tengah.",
        "single_source",
        ["ACEH_TAHAP1", "ACEH_ASESOR"],
    ),
    (
        "R6",
        "Penolakan berjenjang",
        "Butir pada tingkat yang lebih tinggi otomatis ditolak bila tingkat di bawahnya ditolak "
        '(portal: "Otomatis ditolak karena tingkat kematangan sebelumnya ditolak").',
        "single_source",
        ["ACEH_TAHAP1"],
    ),
    (
        "R7",
        "Nilai asesor di dalam pita",
        "Asesor boleh menetapkan nilai di dalam pita tingkat yang dicapai butir, dengan alasan "
        "(mis. 1,26 untuk I3 yang menurut butir 1,20). Nilai di luar pita itu ditolak.",
        "single_source",
        ["MINSEL_BIMTEK", "ACEH_ASESOR"],
    ),
    (
        "R8",
        "Indikator dari indeks lain",
        "I5 (SDI), I6 (SJIG), I7 (IPS/EPSS) dan I18 (SDI aspek interoperabilitas): skor indeks "
        "lain dikonversi linear di dalam pitanya (SDI 25 → 2,00; SDI 68,75 → 3,75). Skor tepat "
        "di batas masuk pita yang lebih tinggi. Bila skor belum ada, nilainya dianggap 1,00.",
        "single_source",
        ["ACEH_MODUL_RAW", "ACEH_ASESOR", "ACEH_NILAI", "ACEH_TEST"],
    ),
    (
        "R9",
        "Pembulatan",
        "Nilai ditampilkan dua desimal (setengah ke atas); perhitungan memakai nilai tanpa "
        "pembulatan.",
        "single_source",
        ["ACEH_ASESOR"],
    ),
    (
        "R10",
        "Batas predikat",
        "Kurang, Cukup, Baik, Sangat Baik, Memuaskan dengan batas 1,50 / 2,50 / 3,50 / 4,00 "
        "(pasti). Apakah batas itu milik predikat atas (1,50 = Cukup, bacaan utama Roki dan Aceh) "
        "atau predikat bawah (1,50 = Kurang, bacaan Minahasa Selatan dan label asesor) masih "
        "diperdebatkan; Simpul memakai bacaan utama, dan bacaan lain cukup satu suntingan berkas "
        "kerangka.",
        "disputed",
        ["ROKI", "ACEH_NILAI", "ACEH_PANDUAN", "MINSEL_SB", "MINSEL_BIMTEK", "ACEH_ASESOR"],
    ),
]

# Codes of the external indexes (R8), by indicator; the I7 floor is not in the sources, so
# the scale's minimum (1.00) is used, as scoring.md suggests.
PEMDI_EXTERNAL_CODES = {"I5": "SDI", "I6": "SJIG", "I7": "IPS", "I18": "SDI-INTEROPERABILITAS"}
PEMDI_EXTERNAL_SCALES = {
    "I5": ("0", "100"),
    "I6": ("1", "5"),
    "I7": ("1", "5"),
    "I18": ("0", "100"),
}
# The source's editorial English and source keys stay out of what users read.
PEMDI_EXTERNAL_NAMES = {"I18": "Indeks SDI, aspek Interoperabilitas Data"}
PEMDI_EXTERNAL_NOTES = {
    "I18": "Butir Arsitektur Data Pemerintah Digital dari SIAP Digital diunggah sebagai data "
    "dukung; nilainya dari skor SDI aspek interoperabilitas."
}
PEMDI_MISSING_VALUE = "1"
PORTAL_CODE_CONFIDENT = ("strong", "medium")


def pemdi_sources(registry: dict) -> list[dict]:
    out = []
    for code, source in registry.items():
        where = []
        if source.get("repo"):
            where.append(f"{source['repo']} {source.get('path', '')} @ {source.get('commit', '')}")
        if source.get("url"):
            where.append(source["url"])
        out.append(
            {
                "code": code,
                "title": source.get("what", code),
                "where": where,
                "reliability": source.get("reliability", ""),
            }
        )
    return out


def pemdi_bands(primary: list[dict]) -> list[dict]:
    return [
        {
            "name": band["predikat"],
            "lower": decimal_text(band["min"]),
            "lower_inclusive": bool(band["min_inclusive"]),
            "upper": decimal_text(band["max"]),
            "upper_inclusive": bool(band["max_inclusive"]),
        }
        for band in sorted(primary, key=lambda band: band["min"])
    ]


def pemdi_item(item: dict) -> dict:
    notes = []
    text = item.get("text") or ""
    if not text:
        notes.append(
            "Teks butir tidak ada dalam modul menurut transkripsi sumber; teks pengganti dari "
            "alat ekstraksi tidak dipakai."
        )
    portal = item.get("portal_code_observed") or {}
    portal_code = ""
    if portal:
        if portal.get("confidence") in PORTAL_CODE_CONFIDENT:
            portal_code = portal["code"]
        else:
            notes.append(
                f"Kode portal mungkin {portal['code']} (keyakinan rendah, "
                f"sumber: {', '.join(portal.get('sources', []))})."
            )
    return {
        "code": item["code"],
        "text": text,
        "evidence_kind": item.get("evidence_kind", ""),
        "portal_code": portal_code,
        "note": " ".join(notes),
    }


def pemdi_indicator(item: dict, data: dict) -> dict:
    kinds = data["evidence_kinds"]
    external = item["value_source"] == "external_index"
    notes = [
        f"Kode nasional {item['code_national']}.",
        f"Ringkasan: {item['short_description']} (sumber: "
        f"{', '.join(item['short_description_sources'])}).",
        f"Sumber nama: {', '.join(item['name_sources'])}; sumber bobot: "
        f"{', '.join(item['weight_sources'])}; sumber uraian: "
        f"{', '.join(item['description_sources'])}.",
        f"Unit pemilik lazim menurut {', '.join(item['owner_units_sources'])}.",
    ]
    if item.get("grouping_disagreement"):
        notes.append(
            "Pengelompokan/bobot draf Minahasa Selatan berbeda; pengelompokan Roki/Aceh dipakai "
            "karena mereproduksi nilai aspek asesor."
        )
    if "IKASANDI" in item["value_source"]:
        notes.append("Hasil penilaian IKASANDI wajib sebagai salah satu data dukung butir.")
    out = {
        "number": item["number"],
        "code": item["code"],
        "name": item["name"],
        "weight": decimal_text(item["weight_pct"]),
        "scale": "pemdi",
        "description": item.get("description") or "",
        "typical_owner_units": "; ".join(item["owner_units_typical"]),
        "notes": notes,
        "value_rule": "external" if external else "items",
        "levels": [
            {
                "level": level["level"],
                "criteria": level["criteria"].get("kriteria") or "",
                "conditions": level["criteria"].get("kondisi") or "",
                "items": [
                    {**pemdi_item(entry), "evidence_kind": kinds.get(entry["evidence_kind"], "")}
                    for entry in level["items"]
                ],
            }
            for level in item["levels"]
        ],
    }
    if external:
        index = item["external_index"]
        low, high = PEMDI_EXTERNAL_SCALES[item["code"]]
        bands = []
        for level, (lower, upper) in enumerate(index["bands_native"], start=1):
            bands.append(
                {
                    "level": level,
                    "lower": low if lower is None else decimal_text(lower),
                    "upper": decimal_text(upper),
                }
            )
        note = ""
        if index["bands_native"][0][0] is None:
            note = (
                "Batas bawah tingkat 1 tidak disebut sumber; dipakai nilai terendah skala "
                f"({low}). Konversi linear untuk indeks ini adalah asumsi berdasarkan analogi."
            )
        note = " ".join(part for part in (note, PEMDI_EXTERNAL_NOTES.get(item["code"], "")) if part)
        out["external"] = {
            "code": PEMDI_EXTERNAL_CODES[item["code"]],
            "name": PEMDI_EXTERNAL_NAMES.get(item["code"], index["index"]),
            # "Kementerian PPN/Bappenas (per MINSEL_SB Instansi Pembina)": the issuer only.
            "issuer": re.sub(r"\s*\(per [^)]*\)", "", index.get("issuer") or ""),
            "scale": {"min": low, "max": high},
            "bands": bands,
            "missing_value": PEMDI_MISSING_VALUE,
            "source": ", ".join(index.get("sources", [])),
            "note": note,
        }
    return out


def pemdi_2026(data: dict) -> dict:
    meta = data["meta"]
    levels = data["level_scale"]["levels"]
    primary = data["predicate_bands"]["primary"]
    by_aspect: dict[int, list[dict]] = {}
    for item in data["indicators"]:
        by_aspect.setdefault(item["aspect"], []).append(item)
    return {
        "format": "simpul-framework/1",
        "code": "pemdi-2026",
        "name": "Indeks Pemerintah Digital (Peraturan Menteri PANRB Nomor 8 Tahun 2026)",
        "status": "compiled",
        "notice": PEMDI_NOTICE,
        "source": f"{meta['regulation']}; {meta['berita_negara']}",
        "sources": pemdi_sources(data["sources"]),
        "scale": {"min": 1, "max": 5},
        "level_scales": {
            "pemdi": {
                "name": "Tingkat Kematangan Pemdi",
                "levels": [
                    {
                        "level": level["level"],
                        "name": level["nama_id"],
                        "summary": level["description"],
                    }
                    for level in levels
                ],
            }
        },
        "rounding": ROUNDING,
        "weight_total": WEIGHT_TOTAL,
        "predicates": pemdi_bands(primary),
        # R1: each level's value band is the predicate band of the same number.
        "value_bands": [
            {
                "level": band["level"],
                "lower": decimal_text(band["min"]),
                "lower_inclusive": bool(band["min_inclusive"]),
                "upper": decimal_text(band["max"]),
                "upper_inclusive": bool(band["max_inclusive"]),
            }
            for band in sorted(primary, key=lambda band: band["level"])
        ],
        "rules": [
            {"code": code, "title": title, "text": text, "confidence": confidence, "sources": src}
            for code, title, text, confidence, src in PEMDI_RULES
        ],
        # Minutes and attendance of coordination and forum meetings prove I4's collaboration:
        # between units (L1-03), between agencies (L2-02) and with the pentahelix (L3-02).
        "collaboration": ["I4-L1-03", "I4-L2-02", "I4-L3-02"],
        "groups": [
            {
                "code": aspect["code"],
                "name": aspect["name"],
                "kind": "aspect",
                "weight": decimal_text(aspect["weight_pct"]),
                "indicators": [pemdi_indicator(item, data) for item in by_aspect[aspect["number"]]],
            }
            for aspect in data["aspects"]
        ],
        "notes": [
            "Status: dihimpun dari sumber sekunder; naskah PDF peraturan dan modul indikator "
            "resmi belum dibaca.",
            "Teks butir adalah transkripsi modul oleh Kab. Aceh Tengah (ACEH_GT).",
            "Nilai penilaian mandiri 1,42 pada contoh Aceh Tengah belum dapat direproduksi.",
            "Bobot tahap (40/40/20) pada materi Minahasa Selatan tidak didukung sumber lain dan "
            "tidak dipakai.",
        ],
    }


MAPPING_NOTICE = (
    "DIHIMPUN DARI SUMBER SEKUNDER. Tidak ada tabel padanan resmi KemenPANRB; setiap pasangan "
    "ditandai bersumber (sumber menyebut indikator ini), bersumber di tingkat aspek/domain, atau "
    "usulan penyusun dengan alasannya. Pemetaan hanya memberi saran: responden menerima atau "
    "menolak setiap saran, tidak ada yang ditautkan otomatis."
)


def mapping_basis(status: str) -> str:
    """The source's pair status ("sourced (ACEH_GT baseline notes)") as a mapping basis."""
    for basis in ("sourced_aspect_level", "sourced", "proposed"):
        if status.startswith(basis):
            return basis
    raise SystemExit(f"unknown mapping status in the source: {status!r}")


def spbe_to_pemdi_mapping(data: dict) -> dict:
    pairs = []
    for row in data["spbe_to_pemdi"]:
        for target in row["pemdi_primary"]:
            pairs.append(
                {
                    "from": row["spbe"],
                    "to": target,
                    "role": "primary",
                    "basis": mapping_basis(row["status"]),
                    "sources": list(row.get("sources") or []),
                    "rationale": row.get("rationale") or "",
                }
            )
        for target in row.get("pemdi_secondary") or []:
            pairs.append(
                {
                    "from": row["spbe"],
                    "to": target,
                    "role": "secondary",
                    "basis": mapping_basis(row["secondary_status"]),
                    "sources": [],
                    "rationale": row.get("rationale") or "",
                }
            )
    return {
        "format": "simpul-mapping/1",
        "code": "spbe-2020-ke-pemdi-2026",
        "name": "Indeks SPBE 2020 → Indeks Pemerintah Digital 2026",
        "from": "spbe-2020",
        "to": "pemdi-2026",
        "status": "compiled",
        "notice": MAPPING_NOTICE,
        "source": data["title"],
        "notes": [data["status"]],
        "pairs": pairs,
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
    from simpul.frameworks.canonical import canonical_document
    from simpul.frameworks.checking import parse_framework_document
    from simpul.frameworks.spec import DATA_DIR, FrameworkFileError

    def read(name: str) -> dict:
        return json.loads((args.source / name).read_text("utf-8"), parse_float=Decimal)

    spbe_data = read("spbe-2020.json")
    draft = pemdi(read("pemdi-2026-draft.json"), spbe_data)
    # The 2025 draft is kept as a test shape; new cycles use the regulation's instrument.
    draft["superseded_by"] = "pemdi-2026"
    documents = [spbe(spbe_data), draft, pemdi_2026(read(f"../{PEMDI_FOLDER}/pemdi-2026.json"))]
    mapping = spbe_to_pemdi_mapping(read(f"../{PEMDI_FOLDER}/mapping-spbe2020-to-pemdi2026.json"))

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
    failed = write_mapping(mapping, documents, args.check) or failed
    return 1 if failed else 0


def write_mapping(document: dict, frameworks: list[dict], check: bool) -> bool:
    """Check the mapping against the frameworks just built and write it; True on failure."""
    from simpul.frameworks.checking import parse_framework_document
    from simpul.frameworks.mappings import MAPPINGS_DIR, canonical_mapping, parse_mapping_document
    from simpul.frameworks.spec import FrameworkFileError

    specs = {item["code"]: parse_framework_document(item) for item in frameworks}
    target = MAPPINGS_DIR / f"{document['code']}.json"
    try:
        spec = parse_mapping_document(document, specs.get)
    except FrameworkFileError as exc:
        print(f"{document['code']}: the source does not make a valid mapping:", file=sys.stderr)
        print(exc, file=sys.stderr)
        return True
    text = json.dumps(canonical_mapping(spec), ensure_ascii=False, indent=1) + "\n"
    if check:
        current = target.read_text("utf-8") if target.exists() else ""
        if current != text:
            print(f"{target.relative_to(ROOT)} is out of date", file=sys.stderr)
            return True
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, "utf-8")
    print(f"wrote {target.relative_to(ROOT)}")
    return False


if __name__ == "__main__":
    sys.exit(main())
