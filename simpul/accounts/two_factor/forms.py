from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from simpul.accounts import throttle

from . import operations

MESSAGES = {
    "wrong": _(
        "Kode verifikasi salah. Masukkan 6 angka yang sedang tampil di aplikasi autentikator."
    ),
    "expired": _(
        "Kode ini sudah kedaluwarsa. Masukkan kode yang sedang tampil di aplikasi autentikator; "
        "bila terus ditolak, periksa jam di ponsel Anda."
    ),
    "reused": _(
        "Kode ini sudah dipakai. Tunggu sampai aplikasi autentikator menampilkan kode berikutnya."
    ),
    "recovery_wrong": _(
        "Kode pemulihan salah. Ketik salah satu kode dari daftar yang Anda simpan saat "
        "memasang verifikasi dua langkah, atau 6 angka dari aplikasi autentikator."
    ),
    "recovery_reused": _(
        "Kode pemulihan ini sudah pernah dipakai; setiap kode hanya berlaku sekali. Pakai kode "
        "lain dari daftar Anda."
    ),
    "locked": _(
        "Terlalu banyak kode yang salah. Demi keamanan, coba lagi dalam %(minutes)d menit."
    ),
}


class CodeForm(forms.Form):
    """One code: 6 digits from the authenticator or, when `allow_recovery`, a recovery code.

    Wrong codes count against the person like wrong passwords (throttle.py), under their own
    key, so a locked code step does not also lock the password and the reverse.
    """

    code = forms.CharField(
        label=_("Kode verifikasi"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, user, request, allow_recovery: bool = True, setup_key=None, **kw):
        super().__init__(*args, **kw)
        self.user = user
        self.request = request
        self.setup_key = setup_key
        self.check = None
        self.recovery_codes: list[str] = []
        if allow_recovery:
            self.fields["code"].help_text = _(
                "6 angka dari aplikasi autentikator, atau salah satu kode pemulihan Anda."
            )
        else:
            self.fields["code"].help_text = _("6 angka dari aplikasi autentikator.")
            self.fields["code"].widget.attrs["inputmode"] = "numeric"
        self.allow_recovery = allow_recovery

    def clean(self):
        code = (self.cleaned_data.get("code") or "").strip()
        if not code:
            return self.cleaned_data
        key = f"otp:{self.user.pk}"
        ip_address = throttle.client_ip(self.request)
        if throttle.is_locked(key, ip_address):
            minutes = max(1, settings.LOGIN_FAILURE_WINDOW_SECONDS // 60)
            raise forms.ValidationError(
                MESSAGES["locked"], code="locked", params={"minutes": minutes}
            )
        if self.setup_key is not None:
            self.check, self.recovery_codes = operations.confirm_setup(
                self.user, self.setup_key, code
            )
        elif not self.allow_recovery and not _digits(code):
            self.check = operations.Check(error="wrong")
        else:
            self.check = operations.check_code(self.user, code)
        if not self.check.ok:
            throttle.record_failure(key, ip_address)
            raise forms.ValidationError(MESSAGES[self.check.error], code=self.check.error)
        throttle.clear_failures(key)
        return self.cleaned_data


def _digits(code: str) -> bool:
    return "".join(code.split()).isdigit()
