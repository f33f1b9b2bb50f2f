"""The item planner page (Pemdi 2026): a roadmap of items to get accepted, the agency's own
efforts per item, and "Jadikan rencana aksi" per item or per indicator."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from simpul.cycles import items as cycle_items
from simpul.cycles import operations as cycle_operations
from simpul.cycles.models import ItemVerdict, ReviewStage
from simpul.cycles.tests.conftest import make_evidence
from simpul.frameworks.operations import import_framework
from simpul.frameworks.scoring import Assessment
from simpul.planner.items import plan_item_roadmap
from simpul.planner.optimizer import Target
from simpul.plans import operations
from simpul.plans.models import Action, EffortProfile
from simpul.plans.planning import agency_item_efforts


def text(response) -> str:
    return " ".join(response.content.decode().split())


@pytest.fixture
def pemdi(db, shipped_specs):
    return import_framework(shipped_specs["pemdi-2026"]).framework


@pytest.fixture
def item_cycle(personas, pemdi, people):
    """Agency A's 2026 cycle on pemdi-2026: I13 (Bappeda) has two items accepted by the
    internal assessors; every other indicator is Diskominfo's."""
    cycle = cycle_operations.open_cycle(
        personas.agency_a, year=2026, framework=pemdi, include_visit=False, user=personas.admin
    )
    for answer in cycle.answers.select_related("indicator"):
        answer.units.add(personas.unit_a2 if answer.indicator.code == "I13" else personas.unit_a)
    i13 = cycle.answers.get(indicator__code="I13")
    document = make_evidence(personas.agency_a, "KAK Aplikasi 2026")
    for code in ("I13-L1-01", "I13-L1-02"):
        cycle_items.link_item_evidence(i13, code, document, membership=people.respondent)
        cycle_items.review_item(
            i13,
            code,
            stage=ReviewStage.INTERNAL,
            verdict=ItemVerdict.ACCEPTED,
            membership=people.assessor,
        )
    return cycle


def ask(client, cycle, *targets, stage=ReviewStage.INTERNAL, **params):
    query = {"periode": cycle.pk, "tahap": stage, **params}
    query.update({f"target_{k}": target for k, target in enumerate(targets, start=1)})
    return client.get(reverse("plans:item_planner"), query)


def reference(cycle, targets, efforts=None):
    """The roadmap the pure planner makes from the cycle's internal verdicts."""
    start = cycle_items.stage_assessments(cycle)[ReviewStage.INTERNAL]
    engine = cycle.framework.engine()
    plain = Assessment(verdicts=start.verdicts, scores=start.scores)
    return plan_item_roadmap(engine, plain, [Target(Decimal(t)) for t in targets], efforts)


def test_the_empty_form_starts_from_the_latest_stage_with_verdicts(as_user, personas, item_cycle):
    html = text(as_user(personas.admin).get(reverse("plans:item_planner")))
    assert f'<option value="{item_cycle.pk}" selected>2026 · ' in html
    assert '<option value="internal" selected>Asesor internal</option>' in html
    assert 'id="hasil"' not in html


def test_the_page_shows_the_exact_plan_item_by_item_with_owner_units(as_user, personas, item_cycle):
    html = text(ask(as_user(personas.admin), item_cycle, "1.30"))
    roadmap = reference(item_cycle, ["1.30"])
    plan = roadmap.plans[0]
    engine = item_cycle.framework.engine()
    assert plan.feasible and plan.items
    assert 'id="indeks-rencana" title="tepat: ' in html
    assert f">{engine.display(plan.achieved_index).replace('.', ',')}</strong>" in html
    table = html[html.index('data-year="2027"') :]
    for code in plan.items:
        assert f"<code>{code}</code>" in table
    # Items already accepted are never planned again.
    assert "I13-L1-01</code>" not in table and "I13-L1-02</code>" not in table
    # Owner units come from the answers: I13 is Bappeda's.
    if any(change.code == "I13" for change in plan.changes):
        assert personas.unit_a2.name in table
    assert f"total upaya {plan.total_effort} butir" in html


