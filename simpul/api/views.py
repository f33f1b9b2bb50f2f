"""The public, stateless JSON API. It touches no agency data, so it needs no login."""

import json

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, JsonResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from simpul.api.openapi import schema
from simpul.frameworks.checking import loads_json
from simpul.frameworks.models import Framework
from simpul.frameworks.scoring import ScoreInputError, score_request
from simpul.planner.inputs import plan_request


def _error(field: str, message: str, status: int = 400) -> JsonResponse:
    return JsonResponse(ScoreInputError(field, message).as_json(), status=status)


# Python refuses to turn more than 4,300 digits into an int; no field needs more than this.
MAX_INTEGER_DIGITS = 20


class OverlongNumber(str):
    """An integer in the body with more digits than any field accepts, kept as its text."""


def _parse_int(text: str) -> int | OverlongNumber:
    if len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
        return OverlongNumber(text)
    return int(text)


def _unreadable(value: object, path: str = "") -> tuple[str, str] | None:
    """The dotted path of the first value no field can take, and why; None if there is none.

    Overlong integers, and text with NUL (PostgreSQL refuses it) or a lone surrogate (it
    cannot be encoded), would otherwise fail deep inside the database driver.
    """
    if isinstance(value, OverlongNumber):
        return path or "body", _("Angka terlalu panjang: paling banyak %(digits)s digit.") % {
            "digits": MAX_INTEGER_DIGITS
        }
    if isinstance(value, str):
        if "\x00" in value:
            return path or "body", _("Teks tidak boleh berisi karakter NUL (\\u0000).")
        if any("\ud800" <= char <= "\udfff" for char in value):
            return path or "body", _("Teks berisi karakter Unicode yang tidak sah (surrogate).")
        return None
    if isinstance(value, dict):
        for key, item in value.items():
            here = f"{path}.{key}" if path else str(key)
            found = _unreadable(key, here) or _unreadable(item, here)
            if found:
                return found
    elif isinstance(value, list):
        for position, item in enumerate(value):
            found = _unreadable(item, f"{path}.{position}" if path else str(position))
            if found:
                return found
    return None


def _json_body(request: HttpRequest) -> tuple[object, JsonResponse | None]:
    """The decoded JSON body, or the 400 (413) response that says why there is none."""
    if request.content_type != "application/json":
        return None, _error("body", _("Jenis isi harus application/json."))
    try:
        body = request.body
    except RequestDataTooBig:
        message = _("Isi permintaan terlalu besar: paling besar %(size)s.") % {
            "size": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        }
        return None, _error("body", message, status=413)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        message = _("Isi permintaan harus teks UTF-8; byte ke-%(position)s tidak sah.") % {
            "position": exc.start + 1
        }
        return None, _error("body", message)
    try:
        document = loads_json(text, parse_int=_parse_int)
    except json.JSONDecodeError as exc:
        message = _("Isi permintaan bukan JSON yang sah (baris %(line)s, kolom %(column)s).") % {
            "line": exc.lineno,
            "column": exc.colno,
        }
        return None, _error("body", message)
    except ValueError as exc:
        # Our own refusals (NaN, too deep) are already in Bahasa Indonesia.
        message = _("Isi permintaan bukan JSON yang sah: %(error)s.") % {"error": exc}
        return None, _error("body", message)
    unreadable = _unreadable(document)
    if unreadable:
        return None, _error(*unreadable)
    return document, None


# No session or cookie is read, so cross-site requests cannot act on anyone's behalf.
@csrf_exempt
@require_POST
def score(request: HttpRequest) -> JsonResponse:
    """Score levels against a framework version: same input and output as `manage.py score`."""
    document, refusal = _json_body(request)
    if refusal is not None:
        return refusal
    try:
        result = score_request(document, Framework.objects.engine)
    except ScoreInputError as exc:
        return JsonResponse(exc.as_json(), status=400)
    return JsonResponse(result, json_dumps_params={"ensure_ascii": False})


@csrf_exempt
@require_POST
def plan(request: HttpRequest) -> JsonResponse:
    """The least-effort raises reaching a target: same input and output as `manage.py plan`."""
    document, refusal = _json_body(request)
    if refusal is not None:
        return refusal
    try:
        result = plan_request(document, Framework.objects.engine)
    except ScoreInputError as exc:
        return JsonResponse(exc.as_json(), status=400)
    return JsonResponse(result, json_dumps_params={"ensure_ascii": False})


@require_GET
def openapi(request: HttpRequest) -> JsonResponse:
    return JsonResponse(schema(), json_dumps_params={"ensure_ascii": False})
