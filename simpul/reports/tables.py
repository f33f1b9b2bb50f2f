"""Every field of a cycle as tables (one per kind), shared by the Excel and CSV exports.

Each table is a header and an iterator of rows read in chunks (`CHUNK` rows a query), so an
export streams 20,000 linked documents without holding them all: the workbook (openpyxl's
write-only mode) and the CSV zip write each row as it comes.
"""

import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from simpul.cycles.models import AnswerEvent, Cycle
from simpul.evidence.models import EvidenceLink
from simpul.plans.models import Action

CHUNK = 2000
Table = tuple[list[str], Iterable[list]]


def plain(value):
    """A cell value both openpyxl and csv accept (local time, no tzinfo; JSON for structures)."""
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    if value is None or isinstance(value, str | int | Decimal | date):
        return value  # a date stays a date: a real date cell in Excel
    return str(value)


def answers_table(cycle: Cycle) -> Table:
    header = [
        "indikator", "nama_indikator", "status", "tingkat_mandiri", "tingkat_internal",
        "tingkat_dokumen", "tingkat_interviu", "tingkat_visitasi", "tingkat_akhir", "fakta",
        "analisis", "catatan_asesor", "unit", "pic", "tenggat", "versi", "diubah",
    ]  # fmt: skip
    answers = cycle.answers.select_related("indicator", "pic").prefetch_related("units")
    rows = (
        [
            a.indicator.code,
            a.indicator.name,
            a.get_status_display(),
            a.self_level,
            a.internal_level,
            a.document_level,
            a.interview_level,
            a.visit_level,
            a.final_level,
            a.fact,
            a.analysis,
            a.review_comment,
            "; ".join(u.name for u in a.units.all()),
            str(a.pic) if a.pic else "",
            a.due_date,
            a.version,
            a.updated_at,
        ]  # fmt: skip
        for a in answers.order_by("indicator__number").iterator(chunk_size=CHUNK)
    )
    return header, rows


def evidence_table(cycle: Cycle) -> Table:
    header = [
        "indikator", "tingkat", "keperluan", "keterangan", "judul", "jenis_dokumen", "nomor",
        "tanggal_ditetapkan", "tanggal_berlaku", "unit_penerbit", "tautan", "berkas", "revisi",
        "ukuran_byte", "diunggah",
    ]  # fmt: skip
    links = EvidenceLink.objects.filter(answer__cycle=cycle).select_related(
        "answer__indicator", "evidence__issuing_unit", "evidence__current_revision"
    )
    return header, _evidence_rows(links.order_by("answer__indicator__number", "level", "pk"))


def _evidence_rows(links) -> Iterator[list]:
    for link in links.iterator(chunk_size=CHUNK):
        evidence, revision = link.evidence, link.evidence.current_revision
        yield (
            [
                link.answer.indicator.code,
                link.level,
                link.get_purpose_display(),
                link.note,
                evidence.title,
                evidence.get_document_type_display(),
                evidence.number,
                evidence.issued_on,
                evidence.effective_on,
                str(evidence.issuing_unit or ""),
                evidence.url,
                revision.original_name if revision else "",
                revision.number if revision else None,
                revision.size if revision else None,
                revision.uploaded_at if revision else None,
            ]  # fmt: skip
        )


def history_table(cycle: Cycle) -> Table:
    header = ["indikator", "jenis", "oleh", "waktu", "perubahan", "komentar", "versi"]
    events = AnswerEvent.objects.filter(answer__cycle=cycle).select_related(
        "answer__indicator", "actor"
    )
    rows = (
        [
            e.answer.indicator.code,
            e.get_kind_display(),
            str(e.actor or ""),
            e.at,
            change_sentence(e),
            e.comment,
            e.version,
        ]
        for e in events.order_by("at", "pk").iterator(chunk_size=CHUNK)
    )
    return header, rows


def change_sentence(event: AnswerEvent) -> str:
    """The changes of a history event as a sentence: "Tingkat: 2 → 3; Fakta: … → …"."""
    from simpul.cycles.pages import _event_row

    parts = [
        f"{label[:1].upper()}{label[1:]}: {old} → {new}"
        for label, old, new in _event_row(event)["changes"]
    ]
    return "; ".join(str(part) for part in parts)


