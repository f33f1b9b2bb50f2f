"""Views of item-by-item assessment (pemdi-2026): the answer page and its POST endpoints.

Every object comes through the cycles chokepoint (`get_answer`, `get_cycle`): another
agency's answer, item link or cycle is a 404. Every write is an action in items.py, which
checks the role again; a refusal shows the page again with the message and what was typed.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from simpul.agencies.scoping import membership_required
from simpul.evidence.models import EvidenceLink

from . import items
from .access import get_answer, get_cycle
from .actions import ActionError
from .item_pages import (
    ExternalScoreForm,
    ItemLinkForm,
    ItemReviewForm,
    StageValueForm,
    item_answer_context,
    review_stage_for,
)
from .models import CYCLE_ROLES, Answer


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


@membership_required(roles=CYCLE_ROLES)
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


@membership_required(roles=CYCLE_ROLES)
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
        )
    except ActionError as error:
        form.add_error(None, error.message)
        return item_answer_page(
            request, answer, review_form=form, review_item_code=data["item"], status=400
        )
    messages.success(request, _("Putusan butir %(code)s tersimpan.") % {"code": data["item"]})
    return _back(answer, _anchor(data["item"]))


@membership_required(roles=CYCLE_ROLES)
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


@membership_required(roles=CYCLE_ROLES)
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


@membership_required(roles=CYCLE_ROLES)
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


@membership_required(roles=CYCLE_ROLES)
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
