"""The answer page of an indicator assessed item by item (pemdi-2026): context and forms.

One page serves every role: the respondent links evidence to items and marks them ready;
assessors give verdicts per item at their stage and may set a value inside the band; the
coordinator enters external index scores. Queries are a fixed number whatever the number
of items or linked documents (the items, links, reviews and readiness are each one query).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django import forms
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simpul.core.choices import ReadingChoiceField
from simpul.evidence.models import Evidence, EvidenceLink
from simpul.frameworks.models import Item
from simpul.frameworks.spec import RULE_EXTERNAL

from . import items
from .access import can_edit, can_review, can_set_stage_level
from .forms import AnswerForm
from .models import (
    EXTERNAL_REVIEW_STAGES,
    Answer,
    ItemReadiness,
    ItemVerdict,
    ReviewStage,
    RevisionReason,
    Stage,
)
from .pages import _history

EVIDENCE_CHOICES = 200


class ItemReviewForm(forms.Form):
    item = forms.CharField(widget=forms.HiddenInput)
    # The verdict at this stage the page showed (0: none); absent on pages from before it existed.
    seen = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    verdict = ReadingChoiceField(
        label=_("Putusan"), choices=ItemVerdict.choices, reader=ItemVerdict.parse
    )
    reason = ReadingChoiceField(
        label=_("Alasan revisi"),
        choices=[("", _("— bukan revisi —")), *RevisionReason.choices],
        required=False,
        reader=RevisionReason.parse,
    )
    comment = forms.CharField(
        label=_("Catatan"),
        required=False,
        max_length=items.COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class StageValueForm(forms.Form):
    prefix = "nilai"
    value = forms.CharField(
        label=_("Nilai di dalam pita (kosongkan untuk menarik)"), required=False, max_length=20
    )
    reason = forms.CharField(
        label=_("Alasan"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ItemLinkForm(forms.Form):
    item = forms.CharField(widget=forms.HiddenInput)
    evidence = forms.ModelChoiceField(
        label=_("Dokumen dari pustaka"),
        queryset=Evidence.objects.none(),
        error_messages={
            "required": _("Pilih dokumen dari pustaka data dukung."),
            "invalid_choice": _("Dokumen itu tidak ada di pustaka data dukung instansi ini."),
        },
    )

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].queryset = Evidence.objects.for_agency(agency).order_by("title")


class ExternalScoreForm(forms.Form):
    prefix = "skor"
    score = forms.CharField(label=_("Skor (skala indeks itu sendiri)"), max_length=20)
    year = forms.IntegerField(label=_("Tahun skor"), min_value=2000, max_value=2100)
    source_url = forms.URLField(
        label=_("Tautan sumber"), required=False, max_length=1000, assume_scheme="https"
    )
    evidence = forms.ModelChoiceField(
        label=_("atau dokumen sumber dari pustaka"),
        queryset=Evidence.objects.none(),
        required=False,
    )
    note = forms.CharField(label=_("Keterangan"), required=False, max_length=2000)

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].queryset = Evidence.objects.for_agency(agency).order_by("title")


def review_stage_for(request: HttpRequest, answer: Answer) -> str | None:
    """The stage at which this person may give item verdicts now, if any."""
    cycle = answer.cycle
    membership = request.membership
    if cycle.stage in {stage.value for stage in EXTERNAL_REVIEW_STAGES}:
        return cycle.stage if can_set_stage_level(membership) else None
    if cycle.self_assessment_open and can_review(membership):
        return ReviewStage.INTERNAL.value
    return None


def stages_of(answer: Answer) -> list[tuple[str, str]]:
    shown = [
        (items.SELF, Stage.SELF_ASSESSMENT.label),
        (ReviewStage.INTERNAL.value, ReviewStage.INTERNAL.label),
    ]
    for stage in EXTERNAL_REVIEW_STAGES:
        if stage != ReviewStage.VISIT or answer.cycle.include_visit:
            shown.append((stage.value, stage.label))
    return shown


def item_answer_context(request: HttpRequest, answer: Answer, **extra) -> dict:
    cycle = answer.cycle
    membership = request.membership
    engine = cycle.framework.engine()
    indicator = answer.indicator
    framework_items = list(
        Item.objects.filter(indicator=indicator).select_related("level").order_by("position")
    )
    links = list(
        EvidenceLink.objects.filter(answer=answer, item__isnull=False)
        .select_related("evidence")
        .order_by("pk")
    )
    links_by_item = defaultdict(list)
    for link in links:
        links_by_item[link.item_id].append(link)
    ready = {
        row.item_id: row
        for row in ItemReadiness.objects.filter(answer=answer).select_related("updated_by")
    }
    latest = items.latest_reviews([answer])
    stages = stages_of(answer)
    reviewed = [stage for stage, _label in stages if stage != items.SELF]
    states = {
        stage: items.item_states(framework_items, items.stage_reviews(latest, answer.pk, stage))
        for stage in reviewed
    }
    values = []
    evaluations = items.evaluate_stages(cycle, answer, latest)
    for stage, label in stages:
        entry = next(v for v in evaluations[stage].indicators if v.code == indicator.code)
        values.append(
            {"stage": stage, "label": label, "value": engine.display(entry.value), "entry": entry}
        )
    viewer_stage = review_stage_for(request, answer)
    focus = viewer_stage or items.SELF
    focus_entry = next(v for v in evaluations[focus].indicators if v.code == indicator.code)
    editable = can_edit(membership, answer) and cycle.self_assessment_open
    newest = items.newest_reviews(latest, answer.pk)
    own = latest.get(answer.pk, {}).get(viewer_stage, {}) if viewer_stage else {}
    levels = []
    for level in indicator.levels.order_by("level"):
        rows = []
        for item in (i for i in framework_items if i.level_id == level.pk):
            readiness = ready.get(item.pk)
            last = newest.get(item.pk)
            is_ready = readiness is not None and readiness.ready
            rows.append(
                {
                    "item": item,
                    "links": links_by_item.get(item.pk, []),
                    "ready": is_ready,
                    # Sent back as revisi after it was marked ready: it may be resubmitted.
                    "resubmit": is_ready
                    and last is not None
                    and last.verdict == ItemVerdict.REVISION
                    and last.at > readiness.updated_at,
                    # The viewer's stage verdict the form was built on (0: none), sent back
                    # so that a verdict saved by someone else meanwhile is not overwritten.
                    "seen": getattr(own.get(item.pk), "pk", 0),
                    "verdicts": [
                        {"stage": stage, "label": label, "state": states[stage][item.code]}
                        for stage, label in stages
                        if stage != items.SELF
                    ],
                }
            )
        levels.append({"level": level, "rows": rows})
    next_step = _next_step(engine, indicator, focus_entry, framework_items, focus, states, ready)
    context = {
        "answer": answer,
        "cycle": cycle,
        "framework": cycle.framework,
        "indicator": indicator,
        "external": indicator.value_rule == RULE_EXTERNAL,
        # Only an indicator taken from another index has scores (record_external_score).
        "scores": list(
            cycle.external_scores.filter(indicator=indicator).select_related("actor", "evidence")[
                :5
            ]
        )
        if indicator.value_rule == RULE_EXTERNAL
        else [],
        "values": values,
        "focus_stage": focus,
        "next_step": next_step,
        "levels": levels,
        "editable": editable,
        "review_stage": viewer_stage,
        "review_form": ItemReviewForm(),
        # Rendered once per item: plain strings, not lazy labels resolved 35 times over.
        "verdict_choices": [(value, str(label)) for value, label in ItemVerdict.choices],
        "reason_choices": [
            (value, str(label)) for value, label in ItemReviewForm.base_fields["reason"].choices
        ],
        "item_codes": [item.code for item in framework_items],
        "value_form": StageValueForm()
        if viewer_stage and indicator.value_rule != RULE_EXTERNAL
        else None,
        "link_form": ItemLinkForm(agency=cycle.agency) if editable else None,
        "documents": list(
            Evidence.objects.for_agency(cycle.agency).order_by("title")[:EVIDENCE_CHOICES]
        )
        if editable
        else [],
        "score_form": ExternalScoreForm(
            agency=cycle.agency, initial={"year": timezone.localdate().year - 1}
        )
        if indicator.value_rule == RULE_EXTERNAL and membership.can("cycle.manage")
        else None,
        "history": _history(answer),
        "carried": items.carried_over(answer),
        "auto_rejected_text": items.AUTO_REJECTED_TEXT,
        "answer_form": AnswerForm(
            initial={"version": answer.version, "fact": answer.fact, "analysis": answer.analysis},
            levels=[],
        )
        if editable
        else None,
    }
    context.update({key: value for key, value in extra.items() if value is not None})
    return context


def _next_step(engine, indicator, entry, framework_items, stage, states, ready) -> dict | None:
    """What is missing for the next level at `stage`, and the value that would follow."""
    if entry.source == "external" or entry.items is None:
        return None
    level_items = [item for item in framework_items if item.level.level == entry.level]
    if stage == items.SELF:
        missing = [item for item in level_items if not (item.pk in ready and ready[item.pk].ready)]
    else:
        missing = [
            item for item in level_items if states[stage][item.code].verdict != ItemVerdict.ACCEPTED
        ]
    if not missing:
        return None
    band = engine.spec.value_band(entry.level)
    return {
        "level": entry.level,
        "accepted": entry.accepted,
        "total": entry.items,
        "missing": missing,
        "value_after": engine.display(Decimal(band.upper)),
        "value_now": engine.display(entry.value),
    }
