"""What the cycle and answer pages show, read in a fixed number of queries.

The views stay short by asking these functions for their context; nothing here writes.
"""

from __future__ import annotations

import re

from django.db.models import Count
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simpul.agencies.models import Unit
from simpul.evidence.models import Evidence, EvidenceLink
from simpul.frameworks.spec import IndicatorSpec

from .access import can_edit, can_review, can_set_stage_level
from .forms import (
    AcceptForm,
    AnswerForm,
    LinkEvidenceForm,
    RequestChangesForm,
    StageLevelForm,
    VersionForm,
    WithdrawForm,
)
from .models import Answer, AnswerEvent, AnswerStatus, Cycle, ItemVerdict, ReviewStage
from .operations import EDITABLE, AnswerConflict
from .rules import LinkedDocument, describe_rule, evidence_warnings
from .suggestions import suggested_units

EVIDENCE_CHOICES_LIMIT = 20
# Long indicator texts the cycle table never shows.
_INDICATOR_TEXTS = (
    "indicator__question",
    "indicator__description",
    "indicator__assessment_rule",
    "indicator__example_evidence",
    "indicator__notes",
)
_EXTRA_LABELS = {"evidence": _("data dukung"), "units": _("unit penanggung jawab")}
# History keys that name a review stage: "I1-L1-01 (document)" (a verdict), "nilai (document)".
_STAGE_KEY = re.compile(r"^(?P<head>.+) \((?P<stage>[a-z_]+)\)$")


def scale_levels(answer: Answer) -> list[tuple[int, str]]:
    """(level, name) of the answer's indicator scale, from the framework file."""
    spec = answer.cycle.framework.spec()
    return [(item.level, item.name) for item in spec.scale(answer.indicator.scale).levels]


def indicator_spec(answer: Answer) -> IndicatorSpec:
    spec = answer.cycle.framework.spec()
    return next(item for item, _group in spec.indicators() if item.code == answer.indicator.code)


def cycle_answers(cycle: Cycle) -> list[Answer]:
    """All answers of the cycle with what the table shows: three queries, however many links."""
    return list(
        cycle.answers.select_related("indicator", "pic")
        .defer(*_INDICATOR_TEXTS)
        .prefetch_related("units")
        .annotate(evidence_count=Count("evidence_links"))
        .order_by("indicator__number")
    )


def previous_figures(cycle: Cycle) -> tuple[Cycle | None, dict[str, int | None], bool]:
    """Last year's cycle, its levels by code and whether they are the official ones.

    The official (final) levels are used when last year has them for every indicator,
    otherwise the self-assessed ones.
    """
    cycles = Cycle.objects.for_agency(cycle.agency_id).select_related("framework")
    if cycle.previous_id is not None:
        cycles = cycles.filter(pk=cycle.previous_id)
    else:
        cycles = cycles.filter(year=cycle.year - 1)
    previous = cycles.defer("framework__document", "self_assessment_snapshot").first()
    if previous is None:
        return None, {}, False
    rows = list(previous.answers.values_list("indicator__code", "self_level", "final_level"))
    official = bool(rows) and all(final is not None for _code, _own, final in rows)
    return previous, {code: final if official else own for code, own, final in rows}, official


def assignment_rows(cycle: Cycle) -> tuple[list[Unit], list[Answer]]:
    """Active units, and every answer with `suggested`: the units its owner text names."""
    units = list(Unit.objects.for_agency(cycle.agency_id).filter(is_active=True))
    answers = list(
        cycle.answers.select_related("indicator", "pic")
        .defer(*_INDICATOR_TEXTS)
        .prefetch_related("units")
        .order_by("indicator__number")
    )
    keys = [(unit.pk, unit.name, unit.short_name) for unit in units]
    by_pk = {unit.pk: unit for unit in units}
    for answer in answers:
        found = suggested_units(answer.indicator.typical_owner_units, keys)
        answer.suggested = [by_pk[pk] for pk in found]
    return units, answers


# --- the answer page ----------------------------------------------------------------------


def answer_context(request: HttpRequest, answer: Answer, **extra) -> dict:
    membership = request.membership
    cycle = answer.cycle
    levels = scale_levels(answer)
    links = list(
        EvidenceLink.objects.filter(answer=answer)
        .select_related("evidence")
        .order_by("level", "pk")
    )
    rules = indicator_spec(answer).evidence_rules
    documents = [
        LinkedDocument(link.level, link.purpose, link.evidence.title, link.evidence.issued_on)
        for link in links
    ]
    editable = can_edit(membership, answer) and cycle.self_assessment_open
    editable = editable and answer.status in EDITABLE
    reviewable = can_review(membership) and cycle.self_assessment_open
    stage_field = cycle.stage_level_field if can_set_stage_level(membership) else None
    initial = {"version": answer.version}
    context = {
        "answer": answer,
        "cycle": cycle,
        "indicator": answer.indicator,
        "level_cards": _level_cards(answer, links),
        "warnings": evidence_warnings(
            answer.self_level,
            documents,
            rules,
            today=timezone.localdate(),
            lowest=min(level for level, _name in levels),
        ),
        "rules": [describe_rule(rule) for rule in rules],
        "editable": editable,
        "history": _history(answer),
        "last_year": _since_last_year(answer, links),
        "answer_form": AnswerForm(
            initial={
                **initial,
                "self_level": answer.self_level,
                "fact": answer.fact,
                "analysis": answer.analysis,
            },
            levels=levels,
        )
        if editable
        else None,
        "submit_form": VersionForm(initial=initial) if editable else None,
        "withdraw_form": WithdrawForm(initial=initial)
        if answer.status == AnswerStatus.SUBMITTED
        and can_edit(membership, answer)
        and cycle.self_assessment_open
        else None,
        "changes_form": RequestChangesForm(initial=initial)
        if reviewable and answer.status in (AnswerStatus.SUBMITTED, AnswerStatus.ACCEPTED)
        else None,
        "accept_form": AcceptForm(initial=initial, levels=levels)
        if reviewable and answer.status == AnswerStatus.SUBMITTED
        else None,
        "stage_field": stage_field,
        "stage_form": StageLevelForm(
            initial={**initial, "level": getattr(answer, stage_field)}, levels=levels
        )
        if stage_field
        else None,
        "link_form": LinkEvidenceForm(agency=cycle.agency, levels=levels) if editable else None,
        "query": request.GET.get("q", ""),
        "choices": _evidence_choices(request, answer) if editable else [],
    }
    context.update({key: value for key, value in extra.items() if value is not None})
    conflict = extra.get("conflict")
    if isinstance(conflict, AnswerConflict):
        context["conflict_events"] = [_event_row(event) for event in conflict.events]
    return context


