from django.utils import timezone

from .models import zone_abbreviation


def current_membership(request) -> dict:
    return {
        "membership": getattr(request, "membership", None),
        "all_memberships": getattr(request, "all_memberships", []),
        # WIB, WITA or WIT: the zone the page's times are shown in.
        "zone_abbr": zone_abbreviation(timezone.get_current_timezone()),
    }
