"""Background building of reports, run by `manage.py db_worker` (django-tasks)."""

from django_tasks import task

from .models import Report, ReportStatus


@task()
def build_report(report_id: int) -> str:
    from . import actions

    report = Report.objects.select_related("cycle__agency", "cycle__framework").filter(pk=report_id)
    report = report.first()
    if report is None or report.status != ReportStatus.QUEUED:
        return report.status if report else "missing"
    return actions.build(report).status
