from django.utils import timezone

from .access import resolve_membership


class CurrentMembershipMiddleware:
    """Puts `request.membership` (the agency and role the user acts as) on every request,
    and activates that agency's time zone, so forms read and pages show its local times."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.all_memberships = []
        request.membership = None
        if request.user.is_authenticated:
            request.membership = resolve_membership(request)
        if request.membership is not None:
            timezone.activate(request.membership.agency.zone)
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            # The thread serves other agencies next: never leak this one's zone.
            timezone.deactivate()
