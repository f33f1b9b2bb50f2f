"""Every edit form detects a concurrent edit: nothing is silently overwritten, input is kept.

Each case opens an edit page, lets "someone else" save a change in between (straight to the
database), then posts the form opened earlier. The post must write nothing, say so, keep what
was typed, and carry the new version, so that posting again overwrites on purpose.
"""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from simpul.agencies.models import Agency, Membership, Unit
from simpul.cycles import operations as cycle_operations
from simpul.dashboard.models import DashboardSettings
from simpul.evidence.models import Evidence
from simpul.forum.models import ForumSettings
from simpul.frameworks.checking import load_framework_file, shipped_framework_files
from simpul.frameworks.operations import import_framework
from simpul.meetings.models import AgendaItem
from simpul.meetings.tests.conftest import schedule
from simpul.planner.defaults import assumptions
from simpul.plans.forms import EffortProfileForm
from simpul.plans.models import Action, EffortProfile
from simpul.plans.tests.conftest import make_action

CONFLICT = "sudah diubah orang lain"


def version_in(html: str) -> str:
    found = re.search(r'name="versi"(?: value="([^"]*)")?', html)
    assert found, "the edit form carries its version"
    return found.group(1) or ""


def text(response) -> str:
    return response.content.decode()


def open_then_post(client, url: str, data: dict, change) -> tuple:
    """GET the form, let someone else change the row, POST the form as opened."""
    opened = version_in(text(client.get(url)))
    change()
    first = client.post(url, {**data, "versi": opened})
    return opened, first


def assert_refused_then_saved_on_purpose(client, url, data, opened, first) -> None:
    html = text(first)
    assert first.status_code in (200, 409) and CONFLICT in html
    moved = version_in(html)
    assert moved != opened
    again = client.post(url, {**data, "versi": moved})
    assert again.status_code == 302, "saving again after seeing the conflict overwrites"


def test_a_unit_edited_meanwhile(as_user, personas):
    client = as_user(personas.admin)
    unit = personas.unit_a
    url = reverse("agencies:unit_edit", args=[unit.pk])
    data = {"name": "Dinas Kominfo Natuna", "short_name": "Kominfo"}
    opened, first = open_then_post(
        client, url, data, lambda: Unit.objects.filter(pk=unit.pk).update(short_name="DKIS")
    )
    unit.refresh_from_db()
    assert (unit.name, unit.short_name) == ("Diskominfo Natuna", "DKIS")
    assert "Dinas Kominfo Natuna" in text(first)  # what was typed stays
    assert "Singkatan" in text(first) or "DKIS" in text(first)  # what is saved now is named
    assert_refused_then_saved_on_purpose(client, url, data, opened, first)
    unit.refresh_from_db()
    assert unit.name == "Dinas Kominfo Natuna"


def test_a_membership_edited_meanwhile(as_user, personas):
    client = as_user(personas.admin)
    person = personas.partner_membership
    url = reverse("agencies:person_edit", args=[person.pk])
    data = {"role": "partner", "unit": "", "helix": "business", "organisation": "PT Baru"}
    opened, first = open_then_post(
        client,
        url,
        data,
        lambda: Membership.objects.filter(pk=person.pk).update(organisation="PT Lama Sekali"),
    )
    person.refresh_from_db()
    assert person.organisation == "PT Lama Sekali" and "PT Baru" in text(first)
    assert "PT Lama Sekali" in text(first)
    assert_refused_then_saved_on_purpose(client, url, data, opened, first)
    person.refresh_from_db()
    assert person.organisation == "PT Baru"


