"""The production set-up, started as deploy/ describes it, answers every role's pages.

gunicorn with deploy/gunicorn.conf.py and production settings (DEBUG off, a real SECRET_KEY,
secure cookies, HSTS, persistent connections) against PostgreSQL on loopback, in a database of
its own, with the demo data and collected static files. The client plays the nginx in front:
it sends X-Forwarded-Proto/For as deploy/nginx/simpul.conf does. Every demo role signs in and
follows the links of the pages it reaches (up to a bound); none may answer 4xx or 5xx.

This test always uses PostgreSQL, in both CI passes: production is PostgreSQL.
"""

import contextlib
import gzip
import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlencode, urljoin, urlsplit

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[3]
ADMIN_URL = os.environ.get("PRODUCTION_CHECK_DATABASE", "postgresql://postgres@127.0.0.1:5432/test")
ROLES = ["admin", "responden", "asesor", "pimpinan", "mitra", "asesor-eksternal"]
PAGES_PER_ROLE = 25
PASSWORD = secrets.token_urlsafe(16)
MANAGE = [sys.executable, "manage.py"]
# Links a crawler must not follow: they change state on GET or leave the session.
SKIP = re.compile(r"^/(akun/keluar|i18n/|django-admin/)|/unduh|\.ics$|/berkas/|/pdf|/xlsx|/csv")


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.csrf = ""

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        if tag == "input" and values.get("name") == "csrfmiddlewaretoken":
            self.csrf = values.get("value") or ""


