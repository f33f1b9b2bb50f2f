"""Simpul's URLs plus the floor of bench/page_mix.py: a bare view behind the full middleware.

Loaded only by bench/page_mix_wsgi.py, never by production (simpul.urls stays the ROOT_URLCONF).
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import include, path


@login_required
def floor(request):
    """The floor: the same middleware (session, user, CSRF, locale, logs) and a signed-in
    user, no query of its own, no template."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path("bench/lantai/", floor),
    path("", include("simpul.urls")),
]

handler400 = "simpul.core.errors.bad_request"
handler403 = "simpul.core.errors.permission_denied"
handler404 = "simpul.core.errors.page_not_found"
handler500 = "simpul.core.errors.server_error"
