"""Pages of evaluation cycles: the list, the cycle page, tasks, assignment, answers, results.

Every view goes through `membership_required` and fetches cycles and answers through
`access.get_cycle` / `access.get_answer` (agency first, then assignment for respondents);
every write goes through `actions`.
"""

from collections.abc import Callable
from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, F, Q, When
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from simpul.agencies.access import admin_required, capability_required
from simpul.agencies.models import Unit
from simpul.core.decorators import refusal_into, refusal_message
from simpul.core.downloads import private_download
from simpul.core.params import positive_id
from simpul.evidence.files import atomic_with_files
from simpul.evidence.models import EvidenceLink
from simpul.plans.pages import answer_actions, cycle_actions

from . import items, operations
from .access import (
    can_edit,
    can_review,
    can_set_stage_level,
    cycles_for,
    get_answer,
    get_cycle,
)
from .forms import (
    AcceptForm,
    AnswerForm,
    AssignForm,
    CycleOpenForm,
    LinkEvidenceForm,
    OfficialResultsForm,
    RequestChangesForm,
    StageLevelForm,
    VersionForm,
    WithdrawForm,
)
from .item_views import item_answer_page
from .models import (
    STAGE_LEVEL_FIELDS,
    Answer,
    AnswerQuerySet,
    AnswerStatus,
    Cycle,
    ItemReadiness,
    Stage,
)
from .overview import difference, summarise, summarise_result
from .pages import (
    answer_context,
    assignment_rows,
    cycle_answers,
    lock_summary,
    previous_figures,
    scale_levels,
)
from .reports import berita_acara_filename, berita_acara_pdf
from .results import OfficialResultsError, read_official_results


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


# --- cycles -----------------------------------------------------------------------------


@capability_required("cycle.read")
def cycle_list(request: HttpRequest) -> HttpResponse:
    cycles = (
        cycles_for(request)
        .select_related("framework")
        .defer("framework__document")
        .annotate(
            total=Count("answers"),
            answered=Count("answers", filter=Q(answers__self_level__isnull=False)),
            accepted=Count("answers", filter=Q(answers__status=AnswerStatus.ACCEPTED)),
        )
        .order_by("-year")
    )
    return render(request, "cycles/cycle_list.html", {"cycles": cycles})


@admin_required
def cycle_open(request: HttpRequest) -> HttpResponse:
    agency = request.membership.agency
    form = CycleOpenForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusal_into(form):
            cycle = operations.open_cycle(
                agency,
                year=data["year"],
                framework=data["framework"],
                include_visit=data["include_visit"],
                copy_from=data["copy_from"],
                user=request.user,
            )
            messages.success(request, _("Periode %(year)s dibuka.") % {"year": cycle.year})
            return redirect("cycles:detail", cycle.pk)
    return render(request, "cycles/cycle_open.html", {"form": form})


@capability_required("cycle.read")
@vary_on_headers("HX-Request")
def cycle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_cycle(request, pk)
    answers = cycle_answers(cycle)
    engine = cycle.framework.engine()
    result, values = items.self_values(cycle, answers)
    summary = summarise_result(engine, result)
    if not engine.scored_by_level:
        for answer in answers:
            answer.item_value = values[answer.indicator.code]
    rows = _filter_rows(request, answers)
    context = {
        "cycle": cycle,
        "summary": summary,
        "rows": rows,
        "filters": {"status": request.GET.get("status", ""), "unit": request.GET.get("unit", "")},
        "statuses": AnswerStatus.choices,
        "units": Unit.objects.for_agency(cycle.agency).order_by("name"),
        "counts": {
            "answered": _answered(cycle, answers, engine.scored_by_level),
            "with_evidence": sum(a.evidence_count > 0 for a in answers),
            "submitted": sum(a.status == AnswerStatus.SUBMITTED for a in answers),
            "accepted": sum(a.status == AnswerStatus.ACCEPTED for a in answers),
            "total": len(answers),
        },
        "today": timezone.localdate(),
        "events": cycle.events.select_related("actor")[:10],
        "plans": cycle_actions(request.membership, cycle),
        "item_cycle": not engine.scored_by_level,
    }
    context.update(_last_year(cycle, summary))
    template = "cycles/cycle_detail.html"
    return render(request, f"{template}#answers" if _is_htmx(request) else template, context)


def _answered(cycle: Cycle, answers: list[Answer], by_level: bool) -> int:
    """Answers with a level, or (valued item by item) with at least one item marked ready."""
    if by_level:
        return sum(a.self_level is not None for a in answers)
    ready = ItemReadiness.objects.filter(answer__cycle=cycle, ready=True)
    return ready.values("answer_id").distinct().count()


