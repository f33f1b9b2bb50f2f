"""DRF's refusals (401, 403, 404, 405, 429...) in the API's one error shape, in Bahasa Indonesia.

`{"error": {"field": ..., "message": ...}}`, as ScoreInputError.as_json() gives for bad input:
`field` names what to fix (the Authorization header, the method, the request rate).
"""

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import exceptions
from rest_framework.response import Response

from simpul.core.errors import Refusal
from simpul.frameworks.scoring import ScoreInputError


def error_body(field: str, message: str) -> dict:
    return ScoreInputError(field, message).as_json()


def _describe(exc: Exception, method: str, page_asked: bool) -> tuple[str, str] | None:
    if isinstance(exc, Refusal):  # a write operation refused it: the pages' message, as JSON
        return exc.field or "body", exc.message
    if isinstance(exc, exceptions.NotAuthenticated):
        return "Authorization", _("Perlu masuk atau token API (Authorization: Bearer <token>).")
    if isinstance(exc, exceptions.AuthenticationFailed):
        return "Authorization", str(exc.detail)
    if isinstance(exc, exceptions.PermissionDenied):
        return "Authorization", str(exc.detail)
    if isinstance(exc, exceptions.Throttled):
        seconds = exc.wait or 1
        return "request", ngettext(
            "Terlalu banyak permintaan; coba lagi dalam %(seconds)s detik.",
            "Terlalu banyak permintaan; coba lagi dalam %(seconds)s detik.",
            seconds,
        ) % {"seconds": int(seconds) if seconds >= 1 else 1}
    if isinstance(exc, exceptions.MethodNotAllowed):
        return "method", _("Metode %(method)s tidak diterima di alamat ini.") % {"method": method}
    if isinstance(exc, exceptions.NotFound) and page_asked:
        return "page", str(exc.detail)
    if isinstance(exc, Http404 | exceptions.NotFound):
        return "path", _("Tidak ditemukan.")
    if isinstance(exc, exceptions.NotAcceptable):
        return "Accept", _("Jawaban hanya tersedia sebagai application/json.")
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return "body", _("Jenis isi harus application/json.")
    if isinstance(exc, exceptions.ParseError):
        return "body", _("Isi permintaan bukan JSON yang sah.")
    return None


def exception_handler(exc: Exception, context: dict) -> Response | None:
    request = context.get("request")
    described = _describe(
        exc,
        request.method if request is not None else "",
        request is not None and "page" in request.query_params,
    )
    if described is None:
        return None  # a server error: Django's handler (and error reporting) takes it
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    status = exc.status_code if isinstance(exc, exceptions.APIException | Refusal) else 404
    return Response(error_body(*described), status=status, headers=headers)
