"""Write paths for cycles and answers: one function per operation, each atomic.

Views, the management command and tests all go through these functions, so the rules
(who may do what, in which status and stage) live in one place. Every change to an answer
bumps its `version` and writes an AnswerEvent; changes to the cycle as a whole write a
CycleEvent. A refusal raises ActionError with a message fit to show the user.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.accounts.models import User
from simpul.agencies.models import Agency, Membership, Unit
from simpul.core.errors import Refusal
from simpul.dashboard.operations import public_page_changed
from simpul.evidence.models import EvidenceLink
from simpul.frameworks.models import Framework, FrameworkMapping, MappingRole
from simpul.frameworks.values import exact_text

from . import notices
from .access import can_edit, can_review, can_set_stage_level
from .models import (
    Answer,
    AnswerEvent,
    AnswerStatus,
    Cycle,
    CycleEvent,
    EvidenceSuggestion,
    ItemReadiness,
    Stage,
)

EDITABLE = (AnswerStatus.DRAFT, AnswerStatus.CHANGES_REQUESTED)


class ActionError(Refusal):
    """A refused operation, with a message fit to show the user."""


class AnswerConflict(ActionError):
    """The answer changed since the version the user worked on; nothing was written.

    `answer` is the answer as saved now, `events` the changes made after the user's version.
    """

    status_code = 409

    def __init__(self, answer: Answer, events: list[AnswerEvent]) -> None:
        super().__init__(
            _(
                "Jawaban ini sudah diubah orang lain sejak Anda membukanya; perubahan Anda "
                "belum disimpan. Bandingkan dengan perubahan mereka di bawah ini, lalu simpan "
                "lagi bila isian Anda tetap yang benar."
            )
        )
        self.answer = answer
        self.events = events


# --- helpers --------------------------------------------------------------------------


def _lock(answer: Answer, version: int | None) -> Answer:
    """The answer re-read under a row lock; a conflict if it moved past `version`."""
    current = (
        Answer.objects.select_for_update(of=("self",))
        .select_related("cycle__framework", "indicator")
        .defer("cycle__framework__document")
        .get(pk=answer.pk)
    )
    if version is not None and current.version != version:
        # Events since the user's version; evidence events carry no version, so by time.
        newer = Q(version__gt=version)
        seen = current.events.filter(version=version).values_list("at", flat=True).first()
        if seen is not None:
            newer |= Q(version__isnull=True, at__gt=seen)
        events = list(current.events.filter(newer).select_related("actor").order_by("at", "pk"))
        raise AnswerConflict(current, events)
    return current


def _diff(answer: Answer, values: Mapping[str, Any]) -> dict[str, list]:
    changes = {}
    for field, new in values.items():
        old = getattr(answer, field)
        if old != new:
            if isinstance(old, str) and isinstance(new, str):
                changes[field] = _changed_part(old, new)
            else:
                changes[field] = [_plain(old), _plain(new)]
    return changes


# Characters of unchanged text kept on each side of an edit in the history.
CHANGE_CONTEXT = 40


def _changed_part(old: str, new: str) -> list[str]:
    """Old and new text cut down to what changed, with a little context marked by "…".

    A one-word fix in a long explanation stores that word, not the whole text twice.
    """
    limit = min(len(old), len(new))
    start = 0
    while start < limit and old[start] == new[start]:
        start += 1
    end = 0
    while end < limit - start and old[-1 - end] == new[-1 - end]:
        end += 1
    head = max(0, start - CHANGE_CONTEXT)
    prefix = ("…" if head else "") + old[head:start]
    suffix = old[len(old) - end :][:CHANGE_CONTEXT] + ("…" if end > CHANGE_CONTEXT else "")
    return [
        prefix + old[start : len(old) - end] + suffix,
        prefix + new[start : len(new) - end] + suffix,
    ]


# Fact, analysis and comments: long enough for any explanation, short enough to review.
ANSWER_TEXT_MAX = 20_000


def _check_length(label: str, text: str) -> None:
    if len(text) > ANSWER_TEXT_MAX:
        raise ActionError(
            _("%(field)s paling panjang %(max)s karakter; yang tertulis %(length)s karakter.")
            % {
                "field": label,
                "max": f"{ANSWER_TEXT_MAX:,}".replace(",", "."),
                "length": f"{len(text):,}".replace(",", "."),
            }
        )


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, User):
        return value.display_name
    return value


def _write(
    answer: Answer,
    values: Mapping[str, Any],
    *,
    kind: str,
    user: User | None,
    comment: str = "",
    changes: dict[str, list] | None = None,
) -> Answer:
    """Apply values, bump the version, save only those fields and record the event."""
    changes = _diff(answer, values) if changes is None else changes
    for field, value in values.items():
        setattr(answer, field, value)
    answer.version += 1
    answer.updated_by = user
    answer.save(update_fields=[*values, "version", "updated_by", "updated_at"])
    AnswerEvent.objects.create(
        answer=answer,
        kind=kind,
        actor=user,
        changes=changes,
        comment=comment,
        version=answer.version,
    )
    return answer


def allowed_levels(answer: Answer) -> list[int]:
    """The levels of the answer's indicator, from its scale in the framework file."""
    spec = answer.cycle.framework.spec()
    return [item.level for item in spec.scale(answer.indicator.scale).levels]


