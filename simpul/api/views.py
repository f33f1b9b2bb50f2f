"""The public, stateless JSON API. It touches no agency data, so it needs no login."""

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from simpul.api.openapi import schema
from simpul.frameworks.format import loads_json
from simpul.frameworks.models import Framework
from simpul.frameworks.scoring import ScoreInputError, score_request


def _error(field: str, message: str) -> JsonResponse:
    return JsonResponse(ScoreInputError(field, message).as_json(), status=400)


# No session or cookie is read, so cross-site requests cannot act on anyone's behalf.
@csrf_exempt
@require_POST
def score(request: HttpRequest) -> JsonResponse:
    """Score levels against a framework version: same input and output as `manage.py score`."""
    if request.content_type != "application/json":
        return _error("body", _("Jenis isi harus application/json."))
    try:
        document = loads_json(request.body)
    except (ValueError, UnicodeDecodeError) as exc:
        return _error("body", _("Isi permintaan bukan JSON yang sah: %(error)s.") % {"error": exc})
    try:
        result = score_request(document, Framework.objects.engine)
    except ScoreInputError as exc:
        return JsonResponse(exc.as_json(), status=400)
    return JsonResponse(result, json_dumps_params={"ensure_ascii": False})


@require_GET
def openapi(request: HttpRequest) -> JsonResponse:
    return JsonResponse(schema(), json_dumps_params={"ensure_ascii": False})
