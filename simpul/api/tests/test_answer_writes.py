"""Answer writes over /api/v1: PATCH an answer (its version is the ETag, If-Match required),
submit it, mark items ready, item verdicts. Every bad body is a 400 naming the field, with
nothing written; the rules are the answer page's."""

import pytest
from django.test import Client
from django.urls import reverse

from simpul.api.operations import create_token
from simpul.cycles import items as cycle_items
from simpul.cycles import operations as cycle_operations
from simpul.cycles.models import (
    Answer,
    AnswerStatus,
    Cycle,
    ItemReadiness,
    ItemReview,
    ItemVerdict,
    ReviewStage,
    RevisionReason,
    Stage,
)
from simpul.cycles.operations import ANSWER_TEXT_MAX
from simpul.evidence.models import Evidence
from simpul.frameworks.models import Framework, Item

pytestmark = pytest.mark.django_db


def token_client(membership, scope="write") -> Client:
    _, plain = create_token(membership, "uji", scope, days=30)
    return Client(headers={"Authorization": f"Bearer {plain}"})


def open_cycle(agency, user, code: str = "spbe-2020", year: int = 2025):
    framework = Framework.objects.get(code=code)
    return cycle_operations.open_cycle(
        agency, year=year, framework=framework, include_visit=False, user=user
    )


@pytest.fixture
def cycle(frameworks_loaded, personas):
    """Agency A's SPBE period; indicator 2 assigned to the respondent's unit."""
    cycle = open_cycle(personas.agency_a, personas.admin)
    cycle.answers.get(indicator__number=2).units.add(personas.unit_a2)
    return cycle


@pytest.fixture
def items_answer(frameworks_loaded, personas):
    """An answer of agency A's Pemdi 2026 period valued by items, assigned to the respondent."""
    cycle = open_cycle(personas.agency_a, personas.admin, "pemdi-2026", year=2026)
    answer = (
        cycle.answers.filter(indicator__items__isnull=False)
        .order_by("indicator__number")
        .distinct()
        .first()
    )
    answer.units.add(personas.unit_a2)
    return answer


def first_item(answer: Answer) -> Item:
    return Item.objects.filter(indicator=answer.indicator).order_by("level__level", "position")[0]


def answer_url(cycle_pk: int, number: int, suffix: str = "") -> str:
    name = {"": "api:answer", "submit": "api:answer_submit", "items": "api:answer_items"}[suffix]
    return reverse(name, args=[cycle_pk, number])


def verdict_url(answer: Answer, code: str) -> str:
    return reverse("api:item_verdict", args=[answer.cycle_id, answer.indicator.number, code])


def patch(client: Client, url: str, body, etag: str | None):
    headers = {"If-Match": etag} if etag is not None else {}
    return client.patch(url, body, content_type="application/json", headers=headers)


def stored(cycle, number: int = 2) -> tuple:
    row = Answer.objects.get(cycle=cycle, indicator__number=number)
    return row.version, row.self_level, row.fact, row.analysis, row.status


# --- PATCH the answer -------------------------------------------------------------------------


def test_the_respondent_saves_its_answer_with_the_etag_of_the_read(cycle, personas):
    client = token_client(personas.respondent_membership)
    url = answer_url(cycle.pk, 2)
    read = client.get(url)
    etag = read["ETag"]
    assert etag == f'"{read.json()["version"]}"'
    body = {"self_level": 3, "fact": " Perbup 12/2024 pasal 4. ", "analysis": "Kriteria 3."}
    response = patch(client, url, body, etag)
    assert response.status_code == 200, response.content
    assert response.json()["self_level"] == 3
    version, level, fact, analysis, _status = stored(cycle)
    assert (level, fact, analysis) == (3, "Perbup 12/2024 pasal 4.", "Kriteria 3.")
    assert response["ETag"] == f'"{version}"' != etag
    assert response["ETag"] == client.get(url)["ETag"]
    # A field not sent keeps its value.
    again = patch(client, url, {"analysis": "Kriteria 3 terpenuhi."}, response["ETag"])
    assert again.status_code == 200, again.content
    assert stored(cycle)[1:4] == (3, "Perbup 12/2024 pasal 4.", "Kriteria 3 terpenuhi.")