def _check_level(answer: Answer, level: int | None) -> None:
    levels = allowed_levels(answer)
    if level is not None and level not in levels:
        raise ActionError(
            _("Tingkat %(level)s tidak ada pada skala indikator ini (%(min)s sampai %(max)s).")
            % {"level": level, "min": min(levels), "max": max(levels)}
        )


def _check_open(cycle: Cycle) -> None:
    if cycle.is_locked:
        raise ActionError(
            _("Penilaian mandiri periode %(year)s sudah dikunci; jawaban tidak dapat diubah lagi.")
            % {"year": cycle.year}
        )
    if cycle.stage != Stage.SELF_ASSESSMENT:
        raise ActionError(
            _("Periode %(year)s sudah melewati tahap Penilaian Mandiri.") % {"year": cycle.year}
        )


def _check_status(answer: Answer, allowed: Iterable[str], doing: str) -> None:
    if answer.status not in allowed:
        raise ActionError(
            _("Jawaban berstatus “%(status)s” tidak dapat %(doing)s.")
            % {"status": answer.get_status_display(), "doing": doing}
        )


def _check_admin(membership: Membership, cycle: Cycle) -> None:
    if not membership.can("cycle.manage") or membership.agency_id != cycle.agency_id:
        raise ActionError(_("Hanya koordinator (admin) instansi ini yang dapat melakukannya."))


# --- cycles ---------------------------------------------------------------------------


@transaction.atomic
def open_cycle(
    agency: Agency,
    *,
    year: int,
    framework: Framework,
    include_visit: bool,
    user: User | None,
    copy_from: Cycle | None = None,
) -> Cycle:
    """Open a cycle with one draft answer per indicator, or carry last year's over.

    A copy keeps levels, explanations, units, PIC and evidence links (new links to the
    same documents); every answer starts again as a draft and points at last year's.
    """
    if Cycle.objects.filter(agency=agency, year=year).exists():
        raise ActionError(
            _("Instansi ini sudah memiliki periode evaluasi tahun %(year)s.") % {"year": year}
        )
    mapping = None
    if copy_from is not None:
        if copy_from.agency_id != agency.pk:
            raise ActionError(_("Periode sumber bukan milik instansi ini."))
        if copy_from.framework_id != framework.pk:
            mapping = FrameworkMapping.objects.filter(
                source_id=copy_from.framework_id, target=framework
            ).first()
        if copy_from.framework_id != framework.pk and mapping is None:
            raise ActionError(
                _(
                    "Periode %(year)s memakai kerangka lain (%(code)s) dan tidak ada pemetaan "
                    "antarversi ke kerangka ini; salinan hanya dapat dibuat dengan kerangka yang "
                    "sama atau yang terpetakan."
                )
                % {"year": copy_from.year, "code": copy_from.framework.code}
            )
    cycle = Cycle.objects.create(
        agency=agency,
        year=year,
        framework=framework,
        include_visit=include_visit,
        previous=copy_from,
        created_by=user,
    )
    old = {}
    if copy_from is not None and mapping is None:
        old = {a.indicator_id: a for a in copy_from.answers.prefetch_related("units")}
    answers = Answer.objects.bulk_create(
        _new_answer(cycle, indicator, old.get(indicator.pk), user)
        for indicator in framework.indicators.order_by("number")
    )
    if mapping is not None:
        _carry_over_mapped(answers, copy_from, mapping)
    elif copy_from is not None:
        _carry_over(answers, user)
    AnswerEvent.objects.bulk_create(
        AnswerEvent(
            answer=answer,
            kind=AnswerEvent.Kind.CREATED,
            actor=user,
            changes=_copied_values(answer),
            comment=_("Disalin dari periode %(year)s.") % {"year": copy_from.year}
            if copy_from
            else "",
            version=answer.version,
        )
        for answer in answers
    )
    CycleEvent.objects.create(
        cycle=cycle,
        kind=CycleEvent.Kind.OPENED,
        actor=user,
        changes={"copied_from": copy_from.year if copy_from else None},
    )
    return cycle


