"""Platform staff edit an agency: what they change is saved, bad input is named by field and
changes nothing, and nobody else can. (An edit made meanwhile: test_concurrent_edits.py.)"""

import pytest
from django.urls import reverse

from simpul.agencies.models import Agency, AgencyCategory
from simpul.core.versions import VERSION_FIELD


def opened(client, agency) -> dict:
    """The edit form as the page fills it in, hidden version included."""
    form = client.get(reverse("agencies:platform_edit", args=[agency.pk])).context["form"]
    values = {name: form[name].value() for name in form.fields}
    return {name: value for name, value in values.items() if value not in (None, False)}


def stored(agency) -> tuple:
    agency.refresh_from_db()
    fields = ("name", "short_code", "category", "province", "time_zone", "is_active")
    return tuple(getattr(agency, name) for name in fields)


def test_platform_staff_rename_move_and_deactivate_an_agency(as_user, personas):
    staff = as_user(personas.staff)
    agency = personas.agency_b
    page = staff.get(reverse("agencies:platform_edit", args=[agency.pk])).content.decode()
    assert "Pemerintah Kabupaten Bintan" in page
    values = opened(staff, agency)
    assert values[VERSION_FIELD]
    values.update(
        name="Pemerintah Kota Tanjungpinang",
        short_code="kota-tanjungpinang",
        category=AgencyCategory.CITY,
        province="Kepulauan Riau",
        time_zone="Asia/Makassar",
    )
    values.pop("is_active", None)  # the checkbox left empty: deactivated
    response = staff.post(reverse("agencies:platform_edit", args=[agency.pk]), values, follow=True)
    assert response.redirect_chain[-1][0] == reverse("agencies:platform")
    assert [str(m) for m in response.context["messages"]] == [
        "Instansi Pemerintah Kota Tanjungpinang tersimpan."
    ]
    assert stored(agency) == (
        "Pemerintah Kota Tanjungpinang",
        "kota-tanjungpinang",
        AgencyCategory.CITY,
        "Kepulauan Riau",
        "Asia/Makassar",
        False,
    )
    # The other agency is untouched.
    assert personas.agency_a.name == Agency.objects.get(pk=personas.agency_a.pk).name


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"short_code": "natuna"}, "Kode singkat"),
        ({"short_code": "Kode Salah!"}, "Kode singkat"),
        ({"name": "Pemerintah Kabupaten Natuna"}, "Nama instansi telah ada"),
        ({"name": ""}, "Nama"),
        ({"category": "desa"}, "desa"),
        ({"time_zone": "Europe/Paris"}, "Europe/Paris"),
    ],
    ids=["code taken", "code not a slug", "name taken", "no name", "category", "time zone"],
)
def test_a_bad_edit_names_what_is_wrong_keeps_the_typing_and_saves_nothing(
    as_user, personas, change, named
):
    staff = as_user(personas.staff)
    agency = personas.agency_b
    before = stored(agency)
    values = {**opened(staff, agency), "province": "Provinsi yang diketik", **change}
    response = staff.post(reverse("agencies:platform_edit", args=[agency.pk]), values)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors
    assert named.lower() in response.content.decode().lower()
    assert "Provinsi yang diketik" in response.content.decode()
    assert stored(agency) == before


def test_only_platform_staff_edit_an_agency(as_user, personas):
    agency = personas.agency_a
    before = stored(agency)
    url = reverse("agencies:platform_edit", args=[agency.pk])
    for persona in (personas.admin, personas.admin_b, personas.leader, personas.nobody):
        client = as_user(persona)
        assert client.get(url).status_code in (302, 403)
        client.post(url, {"name": "Diambil alih", "short_code": "ambil", "category": "city"})
    assert stored(agency) == before


def test_an_agency_that_does_not_exist_is_a_404(as_user, personas):
    missing = max(Agency.objects.values_list("pk", flat=True)) + 1
    url = reverse("agencies:platform_edit", args=[missing])
    assert as_user(personas.staff).get(url).status_code == 404
