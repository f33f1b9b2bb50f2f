"""Opening a cycle: from scratch, or by copying last year's; the cycle list per agency."""

from datetime import date

import pytest
from django.urls import reverse

from simpul.cycles import operations
from simpul.cycles.models import Answer, AnswerEvent, AnswerStatus, Cycle, CycleEvent, Stage
from simpul.cycles.tests.conftest import answer_of, link, make_evidence
from simpul.evidence.models import EvidenceLink, EvidencePurpose


def test_opening_a_cycle_makes_one_draft_answer_per_indicator(personas, spbe):
    cycle = operations.open_cycle(
        personas.agency_a, year=2025, framework=spbe, include_visit=True, user=personas.admin
    )
    answers = Answer.objects.filter(cycle=cycle)
    assert answers.count() == spbe.indicators.count()
    assert set(answers.values_list("status", flat=True)) == {AnswerStatus.DRAFT}
    assert cycle.stage == Stage.SELF_ASSESSMENT and cycle.include_visit and cycle.previous is None
    assert AnswerEvent.objects.filter(answer__cycle=cycle, kind="created").count() == 47
    assert CycleEvent.objects.get(cycle=cycle).kind == "opened"


def test_the_admin_opens_a_cycle_through_the_form(as_user, personas, spbe):
    response = as_user(personas.admin).post(
        reverse("cycles:open"), {"year": 2026, "framework": spbe.pk, "include_visit": "on"}
    )
    cycle = Cycle.objects.get(agency=personas.agency_a, year=2026)
    assert response.status_code == 302 and response["Location"] == reverse(
        "cycles:detail", args=[cycle.pk]
    )
    assert cycle.include_visit and cycle.created_by == personas.admin


def test_a_second_cycle_for_the_same_year_is_refused_with_a_message(as_user, personas, cycle):
    response = as_user(personas.admin).post(
        reverse("cycles:open"), {"year": 2025, "framework": cycle.framework_id}
    )
    assert "sudah memiliki periode evaluasi tahun 2025" in response.content.decode()
    assert Cycle.objects.filter(agency=personas.agency_a).count() == 1


def test_the_same_year_in_another_agency_is_fine(personas, cycle):
    other = operations.open_cycle(
        personas.agency_b, year=2025, framework=cycle.framework, include_visit=False, user=None
    )
    assert other.answers.count() == 47


@pytest.mark.parametrize("year", ["", "1999", "dua ribu", "2101"])
def test_a_bad_year_is_refused(as_user, personas, spbe, year):
    response = as_user(personas.admin).post(
        reverse("cycles:open"), {"year": year, "framework": spbe.pk}
    )
    assert response.status_code == 200 and 'class="errorlist"' in response.content.decode()
    assert not Cycle.objects.exists()


@pytest.mark.parametrize("name", ["respondent", "assessor", "leader", "external", "partner"])
def test_only_the_admin_may_open_a_cycle(as_user, personas, spbe, name):
    response = as_user(getattr(personas, name)).post(
        reverse("cycles:open"), {"year": 2025, "framework": spbe.pk}
    )
    assert response.status_code == 403
    assert not Cycle.objects.exists()


# --- copying last year's cycle ------------------------------------------------------------


@pytest.fixture
def last_year(personas, spbe):
    cycle = operations.open_cycle(
        personas.agency_a, year=2024, framework=spbe, include_visit=False, user=personas.admin
    )
    i01 = answer_of(cycle, "I01")
    Answer.objects.filter(pk=i01.pk).update(
        self_level=3,
        fact="Perbup 12/2023 pasal 4",
        analysis="Kriteria tingkat 3 terpenuhi",
        status=AnswerStatus.ACCEPTED,
        internal_level=3,
        final_level=2,
        pic=personas.respondent,
        due_date=date(2024, 5, 1),
    )
    i01.units.add(personas.unit_a2, personas.unit_a)
    perbup = make_evidence(personas.agency_a, "Perbup SPBE 2023", issued_on=date(2023, 3, 1))
    review = make_evidence(personas.agency_a, "Reviu kebijakan 2023")
    link(i01, perbup, 2)
    EvidenceLink.objects.create(
        answer=i01, evidence=review, level=3, purpose=EvidencePurpose.REVIEW, note="hal. 3"
    )
    return cycle


def copy(personas, last_year) -> Cycle:
    return operations.open_cycle(
        personas.agency_a,
        year=2025,
        framework=last_year.framework,
        include_visit=False,
        user=personas.admin,
        copy_from=last_year,
    )


