"""Two-step sign-in (TOTP) with recovery codes: every branch of the flow, on the real views."""

import os
import subprocess
import sys
import time
from base64 import b32decode
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP, hotp, totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from simpul.accounts.models import LoginFailure, SpentRecoveryCode
from simpul.accounts.two_factor import PENDING_KEY, operations, recovery_digest
from simpul.conftest import PASSWORD

LOGIN = reverse("accounts:login")
VERIFY = reverse("accounts:two_factor_verify")
SETUP = reverse("accounts:two_factor_setup")
MANAGE = reverse("accounts:two_factor")
HOME = reverse("core:home")


def enable(user) -> tuple[TOTPDevice, list[str]]:
    """A confirmed authenticator and fresh recovery codes, through the real set-up action."""
    key = default_key()
    device = operations.setup_device(user, key)
    check, codes = operations.confirm_setup(user, key, code_steps_ago(device, 1))
    assert check.ok
    return TOTPDevice.objects.get(user=user, confirmed=True), codes


def code_now(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"


def code_steps_ago(device: TOTPDevice, steps: int) -> str:
    clock = TOTP(device.bin_key, device.step, device.t0, device.digits)
    clock.time = time.time()
    return f"{hotp(device.bin_key, clock.t() - steps, device.digits):06d}"


def password_step(client, login="admin", next_url=""):
    data = {"username": login, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(LOGIN, data)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


# The second step after the password


def test_a_person_with_an_authenticator_is_not_signed_in_before_the_code(client, personas):
    device, _ = enable(personas.admin)
    response = password_step(client)
    assert response.status_code == 302 and response["Location"] == VERIFY
    assert not signed_in(client)
    assert client.session[PENDING_KEY]["user"] == personas.admin.pk
    # Until the code, every page still treats the visitor as signed out.
    assert client.get(reverse("accounts:profile"))["Location"].startswith(LOGIN)
    page = client.get(VERIFY)
    assert "kode 6 angka" in page.content.decode()

    response = client.post(VERIFY, {"code": code_now(device)})
    assert response.status_code == 302 and response["Location"] == HOME
    assert signed_in(client)
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert PENDING_KEY not in client.session
    assert client.get(HOME).context["user"].is_verified()


def test_the_code_step_keeps_the_next_page(client, personas):
    device, _ = enable(personas.admin)
    password_step(client, next_url="/akun/profil/")
    response = client.post(VERIFY, {"code": code_now(device)})
    assert response["Location"] == "/akun/profil/"


def test_a_person_without_an_authenticator_signs_in_with_the_password_alone(client, personas):
    response = password_step(client, "respondent")
    assert response.status_code == 302 and response["Location"] == HOME
    assert signed_in(client)


def test_a_wrong_code_is_refused_in_indonesian_and_counted(client, personas):
    device, _ = enable(personas.admin)
    password_step(client)
    wrong = f"{(int(code_now(device)) + 1) % 1_000_000:06d}"
    response = client.post(VERIFY, {"code": wrong})
    assert response.status_code == 200
    assert "Kode verifikasi salah" in response.content.decode()
    assert not signed_in(client)
    assert LoginFailure.objects.filter(username=f"otp:{personas.admin.pk}").count() == 1
    # The pending sign-in survives the typo: the right code still works.
    assert client.post(VERIFY, {"code": code_now(device)}).status_code == 302
    assert signed_in(client)
    assert not LoginFailure.objects.filter(username=f"otp:{personas.admin.pk}").exists()


def test_an_expired_code_is_named_as_expired(client, personas):
    device, _ = enable(personas.admin)
    password_step(client)
    response = client.post(VERIFY, {"code": code_steps_ago(device, 5)})
    assert "sudah kedaluwarsa" in response.content.decode()
    assert not signed_in(client)


def test_a_code_already_used_cannot_sign_in_again(client, personas):
    device, _ = enable(personas.admin)
    password_step(client)
    code = code_now(device)
    assert client.post(VERIFY, {"code": code}).status_code == 302
    client.post(reverse("accounts:logout"))

    other = Client()
    password_step(other)
    response = other.post(VERIFY, {"code": code})
    assert "Kode ini sudah dipakai" in response.content.decode()
    assert not signed_in(other)


def test_wrong_codes_lock_the_code_step_like_passwords(client, personas, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    device, _ = enable(personas.admin)
    password_step(client)
    for _ in range(3):
        client.post(VERIFY, {"code": "000000" if code_now(device) != "000000" else "111111"})
    response = client.post(VERIFY, {"code": code_now(device)})
    assert "Terlalu banyak kode yang salah" in response.content.decode()
    assert not signed_in(client)


def test_the_pending_sign_in_expires(client, personas):
    device, _ = enable(personas.admin)
    password_step(client)
    session = client.session
    session[PENDING_KEY] = {**session[PENDING_KEY], "at": time.time() - 3600}
    session.save()
    response = client.post(VERIFY, {"code": code_now(device)}, follow=True)
    assert response.redirect_chain[-1][0] == LOGIN
    assert "Waktu untuk memasukkan kode sudah habis" in response.content.decode()
    assert not signed_in(client)


def test_the_code_page_without_a_password_first_goes_back_to_sign_in(client, personas):
    assert client.get(VERIFY)["Location"] == LOGIN


# Recovery codes


def test_a_recovery_code_signs_in_once(client, personas):
    _, codes = enable(personas.admin)
    password_step(client)
    response = client.post(VERIFY, {"code": codes[3].upper().replace("-", " ")}, follow=True)
    assert signed_in(client)
    assert "Tersisa 9 kode" in response.content.decode()
    assert client.get(HOME).context["user"].is_verified()
    client.post(reverse("accounts:logout"))

    password_step(client)
    response = client.post(VERIFY, {"code": codes[3]})
    assert "Kode pemulihan ini sudah pernah dipakai" in response.content.decode()
    assert not signed_in(client)
    response = client.post(VERIFY, {"code": "zzzz-zzzz-zzzz"})
    assert "Kode pemulihan salah" in response.content.decode()
    assert client.post(VERIFY, {"code": codes[4]}).status_code == 302


def test_recovery_codes_are_stored_as_digests_only(personas):
    _, codes = enable(personas.admin)
    stored = set(StaticToken.objects.values_list("token", flat=True))
    assert len(codes) == 10 and len(set(codes)) == 10
    assert stored == {recovery_digest(code) for code in codes}
    assert not stored & {code.replace("-", "") for code in codes}


def test_new_recovery_codes_replace_the_old_ones(as_user, personas):
    device, old = enable(personas.admin)
    client = Client()
    password_step(client)
    client.post(VERIFY, {"code": old[0]})
    response = client.post(reverse("accounts:two_factor_new_codes"))
    assert response.status_code == 200
    new = [
        li.split("<code>")[1].split("</code>")[0]
        for li in response.content.decode().split("<li>")[1:]
        if "<code>" in li
    ]
    assert len(new) == 10 and not set(new) & set(old)
    assert StaticDevice.objects.filter(user=personas.admin).count() == 1
    assert not SpentRecoveryCode.objects.exists()
    client.post(reverse("accounts:logout"))
    password_step(client)
    assert "Kode pemulihan salah" in client.post(VERIFY, {"code": old[1]}).content.decode()
    assert client.post(VERIFY, {"code": new[0]}).status_code == 302


# Setting up


def test_set_up_shows_the_secret_and_confirms_with_a_first_code(as_user, personas):
    client = as_user(personas.partner)  # not required: a partner may still choose it
    page = client.get(SETUP)
    html = page.content.decode()
    secret = page.context["secret"]
    assert secret in html and "data:image/svg+xml" in html and "otpauth://totp/" in html
    # Opening the page writes nothing: the secret waits in the session.
    assert not TOTPDevice.objects.exists()
    device = TOTPDevice(key=b32decode(secret.replace(" ", "")).hex())

    # A wrong first code keeps the same secret: the app that scanned it is still right.
    response = client.post(SETUP, {"code": "12345x"})
    assert "Kode verifikasi salah" in response.content.decode()
    assert client.get(SETUP).context["secret"] == secret
    assert not TOTPDevice.objects.filter(user=personas.partner, confirmed=True).exists()

    response = client.post(SETUP, {"code": code_now(device)})
    html = response.content.decode()
    assert response.status_code == 200 and "hanya ditampilkan sekali" in html
    device = TOTPDevice.objects.get(user=personas.partner)
    assert html.count("<li><code>") == 10
    assert 'download="kode-pemulihan-simpul.txt"' in html
    assert response["Cache-Control"] == "no-store"
    device.refresh_from_db()
    assert device.confirmed
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    # The codes are not shown again.
    assert client.get(SETUP)["Location"] == MANAGE
    assert "<li><code>" not in client.get(MANAGE).content.decode()


# Who must use it


def test_staff_are_held_on_set_up_when_the_setting_requires_it(as_user, personas, settings):
    settings.TWO_FACTOR_REQUIRED_FOR_STAFF = True
    client = as_user(personas.staff)
    for url in (HOME, reverse("agencies:platform"), reverse("accounts:profile"), MANAGE):
        assert client.get(url)["Location"] == SETUP, url
    assert client.post(reverse("agencies:platform_create"), {})["Location"] == SETUP
    page = client.get(SETUP)
    assert page.status_code == 200
    assert "Staf platform wajib" in page.content.decode()
    # Signing out stays possible.
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert not signed_in(client)


def test_staff_are_free_when_the_setting_is_off(as_user, personas, settings):
    settings.TWO_FACTOR_REQUIRED_FOR_STAFF = False
    assert as_user(personas.staff).get(reverse("agencies:platform")).status_code == 200


def test_staff_who_set_it_up_reach_their_pages(client, personas, settings):
    settings.TWO_FACTOR_REQUIRED_FOR_STAFF = True
    password_step(client, "staff")
    assert client.get(HOME)["Location"] == SETUP
    secret = client.get(SETUP).context["secret"]
    device = TOTPDevice(key=b32decode(secret.replace(" ", "")).hex())
    client.post(SETUP, {"code": code_now(device)})
    assert client.get(reverse("agencies:platform")).status_code == 200
    # A required person cannot turn it off.
    page = client.get(MANAGE).content.decode()
    assert "tidak dapat dimatikan" in page
    response = client.post(reverse("accounts:two_factor_turn_off"), {"code": "whatever"})
    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=personas.staff, confirmed=True).exists()


def test_an_agency_requires_it_for_its_coordinators_only(as_user, personas):
    personas.agency_a.two_factor_required_for_admins = True
    personas.agency_a.save()
    assert as_user(personas.admin).get(HOME)["Location"] == SETUP
    page = as_user(personas.admin).get(SETUP).content.decode()
    assert "Instansi Anda mewajibkan" in page
    for other in (personas.respondent, personas.leader, personas.partner, personas.admin_b):
        assert as_user(other).get(HOME).status_code == 200, other
    # Admin of B, respondent in A: not an admin of the agency that requires it.
    assert as_user(personas.multi).get(HOME).status_code == 200


def test_a_required_coordinator_with_an_authenticator_in_an_older_session_gives_the_code(
    as_user, personas
):
    personas.agency_a.two_factor_required_for_admins = True
    personas.agency_a.save()
    device, _ = enable(personas.admin)
    client = as_user(personas.admin)  # signed in without the code (e.g. before it was required)
    assert client.get(HOME)["Location"] == SETUP
    assert client.get(SETUP)["Location"] == VERIFY
    response = client.post(VERIFY, {"code": code_now(device)})
    assert response["Location"] == HOME
    assert client.get(HOME).status_code == 200


def test_the_agency_admin_turns_the_requirement_on_in_the_agency_settings(as_user, personas):
    client = as_user(personas.admin)
    url = reverse("agencies:zone")
    page = client.get(url)
    assert "Wajibkan verifikasi dua langkah untuk koordinator" in page.content.decode()
    data = {
        "time_zone": "Asia/Jakarta",
        "two_factor_required_for_admins": "on",
        "versi": page.context["form"]["versi"].value(),
    }
    response = client.post(url, data, follow=True)
    assert "kini wajib untuk koordinator" in response.content.decode()
    personas.agency_a.refresh_from_db()
    assert personas.agency_a.two_factor_required_for_admins
    # The admin has no authenticator: the next page is set-up.
    assert client.get(HOME)["Location"] == SETUP
    # Other roles cannot change the setting.
    assert as_user(personas.respondent).post(url, data).status_code == 403
    personas.agency_b.refresh_from_db()
    assert not personas.agency_b.two_factor_required_for_admins


# Turning it off


def test_turning_off_asks_for_a_code_again(client, personas):
    device, _ = enable(personas.admin)
    password_step(client)
    client.post(VERIFY, {"code": code_now(device)})
    url = reverse("accounts:two_factor_turn_off")
    response = client.post(url, {"code": "000000" if code_now(device) != "000000" else "111111"})
    assert "Kode verifikasi salah" in response.content.decode()
    assert TOTPDevice.objects.filter(user=personas.admin).exists()
    # The code that signed in is used; wait for no step: a recovery code is as good.
    codes = operations.make_recovery_codes(personas.admin)
    response = client.post(url, {"code": codes[0]}, follow=True)
    assert "Verifikasi dua langkah dimatikan" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=personas.admin).exists()
    assert not StaticDevice.objects.filter(user=personas.admin).exists()
    client.post(reverse("accounts:logout"))
    assert password_step(client)["Location"] == HOME
    assert signed_in(client)


def test_the_own_page_asks_for_the_code_in_a_session_that_skipped_it(as_user, personas):
    enable(personas.admin)
    client = as_user(personas.admin)
    assert client.get(MANAGE)["Location"].startswith(VERIFY)
    assert client.post(reverse("accounts:two_factor_new_codes"))["Location"].startswith(VERIFY)
    assert client.post(reverse("accounts:two_factor_turn_off"), {"code": "x"})[
        "Location"
    ].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=personas.admin).exists()


