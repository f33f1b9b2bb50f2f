from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from . import required_reason

# What a person held for set-up may still reach: the two-step pages themselves, signing out,
# and the language switch of the header.
ALLOWED_VIEWS = {
    "accounts:logout",
    "accounts:two_factor_setup",
    "accounts:two_factor_verify",
    "set_language",
}


class TwoFactorRequiredMiddleware:
    """Holds a signed-in person who must use two-step sign-in, and whose session has not passed
    it, on the set-up page (or the code page, when an authenticator exists) until it is done.

    Runs after CurrentMembershipMiddleware: the requirement is read from the memberships it
    loaded, so pages cost no extra query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.view_name in ALLOWED_VIEWS:
            return None
        reason = required_reason(user, getattr(request, "all_memberships", []))
        if not reason:
            return None
        if reason == "staff":
            text = _("Staf platform wajib memakai verifikasi dua langkah. Pasang sekarang.")
        else:
            text = _(
                "Instansi Anda mewajibkan verifikasi dua langkah untuk koordinator. Pasang "
                "sekarang untuk melanjutkan."
            )
        if request.method == "GET":
            messages.info(request, text)
        return redirect("accounts:two_factor_setup")