def test_without_if_match_428_and_after_an_edit_412_nothing_written(cycle, personas):
    client = token_client(personas.admin_membership)
    url = answer_url(cycle.pk, 2)
    etag = client.get(url)["ETag"]
    before = stored(cycle)
    missing = patch(client, url, {"self_level": 2}, None)
    assert missing.status_code == 428
    assert missing.json()["error"]["field"] == "If-Match"
    assert stored(cycle) == before
    # The respondent saves on the answer page in between.
    answer = Answer.objects.get(cycle=cycle, indicator__number=2)
    cycle_operations.save_answer(
        answer, membership=personas.respondent_membership, version=answer.version,
        self_level=1, fact="Dari halaman", analysis="",
    )  # fmt: skip
    between = stored(cycle)
    stale = patch(client, url, {"self_level": 2}, etag)
    assert stale.status_code == 412
    assert stale.json()["error"]["field"] == "If-Match"
    assert stored(cycle) == between


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ([1, 2], "body"),
        ({}, "body"),
        ({"status": "submitted"}, "status"),
        ({"self_level": "3"}, "self_level"),
        ({"self_level": True}, "self_level"),
        ({"self_level": 9}, "self_level"),
        ({"fact": 12}, "fact"),
        ({"analysis": "x" * (ANSWER_TEXT_MAX + 1)}, "analysis"),
    ],
)
def test_every_bad_body_is_a_400_naming_the_field_and_nothing_is_written(
    cycle, personas, body, field
):
    client = token_client(personas.respondent_membership)
    url = answer_url(cycle.pk, 2)
    etag = client.get(url)["ETag"]
    before = stored(cycle)
    response = patch(client, url, body, etag)
    assert response.status_code == 400, response.content
    assert response.json()["error"]["field"] == field
    assert stored(cycle) == before


def test_who_may_write_read_tokens_and_other_agencies(cycle, personas):
    url = answer_url(cycle.pk, 2)
    etag = token_client(personas.admin_membership).get(url)["ETag"]
    before = stored(cycle)
    read_only = token_client(personas.admin_membership, scope="read")
    assert patch(read_only, url, {"self_level": 2}, etag).status_code == 403
    # An assessor reads the answer but does not answer it.
    assessor = token_client(personas.assessor_membership)
    assert patch(assessor, url, {"self_level": 2}, etag).status_code == 403
    # The respondent does not see an answer not assigned to it.
    respondent = token_client(personas.respondent_membership)
    assert patch(respondent, answer_url(cycle.pk, 5), {"self_level": 2}, etag).status_code == 404
    # Agency B's admin: agency A's period does not exist for it.
    theirs = token_client(personas.admin_b_membership)
    assert patch(theirs, url, {"self_level": 2}, etag).status_code == 404
    assert stored(cycle) == before


def test_submit_then_the_answer_is_no_longer_editable(cycle, personas):
    client = token_client(personas.respondent_membership)
    url = answer_url(cycle.pk, 2)
    saved = patch(client, url, {"self_level": 2}, client.get(url)["ETag"])
    assert saved.status_code == 200, saved.content
    assert client.post(answer_url(cycle.pk, 2, "submit")).status_code == 428
    submitted = client.post(answer_url(cycle.pk, 2, "submit"), headers={"If-Match": saved["ETag"]})
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["status"] == AnswerStatus.SUBMITTED
    before = stored(cycle)
    assert before[4] == AnswerStatus.SUBMITTED
    refused = patch(client, url, {"self_level": 3}, submitted["ETag"])
    assert refused.status_code == 409
    assert refused.json()["error"]["field"] == "status"
    assert stored(cycle) == before


def test_submit_without_a_level_is_refused_by_the_answer_s_state(cycle, personas):
    client = token_client(personas.respondent_membership)
    url = answer_url(cycle.pk, 2)
    before = stored(cycle)
    response = client.post(
        answer_url(cycle.pk, 2, "submit"), headers={"If-Match": client.get(url)["ETag"]}
    )
    assert response.status_code == 409
    assert stored(cycle) == before


# --- items marked ready -----------------------------------------------------------------------


def readiness(answer: Answer) -> dict:
    return dict(ItemReadiness.objects.filter(answer=answer).values_list("item__code", "ready"))


