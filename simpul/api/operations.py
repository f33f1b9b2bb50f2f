"""Write operations on API tokens, each in one transaction."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from simpul.agencies.models import Membership
from simpul.api.models import ApiToken
from simpul.api.tokens import hash_token, new_token


@transaction.atomic
def create_token(membership: Membership, name: str, scope: str, days: int) -> tuple[ApiToken, str]:
    """A new token for `membership`, valid `days` days: the row, and the plain token.

    The plain token exists only in the return value: the caller shows it once.
    """
    plain = new_token()
    token = ApiToken.objects.create(
        membership=membership,
        name=name.strip(),
        scope=scope,
        prefix=plain[:12],
        key_hash=hash_token(plain),
        expires_at=timezone.now() + timedelta(days=days),
    )
    return token, plain


@transaction.atomic
def revoke_token(token: ApiToken) -> None:
    """Revoke for good (kept, for the record of when it was last used). Idempotent."""
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