def test_an_agency_edited_meanwhile_by_another_platform_admin(as_user, personas):
    client = as_user(personas.staff)
    agency = personas.agency_b
    url = reverse("agencies:platform_edit", args=[agency.pk])
    data = {"name": "Pemkab Bintan", "short_code": "bintan", "category": agency.category,
            "province": "Kepulauan Riau", "is_active": "on"}  # fmt: skip
    opened, first = open_then_post(
        client, url, data, lambda: Agency.objects.filter(pk=agency.pk).update(province="Riau")
    )
    agency.refresh_from_db()
    assert agency.province == "Riau" and agency.name == "Pemerintah Kabupaten Bintan"
    assert_refused_then_saved_on_purpose(client, url, data, opened, first)


def test_dashboard_settings_edited_meanwhile(as_user, personas):
    client = as_user(personas.admin)
    url = reverse("dashboard:settings")
    data = {"target_index": "3.50", "public_page": "on"}

    def change():
        DashboardSettings.objects.update_or_create(
            agency=personas.agency_a, defaults={"target_index": Decimal("4.00")}
        )

    opened, first = open_then_post(client, url, data, change)
    assert DashboardSettings.objects.get(agency=personas.agency_a).target_index == 4
    assert_refused_then_saved_on_purpose(client, url, data, opened, first)
    assert DashboardSettings.objects.get(agency=personas.agency_a).target_index == Decimal("3.5")


def test_forum_settings_changed_meanwhile(as_user, personas):
    client = as_user(personas.admin)
    page = reverse("forum:moderation")
    opened = version_in(text(client.get(page)))
    ForumSettings.objects.update_or_create(
        agency=personas.agency_a, defaults={"premoderation": True}
    )
    response = client.post(reverse("forum:settings"), {"versi": opened}, follow=True)
    assert CONFLICT in text(response)
    assert ForumSettings.objects.get(agency=personas.agency_a).premoderation is True
    moved = version_in(text(response))
    client.post(reverse("forum:settings"), {"versi": moved})
    assert ForumSettings.objects.get(agency=personas.agency_a).premoderation is False


def test_evidence_metadata_edited_meanwhile(as_user, personas):
    client = as_user(personas.admin)
    evidence = Evidence.objects.create(agency=personas.agency_a, title="Perbup SPBE")
    url = reverse("evidence:edit", args=[evidence.pk])
    data = {"title": "Perbup 12/2025 tentang SPBE", "document_type": evidence.document_type,
            "number": "12", "issued_on": "", "effective_on": "", "issuing_unit": ""}  # fmt: skip
    opened, first = open_then_post(
        client, url, data, lambda: Evidence.objects.filter(pk=evidence.pk).update(number="7")
    )
    evidence.refresh_from_db()
    assert (evidence.title, evidence.number) == ("Perbup SPBE", "7")
    assert "Perbup 12/2025 tentang SPBE" in text(first)
    assert_refused_then_saved_on_purpose(client, url, data, opened, first)


@pytest.fixture
def action(personas, cycle):
    return make_action(personas, cycle, "I05", target_level=4)


@pytest.fixture
def cycle(personas, db):
    files = [path for path in shipped_framework_files() if path.stem == "spbe-2020"]
    framework = import_framework(load_framework_file(files[0])).framework
    return cycle_operations.open_cycle(
        personas.agency_a, year=2025, framework=framework, include_visit=False, user=None
    )


def test_an_action_edited_meanwhile(as_user, personas, action):
    client = as_user(personas.admin)
    url = reverse("plans:action_edit", args=[action.pk])
    data = {"cycle": action.cycle_id, "indicator": action.indicator_id, "target_level": 5,
            "unit": action.unit_id, "pic": action.pic_id, "start_date": "2025-01-01",
            "due_date": "2025-12-31", "budget": "", "status": "planned", "progress": 0,
            "notes": "Naik ke 5"}  # fmt: skip
    opened, first = open_then_post(
        client, url, data, lambda: Action.objects.filter(pk=action.pk).update(notes="Ditunda")
    )
    action.refresh_from_db()
    assert (action.target_level, action.notes) == (4, "Ditunda")
    assert "Naik ke 5" in text(first) and "Ditunda" in text(first)
    assert_refused_then_saved_on_purpose(client, url, data, opened, first)
    action.refresh_from_db()
    assert action.target_level == 5


