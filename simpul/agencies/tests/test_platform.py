from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from simpul.agencies.models import Agency, Membership, Role, Unit
from simpul.agencies.views import PLATFORM_PAGE
from simpul.notifications.operations import deliver_due


def test_platform_staff_create_an_agency_with_its_first_admin(
    as_user, personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(personas.staff).post(
            reverse("agencies:platform_create"),
            {
                "name": "Pemerintah Kota Batam",
                "short_code": "kota-batam",
                "category": "city",
                "province": "Kepulauan Riau",
                "is_active": "on",
                "admin_email": "kominfo@batam.go.id",
                "admin_name": "Koordinator Batam",
            },
        )
    assert response.status_code == 302
    agency = Agency.objects.get(short_code="kota-batam")
    admin = Membership.objects.get(agency=agency)
    assert admin.role == Role.ADMIN and admin.user.email == "kominfo@batam.go.id"
    deliver_due()
    assert "/akun/undangan/" in mail.outbox[0].body


def test_a_bad_agency_form_names_the_field_and_saves_nothing(as_user, personas):
    response = as_user(personas.staff).post(
        reverse("agencies:platform_create"),
        {"name": "Pemerintah Kabupaten Natuna", "short_code": "Kode Salah!", "category": "desa"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nama instansi telah ada" in body
    assert "kode singkat" in body.lower() or "slug" in body.lower()
    assert "desa" in body  # the invalid category is named
    assert Agency.objects.count() == 2


def test_agency_admins_are_not_platform_staff(as_user, personas):
    client = as_user(personas.admin)
    assert client.get(reverse("agencies:platform")).status_code == 403
    client.post(reverse("agencies:platform_create"), {"name": "X", "short_code": "x"})
    assert not Agency.objects.filter(short_code="x").exists()


def test_the_platform_list_shows_every_agency(as_user, personas, django_assert_max_num_queries):
    client = as_user(personas.staff)
    with django_assert_max_num_queries(8):
        body = client.get(reverse("agencies:platform")).content.decode()
    assert "Natuna" in body and "Bintan" in body


def test_the_platform_list_pages_and_searches_615_agencies_in_constant_queries(as_user, personas):
    client = as_user(personas.staff)
    url = reverse("agencies:platform")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few = queries()
    Agency.objects.bulk_create(
        Agency(name=f"Pemerintah Kabupaten Contoh {n:03d}", short_code=f"contoh-{n:03d}")
        for n in range(613)
    )
    many = Agency.objects.filter(short_code__startswith="contoh-")
    Unit.objects.bulk_create(Unit(agency=agency, name="Diskominfo") for agency in many)
    assert queries() == few
    body = client.get(url).content.decode()
    assert "615 instansi" in body
    assert body.count('href="/instansi/platform/') >= PLATFORM_PAGE
    assert "Halaman 1 dari 13" in body
    last = client.get(url, {"halaman": 13}).content.decode()
    assert "Pemerintah Kabupaten Natuna" in last or "Contoh 612" in last
    found = client.get(url, {"q": "natuna"}).content.decode()
    assert "Pemerintah Kabupaten Natuna" in found and "Contoh 001" not in found
    # Counts per row are right: Natuna has its two units and six active people.
    natuna = personas.agency_a
    people = Membership.objects.filter(agency=natuna, is_active=True).count()
    row = found.split("Pemerintah Kabupaten Natuna", 1)[1].split("</tr>", 1)[0]
    assert f'<td class="num">2</td><td class="num">{people}</td>' in row
