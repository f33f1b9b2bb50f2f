"""Files leave only through the download view: per role, per agency, with safe headers."""

import pytest
from django.test import Client
from django.urls import reverse

from . import samples

READERS = ["admin", "respondent", "assessor", "leader", "external"]


@pytest.fixture
def revision(add_pdf):
    return add_pdf("Perbup Arsitektur", text="Arsitektur", name="perbup 12.pdf").current_revision


def url(revision) -> str:
    return reverse("evidence:download", args=[revision.pk])


@pytest.mark.parametrize("persona", READERS)
def test_every_reading_role_of_the_agency_downloads_the_file(as_user, personas, revision, persona):
    response = as_user(getattr(personas, persona)).get(url(revision))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == samples.pdf_bytes("Arsitektur")


def test_the_download_carries_type_name_and_safety_headers(as_user, personas, revision):
    response = as_user(personas.admin).get(url(revision))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="perbup 12.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Length"] == str(revision.size)
    assert "sandbox" in response["Content-Security-Policy"]


def test_a_non_ascii_name_is_sent_encoded(as_user, personas, add_pdf):
    revision = add_pdf("Notulen", name="notulen rapat “forum”.pdf").current_revision
    response = as_user(personas.admin).get(url(revision))
    assert (
        "filename*=utf-8''notulen%20rapat%20%E2%80%9Cforum%E2%80%9D.pdf"
        in (response["Content-Disposition"])
    )


def test_partners_cannot_download(as_user, personas, revision):
    assert as_user(personas.partner).get(url(revision)).status_code == 403


def test_another_agency_gets_not_found(as_user, personas, revision):
    assert as_user(personas.admin_b).get(url(revision)).status_code == 404


def test_platform_staff_without_a_membership_get_nothing(as_user, personas, revision):
    response = as_user(personas.staff).get(url(revision))
    assert response.status_code == 302 and response.url == reverse("core:home")


def test_anonymous_visitors_are_sent_to_sign_in(revision):
    response = Client().get(url(revision))
    assert response.status_code == 302 and reverse("accounts:login") in response.url


def test_no_url_serves_the_media_directory(as_user, personas, revision):
    response = as_user(personas.admin).get("/" + revision.file.name)
    assert response.status_code == 404
    assert as_user(personas.admin).get("/media/" + revision.file.name).status_code == 404


def test_a_file_missing_from_storage_is_a_clean_not_found(as_user, personas, revision, media_root):
    (media_root / revision.file.name).unlink()
    assert as_user(personas.admin).get(url(revision)).status_code == 404
