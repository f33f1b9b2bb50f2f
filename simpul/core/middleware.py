from django.conf import settings
from django.http import QueryDict
from django.utils import translation


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
