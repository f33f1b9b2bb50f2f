import logging
import time

from django.conf import settings
from django.core.signals import request_finished
from django.http import QueryDict
from django.utils import translation

from . import logs


class ChosenLanguageMiddleware:
    """Bahasa Indonesia unless the user chose another language with the switcher.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language: many
    officials run browsers set to English and still expect the Indonesian interface.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if language not in self.available:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class SecurityHeadersMiddleware:
    """A Content-Security-Policy on every HTML page and a Permissions-Policy on every response.

    A view that sets its own policy keeps it (evidence downloads: `default-src 'none'; sandbox`).
    Django's technical error pages of DEBUG mode are inline styles and scripts: left alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        technical = settings.DEBUG and response.status_code >= 400
        if response.get("Content-Type", "").startswith("text/html") and not technical:
            response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


def _without_nul(data: QueryDict) -> QueryDict:
    cleaned = QueryDict(mutable=True)
    for key, values in data.lists():
        cleaned.setlist(key.replace("\x00", ""), [value.replace("\x00", "") for value in values])
    cleaned._mutable = False
    return cleaned


def _has_nul(data: QueryDict) -> bool:
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in data.lists())


class StripNulMiddleware:
    """Removes NUL bytes from the query string and from url-encoded forms.

    PostgreSQL cannot store or even compare a text containing NUL, so a search box fed
    "%00" was a server error there. Multipart forms are left to their form fields (Django's
    CharField refuses NUL): reading them here would bypass the views' upload size limits.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request.GET):
            request.GET = _without_nul(request.GET)
        if (
            request.method == "POST"
            and request.content_type == "application/x-www-form-urlencoded"
            and _has_nul(request.POST)
        ):
            request.POST = _without_nul(request.POST)
        return self.get_response(request)


request_log = logging.getLogger("simpul.request")
request_finished.connect(logs.end_request, dispatch_uid="simpul.core.logs.end_request")
# URL parameters that are secrets (password-reset, invitation, unsubscribe links): the log
# gets the parameter's name instead of its value.
SECRET_PARAMETERS = ("token", "uidb64", "key", "signature", "code")


def _loggable_path(request) -> str:
    path = request.path
    match = getattr(request, "resolver_match", None)
    if match:
        for name, value in match.kwargs.items():
            if any(secret in name for secret in SECRET_PARAMETERS) and str(value):
                path = path.replace(f"/{value}", f"/<{name}>")
    return path


class RequestLogMiddleware:
    """First in MIDDLEWARE: gives each request an id and logs one line when it is answered.

    The id comes from a sane incoming X-Request-ID (the proxy's) or is new, goes back in the
    response's X-Request-ID and onto every log record of the request (simpul/core/logs.py).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = logs.request_id_from(request.headers.get("X-Request-ID"))
        # Ended by request_finished, not here: Django logs a 4xx/5xx response ("Not Found: ...")
        # after the middleware has returned, and that line needs the id too.
        logs.begin_request(request.request_id)
        started = time.monotonic()
        response = self.get_response(request)
        response.headers["X-Request-ID"] = request.request_id
        if not request_log.isEnabledFor(logging.INFO):
            return response  # LOG_REQUESTS off: no line, so nothing to work out for it
        match = getattr(request, "resolver_match", None)
        path = _loggable_path(request)
        request_log.info(
            "%s %s %s",
            request.method,
            path,
            response.status_code,
            extra={
                "method": request.method,
                "path": path,
                "route": match.route if match else None,
                "status": response.status_code,
                "duration_ms": round((time.monotonic() - started) * 1000, 1),
            },
        )
        return response


class RequestContextMiddleware:
    """After authentication and CurrentMembershipMiddleware: the user and agency ids for logs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        membership = getattr(request, "membership", None)
        logs.update_request(
            user_id=user.pk if user is not None and user.is_authenticated else None,
            agency_id=membership.agency_id if membership is not None else None,
        )
        return self.get_response(request)
