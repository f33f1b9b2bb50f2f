"""The cycle page: index so far, groups, completeness, last year, the answer table."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from simpul.cycles import operations
from simpul.cycles.models import Answer, AnswerStatus
from simpul.cycles.tests.conftest import answer_of, link, make_evidence
from simpul.evidence.models import Evidence, EvidenceLink

MAX_QUERIES = 12


def page(client, cycle, **params) -> str:
    response = client.get(reverse("cycles:detail", args=[cycle.pk]), params)
    assert response.status_code == 200
    return response.content.decode()


def text(html: str) -> str:
    return " ".join(html.split())


def test_a_partial_self_assessment_shows_a_provisional_index_with_its_range(
    as_user, personas, cycle
):
    # I01..I10 (domain D1, 13 % of the index) at level 3, the rest not answered.
    Answer.objects.filter(cycle=cycle, indicator__number__lte=10).update(self_level=3)
    html = text(page(as_user(personas.admin), cycle))
    assert "<strong>3,00</strong> · Baik" in html and "sementara" in html
    assert "10 dari 47 indikator sudah bertingkat." in html
    # Unknown 87 % anywhere between 1 and 5: 0.39 + 0.87 = 1.26 up to 0.39 + 4.35 = 4.74.
    assert "Indeks akhir pasti di antara 1,26 dan 4,74." in html


def test_a_complete_self_assessment_is_not_provisional(as_user, personas, cycle):
    Answer.objects.filter(cycle=cycle).update(self_level=2)
    html = text(page(as_user(personas.admin), cycle))
    assert "<strong>2,00</strong> · Cukup" in html and "sementara" not in html


def test_nothing_answered_shows_no_index(as_user, personas, cycle):
    html = text(page(as_user(personas.admin), cycle))
    assert "0 dari 47 indikator" in html and "Cukup" not in html


def test_each_domain_and_aspect_has_its_index_and_count(as_user, personas, cycle):
    Answer.objects.filter(cycle=cycle, indicator__number__in=[11, 12]).update(self_level=4)
    Answer.objects.filter(cycle=cycle, indicator__number=15).update(self_level=1)
    html = text(page(as_user(personas.admin), cycle))
    table = html[html.index("Per kelompok kerangka") : html.index('id="jawaban"')]
    assert 'Tata Kelola SPBE</strong></td><td class="num">3,00</td><td class="num">3/10' in table
    assert 'Perencanaan Strategis SPBE</td><td class="num">4,00</td><td class="num">2/4' in table
    assert (
        'Kebijakan Internal SPBE</strong></td><td class="num">—</td><td class="num">0/10' in table
    )


def test_completeness_counts_answered_evidenced_submitted_and_accepted(as_user, personas, cycle):
    Answer.objects.filter(cycle=cycle, indicator__number__lte=5).update(self_level=2)
    Answer.objects.filter(cycle=cycle, indicator__number__in=[1, 2]).update(
        status=AnswerStatus.ACCEPTED
    )
    Answer.objects.filter(cycle=cycle, indicator__number=3).update(status=AnswerStatus.SUBMITTED)
    document = make_evidence(personas.agency_a, "Perbup SPBE")
    for code in ("I01", "I02", "I03"):
        link(answer_of(cycle, code), document, 1)
    html = text(page(as_user(personas.admin), cycle))
    counts = html[html.index("Kelengkapan") :]
    assert 'Terjawab (bertingkat)</th><td class="num">5/47' in counts
    assert 'Dengan data dukung</th><td class="num">3/47' in counts
    assert 'Diajukan</th><td class="num">1/47' in counts
    assert 'Diterima</th><td class="num">2/47' in counts


def test_the_difference_to_last_years_index_is_shown(as_user, personas, people, spbe):
    before = operations.open_cycle(
        personas.agency_a, year=2024, framework=spbe, include_visit=False, user=None
    )
    Answer.objects.filter(cycle=before).update(self_level=2)
    now = operations.open_cycle(
        personas.agency_a,
        year=2025,
        framework=spbe,
        include_visit=False,
        user=None,
        copy_from=before,
    )
    Answer.objects.filter(cycle=now, indicator__number__lte=10).update(self_level=4)
    html = text(page(as_user(personas.admin), now))
    # 2 + 13 % × 2 = 2.26 now, 2.00 last year.
    assert "Penilaian mandiri 2024: <strong>2,00</strong> · selisih <strong>+0,26</strong>" in html


def test_last_years_official_levels_are_used_when_complete(as_user, personas, spbe):
    before = operations.open_cycle(
        personas.agency_a, year=2024, framework=spbe, include_visit=False, user=None
    )
    Answer.objects.filter(cycle=before).update(self_level=3, final_level=2)
    now = operations.open_cycle(
        personas.agency_a, year=2025, framework=spbe, include_visit=False, user=None
    )
    Answer.objects.filter(cycle=now).update(self_level=2)
    html = text(page(as_user(personas.admin), now))
    assert "Hasil resmi 2024: <strong>2,00</strong> · selisih <strong>±0,00</strong>" in html


def test_without_last_year_nothing_is_compared(as_user, personas, cycle):
    assert "Belum ada periode tahun lalu" in page(as_user(personas.admin), cycle)


def test_the_table_lists_level_status_units_pic_due_date_and_evidence_count(
    as_user, personas, cycle
):
    i05 = answer_of(cycle, "I05")
    Answer.objects.filter(pk=i05.pk).update(
        self_level=3,
        status=AnswerStatus.CHANGES_REQUESTED,
        pic=personas.respondent,
        due_date=timezone.localdate() - timedelta(days=1),
    )
    i05.units.add(personas.unit_a2, personas.unit_a)
    link(i05, make_evidence(personas.agency_a, "A"), 1)
    link(i05, make_evidence(personas.agency_a, "B"), 2)
    html = text(page(as_user(personas.admin), cycle))
    row = html[html.index(reverse("cycles:answer", args=[i05.pk])) :]
    row = row[: row.index("</tr>")]
    assert '<td class="num">3</td>' in row and "Perlu perbaikan" in row
    assert "Bappeda, Diskominfo" in row and "Respondent" in row
    assert "lewat" in row and row.rstrip().endswith('<td class="num">2</td>')


def test_the_table_filters_by_status_and_unit(as_user, personas, cycle):
    Answer.objects.filter(cycle=cycle, indicator__number=7).update(status=AnswerStatus.SUBMITTED)
    answer_of(cycle, "I09").units.add(personas.unit_a)
    client = as_user(personas.admin)
    submitted = page(client, cycle, status="submitted")
    assert submitted.count('href="/periode/jawaban/') == 1
    assert reverse("cycles:answer", args=[answer_of(cycle, "I07").pk]) in submitted
    by_unit = page(client, cycle, unit=personas.unit_a.pk)
    assert by_unit.count('href="/periode/jawaban/') == 1
    assert reverse("cycles:answer", args=[answer_of(cycle, "I09").pk]) in by_unit


def test_the_filter_answers_htmx_with_only_the_table(as_user, personas, cycle):
    response = as_user(personas.admin).get(
        reverse("cycles:detail", args=[cycle.pk]), {"status": "draft"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "<table>" in html and "Kelengkapan" not in html and "<html" not in html
    assert html.count('href="/periode/jawaban/') == 47
    assert "HX-Request" in response["Vary"]


def test_a_respondent_sees_only_the_answers_of_their_unit(as_user, personas, cycle):
    answer_of(cycle, "I12").units.add(personas.unit_a2)
    answer_of(cycle, "I13").units.add(personas.unit_a)
    Answer.objects.filter(cycle=cycle, indicator__number=20).update(pic=personas.respondent)
    html = page(as_user(personas.respondent), cycle)
    assert html.count('href="/periode/jawaban/') == 2
    assert reverse("cycles:answer", args=[answer_of(cycle, "I13").pk]) not in html


def test_the_partner_sees_no_cycle_page(as_user, personas, cycle):
    response = as_user(personas.partner).get(reverse("cycles:detail", args=[cycle.pk]))
    assert response.status_code == 403


def test_another_agencys_cycle_is_404(as_user, personas, cycle):
    response = as_user(personas.admin_b).get(reverse("cycles:detail", args=[cycle.pk]))
    assert response.status_code == 404


# --- a bounded number of queries whatever the amount of evidence ------------------------------


def add_evidence(personas, cycle, count: int) -> None:
    documents = Evidence.objects.bulk_create(
        Evidence(agency=personas.agency_a, title=f"Dokumen {n}") for n in range(count)
    )
    answers = list(cycle.answers.all())
    EvidenceLink.objects.bulk_create(
        EvidenceLink(evidence=doc, answer=answers[n % len(answers)], level=1 + n % 5)
        for n, doc in enumerate(documents)
    )
    for answer in answers[::3]:
        answer.units.add(personas.unit_a, personas.unit_a2)


def queries_for(client, cycle) -> int:
    with CaptureQueriesContext(connection) as captured:
        page(client, cycle)
    return len(captured)


@pytest.mark.parametrize("name", ["admin", "respondent"])
def test_the_cycle_page_query_count_does_not_grow_with_evidence(
    as_user, personas, cycle, name, django_assert_max_num_queries
):
    client = as_user(getattr(personas, name))
    page(client, cycle)  # warm the engine cache
    add_evidence(personas, cycle, 10)
    few = queries_for(client, cycle)
    add_evidence(personas, cycle, 400)
    operations.open_cycle(
        personas.agency_a, year=2024, framework=cycle.framework, include_visit=False, user=None
    )
    with django_assert_max_num_queries(MAX_QUERIES):
        page(client, cycle)
    assert queries_for(client, cycle) <= few + 2  # last year's cycle adds its own reads