def test_a_roadmap_costs_its_last_target_and_splits_the_items_per_evaluation(
    as_user, personas, item_cycle
):
    html = text(ask(as_user(personas.admin), item_cycle, "1.30", "1.60", tahun=2027))
    roadmap = reference(item_cycle, ["1.30", "1.60"])
    alone = reference(item_cycle, ["1.60"])
    assert roadmap.total_effort == alone.total_effort
    assert 'id="peta-jalan"' in html and "Butir untuk evaluasi 2027" in html
    assert "Butir untuk evaluasi 2028" in html
    second = html[html.index('data-year="2028"') :]
    for code in roadmap.plans[1].items:
        assert f"<code>{code}</code>" in second
    assert f"{roadmap.total_effort} butir" in html


def test_an_out_of_reach_target_says_so_with_the_highest_index(as_user, personas, item_cycle):
    html = text(ask(as_user(personas.admin), item_cycle, "4.95"))
    assert "Tidak semua target dapat dicapai" in html and "4,44" in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"target_1": "sembilan"}, "Target harus nilai indeks"),
        ({"target_1": "7"}, "di luar skala indeks"),
        ({"target_1": "2", "target_3": "3"}, "Isi target tahun ke-2 dahulu"),
        ({"target_1": "2", "tahap": "akhir"}, "Tahap “akhir” tidak dikenal"),
        ({"target_1": "2", "periode": "999999"}, "Periode “999999” tidak tersedia"),
    ],
)
def test_bad_input_is_named_in_indonesian(as_user, personas, item_cycle, params, message):
    query = {"periode": item_cycle.pk, "tahap": "internal", **params}
    response = as_user(personas.admin).get(reverse("plans:item_planner"), query)
    assert response.status_code == 200 and message in text(response)
    assert 'id="hasil"' not in text(response)


def test_another_agencys_cycle_cannot_be_planned_from(as_user, personas, pemdi):
    other = cycle_operations.open_cycle(
        personas.agency_b, year=2026, framework=pemdi, include_visit=False, user=None
    )
    html = text(ask(as_user(personas.admin), other, "2"))
    assert f"Periode “{other.pk}” tidak tersedia" in html and 'id="hasil"' not in html


def test_only_planners_see_it_and_only_the_admin_makes_actions(as_user, personas, item_cycle):
    assert ask(as_user(personas.respondent), item_cycle, "1.3").status_code == 403
    leader = text(ask(as_user(personas.leader), item_cycle, "1.3"))
    assert 'id="hasil"' in leader and "Jadikan rencana aksi" not in leader
    assert "Jadikan rencana aksi" in text(ask(as_user(personas.admin), item_cycle, "1.3"))
    post = {"periode": item_cycle.pk, "tahap": "internal", "target_1": "1.3", "per": "butir"}
    url = reverse("plans:item_plan_to_actions")
    assert as_user(personas.leader).post(url, post).status_code == 403
    assert not Action.objects.exists()


def test_the_simulation_of_an_item_cycle_leads_to_the_item_planner(as_user, personas, item_cycle):
    response = as_user(personas.admin).get(reverse("plans:simulate", args=[item_cycle.pk]))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('plans:item_planner')}?periode={item_cycle.pk}"


def test_the_page_reads_the_same_number_of_queries_whatever_the_plan(as_user, personas, item_cycle):
    client = as_user(personas.admin)
    counts = []
    for targets in (("1.05",), ("1.5", "2.5", "3.5")):
        with CaptureQueriesContext(connection) as queries:
            assert ask(client, item_cycle, *targets).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- efforts per item ---------------------------------------------------------------------


def efforts_url(framework) -> str:
    return reverse("plans:efforts", args=[framework.code])


def test_the_agencys_item_efforts_change_the_plan(as_user, personas, item_cycle, people):
    before = reference(item_cycle, ["1.05"]).plans[0]
    expensive = dict.fromkeys(before.items, Decimal(50))
    operations.save_item_efforts(
        personas.agency_a, item_cycle.framework, unit="hari kerja", efforts=expensive,
        membership=people.admin,
    )  # fmt: skip
    efforts, unit, _profile = agency_item_efforts(personas.agency_a, item_cycle.framework)
    assert unit == "hari kerja" and efforts == expensive
    after = reference(item_cycle, ["1.05"], efforts).plans[0]
    assert not set(after.items) & set(before.items)
    html = text(ask(as_user(personas.admin), item_cycle, "1.05"))
    for code in after.items:
        assert f"<code>{code}</code>" in html
    assert f"total upaya {after.total_effort} hari kerja" in html
    # Agency B plans with its own efforts: all 1.
    assert agency_item_efforts(personas.agency_b, item_cycle.framework) == ({}, "butir", None)


