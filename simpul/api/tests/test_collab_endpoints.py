"""GET /api/v1/actions, /meetings and /forum/threads: the pages' chokepoints and roles over a
token, another agency's id a 404, hidden content absent, filters, query counts flat."""

from datetime import timedelta
from pathlib import Path

import jsonschema
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from simpul.api.operations import create_token
from simpul.forum.models import Attachment, Post, PostKind, PostState, Thread, ThreadStatus
from simpul.meetings.models import (
    AgendaItem,
    Attendance,
    CheckInMethod,
    Decision,
    Invitation,
    Meeting,
    MeetingKind,
    MinutesStatus,
)
from simpul.plans.models import Action, ActionStatus

pytestmark = pytest.mark.django_db


def bearer(membership) -> Client:
    _, plain = create_token(membership, "uji", "read", days=30)
    return Client(headers={"Authorization": f"Bearer {plain}"})


def queries_for(client: Client, url: str, params: dict) -> tuple[int, dict]:
    """The queries of one request, after a first one (the token's first use records it)."""
    client.get(url, params)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200, response.content
    return len(queries), response.json()


# ---- actions -----------------------------------------------------------------------------------


@pytest.fixture
def indicators(spbe):
    return list(spbe.indicators.order_by("number")[:3])


def action(agency, indicator, due_in: int, status=ActionStatus.PLANNED, **extra) -> Action:
    today = timezone.localdate()
    return Action.objects.create(
        agency=agency, indicator=indicator, target_level=3, status=status,
        start_date=today - timedelta(days=60), due_date=today + timedelta(days=due_in), **extra,
    )  # fmt: skip


@pytest.fixture
def plan(personas, indicators):
    a, b = personas.agency_a, personas.agency_b
    return {
        "late": action(a, indicators[0], -3, unit=personas.unit_a, budget=1500000),
        "late_done": action(a, indicators[1], -10, ActionStatus.DONE, unit=personas.unit_a),
        "coming": action(
            a, indicators[2], 20, ActionStatus.IN_PROGRESS, unit=personas.unit_a2, progress=40
        ),
        "charge": action(a, indicators[1], 5, pic=personas.respondent, unit=personas.unit_a),
        "theirs": action(b, indicators[0], -3, unit=personas.unit_b),
    }


def ids(body: dict) -> list[int]:
    return [row["id"] for row in body["results"]]


def test_actions_are_the_agency_s_by_due_date(personas, plan, indicators) -> None:
    client = bearer(personas.admin_membership)
    body = client.get(reverse("api:actions")).json()
    p = plan
    assert ids(body) == [p["late_done"].pk, p["late"].pk, p["charge"].pk, p["coming"].pk]
    late = body["results"][1]
    assert late["indicator"]["code"] == indicators[0].code and late["framework"] == "spbe-2020"
    assert late["unit"]["name"] == "Diskominfo Natuna" and late["status"] == "planned"
    assert late["overdue"] is True and late["budget"] == "1500000" and late["pic"] is None
    assert body["results"][0]["overdue"] is False  # done, though past its due date
    assert body["results"][2]["pic"] == personas.respondent.display_name
    backwards = client.get(reverse("api:actions"), {"ordering": "-due_date"}).json()
    assert ids(backwards) == ids(body)[::-1]
    detail = client.get(reverse("api:action", args=[p["coming"].pk])).json()
    assert detail["progress"] == 40 and detail["status"] == "in_progress"


def test_overdue_status_and_indicator_filters(personas, plan, indicators) -> None:
    client = bearer(personas.leader_membership)
    url = reverse("api:actions")
    assert ids(client.get(url, {"overdue": "true"}).json()) == [plan["late"].pk]
    not_late = ids(client.get(url, {"overdue": "false"}).json())
    assert plan["late"].pk not in not_late and len(not_late) == 3
    assert ids(client.get(url, {"status": "in_progress"}).json()) == [plan["coming"].pk]
    on_second = ids(client.get(url, {"indicator": indicators[1].pk}).json())
    assert on_second == [plan["late_done"].pk, plan["charge"].pk]
    assert ids(client.get(url, {"unit": personas.unit_a2.pk}).json()) == [plan["coming"].pk]


