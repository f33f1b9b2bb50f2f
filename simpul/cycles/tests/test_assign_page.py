"""The assignment page: the PIC is chosen among people who can answer, a person who cannot is
refused by name, "Pilih semua" ticks every indicator, and the save bar stays at hand."""

import re

import pytest
from django.urls import reverse

from simpul.cycles.models import Answer
from simpul.cycles.tests.conftest import answer_of


def pic_options(html: str) -> set[str]:
    select = html[html.index('name="pic"') : html.index("</select>", html.index('name="pic"'))]
    return set(re.findall(r'<option value="(\d+)"', select))


def test_the_pic_choices_are_the_people_who_can_answer(as_user, personas, cycle):
    html = as_user(personas.admin).get(reverse("cycles:assign", args=[cycle.pk])).content.decode()
    offered = pic_options(html)
    assert offered == {str(personas.admin.pk), str(personas.respondent.pk), str(personas.multi.pk)}
    for name in ("assessor", "leader", "partner", "external"):
        assert str(getattr(personas, name).pk) not in offered, name


@pytest.mark.parametrize("name", ["assessor", "leader", "partner", "external"])
def test_a_pic_who_cannot_answer_is_refused_by_name_and_nothing_changes(
    as_user, personas, cycle, name
):
    person = getattr(personas, name)
    i11 = answer_of(cycle, "I11")
    response = as_user(personas.admin).post(
        reverse("cycles:assign", args=[cycle.pk]),
        {"answers": [i11.pk], "units": [personas.unit_a2.pk], "pic": person.pk},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f"{person.display_name} tidak dapat menjawab indikator" in html
    i11.refresh_from_db()
    assert i11.pic is None and not i11.units.exists() and i11.version == 1
    # The ticked indicator stays ticked for the next try.
    assert re.search(rf'value="{i11.pk}" id="ind-{i11.pk}" checked', html)


def test_a_respondent_as_pic_is_accepted(as_user, personas, cycle):
    i11 = answer_of(cycle, "I11")
    response = as_user(personas.admin).post(
        reverse("cycles:assign", args=[cycle.pk]),
        {"answers": [i11.pk], "pic": personas.respondent.pk},
    )
    assert response.status_code == 302
    assert Answer.objects.get(pk=i11.pk).pic == personas.respondent


def test_a_person_of_another_agency_is_not_named(as_user, personas, cycle):
    i11 = answer_of(cycle, "I11")
    response = as_user(personas.admin).post(
        reverse("cycles:assign", args=[cycle.pk]), {"answers": [i11.pk], "pic": personas.admin_b.pk}
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'class="errorlist"' in html
    assert personas.admin_b.display_name not in html
    assert Answer.objects.get(pk=i11.pk).pic is None


def test_the_page_has_select_all_and_the_save_bar(as_user, personas, cycle):
    html = as_user(personas.admin).get(reverse("cycles:assign", args=[cycle.pk])).content.decode()
    # Hidden until the script shows it: without JavaScript each row is ticked by hand. Above
    # the table, not in its header: on a phone the table is laid out as cards without one.
    assert re.search(
        r'<p class="select-all" hidden><label class="small"><input type="checkbox" '
        r'data-select-all="answers"',
        html,
    )
    assert html.index("data-select-all") < html.index("<table")
    assert "simpul/select_all.js" in html
    bar = html[html.index('class="sticky-bar"') :]
    assert bar.index("Simpan penugasan") < bar.index("</form>")
