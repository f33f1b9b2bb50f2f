"""The optional Redis cache, against the real Redis on 127.0.0.1:6379.

Redis is a shortcut shared by every web server: a value written by one process is read by
another, and a Redis that is down costs a re-render, never the page.
"""

import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from simpul.dashboard import operations as dashboard_operations

ROOT = Path(__file__).resolve().parents[3]
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
UNSET = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "CACHE_BACKEND", "CACHE_URL", "CACHE_KEY_PREFIX"}
PRODUCTION = {"SECRET_KEY": "k" * 60, "ALLOWED_HOSTS": "simpul.example.go.id"}


def redis_reachable() -> bool:
    try:
        with socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=1):
            return True
    except OSError:
        return False


needs_redis = pytest.mark.skipif(
    not redis_reachable(), reason="no Redis server listens on 127.0.0.1:6379 here"
)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage_shell(code: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in UNSET}
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "--verbosity", "0", "-c", code],
        cwd=ROOT,
        env={**clean, **PRODUCTION, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@needs_redis
def test_a_value_cached_by_one_process_is_read_by_another_through_redis():
    prefix = f"uji-{uuid.uuid4().hex[:8]}"
    env = {"CACHE_URL": f"redis://{REDIS_HOST}:{REDIS_PORT}/0", "CACHE_KEY_PREFIX": prefix}
    code = (
        "from django.conf import settings; from django.core.cache import cache; "
        "print(settings.CACHES['default']['BACKEND']); cache.set('halaman', 'isi publik', 60)"
    )
    wrote = manage_shell(code, **env)
    assert wrote.returncode == 0, wrote.stderr
    assert wrote.stdout.split() == ["django.core.cache.backends.redis.RedisCache"]
    read = manage_shell("from django.core.cache import cache; print(cache.get('halaman'))", **env)
    assert read.stdout.strip() == "isi publik"
    # The key prefix keeps two installations on one Redis apart.
    other = manage_shell(
        "from django.core.cache import cache; print(cache.get('halaman'))",
        **{**env, "CACHE_KEY_PREFIX": prefix + "-lain"},
    )
    assert other.stdout.strip() == "None"
    manage_shell("from django.core.cache import cache; cache.delete('halaman')", **env)


@pytest.mark.parametrize(
    "env",
    [{"CACHE_URL": "redis://127.0.0.1:6379/0"}, {"CACHE_BACKEND": "redis://10.0.0.5:6379/1"}],
)
def test_the_refusal_names_the_missing_package(tmp_path, env):
    """The package is in the lock; a virtualenv that lost it is refused at start, by name."""
    (tmp_path / "redis").mkdir()
    (tmp_path / "redis" / "__init__.py").write_text("raise ImportError('redis hilang')\n")
    done = manage_shell(
        "from django.conf import settings; settings.CACHES; print('mulai')",
        PYTHONPATH=str(tmp_path),
        **env,
    )
    assert done.returncode != 0
    assert "memerlukan paket Python 'redis'" in done.stderr
    assert "mulai" not in done.stdout


def turn_on_public_page(personas):
    dashboard_operations.save_settings(
        personas.agency_a, target_index=None, public_page=True, actor=personas.admin
    )


@needs_redis
@pytest.mark.django_db
def test_the_public_page_is_served_from_redis(personas, client):
    prefix = f"uji-{uuid.uuid4().hex[:8]}"
    redis_cache = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://{REDIS_HOST}:{REDIS_PORT}/0",
            "KEY_PREFIX": prefix,
        }
    }
    turn_on_public_page(personas)
    page = reverse("public:agency", args=[personas.agency_a.short_code])
    with override_settings(CACHES=redis_cache):
        first = client.get(page)
        assert first.status_code == 200
        import redis

        keys = redis.Redis(REDIS_HOST, REDIS_PORT, db=0).keys(f"{prefix}:*")
        assert len(keys) == 1
        second = client.get(page)
        assert second.content == first.content
        cache.clear()


@pytest.mark.django_db
def test_a_cache_server_that_is_down_costs_a_render_not_the_page(personas, client, caplog):
    down = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5},
        }
    }
    turn_on_public_page(personas)
    page = reverse("public:agency", args=[personas.agency_a.short_code])
    with override_settings(CACHES=down):
        response = client.get(page)
    assert response.status_code == 200
    assert personas.agency_a.name in response.content.decode()
    assert "cache tidak dapat dibaca" in caplog.text
