"""The write paths of actions: who may create, change and close them, and what is valid."""

from datetime import date
from decimal import Decimal

import pytest

from simpul.cycles import operations as cycle_operations
from simpul.evidence.models import Evidence
from simpul.frameworks.operations import import_framework
from simpul.plans import operations
from simpul.plans.models import Action, ActionSource, ActionStatus
from simpul.plans.tests.conftest import indicator, make_action


def test_the_admin_creates_an_action_by_hand(personas, cycle):
    document = Evidence.objects.create(agency=personas.agency_a, title="SK Tim SPBE")
    action = make_action(personas, cycle, "I10", budget=Decimal("150000000"), evidence=[document])
    assert (action.source, action.status, action.progress) == (
        ActionSource.MANUAL,
        ActionStatus.PLANNED,
        0,
    )
    assert action.created_by == personas.admin and list(action.evidence.all()) == [document]
    assert action.completed_at is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"target_level": 6}, "Tingkat sasaran 6 di luar skala indikator I05 \\(1–5\\)"),
        ({"start_date": date(2026, 1, 1)}, "Tanggal mulai tidak boleh sesudah tenggat"),
        ({"progress": 101}, "Kemajuan harus 0 sampai 100 persen, bukan 101"),
        ({"progress": -1}, "Kemajuan harus 0 sampai 100 persen"),
        ({"status": "lupa"}, "Status “lupa” tidak dikenal"),
        ({"budget": Decimal("-1")}, "Perkiraan anggaran tidak boleh negatif"),
    ],
)
def test_bad_values_are_refused_by_name(personas, cycle, change, message):
    with pytest.raises(operations.PlansError, match=message):
        make_action(personas, cycle, **change)
    assert not Action.objects.exists()


def test_everything_an_action_points_to_belongs_to_its_agency(personas, cycle, cycle_b):
    foreign = Evidence.objects.create(agency=personas.agency_b, title="Dokumen Bintan")
    with pytest.raises(operations.PlansError, match="Unit Diskominfo bukan unit instansi ini"):
        make_action(personas, cycle, unit=personas.unit_b)
    with pytest.raises(operations.PlansError, match="Admin_B bukan anggota aktif"):
        make_action(personas, cycle, pic=personas.admin_b)
    with pytest.raises(operations.PlansError, match="Periode itu bukan milik instansi ini"):
        make_action(personas, cycle, cycle=cycle_b)
    with pytest.raises(operations.PlansError, match="“Dokumen Bintan” bukan data dukung"):
        make_action(personas, cycle, evidence=[foreign])
    assert not Action.objects.exists()


def test_the_indicator_must_belong_to_the_cycles_framework(personas, cycle, shipped_specs):
    pemdi = import_framework(shipped_specs["pemdi-2026-draft"]).framework
    other = cycle_operations.open_cycle(
        personas.agency_a, year=2026, framework=pemdi, include_visit=False, user=None
    )
    with pytest.raises(operations.PlansError, match="bukan bagian kerangka periode 2026"):
        make_action(personas, cycle, cycle=other)
    # Without a cycle, any loaded framework's indicator will do.
    assert make_action(personas, cycle, cycle=None).cycle is None


@pytest.mark.parametrize("name", ["respondent", "assessor", "leader", "external", "partner"])
def test_only_the_admin_creates_edits_and_deletes(personas, cycle, people, name):
    membership = getattr(people, name)
    with pytest.raises(operations.PlansError, match="tidak berwenang"):
        operations.create_action(
            personas.agency_a,
            membership=membership,
            indicator=indicator(cycle.framework, "I05"),
            target_level=3,
            start_date=date(2025, 1, 1),
            due_date=date(2025, 12, 31),
        )
    action = make_action(personas, cycle)
    with pytest.raises(operations.PlansError, match="tidak berwenang"):
        operations.update_action(action, membership=membership, target_level=4)
    with pytest.raises(operations.PlansError, match="tidak berwenang"):
        operations.delete_action(action, membership=membership)
    action.refresh_from_db()
    assert action.target_level == 3


def test_another_agencys_admin_cannot_touch_the_action(personas, cycle):
    action = make_action(personas, cycle)
    admin_b = personas.admin_b_membership
    for write in (
        lambda: operations.update_action(action, membership=admin_b, target_level=4),
        lambda: operations.update_action_progress(action, membership=admin_b, progress=50),
        lambda: operations.delete_action(action, membership=admin_b),
    ):
        with pytest.raises(operations.PlansError, match="tidak berwenang"):
            write()
    assert Action.objects.get().progress == 0


def test_done_means_one_hundred_percent_and_a_completion_time(personas, cycle, people):
    action = make_action(personas, cycle)
    done = operations.update_action_progress(
        action, membership=people.respondent, status=ActionStatus.DONE, progress=60
    )
    assert (done.progress, done.updated_by) == (100, personas.respondent)
    assert done.completed_at is not None
    reopened = operations.update_action_progress(
        action, membership=people.respondent, status=ActionStatus.IN_PROGRESS, progress=80
    )
    assert (reopened.progress, reopened.completed_at) == (80, None)


def test_the_owner_unit_and_the_pic_may_update_progress_but_not_the_plan(personas, cycle, people):
    owned_by_unit = make_action(personas, cycle, pic=None)
    operations.update_action_progress(owned_by_unit, membership=people.respondent, progress=30)
    in_charge = make_action(personas, cycle, "I06", unit=personas.unit_a)
    document = Evidence.objects.create(agency=personas.agency_a, title="Notulen")
    operations.update_action_progress(
        in_charge, membership=people.respondent, progress=40, evidence=[document]
    )
    assert [a.progress for a in Action.objects.order_by("pk")] == [30, 40]
    assert list(in_charge.evidence.all()) == [document]
    with pytest.raises(operations.PlansError, match="Kolom due_date tidak dapat diubah di sini"):
        operations.update_action_progress(
            in_charge, membership=people.respondent, due_date=date(2030, 1, 1)
        )


def test_a_respondent_of_another_unit_may_not_update(personas, cycle, people):
    action = make_action(personas, cycle, unit=personas.unit_a, pic=personas.admin)
    with pytest.raises(operations.PlansError, match="tidak berwenang"):
        operations.update_action_progress(action, membership=people.respondent, progress=10)
    for name in ("leader", "assessor", "external", "partner"):
        with pytest.raises(operations.PlansError, match="tidak berwenang"):
            operations.update_action_progress(action, membership=getattr(people, name), progress=1)


def test_the_admin_changes_any_field_and_keeps_the_evidence_unless_given(personas, cycle, people):
    document = Evidence.objects.create(agency=personas.agency_a, title="Perbup")
    action = make_action(personas, cycle, evidence=[document])
    changed = operations.update_action(
        action, membership=people.admin, target_level=4, due_date=date(2026, 6, 30)
    )
    assert (changed.target_level, changed.due_date) == (4, date(2026, 6, 30))
    assert list(changed.evidence.all()) == [document]
    with pytest.raises(operations.PlansError, match="Tanggal mulai tidak boleh sesudah tenggat"):
        operations.update_action(action, membership=people.admin, due_date=date(2024, 1, 1))
    assert Action.objects.get().due_date == date(2026, 6, 30)


def test_deleting_an_action(personas, cycle, people):
    action = make_action(personas, cycle)
    operations.delete_action(action, membership=people.admin)
    assert not Action.objects.exists()
