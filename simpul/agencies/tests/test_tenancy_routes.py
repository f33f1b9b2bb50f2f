"""Tenancy enforced by the URL configuration itself: every route that takes an id is tried.

`test_every_route_with_an_id_has_a_cross_agency_case` walks the URL resolver; a route with a
parameter must either have a case in CASES (how to fill its parameters with agency B's
objects) or a reason in NOT_OBJECT_IDS. Each case is then requested by every role of agency A,
with GET and POST: the answer is a 404, or the very same refusal that a made-up id gets (a 403
for a role that may not use the page at all, a 405 for the wrong method), and nothing in the
database changes. Routes whose first id is the caller's own object (an answer, a meeting) are
tried again with agency A's object and agency B's second id.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from simpul.api.operations import create_token
from simpul.conftest import make_user
from simpul.cycles import items as cycle_items
from simpul.cycles import operations as cycle_operations
from simpul.cycles.models import EvidenceSuggestion, ExternalScore, ItemVerdict, ReviewStage
from simpul.evidence.models import Evidence, EvidenceLink, EvidenceRevision, UploadSession
from simpul.forum.models import Attachment, Invitation, PartnerApplication, Post, Thread
from simpul.frameworks.checking import load_framework_file, shipped_framework_files
from simpul.frameworks.mappings import SHIPPED_MAPPING, load_mapping_file
from simpul.frameworks.operations import import_framework, import_mapping
from simpul.meetings.models import AgendaItem, Decision, Meeting, Photo
from simpul.notifications.models import InboxItem, OutboxMessage
from simpul.plans.models import Action, Scenario
from simpul.reports.models import Report

ROLES = ("admin", "respondent", "assessor", "leader", "partner", "external")
MISSING = 987_654_321

# Route parameters that are not an agency's object id, with why they are safe.
NOT_OBJECT_IDS = {
    "accounts:password_reset_confirm": "a signed one-time token, not an id",
    "accounts:invitation": "a signed one-time token, not an id",
    "frameworks:detail": "the framework catalogue is shared by every agency",
    "frameworks:indicator": "the framework catalogue is shared by every agency",
    "plans:efforts": "a shared framework code; the profile read is the caller's agency's",
    "plans:efforts_reset": "a shared framework code; only the caller's agency's profile goes",
    "forum:join": "a secret invitation token, not an id",
    "forum:confirm": "a signed registration-confirmation token, not an id",
    "forum:register": "an agency's public registration page, public by design",
    "notifications:unsubscribe": "a signed token, not an id",
    "public:agency": "an agency's public page, public by design",
    "openid_connect_login": "a sign-in provider's name from the deployment's configuration",
    "openid_connect_callback": "a sign-in provider's name from the deployment's configuration",
}


def routes_with_parameters() -> dict[str, str]:
    """{url name: route} of every named route with a parameter, outside django-admin."""
    found = {}

    def walk(patterns, prefix: str, namespace: str | None) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace
                name = f"{namespace}:{inner}" if namespace and inner else inner or namespace
                walk(pattern.url_patterns, prefix + str(pattern.pattern), name)
            elif isinstance(pattern, URLPattern) and pattern.pattern.converters:
                if namespace == "admin":
                    continue  # Django's own admin: platform staff only (test_admin_site)
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                found[name] = prefix + str(pattern.pattern)

    walk(get_resolver().url_patterns, "", None)
    return found


def shipped_frameworks():
    specs = {spec.code: spec for spec in map(load_framework_file, shipped_framework_files())}
    spbe = import_framework(specs["spbe-2020"]).framework
    pemdi = import_framework(specs["pemdi-2026"]).framework
    import_mapping(load_mapping_file(SHIPPED_MAPPING, specs.get))
    return spbe, pemdi


def agency_world(agency, admin_membership, unit) -> dict:
    """One object of every kind a route takes, all of `agency`."""
    spbe, pemdi = shipped_frameworks_cache()
    admin = admin_membership.user
    cycle = cycle_operations.open_cycle(
        agency, year=2025, framework=spbe, include_visit=False, user=admin
    )
    answer = cycle.answers.get(indicator__code="I19")
    answer.units.add(unit)
    evidence = Evidence.objects.create(agency=agency, title=f"SK Tim SPBE {agency.short_code}")
    EvidenceRevision.objects.create(
        evidence=evidence, number=1, file=ContentFile(b"%PDF-1.4 uji", name="sk.pdf"),
        original_name="sk.pdf", content_type="application/pdf", size=12, sha256="0" * 64,
    )  # fmt: skip
    link = EvidenceLink.objects.create(evidence=evidence, answer=answer, level=3)
    upload_session = UploadSession.objects.create(
        agency=agency, user=admin, filename="sk-baru.pdf", size=2048, received=1024
    )
    items_cycle = cycle_operations.open_cycle(
        agency, year=2026, framework=pemdi, include_visit=False, user=admin, copy_from=cycle
    )
    item_answer = items_cycle.answers.get(indicator__code="I4")
    item_answer.units.add(unit)
    item_link = cycle_items.link_item_evidence(
        item_answer, "I4-L1-01", evidence, membership=admin_membership
    )
    suggestion = EvidenceSuggestion.objects.filter(answer=item_answer).first()
    assert suggestion is not None, "the carry-over suggests last year's evidence"
    cycle_items.review_item(
        item_answer, "I4-L1-01", stage=ReviewStage.INTERNAL, verdict=ItemVerdict.ACCEPTED,
        membership=admin_membership,
    )  # fmt: skip
    external = items_cycle.answers.get(indicator__code="I5")
    ExternalScore.objects.create(
        cycle=items_cycle, indicator=external.indicator, score=40, year=2025, note="SDI 2025"
    )
    action = Action.objects.create(
        agency=agency, cycle=cycle, indicator=answer.indicator, target_level=4, unit=unit,
        start_date=timezone.localdate(), due_date=timezone.localdate() + timedelta(days=30),
    )  # fmt: skip
    scenario = Scenario.objects.create(agency=agency, cycle=cycle, name="Naik", levels={"I19": 4})
    thread = Thread.objects.create(agency=agency, title="Kendala I19", kind="obstacle")
    post = Post.objects.create(thread=thread, body="Belum ada SK.", author=admin)
    attachment = Attachment.objects.create(
        post=post, file=ContentFile(b"lampiran", name="a.txt"), original_name="a.txt", size=8,
        content_type="text/plain",
    )  # fmt: skip
    applicant = make_user(f"pelamar-{agency.short_code}")
    application = PartnerApplication.objects.create(
        agency=agency, user=applicant, organisation="PT Contoh", helix="business"
    )
    invitation = Invitation.objects.create(
        agency=agency, created_by=admin, expires_at=timezone.now() + timedelta(days=7)
    )
    start = timezone.now() + timedelta(days=3)
    meeting = Meeting.objects.create(
        agency=agency, title="Rapat Tim", kind="coordination", starts_at=start,
        ends_at=start + timedelta(hours=2), code=f"K{agency.pk:05d}",
    )  # fmt: skip
    item = AgendaItem.objects.create(meeting=meeting, title="SK Tim")
    decision = Decision.objects.create(item=item, text="Terbitkan SK.")
    photo = Photo.objects.create(
        meeting=meeting, file=ContentFile(b"\x89PNG foto", name="f.png"), content_type="image/png"
    )
    inbox = InboxItem.objects.create(
        user=admin, agency=agency, kind="review", subject="Tugas baru", url="/"
    )
    report = Report.objects.create(
        agency=agency, cycle=cycle, kind="pdf", file=ContentFile(b"%PDF-1.4", name="r.pdf")
    )
    outbox_message = OutboxMessage.objects.create(
        agency=agency, recipient="a@contoh.go.id", subject="Undangan", body="…", status="failed"
    )
    api_token = create_token(admin_membership, "Skrip", "write", days=30)[0]
    return locals()


_frameworks: list = []


def shipped_frameworks_cache():
    if not _frameworks:
        _frameworks.append(shipped_frameworks())
    return _frameworks[0]


# url name → the route's kwargs from agency B's world (w). For routes whose first id is an
# answer or a meeting, MIXED gives the same route with agency A's first id.
CASES = {
    "agencies:unit_edit": lambda w: {"pk": w["unit"].pk},
    "agencies:unit_toggle": lambda w: {"pk": w["unit"].pk},
    "agencies:person_edit": lambda w: {"pk": w["admin_membership"].pk},
    "agencies:person_toggle": lambda w: {"pk": w["admin_membership"].pk},
    "agencies:platform_edit": lambda w: {"pk": w["agency"].pk},
    "cycles:detail": lambda w: {"pk": w["cycle"].pk},
    "cycles:advance": lambda w: {"pk": w["cycle"].pk},
    "cycles:lock": lambda w: {"pk": w["cycle"].pk},
    "cycles:unlock": lambda w: {"pk": w["cycle"].pk},
    "cycles:berita_acara": lambda w: {"pk": w["cycle"].pk},
    "cycles:assign": lambda w: {"pk": w["cycle"].pk},
    "cycles:official_import": lambda w: {"pk": w["cycle"].pk},
    "cycles:comparison": lambda w: {"pk": w["cycle"].pk},
    "cycles:item_import": lambda w: {"pk": w["items_cycle"].pk},
    "cycles:item_comparison": lambda w: {"pk": w["items_cycle"].pk},
    "cycles:answer": lambda w: {"pk": w["answer"].pk},
    "cycles:submit": lambda w: {"pk": w["answer"].pk},
    "cycles:withdraw": lambda w: {"pk": w["answer"].pk},
    "cycles:request_changes": lambda w: {"pk": w["answer"].pk},
    "cycles:accept": lambda w: {"pk": w["answer"].pk},
    "cycles:stage_level": lambda w: {"pk": w["answer"].pk},
    "cycles:link_evidence": lambda w: {"pk": w["answer"].pk},
    "cycles:unlink_evidence": lambda w: {"pk": w["answer"].pk, "link_pk": w["link"].pk},
    "cycles:item_ready": lambda w: {"pk": w["item_answer"].pk},
    "cycles:item_review": lambda w: {"pk": w["item_answer"].pk},
    "cycles:item_link": lambda w: {"pk": w["item_answer"].pk},
    "cycles:item_unlink": lambda w: {"pk": w["item_answer"].pk, "link_pk": w["item_link"].pk},
    "cycles:accept_suggestion": lambda w: {
        "pk": w["item_answer"].pk,
        "suggestion_pk": w["suggestion"].pk,
    },
    "cycles:reject_suggestion": lambda w: {
        "pk": w["item_answer"].pk,
        "suggestion_pk": w["suggestion"].pk,
    },
    "cycles:stage_value": lambda w: {"pk": w["item_answer"].pk},
    "cycles:external_score": lambda w: {"pk": w["external"].pk},
    "evidence:detail": lambda w: {"pk": w["evidence"].pk},
    "evidence:edit": lambda w: {"pk": w["evidence"].pk},
    "evidence:add_revision": lambda w: {"pk": w["evidence"].pk},
    "evidence:link": lambda w: {"pk": w["evidence"].pk},
    "evidence:unlink": lambda w: {"pk": w["link"].pk},
    "evidence:download": lambda w: {"pk": w["evidence"].revisions.get().pk},
    "evidence:package": lambda w: {"pk": w["cycle"].pk},
    "evidence:upload_session": lambda w: {"pk": w["upload_session"].pk},
    "plans:simulate": lambda w: {"pk": w["cycle"].pk},
    "plans:scenario_save": lambda w: {"pk": w["cycle"].pk},
    "plans:scenario_delete": lambda w: {"pk": w["scenario"].pk},
    "plans:action": lambda w: {"pk": w["action"].pk},
    "plans:action_edit": lambda w: {"pk": w["action"].pk},
    "plans:action_delete": lambda w: {"pk": w["action"].pk},
    "forum:thread": lambda w: {"pk": w["thread"].pk},
    "forum:reply": lambda w: {"pk": w["thread"].pk},
    "forum:follow": lambda w: {"pk": w["thread"].pk},
    "forum:close": lambda w: {"pk": w["thread"].pk},
    "forum:publish": lambda w: {"pk": w["thread"].pk},
    "forum:endorse": lambda w: {"pk": w["post"].pk},
    "forum:report": lambda w: {"pk": w["post"].pk},
    "forum:moderate": lambda w: {"pk": w["post"].pk},
    "forum:accept": lambda w: {"pk": w["post"].pk},
    "forum:attachment": lambda w: {"pk": w["attachment"].pk},
    "forum:decide": lambda w: {"pk": w["application"].pk},
    "forum:revoke_invitation": lambda w: {"pk": w["invitation"].pk},
    "meetings:detail": lambda w: {"pk": w["meeting"].pk},
    "meetings:invite": lambda w: {"pk": w["meeting"].pk},
    "meetings:rsvp": lambda w: {"pk": w["meeting"].pk},
    "meetings:ics": lambda w: {"pk": w["meeting"].pk},
    "meetings:check_in": lambda w: {"pk": w["meeting"].pk},
    "meetings:guest": lambda w: {"pk": w["meeting"].pk},
    "meetings:minutes": lambda w: {"pk": w["meeting"].pk},
    "meetings:move_minutes": lambda w: {"pk": w["meeting"].pk, "to": "review"},
    "meetings:comment": lambda w: {"pk": w["meeting"].pk},
    "meetings:pdf": lambda w: {"pk": w["meeting"].pk},
    "meetings:export": lambda w: {"pk": w["meeting"].pk},
    "meetings:agenda": lambda w: {"pk": w["meeting"].pk},
    "meetings:decision": lambda w: {"pk": w["meeting"].pk, "item": w["item"].pk},
    "meetings:to_action": lambda w: {"pk": w["meeting"].pk, "decision": w["decision"].pk},
    "meetings:photo_add": lambda w: {"pk": w["meeting"].pk},
    "meetings:photo": lambda w: {"pk": w["meeting"].pk, "photo": w["photo"].pk},
    "notifications:inbox_open": lambda w: {"pk": w["inbox"].pk},
    "reports:cycle": lambda w: {"cycle_pk": w["cycle"].pk},
    "reports:request": lambda w: {"cycle_pk": w["cycle"].pk},
    "reports:status": lambda w: {"pk": w["report"].pk},
    "reports:download": lambda w: {"pk": w["report"].pk},
    "reports:rebuild": lambda w: {"pk": w["report"].pk},
    "notifications:outbox_resend": lambda w: {"pk": w["outbox_message"].pk},
    "api_tokens:revoke": lambda w: {"pk": w["api_token"].pk},
    "api:cycle": lambda w: {"pk": w["cycle"].pk},
    "api:action": lambda w: {"pk": w["action"].pk},
    "api:meeting": lambda w: {"pk": w["meeting"].pk},
    "api:forum_thread": lambda w: {"pk": w["thread"].pk},
    "api:evidence_link": lambda w: {"pk": w["evidence"].pk},
    "api:answers": lambda w: {"pk": w["cycle"].pk},
    "api:answer": lambda w: {"pk": w["cycle"].pk, "indicator": w["answer"].indicator.number},
    "api:answer_submit": lambda w: {
        "pk": w["cycle"].pk,
        "indicator": w["answer"].indicator.number,
    },
    "api:answer_items": lambda w: {
        "pk": w["items_cycle"].pk,
        "indicator": w["item_answer"].indicator.number,
    },
    "api:item_verdict": lambda w: {
        "pk": w["items_cycle"].pk,
        "indicator": w["item_answer"].indicator.number,
        "code": "I4-L1-01",
    },
    "api:official_import": lambda w: {"pk": w["cycle"].pk},
    "api:item_verdict_import": lambda w: {"pk": w["items_cycle"].pk},
    "api:evidence": lambda w: {"pk": w["cycle"].pk},
    "api:figures": lambda w: {"pk": w["cycle"].pk},
    "api:evidence_download": lambda w: {"pk": w["evidence"].pk},
}
# The first id from agency A's own world, the rest from B's.
MIXED = {
    "cycles:unlink_evidence": "answer",
    "cycles:item_unlink": "item_answer",
    "cycles:accept_suggestion": "item_answer",
    "cycles:reject_suggestion": "item_answer",
    "meetings:decision": "meeting",
    "meetings:to_action": "meeting",
    "meetings:photo": "meeting",
}


def test_every_route_with_an_id_has_a_cross_agency_case() -> None:
    routes = routes_with_parameters()
    missing = sorted(set(routes) - set(CASES) - set(NOT_OBJECT_IDS))
    assert missing == [], f"routes with an id but no tenancy case: {missing}"
    # And no case outlives its route.
    assert not (set(CASES) | set(NOT_OBJECT_IDS)) - set(routes)
    assert set(MIXED) <= set(CASES)


# Written by signing in, not by the page: left out of the comparison.
SIGN_IN_FIELDS = {"last_login", "last_seen_at"}


def database_digest() -> dict[str, str]:
    """A digest per table of every row we own (sessions aside: signing in writes one)."""
    digests = {}
    for model in apps.get_models():
        if not model._meta.managed or model._meta.app_label in ("sessions", "admin"):
            continue
        if model._meta.db_table == "evidence_evidencesearch":
            continue
        fields = [f.attname for f in model._meta.concrete_fields if f.name not in SIGN_IN_FIELDS]
        digest = hashlib.sha256()
        for row in model.objects.order_by("pk").values_list(*fields):
            digest.update(repr(row).encode())
        digests[model._meta.label] = digest.hexdigest()
    return digests


@pytest.fixture
def worlds(personas):
    _frameworks.clear()
    a = agency_world(personas.agency_a, personas.admin_membership, personas.unit_a)
    b = agency_world(personas.agency_b, personas.admin_b_membership, personas.unit_b)
    return a, b


def made_up(kwargs: dict, foreign: set[str]) -> dict:
    """The same kwargs with every id of agency B replaced by one that does not exist."""
    return {key: MISSING if key in foreign else value for key, value in kwargs.items()}


def outcome(client, method: str, url: str) -> tuple[int, str]:
    """The status and where it redirects (without the query: a sign-in page's ?next=)."""
    response = client.post(url, {}) if method == "POST" else client.get(url)
    return response.status_code, response.get("Location", "").split("?")[0]


@pytest.mark.parametrize("name", sorted(CASES))
def test_agency_b_ids_are_refused_to_every_role_of_agency_a(as_user, personas, worlds, name):
    world_a, world_b = worlds
    kwargs = CASES[name](world_b)
    ids = {key for key, value in kwargs.items() if isinstance(value, int)}
    variants = [(kwargs, ids)]
    if name in MIXED:
        key = next(iter(kwargs))
        variants.append(({**kwargs, key: world_a[MIXED[name]].pk}, ids - {key}))
    before = database_digest()
    for role in ROLES:
        client = as_user(getattr(personas, role))
        for variant, foreign in variants:
            url = reverse(name, kwargs=variant)
            for method in ("GET", "POST"):
                status, location = outcome(client, method, url)
                where = f"{role} {method} {url}"
                assert not 200 <= status < 300, f"{where} answered {status}"
                if status != 404:
                    # A refusal that does not depend on the object: a made-up id gets the same.
                    fake = reverse(name, kwargs=made_up(variant, foreign))
                    expected = outcome(client, method, fake)
                    assert (status, location) == expected, f"{where}: {status} vs {expected}"
    after = database_digest()
    changed = [label for label in before if after[label] != before[label]]
    assert changed == [], f"{name} changed {changed}"
