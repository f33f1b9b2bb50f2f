"""Structured logs: one JSON object a line, with the request id, user id and agency id.

`LOG_FORMAT=json` (the default without DEBUG) formats every record with JsonFormatter; the
RequestContextFilter adds the ids of the request being served (set by the middleware in
simpul/core/middleware.py) to every record, so an error and its request line share an id.
Only ids go in: never an email, a name, a query string or form data.

Imported by the LOGGING setting before Django's apps are ready: standard library only.
"""

from __future__ import annotations

import datetime
import json
import logging
import re
import uuid
import warnings
from contextvars import ContextVar

_context: ContextVar[dict | None] = ContextVar("simpul_request_context", default=None)

# An incoming X-Request-ID is kept when it looks like an id (a proxy's UUID or hex); anything
# else (too long, spaces, control characters that would forge log lines) gets a fresh one.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:=+-]{8,128}")
# Fields a record may carry beyond the standard ones (logger.info(..., extra={...})).
FIELDS = ("method", "path", "route", "status", "duration_ms")
CONTEXT = ("request_id", "user_id", "agency_id")


def request_id_from(header: str | None) -> str:
    if header and SANE_REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


def begin_request(request_id: str) -> None:
    """Start a request's context; it lasts until end_request (the request_finished signal)."""
    _context.set({"request_id": request_id, "user_id": None, "agency_id": None})


def update_request(**values) -> None:
    current = _context.get()
    if current is not None:
        current.update(values)


def end_request(**kwargs) -> None:
    _context.set(None)


class RequestContextFilter(logging.Filter):
    """Adds request_id, user_id and agency_id (None outside a request) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        current = _context.get() or {}
        for name in CONTEXT:
            if not hasattr(record, name):
                setattr(record, name, current.get(name))
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in CONTEXT + FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                line[name] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class PlainFormatter(logging.Formatter):
    """The development format: readable, with the request id when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        request_id = getattr(record, "request_id", None)
        return f"[{request_id}] {text}" if request_id else text


def setup_error_reporting(dsn: str, environment: str) -> bool:
    """Sentry when SENTRY_DSN is set and sentry-sdk is installed; skipped cleanly otherwise."""
    if not dsn:
        return False
    try:
        import sentry_sdk
        from sentry_sdk.integrations.django import DjangoIntegration
    except ImportError:
        warnings.warn(
            "SENTRY_DSN diisi tetapi paket sentry-sdk tidak terpasang: pelaporan galat mati.",
            RuntimeWarning,
            stacklevel=2,
        )
        return False
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration()],
        # No personal data: no user emails, no cookies, no request bodies.
        send_default_pii=False,
        max_request_body_size="never",
        before_send=_without_personal_data,
    )
    return True


# Request headers a report may keep: none of them names or identifies a person.
_KEPT_HEADERS = {"accept", "accept-language", "content-type", "host", "user-agent", "x-request-id"}


def _without_personal_data(event: dict, hint: dict) -> dict:
    """Drop what send_default_pii=False still sends: the query string (it may carry an email
    or a token), cookies, form data, every header outside a short list, and the command line."""
    extra = event.get("extra")
    if isinstance(extra, dict):
        # A management command's arguments may name a person (an email, a file).
        extra.pop("sys.argv", None)
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("query_string", "cookies", "data", "env"):
            request.pop(key, None)
        if isinstance(request.get("url"), str):
            request["url"] = request["url"].split("?", 1)[0]
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {k: v for k, v in headers.items() if k.lower() in _KEPT_HEADERS}
    return event
