"""Views of item-by-item assessment (pemdi-2026): the answer page and its POST endpoints.

Every object comes through the cycles chokepoint (`get_answer`, `get_cycle`): another
agency's answer, item link or cycle is a 404. Every write is an action in items.py, which
checks the role again; a refusal shows the page again with the message and what was typed.
"""

from __future__ import annotations

from collections import defaultdict

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from simpul.agencies.access import admin_required, capability_required
from simpul.core.choices import ReadingChoiceField, moved_query
from simpul.evidence.models import EvidenceLink
from simpul.frameworks.models import Item

from . import items
from .access import get_answer, get_cycle
from .forms import RESULTS_MAX_BYTES
from .item_import import ItemImportError, import_item_verdicts
from .item_pages import (
    ExternalScoreForm,
    ItemLinkForm,
    ItemReviewForm,
    StageValueForm,
    item_answer_context,
    review_stage_for,
)
from .models import (
    EXTERNAL_REVIEW_STAGES,
    Answer,
    EvidenceSuggestion,
    ItemReadiness,
    ItemVerdict,
    ReviewStage,
)
from .operations import ActionError


def item_answer_page(
    request: HttpRequest, answer: Answer, *, status: int = 200, **extra
) -> HttpResponse:
    context = item_answer_context(request, answer, **extra)
    return render(request, "cycles/answer_items.html", context, status=status)


def _back(answer: Answer, anchor: str = "") -> HttpResponse:
    return redirect(reverse("cycles:answer", args=[answer.pk]) + (f"#{anchor}" if anchor else ""))


def _item_answer(request: HttpRequest, pk: int) -> Answer:
    answer = get_answer(request, pk)
    if not items.is_item_framework(answer):
        raise PermissionDenied
    return answer


def _anchor(code: str) -> str:
    return f"butir-{code}"


@capability_required("cycle.read")
@require_POST
def item_ready(request: HttpRequest, pk: int) -> HttpResponse:
    answer = _item_answer(request, pk)
    code = request.POST.get("item", "")
    ready = request.POST.get("ready") == "1"
    try:
        items.mark_item_ready(answer, code, ready=ready, membership=request.membership)
    except ActionError as error:
        messages.error(request, error.message)
    else:
        if ready:
            messages.success(request, _("Butir %(code)s ditandai siap dinilai.") % {"code": code})
        else:
            messages.success(request, _("Tanda siap butir %(code)s dibatalkan.") % {"code": code})
    return _back(answer, _anchor(code))


@capability_required("cycle.read")
@require_POST
def item_review(request: HttpRequest, pk: int) -> HttpResponse:
    answer = _item_answer(request, pk)
    stage = review_stage_for(request, answer)
    if stage is None:
        raise PermissionDenied
    form = ItemReviewForm(request.POST)
    if not form.is_valid():
        return item_answer_page(
            request, answer, review_form=form, review_item_code=form.data.get("item"), status=400
        )
    data = form.cleaned_data
    try:
        items.review_item(
            answer,
            data["item"],
            stage=stage,
            verdict=data["verdict"],
            reason=data["reason"],
            comment=data["comment"],
            membership=request.membership,
            seen=data["seen"],
        )
    except ActionError as error:
        form.add_error(None, error.message)
        return item_answer_page(
            request, answer, review_form=form, review_item_code=data["item"], status=400
        )
    messages.success(request, _("Putusan butir %(code)s tersimpan.") % {"code": data["item"]})
    return _back(answer, _anchor(data["item"]))


@capability_required("cycle.read")
@require_POST
def item_link(request: HttpRequest, pk: int) -> HttpResponse:
    answer = _item_answer(request, pk)
    form = ItemLinkForm(request.POST, agency=answer.cycle.agency)
    if not form.is_valid():
        return item_answer_page(
            request, answer, link_form=form, link_item_code=form.data.get("item"), status=400
        )
    code = form.cleaned_data["item"]
    try:
        items.link_item_evidence(
            answer, code, form.cleaned_data["evidence"], membership=request.membership
        )
    except ActionError as error:
        form.add_error(None, error.message)
        return item_answer_page(request, answer, link_form=form, link_item_code=code, status=400)
    messages.success(
        request,
        _("“%(title)s” ditautkan ke butir %(code)s.")
        % {"title": form.cleaned_data["evidence"].title, "code": code},
    )
    return _back(answer, _anchor(code))


