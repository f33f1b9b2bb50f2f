from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from simpul import settings as product_settings
from simpul.accounts.models import LoginFailure
from simpul.conftest import PASSWORD

LOGIN = reverse("accounts:login")


def sign_in(client, login, password):
    return client.post(LOGIN, {"username": login, "password": password})


def test_it_signs_in_with_username(client, personas):
    response = sign_in(client, "admin", PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("core:home")).context["user"] == personas.admin


def test_it_signs_in_with_email_in_any_case(client, personas):
    response = sign_in(client, "ADMIN@contoh.go.id", PASSWORD)
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_it_rejects_a_wrong_password_in_indonesian(client, personas):
    response = sign_in(client, "admin", "salah")
    assert response.status_code == 200
    assert "kata sandi salah" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_stores_passwords_with_argon2(personas, settings):
    # The tests hash with MD5 (simpul/conftest.py): production's own list, as settings.py has it.
    assert product_settings.PASSWORD_HASHERS[0].endswith(".Argon2PasswordHasher")
    settings.PASSWORD_HASHERS = product_settings.PASSWORD_HASHERS
    personas.admin.set_password(PASSWORD)
    personas.admin.save()
    personas.admin.refresh_from_db()
    assert personas.admin.password.startswith("argon2$")
    assert personas.admin.check_password(PASSWORD)


def test_it_locks_the_account_after_repeated_failures(client, personas, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        sign_in(client, "admin", "salah")
    # Even the right password is refused while the account is locked.
    response = sign_in(client, "admin", PASSWORD)
    assert response.status_code == 200
    assert "Terlalu banyak percobaan" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_expires_after_the_window(client, personas, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        sign_in(client, "admin", "salah")
    LoginFailure.objects.update(at=timezone.now() - timedelta(hours=1))
    assert sign_in(client, "admin", PASSWORD).status_code == 302


def test_failures_of_one_account_do_not_lock_another(client, personas, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        sign_in(client, "admin", "salah")
    assert sign_in(client, "leader", PASSWORD).status_code == 302


def test_a_successful_sign_in_clears_earlier_failures(client, personas):
    sign_in(client, "admin", "salah")
    sign_in(client, "admin", PASSWORD)
    assert not LoginFailure.objects.filter(username="admin").exists()


def test_an_inactive_account_cannot_sign_in(client, personas):
    personas.leader.is_active = False
    personas.leader.save()
    response = sign_in(client, "leader", PASSWORD)
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200


def test_sign_out_needs_post_and_ends_the_session(as_user, personas):
    client = as_user(personas.admin)
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("url", ["core:home", "agencies:units", "frameworks:list"])
def test_pages_ask_anonymous_visitors_to_sign_in(client, db, url):
    response = client.get(reverse(url))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_switching_from_username_to_email_gives_no_extra_guesses(client, personas, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    sign_in(client, "admin", "salah")
    sign_in(client, "admin", "salah")
    sign_in(client, "Admin@Contoh.go.id", "salah")
    response = sign_in(client, "admin@contoh.go.id", PASSWORD)
    assert "Terlalu banyak percobaan" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_unknown_name_is_limited_on_its_normalised_text(client, personas, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    for login in ["Tamu", "tamu ", "TAMU"]:
        sign_in(client, login, "salah")
    assert "Terlalu banyak percobaan" in sign_in(client, "tamu", "salah").content.decode()
    assert sign_in(client, "admin", PASSWORD).status_code == 302


def proxied(client, login, password, forwarded):
    return client.post(
        LOGIN,
        {"username": login, "password": password},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_behind_a_trusted_proxy_one_clients_failures_lock_only_that_client(
    client, personas, settings
):
    settings.LOGIN_FAILURE_LIMIT = 2
    settings.TRUSTED_PROXY_COUNT = 1
    # 8 failures (4 × the limit) from one client, spread over names so no account locks.
    for n in range(8):
        proxied(client, f"tamu{n}", "salah", "203.0.113.5")
    assert "Terlalu banyak" in proxied(client, "leader", PASSWORD, "203.0.113.5").content.decode()
    assert proxied(client, "leader", PASSWORD, "198.51.100.7").status_code == 302


def test_a_client_cannot_escape_the_address_limit_by_forging_forwarded_for(
    client, personas, settings
):
    settings.LOGIN_FAILURE_LIMIT = 2
    settings.TRUSTED_PROXY_COUNT = 1
    # The proxy appends the real client; what the client sent itself stays on the left.
    for n in range(8):
        proxied(client, f"tamu{n}", "salah", f"192.0.2.{n}, 203.0.113.5")
    response = proxied(client, "leader", PASSWORD, "192.0.2.99, 203.0.113.5")
    assert "Terlalu banyak" in response.content.decode()
    assert LoginFailure.objects.filter(ip_address="203.0.113.5").count() == 8


def test_with_two_trusted_proxies_the_client_is_second_from_the_right(client, personas, settings):
    settings.TRUSTED_PROXY_COUNT = 2
    proxied(client, "tamu", "salah", "192.0.2.1, 203.0.113.5, 10.0.0.1")
    assert LoginFailure.objects.get().ip_address == "203.0.113.5"


def test_without_trusted_proxies_forwarded_for_is_ignored(client, personas, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    proxied(client, "tamu", "salah", "203.0.113.5")
    assert LoginFailure.objects.get().ip_address == "10.0.0.2"


GARBLED = ["bukan-alamat", "999.1.1.1", "[bukan]:443", ",,,", "1.2.3.4:5:6"]


@pytest.mark.parametrize("garbled", GARBLED)
def test_a_garbled_forwarded_for_falls_back_to_the_connecting_address(
    client, personas, settings, garbled
):
    settings.TRUSTED_PROXY_COUNT = 1
    response = proxied(client, "tamu", "salah", garbled)
    assert response.status_code == 200
    assert LoginFailure.objects.get().ip_address == "10.0.0.2"


@pytest.mark.parametrize(
    ("forwarded", "client_address"),
    [
        ("203.0.113.5:51234", "203.0.113.5"),
        ("[2001:db8::5]:443", "2001:db8::5"),
        ("2001:db8::5", "2001:db8::5"),
    ],
)
def test_a_forwarded_address_with_a_port_is_read_without_it(
    client, personas, settings, forwarded, client_address
):
    settings.TRUSTED_PROXY_COUNT = 1
    proxied(client, "tamu", "salah", forwarded)
    assert LoginFailure.objects.get().ip_address == client_address
