"""Profile editing: name, job title and the phone number WhatsApp notifications go to."""

import importlib

import pytest
from django.urls import reverse

from simpul.core.versions import VERSION_FIELD
from simpul.notifications.api import notify
from simpul.notifications.models import (
    Channel,
    NotificationKind,
    NotificationPreference,
    OutboxMessage,
)


def opened(client) -> dict:
    form = client.get(reverse("accounts:profile")).context["form"]
    return {name: form[name].value() or "" for name in form.fields}


def test_a_saved_phone_number_is_where_whatsapp_notifications_go(as_user, personas, settings):
    settings.WHATSAPP_WEBHOOK_URL = "http://127.0.0.1:9/kirim"
    client = as_user(personas.respondent)
    values = {
        **opened(client),
        "full_name": "Rina Respondent",
        "job_title": "Analis Kebijakan",
        "phone": "+62 812-3456-7890",
    }
    response = client.post(reverse("accounts:profile"), values, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Profil tersimpan."]
    personas.respondent.refresh_from_db()
    assert (
        personas.respondent.full_name,
        personas.respondent.job_title,
        personas.respondent.phone,
    ) == ("Rina Respondent", "Analis Kebijakan", "+6281234567890")  # stored in E.164
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "+6281234567890" in page

    NotificationPreference.objects.create(
        user=personas.respondent, kind=NotificationKind.MENTION, whatsapp=True
    )
    notify(
        [personas.respondent],
        kind=NotificationKind.MENTION,
        agency=personas.agency_a,
        subject="Anda disebut di forum",
        body="",
    )
    sent = OutboxMessage.objects.get(channel=Channel.WHATSAPP)
    assert sent.recipient == "+6281234567890"


def test_an_emptied_phone_number_stops_whatsapp(as_user, personas, settings):
    settings.WHATSAPP_WEBHOOK_URL = "http://127.0.0.1:9/kirim"
    personas.respondent.phone = "0812000111"
    personas.respondent.save(update_fields=["phone"])
    client = as_user(personas.respondent)
    client.post(reverse("accounts:profile"), {**opened(client), "phone": ""})
    personas.respondent.refresh_from_db()
    assert personas.respondent.phone == ""
    NotificationPreference.objects.create(
        user=personas.respondent, kind=NotificationKind.MENTION, whatsapp=True
    )
    notify(
        [personas.respondent],
        kind=NotificationKind.MENTION,
        agency=personas.agency_a,
        subject="Anda disebut",
        body="",
    )
    assert not OutboxMessage.objects.filter(channel=Channel.WHATSAPP).exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("phone", "0" * 41), ("full_name", "N" * 201), ("job_title", "J" * 201)],
    ids=["phone too long", "name too long", "job title too long"],
)
def test_a_bad_profile_names_the_field_and_changes_nothing(as_user, personas, field, value):
    client = as_user(personas.respondent)
    before = opened(client)
    response = client.post(
        reverse("accounts:profile"), {**before, "job_title": "Diketik", field: value}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == [field]
    assert "paling banyak" in form.errors[field][0]
    personas.respondent.refresh_from_db()
    assert opened(client) == before
    assert VERSION_FIELD in before


def test_the_profile_needs_a_sign_in(client):
    response = client.post(reverse("accounts:profile"), {"phone": "0812"})
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("081234567890", "+6281234567890"),
        ("0812-3456-7890", "+6281234567890"),
        ("0812 3456 789", "+628123456789"),
        ("0812345678", "+62812345678"),  # the shortest: 10 digits with the 0
        ("62 812 3456 7890", "+6281234567890"),
        ("+62 812-3456-7890", "+6281234567890"),
        ("+62 (812) 3456.7890", "+6281234567890"),
        ("  +6285712345678  ", "+6285712345678"),
        ("0812345678901", "+62812345678901"),  # the longest: 13 digits
    ],
)
def test_an_indonesian_mobile_number_is_stored_in_e164(as_user, personas, typed, stored):
    client = as_user(personas.respondent)
    response = client.post(reverse("accounts:profile"), {**opened(client), "phone": typed})
    assert response.status_code == 302
    personas.respondent.refresh_from_db()
    assert personas.respondent.phone == stored


@pytest.mark.parametrize(
    "typed",
    [
        "0812",  # too short
        "081234567",  # one digit short of the shortest mobile number
        "081234567890123",  # one digit too many
        "0212345678",  # a Jakarta landline: WhatsApp needs a mobile number
        "+6521234567",  # not Indonesia
        "0812-3456-789O",  # a letter O for a zero
        "8123456789",  # no 0, 62 or +62 in front
        "+62 0812 3456 7890",  # the 0 and +62 together
        "++6281234567890",
    ],
)
def test_a_number_that_is_not_an_indonesian_mobile_is_refused_by_name(as_user, personas, typed):
    personas.respondent.phone = "+6281200011122"
    personas.respondent.save(update_fields=["phone"])
    client = as_user(personas.respondent)
    response = client.post(reverse("accounts:profile"), {**opened(client), "phone": typed})
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["phone"]
    message = form.errors["phone"][0]
    assert message.startswith(f"Nomor telepon/WhatsApp “{typed}” tidak sah")
    assert "0812-3456-7890" in message  # shows a format that is accepted
    personas.respondent.refresh_from_db()
    assert personas.respondent.phone == "+6281200011122"


def test_saved_valid_numbers_are_rewritten_in_e164_and_others_left_alone(personas):
    from django.apps import apps

    migration = importlib.import_module("simpul.accounts.migrations.0004_phone_e164")
    typed = {
        personas.respondent: ("0812-3456-7890", "+6281234567890"),
        personas.admin: ("+6281234567890", "+6281234567890"),
        personas.leader: ("021 555 1234", "021 555 1234"),
        personas.partner: ("", ""),
    }
    for user, (before, _after) in typed.items():
        user.phone = before
        user.save(update_fields=["phone"])
    migration.to_e164(apps, None)
    for user, (_before, after) in typed.items():
        user.refresh_from_db()
        assert user.phone == after
