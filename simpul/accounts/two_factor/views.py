"""The pages of two-step sign-in: the code step after the password, set-up, and the person's
own two-step page (new recovery codes, turning it off)."""

import time

import django_otp
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import default_key

from simpul.accounts.models import User

from . import (
    PENDING_KEY,
    PENDING_SECONDS,
    SETUP_KEY,
    has_two_factor,
    operations,
    qr_svg_data_uri,
    recovery_device,
    required_reason,
    secret_of,
)
from .forms import CodeForm


def start_second_step(request: HttpRequest, user, next_url: str) -> HttpResponse | None:
    """Called by the sign-in view once the password is right: for a person with an
    authenticator, keep the sign-in pending and ask for the code; None signs in as before."""
    if not has_two_factor(user):
        return None
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "backend": getattr(user, "backend", None),
        "at": time.time(),
        "next": next_url,
    }
    return redirect("accounts:two_factor_verify")


def _pending_user(request: HttpRequest):
    """The person whose password was accepted in this session, while the step is fresh."""
    pending = request.session.get(PENDING_KEY)
    if not isinstance(pending, dict):
        return None, None
    if time.time() - float(pending.get("at") or 0) > PENDING_SECONDS:
        del request.session[PENDING_KEY]
        return None, None
    user = User.objects.filter(pk=pending.get("user"), is_active=True).first()
    return user, pending


def _safe_next(request: HttpRequest, target: str) -> str:
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("core:home")


def verify(request: HttpRequest) -> HttpResponse:
    """The second step: the 6-digit code, or one recovery code."""
    pending = None
    if request.user.is_authenticated:
        # A session signed in before the authenticator existed (or by another way in).
        if request.user.is_verified() or not has_two_factor(request.user):
            return redirect("core:home")
        user = request.user
    else:
        user, pending = _pending_user(request)
        if user is None:
            messages.error(
                request,
                _("Waktu untuk memasukkan kode sudah habis. Silakan masuk lagi dengan kata sandi."),
            )
            return redirect("accounts:login")
    form = CodeForm(request.POST or None, user=user, request=request)
    if request.method == "POST" and form.is_valid():
        device = form.check.device
        target = request.GET.get("next", "")
        if pending is not None:
            request.session.pop(PENDING_KEY, None)
            target = pending.get("next") or ""
            auth_login(request, user, backend=pending.get("backend"))
        django_otp.login(request, device)
        left = form.check.recovery_left
        if left is not None:
            messages.warning(
                request,
                ngettext(
                    "Anda masuk dengan kode pemulihan. Tersisa %(count)d kode; buat kode baru di "
                    "halaman verifikasi dua langkah.",
                    "Anda masuk dengan kode pemulihan. Tersisa %(count)d kode; buat kode baru di "
                    "halaman verifikasi dua langkah.",
                    left,
                )
                % {"count": left},
            )
        return redirect(_safe_next(request, target))
    return render(request, "accounts/two_factor/verify.html", {"form": form, "person": user})


@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """Scan the QR code (or type the secret), confirm with a first code, get recovery codes."""
    if has_two_factor(request.user):
        if not request.user.is_verified():
            return redirect("accounts:two_factor_verify")
        return redirect("accounts:two_factor")
    key = request.session.get(SETUP_KEY)
    if not isinstance(key, str) or len(key) != 40:
        key = request.session[SETUP_KEY] = default_key()
    device = operations.setup_device(request.user, key)
    form = CodeForm(
        request.POST or None,
        user=request.user,
        request=request,
        allow_recovery=False,
        setup_key=key,
    )
    form.fields["code"].label = _("Kode pertama dari aplikasi")
    if request.method == "POST" and form.is_valid():
        request.session.pop(SETUP_KEY, None)
        django_otp.login(request, form.check.device)
        messages.success(request, _("Verifikasi dua langkah aktif."))
        return _show_codes(request, form.recovery_codes)
    context = {
        "form": form,
        "secret": secret_of(device),
        "otpauth": device.config_url,
        "qr": qr_svg_data_uri(device),
        "reason": required_reason(request.user, request.all_memberships),
    }
    return render(request, "accounts/two_factor/setup.html", context)


def _show_codes(request: HttpRequest, codes: list[str]) -> HttpResponse:
    """The recovery codes, this once: rendered in the response of the POST that made them and
    never stored readable, so a reload cannot show them again."""
    text = "\n".join(
        [
            _("Kode pemulihan Simpul untuk %(login)s") % {"login": request.user.email},
            _("Setiap kode hanya berlaku sekali."),
            "",
            *codes,
            "",
        ]
    )
    response = render(
        request, "accounts/two_factor/codes.html", {"codes": codes, "codes_text": text}
    )
    response["Cache-Control"] = "no-store"
    return response


def _must_verify(request: HttpRequest) -> HttpResponse | None:
    if has_two_factor(request.user) and not request.user.is_verified():
        # Back to the two-step page afterwards: the POST-only actions cannot be a GET target.
        target = reverse("accounts:two_factor")
        return redirect(f"{reverse('accounts:two_factor_verify')}?next={target}")
    return None


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    """The person's own two-step page: state, recovery codes left, new codes, turning off."""
    if (held := _must_verify(request)) is not None:
        return held
    enabled = has_two_factor(request.user)
    static = recovery_device(request.user) if enabled else None
    form = CodeForm(user=request.user, request=request)
    form.fields["code"].widget.attrs.pop("autofocus", None)
    context = {
        "enabled": enabled,
        "codes_left": static.token_set.count() if static else 0,
        "reason": required_reason(request.user, request.all_memberships),
        "form": form,
    }
    return render(request, "accounts/two_factor/manage.html", context)


@login_required
@require_POST
def new_codes(request: HttpRequest) -> HttpResponse:
    if (held := _must_verify(request)) is not None:
        return held
    if not has_two_factor(request.user):
        return redirect("accounts:two_factor_setup")
    codes = operations.make_recovery_codes(request.user)
    messages.success(request, _("Kode pemulihan baru dibuat; kode lama tidak berlaku lagi."))
    return _show_codes(request, codes)


@login_required
@require_POST
def turn_off(request: HttpRequest) -> HttpResponse:
    """Turning off asks for a code again: a session left open is not enough."""
    if (held := _must_verify(request)) is not None:
        return held
    if not has_two_factor(request.user):
        return redirect("accounts:two_factor")
    reason = required_reason(request.user, request.all_memberships)
    if reason:
        messages.error(
            request,
            _("Verifikasi dua langkah wajib untuk Anda dan tidak dapat dimatikan."),
        )
        return redirect("accounts:two_factor")
    form = CodeForm(request.POST, user=request.user, request=request)
    if not form.is_valid():
        context = {
            "enabled": True,
            "codes_left": _codes_left(request.user),
            "reason": "",
            "form": form,
        }
        return render(request, "accounts/two_factor/manage.html", context)
    operations.turn_off(request.user)
    messages.success(request, _("Verifikasi dua langkah dimatikan."))
    return redirect("accounts:two_factor")


def _codes_left(user) -> int:
    static = recovery_device(user)
    return static.token_set.count() if static else 0


def admin_login(request: HttpRequest, extra_context=None) -> HttpResponse:
    """Stands in for the Django admin's login page, which asks only for the password: a
    visitor goes to Simpul's sign-in (and its code step) instead; a signed-in person without
    admin access is refused rather than sent round in a loop."""
    if request.user.is_authenticated:
        raise PermissionDenied
    target = request.GET.get("next") or reverse("admin:index")
    return redirect_to_login(_safe_next(request, target), reverse("accounts:login"))