# The staff default


@pytest.mark.parametrize(("debug", "expected"), [("1", "False"), ("", "True")])
def test_staff_requirement_is_on_by_default_in_production_only(debug, expected):
    root = Path(__file__).resolve().parents[3]
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "TWO_FACTOR_REQUIRED_FOR_STAFF", "DJANGO_SETTINGS_MODULE"}
    }
    env |= {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "simpul.example.go.id"}
    if debug:
        env["DEBUG"] = debug
    script = "from simpul import settings; print(settings.TWO_FACTOR_REQUIRED_FOR_STAFF)"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=root, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


def test_the_admin_login_goes_through_the_code_step(client, personas):
    personas.staff.is_superuser = True
    personas.staff.save()
    device, _ = enable(personas.staff)
    response = client.get("/django-admin/")
    login = client.get(response["Location"])
    assert login["Location"] == f"{LOGIN}?next=/django-admin/"
    # The admin's own form is gone: a POST to it signs no one in.
    client.post(reverse("admin:login"), {"username": "staff", "password": PASSWORD})
    assert not signed_in(client)
    response = client.post(
        LOGIN, {"username": "staff", "password": PASSWORD, "next": "/django-admin/"}
    )
    assert response["Location"] == VERIFY
    assert client.post(VERIFY, {"code": code_now(device)})["Location"] == "/django-admin/"
    assert client.get("/django-admin/").status_code == 200
    # A signed-in person without admin access is refused, not sent round in a loop.
    other = Client()
    other.force_login(personas.respondent)
    assert other.get(reverse("admin:login")).status_code == 403


def test_the_requirement_check_costs_no_query(as_user, personas, settings):
    """The middleware reads the memberships already loaded for the page: the same page costs
    the same queries with and without it, for a coordinator it checks and lets through."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    gate = "simpul.accounts.two_factor.middleware.TwoFactorRequiredMiddleware"
    url = reverse("agencies:units")

    def count() -> int:
        client = as_user(personas.admin)
        client.get(url)  # session and caches warm
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    with_gate = count()
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if name != gate]
    assert with_gate == count()