def test_the_respondent_marks_an_item_with_evidence_ready(items_answer, personas):
    item = first_item(items_answer)
    document = Evidence.objects.create(agency=personas.agency_a, title="SK Tim SPBE")
    cycle_items.link_item_evidence(
        items_answer, item.code, document, membership=personas.admin_membership
    )
    client = token_client(personas.respondent_membership)
    url = answer_url(items_answer.cycle_id, items_answer.indicator.number, "items")
    etag = client.get(answer_url(items_answer.cycle_id, items_answer.indicator.number))["ETag"]
    mark = {"items": [{"code": item.code, "ready": True}]}
    # A read token, and an assessor (who reads the answer but does not answer it): 403.
    read_only = token_client(personas.respondent_membership, scope="read")
    assert patch(read_only, url, mark, etag).status_code == 403
    assert patch(token_client(personas.assessor_membership), url, mark, etag).status_code == 403
    assert readiness(items_answer) == {}
    response = patch(client, url, mark, etag)
    assert response.status_code == 200, response.content
    assert readiness(items_answer) == {item.code: True}
    row = next(row for row in response.json()["items"] if row["code"] == item.code)
    assert row["ready"] is True
    assert response["ETag"] != etag
    assert (
        patch(client, url, {"items": [{"code": item.code, "ready": False}]}, None).status_code
        == 428
    )
    back = patch(client, url, {"items": [{"code": item.code, "ready": False}]}, response["ETag"])
    assert back.status_code == 200, back.content
    assert readiness(items_answer) == {item.code: False}


def test_items_are_all_marked_or_none(items_answer, personas):
    items = list(
        Item.objects.filter(indicator=items_answer.indicator).order_by("level__level", "position")
    )
    document = Evidence.objects.create(agency=personas.agency_a, title="SK Tim SPBE")
    cycle_items.link_item_evidence(
        items_answer, items[0].code, document, membership=personas.admin_membership
    )
    client = token_client(personas.respondent_membership)
    url = answer_url(items_answer.cycle_id, items_answer.indicator.number, "items")
    etag = client.get(answer_url(items_answer.cycle_id, items_answer.indicator.number))["ETag"]
    body = {
        "items": [{"code": items[0].code, "ready": True}, {"code": items[1].code, "ready": True}]
    }
    response = patch(client, url, body, etag)
    # The second item has no evidence: refused, and the first is not marked either.
    assert response.status_code == 400, response.content
    assert response.json()["error"]["field"] == "items[1].ready"
    assert readiness(items_answer) == {}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ("[]", "body"),
        ({"items": []}, "items"),
        ({"items": {"a": True}}, "items"),
        ({"items": [], "extra": 1}, "extra"),
        ({"items": ["x"]}, "items[0]"),
        ({"items": [{"code": "TIDAK-ADA", "ready": True}]}, "items[0].code"),
        ({"items": [{"code": "FIRST", "ready": "ya"}]}, "items[0].ready"),
        ({"items": [{"code": "FIRST", "ready": True, "note": ""}]}, "items[0].note"),
        ({"items": [{"code": "FIRST", "ready": False}, {"code": "FIRST", "ready": True}]},
         "items[1].code"),
    ],
)  # fmt: skip
def test_every_bad_items_body_is_a_400_naming_the_field(items_answer, personas, body, field):
    code = first_item(items_answer).code
    if isinstance(body, dict) and isinstance(body.get("items"), list):
        body = {
            **body,
            "items": [
                {**row, "code": code}
                if isinstance(row, dict) and row.get("code") == "FIRST"
                else row
                for row in body["items"]
            ],
        }
    client = token_client(personas.respondent_membership)
    detail = answer_url(items_answer.cycle_id, items_answer.indicator.number)
    etag = client.get(detail)["ETag"]
    response = patch(
        client,
        answer_url(items_answer.cycle_id, items_answer.indicator.number, "items"),
        body,
        etag,
    )
    assert response.status_code == 400, response.content
    assert response.json()["error"]["field"] == field
    assert client.get(detail)["ETag"] == etag
    assert readiness(items_answer) == {}


def test_an_answer_valued_by_level_has_no_items(cycle, personas):
    client = token_client(personas.admin_membership)
    etag = client.get(answer_url(cycle.pk, 2))["ETag"]
    body = {"items": [{"code": "I02-L1-01", "ready": True}]}
    assert patch(client, answer_url(cycle.pk, 2, "items"), body, etag).status_code == 404


# --- item verdicts ----------------------------------------------------------------------------


def post_verdict(client: Client, answer: Answer, code: str, body, etag: str | None = ""):
    """POST a verdict with the answer's ETag as a read gives it now (or `etag`, None: none)."""
    if etag == "":
        etag = client.get(answer_url(answer.cycle_id, answer.indicator.number)).get("ETag")
    headers = {"If-Match": etag} if etag is not None else {}
    return client.post(
        verdict_url(answer, code), body, content_type="application/json", headers=headers
    )


