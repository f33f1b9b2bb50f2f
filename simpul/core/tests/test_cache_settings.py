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
