"""Planning pages: what-if simulation and scenarios, the planner, effort estimates, actions.

Every view goes through `membership_required`; cycles come through `cycles.access.get_cycle`,
scenarios and actions through `access` (agency first): another agency's object is a 404.
Writes go through `actions`. Simulated levels live in the request only and are never
written to answers.
"""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from simpul.agencies.access import admin_required, capability_required
from simpul.core.choices import moved_query
from simpul.core.decorators import refusal_into
from simpul.core.params import positive_id
from simpul.core.versions import (
    VERSION_FIELD,
    add_version_field,
    current_or_conflict,
    model_version,
    posted_version,
)
from simpul.cycles.access import cycles_for, get_cycle
from simpul.cycles.items import stage_assessments, value_stage
from simpul.cycles.models import Cycle
from simpul.frameworks.models import Framework
from simpul.planner.defaults import assumptions
from simpul.planner.items import plan_item_roadmap
from simpul.planner.optimizer import PlanTooComplex, plan

from . import operations
from .access import (
    actions_for,
    can_edit_efforts,
    can_keep_scenarios,
    can_manage_actions,
    can_update_progress,
    get_action,
    get_scenario,
    scenarios_for,
)
from .forms import (
    ActionForm,
    EffortProfileForm,
    ItemEffortForm,
    ItemEffortUploadForm,
    ItemPlannerForm,
    PlannerForm,
    ProgressForm,
    ScenarioForm,
)
from .models import (
    ActionStatus,
    LevelSource,
    Scenario,
)
from .pages import (
    by_indicator,
    by_unit,
    level_inputs,
    simulation_rows,
    simulation_view,
    timeline,
)
from .planning import (
    agency_efforts,
    agency_item_efforts,
    current_start_key,
    default_item_stage,
    default_start,
    item_cycles,
    item_roadmap_view,
    plan_view,
    starts_for,
)
from .simulation import compare, read_levels, source_levels


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


@capability_required("action.read")
def index(request: HttpRequest) -> HttpResponse:
    cycles = cycles_for(request).select_related("framework").defer("framework__document")
    rows = actions_for(request).values("status").annotate(n=Count("pk")).order_by()
    counts = {row["status"]: row["n"] for row in rows}
    context = {
        "cycles": cycles.annotate(scenario_count=Count("scenarios")).order_by("-year"),
        "status_counts": [(label, counts.get(value, 0)) for value, label in ActionStatus.choices],
        "overdue": actions_for(request).overdue(timezone.localdate()).count(),
        "can_plan": request.membership.can("plan.read"),
    }
    return render(request, "plans/index.html", context)


# --- simulation ---------------------------------------------------------------------------


def _source(value: str | None) -> str:
    return LevelSource.parse(value) or LevelSource.SELF


def _simulation_page(
    request: HttpRequest,
    cycle: Cycle,
    data,
    *,
    source: str,
    scenario: Scenario | None = None,
    form: ScenarioForm | None = None,
    errors: list[str] | None = None,
) -> HttpResponse:
    """The simulation page (or its result fragment) for levels in `data` over the real ones."""
    engine = cycle.framework.engine()
    real = source_levels(cycle, source)
    start = {code: scenario.levels.get(code) for code in real} if scenario else real
    levels, level_errors = read_levels(engine.spec, data, start)
    context = {
        "cycle": cycle,
        "source": source,
        "sources": LevelSource.choices,
        "scenario": scenario,
        "rows": simulation_rows(engine.spec, real, levels),
        "view": simulation_view(engine, real, levels),
        "hidden_levels": level_inputs(engine.spec, levels),
        "errors": [*(errors or []), *level_errors],
        "form": form or ScenarioForm(),
        "can_save": can_keep_scenarios(request.membership),
    }
    template = "plans/simulate.html"
    return render(request, f"{template}#result" if _is_htmx(request) else template, context)


