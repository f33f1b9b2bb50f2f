"""Structured request logs: one JSON line per request with the request id, user id, agency id,
method, path, status and duration, and never an email, a name, a query string or a token."""

import gzip
import io
import json
import logging
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import brotli
import pytest

from simpul.core.logs import JsonFormatter, RequestContextFilter

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def log_lines():
    """The JSON lines that simpul.request and django.request write during the test."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestContextFilter())
    handler.setFormatter(JsonFormatter())
    loggers = [logging.getLogger("simpul.request"), logging.getLogger("django.request")]
    saved = [(logger, logger.level) for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    for logger, level in saved:
        logger.removeHandler(handler)
        logger.setLevel(level)


def request_lines(lines):
    return [line for line in lines if line["logger"] == "simpul.request"]


def test_a_signed_in_request_logs_its_ids_and_no_personal_data(personas, as_user, log_lines):
    response = as_user(personas.admin).get("/?q=admin@contoh.go.id&nama=Admin")
    (line,) = request_lines(log_lines())
    assert line["request_id"] == response["X-Request-ID"]
    assert line["user_id"] == personas.admin.pk
    assert line["agency_id"] == personas.agency_a.pk
    assert (line["method"], line["path"], line["status"]) == ("GET", "/", response.status_code)
    assert isinstance(line["duration_ms"], float)
    text = json.dumps(line)
    for personal in ("admin@contoh.go.id", "contoh.go.id", "Admin", "nama=", "?q"):
        assert personal not in text


def test_a_sane_incoming_request_id_is_kept_and_a_forged_one_replaced(db, client, log_lines):
    kept = client.get("/healthz", HTTP_X_REQUEST_ID="req-3f2a9c1e-77")
    assert kept["X-Request-ID"] == "req-3f2a9c1e-77"
    forged = client.get("/healthz", HTTP_X_REQUEST_ID='x" level=ERROR\n' + "a" * 300)
    assert forged["X-Request-ID"] != kept["X-Request-ID"]
    assert len(forged["X-Request-ID"]) == 32
    ids = [line["request_id"] for line in request_lines(log_lines())]
    assert ids == ["req-3f2a9c1e-77", forged["X-Request-ID"]]
    assert kept.json()["status"] == "ok"


def test_an_error_logged_during_a_request_carries_its_request_id(db, client, log_lines):
    response = client.get("/tidak-ada-halaman-ini/", HTTP_X_REQUEST_ID="req-404-abcdef")
    assert response.status_code == 404
    lines = log_lines()
    warning = next(line for line in lines if line["logger"] == "django.request")
    assert warning["request_id"] == "req-404-abcdef"
    assert warning["level"] == "WARNING"
    assert request_lines(lines)[0]["status"] == 404


def test_a_token_in_the_path_is_not_logged(db, client, log_lines):
    client.get("/forum/gabung/rahasia-undangan-123/")
    (line,) = request_lines(log_lines())
    assert "rahasia-undangan-123" not in json.dumps(line)
    assert line["path"] == "/forum/gabung/<token>/"


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"LOG_FORMAT", "LOG_REQUESTS"}}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_log_format_json_writes_one_json_object_per_line(tmp_path):
    script = (
        "import logging; from django.test import Client;"
        "Client().get('/healthz?email=orang@contoh.go.id', HTTP_X_REQUEST_ID='req-subprocess-1');"
        "logging.getLogger('simpul').warning('selesai')"
    )
    result = manage(
        "shell",
        "-c",
        script,
        DEBUG="1",
        LOG_FORMAT="json",
        LOG_REQUESTS="1",
        ALLOWED_HOSTS="testserver",
        DATABASE_URL=f"sqlite:///{tmp_path / 'kosong.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.strip()]
    request = next(line for line in lines if line["logger"] == "simpul.request")
    # An empty database: the health check fails, its reasons are logged under the same id.
    assert (request["path"], request["status"], request["request_id"]) == (
        "/healthz",
        503,
        "req-subprocess-1",
    )
    failures = [line for line in lines if line["logger"] == "simpul.core.health"]
    assert failures and all(line["request_id"] == "req-subprocess-1" for line in failures)
    assert "exception" in failures[0]
    assert lines[-1]["message"] == "selesai" and "request_id" not in lines[-1]
    assert "orang@contoh.go.id" not in result.stderr


def test_an_unknown_log_format_is_refused_at_start_up():
    result = manage("check", DEBUG="1", LOG_FORMAT="xml")
    assert result.returncode != 0
    assert "LOG_FORMAT harus 'json' atau 'plain'" in result.stderr


def test_a_sentry_dsn_sends_error_reports_without_personal_data(tmp_path):
    """A real Sentry-protocol receiver on loopback: the health check's logged failure arrives
    as an event, with the request id, and without the email, token or cookie of the request."""
    received: list[bytes] = []

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            encoding = self.headers.get("Content-Encoding")
            if encoding == "gzip":
                body = gzip.decompress(body)
            elif encoding == "br":
                body = brotli.decompress(body)
            received.append(body)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        script = (
            "import sentry_sdk; from django.test import Client;"
            "Client().get('/healthz?email=orang@contoh.go.id&token=rahasia-123',"
            " HTTP_COOKIE='csrftoken=kue-rahasia', HTTP_X_REQUEST_ID='req-sentry-1');"
            "sentry_sdk.flush(10)"
        )
        result = manage(
            "shell",
            "-c",
            script,
            DEBUG="1",
            ALLOWED_HOSTS="testserver",
            SENTRY_DSN=f"http://kunci@127.0.0.1:{server.server_port}/1",
            SENTRY_ENVIRONMENT="uji",
            DATABASE_URL=f"sqlite:///{tmp_path / 'kosong.sqlite3'}",
            MEDIA_ROOT=str(tmp_path / "media"),
        )
    finally:
        server.shutdown()
    assert result.returncode == 0, result.stderr
    events = b"\n".join(received).decode()
    assert '"environment":"uji"' in events.replace(" ", "")
    assert "simpul.core.health" in events
    for secret in ("orang@contoh.go.id", "rahasia-123", "kue-rahasia"):
        i = events.find(secret)
        assert secret not in events, events[max(0, i - 300) : i + 50]
