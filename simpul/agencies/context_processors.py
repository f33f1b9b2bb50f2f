def current_membership(request) -> dict:
    return {
        "membership": getattr(request, "membership", None),
        "all_memberships": getattr(request, "all_memberships", []),
    }