@capability_required("plan.read")
@vary_on_headers("HX-Request")
def simulate(request: HttpRequest, pk: int) -> HttpResponse:
    if moved := moved_query(request, sumber=LevelSource):
        return moved
    cycle = get_cycle(request, pk)
    if not cycle.framework.engine().scored_by_level:
        # Level simulation means nothing for items: the item planner starts from this cycle.
        return redirect(reverse("plans:item_planner") + "?" + urlencode({"periode": cycle.pk}))
    scenario = None
    if request.GET.get("skenario"):
        scenario = get_scenario(request, request.GET["skenario"])
        if scenario.cycle_id != cycle.pk:
            raise Http404
    source = scenario.source if scenario else _source(request.GET.get("sumber"))
    return _simulation_page(request, cycle, request.GET, source=source, scenario=scenario)


@capability_required("plan.edit")
@require_POST
def scenario_save(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_cycle(request, pk)
    source = _source(request.POST.get("sumber"))
    form = ScenarioForm(request.POST)
    levels, errors = read_levels(cycle.framework.spec(), request.POST, source_levels(cycle, source))
    if errors or not form.is_valid():
        return _simulation_page(request, cycle, request.POST, source=source, form=form)
    try:
        scenario = operations.save_scenario(
            cycle,
            name=form.cleaned_data["name"],
            source=source,
            levels=levels,
            membership=request.membership,
        )
    except operations.PlansError as error:
        form.add_error("name", error.message)
        return _simulation_page(request, cycle, request.POST, source=source, form=form)
    messages.success(request, _("Skenario “%(name)s” disimpan.") % {"name": scenario.name})
    return redirect("plans:scenarios")


@capability_required("plan.read")
def scenario_list(request: HttpRequest) -> HttpResponse:
    scenarios = list(scenarios_for(request).order_by("-cycle__year", "name"))
    context = {
        "scenarios": scenarios,
        "cycles": cycles_for(request).defer("self_assessment_snapshot").order_by("-year"),
        "sources": LevelSource.choices,
        "can_save": can_keep_scenarios(request.membership),
    }
    return render(request, "plans/scenarios.html", context)


@capability_required("plan.read")
def scenario_compare(request: HttpRequest) -> HttpResponse:
    if moved := moved_query(request, sumber=LevelSource):
        return moved
    first = get_scenario(request, request.GET.get("a", ""))
    second = get_scenario(request, request.GET["b"]) if request.GET.get("b") else None
    source = _source(request.GET.get("sumber") or first.source)
    cycle = first.cycle
    if second is not None and second.cycle.framework_id != cycle.framework_id:
        messages.error(
            request,
            _("Skenario “%(a)s” dan “%(b)s” memakai kerangka berbeda; tidak dapat dibandingkan.")
            % {"a": first.name, "b": second.name},
        )
        return redirect("plans:scenarios")
    engine = cycle.framework.engine()
    real = source_levels(cycle, source)
    columns = [(f"{_('Nyata')} · {cycle.year} · {LevelSource(source).label}", real)]
    for scenario in (first, second):
        if scenario is not None:
            columns.append((scenario.name, {code: scenario.levels.get(code) for code in real}))
    context = {
        "cycle": cycle,
        "first": first,
        "second": second,
        "source": source,
        "sources": LevelSource.choices,
        "view": compare(engine, columns),
    }
    return render(request, "plans/compare.html", context)


@capability_required("plan.edit")
@require_POST
def scenario_delete(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = get_scenario(request, pk)
    operations.delete_scenario(scenario, membership=request.membership)
    messages.success(request, _("Skenario “%(name)s” dibuang.") % {"name": scenario.name})
    return redirect("plans:scenarios")


# --- the planner --------------------------------------------------------------------------


def _run_plan(request: HttpRequest, form: PlannerForm) -> tuple[dict | None, str | None]:
    """Plan from a valid form: (the plan as shown, None) or (None, a message)."""
    data = form.cleaned_data
    start = data["start"]
    framework = start.cycle.framework
    engine = framework.engine()
    efforts, _profile = agency_efforts(request.membership.agency, framework)
    rules = assumptions(engine.spec).rules if data["aturan_usulan"] else ()
    try:
        result = plan(
            engine,
            data["levels"],
            data["targets"],
            efforts,
            locks=data["locks"],
            max_steps=data["maks_langkah"],
            rules=rules,
        )
    except PlanTooComplex as error:
        return None, _("Rencana tidak dapat dihitung tepat: %(reason)s.") % {
            "reason": error.message
        }
    return plan_view(engine.spec, engine, result, data["tahun"]), None


@capability_required("plan.read")
def planner(request: HttpRequest) -> HttpResponse:
    if moved := moved_query(request, awal=current_start_key):
        return moved
    starts = starts_for(request.membership.agency)
    chosen = default_start(starts)
    bound = request.GET if "awal" in request.GET else None
    form = PlannerForm(bound, starts=starts, initial={"awal": chosen.key if chosen else None})
    outcome = problem = None
    if form.is_bound and form.is_valid():
        outcome, problem = _run_plan(request, form)
        chosen = form.cleaned_data["start"]
    framework = chosen.cycle.framework if chosen else None
    context = {
        "form": form,
        "outcome": outcome,
        "problem": problem,
        "framework": framework,
        "assumptions": assumptions(framework.spec()) if framework else None,
        "efforts_unit": agency_efforts(request.membership.agency, framework)[0].unit
        if framework
        else None,
        "params": [(key, value) for key, values in request.GET.lists() for value in values],
        "can_act": can_manage_actions(request.membership),
    }
    return render(request, "plans/planner.html", context)


def _back_to_planner(request: HttpRequest) -> str:
    """The planner page with the inputs just posted, to show the plan again."""
    inputs = {key: value for key, value in request.POST.items() if key != "csrfmiddlewaretoken"}
    return reverse("plans:planner") + "?" + urlencode(inputs)


@admin_required
@require_POST
def plan_to_actions(request: HttpRequest) -> HttpResponse:
    form = PlannerForm(request.POST, starts=starts_for(request.membership.agency))
    if not form.is_valid():
        messages.error(request, _("Masukan perencana tidak lengkap; hitung ulang rencananya."))
        return redirect("plans:planner")
    outcome, problem = _run_plan(request, form)
    try:
        if problem:
            raise operations.PlansError(problem)
        made = operations.actions_from_plan(
            request.membership.agency,
            outcome["result"],
            start_cycle=form.cleaned_data["start"].cycle,
            first_year=form.cleaned_data["tahun"],
            membership=request.membership,
            today=timezone.localdate(),
        )
    except operations.PlansError as error:
        messages.error(request, error.message)
        return redirect(_back_to_planner(request))
    messages.success(request, _("%(n)s rencana aksi dibuat.") % {"n": len(made.created)})
    if made.skipped:
        messages.warning(
            request,
            _("Sudah ada rencana aksi terbuka, dilewati: indikator %(list)s.")
            % {"list": ", ".join(made.skipped)},
        )
    return redirect("plans:actions")


@capability_required("plan.read")
def efforts(request: HttpRequest, code: str) -> HttpResponse:
    framework = get_object_or_404(Framework.objects.defer("document"), code=code)
    if not framework.engine().scored_by_level:
        return _item_efforts(request, framework)
    agency = request.membership.agency
    current, profile = agency_efforts(agency, framework)
    editable = can_edit_efforts(request.membership)
    if request.method == "POST" and not editable:
        raise PermissionDenied
    form = EffortProfileForm(request.POST or None, spec=framework.spec(), efforts=current)
    form.fields["unit"].disabled = not editable
    add_version_field(form, profile.updated_at.isoformat() if profile else "")
    if request.method == "POST" and form.is_valid():
        with refusal_into(form):
            operations.save_effort_profile(
                agency,
                framework,
                unit=form.cleaned_data["unit"],
                efforts=form.cleaned_data["efforts"],
                membership=request.membership,
                version=posted_version(form),
            )
            messages.success(request, _("Perkiraan upaya tersimpan."))
            return redirect("plans:efforts", framework.code)
    context = {
        "framework": framework,
        "form": form,
        "profile": profile,
        "defaults": assumptions(framework.spec()),
        "editable": editable,
    }
    return render(request, "plans/efforts.html", context)


@admin_required
@require_POST
def efforts_reset(request: HttpRequest, code: str) -> HttpResponse:
    framework = get_object_or_404(Framework.objects.defer("document"), code=code)
    operations.reset_effort_profile(
        request.membership.agency, framework, membership=request.membership
    )
    messages.success(request, _("Upaya kembali ke nilai bawaan."))
    return redirect("plans:efforts", framework.code)


# --- the item planner ---------------------------------------------------------------------


def _run_item_plan(request: HttpRequest, form: ItemPlannerForm) -> tuple[dict | None, str | None]:
    """An item roadmap from a valid form: (the roadmap as shown, None) or (None, a message)."""
    data = form.cleaned_data
    cycle = data["cycle"]
    engine = cycle.framework.engine()
    start = stage_assessments(cycle)[data["tahap"]]
    efforts, unit, _profile = agency_item_efforts(request.membership.agency, cycle.framework)
    try:
        roadmap = plan_item_roadmap(engine, start, data["targets"], efforts)
    except PlanTooComplex as error:
        return None, _("Rencana tidak dapat dihitung tepat: %(reason)s.") % {
            "reason": error.message
        }
    view = item_roadmap_view(cycle, roadmap, data["tahun"], efforts, unit)
    view["ignored_values"] = bool(start.values)
    return view, None


@capability_required("plan.read")
def item_planner(request: HttpRequest) -> HttpResponse:
    if moved := moved_query(request, tahap=value_stage):
        return moved
    cycles = item_cycles(request.membership.agency)
    bound = request.GET if any(key.startswith("target_") for key in request.GET) else None
    initial = {}
    chosen = next((c for c in cycles if str(c.pk) == request.GET.get("periode")), None)
    chosen = chosen or (cycles[0] if cycles else None)
    if chosen is not None and bound is None:
        initial = {"periode": str(chosen.pk), "tahap": default_item_stage(chosen)}
    form = ItemPlannerForm(bound, cycles=cycles, initial=initial)
    outcome = problem = None
    if form.is_bound and form.is_valid():
        outcome, problem = _run_item_plan(request, form)
        chosen = form.cleaned_data["cycle"]
    unit = None
    if chosen is not None:
        unit = agency_item_efforts(request.membership.agency, chosen.framework)[1]
    context = {
        "form": form,
        "cycle": chosen,
        "outcome": outcome,
        "problem": problem,
        "efforts_unit": unit,
        "params": [(key, value) for key, values in request.GET.lists() for value in values],
        "can_act": can_manage_actions(request.membership),
    }
    return render(request, "plans/item_planner.html", context)


@admin_required
@require_POST
def item_plan_to_actions(request: HttpRequest) -> HttpResponse:
    form = ItemPlannerForm(request.POST, cycles=item_cycles(request.membership.agency))
    back = (
        reverse("plans:item_planner")
        + "?"
        + urlencode(
            {k: v for k, v in request.POST.items() if k not in ("csrfmiddlewaretoken", "per")}
        )
    )
    if not form.is_valid():
        messages.error(request, _("Masukan perencana tidak lengkap; hitung ulang rencananya."))
        return redirect(back)
    outcome, problem = _run_item_plan(request, form)
    try:
        if problem:
            raise operations.PlansError(problem)
        made = operations.actions_from_item_roadmap(
            request.membership.agency,
            outcome["roadmap"],
            start_cycle=form.cleaned_data["cycle"],
            first_year=form.cleaned_data["tahun"],
            per=request.POST.get("per", ""),
            membership=request.membership,
            today=timezone.localdate(),
            efforts=outcome["efforts"],
            unit_label=outcome["unit"],
        )
    except operations.PlansError as error:
        messages.error(request, error.message)
        return redirect(back)
    messages.success(request, _("%(n)s rencana aksi dibuat.") % {"n": len(made.created)})
    if made.skipped:
        messages.warning(
            request,
            _("Semua butirnya sudah ada dalam rencana aksi terbuka, dilewati: indikator %(list)s.")
            % {"list": ", ".join(made.skipped)},
        )
    return redirect("plans:actions")


def _item_efforts(request: HttpRequest, framework: Framework) -> HttpResponse:
    """The efforts page of a framework valued item by item: one effort per item, or a CSV."""
    agency = request.membership.agency
    efforts, unit, profile = agency_item_efforts(agency, framework)
    version = profile.updated_at.isoformat() if profile else ""
    editable = can_edit_efforts(request.membership)
    if request.method == "POST" and not editable:
        raise PermissionDenied
    spec = framework.spec()
    upload = request.method == "POST" and "berkas" in request.FILES
    data = request.POST if request.method == "POST" else None
    form = ItemEffortForm(
        None if upload else data, spec=spec, efforts=efforts, unit=unit, version=version
    )
    form.fields["unit"].disabled = not editable
    upload_form = ItemEffortUploadForm(
        data if upload else None, request.FILES if upload else None, spec=spec,
        initial={"versi": version},
    )  # fmt: skip
    target = upload_form if upload else form
    if request.method == "POST" and target.is_valid():
        with refusal_into(target):
            operations.save_item_efforts(
                agency,
                framework,
                unit=unit if upload else form.cleaned_data["unit"],
                efforts=upload_form.cleaned_data["berkas"]
                if upload
                else form.cleaned_data["efforts"],
                membership=request.membership,
                version=target.cleaned_data["versi"],
                replace=upload,
            )
            messages.success(request, _("Perkiraan upaya tersimpan."))
            return redirect("plans:efforts", framework.code)
    context = {
        "framework": framework,
        "form": form,
        "upload_form": upload_form,
        "profile": profile,
        "changed": len(efforts),
        "editable": editable,
    }
    return render(request, "plans/item_efforts.html", context)


# --- actions ------------------------------------------------------------------------------

VIEWS = {
    "unit": gettext_lazy("Per unit"),
    "indikator": gettext_lazy("Per indikator"),
    "terlambat": gettext_lazy("Lewat tenggat"),
    "linimasa": gettext_lazy("Linimasa"),
}


def _action_rows(request: HttpRequest):
    rows = actions_for(request).annotate(evidence_count=Count("evidence"))
    if status := ActionStatus.parse(request.GET.get("status")):
        rows = rows.filter(status=status)
    unit = request.GET.get("unit", "")
    if unit_id := positive_id(unit):
        rows = rows.filter(unit_id=unit_id)
    return rows, {"status": status, "unit": unit}


def _action_page(request: HttpRequest, view: str, groups, **extra) -> HttpResponse:
    context = {
        "view": view,
        "views": VIEWS,
        "groups": groups,
        "statuses": ActionStatus.choices,
        "units": request.membership.agency.units.order_by("name"),
        "today": timezone.localdate(),
        "can_manage": can_manage_actions(request.membership),
        **extra,
    }
    template = "plans/timeline.html" if view == "linimasa" else "plans/action_list.html"
    return render(request, template, context)


@capability_required("action.read")
def action_list(request: HttpRequest) -> HttpResponse:
    if moved := moved_query(request, status=ActionStatus):
        return moved
    rows, filters = _action_rows(request)
    return _action_page(request, "unit", by_unit(list(rows)), filters=filters)


@capability_required("action.read")
def action_by_indicator(request: HttpRequest) -> HttpResponse:
    if moved := moved_query(request, status=ActionStatus):
        return moved
    rows, filters = _action_rows(request)
    return _action_page(request, "indikator", by_indicator(list(rows)), filters=filters)


@capability_required("action.read")
def action_overdue(request: HttpRequest) -> HttpResponse:
    if moved := moved_query(request, status=ActionStatus):
        return moved
    rows, filters = _action_rows(request)
    late = list(rows.overdue(timezone.localdate()).order_by("due_date", "pk"))
    return _action_page(request, "terlambat", by_unit(late), filters=filters)


@capability_required("action.read")
def action_timeline(request: HttpRequest) -> HttpResponse:
    if moved := moved_query(request, status=ActionStatus):
        return moved
    rows, filters = _action_rows(request)
    items = list(rows.exclude(status=ActionStatus.CANCELLED).order_by("start_date", "due_date"))
    chart = timeline(items, timezone.localdate())
    return _action_page(request, "linimasa", [], filters=filters, chart=chart)


PROGRESS_FIELDS = (*operations.PROGRESS_FIELDS, "evidence")


def _initial_action(request: HttpRequest) -> dict:
    """Prefill from ?indikator=&periode= (the link on an answer page)."""
    initial = {"start_date": timezone.localdate()}
    today = timezone.localdate()
    initial["due_date"] = date(today.year, 12, 31)
    for key, name in (("indikator", "indicator"), ("periode", "cycle")):
        if chosen := positive_id(request.GET.get(key)):
            initial[name] = chosen
    return initial


@admin_required
def action_create(request: HttpRequest) -> HttpResponse:
    agency = request.membership.agency
    form = ActionForm(request.POST or None, agency=agency, initial=_initial_action(request))
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        evidence = values.pop("evidence")
        with refusal_into(form):
            action = operations.create_action(
                agency, membership=request.membership, evidence=evidence, **values
            )
            messages.success(request, _("Rencana aksi dibuat."))
            return redirect("plans:action", action.pk)
    return render(request, "plans/action_form.html", {"form": form, "action": None})


@admin_required
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_action(request, pk)
    fields = ActionForm._meta.fields
    version = model_version(action, fields)
    form = ActionForm(request.POST or None, agency=action.agency, instance=action)
    add_version_field(form, version)
    if request.method == "POST" and form.is_valid():
        values = {key: value for key, value in form.cleaned_data.items() if key != VERSION_FIELD}
        evidence = values.pop("evidence")
        with transaction.atomic():
            current = current_or_conflict(form, action, fields)
            if current is not None:
                with refusal_into(form):
                    operations.update_action(
                        current, membership=request.membership, evidence=evidence, **values
                    )
                    messages.success(request, _("Rencana aksi diperbarui."))
                    return redirect("plans:action", action.pk)
    return render(request, "plans/action_form.html", {"form": form, "action": action})


@capability_required("action.read")
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_action(request, pk)
    writable = can_update_progress(request.membership, action)
    if request.method == "POST" and not writable:
        raise PermissionDenied
    initial = {
        "status": action.status,
        "progress": action.progress,
        "notes": action.notes,
        "evidence": list(action.evidence.all()),
    }
    form = ProgressForm(request.POST or None, agency=action.agency, initial=initial)
    add_version_field(form, model_version(action, PROGRESS_FIELDS))
    if request.method == "POST" and form.is_valid():
        values = {key: value for key, value in form.cleaned_data.items() if key != VERSION_FIELD}
        evidence = values.pop("evidence")
        with transaction.atomic():
            current = current_or_conflict(form, action, PROGRESS_FIELDS)
            if current is not None:
                with refusal_into(form):
                    operations.update_action_progress(
                        current, membership=request.membership, evidence=evidence, **values
                    )
                    messages.success(request, _("Kemajuan rencana aksi tersimpan."))
                    return redirect("plans:action", action.pk)
    context = {
        "action": action,
        "origin": _origin(action),
        "documents": initial["evidence"],
        "form": form if writable else None,
        "can_manage": can_manage_actions(request.membership),
        "today": timezone.localdate(),
    }
    return render(request, "plans/action_detail.html", context)


def _origin(action) -> dict | None:
    """Where an action came from, as a link: the forum post or the meeting decision."""
    from simpul.forum.models import Post
    from simpul.meetings.models import Decision

    post = Post.objects.filter(action=action).select_related("thread").first()
    if post is not None:
        url = reverse("forum:thread", args=[post.thread_id]) + f"#post-{post.pk}"
        return {"label": _("Utas forum “%(title)s”") % {"title": post.thread.title}, "url": url}
    decision = Decision.objects.filter(action=action).select_related("item__meeting").first()
    if decision is not None:
        meeting = decision.item.meeting
        return {
            "label": _("Keputusan rapat “%(title)s”") % {"title": meeting.title},
            "url": reverse("meetings:detail", args=[meeting.pk]),
        }
    return None


@admin_required
@require_POST
def action_delete(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_action(request, pk)
    operations.delete_action(action, membership=request.membership)
    messages.success(request, _("Rencana aksi dihapus."))
    return redirect("plans:actions")
