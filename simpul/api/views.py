"""/api/v1: the index engine (`score`, public) and the planner (`plan`, signed in or a token).

Both read their JSON body themselves so every refusal names its field in Bahasa Indonesia;
DRF adds authentication, throttling and the generated schema (simpul/api/schema.py).
"""

import json

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, JsonResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from drf_spectacular.renderers import OpenApiJsonRenderer
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import permissions
from rest_framework.exceptions import MethodNotAllowed
from rest_framework.parsers import JSONParser
from rest_framework.views import APIView

from simpul.api import schema
from simpul.api.tokens import PlanRateThrottle, SignedInOrToken, UserRateThrottle
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


def _answer(compute, request: HttpRequest) -> JsonResponse:
    document, refusal = _json_body(request)
    if refusal is not None:
        return refusal
    try:
        result = compute(document, Framework.objects.engine)
    except ScoreInputError as exc:
        return JsonResponse(exc.as_json(), status=400)
    return JsonResponse(result, json_dumps_params={"ensure_ascii": False})


def _documented(description: str) -> OpenApiResponse:
    return OpenApiResponse(response=schema.Error, description=description)


COMMON_ERRORS = {
    405: _documented("Hanya POST yang diterima"),
    413: _documented("Isi permintaan melebihi DATA_UPLOAD_MAX_MEMORY_SIZE"),
    429: _documented(
        "Terlalu banyak permintaan (API_RATE, API_PLAN_RATE); lihat header Retry-After"
    ),
}
AUTH_ERRORS = {
    401: _documented("Belum masuk, atau token tidak sah, kedaluwarsa atau dicabut"),
    403: _documented("Ditolak: pemeriksaan CSRF sesi gagal, atau token hanya-baca untuk menulis"),
}

PLAN_EXAMPLE = {
    "framework": "spbe-2020",
    "levels": {str(n): 2 for n in range(1, 48)},
    "target": "Baik",
    "costs": [
        {"indicator": "3", "from": 2, "to": 3, "effort": "12.5"},
        {"indicator": "I05", "effort": 8},
    ],
    "locks": ["7"],
    "max_steps": 1,
    "rules": [{"indicator": "11", "max_level": 2, "requires": "1", "min_level": 2}],
    "suggested_rules": False,
}


class JsonPostView(APIView):
    """POST only (405 before any sign-in check, with Allow: POST), JSON in and out."""

    http_method_names = ["post"]
    parser_classes = [JSONParser]
    # The body is a computation's input: nothing is written, so a read token may call it.
    writes_data = False

    def initial(self, request, *args, **kwargs):
        if request.method.lower() not in self.http_method_names:
            raise MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)


class ScoreView(JsonPostView):
    """Score levels against a framework version: same input and output as `manage.py score`."""

    permission_classes = [permissions.AllowAny]
    throttle_classes = [UserRateThrottle]

    @extend_schema(
        operation_id="score",
        summary="Hitung indeks, indeks kelompok dan predikat",
        description=(
            "Tingkat yang tidak diberikan (atau null) dianggap belum dijawab: hasilnya "
            "sementara (provisional), indeks dihitung atas bagian yang dijawab, dan range "
            "memberi batas bawah/atas indeks akhir. Tidak perlu masuk; dibatasi per alamat "
            "(atau per token bila dikirim). Lihat docs/index-engine.md dan docs/api.md."
        ),
        request=schema.ScoreRequest,
        responses={
            200: OpenApiResponse(response=schema.ScoreResult, description="Hasil perhitungan"),
            400: _documented(
                "Masukan tidak sah; field menunjuk bagian yang salah, misalnya levels.I99"
            ),
            401: _documented("Token yang dikirim tidak sah, kedaluwarsa atau dicabut"),
            403: _documented("Sesi yang masuk tanpa header CSRF yang benar"),
            **COMMON_ERRORS,
        },
        examples=[
            OpenApiExample(
                "spbe-2020",
                value={"framework": "spbe-2020", "levels": {"1": 3, "I02": 4}},
                request_only=True,
            )
        ],
    )
    def post(self, request, *args, **kwargs):
        return _answer(score_request, request._request)


class PlanView(JsonPostView):
    """The least-effort raises reaching a target: same input and output as `manage.py plan`."""

    permission_classes = [SignedInOrToken]
    throttle_classes = [UserRateThrottle, PlanRateThrottle]

    @extend_schema(
        operation_id="plan",
        summary="Rencana kenaikan tingkat dengan upaya terkecil menuju target",
        description=(
            "Optimum tepat (bukan perkiraan): himpunan kenaikan tingkat dengan total upaya "
            "terkecil yang mencapai target indeks atau predikat, dengan kunci, batas langkah "
            "per tahun dan aturan prasyarat; years memberi peta jalan beberapa tahun. Semua "
            "indikator wajib punya tingkat awal. Bila target tidak tercapai, feasible = false, "
            "rencana menuju indeks tertinggi yang dapat dicapai, dan limits menyebut "
            "pembatasnya. Perlu masuk atau token API; dibatasi per token atau orang "
            "(API_PLAN_RATE). Lihat docs/planner.md dan docs/api.md."
        ),
        request=schema.PlanRequest,
        responses={
            200: OpenApiResponse(
                response=schema.PlanResponse,
                description="Rencana (juga bila target tidak tercapai)",
            ),
            400: _documented(
                "Masukan tidak sah; field menunjuk bagian yang salah, misalnya levels.I05, "
                "items.I1-L9-01, target, costs[2].effort, locks[0], rules[1].min_level"
            ),
            **AUTH_ERRORS,
            **COMMON_ERRORS,
        },
        examples=[OpenApiExample("spbe-2020", value=PLAN_EXAMPLE, request_only=True)],
    )
    def post(self, request, *args, **kwargs):
        return _answer(plan_request, request._request)


class JsonSchemaRenderer(OpenApiJsonRenderer):
    media_type = "application/json"


class SchemaView(SpectacularAPIView):
    """This document, generated from the code at each request."""

    renderer_classes = [JsonSchemaRenderer]
    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = []

    @extend_schema(
        operation_id="openapi",
        summary="Dokumen ini",
        auth=[],
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT, description="Skema OpenAPI 3.1")},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI over the schema, served from our own static files (no CDN)."""

    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = []
    url_name = "api:openapi"

    @extend_schema(
        operation_id="docs",
        summary="Dokumentasi interaktif (Swagger UI)",
        auth=[],
        responses={
            (200, "text/html"): OpenApiResponse(OpenApiTypes.STR, description="Halaman HTML"),
            (200, "application/javascript"): OpenApiResponse(
                OpenApiTypes.STR, description="Skrip awal halaman (?script)"
            ),
        },
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