def _carry_over_mapped(answers: list[Answer], source: Cycle, mapping: FrameworkMapping) -> None:
    """Across instruments: units of the mapped answers, and their documents as suggestions.

    Nothing is linked: every document of an old answer mapped to a new indicator becomes a
    pending EvidenceSuggestion that the respondent accepts for an item, or rejects.
    """
    old = {a.indicator_id: a for a in source.answers.all()}
    pairs = list(mapping.pairs.order_by("role", "source__number"))
    by_indicator = {answer.indicator_id: answer for answer in answers}
    Through = Answer.units.through
    units = set()
    suggestions = {}
    links = defaultdict(list)
    for link in EvidenceLink.objects.filter(answer__cycle=source).order_by("level", "pk"):
        links[link.answer_id].append(link)
    for pair in pairs:
        new, previous = by_indicator.get(pair.target_id), old.get(pair.source_id)
        if new is None or previous is None:
            continue
        if pair.role == MappingRole.PRIMARY:
            units.update((new.pk, unit) for unit in previous.units.values_list("pk", flat=True))
        for link in links[previous.pk]:
            suggestions.setdefault(
                (new.pk, link.evidence_id),
                EvidenceSuggestion(
                    answer=new, evidence_id=link.evidence_id, source_answer=previous, pair=pair
                ),
            )
    Through.objects.bulk_create(Through(answer_id=a, unit_id=u) for a, u in sorted(units))
    EvidenceSuggestion.objects.bulk_create(suggestions.values())


def _new_answer(cycle: Cycle, indicator, old: Answer | None, user: User | None) -> Answer:
    answer = Answer(cycle=cycle, indicator=indicator, updated_by=user)
    if old is not None:
        answer.previous = old
        answer.self_level = old.self_level
        answer.fact = old.fact
        answer.analysis = old.analysis
        answer.pic_id = old.pic_id
    return answer


def _copied_values(answer: Answer) -> dict[str, list]:
    if answer.previous_id is None:
        return {}
    values = {"self_level": answer.self_level, "fact": answer.fact, "analysis": answer.analysis}
    return {field: [None, value] for field, value in values.items() if value not in (None, "")}


def _carry_over(answers: list[Answer], user: User | None) -> None:
    """Copy units and evidence links from each answer's previous answer."""
    by_previous = {answer.previous_id: answer for answer in answers if answer.previous_id}
    Through = Answer.units.through
    Through.objects.bulk_create(
        Through(answer_id=by_previous[row.answer_id].pk, unit_id=row.unit_id)
        for row in Through.objects.filter(answer_id__in=by_previous)
    )
    EvidenceLink.objects.bulk_create(
        EvidenceLink(
            evidence_id=link.evidence_id,
            answer=by_previous[link.answer_id],
            level=link.level,
            purpose=link.purpose,
            note=link.note,
            created_by=user,
        )
        for link in EvidenceLink.objects.filter(answer_id__in=by_previous)
    )


@transaction.atomic
def advance_stage(cycle: Cycle, *, membership: Membership) -> Cycle:
    """Move the cycle to its next stage; the self-assessment must be locked first."""
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    _check_admin(membership, cycle)
    following = cycle.next_stage()
    if following is None:
        raise ActionError(_("Periode ini sudah pada tahap terakhir (Hasil Akhir)."))
    if cycle.stage == Stage.SELF_ASSESSMENT and not cycle.is_locked:
        raise ActionError(
            _(
                "Kunci penilaian mandiri terlebih dahulu; setelah itu periode dapat pindah "
                "ke Penilaian Dokumen."
            )
        )
    old = cycle.stage
    cycle.stage = following
    cycle.save(update_fields=["stage"])
    CycleEvent.objects.create(
        cycle=cycle,
        kind=CycleEvent.Kind.STAGE,
        actor=membership.user,
        changes={"stage": [old, following]},
    )
    return cycle


