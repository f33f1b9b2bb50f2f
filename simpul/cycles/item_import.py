"""Importing item verdicts from the national portal's export (CSV or XLSX).

Columns: item code, verdict, note, in any order, named as the portal or a person names them
(`kode butir`/`item`, `putusan`/`verdict`/`status`, `catatan`/`note`). Verdicts as the portal
writes them: "diterima", "revisi – tidak tepat", "revisi – belum diunggah", "ditolak",
"otomatis ditolak" (any dash, or in brackets). Every row is checked and every problem is
reported with its line number before anything is written: the import is all or nothing.
"Otomatis ditolak" rows are not stored: Simpul derives them from the level below (rule R6)
and the import checks that they agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from simpul.agencies.models import Membership
from simpul.core.errors import Refusal
from simpul.frameworks.models import Item

from . import items
from .models import (
    EXTERNAL_REVIEW_STAGES,
    Answer,
    AnswerEvent,
    Cycle,
    CycleEvent,
    ItemReview,
    ItemVerdict,
    ReviewStage,
    RevisionReason,
)
from .operations import ActionError
from .results import MAX_ROWS, OfficialResultsError, read_table

ITEM_HEADERS = ("item", "kode butir", "butir", "kode", "code")
VERDICT_HEADERS = ("verdict", "putusan", "status", "hasil")
NOTE_HEADERS = ("note", "catatan", "keterangan", "catatan asesor")
AUTOMATIC = "otomatis"
_SPACES = re.compile(r"[\s\-–—:()]+")
# The portal's wording, normalised (lower case, dashes, brackets and spaces folded).
VERDICT_TEXTS = {
    "diterima": (ItemVerdict.ACCEPTED, ""),
    "revisi tidak tepat": (ItemVerdict.REVISION, RevisionReason.NOT_RIGHT),
    "revisi belum diunggah": (ItemVerdict.REVISION, RevisionReason.NOT_UPLOADED),
    "revisi": (ItemVerdict.REVISION, RevisionReason.OTHER),
    "ditolak": (ItemVerdict.REJECTED, ""),
    "otomatis ditolak": (AUTOMATIC, ""),
}


class ItemImportError(Refusal):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class ImportedVerdicts:
    stored: int
    automatic: int
    by_verdict: dict[str, int]


def _normalise(text: object) -> str:
    return _SPACES.sub(" ", str(text).strip().lower()).strip()


def _column(names: list[str], accepted: tuple[str, ...], label: str, required: bool) -> int | None:
    matches = [i for i, name in enumerate(names) if name in accepted]
    if len(matches) > 1 or (required and not matches):
        raise ItemImportError(
            [
                _(
                    "Baris 1 harus berisi judul kolom kode butir, putusan dan (boleh) catatan; "
                    "kolom %(column)s tidak ditemukan tepat satu kali. Judul yang tertulis: "
                    "%(names)s."
                )
                % {"column": label, "names": ", ".join(names) or "—"}
            ]
        )
    return matches[0] if matches else None


def read_item_verdicts(data: bytes, cycle: Cycle) -> list[tuple[int, Item, str, str, str]]:
    """(line, item, verdict, reason, note) for every row; raises ItemImportError listing all."""
    try:
        header, rows = read_table(data)
    except OfficialResultsError as exc:
        raise ItemImportError(exc.problems) from exc
    names = [str(cell).strip().lower() for cell in header]
    item_at = _column(names, ITEM_HEADERS, "kode butir", True)
    verdict_at = _column(names, VERDICT_HEADERS, "putusan", True)
    note_at = _column(names, NOTE_HEADERS, "catatan", False)
    if not rows:
        raise ItemImportError([_("Berkas hanya berisi judul kolom; tidak ada baris putusan.")])
    if len(rows) > MAX_ROWS:
        raise ItemImportError([_("Berkas berisi lebih dari %(max)s baris.") % {"max": MAX_ROWS}])
    known = {
        item.code: item
        for item in Item.objects.filter(indicator__framework=cycle.framework_id).select_related(
            "level", "indicator"
        )
    }
    problems, out, seen = [], [], {}
    for line, cells in rows:
        code = str(cells[item_at]).strip()
        raw = cells[verdict_at]
        note = "" if note_at is None else str(cells[note_at] or "").strip()
        item = known.get(code)
        if item is None:
            problems.append(
                _("Baris %(line)s: butir “%(code)s” tidak ada dalam kerangka %(framework)s.")
                % {"line": line, "code": code[:60], "framework": cycle.framework.code}
            )
            continue
        if code in seen:
            problems.append(
                _("Baris %(line)s: butir %(code)s sudah ada di baris %(first)s.")
                % {"line": line, "code": code, "first": seen[code]}
            )
            continue
        seen[code] = line
        verdict = VERDICT_TEXTS.get(_normalise(raw))
        if verdict is None:
            problems.append(
                _(
                    "Baris %(line)s: putusan “%(value)s” tidak dikenal (yang dikenal: diterima, "
                    "revisi – tidak tepat, revisi – belum diunggah, ditolak, otomatis ditolak)."
                )
                % {"line": line, "value": str(raw)[:60]}
            )
            continue
        if len(note) > items.COMMENT_MAX:
            problems.append(
                _("Baris %(line)s: catatan paling panjang %(max)s karakter.")
                % {"line": line, "max": items.COMMENT_MAX}
            )
            continue
        out.append((line, item, verdict[0], verdict[1], note))
    if problems:
        raise ItemImportError(problems)
    return out


@transaction.atomic
def import_item_verdicts(
    cycle: Cycle, data: bytes, *, stage: str, membership: Membership
) -> ImportedVerdicts:
    """Store the portal's verdicts as the external assessors' reviews at `stage`.

    `stage` is a slug; the Indonesian value it replaced ("dokumen", ...) is read too.
    """
    stage = str(ReviewStage.parse(stage) or stage)
    if not membership.can("cycle.manage") or membership.agency_id != cycle.agency_id:
        raise ActionError(_("Hanya koordinator (admin) instansi ini yang dapat melakukannya."))
    if stage not in {value.value for value in EXTERNAL_REVIEW_STAGES}:
        raise ActionError(
            _("Putusan portal diimpor untuk tahap Penilaian Dokumen, Interviu atau Visitasi.")
        )
    rows = read_item_verdicts(data, cycle)
    answers = {
        answer.indicator_id: answer
        for answer in Answer.objects.select_for_update(of=("self",)).filter(cycle=cycle)
    }
    explicit = [row for row in rows if row[2] != AUTOMATIC]
    _check_automatic(rows, explicit)
    counts: dict[str, int] = {}
    touched: dict[int, dict] = {}
    for _line, item, verdict, reason, note in explicit:
        answer = answers[item.indicator_id]
        ItemReview.objects.create(
            answer=answer,
            item=item,
            stage=stage,
            verdict=verdict,
            reason=reason,
            comment=note,
            actor=membership.user,
        )
        counts[verdict] = counts.get(verdict, 0) + 1
        touched.setdefault(answer.pk, {})[f"{item.code} ({stage})"] = [None, verdict]
    for answer_id, changes in touched.items():
        answer = next(a for a in answers.values() if a.pk == answer_id)
        answer.version += 1
        answer.save(update_fields=["version", "updated_at"])
        AnswerEvent.objects.create(
            answer=answer,
            kind=AnswerEvent.Kind.ITEM_REVIEW,
            actor=membership.user,
            changes=changes,
            comment=_portal_comment(),
            version=answer.version,
        )
    automatic = len(rows) - len(explicit)
    with translation.override("id"):
        CycleEvent.objects.create(
            cycle=cycle,
            kind=CycleEvent.Kind.OFFICIAL,
            actor=membership.user,
            changes={"putusan butir": [None, len(explicit)], "otomatis ditolak": [None, automatic]},
            comment=_portal_comment(),
        )
    return ImportedVerdicts(len(explicit), automatic, counts)


def _portal_comment() -> str:
    with translation.override("id"):
        return _("Diimpor dari ekspor portal evaluasi nasional.")


def _check_automatic(rows: list, explicit: list) -> None:
    """An "otomatis ditolak" row must sit above a level that is not accepted in the file."""
    not_accepted: dict[int, int] = {}  # indicator id → lowest level with revisi or ditolak
    for _line, item, verdict, _reason, _note in explicit:
        if verdict in (ItemVerdict.REVISION, ItemVerdict.REJECTED):
            level = item.level.level
            current = not_accepted.get(item.indicator_id)
            not_accepted[item.indicator_id] = level if current is None else min(current, level)
    problems = []
    for line, item, verdict, _reason, _note in rows:
        if verdict != AUTOMATIC:
            continue
        below = not_accepted.get(item.indicator_id)
        if below is None or below >= item.level.level:
            problems.append(
                _(
                    "Baris %(line)s: butir %(code)s “otomatis ditolak”, tetapi berkas tidak "
                    "memuat butir yang ditolak atau direvisi di tingkat bawahnya."
                )
                % {"line": line, "code": item.code}
            )
    if problems:
        raise ItemImportError(problems)