@pytest.mark.parametrize(
    ("params", "field"),
    [({"status": "hilang"}, "status"), ({"overdue": "ya"}, "overdue"),
     ({"indicator": "I01"}, "indicator"), ({"ordering": "status"}, "ordering")],
)  # fmt: skip
def test_a_filter_it_cannot_read_is_a_400_naming_it(personas, plan, params, field) -> None:
    response = bearer(personas.admin_membership).get(reverse("api:actions"), params)
    assert response.status_code == 400
    assert response.json()["error"]["field"] == field


def test_a_respondent_sees_only_their_unit_s_or_charge_actions(personas, plan) -> None:
    client = bearer(personas.respondent_membership)  # unit Bappeda (unit_a2), PIC of "charge"
    assert ids(client.get(reverse("api:actions")).json()) == [plan["charge"].pk, plan["coming"].pk]
    assert client.get(reverse("api:action", args=[plan["late"].pk])).status_code == 404


def test_another_agency_s_action_is_a_404_and_partners_are_refused(personas, plan) -> None:
    mine = bearer(personas.admin_membership)
    refused = mine.get(reverse("api:action", args=[plan["theirs"].pk]))
    assert refused.status_code == 404
    assert refused.json() == {"error": {"field": "path", "message": "Tidak ditemukan."}}
    theirs = bearer(personas.admin_b_membership)
    assert ids(theirs.get(reverse("api:actions")).json()) == [plan["theirs"].pk]
    assert theirs.get(reverse("api:action", args=[plan["late"].pk])).status_code == 404
    for membership in (personas.partner_membership, personas.external_membership):
        assert bearer(membership).get(reverse("api:actions")).status_code == 403


def test_a_session_reads_the_actions_of_the_agency_it_acts_for(personas, plan, as_user) -> None:
    body = as_user(personas.admin_b).get(reverse("api:actions")).json()
    assert ids(body) == [plan["theirs"].pk]
    assert as_user(personas.partner).get(reverse("api:actions")).status_code == 403


def test_action_list_queries_do_not_grow_with_the_page(personas, indicators, spbe) -> None:
    for n in range(12):
        action(personas.agency_a, indicators[n % 3], n - 6, unit=personas.unit_a,
               pic=personas.respondent)  # fmt: skip
    client = bearer(personas.admin_membership)
    small, first = queries_for(client, reverse("api:actions"), {"page_size": 5})
    large, every = queries_for(client, reverse("api:actions"), {"page_size": 50})
    assert len(first["results"]) == 5 and first["count"] == 12 and first["next"]
    assert len(every["results"]) == 12 and every["next"] is None
    assert small == large
    second = client.get(first["next"]).json()
    assert ids(second) == ids(every)[5:10]


# ---- meetings ----------------------------------------------------------------------------------


def meeting(agency, title: str, days: int, minutes=MinutesStatus.DRAFT, **extra) -> Meeting:
    start = timezone.now() + timedelta(days=days)
    return Meeting.objects.create(
        agency=agency, title=title, kind=MeetingKind.COORDINATION, starts_at=start,
        ends_at=start + timedelta(hours=2), code=title[:6].upper(), minutes_status=minutes,
        summary=f"Ringkasan {title}", **extra,
    )  # fmt: skip


def minutes_of(m: Meeting, text: str, indicator=None) -> AgendaItem:
    item = AgendaItem.objects.create(meeting=m, title=f"Bahas {text}", minutes=text,
                                     indicator=indicator)  # fmt: skip
    Decision.objects.create(
        item=item, text=f"Putuskan {text}", unit=m.agency.units.order_by("pk").first()
    )
    Attendance.objects.create(
        meeting=m, name=f"Tamu {text}", organisation="Universitas", helix="academia",
        method=CheckInMethod.GUEST, checked_in_at=m.starts_at,
    )  # fmt: skip
    return item


