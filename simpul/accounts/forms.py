from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.template import loader
from django.utils.translation import gettext_lazy as _

from . import throttle
from .models import User
from .phones import normalise_mobile


class SignInForm(AuthenticationForm):
    """Sign in with email or username; repeated failures lock the account for a while."""

    username = forms.CharField(
        label=_("Email atau nama pengguna"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Kata sandi"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": _(
            "Email/nama pengguna atau kata sandi salah. Periksa kembali, huruf besar dan kecil "
            "dibedakan."
        ),
        "inactive": _("Akun ini tidak aktif. Hubungi koordinator SPBE instansi Anda."),
        "locked": _(
            "Terlalu banyak percobaan masuk yang gagal. Demi keamanan, coba lagi dalam "
            "%(minutes)d menit atau atur ulang kata sandi."
        ),
    }

    def clean(self):
        login = (self.cleaned_data.get("username") or "").strip()
        password = self.cleaned_data.get("password")
        if not login or not password:
            return self.cleaned_data
        ip_address = throttle.client_ip(self.request) if self.request else None
        key, account = throttle.account_key(login)
        if throttle.is_locked(key, ip_address):
            minutes = max(1, settings.LOGIN_FAILURE_WINDOW_SECONDS // 60)
            raise forms.ValidationError(
                self.error_messages["locked"], code="locked", params={"minutes": minutes}
            )
        username = account.username if account is not None else login
        self.user_cache = authenticate(self.request, username=username, password=password)
        if self.user_cache is None:
            throttle.record_failure(key, ip_address)
            raise self.get_invalid_login_error()
        self.confirm_login_allowed(self.user_cache)
        throttle.clear_failures(key)
        return self.cleaned_data

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        # An agency may require OIDC for its staff (simpul/accounts/oidc.py).
        from .oidc import password_refusal

        refusal = password_refusal(user)
        if refusal:
            raise forms.ValidationError(refusal, code="oidc_required")


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "job_title", "phone"]

    def clean_phone(self) -> str:
        """An Indonesian mobile number, stored in E.164 (+628...); empty stops WhatsApp."""
        phone = self.cleaned_data["phone"].strip()
        return normalise_mobile(phone) if phone else ""


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's reset form, with the email put in the outbox instead of sent in the request:
    a mail outage would otherwise drop the link without a word (Django only logs it)."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        from simpul.notifications.api import queue_email

        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        queue_email(to_email, subject, body)
