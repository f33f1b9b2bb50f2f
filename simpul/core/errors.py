"""Error pages in Bahasa Indonesia, with the site navigation and a way back.

Wired in `simpul/urls.py` (handler400/403/404/500) and as CSRF_FAILURE_VIEW, so the user
never sees Django's English pages.
"""

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def _back_link(request: HttpRequest) -> str:
    referer = request.META.get("HTTP_REFERER", "")
    try:
        host = request.get_host()
    except Exception:  # a bad Host header is itself a reason for the 400 page
        return ""
    if referer and url_has_allowed_host_and_scheme(referer, {host}):
        return referer
    return ""


def _page(request: HttpRequest, status: int, title: str, explanation: str) -> HttpResponse:
    context = {
        "status": status,
        "title": title,
        "explanation": explanation,
        "back": _back_link(request),
    }
    return render(request, "error.html", context, status=status)


def _bad_request_reason(exception) -> str:
    """Why Django refused the request before any view ran, in words the user can act on."""
    if isinstance(exception, MultiPartParserError) and "header size" in str(exception):
        # A part's headers (its file name included) may not exceed 1,024 bytes.
        return _(
            "Nama berkas yang diunggah terlalu panjang. Ganti nama berkas menjadi lebih pendek "
            "(paling banyak 200 karakter), lalu unggah lagi."
        )
    if isinstance(exception, RequestDataTooBig):
        return _(
            "Isian formulir terlalu besar (paling besar %(size)s). Perpendek teksnya, atau "
            "unggah berkas besar lewat kolom berkas."
        ) % {"size": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)}
    if isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
        return _("Formulir berisi terlalu banyak isian atau berkas sekaligus. Kirim sebagian saja.")
    if isinstance(exception, MultiPartParserError):
        return _("Unggahan terputus atau rusak. Pilih berkasnya lagi, lalu kirim ulang.")
    return _(
        "Isian yang dikirim tidak sah (misalnya terlalu panjang atau berisi karakter yang "
        "tidak diizinkan). Periksa isian Anda lalu coba lagi."
    )


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return _page(request, 400, _("Permintaan tidak dapat diproses"), _bad_request_reason(exception))


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    message = str(exception) if exception is not None and str(exception) else ""
    return _page(
        request,
        403,
        _("Akses ditolak"),
        message or _("Peran Anda tidak memiliki izin untuk membuka halaman ini."),
    )


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    if request.path.startswith("/api/"):
        # An address no API route matches (e.g. /api/v1/cycles/-1): the API's JSON error shape.
        body = {"error": {"field": "path", "message": _("Tidak ditemukan.")}}
        return JsonResponse(body, status=404)
    return _page(
        request,
        404,
        _("Halaman tidak ditemukan"),
        _("Halaman atau data yang Anda cari tidak ada, sudah dihapus, atau milik instansi lain."),
    )


def server_error(request: HttpRequest) -> HttpResponse:
    title = _("Terjadi kesalahan di server")
    explanation = _(
        "Maaf, permintaan Anda gagal karena kesalahan di pihak kami. Kesalahan ini sudah "
        "dicatat; data yang sudah tersimpan tidak hilang. Silakan coba lagi beberapa saat lagi."
    )
    try:
        return _page(request, 500, title, explanation)
    except Exception:
        # The error may come from the database or a context processor: fall back to a
        # page that needs neither.
        logger.exception("Halaman galat 500 tidak dapat dirender")
        return HttpResponse(
            f'<!doctype html><html lang="id"><meta charset="utf-8"><title>{title}</title>'
            f'<h1>{title}</h1><p>{explanation}</p><p><a href="/">{_("Ke beranda")}</a></p>',
            status=500,
        )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _page(
        request,
        403,
        _("Formulir kedaluwarsa"),
        _(
            "Formulir ini tidak dapat diverifikasi, biasanya karena halaman dibuka terlalu lama "
            "atau Anda keluar di tab lain. Muat ulang halaman, lalu kirim lagi."
        ),
    )


class Refusal(Exception):
    """A refused operation, with a message fit to show the user (in Bahasa Indonesia).

    Every domain's refusal is a subclass (`ForumError`, `MeetingError`, `PlansError`, ...), raised
    by the write operations in the apps' `operations.py` before anything is saved. Views do not
    translate it one `except` at a time: `simpul.core.decorators.refusals_redirect` turns it into
    a message and a redirect, or into the API's JSON error naming the field.
    """

    # The API's status for it; a concurrent-edit refusal says 409.
    status_code = 400

    def __init__(self, message: str = "", field: str | None = None) -> None:
        super().__init__(message)
        self.message = str(message)
        self.field = field

    def as_json(self) -> dict:
        return {"error": {"field": self.field or "body", "message": self.message}}
