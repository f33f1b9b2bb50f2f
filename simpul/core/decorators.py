from contextlib import contextmanager
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from simpul.core.errors import Refusal


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


def refusals_redirect(to):
    """A `Refusal` raised by the view becomes an error message and a redirect.

    `to` is a URL name, reversed with the URL's `pk` when it has one, or a callable
    `to(request, *args, **kwargs)` returning the address. Nothing was saved (the write operation
    refused inside its transaction), so going back to the page loses nothing but the click.
    A request for JSON gets `{"error": {"field", "message"}}` with status 400 instead.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except Refusal as refusal:
                if request.accepts("application/json") and not request.accepts("text/html"):
                    return JsonResponse(refusal.as_json(), status=refusal.status_code)
                messages.error(request, refusal.message)
                if callable(to):
                    return redirect(to(request, *args, **kwargs))
                match = request.resolver_match
                pk = match.kwargs.get("pk") if match else None
                return redirect(to, pk) if pk is not None else redirect(to)

        return wrapper

    return decorator


@contextmanager
def refusal_message(request):
    """Inside the block, a `Refusal` becomes an error message and the rest of the block is
    skipped; the view goes on after it (usually to its redirect)."""
    try:
        yield
    except Refusal as refusal:
        messages.error(request, refusal.message)


@contextmanager
def refusal_into(form, field: str | None = None):
    """Inside the block, a `Refusal` becomes an error of `form` (on `field`, or the whole form)
    and the rest of the block is skipped; the view goes on to show the form again, as typed."""
    try:
        yield
    except Refusal as refusal:
        form.add_error(field, refusal.message)