def actions_table(cycle: Cycle) -> Table:
    header = [
        "indikator", "tingkat_sasaran", "unit", "pic", "mulai", "tenggat", "anggaran", "status",
        "kemajuan", "catatan", "selesai",
    ]  # fmt: skip
    # Every action of the agency on this framework: aimed at this cycle, at none yet, or at
    # a later one (the report is the coordinator's working copy, not one cycle's slice).
    actions = Action.objects.for_agency(cycle.agency).filter(indicator__framework=cycle.framework)
    rows = (
        [
            a.indicator.code if a.indicator else "",
            a.target_level,
            str(a.unit or ""),
            str(a.pic or ""),
            a.start_date,
            a.due_date,
            a.budget,
            a.get_status_display(),
            a.progress,
            a.notes,
            a.completed_at,
        ]  # fmt: skip
        for a in actions.select_related("indicator", "unit", "pic")
        .order_by("due_date", "pk")
        .iterator(chunk_size=CHUNK)
    )
    return header, rows


def items_table(cycle: Cycle) -> Table:
    """Frameworks valued item by item: every item with readiness and its verdict per stage."""
    from simpul.cycles import items
    from simpul.cycles.models import ItemReadiness
    from simpul.frameworks.models import Item

    stages = [stage for stage in items.VALUE_STAGES if stage != items.SELF]
    header = ["indikator", "butir", "tingkat", "siap_dinilai", *(f"putusan_{s}" for s in stages)]
    answers = list(cycle.answers.select_related("indicator").order_by("indicator__number"))
    framework_items = list(
        Item.objects.filter(indicator__framework=cycle.framework_id)
        .select_related("level")
        .order_by("position")
    )
    ready = set(
        ItemReadiness.objects.filter(answer__cycle=cycle, ready=True).values_list(
            "answer_id", "item_id"
        )
    )
    latest = items.latest_reviews(answers)
    rows = []
    for answer in answers:
        own = [item for item in framework_items if item.indicator_id == answer.indicator_id]
        states = {
            stage: items.item_states(own, items.stage_reviews(latest, answer.pk, stage))
            for stage in stages
        }
        for item in own:
            rows.append(
                [
                    answer.indicator.code,
                    item.code,
                    item.level.level,
                    "ya" if (answer.pk, item.pk) in ready else "",
                    *(_verdict_text(states[stage][item.code].verdict) for stage in stages),
                ]
            )
    return header, rows


# What a person reads in the workbook: sheet titles and column headings. The CSV files keep the
# keys (stable column names for scripts that read them); the workbook shows these labels.
SHEET_TITLES = {
    "ringkasan": "Ringkasan",
    "jawaban": "Jawaban",
    "data_dukung": "Data dukung",
    "riwayat": "Riwayat",
    "tindak_lanjut": "Tindak lanjut",
    "butir": "Butir",
}
_COLUMN_LABELS = {
    "pic": "PIC",
    "ukuran_byte": "Ukuran (bita)",
    "putusan_internal": "Putusan asesor internal",
    "nama_indikator": "Nama indikator",
}


def column_label(key: str) -> str:
    """`tingkat_sasaran` → "Tingkat sasaran"; `putusan_dokumen` → "Putusan penilaian dokumen"."""
    from simpul.cycles.models import Stage

    if key in _COLUMN_LABELS:
        return _COLUMN_LABELS[key]
    if key.startswith("putusan_") and key.removeprefix("putusan_") in Stage.values:
        return f"Putusan {Stage(key.removeprefix('putusan_')).label.lower()}"
    text = key.replace("_", " ")
    return text[:1].upper() + text[1:]


def _verdict_text(verdict: str | None) -> str:
    """A stored verdict as a person reads it ("otomatis_ditolak" is a code, not a word)."""
    from simpul.cycles import items

    if not verdict:
        return ""
    if verdict == items.AUTO_REJECTED:
        return "ditolak (otomatis)"
    return verdict


TABLES = {
    "jawaban": answers_table,
    "data_dukung": evidence_table,
    "riwayat": history_table,
    "tindak_lanjut": actions_table,
}


def all_tables(cycle: Cycle) -> Iterator[tuple[str, list[str], Iterator[list]]]:
    """(name, header, rows) of each table, one after the other; each table's rows are read
    only as they are consumed (consume them in the agency's zone: times are made local)."""
    tables = dict(TABLES)
    if not cycle.framework.engine().scored_by_level:
        tables["butir"] = items_table
    for name, build in tables.items():
        header, rows = build(cycle)
        yield name, header, ([plain(v) for v in row] for row in rows)