def _level_cards(answer: Answer, links: list[EvidenceLink]) -> list[dict]:
    cards = []
    for level in answer.indicator.levels.order_by("level"):
        cards.append(
            {
                "level": level,
                "links": [link for link in links if link.level == level.level],
                "chosen": level.level == answer.self_level,
                "internal": level.level == answer.internal_level,
            }
        )
    return cards


def _evidence_choices(request: HttpRequest, answer: Answer) -> list[Evidence]:
    """Library documents whose title contains every word of `?q=`, for the link form."""
    documents = Evidence.objects.for_agency(answer.cycle.agency_id).order_by("-created_at")
    for word in request.GET.get("q", "").split():
        documents = documents.filter(title__icontains=word)
    return list(documents[:EVIDENCE_CHOICES_LIMIT])


def _since_last_year(answer: Answer, links: list[EvidenceLink]) -> dict | None:
    if answer.previous_id is None:
        return None
    previous = (
        Answer.objects.filter(pk=answer.previous_id)
        .select_related("cycle")
        .defer("cycle__self_assessment_snapshot")
        .first()
    )
    if previous is None:
        return None
    before = list(EvidenceLink.objects.filter(answer=previous).select_related("evidence"))
    before_ids = {link.evidence_id for link in before}
    now_ids = {link.evidence_id for link in links}
    return {
        "previous": previous,
        "level_changed": previous.self_level != answer.self_level,
        "fact_changed": previous.fact != answer.fact,
        "analysis_changed": previous.analysis != answer.analysis,
        "added": sorted(
            {link.evidence.title for link in links if link.evidence_id not in before_ids}
        ),
        "removed": sorted(
            {link.evidence.title for link in before if link.evidence_id not in now_ids}
        ),
    }


def _history(answer: Answer) -> list[dict]:
    events = answer.events.select_related("actor").order_by("-at", "-pk")
    return [_event_row(event) for event in events]


def _event_row(event: AnswerEvent) -> dict:
    return {
        "event": event,
        "changes": [
            (_label(field), _value(field, values[0], event), _value(field, values[1], event))
            for field, values in event.changes.items()
            if isinstance(values, list) and len(values) == 2
        ],
    }


def _label(field: str) -> str:
    if field in _EXTRA_LABELS:
        return str(_EXTRA_LABELS[field])
    staged = _STAGE_KEY.match(field)
    if staged and (stage := ReviewStage.parse(staged["stage"])) is not None:
        return f"{staged['head']} ({stage.label})"
    try:
        return str(Answer._meta.get_field(field).verbose_name)
    except Exception:  # noqa: BLE001 - a field removed since the event was written
        return field


def _value(field: str, value, event: AnswerEvent | None = None):
    if value is None or value == "" or value == []:
        return "—"
    # An item verdict reads as its label (a history written before the slugs too).
    if event is not None and event.kind == AnswerEvent.Kind.ITEM_REVIEW:
        verdict = ItemVerdict.parse(value)
        if verdict is not None:
            return verdict.label
    # A ready/accepted flag reads as a word, not as Python's True/False.
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
    if field == "status" and value in AnswerStatus.values:
        return AnswerStatus(value).label
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return value


def lock_summary(cycle: Cycle) -> dict:
    """What locking would seal, to show before the coordinator confirms (five queries), and
    why locking would be refused (`refusal`, None when it would not)."""
    from .items import latest_reviews, stage_reviews

    answers = list(cycle.answers.select_related("indicator").order_by("indicator__number"))
    by_status = {status: [] for status in AnswerStatus}
    for answer in answers:
        by_status[AnswerStatus(answer.status)].append(answer)
    linked = set(
        EvidenceLink.objects.filter(answer__cycle=cycle).values_list("answer_id", flat=True)
    )
    without_evidence = [answer for answer in answers if answer.pk not in linked]
    revisions = 0
    in_revision = []
    engine = cycle.framework.engine()
    if not engine.scored_by_level:
        latest = latest_reviews(answers)
        for answer in answers:
            count = sum(
                1
                for review in stage_reviews(latest, answer.pk, ReviewStage.INTERNAL).values()
                if review.verdict == ItemVerdict.REVISION
            )
            revisions += count
            if count:
                in_revision.append(answer)
    summary = {
        "total": len(answers),
        "statuses": [(status.label, len(by_status[status])) for status in AnswerStatus],
        "draft": by_status[AnswerStatus.DRAFT] + by_status[AnswerStatus.CHANGES_REQUESTED],
        "without_evidence": without_evidence,
        "no_level": [a for a in answers if a.self_level is None] if engine.scored_by_level else [],
        "revisions": revisions,
        "in_revision": in_revision,
        "by_status": by_status,
    }
    from .operations import lock_refusal

    summary["refusal"] = lock_refusal(engine.spec, summary)
    return summary