def test_the_efforts_form_keeps_only_items_that_differ_from_1(as_user, personas, pemdi):
    client = as_user(personas.admin)
    page = text(client.get(efforts_url(pemdi)))
    assert 'name="b-I1-L1-01" id="id_b-I1-L1-01" value="1"' in page
    assert 'name="b-I5' not in page  # an external indicator has no items to plan
    response = client.post(
        efforts_url(pemdi),
        {"unit": "hari kerja", "versi": "", "b-I1-L1-01": "3,5", "b-I1-L2-01": "1"},
    )
    assert response.status_code == 302
    profile = EffortProfile.objects.get(agency=personas.agency_a, framework=pemdi)
    assert profile.overrides == {"I1-L1-01": "3.5"} and profile.unit == "hari kerja"
    assert 'value="3.5"' in text(client.get(efforts_url(pemdi)))


def test_a_bad_item_effort_is_named_and_nothing_is_saved(as_user, personas, pemdi):
    response = as_user(personas.admin).post(
        efforts_url(pemdi),
        {"unit": "butir", "versi": "", "b-I1-L1-01": "dua", "b-I1-L2-01": "-1",
         "b-I2-L1-01": "4"},
    )  # fmt: skip
    html = text(response)
    assert response.status_code == 200 and "Belum disimpan" in html
    assert "Butir I1-L1-01: upaya harus angka 0 sampai" in html and "bukan “dua”" in html
    assert "Butir I1-L2-01: upaya harus angka" in html
    assert 'value="4"' in html  # what was typed stays
    assert not EffortProfile.objects.exists()


def test_an_efforts_edit_made_meanwhile_is_detected(as_user, personas, pemdi, people):
    client = as_user(personas.admin)
    operations.save_item_efforts(
        personas.agency_a, pemdi, unit="butir", efforts={"I1-L1-01": Decimal(2)},
        membership=people.admin,
    )  # fmt: skip
    response = client.post(efforts_url(pemdi), {"unit": "butir", "versi": "", "b-I1-L1-01": "9"})
    assert "baru saja diubah orang lain" in text(response)
    assert EffortProfile.objects.get().overrides == {"I1-L1-01": "2"}


def upload(client, framework, content: bytes, version=""):
    document = SimpleUploadedFile("upaya.csv", content, content_type="text/csv")
    return client.post(efforts_url(framework), {"berkas": document, "versi": version})


def test_a_csv_of_item_efforts_replaces_them(as_user, personas, pemdi, people):
    operations.save_item_efforts(
        personas.agency_a, pemdi, unit="hari", efforts={"I2-L1-01": Decimal(7)},
        membership=people.admin,
    )  # fmt: skip
    profile = EffortProfile.objects.get()
    client = as_user(personas.admin)
    response = upload(
        client, pemdi, b"item,effort\nI1-L1-01,2.5\nI3-L1-01,0\n", profile.updated_at.isoformat()
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.overrides == {"I1-L1-01": "2.5", "I3-L1-01": "0"} and profile.unit == "hari"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"butir,upaya\nI1-L1-01,2\n", "Baris 1 harus kepala kolom item,effort"),
        (b"item,effort\nI1-L1-01,2\nI1-L9-01,3\n", "Baris 3: butir I1-L9-01 tidak ada"),
        (b"item,effort\nI1-L1-01,dua\n", "Baris 2: upaya harus angka 0 sampai"),
        (b"item,effort\nI1-L1-01,2\nI1-L1-01,3\n", "Baris 3: butir I1-L1-01 sudah tercantum"),
        (b"item,effort\nI1-L1-01\n", "Baris 2: harus dua kolom"),
        (b"item,effort\n\xff\xfe\n", "bukan teks UTF-8"),
    ],
)
def test_a_bad_csv_is_refused_by_line_and_nothing_changes(
    as_user, personas, pemdi, people, content, message
):
    operations.save_item_efforts(
        personas.agency_a, pemdi, unit="butir", efforts={"I2-L1-01": Decimal(7)},
        membership=people.admin,
    )  # fmt: skip
    profile = EffortProfile.objects.get()
    response = upload(as_user(personas.admin), pemdi, content, profile.updated_at.isoformat())
    html = text(response)
    assert response.status_code == 200 and message in html and "Berkas tidak diterapkan" in html
    assert EffortProfile.objects.get().overrides == {"I2-L1-01": "7"}


