"""Who may reach which reports: the access chokepoint of the reports app.

Reports are fetched only through the current agency's cycles and reports: another agency's
is a 404. Which roles may open them at all is the `report.read` capability.
"""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from .models import Report


def get_report(request: HttpRequest, pk: int) -> Report:
    reports = Report.objects.for_agency(request.membership.agency).select_related("cycle__agency")
    return get_object_or_404(reports, pk=pk)
