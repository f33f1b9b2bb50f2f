"""The dashboard and the leader view on a Pemdi 2026 cycle after an SPBE 2020 one."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from simpul.cycles import items, operations
from simpul.cycles.models import Answer, ItemVerdict, ReviewStage
from simpul.cycles.tests.conftest import make_evidence
from simpul.dashboard.queries import cycle_scores
from simpul.frameworks.checking import load_framework_file
from simpul.frameworks.operations import import_framework
from simpul.frameworks.spec import DATA_DIR


@pytest.fixture
def pemdi_cycle(personas, cycle):
    framework = import_framework(load_framework_file(DATA_DIR / "pemdi-2026.json")).framework
    made = operations.open_cycle(
        personas.agency_a, year=2026, framework=framework, include_visit=False, user=personas.admin
    )
    i1 = made.answers.get(indicator__code="I1")
    document = make_evidence(personas.agency_a, "Renstra Diskominfo")
    items.link_item_evidence(i1, "I1-L1-01", document, membership=personas.admin_membership)
    items.mark_item_ready(i1, "I1-L1-01", ready=True, membership=personas.admin_membership)
    return made


def test_the_dashboard_uses_the_aspects_and_never_joins_the_instruments(
    pemdi_cycle, personas, as_user
) -> None:
    body = as_user(personas.admin).get(reverse("dashboard:index")).content.decode()
    # I1 level 1 complete: 1.50 → the index 1 + 5 × 0.5 / 100 = 1.025.
    assert '<span class="big" id="indeks-mandiri">1,03</span>' in body
    assert "Indeks per aspek" in body and "Indeks per domain" not in body
    assert body.count("<figcaption>Indeks per aspek</figcaption>") == 1  # one chart, not two
    assert "Tata Kelola dan Manajemen" in body  # aspect A1 on the charts
    assert 'id="instrumen-lain"' in body  # last year was SPBE: labelled, not compared
    assert 'id="catatan-instrumen"' in body
    assert "Mandiri · Indeks Pemerintah Digital" in body and "Mandiri · Indeks SPBE" in body
    assert "Dihimpun dari sumber sekunder" in body


def test_the_leader_sees_the_weakest_aspects_and_the_items_that_move_the_index_most(
    pemdi_cycle, personas, as_user
) -> None:
    body = as_user(personas.leader).get(reverse("dashboard:leader")).content.decode()
    weakest = body.split('id="aspek-terlemah"')[1].split("</ol>")[0]
    assert weakest.count("<li>") == 3 and "A1" not in weakest  # A1 is the strongest
    # I20 (weight 15, 4 items at level 1): one item adds 15 × 0.125 / 100 = 0.01875.
    assert "I20-L1-01" in body and "1,00 → 1,13" in body


def test_the_official_figure_is_the_latest_external_stage_with_verdicts(
    pemdi_cycle, personas, as_user
) -> None:
    operations.lock_self_assessment(pemdi_cycle, membership=personas.admin_membership)
    operations.advance_stage(pemdi_cycle, membership=personas.admin_membership)
    i1 = Answer.objects.get(cycle=pemdi_cycle, indicator__code="I1")
    items.review_item(
        i1, "I1-L1-01", stage=ReviewStage.DOCUMENT,
        verdict=ItemVerdict.REVISION, reason="not_right",
        membership=personas.external_membership,
    )  # fmt: skip
    body = as_user(personas.admin).get(reverse("dashboard:index")).content.decode()
    assert '<span class="big" id="indeks-resmi">1,00</span>' in body


def test_queries_do_not_grow_with_item_cycles_or_verdicts(
    pemdi_cycle, personas, as_user, spbe
) -> None:
    client = as_user(personas.admin)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("dashboard:index")).status_code == 200
        return len(queries)

    count()  # the agency's participation figures token is created on the first view
    before = count()
    i13 = Answer.objects.get(cycle=pemdi_cycle, indicator__code="I13")
    for code in ("I13-L1-01", "I13-L1-02", "I13-L1-03"):
        items.review_item(
            i13, code, stage=ReviewStage.INTERNAL, verdict=ItemVerdict.ACCEPTED,
            membership=personas.assessor_membership,
        )  # fmt: skip
    operations.open_cycle(
        personas.agency_a, year=2027, framework=pemdi_cycle.framework, include_visit=False,
        user=personas.admin,
    )  # fmt: skip
    assert count() == before


def test_the_scores_of_every_cycle_take_seven_queries_and_match_each_stage_read_alone(
    pemdi_cycle, personas, django_assert_num_queries
) -> None:
    """cycle_scores reads the answers once for the scores and the item engine's input:
    cycles, answers, then readiness, verdicts, assessors' values, external scores and the
    official stage. Its figures are those of the cycle's stages evaluated one by one."""
    with django_assert_num_queries(7):
        scores = cycle_scores(personas.agency_a)
    assert [score.cycle.year for score in scores] == [2025, 2026]
    pemdi = scores[-1]
    assert pemdi.official is None
    alone = items.evaluate_stage(pemdi_cycle, items.SELF)
    assert pemdi.own == alone.result
    assert pemdi.item_levels == {value.code: value.level for value in alone.indicators}
    assert pemdi.accepted_items == {"I1-L1-01"}
