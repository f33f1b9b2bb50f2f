from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from simpul.agencies.access import admin_required, capability_required, membership_required
from simpul.agencies.models import Agency
from simpul.core.caching import cached
from simpul.core.versions import add_version_field, current_or_conflict, model_version

from .forms import DashboardSettingsForm
from .operations import public_cache_key, save_settings
from .pages import dashboard_context, leader_context, public_context
from .queries import settings_of

# The server copy is keyed by a version the moderation actions move on, so it may live long;
# copies in shared caches outside our control cannot be invalidated and live one minute.
PUBLIC_MAX_AGE = 300
PUBLIC_SHARED_MAX_AGE = 60


@membership_required()
def index(request: HttpRequest) -> HttpResponse:
    if not request.membership.can("dashboard.read"):
        # A partner sees no cycles or answers: a page saying so and where to go, not a bare 403.
        agency = request.membership.agency
        found = settings_of(agency)
        public_url = reverse("public:agency", args=[agency.short_code]) if found.public_page else ""
        return render(request, "dashboard/partner.html", {"public_url": public_url}, status=200)
    today = timezone.localdate()
    context = dashboard_context(request.membership.agency, today, request.membership)
    context["can_lead"] = request.membership.can("dashboard.leader")
    return render(request, "dashboard/index.html", context)


@capability_required("dashboard.leader")
def leader(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    context = leader_context(request.membership.agency, today)
    return render(request, "dashboard/leader.html", context)


SETTINGS_FIELDS = ("target_index", "public_page")


@admin_required
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest) -> HttpResponse:
    agency = request.membership.agency
    form = DashboardSettingsForm(request.POST or None, instance=settings_of(agency))
    add_version_field(form, model_version(settings_of(agency), SETTINGS_FIELDS))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if current_or_conflict(form, settings_of(agency), SETTINGS_FIELDS) is not None:
                save_settings(
                    agency,
                    target_index=form.cleaned_data["target_index"],
                    public_page=form.cleaned_data["public_page"],
                    actor=request.user,
                )
                messages.success(request, _("Pengaturan dasbor disimpan."))
                return redirect("dashboard:settings")
    public_url = request.build_absolute_uri(reverse("public:agency", args=[agency.short_code]))
    return render(
        request,
        "dashboard/settings.html",
        {"form": form, "agency": agency, "public_url": public_url},
    )


def public_page(request: HttpRequest, short_code: str) -> HttpResponse:
    """No sign-in: the agency's public transparency page, only when its admin turned it on."""
    agency = get_object_or_404(Agency.objects.filter(is_active=True), short_code=short_code)
    found = settings_of(agency)
    if not found.public_page:
        raise Http404
    key = public_cache_key(agency, found.public_version, translation.get_language())
    html = cached(
        key,
        lambda: render_to_string("dashboard/public.html", public_context(agency)),
        PUBLIC_MAX_AGE,
    )
    response = HttpResponse(html)
    # Shared caches (proxies, CDN) cannot be told when a moderator hides a thread: keep it short.
    response["Cache-Control"] = f"public, max-age={PUBLIC_SHARED_MAX_AGE}"
    return response
