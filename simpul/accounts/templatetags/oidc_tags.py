from django import template

from simpul.accounts import oidc

register = template.Library()


@register.simple_tag
def oidc_providers() -> list:
    """The enabled OpenID Connect providers, for the sign-in page's buttons."""
    return oidc.enabled_providers()