def _numbers(answers: list[Answer]) -> str:
    return ", ".join(str(answer.indicator.number) for answer in answers)


def lock_refusal(spec, summary: dict) -> str | None:
    """Why locking is refused under the framework's rule `lock_requires_complete` (the answers
    still in draft, without evidence, without a level or in revisi, by indicator number), or
    None when the rule is off or every answer is complete. `summary` is `pages.lock_summary`."""
    if not spec.lock_requires_complete:
        return None
    by_status = summary["by_status"]
    revisi = by_status[AnswerStatus.CHANGES_REQUESTED] + [
        answer
        for answer in summary["in_revision"]
        if answer.status != AnswerStatus.CHANGES_REQUESTED
    ]
    revisi.sort(key=lambda answer: answer.indicator.number)
    parts = []
    for label, answers in (
        (_("masih draf"), by_status[AnswerStatus.DRAFT]),
        (_("tanpa data dukung"), summary["without_evidence"]),
        (_("belum bertingkat"), summary["no_level"]),
        (_("dalam revisi"), revisi),
    ):
        if answers:
            parts.append(
                _("%(what)s: indikator %(numbers)s") % {"what": label, "numbers": _numbers(answers)}
            )
    if not parts:
        return None
    return _(
        "Penilaian mandiri belum dapat dikunci: kerangka ini mewajibkan semua jawaban lengkap "
        "sebelum dikunci. %(parts)s. Tidak ada yang dikunci."
    ) % {"parts": _first_upper("; ".join(parts))}


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


@transaction.atomic
def lock_self_assessment(cycle: Cycle, *, membership: Membership) -> Cycle:
    """End the self-assessment: no more edits, and a snapshot for the Berita Acara."""
    cycle = (
        Cycle.objects.select_for_update(of=("self",))
        .select_related("agency", "framework")
        .defer("framework__document")
        .get(pk=cycle.pk)
    )
    _check_admin(membership, cycle)
    if cycle.is_locked:
        raise ActionError(_("Penilaian mandiri periode ini sudah dikunci."))
    if cycle.stage != Stage.SELF_ASSESSMENT:
        raise ActionError(_("Penilaian mandiri hanya dapat dikunci pada tahap Penilaian Mandiri."))
    if cycle.framework.engine().spec.lock_requires_complete:
        from .pages import lock_summary  # imported here: pages imports this module

        refusal = lock_summary(cycle)["refusal"]
        if refusal:
            raise ActionError(refusal)
    answers = list(
        cycle.answers.select_related("indicator")
        .prefetch_related("units")
        .order_by("indicator__number")
    )
    engine = cycle.framework.engine()
    from . import items  # imported here: items writes through this module

    # Valued item by item, what is locked is the items marked ready (docs/cycles.md).
    result, values = items.self_values(cycle, answers)
    ready = total_items = 0
    if not engine.scored_by_level:
        ready = ItemReadiness.objects.filter(answer__cycle=cycle, ready=True).count()
        total_items = sum(len(list(ind.items())) for ind, _g in engine.spec.indicators())
    now = timezone.now()
    cycle.self_assessment_locked_at = now
    cycle.self_assessment_locked_by = membership.user
    cycle.self_assessment_snapshot = {
        "locked_at": now.isoformat(),
        "locked_by": membership.user.display_name,
        "agency": cycle.agency.name,
        "year": cycle.year,
        "framework": cycle.framework.code,
        "framework_name": cycle.framework.name,
        "index": None if result.index is None else exact_text(result.index),
        "index_display": None if result.index is None else engine.display(result.index),
        "predicate": result.predicate,
        "answered": result.answered,
        "total": result.total,
        "minimum": engine.display(result.minimum),
        "maximum": engine.display(result.maximum),
        "valued": bool(values),
        "items_ready": ready,
        "items_total": total_items,
        "status_counts": {
            status.value: sum(1 for a in answers if a.status == status) for status in AnswerStatus
        },
        "indicators": [
            {
                "number": a.indicator.number,
                "code": a.indicator.code,
                "name": a.indicator.name,
                "level": a.self_level,
                "value": values.get(a.indicator.code),
                "status": a.status,
                "status_label": str(a.get_status_display()),
                "units": [str(unit) for unit in a.units.all()],
            }
            for a in answers
        ],
    }
    cycle.save(
        update_fields=[
            "self_assessment_locked_at",
            "self_assessment_locked_by",
            "self_assessment_snapshot",
        ]
    )
    public_page_changed(cycle.agency_id)
    CycleEvent.objects.create(
        cycle=cycle,
        kind=CycleEvent.Kind.LOCKED,
        actor=membership.user,
        changes={"index": cycle.self_assessment_snapshot["index"]},
    )
    AnswerEvent.objects.bulk_create(
        AnswerEvent(
            answer=a, kind=AnswerEvent.Kind.LOCKED, actor=membership.user, version=a.version
        )
        for a in answers
    )
    return cycle


