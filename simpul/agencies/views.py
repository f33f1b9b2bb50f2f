from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from simpul.core.decorators import refusal_into, refusal_message, staff_required
from simpul.core.params import positive_id
from simpul.core.versions import add_version_field, current_or_conflict, model_version

from . import operations
from .access import (
    admin_required,
    get_membership,
    get_unit,
    membership_required,
    switch_membership,
)
from .forms import (
    AgencyForm,
    AgencyOidcForm,
    AgencyZoneForm,
    FirstAdminForm,
    InviteForm,
    MembershipForm,
    UnitForm,
)
from .models import Agency, Membership, Role, Unit

PLATFORM_PAGE = 50


@login_required
@require_POST
def switch(request: HttpRequest) -> HttpResponse:
    chosen = positive_id(request.POST.get("membership"))
    if chosen is None:
        messages.error(request, _("Pilih instansi dan peran dari daftar."))
        return redirect("core:home")
    membership = switch_membership(request, chosen)
    messages.info(
        request,
        _("Anda kini bekerja di %(agency)s sebagai %(role)s.")
        % {"agency": membership.agency.name, "role": membership.get_role_display()},
    )
    target = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = ""
    return redirect(target or "core:home")


@membership_required()
def unit_list(request: HttpRequest) -> HttpResponse:
    units = (
        Unit.objects.for_agency(request.membership.agency)
        .annotate(people=Count("memberships", filter=Q(memberships__is_active=True)))
        .order_by("-is_active", "name")
    )
    return render(request, "agencies/unit_list.html", {"units": units})


@admin_required
def unit_create(request: HttpRequest) -> HttpResponse:
    form = UnitForm(request.POST or None, agency=request.membership.agency)
    if request.method == "POST" and form.is_valid():
        unit = form.save()
        messages.success(request, _("Unit %(name)s ditambahkan.") % {"name": unit.name})
        return redirect("agencies:units")
    return render(request, "agencies/unit_form.html", {"form": form})


UNIT_FIELDS = ("name", "short_name")
MEMBERSHIP_FIELDS = ("role", "unit", "helix", "organisation")
AGENCY_FIELDS = ("name", "short_code", "category", "province", "time_zone", "is_active")


@admin_required
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_unit(request, pk)
    version = model_version(unit, UNIT_FIELDS)
    form = UnitForm(request.POST or None, instance=unit, agency=request.membership.agency)
    add_version_field(form, version)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if current_or_conflict(form, unit, UNIT_FIELDS) is not None:
                form.save()
                messages.success(request, _("Unit %(name)s tersimpan.") % {"name": unit.name})
                return redirect("agencies:units")
    return render(request, "agencies/unit_form.html", {"form": form, "unit": unit})


@admin_required
@require_POST
def unit_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_unit(request, pk)
    operations.set_unit_active(unit, not unit.is_active)
    if unit.is_active:
        messages.success(request, _("Unit %(name)s diaktifkan kembali.") % {"name": unit.name})
    else:
        messages.success(request, _("Unit %(name)s dinonaktifkan.") % {"name": unit.name})
    return redirect("agencies:units")


def _agency_settings(request: HttpRequest, form_class, template: str, saved) -> HttpResponse:
    """One settings form of the admin's own agency, saved only over the version it showed;
    `saved(agency, changed_fields)` adds the messages."""
    agency = request.membership.agency
    fields = tuple(form_class._meta.fields)
    form = form_class(request.POST or None, instance=agency)
    add_version_field(form, model_version(agency, fields))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if current_or_conflict(form, agency, fields) is not None:
                changed = list(form.changed_data)
                form.save()
                saved(agency, changed)
                return redirect("agencies:units")
    return render(request, template, {"form": form, "agency": agency})


@admin_required
def agency_zone(request: HttpRequest) -> HttpResponse:
    """The agency admin chooses the agency's time zone (WIB, WITA or WIT) and whether its
    coordinators must use two-step sign-in."""

    def saved(agency, changed: list[str]) -> None:
        messages.success(
            request, _("Zona waktu instansi: %(zone)s.") % {"zone": agency.get_time_zone_display()}
        )
        if "two_factor_required_for_admins" not in changed:
            return
        if agency.two_factor_required_for_admins:
            messages.success(
                request,
                _(
                    "Verifikasi dua langkah kini wajib untuk koordinator instansi ini; "
                    "yang belum memasangnya diminta memasang saat membuka Simpul."
                ),
            )
        else:
            messages.success(
                request, _("Verifikasi dua langkah tidak lagi wajib untuk koordinator.")
            )

    return _agency_settings(request, AgencyZoneForm, "agencies/zone_form.html", saved)


@admin_required
def agency_oidc(request: HttpRequest) -> HttpResponse:
    """The agency admin's sign-in settings for OpenID Connect (docs/sign-in.md)."""

    def saved(agency, changed: list[str]) -> None:
        messages.success(request, _("Pengaturan masuk lewat penyedia identitas tersimpan."))

    return _agency_settings(request, AgencyOidcForm, "agencies/oidc_form.html", saved)