def _filter_rows(request: HttpRequest, answers: list[Answer]) -> list[Answer]:
    membership = request.membership
    rows = answers
    if not membership.can("cycle.read_all"):  # a respondent: the answers assigned to them
        rows = [a for a in rows if a.is_assigned_to(membership)]
    status = request.GET.get("status", "")
    if status in AnswerStatus.values:
        rows = [a for a in rows if a.status == status]
    unit = request.GET.get("unit", "")
    if unit_id := positive_id(unit):
        rows = [a for a in rows if any(u.pk == unit_id for u in a.units.all())]
    return rows


def _last_year(cycle: Cycle, summary) -> dict:
    previous, levels, official = previous_figures(cycle)
    if previous is None:
        return {"previous": None}
    engine = previous.framework.engine()
    before = summarise(engine, levels)
    same = previous.framework_id == cycle.framework_id
    return {
        "previous": previous,
        "previous_summary": before,
        "previous_official": official,
        "change": difference(engine, summary.result.index, before.result.index) if same else None,
    }


@admin_required
@require_POST
def cycle_advance(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_cycle(request, pk)
    with refusal_message(request):
        cycle = operations.advance_stage(cycle, membership=request.membership)
        messages.success(
            request, _("Periode kini pada tahap %(stage)s.") % {"stage": cycle.get_stage_display()}
        )
    return redirect("cycles:detail", cycle.pk)


LOCK_WORD = "KUNCI"


@admin_required
@require_http_methods(["GET", "POST"])
def cycle_lock(request: HttpRequest, pk: int) -> HttpResponse:
    """Locking cannot be undone once the external stage starts: a summary of what it seals,
    then a typed confirmation."""
    cycle = get_cycle(request, pk)
    error = None
    if request.method == "POST":
        typed = request.POST.get("konfirmasi", "").strip().upper()
        if typed != LOCK_WORD:
            error = _("Ketik %(word)s untuk mengunci; tidak ada yang dikunci.") % {
                "word": LOCK_WORD
            }
        else:
            try:
                operations.lock_self_assessment(cycle, membership=request.membership)
            except operations.ActionError as refused:
                error = refused.message
            else:
                messages.success(
                    request,
                    _("Penilaian mandiri dikunci; Berita Acara Penilaian Mandiri siap diunduh."),
                )
                return redirect("cycles:detail", cycle.pk)
    context = {"cycle": cycle, "summary": lock_summary(cycle), "error": error, "word": LOCK_WORD}
    return render(request, "cycles/lock_confirm.html", context, status=400 if error else 200)


@admin_required
@require_POST
def cycle_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_cycle(request, pk)
    with refusal_message(request):
        operations.unlock_self_assessment(
            cycle, membership=request.membership, reason=request.POST.get("alasan", "")
        )
        messages.success(request, _("Kunci penilaian mandiri dibuka; jawaban dapat diubah lagi."))
    return redirect("cycles:detail", cycle.pk)


@capability_required("cycle.read_all")
@private_download
def berita_acara(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_cycle(request, pk)
    if not cycle.is_locked:
        raise Http404
    response = HttpResponse(berita_acara_pdf(cycle), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{berita_acara_filename(cycle)}"'
    return response


# --- responsibility -----------------------------------------------------------------------


@capability_required("cycle.read")
def my_tasks(request: HttpRequest) -> HttpResponse:
    membership = request.membership
    open_answers = (
        Answer.objects.for_agency(membership.agency)
        .select_related("cycle", "indicator", "pic")
        .defer("cycle__self_assessment_snapshot")
        .order_by(F("due_date").asc(nulls_last=True), "-cycle__year", "indicator__number")
    )
    mandiri = open_answers.filter(
        cycle__stage=Stage.SELF_ASSESSMENT, cycle__self_assessment_locked_at__isnull=True
    )
    to_answer = to_review = to_assess = open_answers.none()
    if membership.can("cycle.answer"):
        mine = mandiri.filter(AnswerQuerySet.assigned_q(membership), status__in=operations.EDITABLE)
        # Work that came back comes first, with the assessor's comment.
        returned = Case(When(status=AnswerStatus.CHANGES_REQUESTED, then=0), default=1)
        to_answer = (
            mine.distinct()
            .annotate(returned=returned)
            .order_by(
                "returned", F("due_date").asc(nulls_last=True), "-cycle__year", "indicator__number"
            )
        )
    if can_review(membership):
        to_review = mandiri.filter(status=AnswerStatus.SUBMITTED)
    if can_set_stage_level(membership) and not membership.can("cycle.manage"):
        waiting = Q()
        for stage, field in STAGE_LEVEL_FIELDS.items():
            waiting |= Q(cycle__stage=stage, **{f"{field}__isnull": True})
        to_assess = open_answers.filter(waiting)
    revisions = []
    if membership.can("cycle.answer"):
        # Items sent back as "revisi", first of all: the assessor's comment comes with each.
        mine = open_answers.filter(AnswerQuerySet.assigned_q(membership)).distinct()
        revisions = items.revision_tasks(mine.filter(item_reviews__isnull=False).distinct())
    context = {
        "revisions": revisions,
        "to_answer": to_answer,
        "to_review": to_review,
        "to_assess": to_assess,
        "today": timezone.localdate(),
    }
    return render(request, "cycles/tasks.html", context)


@admin_required
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_cycle(request, pk)
    units, answers = assignment_rows(cycle)
    chosen = next((u for u in units if str(u.pk) == request.GET.get("saran")), None)
    initial = {}
    if chosen is not None:
        initial = {
            "units": [chosen.pk],
            "answers": [a.pk for a in answers if chosen in a.suggested],
        }
    form = AssignForm(request.POST or None, cycle=cycle, initial=initial)
    if request.method == "POST" and form.is_valid():
        with refusal_into(form):
            changed = operations.assign_answers(
                cycle,
                form.cleaned_data.pop("answers"),
                membership=request.membership,
                **form.cleaned_data,
            )
            messages.success(request, _("%(n)s indikator diperbarui.") % {"n": changed})
            return redirect("cycles:assign", cycle.pk)
    context = {
        "cycle": cycle,
        "form": form,
        "answers": answers,
        "units": units,
        "chosen": chosen,
        "selected": {str(value) for value in (form["answers"].value() or [])},
    }
    return render(request, "cycles/assign.html", context)


# --- official results -----------------------------------------------------------------------


@admin_required
def official_import(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_cycle(request, pk)
    form = OfficialResultsForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            levels = read_official_results(form.cleaned_data["file"].read(), cycle.framework.spec())
            outcome = operations.import_official_results(cycle, levels, user=request.user)
        except OfficialResultsError as error:
            for problem in error.problems:
                form.add_error("file", problem)
        except operations.ActionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Hasil resmi diimpor: %(given)s indikator, %(changed)s berubah.")
                % {"given": outcome.given, "changed": outcome.changed},
            )
            if outcome.missing:
                messages.warning(
                    request,
                    _("Tidak ada di berkas: %(codes)s.") % {"codes": ", ".join(outcome.missing)},
                )
            return redirect("cycles:comparison", cycle.pk)
    return render(request, "cycles/official_import.html", {"cycle": cycle, "form": form})


@capability_required("cycle.read_all")
def comparison(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_cycle(request, pk)
    answers = cycle_answers(cycle)
    engine = cycle.framework.engine()
    own = summarise(engine, {a.indicator.code: a.self_level for a in answers})
    official = summarise(engine, {a.indicator.code: a.final_level for a in answers})
    context = {
        "cycle": cycle,
        "answers": answers,
        "own": own,
        "official": official,
        "groups": list(zip(own.groups, official.groups, strict=True)),
        "change": difference(engine, official.result.index, own.result.index),
    }
    return render(request, "cycles/comparison.html", context)


# --- answers ----------------------------------------------------------------------------------


def _answer_page(
    request: HttpRequest, answer: Answer, *, status: int = 200, **extra
) -> HttpResponse:
    if items.is_item_framework(answer):
        return item_answer_page(request, answer, status=status, **extra)
    context = answer_context(request, answer, **extra)
    if _is_htmx(request) and "q" in request.GET:
        return render(request, "cycles/answer.html#evidence-choices", context)
    context["indicator_actions"] = answer_actions(request.membership, answer)
    return render(request, "cycles/answer.html", context, status=status)


def _answer_conflict(request: HttpRequest, conflict, levels) -> HttpResponse:
    """The answer page after a conflict: what the user typed stays, with the version saved
    now, so that saving again is on purpose."""
    data = request.POST.copy()
    data["version"] = str(conflict.answer.version)
    form = AnswerForm(data, levels=levels)
    if upload := request.FILES.get("file"):
        # Nothing was written, the file neither: say so beside the field.
        form.add_error(
            "file", _("Berkas “%(name)s” belum diunggah; pilih lagi.") % {"name": upload.name}
        )
    return _answer_page(request, conflict.answer, answer_form=form, conflict=conflict, status=409)


@capability_required("cycle.read")
@vary_on_headers("HX-Request")
def answer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    answer = get_answer(request, pk)
    if request.method != "POST":
        return _answer_page(request, answer)
    if not can_edit(request.membership, answer):
        raise PermissionDenied
    return _save_answer(request, answer, submit=False)


def _workflow(
    request: HttpRequest,
    answer: Answer,
    make_form: Callable[[QueryDict], Form],
    slot: str,
    act: Callable[[dict], Answer],
    done: str,
) -> HttpResponse:
    """Run one workflow action from its form; show the page again on any refusal."""
    form = make_form(request.POST)
    if not form.is_valid():
        return _answer_page(request, answer, **{slot: form})
    try:
        act(form.cleaned_data)
    except operations.AnswerConflict as conflict:
        # What the user typed stays; the current version lets them decide again.
        data = request.POST.copy()
        data[form.add_prefix("version")] = str(conflict.answer.version)
        return _answer_page(
            request, conflict.answer, conflict=conflict, status=409, **{slot: make_form(data)}
        )
    except operations.ActionError as error:
        form.add_error(None, error.message)
        return _answer_page(request, answer, **{slot: form})
    messages.success(request, done)
    return redirect("cycles:answer", answer.pk)


@capability_required("cycle.read")
@require_POST
def answer_submit(request: HttpRequest, pk: int) -> HttpResponse:
    answer = get_answer(request, pk)
    if not can_edit(request.membership, answer):
        raise PermissionDenied
    if "fact" in request.POST or "analysis" in request.POST:
        return _save_and_submit(request, answer)
    return _workflow(
        request,
        answer,
        VersionForm,
        "submit_form",
        lambda data: operations.submit_answer(
            answer, membership=request.membership, version=data["version"]
        ),
        _("Jawaban diajukan ke asesor internal."),
    )


WITHOUT_EVIDENCE = "tanpa_bukti"


def _save_and_submit(request: HttpRequest, answer: Answer) -> HttpResponse:
    """ "Simpan dan ajukan" from the answer form: what is on the screen is saved, then
    submitted, in one transaction; on any refusal nothing is written and the text stays."""
    return _save_answer(request, answer, submit=True)


def _save_answer(request: HttpRequest, answer: Answer, *, submit: bool) -> HttpResponse:
    """Save the answer form, with the file it carries (uploaded and linked) and, with
    `submit`, submit it: all in one transaction, so a refusal anywhere writes nothing."""
    levels = scale_levels(answer)
    form = AnswerForm(request.POST, request.FILES, levels=levels)
    if not form.is_valid():
        return _answer_page(request, answer, answer_form=form)
    upload = form.cleaned_data["file"]
    # Set by the "ajukan tanpa data dukung" button, once the page has asked.
    confirmed = request.POST.get(WITHOUT_EVIDENCE) == "1"
    unproven = upload is None and not EvidenceLink.objects.filter(answer=answer).exists()
    if submit and unproven and not confirmed:
        # Submitting with no evidence at all is rarely meant: ask, keeping what was typed.
        return _answer_page(request, answer, answer_form=form, ask_without_evidence=True)
    try:
        # One transaction for the answer, the file and the submission; a file stored before a
        # later step is refused is deleted with the rolled back rows (no orphan in the store).
        with atomic_with_files():
            saved = operations.save_answer(
                answer, membership=request.membership, **form.answer_data()
            )
            if upload is not None:
                _attach_file(request, saved, upload, form)
            if submit:
                operations.submit_answer(
                    saved, membership=request.membership, version=saved.version
                )
    except operations.AnswerConflict as conflict:
        return _answer_conflict(request, conflict, levels)
    except operations.ActionError as error:
        form.add_error(None, error.message)
        return _answer_page(request, answer, answer_form=form)
    except _FileRefused as refused:
        form.add_error("file", refused.message)
        return _answer_page(request, answer, answer_form=form)
    if submit:
        messages.success(request, _("Jawaban disimpan dan diajukan ke asesor internal."))
    else:
        messages.success(request, _("Jawaban tersimpan."))
    return redirect("cycles:answer", answer.pk)


class _FileRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _attach_file(request: HttpRequest, answer: Answer, upload, form: AnswerForm) -> None:
    """Upload the form's file to the library and link it to the level named (or chosen).
    A file the library already has is linked as that document rather than refused."""
    from simpul.evidence.operations import (
        DuplicateEvidenceError,
        EvidenceError,
        link_evidence,
        upload_evidence,
    )

    level = form.cleaned_data["file_level"]
    if level is None:
        level = answer.self_level
    if level is None:
        raise _FileRefused(
            _("Pilih tingkat untuk berkas “%(name)s”, atau pilih tingkat jawaban lebih dulu.")
            % {"name": upload.name}
        )
    try:
        try:
            evidence = upload_evidence(answer.cycle.agency, upload, user=request.user)
        except DuplicateEvidenceError as duplicate:
            evidence = duplicate.existing
        link_evidence(answer, evidence, level=level, user=request.user)
    except EvidenceError as error:
        raise _FileRefused(str(error)) from error
    except OSError as error:
        # The file store did not answer: nothing is saved, the text stays on the page.
        raise _FileRefused(
            _("Berkas “%(name)s” belum dapat disimpan (penyimpanan tidak menjawab); coba lagi.")
            % {"name": upload.name}
        ) from error


@capability_required("cycle.read")
@require_POST
def answer_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    answer = get_answer(request, pk)
    if not can_edit(request.membership, answer):
        raise PermissionDenied
    return _workflow(
        request,
        answer,
        WithdrawForm,
        "withdraw_form",
        lambda data: operations.withdraw_submission(
            answer, membership=request.membership, version=data["version"]
        ),
        _("Pengajuan ditarik kembali; jawaban dapat diubah lagi."),
    )


@capability_required("cycle.read")
@require_POST
def answer_request_changes(request: HttpRequest, pk: int) -> HttpResponse:
    answer = get_answer(request, pk)
    if not can_review(request.membership):
        raise PermissionDenied
    return _workflow(
        request,
        answer,
        RequestChangesForm,
        "changes_form",
        lambda data: operations.request_changes(answer, membership=request.membership, **data),
        _("Jawaban dikembalikan ke responden untuk diperbaiki."),
    )


@capability_required("cycle.read")
@require_POST
def answer_accept(request: HttpRequest, pk: int) -> HttpResponse:
    answer = get_answer(request, pk)
    if not can_review(request.membership):
        raise PermissionDenied
    return _workflow(
        request,
        answer,
        partial(AcceptForm, levels=scale_levels(answer)),
        "accept_form",
        lambda data: operations.accept_answer(answer, membership=request.membership, **data),
        _("Jawaban diterima."),
    )


@capability_required("cycle.read")
@require_POST
def answer_stage_level(request: HttpRequest, pk: int) -> HttpResponse:
    answer = get_answer(request, pk)
    if not can_set_stage_level(request.membership):
        raise PermissionDenied
    return _workflow(
        request,
        answer,
        partial(StageLevelForm, levels=scale_levels(answer)),
        "stage_form",
        lambda data: operations.set_stage_level(answer, membership=request.membership, **data),
        _("Nilai tahap tersimpan."),
    )


def _evidence_answer(request: HttpRequest, pk: int) -> Answer:
    """The answer whose evidence links the user may change, or 403/404."""
    answer = get_answer(request, pk)
    if not can_edit(request.membership, answer):
        raise PermissionDenied
    return answer


def _check_evidence_open(answer: Answer) -> None:
    if not answer.cycle.self_assessment_open or answer.status not in operations.EDITABLE:
        raise operations.ActionError(
            _("Data dukung hanya dapat diubah selama jawaban masih draf atau perlu perbaikan.")
        )


@capability_required("cycle.read")
@require_POST
def answer_link_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    from simpul.evidence.operations import EvidenceError, link_evidence

    answer = _evidence_answer(request, pk)
    form = LinkEvidenceForm(request.POST, agency=answer.cycle.agency, levels=scale_levels(answer))
    if not form.is_valid():
        return _answer_page(request, answer, link_form=form)
    try:
        _check_evidence_open(answer)
        link_evidence(answer, user=request.user, **form.cleaned_data)
    except (operations.ActionError, EvidenceError) as error:
        form.add_error(None, getattr(error, "message", None) or str(error))
        return _answer_page(request, answer, link_form=form)
    messages.success(
        request,
        _("“%(title)s” ditautkan ke tingkat %(level)s.")
        % {"title": form.cleaned_data["evidence"].title, "level": form.cleaned_data["level"]},
    )
    return redirect(reverse("cycles:answer", args=[answer.pk]) + "#data-dukung")


@capability_required("cycle.read")
@require_POST
def answer_unlink_evidence(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    from simpul.evidence.operations import unlink_evidence

    answer = _evidence_answer(request, pk)
    link = get_object_or_404(
        EvidenceLink.objects.filter(answer=answer).select_related("evidence"), pk=link_pk
    )
    with refusal_message(request):
        _check_evidence_open(answer)
        unlink_evidence(link, user=request.user)
        messages.success(request, _("Tautan “%(title)s” dilepas.") % {"title": link.evidence.title})
    return redirect(reverse("cycles:answer", args=[answer.pk]) + "#data-dukung")
