"""Responsibility: units, PIC and due dates in bulk, with suggestions from the framework."""

import re
from datetime import date

import pytest
from django.urls import reverse

from simpul.agencies.models import Unit
from simpul.cycles import operations
from simpul.cycles.models import Answer
from simpul.cycles.suggestions import suggested_units
from simpul.cycles.tests.conftest import answer_of

DEMO_UNITS = [
    (1, "Dinas Komunikasi dan Informatika", "Diskominfo"),
    (2, "Badan Perencanaan Pembangunan Daerah", "Bappeda"),
    (3, "Inspektorat Daerah", "Inspektorat"),
    (4, "Bagian Hukum Sekretariat Daerah", "Bag. Hukum"),
    (5, "Bagian Organisasi Sekretariat Daerah", "Bag. Organisasi"),
    (6, "Dinas Perpustakaan dan Kearsipan", ""),
    (7, "Bagian Pengadaan Barang/Jasa", "UKPBJ"),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Diskominfo (penyusun rancangan) + Bagian Hukum Setda (penetapan Perbup/Perda SPBE)"
            " + Bagian Organisasi",
            [1, 4, 5],
        ),
        ("Diskominfo + Inspektorat (manajemen risiko)", [1, 3]),
        ("BPKAD/Bappeda", [2]),
        ("Dinas Perpustakaan dan Kearsipan + Bagian Umum", [6]),
        ("Bagian Pengadaan Barang/Jasa (UKPBJ/LPSE)", [7]),
        ("OPD sektoral pilihan", []),
        ("", []),
    ],
)
def test_typical_owner_texts_suggest_units_by_name_or_short_name(text, expected):
    assert suggested_units(text, DEMO_UNITS) == expected


def test_the_admin_assigns_one_unit_to_many_indicators_with_pic_and_due_date(
    people, personas, cycle
):
    answers = [answer_of(cycle, code) for code in ("I11", "I12", "I13")]
    changed = operations.assign_answers(
        cycle,
        answers,
        membership=people.admin,
        units=[personas.unit_a2],
        pic=personas.respondent,
        due_date=date(2025, 4, 30),
    )
    assert changed == 3
    for answer in answers:
        answer.refresh_from_db()
        assert list(answer.units.all()) == [personas.unit_a2]
        assert (answer.pic, answer.due_date, answer.version) == (
            personas.respondent,
            date(2025, 4, 30),
            2,
        )
        event = answer.events.get(kind="assigned")
        assert event.changes["units"] == [[], ["Bappeda"]]
        assert event.changes["due_date"] == [None, "2025-04-30"]


def test_units_are_added_unless_replacing_is_asked(people, personas, cycle):
    answer = answer_of(cycle, "I11")
    answer.units.add(personas.unit_a)
    operations.assign_answers(cycle, [answer], membership=people.admin, units=[personas.unit_a2])
    assert set(answer.units.all()) == {personas.unit_a, personas.unit_a2}
    operations.assign_answers(
        cycle, [answer], membership=people.admin, units=[personas.unit_a2], replace_units=True
    )
    assert list(answer.units.all()) == [personas.unit_a2]


def test_empty_pic_and_due_date_keep_what_each_answer_has(people, personas, cycle):
    answer = answer_of(cycle, "I11")
    Answer.objects.filter(pk=answer.pk).update(pic=personas.admin, due_date=date(2025, 3, 1))
    operations.assign_answers(cycle, [answer], membership=people.admin, units=[personas.unit_a2])
    answer.refresh_from_db()
    assert (answer.pic, answer.due_date) == (personas.admin, date(2025, 3, 1))


def test_a_unit_of_another_agency_is_refused(people, personas, cycle):
    with pytest.raises(operations.ActionError, match="bukan milik instansi ini"):
        operations.assign_answers(
            cycle, [answer_of(cycle, "I11")], membership=people.admin, units=[personas.unit_b]
        )


