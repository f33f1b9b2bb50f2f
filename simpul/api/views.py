"""The public, stateless JSON API. It touches no agency data, so it needs no login."""

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from simpul.api.openapi import schema
from simpul.frameworks.checking import loads_json
from simpul.frameworks.models import Framework
from simpul.frameworks.scoring import ScoreInputError, score_request
from simpul.planner.inputs import plan_request


def _error(field: str, message: str) -> JsonResponse:
    return JsonResponse(ScoreInputError(field, message).as_json(), status=400)


def _json_body(request: HttpRequest) -> tuple[object, JsonResponse | None]:
    """The decoded JSON body, or the 400 response that says why there is none."""
    if request.content_type != "application/json":
        return None, _error("body", _("Jenis isi harus application/json."))
    try:
        return loads_json(request.body), None
    except (ValueError, UnicodeDecodeError) as exc:
        message = _("Isi permintaan bukan JSON yang sah: %(error)s.") % {"error": exc}
        return None, _error("body", message)


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
