"""Background building of reports, run by `manage.py db_worker` (django-tasks)."""

from django_tasks import task

from .models import Report


@task()
def build_report(report_id: int) -> str:
    from . import operations

    # Claim it: of two tasks given the same report (a rebuild), only one builds.
    if not operations.start(report_id):
        report = Report.objects.filter(pk=report_id).first()
        return report.status if report else "missing"
    report = Report.objects.select_related("cycle__agency", "cycle__framework").get(pk=report_id)
    return operations.build(report).status
