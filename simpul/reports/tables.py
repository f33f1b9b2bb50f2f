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
    # Plain tuples, not model instances: 20,000 rows are read at the cost of the rows alone.
    links = EvidenceLink.objects.filter(answer__cycle=cycle).order_by(
        "answer__indicator__number", "level", "pk"
    )
    rows = links.values_list(
        "answer__indicator__code", "level", "purpose", "note", "evidence__title",
        "evidence__document_type", "evidence__number", "evidence__issued_on",
        "evidence__effective_on", "evidence__issuing_unit__short_name",
        "evidence__issuing_unit__name", "evidence__url",
        "evidence__current_revision__original_name", "evidence__current_revision__number",
        "evidence__current_revision__size", "evidence__current_revision__uploaded_at",
    )  # fmt: skip
    return header, _evidence_rows(rows)


def _evidence_rows(rows) -> Iterator[list]:
    from simpul.evidence.models import DocumentType, EvidencePurpose

    # Each label translated once, not once a row (get_FOO_display costs more than the row).
    purposes = {value: str(label) for value, label in EvidencePurpose.choices}
    types = {value: str(label) for value, label in DocumentType.choices}
    for row in rows.iterator(chunk_size=CHUNK):
        (code, level, purpose, note, title, kind, number, issued, effective, unit_short,
         unit_name, url, original, revision, size, uploaded) = row  # fmt: skip
        yield [
            code, level, purposes.get(purpose, purpose), note, title, types.get(kind, kind),
            number, issued, effective, unit_short or unit_name or "", url, original or "",
            revision, size, uploaded,
        ]  # fmt: skip


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
    header = ["indikator", "butir", "tingkat", "siap_dinilai", *map(_verdict_column, stages)]
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
    if key.startswith("putusan_") and (stage := Stage.parse(key.removeprefix("putusan_"))):
        return f"Putusan {stage.label.lower()}"
    text = key.replace("_", " ")
    return text[:1].upper() + text[1:]


def _verdict_column(stage: str) -> str:
    """The CSV key of a stage's verdicts: `putusan_dokumen`, as published before the slugs."""
    from simpul.cycles.models import ReviewStage

    replaced = {slug: old for old, slug in ReviewStage.replaced_values().items()}
    return f"putusan_{replaced.get(stage, stage)}"


def _verdict_text(verdict: str | None) -> str:
    """A verdict as a person reads it, in the words the export has always used ("ditolak")."""
    from simpul.cycles import items
    from simpul.cycles.models import ItemVerdict

    if not verdict:
        return ""
    if verdict == items.AUTO_REJECTED:
        return "ditolak (otomatis)"
    replaced = {slug: old for old, slug in ItemVerdict.replaced_values().items()}
    return replaced.get(verdict, verdict)


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
