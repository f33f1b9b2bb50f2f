from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from simpul.core.versions import add_version_field, current_or_conflict, model_version

from . import oidc, throttle
from .forms import OutboxPasswordResetForm, ProfileForm, SignInForm
from .two_factor import views as two_factor


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        # Signed in with a password: "Keluar" has no provider session to end.
        self.request.session.pop(oidc.SESSION_PROVIDER, None)
        # The password was right. A person with two-step sign-in is not signed in yet: the
        # code step (two_factor/views.py) finishes the sign-in.
        second_step = two_factor.start_second_step(
            self.request, form.get_user(), self.get_success_url()
        )
        return second_step or super().form_valid(form)


class SignOutView(auth_views.LogoutView):
    """Django's sign-out (POST only). After a sign-in through an OpenID Connect provider the
    browser goes on to the provider's end-session page, which sends it back to the sign-in page
    (docs/sign-in.md); a provider that cannot be reached costs only that second step."""

    def post(self, request, *args, **kwargs):
        provider_id = oidc.signed_in_through(request)
        response = super().post(request, *args, **kwargs)
        if provider_id is not None:
            url = oidc.end_session_url(request, provider_id)
            if url is not None:
                # A page that moves on by itself, not a redirect: the browser applies the CSP
                # `form-action` of the page whose "Keluar" form was sent to redirects too.
                label = next(p.label for p in oidc.configured_providers() if p.id == provider_id)
                context = {"url": url, "provider": label}
                return render(request, "accounts/signed_out_provider.html", context)
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        messages.success(self.request, gettext_lazy("Kata sandi berhasil diubah."))
        return super().form_valid(form)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = OutboxPasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        # Counted per typed address whether or not an account has it, so the refusal says
        # nothing about who is registered.
        email = form.cleaned_data["email"].strip().lower()
        if not throttle.mail_request_allowed("password_reset", self.request, email):
            form.add_error(None, throttle.mail_limit_message())
            return self.form_invalid(form)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        # The lock message promises that a reset unlocks the account.
        throttle.clear_failures(throttle.account_key(form.user.username)[0])
        return super().form_valid(form)


class InvitationAcceptView(auth_views.PasswordResetConfirmView):
    """An invited person sets their first password through a one-time link."""

    template_name = "accounts/invitation_accept.html"
    success_url = reverse_lazy("accounts:login")
    post_reset_login = False

    def form_valid(self, form):
        messages.success(
            self.request, gettext_lazy("Kata sandi tersimpan. Silakan masuk dengan akun Anda.")
        )
        return super().form_valid(form)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    fields = ProfileForm._meta.fields
    form = ProfileForm(request.POST or None, instance=request.user)
    add_version_field(form, model_version(request.user, fields))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if current_or_conflict(form, request.user, fields) is not None:
                form.save()
                messages.success(request, _("Profil tersimpan."))
                return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})
