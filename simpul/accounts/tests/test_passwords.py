import re

from django.core import mail
from django.urls import reverse

from simpul.conftest import PASSWORD
from simpul.notifications.actions import deliver_due

NEW_PASSWORD = "Pulau-Natuna-2027!"


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
    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+/akun/atur-ulang/\S+/", mail.outbox[0].body).group(0)
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
    assert mail.outbox == []


def test_a_reset_link_works_only_once(client, personas):
    client.post(reverse("accounts:password_reset"), {"email": "leader@contoh.go.id"})
    deliver_due()
    path = re.search(r"/akun/atur-ulang/\S+/", mail.outbox[0].body).group(0)
    form_url = client.get(path, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    again = client.get(path, follow=True)
    assert "tidak berlaku lagi" in again.content.decode()
