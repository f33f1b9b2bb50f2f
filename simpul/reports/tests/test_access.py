import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from simpul.evidence.models import Evidence, EvidenceLink
from simpul.reports import content, tables
from simpul.reports.models import Report, ReportStatus


def finished_report(cycle) -> Report:
    report = Report.objects.create(
        agency=cycle.agency, cycle=cycle, kind="pdf", status=ReportStatus.DONE, progress=100
    )
    report.file.save("laporan.pdf", ContentFile(b"%PDF-1.7 uji"))
    return report


@pytest.mark.parametrize("name", ["admin", "leader", "assessor", "external"])
def test_leaders_admins_and_assessors_may_generate_and_download(cycles, personas, as_user, name):
    client = as_user(getattr(personas, name))
    assert client.get(reverse("reports:cycle", args=[cycles.now.pk])).status_code == 200
    client.post(reverse("reports:request", args=[cycles.now.pk]), {"kind": "xlsx"})
    assert Report.objects.filter(cycle=cycles.now, kind="xlsx").count() == 1
    report = finished_report(cycles.now)
    assert client.get(reverse("reports:download", args=[report.pk])).status_code == 200


@pytest.mark.parametrize("name", ["partner", "respondent"])
def test_partners_and_respondents_get_no_reports(cycles, personas, as_user, name):
    client = as_user(getattr(personas, name))
    report = finished_report(cycles.now)
    assert client.get(reverse("reports:cycle", args=[cycles.now.pk])).status_code == 403
    assert (
        client.post(reverse("reports:request", args=[cycles.now.pk]), {"kind": "pdf"}).status_code
        == 403
    )
    assert client.get(reverse("reports:download", args=[report.pk])).status_code == 403


def test_another_agencys_cycle_and_reports_are_not_found(cycles, personas, as_user):
    client = as_user(personas.admin_b)
    report = finished_report(cycles.now)
    assert client.get(reverse("reports:cycle", args=[cycles.now.pk])).status_code == 404
    assert (
        client.post(reverse("reports:request", args=[cycles.now.pk]), {"kind": "pdf"}).status_code
        == 404
    )
    assert client.get(reverse("reports:status", args=[report.pk])).status_code == 404
    assert client.get(reverse("reports:download", args=[report.pk])).status_code == 404
    assert not Report.objects.filter(agency=personas.agency_b).exists()


def test_an_unfinished_report_cannot_be_downloaded(cycles, personas, as_user):
    report = Report.objects.create(agency=personas.agency_a, cycle=cycles.now, kind="pdf")
    assert (
        as_user(personas.admin).get(reverse("reports:download", args=[report.pk])).status_code
        == 404
    )


def test_an_unknown_kind_is_refused(cycles, personas, as_user):
    response = as_user(personas.admin).post(
        reverse("reports:request", args=[cycles.now.pk]), {"kind": "doc"}
    )
    assert response.status_code == 404 and not Report.objects.exists()


def test_requesting_a_report_queues_the_build_after_commit(
    cycles, personas, as_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        as_user(personas.admin).post(
            reverse("reports:request", args=[cycles.now.pk]), {"kind": "pdf"}
        )
    assert len(callbacks) == 1


@pytest.mark.parametrize("extra", [0, 10])
def test_the_reports_page_query_count_does_not_grow(
    cycles, personas, as_user, django_assert_max_num_queries, extra
):
    for _ in range(extra):
        finished_report(cycles.now)
    client = as_user(personas.admin)
    with django_assert_max_num_queries(12):
        client.get(reverse("reports:cycle", args=[cycles.now.pk]))


@pytest.mark.parametrize("extra", [0, 15])
def test_gathering_a_report_does_not_grow_queries_with_evidence(
    cycles, personas, django_assert_max_num_queries, extra
):
    for number, answer in enumerate(cycles.now.answers.all()[:extra]):
        evidence = Evidence.objects.create(agency=personas.agency_a, title=f"Dokumen {number}")
        EvidenceLink.objects.create(evidence=evidence, answer=answer, level=2)
    with django_assert_max_num_queries(16):
        data = content.gather(cycles.now)
        for _name, _header, rows in tables.all_tables(cycles.now):
            list(rows)
    assert len(data.answers) == 47