def test_the_internal_assessor_gives_a_verdict(items_answer, personas):
    item = first_item(items_answer)
    client = token_client(personas.assessor_membership)
    body = {"stage": ReviewStage.INTERNAL, "verdict": ItemVerdict.ACCEPTED, "note": "Lengkap."}
    response = post_verdict(client, items_answer, item.code, body)
    assert response.status_code == 201, response.content
    review = ItemReview.objects.get(answer=items_answer, item=item)
    assert (review.stage, review.verdict, review.comment) == (
        ReviewStage.INTERNAL, ItemVerdict.ACCEPTED, "Lengkap.",
    )  # fmt: skip
    assert response.json()["verdict"] == ItemVerdict.ACCEPTED
    assert response.json()["item"] == item.code
    # The answer's read shows it.
    read = client.get(answer_url(items_answer.cycle_id, items_answer.indicator.number))
    row = next(row for row in read.json()["items"] if row["code"] == item.code)
    assert row["verdicts"][ReviewStage.INTERNAL] == ItemVerdict.ACCEPTED
    revision = {
        "stage": ReviewStage.INTERNAL, "verdict": ItemVerdict.REVISION,
        "reason": RevisionReason.NOT_UPLOADED,
    }  # fmt: skip
    assert post_verdict(client, items_answer, item.code, revision).status_code == 201
    assert ItemReview.objects.filter(answer=items_answer, item=item).count() == 2


def test_a_verdict_needs_the_answer_s_etag_and_never_overwrites_unseen(items_answer, personas):
    item = first_item(items_answer)
    client = token_client(personas.assessor_membership)
    body = {"stage": ReviewStage.INTERNAL, "verdict": ItemVerdict.ACCEPTED}
    missing = post_verdict(client, items_answer, item.code, body, etag=None)
    assert missing.status_code == 428
    assert missing.json()["error"]["field"] == "If-Match"
    detail = answer_url(items_answer.cycle_id, items_answer.indicator.number)
    etag = client.get(detail)["ETag"]
    # Another assessor gives a verdict in between: the answer's version moves on.
    cycle_items.review_item(
        items_answer, item.code, stage=ReviewStage.INTERNAL, verdict=ItemVerdict.REJECTED,
        membership=personas.admin_membership,
    )  # fmt: skip
    stale = post_verdict(client, items_answer, item.code, body, etag=etag)
    assert stale.status_code == 412
    assert stale.json()["error"]["field"] == "If-Match"
    assert list(
        ItemReview.objects.filter(answer=items_answer).values_list("verdict", flat=True)
    ) == [ItemVerdict.REJECTED]
    # With the fresh ETag it is stored, and the answer carries the ETag of its new version.
    fresh = client.get(detail)["ETag"]
    given = post_verdict(client, items_answer, item.code, body, etag=fresh)
    assert given.status_code == 201, given.content
    assert given["ETag"] != fresh and given["ETag"] == client.get(detail)["ETag"]


def test_a_verdict_in_the_values_of_before_the_slugs_is_accepted_and_answered_in_slugs(
    items_answer, personas
):
    item = first_item(items_answer)
    client = token_client(personas.assessor_membership)
    old = {"stage": "internal", "verdict": "revisi", "reason": "tidak_tepat", "note": "Salah."}
    response = post_verdict(client, items_answer, item.code, old)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["stage"], body["verdict"], body["reason"]) == (
        ReviewStage.INTERNAL, ItemVerdict.REVISION, RevisionReason.NOT_RIGHT,
    )  # fmt: skip
    review = ItemReview.objects.get(answer=items_answer, item=item)
    assert (review.verdict, review.reason) == (ItemVerdict.REVISION, RevisionReason.NOT_RIGHT)


def test_the_score_reads_old_verdicts_as_the_slugs_they_became(post_score):
    old = post_score({"framework": "pemdi-2026", "items": {"I1-L1-01": "diterima"}})
    new = post_score({"framework": "pemdi-2026", "items": {"I1-L1-01": ItemVerdict.ACCEPTED}})
    assert old.status_code == new.status_code == 200
    assert old.json() == new.json()
    assert (
        old.json()["index_exact"] != post_score({"framework": "pemdi-2026"}).json()["index_exact"]
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ("[]", "body"),
        ({"verdict": ItemVerdict.ACCEPTED}, "stage"),
        ({"stage": Stage.SELF_ASSESSMENT, "verdict": ItemVerdict.ACCEPTED}, "stage"),
        ({"stage": ReviewStage.INTERNAL, "verdict": "bagus"}, "verdict"),
        ({"stage": ReviewStage.INTERNAL, "verdict": ItemVerdict.REVISION}, "reason"),
        ({"stage": ReviewStage.INTERNAL, "verdict": ItemVerdict.REVISION,
          "reason": RevisionReason.OTHER}, "note"),
        ({"stage": ReviewStage.INTERNAL, "verdict": ItemVerdict.ACCEPTED,
          "reason": RevisionReason.OTHER}, "reason"),
        ({"stage": ReviewStage.INTERNAL, "verdict": ItemVerdict.ACCEPTED, "note": 5}, "note"),
        ({"stage": ReviewStage.INTERNAL, "verdict": ItemVerdict.ACCEPTED,
          "note": "x" * (cycle_items.COMMENT_MAX + 1)}, "note"),
        ({"stage": ReviewStage.INTERNAL, "verdict": ItemVerdict.ACCEPTED, "value": 1}, "value"),
    ],
)  # fmt: skip
def test_every_bad_verdict_body_is_a_400_naming_the_field(items_answer, personas, body, field):
    client = token_client(personas.assessor_membership)
    response = post_verdict(client, items_answer, first_item(items_answer).code, body)
    assert response.status_code == 400, response.content
    assert response.json()["error"]["field"] == field
    assert not ItemReview.objects.filter(answer=items_answer).exists()


