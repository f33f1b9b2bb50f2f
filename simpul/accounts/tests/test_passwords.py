import re
from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from simpul.accounts.models import RateEvent
from simpul.conftest import PASSWORD
from simpul.notifications.operations import deliver_due

NEW_PASSWORD = "Pulau-Natuna-2027!"


def sent_mail() -> list:
    """The mail sent so far: the outbox delivered first, as the worker would."""
    deliver_due()
    return mail.outbox


def test_a_user_changes_their_password(as_user, personas, client):
    response = as_user(personas.leader).post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    personas.leader.refresh_from_db()
    assert personas.leader.check_password(NEW_PASSWORD)


def test_a_wrong_old_password_is_refused_and_nothing_changes(as_user, personas):
    response = as_user(personas.leader).post(
        reverse("accounts:password_change"),
        {"old_password": "salah", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert "salah" in response.content.decode().lower()
    personas.leader.refresh_from_db()
    assert personas.leader.check_password(PASSWORD)


def test_a_forgotten_password_is_reset_through_the_emailed_link(client, personas):
    client.post(reverse("accounts:password_reset"), {"email": "leader@contoh.go.id"})
    deliver_due()
    assert len(sent_mail()) == 1
    link = re.search(r"http://\S+/akun/atur-ulang/\S+/", sent_mail()[0].body).group(0)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    personas.leader.refresh_from_db()
    assert personas.leader.check_password(NEW_PASSWORD)


def test_a_reset_for_an_unknown_email_sends_nothing_and_reveals_nothing(client, personas):
    response = client.post(reverse("accounts:password_reset"), {"email": "tak-ada@contoh.go.id"})
    assert response.status_code == 302
    assert sent_mail() == []


def test_a_reset_link_works_only_once(client, personas):
    client.post(reverse("accounts:password_reset"), {"email": "leader@contoh.go.id"})
    deliver_due()
    path = re.search(r"/akun/atur-ulang/\S+/", sent_mail()[0].body).group(0)
    form_url = client.get(path, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    again = client.get(path, follow=True)
    assert "tidak berlaku lagi" in again.content.decode()


RESET = reverse("accounts:password_reset")
LIMITED = "Terlalu banyak permintaan email"


def test_fifteen_reset_requests_for_one_address_send_only_the_limit(client, personas, settings):
    settings.MAIL_LIMIT_PER_TARGET = 3
    responses = [client.post(RESET, {"email": "leader@contoh.go.id"}) for _ in range(15)]
    assert len(sent_mail()) == 3
    assert [r.status_code for r in responses[:3]] == [302] * 3
    refused = responses[3]
    assert refused.status_code == 200 and LIMITED in refused.content.decode()
    # The typed address stays in the form.
    assert 'value="leader@contoh.go.id"' in refused.content.decode()


def test_the_limit_counts_the_address_in_any_case(client, personas, settings):
    settings.MAIL_LIMIT_PER_TARGET = 2
    for email in ["leader@contoh.go.id", " LEADER@contoh.go.id", "Leader@Contoh.go.id"]:
        client.post(RESET, {"email": email})
    assert len(sent_mail()) == 2


def test_the_limit_answers_alike_for_known_and_unknown_addresses(client, personas, settings):
    settings.MAIL_LIMIT_PER_TARGET = 1
    answers = []
    for email in ["leader@contoh.go.id", "tak-ada@contoh.go.id"]:
        first = client.post(RESET, {"email": email})
        second = client.post(RESET, {"email": email})
        answers.append((first.status_code, second.status_code, LIMITED in second.content.decode()))
    assert answers[0] == answers[1] == (302, 200, True)


def test_one_client_cannot_mail_many_addresses(client, personas, settings):
    settings.MAIL_LIMIT_PER_CLIENT = 2
    for email in ["leader@contoh.go.id", "admin@contoh.go.id", "partner@contoh.go.id"]:
        client.post(RESET, {"email": email})
    assert len(sent_mail()) == 2
    # Another client may still ask for its own reset.
    client.post(RESET, {"email": "partner@contoh.go.id"}, REMOTE_ADDR="198.51.100.7")
    assert len(sent_mail()) == 3


def test_the_limit_ends_with_the_window(client, personas, settings):
    settings.MAIL_LIMIT_PER_TARGET = 1
    client.post(RESET, {"email": "leader@contoh.go.id"})
    RateEvent.objects.update(at=timezone.now() - timedelta(hours=2))
    client.post(RESET, {"email": "leader@contoh.go.id"})
    assert len(sent_mail()) == 2


def test_a_password_reset_unlocks_a_locked_account(client, personas, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    login = reverse("accounts:login")
    for _ in range(3):
        client.post(login, {"username": "leader", "password": "salah"})
    client.post(RESET, {"email": "leader@contoh.go.id"})
    path = re.search(r"/akun/atur-ulang/\S+/", sent_mail()[0].body).group(0)
    form_url = client.get(path, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    response = client.post(login, {"username": "leader@contoh.go.id", "password": NEW_PASSWORD})
    assert response.status_code == 302


def test_a_mail_outage_answers_a_reset_request_like_any_other(client, personas, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1
    response = client.post(RESET, {"email": "leader@contoh.go.id"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")


def test_the_mail_counter_keeps_no_address(client, personas):
    client.post(RESET, {"email": "leader@contoh.go.id"})
    keys = list(RateEvent.objects.values_list("key", flat=True))
    assert keys and not any("leader" in key for key in keys)