@pytest.fixture
def meetings(personas, indicators):
    a = personas.agency_a
    found = {
        "draft": meeting(a, "Rapat draf", -7, chair=personas.leader_membership),
        "published": meeting(a, "Rapat terbit", -3, MinutesStatus.PUBLISHED),
        "internal": meeting(a, "Rapat internal", -1),
        "theirs": meeting(personas.agency_b, "Rapat Bintan", -2, MinutesStatus.PUBLISHED),
    }
    for key, m in found.items():
        minutes_of(m, f"notulen {key}", indicators[0])
    for key in ("draft", "published"):
        Invitation.objects.create(meeting=found[key], membership=personas.partner_membership)
    return found


def test_meetings_with_agenda_minutes_and_attendance(personas, meetings, indicators) -> None:
    client = bearer(personas.respondent_membership)
    body = client.get(reverse("api:meetings")).json()
    m = meetings
    assert ids(body) == [m["internal"].pk, m["published"].pk, m["draft"].pk]
    assert body["results"][2]["chair"] == personas.leader.display_name
    assert body["results"][2]["attendance_count"] == 1 and "code" not in body["results"][2]
    detail = client.get(reverse("api:meeting", args=[m["draft"].pk])).json()
    assert detail["minutes_status"] == "draft" and detail["summary"] == "Ringkasan Rapat draf"
    [item] = detail["agenda"]
    assert item["minutes"] == "notulen draft" and item["indicator"] == indicators[0].code
    assert item["decisions"] == [{"text": "Putuskan notulen draft", "unit": "Diskominfo Natuna",
                                  "due_date": None, "action": None}]  # fmt: skip
    [row] = detail["attendance"]
    assert row["name"] == "Tamu notulen draft" and row["helix"] == "academia"


def test_a_partner_reads_invited_meetings_and_published_minutes_only(personas, meetings) -> None:
    client = bearer(personas.partner_membership)
    m = meetings
    assert ids(client.get(reverse("api:meetings")).json()) == [m["published"].pk, m["draft"].pk]
    draft = client.get(reverse("api:meeting", args=[m["draft"].pk])).json()
    assert draft["summary"] is None
    assert draft["agenda"][0]["minutes"] is None and draft["agenda"][0]["decisions"] == []
    assert draft["agenda"][0]["title"] == "Bahas notulen draft"  # the agenda itself shows
    published = client.get(reverse("api:meeting", args=[m["published"].pk])).json()
    assert published["agenda"][0]["minutes"] == "notulen published"
    assert client.get(reverse("api:meeting", args=[m["internal"].pk])).status_code == 404


def test_another_agency_s_meeting_is_a_404(personas, meetings) -> None:
    client = bearer(personas.admin_membership)
    assert client.get(reverse("api:meeting", args=[meetings["theirs"].pk])).status_code == 404
    theirs = bearer(personas.admin_b_membership)
    assert ids(theirs.get(reverse("api:meetings")).json()) == [meetings["theirs"].pk]
    assert theirs.get(reverse("api:meeting", args=[meetings["draft"].pk])).status_code == 404


def test_meeting_list_queries_do_not_grow_with_the_page(personas, indicators) -> None:
    for n in range(8):
        minutes_of(meeting(personas.agency_a, f"Rapat {n}", n, chair=personas.admin_membership),
                   str(n))  # fmt: skip
    client = bearer(personas.admin_membership)
    small, first = queries_for(client, reverse("api:meetings"), {"page_size": 5})
    large, every = queries_for(client, reverse("api:meetings"), {"page_size": 50})
    assert len(first["results"]) == 5 and len(every["results"]) == 8 and small == large


# ---- forum -------------------------------------------------------------------------------------


def thread(agency, title: str, author, state=PostState.VISIBLE, **extra) -> Thread:
    made = Thread.objects.create(
        agency=agency, title=title, kind=PostKind.OBSTACLE, opening_state=state,
        created_by=author, post_count=1, **extra,
    )  # fmt: skip
    Post.objects.create(thread=made, author=author, kind=PostKind.OBSTACLE, body=f"Isi {title}",
                        state=state)  # fmt: skip
    return made