def test_the_leader_reads_item_efforts_but_cannot_change_them(as_user, personas, pemdi):
    client = as_user(personas.leader)
    page = text(client.get(efforts_url(pemdi)))
    assert "readonly" in page and "Simpan upaya per butir" not in page
    assert client.post(efforts_url(pemdi), {"unit": "x", "b-I1-L1-01": "5"}).status_code == 403
    assert not EffortProfile.objects.exists()


# --- Jadikan rencana aksi -----------------------------------------------------------------


def make_actions(client, cycle, per, *targets):
    post = {"periode": cycle.pk, "tahap": "internal", "tahun": 2027, "per": per}
    post.update({f"target_{k}": target for k, target in enumerate(targets, start=1)})
    return client.post(reverse("plans:item_plan_to_actions"), post)


def test_actions_per_indicator_carry_their_items_owner_and_due_date(as_user, personas, item_cycle):
    roadmap = reference(item_cycle, ["1.30", "1.60"])
    response = make_actions(as_user(personas.admin), item_cycle, "indikator", "1.30", "1.60")
    assert response.status_code == 302 and response["Location"] == reverse("plans:actions")
    made = list(Action.objects.filter(agency=personas.agency_a).order_by("due_date", "pk"))
    expected = [(k, change) for k, plan in enumerate(roadmap.plans) for change in plan.changes]
    assert len(made) == len(expected)
    # Within an evaluation year the actions run in their own order (test_due_dates.py).
    by_year_code = {(a.due_date.year, a.indicator.code): a for a in made}
    for k, change in expected:
        action = by_year_code[(2027 + k, change.code)]
        assert action.items == list(change.items) and action.indicator.code == change.code
        assert action.target_level == change.to_level
        assert action.due_date.year == 2027 + k and action.source == "plan"
        unit = personas.unit_a2 if change.code == "I13" else personas.unit_a
        assert action.unit == unit
    assert "Dari perencana butir: evaluasi 2027" in made[0].notes


def test_actions_per_item_and_a_second_click_makes_no_duplicates(as_user, personas, item_cycle):
    plan = reference(item_cycle, ["1.30"]).plans[0]
    client = as_user(personas.admin)
    make_actions(client, item_cycle, "butir", "1.30")
    made = Action.objects.filter(agency=personas.agency_a)
    assert sorted(code for action in made for code in action.items) == sorted(plan.items)
    assert all(len(action.items) == 1 for action in made)
    first = made.count()
    response = make_actions(client, item_cycle, "butir", "1.30")
    assert Action.objects.filter(agency=personas.agency_a).count() == first
    follow = client.get(response["Location"])
    assert "sudah ada dalam rencana aksi terbuka" in text(follow)
    detail = text(client.get(reverse("plans:action", args=[made.first().pk])))
    assert f"<code>{made.first().items[0]}</code>" in detail


def test_a_plan_with_nothing_to_do_makes_no_action(as_user, personas, item_cycle):
    client = as_user(personas.admin)
    response = make_actions(client, item_cycle, "butir", "1.00")
    assert not Action.objects.exists()
    assert "tidak berisi butir" in text(client.get(response["Location"]))


def test_plan_actions_refuse_an_unknown_grouping(as_user, personas, item_cycle):
    client = as_user(personas.admin)
    response = make_actions(client, item_cycle, "semua", "1.30")
    assert not Action.objects.exists()
    assert "Pilih rencana aksi per butir atau per indikator" in text(
        client.get(response["Location"])
    )
