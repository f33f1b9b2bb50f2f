"""Report pages of a cycle: request a report, watch its progress (htmx), download it.

Reached only through the current agency's cycles and reports: another agency's is a 404.
"""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from simpul.agencies.access import capability_required
from simpul.core.decorators import refusal_message
from simpul.core.downloads import private_download
from simpul.cycles.access import get_cycle

from . import builders, operations
from .access import get_report
from .models import Report, ReportKind, ReportStatus


@capability_required("report.read")
def cycle_reports(request: HttpRequest, cycle_pk: int) -> HttpResponse:
    cycle = get_cycle(request, cycle_pk)
    # A report whose worker died shows as failed (with "Buat ulang") without waiting for cron.
    operations.fail_stale(agency=cycle.agency)
    reports = (
        Report.objects.for_agency(cycle.agency).filter(cycle=cycle).select_related("created_by")
    )
    return render(
        request,
        "reports/cycle_reports.html",
        {"cycle": cycle, "reports": reports[:30], "kinds": ReportKind.choices},
    )


@capability_required("report.read")
@require_POST
def request_report(request: HttpRequest, cycle_pk: int) -> HttpResponse:
    cycle = get_cycle(request, cycle_pk)
    kind = request.POST.get("kind", "")
    if kind not in ReportKind.values:
        raise Http404
    try:
        operations.request_report(cycle, kind, request.user)
    except operations.ReportError as error:
        messages.info(request, error.message)
    return redirect("reports:cycle", cycle.pk)


@capability_required("report.read")
@vary_on_headers("HX-Request")
def report_status(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report(request, pk)
    if not report.is_finished and operations.fail_stale(agency=report.agency):
        report.refresh_from_db()
    return render(request, "reports/cycle_reports.html#report-row", {"report": report})


@capability_required("report.read")
@require_POST
def rebuild(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report(request, pk)
    with refusal_message(request):
        operations.rebuild_report(report, request.user)
        messages.success(request, _("Laporan dibuat ulang di latar belakang."))
    return redirect("reports:cycle", report.cycle_id)


@capability_required("report.read")
@private_download
def download(request: HttpRequest, pk: int) -> FileResponse:
    report = get_report(request, pk)
    if report.status != ReportStatus.DONE or not report.file:
        raise Http404
    try:
        handle = report.open_file()
    except FileNotFoundError:
        raise Http404 from None  # the file was removed from the storage by hand
    return FileResponse(
        handle,
        as_attachment=True,
        filename=builders.filename(report.cycle, report.kind),
        content_type=builders.CONTENT_TYPES[report.kind],
    )
