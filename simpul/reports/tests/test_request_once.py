"""A report asked for again while the same one is still being built queues nothing more."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from simpul.reports import operations
from simpul.reports.models import Report, ReportStatus

pytestmark = pytest.mark.django_db(transaction=True)


def ask(client, cycle, kind="xlsx"):
    return client.post(reverse("reports:request", args=[cycle.pk]), {"kind": kind}, follow=True)


def test_a_second_identical_request_while_one_is_pending_queues_nothing(cycles, personas, as_user):
    client = as_user(personas.leader)
    ask(client, cycles.now)
    page = ask(client, cycles.now)
    assert page.status_code == 200
    assert "sedang dibuat" in page.content.decode()
    assert "tidak diantrekan lagi" in page.content.decode()
    assert Report.objects.filter(cycle=cycles.now, kind="xlsx").count() == 1
    assert DBTaskResult.objects.count() == 1
    # Another person asking for the same report is answered the same way.
    ask(as_user(personas.admin), cycles.now)
    assert Report.objects.count() == 1 and DBTaskResult.objects.count() == 1


def test_another_kind_or_another_cycle_is_queued_beside_it(cycles, personas, as_user):
    client = as_user(personas.leader)
    ask(client, cycles.now, "xlsx")
    ask(client, cycles.now, "csv")
    ask(client, cycles.before, "xlsx")
    assert Report.objects.count() == 3 and DBTaskResult.objects.count() == 3


def test_once_the_report_is_built_it_can_be_asked_for_again(cycles, personas, run_tasks):
    first = operations.request_report(cycles.now, "csv", personas.admin)
    run_tasks()
    first.refresh_from_db()
    assert first.status == ReportStatus.DONE
    again = operations.request_report(cycles.now, "csv", personas.admin)
    assert again.pk != first.pk and again.status == ReportStatus.QUEUED


def test_a_request_left_pending_for_long_no_longer_blocks(cycles, personas):
    stuck = operations.request_report(cycles.now, "pdf", personas.admin)
    Report.objects.filter(pk=stuck.pk).update(
        status=ReportStatus.RUNNING, created_at=timezone.now() - timedelta(hours=1)
    )
    fresh = operations.request_report(cycles.now, "pdf", personas.admin)
    assert fresh.pk != stuck.pk
    with pytest.raises(operations.ReportError, match="sedang dibuat"):
        operations.request_report(cycles.now, "pdf", personas.admin)
