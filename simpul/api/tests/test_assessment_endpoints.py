"""GET /api/v1/cycles/{id}/answers, …/answers/{indicator}, …/evidence, …/figures,
/api/v1/evidence/{id}/download and /api/v1/national/results: content, role scoping, another
agency's ids, pagination and query counts flat in the page size."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from simpul.api.operations import create_token
from simpul.cycles import operations as cycle_operations
from simpul.cycles.models import Answer, ItemReview, ItemVerdict, ReviewStage
from simpul.dashboard.queries import cycle_scores
from simpul.evidence import operations as evidence_operations
from simpul.evidence.models import EvidencePurpose
from simpul.evidence.tests import samples
from simpul.frameworks.models import Framework, Item
from simpul.national.matching import normalise
from simpul.national.models import PublishedResult

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def bearer(membership) -> Client:
    _, plain = create_token(membership, "uji", "read", days=30)
    return Client(headers={"Authorization": f"Bearer {plain}"})


def open_cycle(agency, user, code: str = "spbe-2020", year: int = 2025):
    framework = Framework.objects.get(code=code)
    return cycle_operations.open_cycle(
        agency, year=year, framework=framework, include_visit=False, user=user
    )


@pytest.fixture
def cycle(frameworks_loaded, personas):
    """Agency A's SPBE 2020 period (47 answers): I01 at level 3 with a fact, I02 and I03
    assigned to the respondent's unit."""
    cycle = open_cycle(personas.agency_a, personas.admin)
    Answer.objects.filter(cycle=cycle, indicator__number=1).update(
        self_level=3, fact="Perbup terbit.", analysis="Sudah diterapkan."
    )
    for number in (2, 3):
        cycle.answers.get(indicator__number=number).units.add(personas.unit_a2)
    return cycle


def test_the_answers_of_a_cycle_with_levels_and_explanation(cycle, personas) -> None:
    body = bearer(personas.admin_membership).get(reverse("api:answers", args=[cycle.pk])).json()
    assert body["count"] == 47
    first = body["results"][0]
    assert first["indicator"]["number"] == 1 and first["indicator"]["code"] == "I01"
    assert first["indicator"]["parent_group"] is not None  # SPBE: aspect under a domain
    assert first["self_level"] == 3 and first["fact"] == "Perbup terbit."
    assert first["analysis"] == "Sudah diterapkan." and first["status"] == "draft"
    assert first["items"] == []  # SPBE 2020 is valued by level, not by items
    assert first["stage_values"] == dict.fromkeys(["internal", "document", "interview", "visit"])
    assert [row["indicator"]["number"] for row in body["results"]] == list(range(1, 48))


def test_a_respondent_reads_only_the_answers_assigned_to_it(cycle, personas) -> None:
    client = bearer(personas.respondent_membership)
    body = client.get(reverse("api:answers", args=[cycle.pk])).json()
    assert [row["indicator"]["code"] for row in body["results"]] == ["I02", "I03"]
    assert client.get(reverse("api:answer", args=[cycle.pk, 2])).status_code == 200
    refused = client.get(reverse("api:answer", args=[cycle.pk, 1]))
    assert refused.status_code == 404
    assert refused.json() == {"error": {"field": "path", "message": "Tidak ditemukan."}}
    # The leader reads every answer, as on the cycle page.
    leader = bearer(personas.leader_membership).get(reverse("api:answer", args=[cycle.pk, 1]))
    assert leader.json()["self_level"] == 3


