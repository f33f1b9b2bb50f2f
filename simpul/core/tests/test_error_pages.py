"""Our error pages in Bahasa Indonesia, with the navigation and a way back, DEBUG off."""

import pytest
from django.test import Client
from django.urls import reverse


@pytest.fixture
def debug_off(settings):
    settings.DEBUG = False


def _is_ours(response, title: str) -> str:
    body = response.content.decode()
    assert title in body
    assert "Ke beranda" in body
    assert 'class="top"' in body
    return body


def test_a_missing_page_is_our_404_with_the_navigation(debug_off, as_user, personas):
    response = as_user(personas.admin).get("/periode/999999/")
    assert response.status_code == 404
    body = _is_ours(response, "Halaman tidak ditemukan")
    assert reverse("forum:index") in body
    assert "Not Found" not in body


def test_the_404_page_links_back_to_the_page_the_user_came_from(debug_off, as_user, personas):
    back = "http://testserver/rencana/aksi/"
    response = as_user(personas.admin).get("/tidak-ada/", HTTP_REFERER=back)
    assert f'href="{back}"' in response.content.decode()


def test_a_link_back_to_another_site_is_not_offered(debug_off, as_user, personas):
    response = as_user(personas.admin).get("/tidak-ada/", HTTP_REFERER="https://jahat.example/")
    assert "jahat.example" not in response.content.decode()


def test_the_agency_admin_on_the_national_table_gets_our_403_not_a_login(
    debug_off, as_user, personas
):
    response = as_user(personas.admin).get(reverse("national:table"))
    assert response.status_code == 403
    body = _is_ours(response, "Akses ditolak")
    assert "Halaman ini hanya untuk staf platform Simpul." in body


def test_someone_signed_out_on_a_staff_page_is_sent_to_sign_in(debug_off, db):
    response = Client().get(reverse("national:table"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_refused_role_gets_our_403(debug_off, as_user, personas):
    response = as_user(personas.partner).get(reverse("plans:actions"))
    assert response.status_code == 403
    _is_ours(response, "Akses ditolak")


def test_a_form_sent_without_its_csrf_token_gets_our_page(debug_off, personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.admin)
    response = client.post(reverse("plans:action_new"), {"title": "x"})
    assert response.status_code == 403
    body = _is_ours(response, "Formulir kedaluwarsa")
    assert "CSRF verification failed" not in body


def test_a_bad_host_gets_our_400(debug_off, db):
    response = Client().get("/", HTTP_HOST="jahat.example")
    assert response.status_code == 400
    _is_ours(response, "Permintaan tidak dapat diproses")


def test_a_server_error_gets_our_500_page(debug_off, settings, as_user, personas):
    settings.ROOT_URLCONF = "simpul.core.tests.broken_urls"
    client = as_user(personas.admin)
    client.raise_request_exception = False
    response = client.get("/rusak/")
    assert response.status_code == 500
    body = _is_ours(response, "Terjadi kesalahan di server")
    assert "Server Error" not in body


def _multipart_with_file_name(name: str) -> tuple[bytes, str]:
    # Built by hand: Django's test client shortens file names to 255 characters.
    boundary = "batas-uji"
    body = (
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="title"\r\n\r\nLaporan\r\n'
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/pdf\r\n\r\n%PDF-1.4\r\n"
        f"--{boundary}--\r\n"
    ).encode()
    return body, f"multipart/form-data; boundary={boundary}"


def test_a_file_name_of_a_thousand_characters_is_named_as_the_problem(debug_off, as_user, personas):
    body, content_type = _multipart_with_file_name("a" * 1000 + ".pdf")
    response = as_user(personas.admin).generic(
        "POST", reverse("evidence:upload"), body, content_type=content_type
    )
    assert response.status_code == 400
    body = _is_ours(response, "Permintaan tidak dapat diproses")
    assert "Nama berkas yang diunggah terlalu panjang" in body


def test_a_form_over_the_size_limit_says_how_large_it_may_be(
    debug_off, settings, as_user, personas
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = as_user(personas.admin).post(
        reverse("agencies:unit_create"),
        f"name={'x' * 2000}",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert "Isian formulir terlalu besar (paling besar 1000" in _is_ours(
        response, "Permintaan tidak dapat diproses"
    )
