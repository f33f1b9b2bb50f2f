""" "Tugas saya": what each person must answer, review or assess, by due date."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from simpul.cycles import operations
from simpul.cycles.models import Answer, AnswerStatus
from simpul.cycles.tests.conftest import answer_of

TODAY = timezone.localdate()


def task_codes(html: str, section: str) -> list[str]:
    """Indicator numbers listed in one section of the page, in order."""
    if f'id="{section}"' not in html:
        return []
    part = html[html.index(f'id="{section}"') :]
    part = part[: part.index("</section>")]
    return [chunk.split(".")[0] for chunk in part.split('/">')[1:]]


def get(client) -> str:
    response = client.get(reverse("cycles:tasks"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def assigned(cycle, personas):
    """I05 overdue, I03 due later, I04 without date (unit); I07 as PIC; I08 submitted."""
    for code, days in (("I03", 10), ("I04", None), ("I05", -3), ("I08", 1)):
        answer = answer_of(cycle, code)
        answer.units.add(personas.unit_a2)
        if days is not None:
            Answer.objects.filter(pk=answer.pk).update(due_date=TODAY + timedelta(days=days))
    Answer.objects.filter(cycle=cycle, indicator__code="I07").update(
        pic=personas.respondent, due_date=TODAY + timedelta(days=5)
    )
    Answer.objects.filter(cycle=cycle, indicator__code="I08").update(
        status=AnswerStatus.SUBMITTED, self_level=2
    )
    answer_of(cycle, "I09").units.add(personas.unit_a)  # another unit
    return cycle


def test_a_respondent_sees_their_units_and_pic_answers_overdue_first(as_user, personas, assigned):
    html = get(as_user(personas.respondent))
    assert task_codes(html, "dijawab") == ["5", "7", "3", "4"]
    assert "lewat tenggat" in html.split('id="dijawab"')[1].split("</tr>")[1]
    assert task_codes(html, "ditinjau") == []


def test_answers_back_for_changes_are_tasks_again(as_user, personas, assigned):
    Answer.objects.filter(cycle=assigned, indicator__code="I08").update(
        status=AnswerStatus.CHANGES_REQUESTED, review_comment="Lampirkan SK-nya."
    )
    html = get(as_user(personas.respondent))
    # Returned work first, before the overdue ones, with the assessor's comment.
    assert task_codes(html, "dijawab") == ["8", "5", "7", "3", "4"]
    assert "Catatan asesor: Lampirkan SK-nya." in html


def test_the_internal_assessor_sees_submitted_answers_to_review(as_user, personas, assigned):
    html = get(as_user(personas.assessor))
    assert task_codes(html, "ditinjau") == ["8"] and task_codes(html, "dijawab") == []


def test_the_admin_sees_what_to_review_and_what_their_unit_answers(as_user, personas, assigned):
    html = get(as_user(personas.admin))
    assert task_codes(html, "ditinjau") == ["8"]
    assert task_codes(html, "dijawab") == ["9"]


def test_a_locked_cycle_leaves_no_answering_or_review_tasks(as_user, personas, people, assigned):
    operations.lock_self_assessment(assigned, membership=people.admin)
    html = get(as_user(personas.respondent))
    assert task_codes(html, "dijawab") == [] and "Tidak ada tugas" in html


def test_the_external_assessor_sees_answers_without_a_level_for_the_stage(
    as_user, personas, people, assigned
):
    operations.lock_self_assessment(assigned, membership=people.admin)
    cycle = operations.advance_stage(assigned, membership=people.admin)
    Answer.objects.filter(cycle=cycle).exclude(indicator__number__in=[3, 5]).update(
        document_level=2
    )
    assert task_codes(get(as_user(personas.external)), "dinilai") == ["5", "3"]


def test_the_leader_has_no_tasks(as_user, personas, assigned):
    assert "Tidak ada tugas untuk Anda" in get(as_user(personas.leader))


def test_the_partner_has_no_task_page(as_user, personas, assigned):
    assert as_user(personas.partner).get(reverse("cycles:tasks")).status_code == 403


def test_tasks_of_another_agency_never_show(as_user, personas, assigned):
    other = operations.open_cycle(
        personas.agency_b, year=2025, framework=assigned.framework, include_visit=False, user=None
    )
    Answer.objects.filter(cycle=other).update(status=AnswerStatus.SUBMITTED)
    assert task_codes(get(as_user(personas.assessor)), "ditinjau") == ["8"]
    assert len(task_codes(get(as_user(personas.admin_b)), "ditinjau")) == 47


def test_the_task_page_query_count_does_not_grow(
    as_user, personas, assigned, django_assert_max_num_queries
):
    client = as_user(personas.respondent)
    with django_assert_max_num_queries(8):
        get(client)
    for code in ("I11", "I12", "I13", "I14", "I15"):
        answer_of(assigned, code).units.add(personas.unit_a2)
    with django_assert_max_num_queries(8):
        get(client)
