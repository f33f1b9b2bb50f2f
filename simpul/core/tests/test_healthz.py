"""`/healthz`: 200 with every check passing, 503 naming the failing check; no login, no secrets,
a handful of queries."""

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult


def healthz(client=None):
    response = (client or Client()).get("/healthz")
    return response, response.json()


def test_a_healthy_site_answers_200_with_every_check(db, settings, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        response, body = healthz()
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "migrations", "worker", "storage"}
    assert all(check["ok"] for check in body["checks"].values())
    assert body["checks"]["migrations"]["unapplied"] == 0
    assert "no-cache" in response["Cache-Control"]


def test_it_shows_no_secrets_paths_or_versions(db, settings):
    response, _body = healthz()
    text = response.content.decode()
    for secret in (
        settings.SECRET_KEY,
        str(settings.MEDIA_ROOT),
        str(connection.settings_dict["NAME"]),
        "django",
        "python",
        "version",
    ):
        assert secret.lower() not in text.lower()


def test_storage_that_cannot_be_written_is_a_503(db, settings, tmp_path):
    blocker = tmp_path / "bukan-folder"
    blocker.write_text("sebuah berkas, bukan folder")
    settings.MEDIA_ROOT = blocker / "media"
    response, body = healthz()
    assert response.status_code == 503
    assert body["status"] == "error"
    assert body["checks"]["storage"] == {"ok": False}
    assert body["checks"]["database"]["ok"] and body["checks"]["migrations"]["ok"]


def test_an_unapplied_migration_is_a_503(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM django_migrations WHERE app = %s AND name = %s",
            ["evidence", "0001_initial"],
        )
    response, body = healthz()
    assert response.status_code == 503
    assert body["checks"]["migrations"] == {"ok": False, "unapplied": 1}


@pytest.mark.django_db(transaction=True)
def test_a_task_waiting_longer_than_the_stale_limit_is_a_503_until_a_worker_runs(
    settings, run_tasks
):
    settings.WORKER_STALE_SECONDS = 600
    call_command("worker_heartbeat", stdout=None)
    response, body = healthz()
    assert response.status_code == 200  # queued just now: not stale yet
    long_ago = timezone.now() - datetime.timedelta(seconds=601)
    DBTaskResult.objects.update(enqueued_at=long_ago)
    response, body = healthz()
    assert response.status_code == 503
    assert body["checks"]["worker"]["ok"] is False
    assert body["checks"]["worker"]["last_finished_seconds_ago"] is None

    run_tasks()
    response, body = healthz()
    assert response.status_code == 200
    assert body["checks"]["worker"]["last_finished_seconds_ago"] is not None


@pytest.mark.django_db(transaction=True)
def test_only_one_heartbeat_waits_at_a_time(settings):
    call_command("worker_heartbeat")
    call_command("worker_heartbeat")
    assert DBTaskResult.objects.filter(task_path="simpul.core.tasks.heartbeat").count() == 1


@pytest.mark.django_db(transaction=True)
def test_it_reports_the_last_backup_age(settings, tmp_path):
    settings.BACKUP_STATE_FILE = tmp_path / "last-backup.json"
    assert healthz()[1]["last_backup"] is None
    call_command("backup", str(tmp_path / "cadangan"), stdout=None)
    last = healthz()[1]["last_backup"]
    assert last["age_seconds"] >= 0 and "path" not in last


def test_it_needs_no_sign_in_and_refuses_post(db):
    assert Client().post("/healthz").status_code == 405
    assert Client().head("/healthz").status_code == 200


def test_production_answers_a_plain_http_probe_without_redirecting(tmp_path):
    """Under the production settings: /healthz answers over HTTP, other pages go to HTTPS."""
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(
        SECRET_KEY="k9#Qm2!vX7pL0sZr4Tn8Wc6Yb1Hd3Jf5Ge9Ua2Io7Pe4Rs6Dt8Fy0Gh3Jk5Lz7Xc9Vb1Nm",
        ALLOWED_HOSTS="testserver",
        DATABASE_URL="sqlite:///:memory:",
        MEDIA_ROOT=str(tmp_path / "media"),
        BACKUP_STATE_FILE=str(tmp_path / "last-backup.json"),
    )
    script = (
        "from django.test import Client; c = Client();"
        "print(c.get('/healthz').status_code, c.get('/').status_code)"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=Path(__file__).resolve().parents[3],
        env=env,
        capture_output=True,
        text=True,
    )
    # An empty in-memory database: unhealthy, but answered rather than redirected.
    assert result.stdout.split()[-2:] == ["503", "301"], result.stderr


def test_an_unreachable_database_is_a_503_that_names_no_host(tmp_path):
    env = {**os.environ, "DEBUG": "1", "ALLOWED_HOSTS": "testserver"}
    env.update(
        DATABASE_URL="postgres://simpul:rahasia-db@127.0.0.1:1/simpul_tidak_ada",
        MEDIA_ROOT=str(tmp_path / "media"),
        BACKUP_STATE_FILE=str(tmp_path / "last-backup.json"),
    )
    script = (
        "from django.test import Client; r = Client().get('/healthz');"
        "print(r.status_code); print(r.content.decode())"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=Path(__file__).resolve().parents[3],
        env=env,
        capture_output=True,
        text=True,
    )
    status, body = result.stdout.strip().splitlines()[-2:]
    assert status == "503", result.stderr
    report = json.loads(body)
    assert report["checks"]["database"] == {"ok": False}
    assert report["checks"]["migrations"] == {"ok": False}
    assert report["checks"]["storage"]["ok"] is True
    for secret in ("rahasia-db", "simpul_tidak_ada", "127.0.0.1", "simpul:"):
        assert secret not in body
