"""A mail server that refuses connections never fails the user's action, never loses a message
and never sends one twice: every notification waits in the outbox and is retried."""

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from simpul.agencies.models import Membership
from simpul.forum.models import Post
from simpul.meetings.models import Invitation
from simpul.notifications.api import notify, queue_email
from simpul.notifications.models import DigestItem, OutboxMessage, OutboxStatus
from simpul.notifications.operations import deliver_due, set_preference

# The real worker commits its own transactions and closes its connection, as in production:
# on PostgreSQL that needs a transactional test database.
pytestmark = pytest.mark.django_db(transaction=True)

LATER = timedelta(days=2)


def later():
    return timezone.now() + LATER


def assert_waiting(count: int) -> list[OutboxMessage]:
    waiting = list(OutboxMessage.objects.filter(status=OutboxStatus.PENDING))
    assert len(waiting) == count
    assert all(m.attempts == 1 and "Connection" in m.last_error for m in waiting)
    return waiting


def test_inviting_a_person_succeeds_while_mail_is_down_and_the_email_follows(
    personas, as_user, mail_down, mail_back, run_tasks, django_capture_on_commit_callbacks
):
    data = {"email": "baru@contoh.go.id", "full_name": "Orang Baru", "role": "respondent"}
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(personas.admin).post(reverse("agencies:person_invite"), data)
    assert response.status_code == 302
    run_tasks()
    assert Membership.objects.filter(user__email="baru@contoh.go.id").count() == 1
    (waiting,) = assert_waiting(1)
    assert waiting.agency == personas.agency_a and waiting.next_attempt_at > timezone.now()
    mail_back()
    assert deliver_due(later()) == 1
    assert deliver_due(later()) == 0
    run_tasks()
    assert [m.to for m in mail.outbox] == [["baru@contoh.go.id"]]
    assert "/akun/undangan/" in mail.outbox[0].body


