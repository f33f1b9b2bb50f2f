from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from simpul.dashboard.models import DashboardSettings
from simpul.forum.models import Thread
from simpul.meetings.models import Meeting

SETTINGS = reverse("dashboard:settings")
PUBLIC = reverse("public:agency", args=["natuna"])


def turn_on(personas, as_user, target="3.5"):
    return as_user(personas.admin).post(SETTINGS, {"target_index": target, "public_page": "on"})


def test_the_public_page_is_off_by_default(personas, cycle, client):
    assert client.get(PUBLIC).status_code == 404


def test_the_admin_turns_the_public_page_on_and_sets_the_target(
    personas, cycle, as_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = turn_on(personas, as_user)
    assert response.status_code == 302
    found = DashboardSettings.objects.get(agency=personas.agency_a)
    assert found.public_page and found.target_index == Decimal("3.5")
    assert found.updated_by == personas.admin


def test_a_bad_target_is_refused_with_its_value_named(personas, as_user):
    response = turn_on(personas, as_user, target="7")
    assert response.status_code == 200
    assert "antara 0 dan 5" in response.content.decode() and "7" in response.content.decode()
    assert not DashboardSettings.objects.filter(agency=personas.agency_a).exists()


@pytest.mark.parametrize("typed", ["3,61", "3.61", " 3,610 "])
def test_the_target_may_be_typed_with_a_comma_or_a_dot(personas, as_user, typed):
    assert turn_on(personas, as_user, target=typed).status_code == 302
    found = DashboardSettings.objects.get(agency=personas.agency_a)
    assert found.target_index == Decimal("3.61")
    form = as_user(personas.admin).get(SETTINGS).content.decode()
    assert 'value="3,610"' in form  # shown back the Indonesian way


def test_a_target_that_is_no_number_is_named_and_nothing_is_saved(personas, as_user):
    response = turn_on(personas, as_user, target="tiga")
    assert response.status_code == 200
    assert "“tiga” bukan angka indeks" in response.content.decode()
    assert not DashboardSettings.objects.filter(agency=personas.agency_a).exists()


def test_only_the_admin_reaches_the_settings(personas, as_user):
    assert as_user(personas.leader).get(SETTINGS).status_code == 403
    assert as_user(personas.admin).get(SETTINGS).status_code == 200


def test_another_agencys_admin_changes_only_their_own_settings(personas, as_user):
    as_user(personas.admin_b).post(SETTINGS, {"target_index": "2", "public_page": "on"})
    assert DashboardSettings.objects.get().agency == personas.agency_b


def test_signed_out_the_public_page_shows_the_index_history_and_no_evidence(
    personas, cycle, spbe, as_user, client, django_capture_on_commit_callbacks
):
    from .conftest import open_with_levels

    last = open_with_levels(personas.agency_a, 2024, spbe, personas.admin)
    last.answers.update(final_level=3)
    with django_capture_on_commit_callbacks(execute=True):
        turn_on(personas, as_user)
    response = client.get(PUBLIC)
    assert response.status_code == 200
    assert "public" in response["Cache-Control"] and "max-age=" in response["Cache-Control"]
    body = response.content.decode()
    assert 'id="riwayat-indeks"' in body and ">2024<" in body and "3,00" in body
    # 2025's self-assessment is not locked yet: not public.
    assert ">2025<" not in body
    assert "data-dukung" not in body and "/periode/jawaban/" not in body
    assert "<script" not in body and "csrf" not in body.lower()


def test_published_meeting_summaries_and_public_threads_are_shown_others_not(
    personas, cycle, as_user, client, django_capture_on_commit_callbacks
):
    now = timezone.now()
    common = {
        "agency": personas.agency_a,
        "kind": "other",
        "code": "ABCD1234",
        "starts_at": now,
        "ends_at": now + timedelta(hours=1),
    }
    Meeting.objects.create(
        title="Rapat terbit", minutes_status="published", summary="Hasil A", **common
    )
    Meeting.objects.create(title="Rapat draf", minutes_status="draft", summary="Rahasia", **common)
    Thread.objects.create(
        agency=personas.agency_a, title="Utas publik", kind="obstacle", published_summary="Ringkas"
    )
    Thread.objects.create(agency=personas.agency_a, title="Utas internal", kind="obstacle")
    with django_capture_on_commit_callbacks(execute=True):
        turn_on(personas, as_user)
    body = client.get(PUBLIC).content.decode()
    assert "Rapat terbit" in body and "Hasil A" in body and "Rapat draf" not in body
    assert "Utas publik" in body and "Ringkas" in body and "Utas internal" not in body


def test_the_public_page_is_cached_and_rebuilt_when_the_settings_change(
    personas, cycle, as_user, client, django_capture_on_commit_callbacks, django_assert_num_queries
):
    with django_capture_on_commit_callbacks(execute=True):
        turn_on(personas, as_user)
    client.get(PUBLIC)
    # Cached: the agency and its switch only (the session middleware reads nothing signed out).
    with django_assert_num_queries(2):
        assert client.get(PUBLIC).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        as_user(personas.admin).post(SETTINGS, {"target_index": ""})
    assert client.get(PUBLIC).status_code == 404


def test_an_unknown_agency_has_no_public_page(client, db):
    assert client.get(reverse("public:agency", args=["tidak-ada"])).status_code == 404


def test_an_open_self_assessment_stays_private_even_when_official_levels_exist(
    personas, cycle, as_user, client, django_capture_on_commit_callbacks
):
    cycle.answers.update(final_level=1)
    with django_capture_on_commit_callbacks(execute=True):
        turn_on(personas, as_user)
    body = client.get(PUBLIC).content.decode()
    assert ">2025<" in body and "1,00" in body  # the official index is public
    assert "3,22" not in body  # the open self-assessment (3.22) is not


def test_a_locked_self_assessment_is_public(
    personas, cycle, as_user, client, django_capture_on_commit_callbacks
):
    cycle.self_assessment_locked_at = timezone.now()
    cycle.save(update_fields=["self_assessment_locked_at"])
    with django_capture_on_commit_callbacks(execute=True):
        turn_on(personas, as_user)
    body = client.get(PUBLIC).content.decode()
    assert ">2025<" in body and "3,22" in body


def test_the_uncached_public_page_query_count_does_not_grow_with_data(
    personas, cycle, spbe, as_user, client, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from simpul.dashboard.operations import public_page_changed

    from .conftest import grow

    DashboardSettings.objects.create(agency=personas.agency_a, public_page=True)
    client.get(PUBLIC)
    public_page_changed(personas.agency_a.pk)
    with CaptureQueriesContext(connection) as before:
        assert client.get(PUBLIC).status_code == 200
    grow(personas, spbe, cycle, 3)
    for year in (2015, 2016, 2017):
        personas.agency_a.cycles.filter(year=year).update(self_assessment_locked_at=timezone.now())
    public_page_changed(personas.agency_a.pk)
    with django_assert_max_num_queries(len(before)):
        body = client.get(PUBLIC).content.decode()
    assert ">2017<" in body
