"""`{% load capabilities %}` … `{% if membership|can:"cycle.review" %}`."""

from django import template

from simpul.agencies.capabilities import roles_with

register = template.Library()


@register.filter
def can(membership, capability: str) -> bool:
    """Whether the membership holds the capability; no membership holds none.

    An unknown name raises KeyError even without a membership, so a typo shows at once.
    """
    allowed = roles_with(capability)
    return membership is not None and getattr(membership, "role", None) in allowed
