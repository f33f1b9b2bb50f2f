"""The agency's own effort estimates: the shipped defaults, changed and saved per framework."""

from decimal import Decimal

import pytest
from django.urls import reverse

from simpul.plans import operations
from simpul.plans.models import EffortProfile
from simpul.plans.planning import agency_efforts


def text(response) -> str:
    return " ".join(response.content.decode().split())


def page(spbe) -> str:
    return reverse("plans:efforts", args=[spbe.code])


def table(**changes) -> dict:
    """Every field as the page sends it: the defaults, with `changes` ("I05-2": "15")."""
    data = {"unit": "hari kerja"}
    for number in range(1, 48):
        steps = ["10", "20", "40", "60"] if number <= 31 else ["20", "30", "60", "90"]
        for level, value in zip(range(1, 5), steps, strict=True):
            data[f"e-I{number:02d}-{level}"] = value
    data.update({f"e-{key}": value for key, value in changes.items()})
    return data


def test_the_page_shows_the_shipped_defaults_with_their_notice(as_user, personas, spbe):
    html = text(as_user(personas.admin).get(page(spbe)))
    assert "ASUMSI yang harus disesuaikan, bukan angka resmi" in html
    assert 'name="e-I05-2" id="id_e-I05-2" value="20"' in html
    assert 'name="e-I44-4" id="id_e-I44-4" value="90"' in html
    assert "Memakai nilai bawaan Simpul" in html


def test_saving_keeps_only_what_differs_from_the_defaults(as_user, personas, spbe):
    response = as_user(personas.admin).post(
        page(spbe), {**table(**{"I05-2": "15", "I44-4": "12,5"}), "unit": "orang-hari"}
    )
    assert response.status_code == 302
    profile = EffortProfile.objects.get()
    assert profile.unit == "orang-hari" and profile.updated_by == personas.admin
    assert profile.overrides == {"I05": {"2": "15"}, "I44": {"4": "12.5"}}
    efforts, _profile = agency_efforts(personas.agency_a, spbe)
    assert efforts.step("I05", 2) == Decimal("15") and efforts.step("I05", 3) == Decimal("40")
    assert efforts.unit == "orang-hari"
    html = text(as_user(personas.admin).get(page(spbe)))
    assert 'name="e-I05-2" id="id_e-I05-2" value="15"' in html


def test_setting_every_value_back_removes_the_profile(as_user, personas, spbe):
    client = as_user(personas.admin)
    client.post(page(spbe), table(**{"I05-2": "15"}))
    assert EffortProfile.objects.exists()
    client.post(page(spbe), table())
    assert not EffortProfile.objects.exists()


def test_the_reset_button_goes_back_to_the_defaults(as_user, personas, spbe):
    client = as_user(personas.admin)
    client.post(page(spbe), table(**{"I05-2": "15"}))
    reset = reverse("plans:efforts_reset", args=[spbe.code])
    assert client.get(reset).status_code == 405
    response = client.post(reset, follow=True)
    assert "Upaya kembali ke nilai bawaan." in text(response)
    assert not EffortProfile.objects.exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", "Indikator 5 (I05), langkah 2→3: upaya harus angka 0 atau lebih"),
        ("-3", "Indikator 5 (I05), langkah 2→3: upaya harus angka 0 atau lebih"),
        ("", "Indikator 5 (I05), langkah 2→3: upaya harus angka 0 atau lebih"),
        ("1e3", "Indikator 5 (I05), langkah 2→3: upaya harus angka 0 atau lebih"),
        ("1.1234567", "Indikator 5 (I05), langkah 2→3: upaya paling banyak 6 angka desimal."),
        ("9" * 17, "Indikator 5 (I05), langkah 2→3: upaya harus angka 0 atau lebih"),
    ],
)
def test_a_bad_effort_is_named_by_indicator_and_step_and_nothing_is_saved(
    as_user, personas, spbe, value, message
):
    client = as_user(personas.admin)
    client.post(page(spbe), table(**{"I07-1": "3"}))
    response = client.post(page(spbe), table(**{"I05-2": value, "I07-1": "4"}))
    html = text(response)
    assert response.status_code == 200 and message in html
    assert EffortProfile.objects.get().overrides == {"I07": {"1": "3"}}
    # What the user typed stays on the page.
    assert 'name="e-I07-1" id="id_e-I07-1" value="4"' in html


def test_a_bad_unit_is_refused(as_user, personas, spbe):
    response = as_user(personas.admin).post(page(spbe), {**table(), "unit": "x" * 41})
    assert response.status_code == 200 and not EffortProfile.objects.exists()
    assert "Satuan upaya: Pastikan nilai ini mengandung paling banyak 40 karakter" in text(response)


def test_the_action_refuses_unknown_steps_and_bad_values(personas, spbe, people):
    def save(efforts, unit="hari kerja"):
        return operations.save_effort_profile(
            personas.agency_a, spbe, unit=unit, efforts=efforts, membership=people.admin
        )

    with pytest.raises(operations.PlansError, match="langkah 5→6"):
        save({("I05", 5): Decimal(1)})
    with pytest.raises(operations.PlansError, match="I99 tidak ada"):
        save({("I99", 1): Decimal(1)})
    with pytest.raises(operations.PlansError, match="indikator 5 \\(I05\\), langkah 1→2"):
        save({("I05", 1): Decimal(-1)})
    with pytest.raises(operations.PlansError, match="Satuan upaya"):
        save({}, unit=" ")
    with pytest.raises(operations.PlansError, match="tidak berwenang"):
        operations.save_effort_profile(
            personas.agency_a, spbe, unit="x", efforts={}, membership=people.leader
        )
    assert not EffortProfile.objects.exists()


def test_the_leader_reads_the_efforts_but_cannot_change_them(as_user, personas, spbe):
    client = as_user(personas.leader)
    html = text(client.get(page(spbe)))
    assert "Simpan perkiraan upaya" not in html and " readonly" in html
    assert client.post(page(spbe), table(**{"I05-2": "1"})).status_code == 403
    assert client.post(reverse("plans:efforts_reset", args=[spbe.code])).status_code == 403
    assert as_user(personas.respondent).get(page(spbe)).status_code == 403


def test_each_agency_has_its_own_efforts(as_user, personas, spbe):
    as_user(personas.admin_b).post(page(spbe), table(**{"I05-2": "99"}))
    html = text(as_user(personas.admin).get(page(spbe)))
    assert 'name="e-I05-2" id="id_e-I05-2" value="20"' in html
    assert EffortProfile.objects.get().agency == personas.agency_b


def test_an_unknown_framework_is_not_found(as_user, personas, spbe):
    assert as_user(personas.admin).get("/rencana/upaya/tidak-ada/").status_code == 404
