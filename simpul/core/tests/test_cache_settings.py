"""The cache is chosen by the environment: per-process memory for development, the database
(shared by every server) in production, Redis when asked for and installed."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]
UNSET = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "CACHE_BACKEND", "CACHE_URL", "CACHE_KEY_PREFIX"}
PRODUCTION = {"SECRET_KEY": "k" * 60, "ALLOWED_HOSTS": "simpul.example.go.id"}


def cache_backend(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in UNSET}
    code = (
        "from django.conf import settings; c = settings.CACHES['default']; "
        "print(c['BACKEND'], c['LOCATION'])"
    )
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "--verbosity", "0", "-c", code],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
    )


def test_development_keeps_the_cache_in_process_memory():
    done = cache_backend(DEBUG="1")
    assert done.stdout.split() == ["django.core.cache.backends.locmem.LocMemCache", "simpul"]


def test_production_shares_the_database_cache_unless_told_otherwise():
    assert cache_backend(**PRODUCTION).stdout.split() == [
        "django.core.cache.backends.db.DatabaseCache",
        "simpul_cache",
    ]
    assert (
        cache_backend(**PRODUCTION, CACHE_BACKEND="locmem")
        .stdout.split()[0]
        .endswith("LocMemCache")
    )
    assert (
        cache_backend(DEBUG="1", CACHE_BACKEND="Database")
        .stdout.split()[0]
        .endswith("DatabaseCache")
    )


@pytest.mark.parametrize(
    "env",
    [{"CACHE_URL": "redis://127.0.0.1:6379/0"}, {"CACHE_BACKEND": "redis://10.0.0.5:6379/1"}],
)
def test_redis_without_its_package_is_refused_at_start(env, tmp_path):
    # The package is not in the locks, but a machine may have it: hide it from the server
    # process, as on a machine without it, so that this runs everywhere.
    (tmp_path / "redis.py").write_text("raise ImportError(\"No module named 'redis'\")\n")
    path = os.pathsep.join(filter(None, [str(tmp_path), os.environ.get("PYTHONPATH", "")]))
    done = cache_backend(**PRODUCTION, **env, PYTHONPATH=path)
    assert done.returncode != 0
    assert "memerlukan paket Python 'redis'" in done.stderr


def test_redis_without_an_address_and_an_unknown_backend_are_refused_by_name():
    done = cache_backend(**PRODUCTION, CACHE_BACKEND="redis")
    assert done.returncode != 0
    assert "CACHE_BACKEND=redis memerlukan CACHE_URL" in done.stderr
    done = cache_backend(**PRODUCTION, CACHE_BACKEND="memcached")
    assert done.returncode != 0
    assert "bukan 'memcached'" in done.stderr


@pytest.mark.django_db(transaction=True)
def test_migrate_makes_the_cache_table_and_the_database_cache_works(settings):
    assert "simpul_cache" in connection.introspection.table_names()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "simpul_cache",
            "KEY_PREFIX": "simpul",
        }
    }
    cache.set("halaman", "isi halaman publik", 60)
    assert cache.get("halaman") == "isi halaman publik"
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM simpul_cache")
        assert [row[0] for row in cursor.fetchall()] == ["simpul:1:halaman"]
