"""The access chokepoint: which agency a request acts for, and what it may reach there.

Every view that touches agency data goes through `membership_required` and fetches objects
with the helpers below, which filter by the current agency first. An object of another
agency is therefore a 404, never a 403 that would confirm it exists.
"""

from collections.abc import Callable, Iterable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404, redirect

from .capabilities import roles_with
from .models import Membership, Unit

SESSION_KEY = "simpul_membership_id"


def memberships_of(user) -> list[Membership]:
    if not user.is_authenticated:
        return []
    return list(
        Membership.objects.active()
        .filter(user=user)
        .select_related("agency", "unit")
        .order_by("agency__name", "role")
    )


def resolve_membership(request: HttpRequest) -> Membership | None:
    """The membership chosen in this session, or the user's first one."""
    memberships = memberships_of(request.user)
    request.all_memberships = memberships
    chosen = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    for membership in memberships:
        if membership.pk == chosen:
            return membership
    return memberships[0] if memberships else None


def switch_membership(request: HttpRequest, membership_id: int) -> Membership:
    membership = get_object_or_404(
        Membership.objects.active().filter(user=request.user), pk=membership_id
    )
    request.session[SESSION_KEY] = membership.pk
    return membership


def membership_required(
    roles: Iterable[str] | None = None,
    *,
    capability: str | None = None,
) -> Callable:
    """Require a signed-in user acting for an agency, optionally holding `capability`.

    `capability` names a row of simpul/agencies/capabilities.py; an unknown name raises
    KeyError here, when the view module is imported. `roles` is the older spelling (a role
    list) and stays for one release; new code names a capability.
    """
    if roles is not None and capability is not None:
        raise ValueError("Give roles or capability, not both")
    if capability is not None:
        allowed = roles_with(capability)
    else:
        allowed = frozenset(roles) if roles is not None else None

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            membership = request.membership
            if membership is None:
                return redirect("core:home")
            if allowed is not None and membership.role not in allowed:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.capability = capability
        return wrapper

    return decorator


def capability_required(capability: str) -> Callable:
    """`membership_required` for one capability: `@capability_required("cycle.review")`."""
    return membership_required(capability=capability)


admin_required = capability_required("agency.admin")


def get_unit(request: HttpRequest, pk: int) -> Unit:
    return get_object_or_404(Unit.objects.for_agency(request.membership.agency), pk=pk)


def get_membership(request: HttpRequest, pk: int) -> Membership:
    return get_object_or_404(
        Membership.objects.for_agency(request.membership.agency).select_related("user", "unit"),
        pk=pk,
    )