@pytest.fixture
def forum(personas, indicators):
    a = personas.agency_a
    shown = thread(a, "Kendala jaringan", personas.respondent, indicator=indicators[0])
    opening = shown.posts.get()
    Attachment.objects.create(post=opening, file="forum/x.pdf", original_name="bukti.pdf",
                              size=10, content_type="application/pdf")  # fmt: skip
    reply = Post.objects.create(thread=shown, parent=opening, author=personas.partner,
                                body="Kami bantu", state=PostState.VISIBLE)  # fmt: skip
    hidden = Post.objects.create(thread=shown, parent=opening, author=personas.partner,
                                 body="Iklan", state=PostState.HIDDEN,
                                 moderation_reason="Promosi")  # fmt: skip
    pending = Post.objects.create(thread=shown, author=personas.partner, body="Menunggu",
                                  state=PostState.PENDING)  # fmt: skip
    return {
        "shown": shown,
        "opening": opening,
        "reply": reply,
        "hidden": hidden,
        "pending": pending,
        "waiting": thread(a, "Utas menunggu", personas.partner, PostState.PENDING),
        "removed": thread(a, "Utas disembunyikan", personas.partner, PostState.HIDDEN),
        "closed": thread(a, "Utas ditutup", personas.admin, status=ThreadStatus.CLOSED),
        "theirs": thread(personas.agency_b, "Utas Bintan", personas.admin_b),
    }


def test_members_and_partners_see_only_what_the_forum_shows_them(personas, forum) -> None:
    f = forum
    for membership in (personas.partner_membership, personas.respondent_membership):
        client = bearer(membership)
        listed = ids(client.get(reverse("api:forum_threads")).json())
        assert set(listed) == {f["shown"].pk, f["closed"].pk}
        body = client.get(reverse("api:forum_thread", args=[f["shown"].pk])).json()
        assert [post["id"] for post in body["posts"]] == [f["opening"].pk, f["reply"].pk]
        assert "Iklan" not in str(body) and "Promosi" not in str(body)
        assert body["posts"][1]["parent"] == f["opening"].pk
        assert body["posts"][0]["attachments"][0]["name"] == "bukti.pdf"
        assert body["posts"][0]["moderation_reason"] is None
        for hidden in ("waiting", "removed"):
            assert client.get(reverse("api:forum_thread", args=[f[hidden].pk])).status_code == 404


def test_the_moderator_sees_pending_and_hidden_content(personas, forum) -> None:
    f = forum
    client = bearer(personas.admin_membership)
    listed = client.get(reverse("api:forum_threads")).json()["results"]
    assert {row["id"] for row in listed} == {f[k].pk for k in ("shown", "waiting", "removed",
                                                               "closed")}  # fmt: skip
    states = {row["id"]: row["state"] for row in listed}
    assert states[f["waiting"].pk] == "pending" and states[f["removed"].pk] == "hidden"
    body = client.get(reverse("api:forum_thread", args=[f["shown"].pk])).json()
    posts = {post["id"]: post for post in body["posts"]}
    assert set(posts) == {f[k].pk for k in ("opening", "reply", "hidden", "pending")}
    assert posts[f["hidden"].pk]["moderation_reason"] == "Promosi"
    assert posts[f["pending"].pk]["state"] == "pending"


def test_thread_filters_and_another_agency_s_thread(personas, forum, indicators) -> None:
    f = forum
    client = bearer(personas.respondent_membership)
    url = reverse("api:forum_threads")
    assert ids(client.get(url, {"status": "closed"}).json()) == [f["closed"].pk]
    assert ids(client.get(url, {"indicator": indicators[0].pk}).json()) == [f["shown"].pk]
    assert ids(client.get(url, {"kind": "question"}).json()) == []
    assert client.get(url, {"kind": "reply"}).json()["error"]["field"] == "kind"
    shown = client.get(reverse("api:forum_thread", args=[f["shown"].pk])).json()
    assert shown["indicator"]["code"] == indicators[0].code and shown["kind"] == "obstacle"
    assert client.get(reverse("api:forum_thread", args=[f["theirs"].pk])).status_code == 404
    theirs = bearer(personas.admin_b_membership)
    assert ids(theirs.get(url).json()) == [f["theirs"].pk]
    assert theirs.get(reverse("api:forum_thread", args=[f["shown"].pk])).status_code == 404