def test_a_copy_carries_levels_explanations_people_and_evidence_over(personas, last_year):
    cycle = copy(personas, last_year)
    old, new = answer_of(last_year, "I01"), answer_of(cycle, "I01")
    assert cycle.previous == last_year and new.previous == old
    assert (new.self_level, new.fact, new.analysis) == (3, old.fact, old.analysis)
    assert new.pic == personas.respondent
    assert set(new.units.all()) == {personas.unit_a, personas.unit_a2}
    links = EvidenceLink.objects.filter(answer=new).order_by("level")
    assert [(x.evidence.title, x.level, x.purpose, x.note) for x in links] == [
        ("Perbup SPBE 2023", 2, EvidencePurpose.GENERAL, ""),
        ("Reviu kebijakan 2023", 3, EvidencePurpose.REVIEW, "hal. 3"),
    ]
    # New link rows to the same documents: last year's links stay where they were.
    assert EvidenceLink.objects.filter(answer=old).count() == 2


def test_a_copy_starts_every_answer_again_as_a_draft_without_assessor_values(personas, last_year):
    cycle = copy(personas, last_year)
    new = answer_of(cycle, "I01")
    assert new.status == AnswerStatus.DRAFT
    assert (new.internal_level, new.final_level, new.due_date) == (None, None, None)
    assert set(cycle.answers.values_list("status", flat=True)) == {AnswerStatus.DRAFT}
    assert cycle.answers.count() == 47 and cycle.answers.filter(previous__isnull=True).count() == 0
    event = new.events.get(kind="created")
    assert event.changes["self_level"] == [None, 3] and "2024" in event.comment


def test_the_answer_shows_what_changed_since_last_year(as_user, personas, last_year):
    cycle = copy(personas, last_year)
    new = answer_of(cycle, "I01")
    Answer.objects.filter(pk=new.pk).update(self_level=4, fact="Perbup 5/2025 pasal 2")
    EvidenceLink.objects.filter(answer=new, evidence__title="Reviu kebijakan 2023").delete()
    link(new, make_evidence(personas.agency_a, "Reviu kebijakan 2025"), 4)
    page = as_user(personas.admin).get(reverse("cycles:answer", args=[new.pk])).content.decode()
    section = page[page.index("Perubahan sejak 2024") :]
    assert "3 → 4" in section
    assert "Fakta: diubah" in " ".join(section.split())
    assert 'Analisis: <span class="muted">sama seperti tahun lalu' in section
    added = section[section.index("Data dukung ditambahkan") : section.index("Data dukung dilepas")]
    removed = section[section.index("Data dukung dilepas") :]
    assert "Reviu kebijakan 2025" in added and "Perbup" not in added
    assert "Reviu kebijakan 2023" in removed[:200]


def test_a_copy_from_another_framework_version_is_refused(personas, last_year, pemdi):
    draft = pemdi
    with pytest.raises(operations.ActionError, match="kerangka lain"):
        operations.open_cycle(
            personas.agency_a,
            year=2026,
            framework=draft,
            include_visit=False,
            user=personas.admin,
            copy_from=last_year,
        )
    assert not Cycle.objects.filter(year=2026).exists()


def test_a_copy_of_another_agencys_cycle_is_refused(personas, last_year):
    with pytest.raises(operations.ActionError, match="bukan milik instansi ini"):
        operations.open_cycle(
            personas.agency_b,
            year=2025,
            framework=last_year.framework,
            include_visit=False,
            user=personas.admin_b,
            copy_from=last_year,
        )


def test_the_open_form_offers_only_this_agencys_cycles_to_copy(as_user, personas, last_year):
    other = operations.open_cycle(
        personas.agency_b, year=2023, framework=last_year.framework, include_visit=False, user=None
    )
    client = as_user(personas.admin)
    page = client.get(reverse("cycles:open")).content.decode()
    assert "Natuna · 2024</option>" in page and "Bintan · 2023" not in page
    response = client.post(
        reverse("cycles:open"),
        {"year": 2025, "framework": last_year.framework_id, "copy_from": other.pk},
    )
    assert (
        "Select a valid choice" in response.content.decode() or "Pilih" in response.content.decode()
    )
    assert not Cycle.objects.filter(agency=personas.agency_a, year=2025).exists()


# --- the cycle list ----------------------------------------------------------------------------


def test_the_cycle_list_shows_only_this_agencys_cycles(as_user, personas, cycle):
    operations.open_cycle(
        personas.agency_b, year=2019, framework=cycle.framework, include_visit=False, user=None
    )
    page = as_user(personas.respondent).get(reverse("cycles:list")).content.decode()
    assert reverse("cycles:detail", args=[cycle.pk]) in page and "2019" not in page


def test_the_partner_sees_no_cycles(as_user, personas, cycle):
    assert as_user(personas.partner).get(reverse("cycles:list")).status_code == 403
