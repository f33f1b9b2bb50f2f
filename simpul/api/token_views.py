"""The person's own API tokens page: create (the token shown once), list, revoke.

Tokens are fetched only through `ApiToken.objects.of_user(request.user)`: another person's
token, of this agency or another, is a 404.
"""

import secrets

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from simpul.agencies.models import Membership
from simpul.api.models import ApiToken, TokenScope
from simpul.api.operations import create_token, revoke_token

USED_FORMS_KEY = "simpul_api_token_forms"
USED_FORMS_KEPT = 20
VALIDITY_DAYS = [
    (30, gettext_lazy("30 hari")),
    (90, gettext_lazy("90 hari")),
    (180, gettext_lazy("180 hari")),
    (365, gettext_lazy("1 tahun")),
]


class MembershipChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        return f"{obj.agency.name}: {obj.get_role_display()}"


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Nama token"),
        max_length=100,
        help_text=gettext_lazy("Untuk membedakan token, mis. “Skrip portal Satu Data”."),
        error_messages={
            "required": gettext_lazy("Nama token wajib diisi."),
            "max_length": gettext_lazy("Nama token paling panjang %(limit_value)d karakter."),
        },
    )
    membership = MembershipChoice(
        label=gettext_lazy("Bertindak sebagai"),
        queryset=Membership.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": gettext_lazy("Pilih salah satu peran aktif Anda.")},
    )
    scope = forms.ChoiceField(
        label=gettext_lazy("Cakupan"),
        choices=TokenScope.choices,
        initial=TokenScope.READ,
        error_messages={"invalid_choice": gettext_lazy("Cakupan harus baca atau baca-tulis.")},
    )
    # One value per rendered form: a reload that posts the same form again makes no second token.
    once = forms.CharField(widget=forms.HiddenInput, required=False)
    days = forms.TypedChoiceField(
        label=gettext_lazy("Berlaku"),
        choices=VALIDITY_DAYS,
        coerce=int,
        initial=90,
        error_messages={"invalid_choice": gettext_lazy("Pilih masa berlaku dari daftar.")},
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["once"].initial = secrets.token_urlsafe(16)
        self.fields["membership"].queryset = (
            Membership.objects.active().filter(user=user).select_related("agency")
        )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Nama token wajib diisi."))
        return name


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None, user=request.user)
    created = plain = None
    once = request.POST.get("once", "")
    used = request.session.get(USED_FORMS_KEY, [])
    if request.method == "POST" and once and once in used:
        messages.info(
            request,
            _(
                "Token dari formulir ini sudah dibuat dan hanya ditampilkan sekali; memuat "
                "ulang tidak membuat token kedua. Bila belum tersalin, cabut token itu dan buat "
                "yang baru."
            ),
        )
        return redirect("api_tokens:list")
    if request.method == "POST" and form.is_valid():
        if once:
            request.session[USED_FORMS_KEY] = [*used, once][-USED_FORMS_KEPT:]
        created, plain = create_token(
            form.cleaned_data["membership"],
            form.cleaned_data["name"],
            form.cleaned_data["scope"],
            form.cleaned_data["days"],
        )
        form = TokenForm(user=request.user)
    listed = ApiToken.objects.of_user(request.user).select_related("membership__agency")
    response = render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": listed, "created": created, "plain_token": plain},
    )
    if plain:
        # The one response that carries the plain token must never be stored anywhere.
        response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken.objects.of_user(request.user), pk=pk)
    revoke_token(token)
    messages.success(request, _("Token “%(name)s” dicabut.") % {"name": token.name})
    return redirect("api_tokens:list")