def test_action_progress_updated_meanwhile(as_user, personas, action):
    client = as_user(personas.respondent)  # the person in charge
    url = reverse("plans:action", args=[action.pk])
    data = {"status": "in_progress", "progress": 40, "notes": "SK disusun"}
    opened, first = open_then_post(
        client, url, data, lambda: Action.objects.filter(pk=action.pk).update(progress=70)
    )
    action.refresh_from_db()
    assert action.progress == 70 and "SK disusun" in text(first)
    assert_refused_then_saved_on_purpose(client, url, data, opened, first)


def test_level_efforts_changed_meanwhile(as_user, personas, cycle):
    client = as_user(personas.admin)
    url = reverse("plans:efforts", args=["spbe-2020"])
    opened = version_in(text(client.get(url)))
    EffortProfile.objects.create(
        agency=personas.agency_a, framework=cycle.framework, unit="hari", overrides={}
    )
    spec = cycle.framework.spec()
    steps = EffortProfileForm(spec=spec, efforts=assumptions(spec).efforts).initial
    first = client.post(url, {**steps, "unit": "orang-hari", "versi": opened})
    assert "baru saja diubah orang lain" in text(first)
    assert EffortProfile.objects.get().unit == "hari"


def test_a_profile_edited_meanwhile_in_another_tab(as_user, personas):
    client = as_user(personas.respondent)
    url = reverse("accounts:profile")
    data = {"full_name": "Responden Baru", "job_title": "Analis", "phone": ""}
    user = personas.respondent
    opened, first = open_then_post(
        client, url, data, lambda: type(user).objects.filter(pk=user.pk).update(phone="0812")
    )
    user.refresh_from_db()
    assert user.phone == "0812" and user.full_name == "Respondent"
    assert_refused_then_saved_on_purpose(client, url, data, opened, first)


def test_minutes_written_meanwhile_keep_both_texts(as_user, personas):
    meeting = schedule(personas, start=None)
    item = meeting.agenda.get()
    client = as_user(personas.admin)
    page = reverse("meetings:detail", args=[meeting.pk])
    opened = version_in(text(client.get(page)))
    AgendaItem.objects.filter(pk=item.pk).update(minutes="Catatan sekretaris lain.")
    url = reverse("meetings:minutes", args=[meeting.pk])
    data = {"summary": "Rapat berjalan baik.", f"item-{item.pk}": "Catatan saya sendiri."}
    first = client.post(url, {**data, "versi": opened})
    html = text(first)
    assert first.status_code == 409 and "Notulen ini sudah diubah orang lain" in html
    assert "Catatan saya sendiri." in html and "Catatan sekretaris lain." in html
    item.refresh_from_db()
    meeting.refresh_from_db()
    assert item.minutes == "Catatan sekretaris lain." and meeting.summary == ""
    again = client.post(url, {**data, "versi": version_in(html)})
    assert again.status_code == 302
    item.refresh_from_db()
    assert item.minutes == "Catatan saya sendiri."


def test_minutes_refused_for_another_reason_keep_what_was_typed(as_user, personas):
    meeting = schedule(personas, start=None)
    item = meeting.agenda.get()
    client = as_user(personas.admin)
    opened = version_in(text(client.get(reverse("meetings:detail", args=[meeting.pk]))))
    type(meeting).objects.filter(pk=meeting.pk).update(minutes_status="published")
    response = client.post(
        reverse("meetings:minutes", args=[meeting.pk]),
        {"summary": "x", f"item-{item.pk}": "Teks panjang yang diketik.", "versi": opened},
    )
    assert response.status_code == 400
    assert "tidak dapat diubah lagi" in text(response)
    assert "Teks panjang yang diketik." in text(response)  # shown for copying, not saved
    item.refresh_from_db()
    assert item.minutes == ""