@admin_required
def people(request: HttpRequest) -> HttpResponse:
    memberships = (
        Membership.objects.for_agency(request.membership.agency)
        .select_related("user", "unit")
        .order_by("-is_active", "user__full_name", "user__email")
    )
    role = request.GET.get("peran", "")
    if role in Role.values:
        memberships = memberships.filter(role=role)
    query = request.GET.get("q", "").strip()
    if query:
        memberships = memberships.filter(
            Q(user__full_name__icontains=query) | Q(user__email__icontains=query)
        )
    page = Paginator(memberships, 50).get_page(request.GET.get("halaman"))
    return render(
        request,
        "agencies/people.html",
        {"page": page, "roles": Role.choices, "role": role, "query": query},
    )


@admin_required
def person_invite(request: HttpRequest) -> HttpResponse:
    agency = request.membership.agency
    form = InviteForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        with refusal_into(form):
            membership = operations.invite_person(
                agency,
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                role=form.cleaned_data["role"],
                unit=form.cleaned_data["unit"],
                helix=form.cleaned_data["helix"],
                organisation=form.cleaned_data["organisation"],
                invited_by=request.user,
            )
            messages.success(
                request,
                _("Undangan dikirim ke %(email)s.") % {"email": membership.user.email},
            )
            return redirect("agencies:people")
    return render(request, "agencies/person_invite.html", {"form": form})


@admin_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_membership(request, pk)
    form = MembershipForm(
        request.POST or None, agency=request.membership.agency, membership=membership
    )
    add_version_field(form, model_version(membership, MEMBERSHIP_FIELDS))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if current_or_conflict(form, membership, MEMBERSHIP_FIELDS) is not None:
                with refusal_into(form):
                    operations.change_membership(
                        membership,
                        role=form.cleaned_data["role"],
                        unit=form.cleaned_data["unit"],
                        helix=form.cleaned_data["helix"],
                        organisation=form.cleaned_data["organisation"],
                    )
                    name = membership.user
                    messages.success(request, _("Peran %(name)s tersimpan.") % {"name": name})
                    return redirect("agencies:people")
    return render(request, "agencies/person_edit.html", {"form": form, "person": membership})


@admin_required
@require_POST
def person_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_membership(request, pk)
    with refusal_message(request):
        operations.set_membership_active(membership, not membership.is_active)
        if membership.is_active:
            messages.success(request, _("%(name)s diaktifkan kembali.") % {"name": membership.user})
        else:
            messages.success(request, _("%(name)s dinonaktifkan.") % {"name": membership.user})
    return redirect("agencies:people")


@staff_required
def platform_agencies(request: HttpRequest) -> HttpResponse:
    """Every agency of the deployment, 50 a page: a province hosting its 600 kabupaten/kota
    needs search and pages. The counts are subqueries per row of the page, not joins over
    every membership and unit of the platform."""
    agencies = Agency.objects.order_by("name")
    query = request.GET.get("q", "").strip()
    if query:
        agencies = agencies.filter(
            Q(name__icontains=query) | Q(short_code__icontains=query) | Q(province__icontains=query)
        )
    page = Paginator(agencies, PLATFORM_PAGE).get_page(request.GET.get("halaman"))
    counted = Agency.objects.filter(pk__in=[agency.pk for agency in page]).annotate(
        people=_count(Membership.objects.filter(agency=OuterRef("pk"), is_active=True)),
        unit_count=_count(Unit.objects.filter(agency=OuterRef("pk"))),
    )
    by_pk = {agency.pk: agency for agency in counted.order_by("name")}
    page.object_list = [by_pk[agency.pk] for agency in page]
    return render(
        request,
        "agencies/platform_agencies.html",
        {"page": page, "agencies": page.object_list, "query": query},
    )


def _count(rows) -> Subquery:
    return Coalesce(
        Subquery(rows.order_by().values("agency").annotate(n=Count("pk")).values("n")),
        0,
    )


@staff_required
def platform_agency_create(request: HttpRequest) -> HttpResponse:
    form = AgencyForm(request.POST or None)
    admin_form = FirstAdminForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and admin_form.is_valid():
        agency = operations.create_agency(
            form.save(commit=False),
            admin_email=admin_form.cleaned_data["admin_email"],
            admin_name=admin_form.cleaned_data["admin_name"],
            created_by=request.user,
        )
        messages.success(request, _("Instansi %(name)s dibuat.") % {"name": agency.name})
        return redirect("agencies:platform")
    return render(
        request, "agencies/platform_agency_form.html", {"form": form, "admin_form": admin_form}
    )


@staff_required
def platform_agency_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agency = get_object_or_404(Agency, pk=pk)
    form = AgencyForm(request.POST or None, instance=agency)
    add_version_field(form, model_version(agency, AGENCY_FIELDS))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if current_or_conflict(form, agency, AGENCY_FIELDS) is not None:
                form.save()
                messages.success(request, _("Instansi %(name)s tersimpan.") % {"name": agency.name})
                return redirect("agencies:platform")
    return render(request, "agencies/platform_agency_form.html", {"form": form, "agency": agency})
