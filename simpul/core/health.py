"""`/healthz` for load balancers and monitoring: database, migrations, worker, storage.

JSON, no login, a handful of queries, and nothing an attacker could use: no versions, no
paths, no error texts (those go to the log). 200 when every check passes, 503 otherwise.
"""

from __future__ import annotations

import functools
import logging
import os
import tempfile
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Q
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_tasks_db.models import DBTaskResult, get_date_max

from .backup import last_backup

log = logging.getLogger(__name__)


@functools.cache
def expected_migrations() -> frozenset[tuple[str, str]]:
    """The migrations on disk: they change only with a deploy, so read them once."""
    return frozenset(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)


def check_database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True}


def check_migrations() -> dict:
    applied = set(MigrationRecorder(connection).applied_migrations())
    missing = len(expected_migrations() - applied)
    return {"ok": missing == 0, "unapplied": missing}


def check_worker(now=None) -> dict:
    """Stale: a task ready to run has waited longer than WORKER_STALE_SECONDS.

    An idle worker is healthy; `manage.py worker_heartbeat` (cron) queues a no-op task so
    that a dead worker shows here even when nobody uploads anything.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.WORKER_STALE_SECONDS)
    waiting = (
        DBTaskResult.objects.ready()
        .filter(enqueued_at__lt=cutoff)
        .filter(Q(run_after=get_date_max()) | Q(run_after__lt=cutoff))
        .exists()
    )
    last = (
        DBTaskResult.objects.filter(finished_at__isnull=False)
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )
    return {
        "ok": not waiting,
        "stale_after_seconds": settings.WORKER_STALE_SECONDS,
        "last_finished_seconds_ago": int((now - last).total_seconds()) if last else None,
    }


def check_storage() -> dict:
    """MEDIA_ROOT takes a new file (evidence and reports when they are on the local disk; with
    EVIDENCE_STORAGE=s3 they are in the bucket, which this check does not probe)."""
    root = Path(settings.MEDIA_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=root, prefix=".healthz-") as probe:
        probe.write(b"ok")
        probe.flush()
        os.fsync(probe.fileno())
    return {"ok": True, "evidence_storage": settings.EVIDENCE_STORAGE}


CHECKS = {
    "database": check_database,
    "migrations": check_migrations,
    "worker": check_worker,
    "storage": check_storage,
}


def run_checks() -> dict:
    checks = {}
    for name, check in CHECKS.items():
        try:
            checks[name] = check()
        except Exception:  # the reason goes to the log, never into the public answer
            log.exception("health check %s failed", name)
            checks[name] = {"ok": False}
        if name == "database" and not checks[name]["ok"]:
            # Without a database the two checks below would only fail slowly.
            checks["migrations"] = checks["worker"] = {"ok": False}
            checks["storage"] = _safe(check_storage)
            break
    backup = last_backup()
    return {
        "status": "ok" if all(check["ok"] for check in checks.values()) else "error",
        "checks": checks,
        "last_backup": (
            {"at": backup["at"].isoformat(), "age_seconds": backup["age_seconds"]}
            if backup
            else None
        ),
    }


def _safe(check) -> dict:
    try:
        return check()
    except Exception:
        log.exception("health check failed")
        return {"ok": False}


@never_cache
@require_safe
def healthz(request):
    report = run_checks()
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)