@capability_required("cycle.read")
@require_POST
def item_unlink(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    answer = _item_answer(request, pk)
    link = get_object_or_404(
        EvidenceLink.objects.filter(answer=answer, item__isnull=False).select_related(
            "evidence", "item"
        ),
        pk=link_pk,
    )
    try:
        items.unlink_item_evidence(link, membership=request.membership)
    except ActionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Tautan “%(title)s” dilepas.") % {"title": link.evidence.title})
    return _back(answer, _anchor(link.item.code))


@capability_required("cycle.read")
@require_POST
def stage_value(request: HttpRequest, pk: int) -> HttpResponse:
    answer = _item_answer(request, pk)
    stage = review_stage_for(request, answer)
    if stage is None:
        raise PermissionDenied
    form = StageValueForm(request.POST)
    if not form.is_valid():
        return item_answer_page(request, answer, value_form=form, status=400)
    try:
        items.set_stage_value(
            answer,
            stage=stage,
            value=form.cleaned_data["value"].strip() or None,
            reason=form.cleaned_data["reason"],
            membership=request.membership,
        )
    except ActionError as error:
        form.add_error(None, error.message)
        return item_answer_page(request, answer, value_form=form, status=400)
    messages.success(request, _("Nilai indikator tersimpan."))
    return _back(answer, "nilai")


@capability_required("cycle.read")
@require_POST
def external_score(request: HttpRequest, pk: int) -> HttpResponse:
    answer = _item_answer(request, pk)
    form = ExternalScoreForm(request.POST, agency=answer.cycle.agency)
    if not form.is_valid():
        return item_answer_page(request, answer, score_form=form, status=400)
    data = form.cleaned_data
    try:
        items.record_external_score(
            get_cycle(request, answer.cycle_id),
            answer.indicator.code,
            score=data["score"],
            year=data["year"],
            source_url=data["source_url"],
            evidence=data["evidence"],
            note=data["note"],
            membership=request.membership,
        )
    except ActionError as error:
        form.add_error(None, error.message)
        return item_answer_page(request, answer, score_form=form, status=400)
    messages.success(request, _("Skor indeks lain tersimpan."))
    return _back(answer, "nilai")


class ItemVerdictImportForm(forms.Form):
    stage = ReadingChoiceField(
        label=gettext_lazy("Tahap"),
        choices=[(stage.value, stage.label) for stage in EXTERNAL_REVIEW_STAGES],
        reader=ReviewStage.parse,
    )
    file = forms.FileField(label=gettext_lazy("Berkas CSV atau XLSX dari portal"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > RESULTS_MAX_BYTES:
            raise forms.ValidationError(
                _("Berkas lebih dari 2 MB; ini bukan ekspor putusan butir.")
            )
        return upload


@admin_required
def item_verdict_import(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_cycle(request, pk)
    form = ItemVerdictImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = import_item_verdicts(
                cycle,
                form.cleaned_data["file"].read(),
                stage=form.cleaned_data["stage"],
                membership=request.membership,
            )
        except ItemImportError as error:
            for problem in error.problems:
                form.add_error("file", problem)
        except ActionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Putusan butir diimpor: %(stored)s disimpan, %(automatic)s otomatis ditolak.")
                % {"stored": outcome.stored, "automatic": outcome.automatic},
            )
            url = reverse("cycles:item_comparison", args=[cycle.pk])
            return redirect(f"{url}?tahap={form.cleaned_data['stage']}")
    return render(request, "cycles/item_import.html", {"cycle": cycle, "form": form})


@capability_required("cycle.read_all")
def item_comparison(request: HttpRequest, pk: int) -> HttpResponse:
    """The self-assessment (items marked ready) against a stage's verdicts, item by item."""
    cycle = get_cycle(request, pk)
    if moved := moved_query(request, tahap=ReviewStage):
        return moved
    stages = [(stage.value, stage.label) for stage in EXTERNAL_REVIEW_STAGES]
    stages.insert(0, (ReviewStage.INTERNAL.value, ReviewStage.INTERNAL.label))
    stage = request.GET.get("tahap", EXTERNAL_REVIEW_STAGES[0].value)
    if stage not in dict(stages):
        stage = EXTERNAL_REVIEW_STAGES[0].value
    answers = list(cycle.answers.select_related("indicator").order_by("indicator__number"))
    framework_items = list(
        Item.objects.filter(indicator__framework=cycle.framework_id)
        .select_related("level", "indicator")
        .order_by("indicator__number", "position")
    )
    ready = set(
        ItemReadiness.objects.filter(answer__cycle=cycle, ready=True).values_list(
            "item_id", flat=True
        )
    )
    latest = items.latest_reviews(answers)
    evaluations = items.evaluate_stages(cycle, latest=latest)
    mine = {value.code: value for value in evaluations[items.SELF].indicators}
    theirs = {value.code: value for value in evaluations[stage].indicators}
    items_of = defaultdict(list)
    for item in framework_items:
        items_of[item.indicator_id].append(item)
    engine = cycle.framework.engine()
    rows = []
    for answer in answers:
        own = items_of[answer.indicator_id]
        states = items.item_states(own, items.stage_reviews(latest, answer.pk, stage))
        code = answer.indicator.code
        rows.append(
            {
                "answer": answer,
                "self": engine.display(mine[code].value),
                "official": engine.display(theirs[code].value),
                "items": [
                    {
                        "item": item,
                        "ready": item.pk in ready,
                        "state": states[item.code],
                        "differs": (item.pk in ready)
                        != (states[item.code].verdict == ItemVerdict.ACCEPTED),
                    }
                    for item in own
                ],
            }
        )
    context = {
        "cycle": cycle,
        "stages": stages,
        "stage": stage,
        "stage_label": dict(stages)[stage],
        "rows": rows,
        "self_index": engine.display(evaluations[items.SELF].result.index),
        "official_index": engine.display(evaluations[stage].result.index),
        "official_predicate": evaluations[stage].result.predicate,
        "auto_rejected_text": items.AUTO_REJECTED_TEXT,
    }
    return render(request, "cycles/item_comparison.html", context)


def _suggestion(request: HttpRequest, pk: int, suggestion_pk: int):
    answer = _item_answer(request, pk)
    return answer, get_object_or_404(
        EvidenceSuggestion.objects.filter(answer=answer).select_related("evidence", "answer"),
        pk=suggestion_pk,
    )


@capability_required("cycle.read")
@require_POST
def accept_suggestion(request: HttpRequest, pk: int, suggestion_pk: int) -> HttpResponse:
    answer, suggestion = _suggestion(request, pk, suggestion_pk)
    code = request.POST.get("item", "")
    try:
        items.accept_suggestion(suggestion, code, membership=request.membership)
    except ActionError as error:
        messages.error(request, error.message)
        return _back(answer, "dari-periode-lalu")
    messages.success(
        request,
        _("“%(title)s” ditautkan ke butir %(code)s.")
        % {"title": suggestion.evidence.title, "code": code},
    )
    return _back(answer, _anchor(code))


@capability_required("cycle.read")
@require_POST
def reject_suggestion(request: HttpRequest, pk: int, suggestion_pk: int) -> HttpResponse:
    answer, suggestion = _suggestion(request, pk, suggestion_pk)
    try:
        items.reject_suggestion(suggestion, membership=request.membership)
    except ActionError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Saran “%(title)s” ditolak.") % {"title": suggestion.evidence.title}
        )
    return _back(answer, "dari-periode-lalu")
