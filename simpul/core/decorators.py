from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


def staff_required(view):
    """Platform staff only: sign in first if needed; anyone else signed in gets our 403 page.

    Django's `staff_member_required` sends a signed-in agency admin to the admin login,
    which reads as "your session ended" instead of "this page is not for you".
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (request.user.is_active and request.user.is_staff):
            raise PermissionDenied(_("Halaman ini hanya untuk staf platform Simpul."))
        return view(request, *args, **kwargs)

    return wrapper
