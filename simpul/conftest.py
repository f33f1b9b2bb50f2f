"""Fixtures shared by every app's tests: the personas, Indonesian messages, the shipped
frameworks.

Named personas encode the access rules: agency A (Natuna) has one person per role; agency B
(Bintan) has its own admin and unit. `multi` holds roles in both agencies.
"""

import signal
from types import SimpleNamespace

import pytest
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import translation

from simpul.accounts.models import User
from simpul.agencies.models import Agency, AgencyCategory, Helix, Membership, Role, Unit
from simpul.frameworks.checking import load_framework_file, shipped_framework_files
from simpul.frameworks.models import Framework
from simpul.frameworks.operations import import_framework
from simpul.frameworks.spec import FrameworkSpec

PASSWORD = "kata-sandi-uji-2026"
_password_hash: list[str] = []


def make_user(username: str, **extra) -> User:
    user = User(username=username, email=f"{username}@contoh.go.id", full_name=username.title())
    for key, value in extra.items():
        setattr(user, key, value)
    # Hashed once per run (with the tests' fast hasher, see `fast_password_hasher`).
    if not _password_hash:
        _password_hash.append(make_password(PASSWORD))
    user.password = _password_hash[0]
    user.save()
    return user


@pytest.fixture(scope="session", autouse=True)
def fast_password_hasher():
    """Argon2 is slow on purpose (about a quarter of a CPU second per sign-in, every wrong
    password of the lockout tests included); tests hash with MD5, as Django advises for tests.
    Production's hashers are checked by accounts/tests/test_sign_in.py; servers the tests
    start in their own process (deploy tests) keep the production settings."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture
def personas(db) -> SimpleNamespace:
    a = Agency.objects.create(
        name="Pemerintah Kabupaten Natuna", short_code="natuna", category=AgencyCategory.REGENCY
    )
    b = Agency.objects.create(
        name="Pemerintah Kabupaten Bintan", short_code="bintan", category=AgencyCategory.REGENCY
    )
    a_unit = Unit.objects.create(agency=a, name="Diskominfo Natuna", short_name="Diskominfo")
    a_unit2 = Unit.objects.create(agency=a, name="Bappeda Natuna", short_name="Bappeda")
    b_unit = Unit.objects.create(agency=b, name="Diskominfo Bintan", short_name="Diskominfo")
    p = SimpleNamespace(agency_a=a, agency_b=b, unit_a=a_unit, unit_a2=a_unit2, unit_b=b_unit)
    roles = {
        "admin": (Role.ADMIN, a_unit, ""),
        "respondent": (Role.RESPONDENT, a_unit2, ""),
        "assessor": (Role.INTERNAL_ASSESSOR, None, ""),
        "leader": (Role.LEADER, None, ""),
        "partner": (Role.PARTNER, None, Helix.BUSINESS),
        "external": (Role.EXTERNAL_ASSESSOR, None, ""),
    }
    for name, (role, unit, helix) in roles.items():
        user = make_user(name)
        p.__dict__[name] = user
        p.__dict__[f"{name}_membership"] = Membership.objects.create(
            user=user, agency=a, role=role, unit=unit, helix=helix
        )
    p.admin_b = make_user("admin_b")
    p.admin_b_membership = Membership.objects.create(
        user=p.admin_b, agency=b, role=Role.ADMIN, unit=b_unit
    )
    p.multi = make_user("multi")
    Membership.objects.create(user=p.multi, agency=a, role=Role.RESPONDENT)
    Membership.objects.create(user=p.multi, agency=b, role=Role.ADMIN)
    p.staff = make_user("staff", is_staff=True)
    p.nobody = make_user("nobody")
    return p


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def as_user():
    """`as_user(persona)` gives a test client signed in as that persona."""
    return client_for


@pytest.fixture(autouse=True)
def _isolated_test(settings, tmp_path):
    """Each test keeps its uploads in its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def async_unsafe_for_browser_tests(request, monkeypatch):
    """Tests marked `browser` only: Playwright's sync API runs an event loop in the test thread,
    and the ORM calls made around it (fixtures, assertions) are still synchronous and safe.
    Set for the test and restored after it; every other test runs with Django's guard on."""
    if request.node.get_closest_marker("browser") is not None:
        monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def indonesian():
    """Each test starts in Indonesian whatever an earlier test left active: messages are
    asserted in Indonesian."""
    with translation.override("id", deactivate=True):
        yield


@pytest.fixture(scope="session")
def shipped_specs() -> dict[str, FrameworkSpec]:
    """The shipped framework files by code, parsed once per run (parsing is the slow part)."""
    specs = [load_framework_file(path) for path in shipped_framework_files()]
    return {spec.code: spec for spec in specs}


@pytest.fixture
def spbe(db, shipped_specs) -> Framework:
    """SPBE 2020 imported into the test database."""
    return import_framework(shipped_specs["spbe-2020"]).framework


@pytest.fixture
def run_tasks():
    """Run every queued task with the real worker (`manage.py db_worker --batch`), in-process.

    Tests that use it need `django_db(transaction=True)`: the worker commits its own
    transactions and closes its connection, exactly as it does in production.
    """

    def run() -> None:
        saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            call_command(
                "db_worker", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0
            )
        finally:
            # The worker installs its own shutdown handlers; give pytest its own back.
            for sig, handler in saved.items():
                signal.signal(sig, handler)

    return run