def test_inviting_to_a_meeting_succeeds_while_mail_is_down_and_the_ics_follows(
    personas, as_user, meeting, mail_down, mail_back, run_tasks, django_capture_on_commit_callbacks
):
    url = reverse("meetings:invite", args=[meeting.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(personas.admin).post(url, {"members": [personas.partner_membership.pk]})
    assert response.status_code == 302
    run_tasks()
    assert Invitation.objects.filter(meeting=meeting).count() == 1
    assert_waiting(1)
    mail_back()
    assert deliver_due(later()) == 1
    (sent,) = mail.outbox
    assert sent.to == [personas.partner.email]
    assert sent.attachments[0][0] == "rapat.ics" and "BEGIN:VCALENDAR" in str(
        sent.attachments[0][1]
    )


def test_replying_in_the_forum_succeeds_while_mail_is_down(
    personas, as_user, obstacle, mail_down, mail_back, run_tasks, django_capture_on_commit_callbacks
):
    url = reverse("forum:reply", args=[obstacle.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(personas.admin).post(
            url, {"body": "Kami tindak lanjuti.", "kind": "reply"}
        )
    assert response.status_code == 302
    run_tasks()
    assert Post.objects.filter(thread=obstacle, body__contains="tindak lanjuti").count() == 1
    assert_waiting(1)
    mail_back()
    assert deliver_due(later()) == 1
    assert [m.to for m in mail.outbox] == [[personas.partner.email]]


def test_the_digest_is_kept_through_an_outage_and_sent_once(
    personas, mail_down, mail_back, run_tasks, django_capture_on_commit_callbacks
):
    DigestItem.objects.create(
        user=personas.partner, agency=personas.agency_a, kind="reply", subject="Balasan", body="…"
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digest", stdout=StringIO())
    run_tasks()
    assert_waiting(1)
    call_command("send_digest", stdout=StringIO())
    assert OutboxMessage.objects.count() == 1
    mail_back()
    assert deliver_due(later()) == 1 and deliver_due(later()) == 0
    assert [m.to for m in mail.outbox] == [[personas.partner.email]]
    assert "Balasan" in mail.outbox[0].body


def test_a_message_fails_visibly_after_the_last_attempt_and_is_resent_once(
    personas, as_user, settings, mail_down, mail_back, run_tasks, django_capture_on_commit_callbacks
):
    settings.NOTIFICATION_MAX_ATTEMPTS = 2
    data = {"email": "baru@contoh.go.id", "full_name": "Orang Baru", "role": "respondent"}
    admin = as_user(personas.admin)
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(reverse("agencies:person_invite"), data)
    run_tasks()
    deliver_due(later())
    message = OutboxMessage.objects.get()
    assert (message.status, message.attempts) == (OutboxStatus.FAILED, 2)
    assert deliver_due(later() + LATER) == 0
    page = admin.get(reverse("notifications:outbox"))
    assert b"baru@contoh.go.id" in page.content and "Gagal" in page.content.decode()
    assert (
        b"baru@contoh.go.id"
        not in as_user(personas.admin_b).get(reverse("notifications:outbox")).content
    )
    mail_back()
    resend = reverse("notifications:outbox_resend", args=[message.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert admin.post(resend).status_code == 302
    run_tasks()
    with django_capture_on_commit_callbacks(execute=True):
        page = admin.post(resend, follow=True)
    run_tasks()
    assert "sudah terkirim" in page.content.decode()
    assert [m.to for m in mail.outbox] == [["baru@contoh.go.id"]]


def test_a_message_whose_worker_was_killed_mid_send_is_sent_by_the_safety_net(
    personas, mail_back, django_capture_on_commit_callbacks
):
    mail_back()
    message = queue_email("a@contoh.go.id", "Subjek", "Isi", agency=personas.agency_a)
    # The killed worker had claimed it: attempt counted, claim never released.
    OutboxMessage.objects.filter(pk=message.pk).update(
        attempts=1, claimed_until=timezone.now() + timedelta(minutes=5)
    )
    assert deliver_due() == 0
    call_command("send_outbox", stdout=StringIO())
    assert mail.outbox == []
    assert deliver_due(timezone.now() + timedelta(minutes=10)) == 1
    assert len(mail.outbox) == 1


def test_the_outbox_page_reads_a_fixed_number_of_queries(
    personas, as_user, django_assert_max_num_queries
):
    admin = as_user(personas.admin)
    url = reverse("notifications:outbox")
    admin.get(url)
    for number in range(30):
        queue_email(f"p{number}@contoh.go.id", "Subjek", "Isi", agency=personas.agency_a)
    with django_assert_max_num_queries(8):
        assert admin.get(url).status_code == 200


class _Gateway(BaseHTTPRequestHandler):
    """A WhatsApp gateway that answers `status` (500 while it is down) and keeps what it got."""

    status = 500
    received: list = []

    def do_POST(self):  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if _Gateway.status < 300:
            _Gateway.received.append(body)
        self.send_response(_Gateway.status)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway(settings):
    server = HTTPServer(("127.0.0.1", 0), _Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Gateway.status, _Gateway.received = 500, []
    settings.WHATSAPP_WEBHOOK_URL = f"http://127.0.0.1:{server.server_port}/kirim"
    yield _Gateway
    server.shutdown()
    server.server_close()


def _whatsapp_reader(personas):
    personas.partner.phone = "081234567890"
    personas.partner.save(update_fields=["phone"])
    set_preference(personas.partner, "reply", delivery="immediate", whatsapp=True)


def _tell_partner(personas):
    notify(
        [personas.partner], kind="reply", agency=personas.agency_a, subject="Balasan", body="Isi"
    )


def test_whatsapp_is_retried_while_the_gateway_answers_500_and_sent_once_when_it_is_back(
    personas, gateway, mail_back
):
    mail_back()
    _whatsapp_reader(personas)
    _tell_partner(personas)
    assert deliver_due() == 1  # the email
    chat = OutboxMessage.objects.get(channel="whatsapp")
    assert (chat.status, chat.attempts) == (OutboxStatus.PENDING, 1)
    assert "500" in chat.last_error and gateway.received == []
    gateway.status = 204
    assert deliver_due(later()) == 1 and deliver_due(later()) == 0
    assert [m["to"] for m in gateway.received] == ["081234567890"]


def test_whatsapp_is_retried_when_the_gateway_refuses_connections(personas, settings, mail_back):
    mail_back()
    settings.WHATSAPP_WEBHOOK_URL = "http://127.0.0.1:1/kirim"
    _whatsapp_reader(personas)
    _tell_partner(personas)
    deliver_due()
    chat = OutboxMessage.objects.get(channel="whatsapp")
    assert (chat.status, chat.attempts) == (OutboxStatus.PENDING, 1)
    assert "refused" in chat.last_error and len(mail.outbox) == 1


def test_a_password_reset_during_an_outage_is_kept_and_sent_later(
    client, personas, mail_down, mail_back
):
    response = client.post(reverse("accounts:password_reset"), {"email": "leader@contoh.go.id"})
    assert response.status_code == 302
    deliver_due()
    (waiting,) = assert_waiting(1)
    assert waiting.recipient == "leader@contoh.go.id" and waiting.agency is None
    mail_back()
    assert deliver_due(later()) == 1
    assert "/akun/atur-ulang/" in mail.outbox[0].body


def test_a_sent_message_keeps_no_text_with_its_links(personas, mail_back):
    mail_back()
    message = queue_email("a@contoh.go.id", "Undangan", "Tautan: /akun/undangan/abc/")
    assert deliver_due() == 1
    message.refresh_from_db()
    assert (message.status, message.body, message.attachments) == (OutboxStatus.SENT, "", [])
    assert "/akun/undangan/abc/" in mail.outbox[0].body


def test_resending_a_copy_read_before_it_was_sent_sends_nothing_twice(personas, mail_back):
    from simpul.notifications.operations import OutboxError, resend

    mail_back()
    message = queue_email("a@contoh.go.id", "Undangan", "Isi", agency=personas.agency_a)
    stale_copy = OutboxMessage.objects.get(pk=message.pk)
    assert deliver_due() == 1
    with pytest.raises(OutboxError, match="sudah terkirim"):
        resend(stale_copy)
    assert deliver_due() == 0 and len(mail.outbox) == 1


@pytest.mark.parametrize("role", ["respondent", "assessor", "leader", "partner", "external"])
def test_only_the_coordinator_sees_and_resends_the_outbox(personas, as_user, role):
    message = queue_email("a@contoh.go.id", "Undangan", "Isi", agency=personas.agency_a)
    OutboxMessage.objects.filter(pk=message.pk).update(status=OutboxStatus.FAILED)
    client = as_user(getattr(personas, role))
    assert client.get(reverse("notifications:outbox")).status_code == 403
    resend = reverse("notifications:outbox_resend", args=[message.pk])
    assert client.post(resend).status_code == 403
    assert OutboxMessage.objects.get(pk=message.pk).status == OutboxStatus.FAILED


def test_recover_tasks_sends_what_a_killed_worker_left_claimed(personas, mail_back):
    mail_back()
    message = queue_email("a@contoh.go.id", "Undangan", "Isi", agency=personas.agency_a)
    lapsed = timezone.now() - timedelta(minutes=1)
    OutboxMessage.objects.filter(pk=message.pk).update(attempts=1, claimed_until=lapsed)
    out = StringIO()
    call_command("recover_tasks", stdout=out)
    assert "1 pesan terkirim" in out.getvalue()
    call_command("recover_tasks", stdout=out)
    assert [m.to for m in mail.outbox] == [["a@contoh.go.id"]]
    assert OutboxMessage.objects.get(pk=message.pk).attempts == 2