def test_another_agency_s_cycle_and_an_unknown_indicator_are_404(cycle, personas) -> None:
    client = bearer(personas.admin_b_membership)
    for name, args in [
        ("api:answers", [cycle.pk]),
        ("api:answer", [cycle.pk, 1]),
        ("api:evidence", [cycle.pk]),
        ("api:figures", [cycle.pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 404, name
    mine = bearer(personas.admin_membership)
    assert mine.get(reverse("api:answer", args=[cycle.pk, 48])).status_code == 404
    assert mine.get(reverse("api:answer", args=[cycle.pk, 47])).status_code == 200


def test_answers_filter_order_and_paginate(cycle, personas) -> None:
    client = bearer(personas.admin_membership)
    url = reverse("api:answers", args=[cycle.pk])
    for key in ("19", "I19", "i19"):
        rows = client.get(url, {"indicator": key}).json()["results"]
        assert [row["indicator"]["number"] for row in rows] == [19]
    domain = cycle.answers.get(indicator__number=1).indicator.group.parent.code
    by_domain = client.get(url, {"group": domain, "page_size": 200}).json()
    expected = cycle.answers.filter(indicator__group__parent__code=domain).count()
    assert 0 < by_domain["count"] == expected < 47
    newest = client.get(url, {"ordering": "-indicator", "page_size": 5}).json()
    assert [row["indicator"]["number"] for row in newest["results"]] == [47, 46, 45, 44, 43]
    second = client.get(client.get(url, {"page_size": 20}).json()["next"]).json()
    assert second["results"][0]["indicator"]["number"] == 21 and second["previous"]
    assert client.get(url, {"page": 9}).json()["error"]["field"] == "page"
    # Numbers beyond any database integer, or no number at all, match nothing: no server error.
    for key in ("9" * 30, "I", "١٩"):
        assert client.get(url, {"indicator": key}).json()["count"] == 0, key
    huge = client.get(reverse("api:answer", args=[cycle.pk, int("9" * 30)]))
    assert huge.status_code == 404


def count_queries(client: Client, url: str, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


@pytest.mark.parametrize("framework", ["spbe-2020", "pemdi-2026"])
def test_answer_queries_are_constant_in_the_page_size(framework, frameworks_loaded, personas):
    cycle = open_cycle(personas.agency_a, personas.admin, framework)
    answers = list(cycle.answers.all())
    for answer in answers:
        answer.units.add(personas.unit_a2)
    client = bearer(personas.respondent_membership)
    url = reverse("api:answers", args=[cycle.pk])
    assert len(answers) > 5
    client.get(url)  # the token's first use of the day records it: not part of the count
    assert count_queries(client, url, page_size=5) == count_queries(client, url, page_size=50)
    evidence_url = reverse("api:evidence", args=[cycle.pk])
    for n, answer in enumerate(answers[:12]):
        document = evidence_operations.upload_evidence(
            personas.agency_a,
            samples.upload(f"d{n}.pdf", samples.pdf_bytes(f"Dokumen {n}")),
            title=f"Dokumen {n:02}",
            user=personas.admin,
        )
        evidence_operations.link_evidence(answer, document, level=1, user=personas.admin)
    assert count_queries(client, evidence_url, page_size=2) == count_queries(
        client, evidence_url, page_size=50
    )


def test_item_verdicts_per_stage_follow_rule_r6(frameworks_loaded, personas) -> None:
    cycle = open_cycle(personas.agency_a, personas.admin, "pemdi-2026")
    answer = (
        cycle.answers.filter(indicator__items__isnull=False)
        .order_by("indicator__number")
        .distinct()
        .first()
    )
    items = list(
        Item.objects.filter(indicator=answer.indicator).order_by("level__level", "position")
    )
    low = items[0]
    ItemReview.objects.create(
        answer=answer,
        item=low,
        stage=ReviewStage.INTERNAL,
        verdict=ItemVerdict.REVISION,
        actor=personas.assessor,
    )
    ItemReview.objects.create(
        answer=answer,
        item=low,
        stage=ReviewStage.DOCUMENT,
        verdict=ItemVerdict.ACCEPTED,
        actor=personas.external,
    )
    body = bearer(personas.admin_membership).get(
        reverse("api:answer", args=[cycle.pk, answer.indicator.number])
    )
    rows = {row["code"]: row for row in body.json()["items"]}
    assert len(rows) == len(items)
    assert rows[low.code]["verdicts"] == {
        "internal": "revision",
        "document": "accepted",
        "interview": "accepted",  # a later stage keeps the earlier verdict
        "visit": "accepted",
    }
    above = next(item for item in items if item.level.level > low.level.level)
    assert rows[above.code]["verdicts"]["internal"] == "auto_rejected"
    assert rows[above.code]["verdicts"]["document"] is None


def test_stage_values_are_exact_decimal_strings(frameworks_loaded, personas) -> None:
    cycle = open_cycle(personas.agency_a, personas.admin, "pemdi-2026")
    answer = cycle.answers.order_by("indicator__number").first()
    answer.stage_values.create(stage=ReviewStage.INTERNAL, value=Decimal("2.333333"), reason="uji")
    body = bearer(personas.admin_membership).get(
        reverse("api:answer", args=[cycle.pk, answer.indicator.number])
    )
    assert body.json()["stage_values"]["internal"] == "2.333333"


def test_the_evidence_of_a_cycle_and_its_download(cycle, personas) -> None:
    content = samples.pdf_bytes("Perbup Arsitektur SPBE")
    document = evidence_operations.upload_evidence(
        personas.agency_a,
        samples.upload("perbup.pdf", content),
        title="Perbup",
        user=personas.admin,
    )
    elsewhere = evidence_operations.upload_evidence(
        personas.agency_a,
        samples.upload("lain.pdf", samples.pdf_bytes("Tidak ditautkan")),
        title="Lain",
        user=personas.admin,
    )
    answer = cycle.answers.get(indicator__number=2)
    evidence_operations.link_evidence(answer, document, level=2, user=personas.admin)
    respondent = bearer(personas.respondent_membership)
    body = respondent.get(reverse("api:evidence", args=[cycle.pk])).json()
    assert body["count"] == 1
    row = body["results"][0]
    revision = document.current_revision
    assert row["id"] == document.pk and row["title"] == "Perbup"
    assert row["size"] == len(content) == revision.size and row["sha256"] == revision.sha256
    assert row["links"] == [
        {
            "answer": answer.pk,
            "indicator": "I02",
            "level": 2,
            "item": None,
            "purpose": EvidencePurpose.GENERAL.value,
        }
    ]
    download = respondent.get(reverse("api:evidence_download", args=[document.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == content
    assert "attachment" in download["Content-Disposition"]
    # Another agency's token: 404 for the file, as on the download page.
    other = bearer(personas.admin_b_membership)
    assert other.get(reverse("api:evidence_download", args=[document.pk])).status_code == 404
    assert elsewhere.pk not in [r["id"] for r in body["results"]]
    # A respondent sees only documents linked to answers it may read.
    Answer.objects.get(pk=answer.pk).units.clear()
    assert respondent.get(reverse("api:evidence", args=[cycle.pk])).json()["count"] == 0


def test_the_figures_are_the_dashboard_s(cycle, personas) -> None:
    Answer.objects.filter(cycle=cycle).update(self_level=2)
    Answer.objects.filter(cycle=cycle, indicator__number__lte=10).update(self_level=4)
    body = bearer(personas.leader_membership).get(reverse("api:figures", args=[cycle.pk])).json()
    score = next(s for s in cycle_scores(personas.agency_a) if s.cycle.pk == cycle.pk)
    assert body["framework"] == "spbe-2020" and body["official"] is None
    own = body["own"]
    assert Decimal(own["index"]) == score.own.index and own["predicate"] == score.own.predicate
    assert own["index_display"] == score.engine.display(score.own.index)
    assert own["answered"] == own["total"] == 47 and own["complete"] is True
    groups = {g["code"]: g for g in own["groups"]}
    assert {g.code for g in score.own.groups} == set(groups)
    assert all(Decimal(groups[g.code]["index"]) == g.index for g in score.own.groups)


def test_the_national_results_are_the_agency_s_own(frameworks_loaded, personas) -> None:
    def published(name: str, index: str) -> PublishedResult:
        return PublishedResult.objects.create(
            year=2030, category="regency", province="Kepulauan Riau", name=name,
            key=normalise(name), d1=Decimal("2.10"), d2=Decimal("2.20"), d3=Decimal("2.30"),
            d4=Decimal("2.40"), index=Decimal(index), predicate="Baik", source="uji",
        )  # fmt: skip

    published(personas.agency_a.name, "2.65")
    published(personas.agency_b.name, "3.10")
    body = bearer(personas.leader_membership).get(reverse("api:national"), {"page_size": 200})
    rows = body.json()["results"]
    mine = PublishedResult.objects.filter(key=normalise(personas.agency_a.name))
    assert len(rows) == mine.count() == body.json()["count"]
    assert [row["year"] for row in rows] == sorted(row["year"] for row in rows)
    assert rows[-1]["index"] == "2.65" and rows[-1]["d4"] == "2.40" and rows[-1]["year"] == 2030
    assert "3.10" not in {row["index"] for row in rows if row["year"] == 2030}
    theirs = bearer(personas.admin_b_membership).get(reverse("api:national"), {"page_size": 200})
    assert {row["name"] for row in theirs.json()["results"]} & {
        row["name"] for row in rows
    } == set()
    refused = bearer(personas.partner_membership).get(reverse("api:national"))
    assert refused.status_code == 403


def test_a_document_that_is_a_link_is_listed_with_its_address_and_has_no_file(cycle, personas):
    document = evidence_operations.register_link(
        personas.agency_a,
        url="https://jdih.natunakab.go.id/perbup-12-2024",
        title="Perbup 12/2024",
        user=personas.admin,
    )
    answer = cycle.answers.get(indicator__number=3)
    evidence_operations.link_evidence(answer, document, level=1, user=personas.admin)
    client = bearer(personas.admin_membership)
    row = client.get(reverse("api:evidence", args=[cycle.pk])).json()["results"][0]
    assert row["url"] == "https://jdih.natunakab.go.id/perbup-12-2024"
    assert row["size"] is None and row["sha256"] is None and row["file_name"] is None
    missing = client.get(reverse("api:evidence_download", args=[document.pk]))
    assert missing.status_code == 404 and missing.json()["error"]["field"] == "path"
