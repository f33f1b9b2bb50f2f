"""NUL bytes never reach the database: PostgreSQL refuses them in any text, even a search."""

from django.urls import reverse

from simpul.agencies.models import Unit


def test_the_people_search_ignores_a_nul_byte(as_user, personas):
    response = as_user(personas.admin).get(reverse("agencies:people"), {"q": "respon\x00dent"})
    body = response.content.decode()
    assert personas.respondent.email in body
    assert "\x00" not in body


def test_a_form_field_with_a_nul_byte_is_saved_without_it(as_user, personas):
    client = as_user(personas.admin)
    client.post(
        reverse("agencies:unit_create"),
        "name=Dinas%00+Kesehatan&short_name=",
        content_type="application/x-www-form-urlencoded",
    )
    assert Unit.objects.filter(agency=personas.agency_a, name="Dinas Kesehatan").exists()
