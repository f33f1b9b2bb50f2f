import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from simpul.notifications.api import notify, unsubscribe_token
from simpul.notifications.models import (
    Delivery,
    DigestItem,
    NotificationKind,
    NotificationPreference,
    OutboxMessage,
)
from simpul.notifications.operations import deliver_due, set_preference


@pytest.fixture(autouse=True)
def locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.WHATSAPP_WEBHOOK_URL = ""


def _notify(personas, users, kind="reply", **extra):
    notify(
        users,
        kind=kind,
        agency=personas.agency_a,
        subject="Balasan baru",
        body="Isi pesan",
        url="/forum/utas/1/",
        **extra,
    )


def test_an_immediate_email_leaves_after_commit_with_an_unsubscribe_link(
    personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _notify(personas, [personas.partner])
    deliver_due()
    message = mail.outbox[0]
    assert message.to == [personas.partner.email] and message.subject == "Balasan baru"
    assert "/notifikasi/berhenti/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_nothing_is_sent_when_the_transaction_rolls_back(
    personas, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _notify(personas, [personas.partner])
        raise RuntimeError("rolled back")
    deliver_due()
    assert callbacks == [] and mail.outbox == [] and not OutboxMessage.objects.exists()


def test_an_unsubscribe_link_works_without_signing_in(
    personas, client, django_capture_on_commit_callbacks
):
    url = reverse("notifications:unsubscribe", args=[unsubscribe_token(personas.partner, "reply")])
    assert client.get(url).status_code == 200
    client.post(url)
    pref = NotificationPreference.objects.get(user=personas.partner, kind="reply")
    assert pref.delivery == Delivery.OFF
    with django_capture_on_commit_callbacks(execute=True):
        _notify(personas, [personas.partner])
    deliver_due()
    assert mail.outbox == []


def test_a_tampered_unsubscribe_token_is_404(personas, client):
    token = unsubscribe_token(personas.partner, "reply")
    assert (
        client.post(reverse("notifications:unsubscribe", args=[token[:-2] + "xx"])).status_code
        == 404
    )


def test_digest_choices_wait_for_the_daily_digest(personas, django_capture_on_commit_callbacks):
    set_preference(personas.partner, "reply", delivery=Delivery.DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        _notify(personas, [personas.partner])
        _notify(personas, [personas.partner], kind="mention")
    deliver_due()
    assert len(mail.outbox) == 1  # the mention is still immediate
    assert DigestItem.objects.pending().count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digest", verbosity=0)
    deliver_due()
    digest = mail.outbox[-1]
    assert "Ringkasan harian" in digest.subject and "Balasan baru" in digest.body
    assert DigestItem.objects.pending().count() == 0


def test_invitations_with_attachments_go_at_once_even_for_digest_readers(
    personas, django_capture_on_commit_callbacks
):
    set_preference(personas.partner, "invitation", delivery=Delivery.DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        _notify(
            personas,
            [personas.partner],
            kind="invitation",
            attachments=[("rapat.ics", b"BEGIN:VCALENDAR", "text/calendar")],
        )
    deliver_due()
    assert mail.outbox[0].attachments[0][0] == "rapat.ics"


def test_off_means_no_email_and_no_digest(personas, django_capture_on_commit_callbacks):
    set_preference(personas.partner, "reminder", delivery=Delivery.OFF)
    with django_capture_on_commit_callbacks(execute=True):
        _notify(personas, [personas.partner], kind="reminder")
    deliver_due()
    assert mail.outbox == [] and DigestItem.objects.count() == 0


def test_the_preference_page_saves_each_kind(personas, as_user):
    data = {f"delivery_{kind}": Delivery.IMMEDIATE for kind in NotificationKind.values}
    data |= {"delivery_reminder": Delivery.DIGEST, "whatsapp_mention": "on"}
    as_user(personas.partner).post(reverse("notifications:preferences"), data)
    assert (
        NotificationPreference.objects.get(user=personas.partner, kind="reminder").delivery
        == Delivery.DIGEST
    )
    assert NotificationPreference.objects.get(user=personas.partner, kind="mention").whatsapp


def test_an_unknown_delivery_is_refused_by_name(personas, as_user):
    response = as_user(personas.partner).post(
        reverse("notifications:preferences"), {"delivery_reply": "kilat"}, follow=True
    )
    assert "kilat" in response.content.decode()
    assert not NotificationPreference.objects.exists()


class _Hook(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):  # noqa: N802
        length = int(self.headers["Content-Length"])
        _Hook.received.append(
            (self.headers.get("Authorization"), json.loads(self.rfile.read(length)))
        )
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def webhook(settings):
    server = HTTPServer(("127.0.0.1", 0), _Hook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Hook.received = []
    settings.WHATSAPP_WEBHOOK_URL = f"http://127.0.0.1:{server.server_port}/kirim"
    settings.WHATSAPP_WEBHOOK_TOKEN = "rahasia"
    yield _Hook.received
    server.shutdown()
    server.server_close()


def test_whatsapp_goes_to_the_webhook_for_people_who_opted_in_with_a_phone(
    personas, webhook, django_capture_on_commit_callbacks
):
    personas.partner.phone = "+6281234"
    personas.partner.save()
    set_preference(personas.partner, "mention", delivery=Delivery.IMMEDIATE, whatsapp=True)
    with django_capture_on_commit_callbacks(execute=True):
        _notify(personas, [personas.partner, personas.respondent], kind="mention")
    deliver_due()
    assert len(webhook) == 1
    auth, payload = webhook[0]
    assert auth == "Bearer rahasia"
    assert payload["to"] == "+6281234" and "Balasan baru" in payload["message"]


def test_a_dead_webhook_does_not_break_the_email(
    personas, settings, django_capture_on_commit_callbacks
):
    settings.WHATSAPP_WEBHOOK_URL = "http://127.0.0.1:9/mati"
    personas.partner.phone = "+6281234"
    personas.partner.save()
    set_preference(personas.partner, "mention", delivery=Delivery.IMMEDIATE, whatsapp=True)
    with django_capture_on_commit_callbacks(execute=True):
        _notify(personas, [personas.partner], kind="mention")
    deliver_due()
    assert len(mail.outbox) == 1