def test_who_may_give_a_verdict(items_answer, personas):
    code = first_item(items_answer).code
    internal = {"stage": ReviewStage.INTERNAL, "verdict": ItemVerdict.ACCEPTED}
    document = {"stage": ReviewStage.DOCUMENT, "verdict": ItemVerdict.ACCEPTED}
    read_only = token_client(personas.assessor_membership, scope="read")
    assert post_verdict(read_only, items_answer, code, internal).status_code == 403
    respondent = token_client(personas.respondent_membership)
    assert post_verdict(respondent, items_answer, code, internal).status_code == 403
    external = token_client(personas.external_membership)
    assert post_verdict(external, items_answer, code, internal).status_code == 403
    # The external assessor's stage has not begun: the period is still in self-assessment.
    early = post_verdict(external, items_answer, code, document)
    assert early.status_code == 409
    assert early.json()["error"]["field"] == "stage"
    # An unknown item, and another agency's token: 404.
    assessor = token_client(personas.assessor_membership)
    assert post_verdict(assessor, items_answer, "TIDAK-ADA", internal).status_code == 404
    theirs = token_client(personas.admin_b_membership)
    assert post_verdict(theirs, items_answer, code, internal).status_code == 404
    assert not ItemReview.objects.filter(answer=items_answer).exists()


def test_at_the_document_stage_the_external_assessor_judges_and_the_answer_is_closed(
    items_answer, personas
):
    Cycle.objects.filter(pk=items_answer.cycle_id).update(stage=Stage.DOCUMENT)
    item = first_item(items_answer)
    document = {"stage": ReviewStage.DOCUMENT, "verdict": ItemVerdict.REJECTED, "note": "Kosong."}
    external = token_client(personas.external_membership)
    judged = post_verdict(external, items_answer, item.code, document)
    assert judged.status_code == 201, judged.content
    assert judged.json()["stage"] == ReviewStage.DOCUMENT
    internal = {"stage": ReviewStage.INTERNAL, "verdict": ItemVerdict.ACCEPTED}
    late = post_verdict(
        token_client(personas.assessor_membership), items_answer, item.code, internal
    )
    assert late.status_code == 409
    assert ItemReview.objects.filter(answer=items_answer).count() == 1
    # The respondent can no longer change the answer or its items.
    client = token_client(personas.respondent_membership)
    detail = answer_url(items_answer.cycle_id, items_answer.indicator.number)
    etag = client.get(detail)["ETag"]
    items = patch(
        client,
        answer_url(items_answer.cycle_id, items_answer.indicator.number, "items"),
        {"items": [{"code": item.code, "ready": False}]},
        etag,
    )
    assert items.status_code == 409
    assert items.json()["error"]["field"] == "status"
    text = patch(client, detail, {"fact": "Terlambat."}, etag)
    assert text.status_code == 409
    assert client.get(detail)["ETag"] == etag


def test_a_signed_in_session_writes_with_its_csrf_token(cycle, personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.respondent)
    url = answer_url(cycle.pk, 2)
    etag = client.get(url)["ETag"]
    before = stored(cycle)
    refused = patch(client, url, {"self_level": 2}, etag)
    assert refused.status_code == 403  # no CSRF token: a page of another site cannot write
    assert stored(cycle) == before
    client.get(reverse("api_tokens:list"))  # a page with a form sets the CSRF cookie
    response = client.patch(
        url,
        {"self_level": 2},
        content_type="application/json",
        headers={"If-Match": etag, "X-CSRFToken": client.cookies["csrftoken"].value},
    )
    assert response.status_code == 200, response.content
    assert stored(cycle)[1] == 2
