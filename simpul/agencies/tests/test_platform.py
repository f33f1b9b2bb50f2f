from django.core import mail
from django.urls import reverse

from simpul.agencies.models import Agency, Membership, Role
from simpul.notifications.actions import deliver_due


def test_platform_staff_create_an_agency_with_its_first_admin(
    as_user, personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(personas.staff).post(
            reverse("agencies:platform_create"),
            {
                "name": "Pemerintah Kota Batam",
                "short_code": "kota-batam",
                "category": "kota",
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
