"""National comparison pages: an agency's standing (members except partners), the manual link
(admin) and the national table (platform staff)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from simpul.agencies.access import admin_required, capability_required
from simpul.agencies.models import AgencyCategory
from simpul.core.choices import moved_query
from simpul.core.decorators import staff_required
from simpul.core.params import positive_id

from . import operations, queries
from .models import DOMAIN_NAMES, AgencyLink, PublishedResult

SORTS = {"name", "index", "d1", "d2", "d3", "d4", "province", "category"}


@capability_required("national.read")
def comparison(request: HttpRequest) -> HttpResponse:
    agency = request.membership.agency
    year = request.GET.get("tahun")
    result = queries.comparison_for(agency, positive_id(year))
    history = queries.history_for(agency)
    return render(
        request,
        "national/comparison.html",
        {
            "comparison": result,
            "history": history,
            "link": AgencyLink.objects.filter(agency=agency).first(),
            "is_admin": request.membership.is_admin,
            "domain_names": DOMAIN_NAMES,
            "mismatches": _mismatches(agency, history),
        },
    )


def _mismatches(agency, history: list[dict]) -> list[dict]:
    """Years whose official result imported in Simpul differs from the published one."""
    from simpul.dashboard.pages import official_against_published
    from simpul.dashboard.queries import cycle_scores

    return official_against_published(cycle_scores(agency), history) if history else []


@admin_required
def link(request: HttpRequest) -> HttpResponse:
    agency = request.membership.agency
    latest = (queries.years() or [None])[0]
    choices = PublishedResult.objects.filter(year=latest, category=agency.category).order_by("name")
    if request.method == "POST":
        chosen = request.POST.get("result", "")
        result = choices.filter(pk=positive_id(chosen)).first() if positive_id(chosen) else None
        if result is None:
            messages.error(request, _("Pilih satu instansi dari daftar hasil nasional."))
        else:
            operations.link_agency(agency, result, request.user)
            messages.success(
                request, _("Instansi ditautkan ke “%(name)s”.") % {"name": result.name}
            )
            return redirect("national:comparison")
    current = AgencyLink.objects.filter(agency=agency).first()
    return render(
        request, "national/link.html", {"choices": choices, "current": current, "year": latest}
    )


@admin_required
@require_POST
def unlink(request: HttpRequest) -> HttpResponse:
    operations.unlink_agency(request.membership.agency)
    messages.success(request, _("Tautan manual dihapus; pencocokan nama otomatis dipakai lagi."))
    return redirect("national:comparison")


def filtered_rows(request: HttpRequest, year: int | None) -> tuple[list[dict], dict]:
    chosen = {
        "category": request.GET.get("kategori", ""),
        "province": request.GET.get("provinsi", ""),
        "q": request.GET.get("q", "").strip(),
        "sort": request.GET.get("urut", "index"),
    }
    rows = PublishedResult.objects.filter(year=year)
    if chosen["category"] in AgencyCategory.values:
        rows = rows.filter(category=chosen["category"])
    if chosen["province"]:
        rows = rows.filter(province=chosen["province"])
    if chosen["q"]:
        rows = rows.filter(name__icontains=chosen["q"])
    field = chosen["sort"].lstrip("-")
    field = field if field in SORTS else "index"
    descending = chosen["sort"].startswith("-") or (chosen["sort"] == "index")
    order = [f"-{field}" if descending else field, "name"]
    return list(rows.order_by(*order).values(*queries.FIELDS)), chosen


# The published national results are SPBE 2020 evaluations: its predicates, best first.
PREDICATES = ["Memuaskan", "Sangat Baik", "Baik", "Cukup", "Kurang"]


@staff_required
def national_table(request: HttpRequest) -> HttpResponse:
    if moved := moved_query(request, kategori=AgencyCategory):
        return moved
    all_years = queries.years()
    year = request.GET.get("tahun")
    year = positive_id(year) if positive_id(year) in all_years else (all_years or [None])[0]
    rows, chosen = filtered_rows(request, year)
    everyone = queries.year_rows(year)
    return render(
        request,
        "national/table.html",
        {
            "domain_names": DOMAIN_NAMES,
            "rows": rows,
            "chosen": chosen,
            "year": year,
            "years": all_years,
            "categories": AgencyCategory.choices,
            "provinces": sorted({r["province"] for r in everyone if r["province"]}),
            "distribution": queries.predicate_distribution(all_years, PREDICATES),
            "predicates": PREDICATES,
            "province_averages": queries.province_averages(everyone),
        },
    )