def test_thread_list_queries_do_not_grow_with_the_page(personas, indicators) -> None:
    for n in range(8):
        thread(personas.agency_a, f"Utas {n}", personas.admin, indicator=indicators[n % 3])
    client = bearer(personas.partner_membership)
    small, first = queries_for(client, reverse("api:forum_threads"), {"page_size": 5})
    large, every = queries_for(client, reverse("api:forum_threads"), {"page_size": 50})
    assert len(first["results"]) == 5 and len(every["results"]) == 8 and small == large


# ---- schema ------------------------------------------------------------------------------------


def test_the_endpoints_are_described_in_the_schema() -> None:
    document = Client().get(reverse("api:openapi")).json()
    for path in ("/actions", "/actions/{id}", "/meetings", "/meetings/{id}", "/forum/threads",
                 "/forum/threads/{id}"):  # fmt: skip
        operation = document["paths"][path]["get"]
        assert operation["summary"] and {"401", "403", "404", "429"} <= set(operation["responses"])
    names = {p["name"] for p in document["paths"]["/actions"]["get"]["parameters"]}
    assert {"status", "overdue", "indicator", "ordering", "page", "page_size"} <= names


def test_filled_answers_are_what_the_schema_says(personas, plan, meetings, forum) -> None:
    """With data in every field (Schemathesis' token has none to read), each answer validates
    against the generated schema of its operation."""
    document = Client().get(reverse("api:openapi")).json()
    paths = {
        "/actions": reverse("api:actions"),
        "/actions/{id}": reverse("api:action", args=[plan["late"].pk]),
        "/meetings": reverse("api:meetings"),
        "/meetings/{id}": reverse("api:meeting", args=[meetings["draft"].pk]),
        "/forum/threads": reverse("api:forum_threads"),
        "/forum/threads/{id}": reverse("api:forum_thread", args=[forum["shown"].pk]),
    }
    readers = {"admin": bearer(personas.admin_membership)}
    readers["partner"] = bearer(personas.partner_membership)
    for path, url in paths.items():
        answer = document["paths"][path]["get"]["responses"]["200"]["content"]
        schema = {**answer["application/json"]["schema"], "components": document["components"]}
        validator = jsonschema.Draft202012Validator(schema)
        for name, client in readers.items():
            response = client.get(url)
            if name == "partner" and path.startswith("/actions"):
                assert response.status_code == 403
                continue
            assert response.status_code == 200, (path, name)
            errors = [error.message for error in validator.iter_errors(response.json())]
            assert errors == [], (path, name)


@pytest.mark.django_db(transaction=True)
def test_the_overdue_actions_example_of_the_docs_runs(live_server, personas, plan, monkeypatch,
                                                      capsys) -> None:  # fmt: skip
    """The Python of docs/api.md's "list overdue actions", as written, against a live server."""
    text = (Path(__file__).parents[3] / "docs" / "api.md").read_text()
    section = text.split("### Daftar rencana aksi lewat tenggat", 1)[1]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    _, plain = create_token(personas.admin_membership, "uji", "read", days=30)
    monkeypatch.setenv("SIMPUL_TOKEN", plain)
    exec(compile(code.replace("https://simpul.example.go.id", live_server.url), "api.md", "exec"),
         {"__name__": "docs_example"})  # fmt: skip
    late = plan["late"]
    assert capsys.readouterr().out.splitlines() == [
        f"{late.due_date} {late.indicator.code} Diskominfo Natuna planned 0% "
    ]
