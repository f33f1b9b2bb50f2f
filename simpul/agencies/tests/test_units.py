from django.urls import reverse

from simpul.agencies.models import Unit


def test_the_admin_adds_a_unit(as_user, personas):
    response = as_user(personas.admin).post(
        reverse("agencies:unit_create"), {"name": "Inspektorat Natuna", "short_name": "Itda"}
    )
    assert response.status_code == 302
    assert Unit.objects.get(name="Inspektorat Natuna").agency == personas.agency_a


def test_a_duplicate_unit_name_is_refused_in_indonesian(as_user, personas):
    response = as_user(personas.admin).post(
        reverse("agencies:unit_create"), {"name": "Bappeda Natuna", "short_name": ""}
    )
    assert response.status_code == 200
    assert "sudah ada" in response.content.decode()
    assert Unit.objects.filter(name="Bappeda Natuna").count() == 1


def test_an_empty_unit_name_is_refused(as_user, personas):
    response = as_user(personas.admin).post(reverse("agencies:unit_create"), {"name": ""})
    assert "Bidang ini tidak boleh kosong" in response.content.decode()
    assert not Unit.objects.filter(name="").exists()


def test_the_same_unit_name_may_exist_in_another_agency(as_user, personas):
    response = as_user(personas.admin).post(
        reverse("agencies:unit_create"), {"name": "Diskominfo Bintan"}
    )
    assert response.status_code == 302


def test_the_admin_renames_and_deactivates_a_unit(as_user, personas):
    client = as_user(personas.admin)
    client.post(
        reverse("agencies:unit_edit", args=[personas.unit_a2.pk]),
        {"name": "Bapperida Natuna", "short_name": "Bapperida"},
    )
    client.post(reverse("agencies:unit_toggle", args=[personas.unit_a2.pk]))
    personas.unit_a2.refresh_from_db()
    assert personas.unit_a2.name == "Bapperida Natuna"
    assert not personas.unit_a2.is_active


def test_every_member_reads_the_unit_list_but_only_the_admin_edits(as_user, personas):
    client = as_user(personas.respondent)
    response = client.get(reverse("agencies:units"))
    assert response.status_code == 200
    assert "Diskominfo Natuna" in response.content.decode()
    assert client.post(reverse("agencies:unit_create"), {"name": "X"}).status_code == 403


def test_the_unit_list_query_count_does_not_grow(as_user, personas, django_assert_max_num_queries):
    client = as_user(personas.admin)
    with django_assert_max_num_queries(10):
        client.get(reverse("agencies:units"))
    Unit.objects.bulk_create(Unit(agency=personas.agency_a, name=f"Unit {i}") for i in range(40))
    with django_assert_max_num_queries(10):
        client.get(reverse("agencies:units"))
