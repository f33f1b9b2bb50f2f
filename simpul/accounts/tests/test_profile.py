"""Profile editing: name, job title and the phone number WhatsApp notifications go to."""

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
    ) == ("Rina Respondent", "Analis Kebijakan", "+62 812-3456-7890")
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "+62 812-3456-7890" in page

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
    assert sent.recipient == "+62 812-3456-7890"


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
