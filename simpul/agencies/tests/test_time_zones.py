"""Each agency has a time zone (WIB, WITA or WIT): chosen on the platform form or by the
agency's admin, and active on every request made for that agency."""

from datetime import UTC, datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from simpul.agencies.models import Agency, TimeZone
from simpul.meetings import operations
from simpul.meetings.models import Meeting, MeetingKind

NEW_AGENCY = {
    "name": "Pemerintah Kota Makassar",
    "short_code": "kota-makassar",
    "category": "city",
    "province": "Sulawesi Selatan",
    "is_active": "on",
    "admin_email": "kominfo@makassarkota.go.id",
    "admin_name": "Koordinator Makassar",
}


def test_a_new_agency_is_in_wib_unless_told_otherwise(personas):
    assert personas.agency_a.time_zone == TimeZone.WIB == "Asia/Jakarta"
    assert personas.agency_a.zone_abbreviation == "WIB"


def test_platform_staff_create_a_wita_agency(as_user, personas):
    response = as_user(personas.staff).post(
        reverse("agencies:platform_create"), {**NEW_AGENCY, "time_zone": "Asia/Makassar"}
    )
    assert response.status_code == 302
    agency = Agency.objects.get(short_code="kota-makassar")
    assert (agency.time_zone, agency.zone_abbreviation) == ("Asia/Makassar", "WITA")
    listing = as_user(personas.staff).get(reverse("agencies:platform")).content.decode()
    assert "WITA" in listing


def test_the_platform_form_refuses_an_unknown_zone_in_indonesian_and_saves_nothing(
    as_user, personas
):
    response = as_user(personas.staff).post(
        reverse("agencies:platform_create"), {**NEW_AGENCY, "time_zone": "Europe/Paris"}
    )
    assert response.status_code == 200
    assert (
        "Zona waktu “Europe/Paris” tidak dikenal; pilih WIB, WITA atau WIT."
        in response.content.decode()
    )
    assert not Agency.objects.filter(short_code="kota-makassar").exists()


def test_editing_an_agency_without_the_zone_field_keeps_its_zone(as_user, personas):
    agency = personas.agency_b
    Agency.objects.filter(pk=agency.pk).update(time_zone=TimeZone.WIT)
    response = as_user(personas.staff).post(
        reverse("agencies:platform_edit", args=[agency.pk]),
        {"name": agency.name, "short_code": agency.short_code, "category": agency.category,
         "province": "Kepulauan Riau", "is_active": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    agency.refresh_from_db()
    assert (agency.province, agency.time_zone) == ("Kepulauan Riau", TimeZone.WIT)


def test_the_agency_admin_sets_the_zone_and_others_cannot(as_user, personas):
    url = reverse("agencies:zone")
    assert as_user(personas.respondent).post(url, {"time_zone": "Asia/Jayapura"}).status_code == 403
    client = as_user(personas.admin)
    page = client.get(url).content.decode()
    assert "WITA (Waktu Indonesia Tengah, UTC+8)" in page
    refused = client.post(url, {"time_zone": "UTC"})
    assert "Zona waktu “UTC” tidak dikenal" in refused.content.decode()
    assert Agency.objects.get(pk=personas.agency_a.pk).time_zone == TimeZone.WIB
    assert client.post(url, {"time_zone": "Asia/Jayapura"}).status_code == 302
    assert Agency.objects.get(pk=personas.agency_a.pk).time_zone == TimeZone.WIT
    assert Agency.objects.get(pk=personas.agency_b.pk).time_zone == TimeZone.WIB


def test_one_person_in_two_agencies_sees_each_in_its_own_zone(as_user, personas):
    Agency.objects.filter(pk=personas.agency_a.pk).update(time_zone=TimeZone.WITA)
    Agency.objects.filter(pk=personas.agency_b.pk).update(time_zone=TimeZone.WIT)
    personas.agency_a.refresh_from_db()
    instant = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)  # 10.00 WITA = 11.00 WIT
    operations.schedule_meeting(
        personas.agency_a, membership=personas.admin_membership, title="Rapat Natuna",
        kind=MeetingKind.FORUM, starts_at=instant, ends_at=instant + timedelta(hours=1),
        place="Aula",
    )  # fmt: skip
    client = as_user(personas.multi)  # admin of Bintan (the first by name), respondent of Natuna
    bintan = client.get(reverse("meetings:list")).content.decode()
    assert "Waktu (WIT)" in bintan
    # Bintan's admin types 10.00: that is 10.00 WIT, 01.00 UTC.
    response = client.post(
        reverse("meetings:create"),
        {"title": "Rapat Bintan", "kind": "other", "starts_at": "2026-03-10T10:00",
         "ends_at": "2026-03-10T11:00", "place": "Aula", "count": "1"},
    )  # fmt: skip
    assert response.status_code == 302
    in_b = Meeting.objects.get(agency=personas.agency_b)
    assert in_b.starts_at == datetime(2026, 3, 10, 1, 0, tzinfo=UTC)
    # Nothing of this request's zone is left on the thread for the next one.
    assert timezone.get_current_timezone().key == "Asia/Jakarta"

    natuna_membership = personas.multi.memberships.get(agency=personas.agency_a)
    client.post(reverse("agencies:switch"), {"membership": natuna_membership.pk})
    natuna = client.get(reverse("meetings:list")).content.decode()
    assert "Waktu (WITA)" in natuna and "10 Mar 2026 10:00" in natuna
    detail = client.get(reverse("meetings:detail", args=[in_b.pk]))
    assert detail.status_code == 404  # and Bintan's meeting is not Natuna's
    client.post(reverse("agencies:switch"), {"membership": personas.multi.memberships.get(
        agency=personas.agency_b).pk})  # fmt: skip
    page = client.get(reverse("meetings:detail", args=[in_b.pk])).content.decode()
    assert "10:00–11:00 WIT" in page


def test_a_zone_changed_meanwhile_by_another_admin_is_not_overwritten(as_user, personas):
    from simpul.core.tests.test_concurrent_edits import (
        assert_refused_then_saved_on_purpose,
        open_then_post,
    )

    client = as_user(personas.admin)
    url = reverse("agencies:zone")
    data = {"time_zone": "Asia/Makassar"}
    opened, first = open_then_post(
        client,
        url,
        data,
        lambda: Agency.objects.filter(pk=personas.agency_a.pk).update(time_zone=TimeZone.WIT),
    )
    assert Agency.objects.get(pk=personas.agency_a.pk).time_zone == TimeZone.WIT
    assert_refused_then_saved_on_purpose(client, url, data, opened, first)
    assert Agency.objects.get(pk=personas.agency_a.pk).time_zone == TimeZone.WITA