class Client:
    """A browser as the app sees it behind nginx: HTTPS forwarded, cookies kept."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        sent = {
            "Host": "127.0.0.1",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": "203.0.113.7",
            "Accept-Encoding": "gzip",
            **(headers or {}),
        }
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        data = response.read()
        if response.getheader("Content-Encoding") == "gzip":
            data = gzip.decompress(data)
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        connection.close()
        return response, data

    def sign_in(self, username: str) -> None:
        response, page = self.request("GET", "/akun/masuk/")
        assert response.status == 200
        parser = Links()
        parser.feed(page.decode())
        body = urlencode(
            {"csrfmiddlewaretoken": parser.csrf, "username": username, "password": PASSWORD}
        )
        response, _ = self.request(
            "POST",
            "/akun/masuk/",
            body,
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": "https://127.0.0.1",
                "Referer": "https://127.0.0.1/akun/masuk/",
            },
        )
        assert response.status == 302, (username, response.status)
        assert "sessionid" in self.cookies


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def production_database(folder: Path, **shared_env: str):
    """A PostgreSQL database of its own holding the demo data (passwords replaced by PASSWORD),
    migrated and with static files collected, under production settings.
    `shared_env` adds to the environment every process of the deployment shares (storage,
    cache). Yields that environment; the database is dropped afterwards."""
    name = f"simpul_production_{os.getpid()}_{secrets.token_hex(3)}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(folder),
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": ADMIN_URL.rsplit("/", 1)[0] + f"/{name}",
        "MEDIA_ROOT": str(folder / "media"),
        "STATIC_ROOT": str(folder / "static"),
        "TRUSTED_PROXY_COUNT": "1",
        "WEB_WORKERS": "2",
        "WEB_THREADS": "4",
        "WEB_ACCESS_LOG": "",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        **shared_env,
    }
    # The demo loader refuses production settings (no demo account in production), so the
    # data is loaded as a development machine would, then every demo password is replaced.
    replace_passwords = (
        "from simpul.accounts.models import User\n"
        "for user in User.objects.all():\n"
        f"    user.set_password({PASSWORD!r}); user.save()"
    )
    # Static files do not need the database: collected while the data is loaded.
    static = subprocess.Popen(
        [*MANAGE, "collectstatic", "--noinput"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        for command, command_env in (
            (["migrate", "--noinput"], env),
            (["load_demo"], {**env, "DEBUG": "1"}),
            (["shell", "-c", replace_passwords], env),
        ):
            done = subprocess.run(
                [*MANAGE, *command], cwd=ROOT, env=command_env, capture_output=True, text=True
            )
            assert done.returncode == 0, (command, done.stdout, done.stderr)
        output, _ = static.communicate(timeout=300)
        assert static.returncode == 0, ("collectstatic", output)
        yield env
    finally:
        if static.poll() is None:
            static.kill()
            static.wait()
        with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def gunicorn_server(env: dict[str, str], folder: Path, name: str = "gunicorn", **server_env: str):
    """gunicorn with deploy/gunicorn.conf.py on a free loopback port, in the environment of a
    `production_database` (several may share one). `server_env` overrides the environment of
    this server alone (WEB_WORKERS, GUNICORN_CMD_ARGS, MEDIA_ROOT). Yields port and log."""
    port = free_port()
    log_path = folder / f"{name}.log"
    gunicorn = Path(sys.executable).with_name("gunicorn")
    with open(log_path, "wb") as log:
        server = subprocess.Popen(
            [str(gunicorn), "-c", "deploy/gunicorn.conf.py"],
            cwd=ROOT,
            env={**env, "SIMPUL_BIND": f"127.0.0.1:{port}", **server_env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(log_path.read_text()) from None
                time.sleep(0.3)
        yield {"port": port, "log": log_path}
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=40)


@contextlib.contextmanager
def production_server(folder: Path, **server_env: str):
    """One gunicorn (`gunicorn_server`) on a database of its own (`production_database`).
    Yields a dict: port, deploy_check (the finished `check --deploy`), log (path)."""
    with production_database(folder) as env:
        deploy_check = subprocess.run(
            [*MANAGE, "check", "--deploy", "--fail-level", "WARNING"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        with gunicorn_server(env, folder, **server_env) as server:
            yield {**server, "deploy_check": deploy_check}


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    with production_server(tmp_path_factory.mktemp("production")) as server:
        yield server


def test_the_deploy_check_passes_with_production_settings(production):
    check = production["deploy_check"]
    assert check.returncode == 0, check.stdout + check.stderr


def test_static_files_are_hashed_compressed_and_cached_for_a_year(production):
    client = Client(production["port"])
    response, page = client.request("GET", "/akun/masuk/")
    stylesheet = re.search(rb'href="(/static/simpul/simpul\.[0-9a-f]{12}\.css)"', page)
    assert stylesheet, "the sign-in page links the hashed stylesheet"
    response, _ = client.request("GET", stylesheet.group(1).decode())
    assert response.status == 200
    assert response.getheader("Content-Encoding") in {"gzip", "br"}
    max_age = re.search(r"max-age=(\d+)", response.getheader("Cache-Control"))
    assert max_age and int(max_age.group(1)) >= 365 * 24 * 3600


def test_plain_http_is_sent_to_https_and_the_session_cookie_is_secure(production):
    client = Client(production["port"])
    response, _ = client.request("GET", "/akun/masuk/", headers={"X-Forwarded-Proto": "http"})
    assert response.status == 301
    assert response.getheader("Location").startswith("https://")
    client.sign_in("responden")
    connection = http.client.HTTPConnection("127.0.0.1", production["port"], timeout=30)
    connection.request(
        "GET", "/akun/masuk/", headers={"Host": "127.0.0.1", "X-Forwarded-Proto": "https"}
    )
    assert "max-age=" in connection.getresponse().getheader("Strict-Transport-Security")


@pytest.mark.parametrize("username", ROLES)
def test_every_role_reaches_its_pages_without_an_error(production, username):
    client = Client(production["port"])
    client.sign_in(username)
    queue, seen, bad = ["/"], set(), []
    while queue and len(seen) < PAGES_PER_ROLE:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response, body = client.request("GET", path)
        if response.status in (301, 302):
            location = urlsplit(response.getheader("Location"))
            target = location.path + (f"?{location.query}" if location.query else "")
            if target not in seen:
                queue.insert(0, target)
            continue
        if response.status != 200:
            bad.append((path, response.status))
            continue
        if "text/html" not in (response.getheader("Content-Type") or ""):
            continue
        parser = Links()
        parser.feed(body.decode())
        for href in parser.links:
            href = urldefrag(urljoin(path, href))[0]
            parts = urlsplit(href)
            if parts.netloc or not parts.path.startswith("/") or SKIP.search(parts.path):
                continue
            link = parts.path + (f"?{parts.query}" if parts.query else "")
            if link not in seen:
                queue.append(link)
    assert not bad, bad
    assert len(seen) >= 8, f"{username} reached only {sorted(seen)}"