@transaction.atomic
def unlock_self_assessment(cycle: Cycle, *, membership: Membership, reason: str) -> Cycle:
    """Open a locked self-assessment again, with a reason kept in the history, until the
    external assessment starts. The Berita Acara goes with the lock; a new lock makes a new
    one."""
    cycle = Cycle.objects.select_for_update(of=("self",)).get(pk=cycle.pk)
    _check_admin(membership, cycle)
    reason = " ".join(reason.split())
    if not reason:
        raise ActionError(_("Tulis alasan membuka kunci; alasan itu masuk riwayat periode."))
    if not cycle.is_locked:
        raise ActionError(_("Penilaian mandiri periode ini tidak sedang dikunci."))
    if cycle.stage != Stage.SELF_ASSESSMENT:
        raise ActionError(
            _("Kunci tidak dapat dibuka lagi: penilaian oleh asesor eksternal sudah dimulai.")
        )
    index = (cycle.self_assessment_snapshot or {}).get("index")
    cycle.self_assessment_locked_at = None
    cycle.self_assessment_locked_by = None
    cycle.self_assessment_snapshot = {}
    cycle.save(
        update_fields=[
            "self_assessment_locked_at",
            "self_assessment_locked_by",
            "self_assessment_snapshot",
        ]
    )
    public_page_changed(cycle.agency_id)
    CycleEvent.objects.create(
        cycle=cycle,
        kind=CycleEvent.Kind.UNLOCKED,
        actor=membership.user,
        changes={"reason": reason[:1000], "index": index},
    )
    return cycle


# --- responsibility -------------------------------------------------------------------


@transaction.atomic
def assign_answers(
    cycle: Cycle,
    answers: Iterable[Answer],
    *,
    membership: Membership,
    units: Iterable[Unit] = (),
    replace_units: bool = False,
    pic: User | None = None,
    due_date: date | None = None,
) -> int:
    """Give many answers units (added, or replacing the old ones), a PIC and a due date.

    A PIC or due date left empty keeps what each answer has. Returns how many changed.
    """
    _check_admin(membership, cycle)
    units = list(units)
    if any(unit.agency_id != cycle.agency_id for unit in units):
        raise ActionError(_("Unit kerja yang dipilih bukan milik instansi ini."))
    if (
        pic is not None
        and not Membership.objects.active().filter(agency=cycle.agency_id, user=pic).exists()
    ):
        raise ActionError(_("Penanggung jawab harus anggota aktif instansi ini."))
    targets = list(
        Answer.objects.select_for_update(of=("self",))
        .filter(cycle=cycle, pk__in=[answer.pk for answer in answers])
        .select_related("pic", "indicator", "cycle__agency")
        .prefetch_related("units")
    )
    if not targets:
        raise ActionError(_("Pilih sedikitnya satu indikator."))
    if not units and pic is None and due_date is None and not replace_units:
        raise ActionError(_("Pilih unit, penanggung jawab atau tenggat yang akan diberikan."))
    changed = 0
    newly: list[Answer] = []  # answers with new units or PIC: their people are told
    for answer in targets:
        old_units = sorted(str(unit) for unit in answer.units.all())
        new_set = {u.pk for u in units} | (
            set() if replace_units else {u.pk for u in answer.units.all()}
        )
        values = {}
        if pic is not None:
            values["pic"] = pic
        if due_date is not None:
            values["due_date"] = due_date
        changes = _diff(answer, values)
        if new_set != {unit.pk for unit in answer.units.all()}:
            answer.units.set(new_set)
            changes["units"] = [old_units, sorted(str(u) for u in answer.units.all())]
        if changes:
            _write(
                answer,
                values,
                kind=AnswerEvent.Kind.ASSIGNED,
                user=membership.user,
                changes=changes,
            )
            changed += 1
            if "units" in changes or "pic" in changes:
                newly.append(answer)
    CycleEvent.objects.create(
        cycle=cycle,
        kind=CycleEvent.Kind.ASSIGNED,
        actor=membership.user,
        changes={"answers": changed},
    )
    notices.assigned(newly, membership.user)
    return changed