def test_a_pic_who_is_not_a_member_is_refused(people, personas, cycle):
    with pytest.raises(operations.ActionError, match="anggota aktif instansi ini"):
        operations.assign_answers(
            cycle, [answer_of(cycle, "I11")], membership=people.admin, pic=personas.admin_b
        )


def test_only_the_admin_assigns(people, personas, cycle):
    with pytest.raises(operations.ActionError, match="Hanya koordinator"):
        operations.assign_answers(
            cycle, [answer_of(cycle, "I11")], membership=people.assessor, units=[personas.unit_a]
        )


# --- the page ----------------------------------------------------------------------------------


def test_choosing_a_unit_ticks_the_indicators_suggested_for_it(as_user, personas, cycle):
    page = as_user(personas.admin).get(
        reverse("cycles:assign", args=[cycle.pk]), {"saran": personas.unit_a2.pk}
    )
    html = page.content.decode()
    # "Bappeda" is named for I11, I12, I13, I23, I32 and I33 in the framework data.
    ticked = [
        a.indicator.code
        for a in cycle.answers.select_related("indicator")
        if f'value="{a.pk}" id="ind-{a.pk}" checked' in html
    ]
    assert ticked == ["I11", "I12", "I13", "I23", "I32", "I33"]
    assert re.search(rf'name="units" value="{personas.unit_a2.pk}" id="id_units_\d" checked', html)
    assert not re.search(
        rf'name="units" value="{personas.unit_a.pk}" id="id_units_\d" checked', html
    )


def test_the_form_assigns_the_ticked_indicators(as_user, personas, cycle):
    i11, i12 = answer_of(cycle, "I11"), answer_of(cycle, "I12")
    response = as_user(personas.admin).post(
        reverse("cycles:assign", args=[cycle.pk]),
        {
            "answers": [i11.pk, i12.pk],
            "units": [personas.unit_a2.pk],
            "pic": personas.respondent.pk,
            "due_date": "2025-05-31",
        },
        follow=True,
    )
    assert "2 indikator diperbarui." in response.content.decode()
    assert set(Answer.objects.filter(units=personas.unit_a2).values_list("pk", flat=True)) == {
        i11.pk,
        i12.pk,
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"units": "UNIT"}, "Pilih sedikitnya satu indikator."),
        ({"answers": "I11"}, "Pilih unit, penanggung jawab atau tenggat"),
        ({"answers": "I11", "due_date": "31/02/2025"}, 'class="errorlist"'),
    ],
)
def test_a_bad_assignment_is_refused_and_keeps_the_choices(as_user, personas, cycle, data, message):
    i11 = answer_of(cycle, "I11")
    post = {
        key: (i11.pk if v == "I11" else personas.unit_a2.pk if v == "UNIT" else v)
        for key, v in data.items()
    }
    response = as_user(personas.admin).post(reverse("cycles:assign", args=[cycle.pk]), post)
    assert response.status_code == 200 and message in response.content.decode()
    assert not Answer.objects.filter(cycle=cycle, units__isnull=False).exists()


def test_a_unit_of_another_agency_is_not_a_valid_choice(as_user, personas, cycle):
    response = as_user(personas.admin).post(
        reverse("cycles:assign", args=[cycle.pk]),
        {"answers": [answer_of(cycle, "I11").pk], "units": [personas.unit_b.pk]},
    )
    assert 'class="errorlist"' in response.content.decode()
    assert not Unit.objects.get(pk=personas.unit_b.pk).answers.exists()


@pytest.mark.parametrize("name", ["respondent", "assessor", "leader", "external", "partner"])
def test_the_assignment_page_is_for_the_admin(as_user, personas, cycle, name):
    assert (
        as_user(getattr(personas, name)).get(reverse("cycles:assign", args=[cycle.pk])).status_code
        == 403
    )


def test_another_agencys_assignment_page_is_404(as_user, personas, cycle):
    url = reverse("cycles:assign", args=[cycle.pk])
    assert as_user(personas.admin_b).get(url).status_code == 404
