from .scoping import resolve_membership


class CurrentMembershipMiddleware:
    """Puts `request.membership` (the agency and role the user acts as) on every request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.all_memberships = []
        request.membership = None
        if request.user.is_authenticated:
            request.membership = resolve_membership(request)
        return self.get_response(request)