# --- the answer workflow ----------------------------------------------------------------


@transaction.atomic
def save_answer(
    answer: Answer,
    *,
    membership: Membership,
    version: int,
    self_level: int | None,
    fact: str,
    analysis: str,
) -> Answer:
    """Save the respondent's level and explanation; a stale `version` is a conflict."""
    answer = _lock(answer, version)
    if not can_edit(membership, answer):
        raise ActionError(_("Anda tidak ditugasi menjawab indikator ini."))
    _check_open(answer.cycle)
    _check_status(answer, EDITABLE, _("diubah; minta asesor internal mengembalikannya"))
    _check_level(answer, self_level)
    values = {"self_level": self_level, "fact": fact.strip(), "analysis": analysis.strip()}
    _check_length(_("Fakta"), values["fact"])
    _check_length(_("Analisis"), values["analysis"])
    if not _diff(answer, values):
        return answer
    return _write(answer, values, kind=AnswerEvent.Kind.EDITED, user=membership.user)


@transaction.atomic
def submit_answer(answer: Answer, *, membership: Membership, version: int | None = None) -> Answer:
    """Hand the answer to the internal assessors."""
    answer = _lock(answer, version)
    if not can_edit(membership, answer):
        raise ActionError(_("Anda tidak ditugasi menjawab indikator ini."))
    _check_open(answer.cycle)
    _check_status(answer, EDITABLE, _("diajukan"))
    if answer.self_level is None:
        raise ActionError(_("Pilih dan simpan tingkat terlebih dahulu sebelum mengajukan jawaban."))
    answer = _write(
        answer,
        {"status": AnswerStatus.SUBMITTED},
        kind=AnswerEvent.Kind.SUBMITTED,
        user=membership.user,
    )
    notices.submitted(answer, membership.user)
    return answer


@transaction.atomic
def withdraw_submission(
    answer: Answer, *, membership: Membership, version: int | None = None
) -> Answer:
    """The respondent takes a submitted answer back to change it, until review starts (an
    internal assessor accepts it or sends it back)."""
    answer = _lock(answer, version)
    if not can_edit(membership, answer):
        raise ActionError(_("Anda tidak ditugasi menjawab indikator ini."))
    _check_open(answer.cycle)
    if answer.status != AnswerStatus.SUBMITTED:
        raise ActionError(
            _("Hanya jawaban yang diajukan dan belum ditinjau yang dapat ditarik kembali.")
        )
    return _write(
        answer,
        {"status": AnswerStatus.DRAFT},
        kind=AnswerEvent.Kind.WITHDRAWN,
        user=membership.user,
    )


@transaction.atomic
def request_changes(
    answer: Answer, *, membership: Membership, comment: str, version: int | None = None
) -> Answer:
    """Send the answer back to the respondent with what to fix."""
    answer = _lock(answer, version)
    if not can_review(membership):
        raise ActionError(_("Hanya asesor internal atau koordinator yang dapat meninjau jawaban."))
    _check_open(answer.cycle)
    _check_status(
        answer, (AnswerStatus.SUBMITTED, AnswerStatus.ACCEPTED), _("dikembalikan untuk perbaikan")
    )
    comment = comment.strip()
    if not comment:
        raise ActionError(_("Tulis catatan untuk responden: apa yang perlu diperbaiki."))
    _check_length(_("Catatan"), comment)
    values = {
        "status": AnswerStatus.CHANGES_REQUESTED,
        "review_comment": comment,
        "internal_level": None,
    }
    answer = _write(
        answer,
        values,
        kind=AnswerEvent.Kind.CHANGES_REQUESTED,
        user=membership.user,
        comment=comment,
    )
    notices.changes_requested(answer, membership.user)
    return answer


