"""The action pages: by unit, by indicator, overdue, timeline, create, edit, progress."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from simpul.evidence.models import Evidence
from simpul.plans.models import Action, ActionStatus
from simpul.plans.tests.conftest import indicator, make_action
from simpul.testing.pages import without_csrf

LISTS = [
    "plans:actions",
    "plans:actions_by_indicator",
    "plans:actions_overdue",
    "plans:actions_timeline",
]


def text(response) -> str:
    return " ".join(response.content.decode().split())


def late(personas, cycle, code="I07", **values) -> Action:
    today = timezone.localdate()
    return make_action(
        personas,
        cycle,
        code,
        start_date=today - timedelta(days=60),
        due_date=today - timedelta(days=3),
        **values,
    )


def test_the_list_groups_actions_by_owner_unit(as_user, personas, cycle):
    make_action(personas, cycle, "I05")
    make_action(personas, cycle, "I44", unit=personas.unit_a, pic=None, target_level=4)
    make_action(personas, cycle, "I30", unit=None, pic=None)
    html = text(as_user(personas.leader).get(reverse("plans:actions")))
    bappeda = html.index("Bappeda Natuna <span")
    diskominfo = html.index("Diskominfo Natuna <span")
    nobody = html.index("Belum ada unit pemilik")
    assert bappeda < diskominfo < nobody
    assert "5. " in html[bappeda:diskominfo] and "44. " in html[diskominfo:nobody]
    assert "Tambah rencana aksi" not in html  # the leader reads only


def test_the_list_by_indicator_and_its_filters(as_user, personas, cycle):
    make_action(personas, cycle, "I05", status=ActionStatus.DONE)
    make_action(personas, cycle, "I05", unit=personas.unit_a)
    make_action(personas, cycle, "I09")
    client = as_user(personas.admin)
    html = text(client.get(reverse("plans:actions_by_indicator")))
    group = r"\(Indeks SPBE [^<]*\) <span class=\"small muted\">\((\d)\)</span>"
    assert re.search(r"5\. [^<]+ " + group.replace(r"(\d)", "2"), html)
    done = text(client.get(reverse("plans:actions_by_indicator"), {"status": "done"}))
    assert re.search(group.replace(r"(\d)", "1"), done) and "9. " not in done
    unit = text(client.get(reverse("plans:actions"), {"unit": personas.unit_a.pk}))
    assert "Diskominfo Natuna <span" in unit and "Bappeda Natuna <span" not in unit


def test_overdue_shows_only_open_actions_past_their_due_date(as_user, personas, cycle):
    late(personas, cycle, "I07")
    late(personas, cycle, "I08", status=ActionStatus.DONE)
    late(personas, cycle, "I09", status=ActionStatus.CANCELLED)
    make_action(personas, cycle, "I10", due_date=timezone.localdate() + timedelta(days=30))
    html = text(as_user(personas.admin).get(reverse("plans:actions_overdue")))
    assert "7. " in html and "lewat</span>" in html
    assert all(f"{n}. " not in html for n in (8, 9, 10))


def test_the_timeline_draws_bars_in_percent_of_a_month_axis(as_user, personas, cycle):
    make_action(personas, cycle, "I05", start_date=date(2025, 1, 1), due_date=date(2025, 1, 31))
    make_action(personas, cycle, "I06", start_date=date(2025, 2, 1), due_date=date(2025, 3, 31))
    make_action(personas, cycle, "I07", status=ActionStatus.CANCELLED)
    html = text(as_user(personas.admin).get(reverse("plans:actions_timeline")))
    # 1 Jan – 31 Mar 2025: 90 days. January is 31/90 wide; the second bar starts there.
    assert 'style="left:0.00%;width:34.44%"' in html
    assert 'style="left:34.44%;width:65.56%"' in html
    assert ">Jan 2025</span>" in html and ">Mar 2025</span>" in html
    assert "7. " not in html  # cancelled actions are not drawn


def test_an_empty_timeline_says_so(as_user, personas, cycle):
    html = text(as_user(personas.admin).get(reverse("plans:actions_timeline")))
    assert "Belum ada rencana aksi untuk linimasa." in html


def test_a_respondent_sees_the_actions_of_their_unit_or_in_their_charge(as_user, personas, cycle):
    make_action(personas, cycle, "I05", pic=None)  # Bappeda's
    make_action(personas, cycle, "I44", unit=personas.unit_a, pic=personas.respondent)
    other = make_action(personas, cycle, "I45", unit=personas.unit_a, pic=personas.admin)
    client = as_user(personas.respondent)
    for name in LISTS:
        html = text(client.get(reverse(name)))
        assert "45. " not in html
    html = text(client.get(reverse("plans:actions")))
    assert "5. " in html and "44. " in html
    assert client.get(reverse("plans:action", args=[other.pk])).status_code == 404


@pytest.mark.parametrize("name", ["external", "partner"])
def test_external_assessors_and_partners_see_no_actions(as_user, personas, cycle, name):
    action = make_action(personas, cycle)
    client = as_user(getattr(personas, name))
    for page in LISTS:
        assert client.get(reverse(page)).status_code == 403
    assert client.get(reverse("plans:action", args=[action.pk])).status_code == 403


def test_another_agencys_action_is_not_found(as_user, personas, cycle, cycle_b):
    theirs = make_action(personas, cycle_b, "I05")
    client = as_user(personas.admin)
    for name in ("plans:action", "plans:action_edit"):
        assert client.get(reverse(name, args=[theirs.pk])).status_code == 404
    assert client.post(reverse("plans:action_delete", args=[theirs.pk])).status_code == 404
    html = text(client.get(reverse("plans:actions")))
    assert "Bintan" not in html and "Belum ada rencana aksi." in html


def test_the_owner_updates_progress_from_the_action_page(as_user, personas, cycle):
    action = make_action(personas, cycle, pic=None)
    document = Evidence.objects.create(agency=personas.agency_a, title="Laporan reviu")
    client = as_user(personas.respondent)
    html = text(client.get(reverse("plans:action", args=[action.pk])))
    assert "Perbarui kemajuan" in html and "Ubah</a>" not in html
    response = client.post(
        reverse("plans:action", args=[action.pk]),
        {
            "status": "done",
            "progress": "70",
            "notes": "Sudah ditetapkan",
            "evidence": [document.pk],
        },
        follow=True,
    )
    assert "Kemajuan rencana aksi tersimpan." in text(response)
    action.refresh_from_db()
    assert (action.status, action.progress, action.notes) == ("done", 100, "Sudah ditetapkan")
    assert list(action.evidence.all()) == [document]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"status": "done", "progress": "150"}, "Pastikan nilai ini lebih kecil"),
        ({"status": "tamat", "progress": "10"}, "Masukkan pilihan yang valid"),
        ({"status": "in_progress", "progress": "sepuluh"}, "Masukkan keseluruhan angka bilangan"),
        (
            {"status": "in_progress", "progress": "10", "evidence": ["999999"]},
            "Masukkan pilihan yang valid",
        ),
    ],
)
def test_bad_progress_input_is_refused_with_its_field(as_user, personas, cycle, data, message):
    action = make_action(personas, cycle)
    response = as_user(personas.respondent).post(reverse("plans:action", args=[action.pk]), data)
    assert response.status_code == 200 and message in text(response)
    action.refresh_from_db()
    assert (action.status, action.progress) == ("planned", 0)


def test_evidence_of_another_agency_is_not_a_choice(as_user, personas, cycle):
    action = make_action(personas, cycle)
    foreign = Evidence.objects.create(agency=personas.agency_b, title="Rahasia Bintan")
    client = as_user(personas.admin)
    assert "Rahasia Bintan" not in text(client.get(reverse("plans:action", args=[action.pk])))
    response = client.post(
        reverse("plans:action", args=[action.pk]),
        {"status": "done", "progress": "100", "evidence": [foreign.pk]},
    )
    assert "Masukkan pilihan yang valid" in text(response)
    assert not action.evidence.exists()


def test_readers_who_do_not_own_the_action_cannot_post_progress(as_user, personas, cycle):
    action = make_action(personas, cycle, unit=personas.unit_a, pic=personas.admin)
    for name in ("leader", "assessor"):
        client = as_user(getattr(personas, name))
        assert "Perbarui kemajuan" not in text(
            client.get(reverse("plans:action", args=[action.pk]))
        )
        response = client.post(
            reverse("plans:action", args=[action.pk]), {"status": "done", "progress": "100"}
        )
        assert response.status_code == 403
    assert Action.objects.get().status == "planned"


def form_data(personas, base, **changes) -> dict:
    data = {
        "indicator": indicator(base.framework, "I12").pk,
        "target_level": "4",
        "cycle": base.pk,
        "unit": personas.unit_a.pk,
        "pic": personas.admin.pk,
        "start_date": "2025-02-01",
        "due_date": "2025-11-30",
        "budget": "250000000",
        "status": "planned",
        "progress": "0",
        "notes": "Reviu peta rencana",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_the_admin_creates_and_edits_an_action_by_hand(as_user, personas, cycle):
    client = as_user(personas.admin)
    response = client.post(reverse("plans:action_new"), form_data(personas, cycle), follow=True)
    action = Action.objects.get()
    assert response.redirect_chain[-1][0] == reverse("plans:action", args=[action.pk])
    html = text(response)
    assert "Rencana aksi dibuat." in html and "Rp 250.000.000" in html
    assert (action.target_level, action.unit, action.source) == (4, personas.unit_a, "manual")
    response = client.post(
        reverse("plans:action_edit", args=[action.pk]),
        form_data(personas, cycle, target_level="5", status="in_progress", progress="20"),
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.target_level, action.status, action.progress) == (5, "in_progress", 20)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"due_date": "2025-01-01"}, "Tenggat tidak boleh sebelum tanggal mulai."),
        ({"progress": "150"}, "Kemajuan harus 0 sampai 100 persen."),
        ({"target_level": "9"}, "Tingkat sasaran 9 di luar skala indikator I12 (1–5)."),
        ({"budget": "-5"}, "Perkiraan anggaran tidak boleh negatif."),
        ({"budget": "12,5,0"}, "Masukkan sebuah bilangan"),
        ({"indicator": None}, "Bidang ini tidak boleh kosong"),
        ({"due_date": "31-13-2025"}, "Masukkan tanggal yang valid"),
        ({"due_date": "9999-12-31"}, "31 Desember 9999 tidak masuk akal"),
        ({"start_date": "0001-01-01"}, "1 Januari 0001 tidak masuk akal"),
    ],
)
def test_bad_action_input_is_named_and_nothing_is_saved(as_user, personas, cycle, changes, message):
    response = as_user(personas.admin).post(
        reverse("plans:action_new"), form_data(personas, cycle, **changes)
    )
    assert response.status_code == 200 and message in text(response)
    assert not Action.objects.exists()


def test_another_agencys_unit_or_cycle_is_not_a_choice(as_user, personas, cycle, cycle_b):
    client = as_user(personas.admin)
    for changes in ({"unit": personas.unit_b.pk}, {"cycle": cycle_b.pk}):
        response = client.post(reverse("plans:action_new"), form_data(personas, cycle, **changes))
        assert "Masukkan pilihan yang valid" in text(response)
    assert not Action.objects.exists()


def test_the_new_action_form_is_prefilled_from_an_answer_link(as_user, personas, cycle):
    item = indicator(cycle.framework, "I12")
    html = text(
        as_user(personas.admin).get(
            reverse("plans:action_new"), {"indikator": item.pk, "periode": cycle.pk}
        )
    )
    assert f'<option value="{item.pk}" selected>12. ' in html
    assert f'<option value="{cycle.pk}" selected>' in html


@pytest.mark.parametrize("name", ["respondent", "leader", "assessor"])
def test_only_the_admin_creates_edits_or_deletes_through_the_pages(as_user, personas, cycle, name):
    action = make_action(personas, cycle)
    client = as_user(getattr(personas, name))
    assert client.get(reverse("plans:action_new")).status_code == 403
    assert client.post(reverse("plans:action_new"), form_data(personas, cycle)).status_code == 403
    assert client.get(reverse("plans:action_edit", args=[action.pk])).status_code == 403
    assert client.post(reverse("plans:action_delete", args=[action.pk])).status_code == 403
    assert Action.objects.count() == 1


def test_the_admin_deletes_an_action(as_user, personas, cycle):
    action = make_action(personas, cycle)
    response = as_user(personas.admin).post(
        reverse("plans:action_delete", args=[action.pk]), follow=True
    )
    assert "Rencana aksi dihapus." in text(response) and not Action.objects.exists()


def many_actions(personas, cycle, count: int) -> None:
    documents = [
        Evidence.objects.create(agency=personas.agency_a, title=f"Dokumen {k}") for k in range(3)
    ]
    units = [personas.unit_a, personas.unit_a2, None]
    for k in range(count):
        make_action(
            personas,
            cycle,
            f"I{k % 47 + 1:02d}",
            unit=units[k % 3],
            pic=[personas.admin, personas.respondent, None][k % 3],
            start_date=date(2025, 1 + k % 12, 1),
            due_date=date(2026, 1 + k % 12, 28),
            evidence=documents[: k % 4],
        )


@pytest.mark.parametrize("page", LISTS + ["plans:index"])
def test_list_pages_read_a_fixed_number_of_queries(
    as_user, personas, cycle, page, django_assert_max_num_queries
):
    client = as_user(personas.admin)
    many_actions(personas, cycle, 3)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(page)).status_code == 200
        return len(queries)

    few = count()
    many_actions(personas, cycle, 60)
    with django_assert_max_num_queries(8):
        client.get(reverse(page))
    assert count() == few


def test_the_planning_summary_counts_what_each_person_may_see(as_user, personas, cycle):
    ahead = {"due_date": timezone.localdate() + timedelta(days=30)}
    make_action(personas, cycle, "I05", pic=None, **ahead)
    make_action(personas, cycle, "I44", unit=personas.unit_a, pic=None, status="done")
    late(personas, cycle, "I45", unit=personas.unit_a, pic=None)
    admin = text(as_user(personas.admin).get(reverse("plans:index")))
    assert '<tr><th>Selesai</th><td class="num">1</td></tr>' in admin
    assert '<tr><th>Lewat tenggat</th><td class="num">1</td></tr>' in admin
    assert f"/rencana/periode/{cycle.pk}/simulasi/?sumber=final" in admin
    mine = text(as_user(personas.respondent).get(reverse("plans:index")))
    assert '<tr><th>Rencana</th><td class="num">1</td></tr>' in mine
    assert '<tr><th>Selesai</th><td class="num">0</td></tr>' in mine
    assert "/simulasi/" not in mine and "Perencana target" not in mine
    assert as_user(personas.partner).get(reverse("plans:index")).status_code == 403


def test_an_action_without_a_budget_shows_a_dash_not_none(as_user, personas, cycle):
    make_action(personas, cycle, "I05", budget=None)
    page = as_user(personas.admin).get(reverse("plans:actions")).content.decode()
    assert ">None<" not in page.replace(" ", "")
    assert '<td class="num">—</td>' in page


def test_an_old_status_value_in_a_link_filters_as_the_slug_does(personas, as_user, cycle):
    make_action(personas, cycle, "I05", status="done")
    make_action(personas, cycle, "I09")
    client = as_user(personas.admin)
    url = reverse("plans:actions_by_indicator")
    assert client.get(url, {"status": "selesai"})["Location"] == url + "?status=done"
    old = text(client.get(url, {"status": "selesai"}, follow=True))
    new = text(client.get(reverse("plans:actions_by_indicator"), {"status": "done"}))
    assert without_csrf(old) == without_csrf(new)
    assert "5. " in old and "9. " not in old
