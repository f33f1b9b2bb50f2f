"""Production settings refuse to start without their secrets, and pass Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

PRODUCTION_UNSET = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
ROOT = Path(__file__).resolve().parents[3]


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION_UNSET}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_production_start_up_fails_without_a_secret_key():
    result = manage("check", ALLOWED_HOSTS="simpul.example.go.id")
    assert result.returncode != 0
    assert "SECRET_KEY wajib diisi" in result.stderr


def test_the_migrations_check_runs_in_a_bare_shell_and_nothing_else_does():
    """No DEBUG, no SECRET_KEY, no ALLOWED_HOSTS: the migrations check still compares the models
    with the migrations; every other command keeps refusing."""
    result = manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout
    assert "SECRET_KEY wajib diisi" in manage("migrate", "--check").stderr
    printed = manage("shell", "-c", "from django.conf import settings; print(settings.DEBUG)")
    assert printed.returncode != 0 and "SECRET_KEY wajib diisi" in printed.stderr


def test_production_start_up_fails_without_allowed_hosts():
    result = manage("check", SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS wajib diisi" in result.stderr


def test_production_settings_pass_the_deploy_check():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="k9#Qm2!vX7pL0sZr4Tn8Wc6Yb1Hd3Jf5Ge9Ua2Io7Pe4Rs6Dt8Fy0Gh3Jk5Lz7Xc9Vb1Nm",
        ALLOWED_HOSTS="simpul.example.go.id",
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_the_demo_refuses_to_load_under_production_settings():
    result = manage(
        "load_demo",
        SECRET_KEY="k9#Qm2!vX7pL0sZr4Tn8Wc6Yb1Hd3Jf5Ge9Ua2Io7Pe4Rs6Dt8Fy0Gh3Jk5Lz7Xc9Vb1Nm",
        ALLOWED_HOSTS="simpul.example.go.id",
        DATABASE_URL="sqlite:///:memory:",
    )
    assert result.returncode == 2
    assert "hanya boleh dimuat dengan DEBUG=1" in result.stderr


def test_the_development_key_is_never_used_in_production():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SECRET_KEY)",
        SECRET_KEY="rahasia-produksi-" + "x" * 50,
        ALLOWED_HOSTS="simpul.example.go.id",
    )
    assert result.stdout.strip().splitlines()[-1].startswith("rahasia-produksi-")


def production_setting(name: str, **env: str) -> str:
    result = manage(
        "shell",
        "-c",
        f"from django.conf import settings; print(settings.{name})",
        SECRET_KEY="rahasia-produksi-" + "x" * 50,
        ALLOWED_HOSTS="simpul.example.go.id",
        **env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_hsts_preload_is_off_in_production_unless_asked_for():
    # Agencies' hosts share the parent go.id domain: preloading is the operator's decision.
    assert production_setting("SECURE_HSTS_PRELOAD") == "False"
    assert production_setting("SECURE_HSTS_INCLUDE_SUBDOMAINS") == "True"
    assert production_setting("SECURE_HSTS_PRELOAD", SECURE_HSTS_PRELOAD="1") == "True"


def test_a_proxy_count_that_is_not_a_number_is_refused_at_start_up():
    result = manage("check", DEBUG="1", TRUSTED_PROXY_COUNT="satu")
    assert result.returncode != 0
    assert "TRUSTED_PROXY_COUNT harus bilangan bulat paling sedikit 0" in result.stderr


def test_a_mail_limit_of_zero_is_refused_at_start_up():
    result = manage("check", DEBUG="1", MAIL_LIMIT_PER_TARGET="0")
    assert result.returncode != 0
    assert "MAIL_LIMIT_PER_TARGET harus bilangan bulat paling sedikit 1" in result.stderr


def test_a_bad_upload_session_lifetime_is_refused_by_name():
    result = manage("check", DEBUG="1", EVIDENCE_UPLOAD_SESSION_HOURS="sehari")
    assert result.returncode != 0
    assert "EVIDENCE_UPLOAD_SESSION_HOURS harus bilangan bulat positif (jam), bukan 'sehari'" in (
        result.stderr
    )
