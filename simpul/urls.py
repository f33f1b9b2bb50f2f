from django.contrib import admin
from django.urls import include, path

from simpul.core.health import healthz

urlpatterns = [
    path("", include("simpul.core.urls")),
    path("healthz", healthz, name="healthz"),
    path("akun/", include("simpul.accounts.urls")),
    path("akun/oidc/", include("simpul.accounts.oidc_urls")),
    path("akun/token-api/", include("simpul.api.token_urls")),
    path("instansi/", include("simpul.agencies.urls")),
    path("katalog/", include("simpul.frameworks.urls")),
    path("periode/", include("simpul.cycles.urls")),
    path("data-dukung/", include("simpul.evidence.urls")),
    path("rencana/", include("simpul.plans.urls")),
    path("forum/", include("simpul.forum.urls")),
    path("notifikasi/", include("simpul.notifications.urls")),
    path("rapat/", include("simpul.meetings.urls")),
    path("dasbor/", include("simpul.dashboard.urls")),
    path("publik/", include("simpul.dashboard.public_urls")),
    path("nasional/", include("simpul.national.urls")),
    path("laporan/", include("simpul.reports.urls")),
    path("api/v1/", include("simpul.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("django-admin/", admin.site.urls),
]

handler400 = "simpul.core.errors.bad_request"
handler403 = "simpul.core.errors.permission_denied"
handler404 = "simpul.core.errors.page_not_found"
handler500 = "simpul.core.errors.server_error"