@transaction.atomic
def accept_answer(
    answer: Answer,
    *,
    membership: Membership,
    internal_level: int | None = None,
    comment: str = "",
    version: int | None = None,
) -> Answer:
    """Accept a submitted answer; the internal level defaults to the self-assessed one."""
    answer = _lock(answer, version)
    if not can_review(membership):
        raise ActionError(_("Hanya asesor internal atau koordinator yang dapat meninjau jawaban."))
    _check_open(answer.cycle)
    _check_status(answer, (AnswerStatus.SUBMITTED,), _("diterima"))
    level = answer.self_level if internal_level is None else internal_level
    _check_level(answer, level)
    values = {"status": AnswerStatus.ACCEPTED, "internal_level": level, "review_comment": ""}
    answer = _write(
        answer,
        values,
        kind=AnswerEvent.Kind.ACCEPTED,
        user=membership.user,
        comment=comment.strip(),
    )
    notices.accepted(answer, membership.user)
    return answer


@transaction.atomic
def set_stage_level(
    answer: Answer,
    *,
    membership: Membership,
    level: int | None,
    comment: str = "",
    version: int | None = None,
) -> Answer:
    """Record the external assessors' level for the cycle's current stage."""
    answer = _lock(answer, version)
    if not can_set_stage_level(membership):
        raise ActionError(
            _("Hanya asesor eksternal atau koordinator yang dapat mengisi nilai tahap.")
        )
    field = answer.cycle.stage_level_field
    if field is None:
        raise ActionError(
            _("Nilai tahap hanya dapat diisi pada tahap Penilaian Dokumen, Interviu atau Visitasi.")
        )
    _check_level(answer, level)
    if getattr(answer, field) == level:
        return answer
    return _write(
        answer,
        {field: level},
        kind=AnswerEvent.Kind.STAGE_LEVEL,
        user=membership.user,
        comment=comment.strip(),
    )


# --- official results -------------------------------------------------------------------


@dataclass(frozen=True)
class OfficialImport:
    changed: int
    given: int
    missing: list[str]


@transaction.atomic
def import_official_results(
    cycle: Cycle, levels: Mapping[str, int], *, user: User | None
) -> OfficialImport:
    """Store the official level per indicator code (already checked by `results.py`)."""
    cycle = (
        Cycle.objects.select_for_update(of=("self",))
        .select_related("framework")
        .defer("framework__document")
        .get(pk=cycle.pk)
    )
    if cycle.stage != Stage.FINAL:
        raise ActionError(
            _("Hasil resmi hanya dapat diimpor pada tahap Hasil Akhir (tahap sekarang: %(stage)s).")
            % {"stage": cycle.get_stage_display()}
        )
    answers = list(
        Answer.objects.select_for_update(of=("self",))
        .filter(cycle=cycle)
        .select_related("indicator", "cycle__framework")
        .defer("cycle__framework__document")
    )
    unknown = set(levels) - {a.indicator.code for a in answers}
    if unknown:
        raise ActionError(
            _("Indikator %(codes)s tidak ada di periode ini.")
            % {"codes": ", ".join(sorted(unknown))}
        )
    for answer in answers:
        if answer.indicator.code in levels:
            _check_level(answer, levels[answer.indicator.code])
    changed = 0
    for answer in answers:
        code = answer.indicator.code
        if code in levels and answer.final_level != levels[code]:
            _write(answer, {"final_level": levels[code]}, kind=AnswerEvent.Kind.OFFICIAL, user=user)
            changed += 1
    missing = [a.indicator.code for a in answers if a.indicator.code not in levels]
    CycleEvent.objects.create(
        cycle=cycle,
        kind=CycleEvent.Kind.OFFICIAL,
        actor=user,
        changes={"given": len(levels), "changed": changed},
    )
    public_page_changed(cycle.agency_id)
    return OfficialImport(changed=changed, given=len(levels), missing=missing)
