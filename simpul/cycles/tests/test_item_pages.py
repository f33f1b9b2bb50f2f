"""The answer page of an item-valued indicator (pemdi-2026) and its endpoints, over HTTP."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from simpul.agencies.models import Membership
from simpul.cycles import items, operations
from simpul.cycles.models import (
    ExternalScore,
    ItemReadiness,
    ItemReview,
    ItemVerdict,
    ReviewStage,
    RevisionReason,
)
from simpul.cycles.tests.conftest import answer_of, make_evidence
from simpul.evidence.models import EvidenceLink
from simpul.evidence.tests import samples
from simpul.frameworks.operations import import_framework


@pytest.fixture
def cycle(personas, shipped_specs):
    framework = import_framework(shipped_specs["pemdi-2026"]).framework
    return operations.open_cycle(
        personas.agency_a, year=2026, framework=framework, include_visit=False, user=personas.admin
    )


@pytest.fixture
def i13(cycle, personas):
    answer = answer_of(cycle, "I13")
    answer.units.add(personas.unit_a2)
    return answer


def page(client, answer):
    return client.get(reverse("cycles:answer", args=[answer.pk]))


def test_the_respondent_sees_every_level_with_its_items_and_can_act_on_them(
    i13, personas, as_user
) -> None:
    response = page(as_user(personas.respondent), i13)
    assert response.status_code == 200
    body = response.content.decode()
    for code in ("I13-L1-01", "I13-L2-03", "I13-L3-04", "I13-L5-01"):
        assert f'id="butir-{code}"' in body
    assert "Tandai siap dinilai" in body and "Unggah dokumen untuk butir ini" in body
    assert "Dihimpun dari sumber sekunder" in body
    assert "Tingkat 1: 0 dari 3 butir diterima." in body
    assert "Bila semuanya diterima, nilai naik dari 1,00 menjadi 1,50." in body
    assert "Simpan putusan" not in body  # not an assessor


def test_uploading_for_an_item_links_the_document_to_that_item(i13, personas, as_user) -> None:
    client = as_user(personas.respondent)
    url = reverse("evidence:upload") + f"?answer={i13.pk}&item=I13-L1-02"
    assert "butir I13-L1-02" in client.get(url).content.decode()
    pdf = samples.upload("kak.pdf", samples.pdf_bytes("KAK aplikasi"))
    response = client.post(url, {"file": pdf, "title": "KAK aplikasi", "document_type": "other"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"].endswith("#butir-I13-L1-02")
    link = EvidenceLink.objects.get(answer=i13)
    assert (link.item.code, link.level, link.evidence.title) == ("I13-L1-02", 1, "KAK aplikasi")


def test_the_whole_loop_over_http_moves_the_value(i13, personas, as_user) -> None:
    respondent, assessor = as_user(personas.respondent), as_user(personas.assessor)
    document = make_evidence(personas.agency_a, "Laporan SDLC")
    for code in ("I13-L1-01", "I13-L1-02"):
        response = respondent.post(
            reverse("cycles:item_link", args=[i13.pk]), {"item": code, "evidence": document.pk}
        )
        assert response.status_code == 302
        respondent.post(reverse("cycles:item_ready", args=[i13.pk]), {"item": code, "ready": "1"})
    assert ItemReadiness.objects.filter(answer=i13, ready=True).count() == 2
    review = reverse("cycles:item_review", args=[i13.pk])
    assert (
        assessor.post(review, {"item": "I13-L1-01", "verdict": ItemVerdict.ACCEPTED}).status_code
        == 302
    )
    refused = assessor.post(review, {"item": "I13-L1-02", "verdict": ItemVerdict.REVISION})
    assert refused.status_code == 400 and "Pilih alasan revisi" in refused.content.decode()
    assessor.post(
        review,
        {
            "item": "I13-L1-02",
            "verdict": ItemVerdict.REVISION,
            "reason": "not_right",
            "comment": "Salah.",
        },
    )
    body = page(assessor, i13).content.decode()
    assert 'data-stage="internal"><strong>1,17</strong>' in body
    assert "“Salah.”" in body
    # The respondent finds the returned item in "Tugas saya" with the comment.
    tasks = respondent.get(reverse("cycles:tasks")).content.decode()
    assert "I13-L1-02" in tasks and "Salah." in tasks


def test_a_respondent_may_not_give_verdicts_and_an_assessor_may_not_mark_ready(
    i13, personas, as_user
) -> None:
    respondent = as_user(personas.respondent)
    response = respondent.post(
        reverse("cycles:item_review", args=[i13.pk]),
        {"item": "I13-L1-01", "verdict": ItemVerdict.ACCEPTED},
    )
    assert response.status_code == 403
    assessor = as_user(personas.assessor)
    assessor.post(reverse("cycles:item_ready", args=[i13.pk]), {"item": "I13-L1-01", "ready": "1"})
    assert not ItemReadiness.objects.exists() and not ItemReview.objects.exists()


def test_the_coordinator_enters_an_external_score_with_its_source(cycle, personas, as_user) -> None:
    i5 = answer_of(cycle, "I5")
    admin = as_user(personas.admin)
    assert "asumsi: indeks lain belum tersedia" in page(admin, i5).content.decode()
    url = reverse("cycles:external_score", args=[i5.pk])
    refused = admin.post(url, {"skor-score": "25", "skor-year": "2025"})
    assert refused.status_code == 400 and "Sebutkan sumber skor" in refused.content.decode()
    admin.post(
        url, {"skor-score": "25", "skor-year": "2025", "skor-source_url": "https://sdi.example/"}
    )
    assert ExternalScore.objects.get(indicator=i5.indicator).score == 25
    assert 'data-stage="self_assessment"><strong>2,00</strong>' in page(admin, i5).content.decode()


def test_another_agency_reaches_none_of_it(i13, personas, as_user) -> None:
    other = as_user(personas.admin_b)
    document = make_evidence(personas.agency_a, "Dokumen A")
    link = items.link_item_evidence(
        i13, "I13-L1-01", document, membership=personas.admin_membership
    )
    assert page(other, i13).status_code == 404
    for name, data in [
        ("item_ready", {"item": "I13-L1-01", "ready": "0"}),
        ("item_review", {"item": "I13-L1-01", "verdict": ItemVerdict.REJECTED}),
        ("item_link", {"item": "I13-L1-01", "evidence": document.pk}),
        ("stage_value", {"nilai-value": "1.2", "nilai-reason": "x"}),
        ("external_score", {"skor-score": "1", "skor-year": "2025"}),
    ]:
        assert other.post(reverse(f"cycles:{name}", args=[i13.pk]), data).status_code == 404
    unlink = reverse("cycles:item_unlink", args=[i13.pk, link.pk])
    assert other.post(unlink).status_code == 404
    assert EvidenceLink.objects.filter(pk=link.pk).exists()
    assert not ItemReview.objects.exists()


def test_the_page_costs_the_same_queries_whatever_the_items_and_documents(
    cycle, personas, as_user
) -> None:
    client = as_user(personas.admin)
    i8 = answer_of(cycle, "I8")  # 35 items

    def count(answer) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert page(client, answer).status_code == 200
        return len(queries)

    count(i8)  # a process without the version's engine reads the framework file once
    bare = count(i8)
    codes = list(i8.indicator.items.values_list("code", flat=True))
    for number in range(100):
        document = make_evidence(personas.agency_a, f"Dokumen {number}")
        items.link_item_evidence(
            i8, codes[number % len(codes)], document, membership=personas.admin_membership
        )
    for code in codes[:10]:
        items.review_item(
            i8, code, stage=ReviewStage.INTERNAL, verdict=ItemVerdict.REVISION, reason="not_right",
            membership=personas.assessor_membership,
        )  # fmt: skip
    assert count(i8) == bare
    assert count(answer_of(cycle, "I2")) == bare  # 6 items
    # An indicator taken from another index reads its scores, and the score form its
    # document choices: on the other pages neither is read.
    assert count(answer_of(cycle, "I5")) == bare + 2


def test_the_cycle_page_shows_the_self_assessed_index_from_ready_items(
    cycle, i13, personas, as_user
) -> None:
    document = make_evidence(personas.agency_a, "Laporan SDLC")
    for code in ("I13-L1-01", "I13-L1-02", "I13-L1-03"):
        items.link_item_evidence(i13, code, document, membership=personas.respondent_membership)
        items.mark_item_ready(i13, code, ready=True, membership=personas.respondent_membership)
    body = as_user(personas.admin).get(reverse("cycles:detail", args=[cycle.pk])).content.decode()
    # I13 complete at level 1 (1.50): the index is 1 + 5 × 0.5 / 100 = 1.025 → "1.03".
    assert "<p><strong>1,03</strong> · Kurang</p>" in body
    assert 'Dengan butir siap dinilai</th><td class="num">1/20</td>' in body
    row = body.split("Tingkat Kematangan Aplikasi Pemdi</a></td>")[1].split("</tr>")[0]
    assert '<td class="num">1,50</td>' in row


def test_a_page_opened_before_the_slugs_still_posts_its_verdict(i13, personas, as_user) -> None:
    respondent, assessor = as_user(personas.respondent), as_user(personas.assessor)
    document = make_evidence(personas.agency_a, "Laporan SDLC")
    respondent.post(
        reverse("cycles:item_link", args=[i13.pk]), {"item": "I13-L1-02", "evidence": document.pk}
    )
    respondent.post(
        reverse("cycles:item_ready", args=[i13.pk]), {"item": "I13-L1-02", "ready": "1"}
    )
    old = {"item": "I13-L1-02", "verdict": "revisi", "reason": "tidak_tepat", "comment": "Salah."}
    response = assessor.post(reverse("cycles:item_review", args=[i13.pk]), old)
    assert response.status_code == 302
    review = ItemReview.objects.get(answer=i13, item__code="I13-L1-02")
    assert (review.stage, review.verdict, review.reason) == (
        ReviewStage.INTERNAL, ItemVerdict.REVISION, RevisionReason.NOT_RIGHT,
    )  # fmt: skip
    unknown = {"item": "I13-L1-02", "verdict": "lulus"}
    refused = assessor.post(reverse("cycles:item_review", args=[i13.pk]), unknown)
    assert refused.status_code == 400


def _seen(body: str, code: str) -> str:
    """The `seen` token the verdict form of item `code` carries on a rendered page."""
    form = body.split(f'name="item" value="{code}"><input type="hidden" name="seen" value="')[1]
    return form.split('"')[0]


def test_a_verdict_saved_meanwhile_by_someone_else_is_not_overwritten(
    i13, personas, as_user
) -> None:
    assessor, coordinator = as_user(personas.assessor), as_user(personas.admin)
    code = "I13-L1-01"
    review = reverse("cycles:item_review", args=[i13.pk])
    opened_by_assessor = _seen(page(assessor, i13).content.decode(), code)
    opened_by_coordinator = _seen(page(coordinator, i13).content.decode(), code)
    assert opened_by_assessor == opened_by_coordinator == "0"
    saved = coordinator.post(
        review, {"item": code, "verdict": ItemVerdict.ACCEPTED, "seen": opened_by_coordinator}
    )
    assert saved.status_code == 302
    stale = {
        "item": code,
        "verdict": ItemVerdict.REVISION,
        "reason": "other",
        "comment": "Dokumen tidak bertanda tangan.",
        "seen": opened_by_assessor,
    }
    refused = assessor.post(review, stale)
    body = refused.content.decode()
    assert refused.status_code == 400
    assert f"Putusan butir {code} pada tahap ini sudah disimpan" in body
    assert personas.admin.display_name in body
    # Nothing replaced the coordinator's verdict, and the assessor's typing is still on the page.
    assert list(ItemReview.objects.filter(answer=i13).values_list("verdict", flat=True)) == [
        ItemVerdict.ACCEPTED
    ]
    assert ">Dokumen tidak bertanda tangan.</textarea>" in body
    assert 'value="revision" required checked' in body
    # The refusal page carries the fresh token: saving from it now goes through.
    fresh = _seen(body, code)
    assert fresh == str(ItemReview.objects.get(answer=i13).pk)
    assert assessor.post(review, {**stale, "seen": fresh}).status_code == 302
    latest = ItemReview.objects.filter(answer=i13).order_by("-pk").first()
    assert (latest.verdict, latest.actor) == (ItemVerdict.REVISION, personas.assessor)


def test_the_verdict_token_is_checked_in_the_write_operation(i13, personas) -> None:
    membership = Membership.objects.get(user=personas.assessor, agency=personas.agency_a)
    first = items.review_item(
        i13, "I13-L1-03", stage=ReviewStage.INTERNAL, verdict=ItemVerdict.ACCEPTED,
        membership=membership, seen=0,
    )  # fmt: skip
    with pytest.raises(operations.ActionError, match="orang lain|sudah disimpan"):
        items.review_item(
            i13, "I13-L1-03", stage=ReviewStage.INTERNAL, verdict=ItemVerdict.REJECTED,
            membership=membership, seen=0,
        )  # fmt: skip
    second = items.review_item(
        i13, "I13-L1-03", stage=ReviewStage.INTERNAL, verdict=ItemVerdict.REJECTED,
        membership=membership, seen=first.pk,
    )  # fmt: skip
    # Without a token (a page from before it existed, the file import) the save goes through.
    items.review_item(
        i13, "I13-L1-03", stage=ReviewStage.INTERNAL, verdict=ItemVerdict.ACCEPTED,
        membership=membership,
    )  # fmt: skip
    assert ItemReview.objects.filter(answer=i13).count() == 3 and second.pk != first.pk
