"""API tokens: one per person, agency (membership) and purpose, stored only as a hash."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simpul.agencies.models import Membership


class TokenScope(models.TextChoices):
    READ = "read", _("baca")
    WRITE = "write", _("baca-tulis")


class ApiTokenQuerySet(models.QuerySet):
    def of_user(self, user) -> "ApiTokenQuerySet":
        """The tokens of one person (their own page lists and revokes only these)."""
        return self.filter(membership__user=user)

    def usable(self) -> "ApiTokenQuerySet":
        """Not revoked, not expired, for an active person in an active membership and agency."""
        return self.filter(
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
            membership__is_active=True,
            membership__agency__is_active=True,
            membership__user__is_active=True,
        )


class ApiToken(models.Model):
    """A bearer token for /api/v1 acting as one membership (a person in one agency).

    Only the SHA-256 of the token is kept: it is 256 random bits, so a slow hash adds
    nothing, and a lookup by hash needs no per-row comparison. `prefix` (the first
    characters) lets the owner tell tokens apart on the page.
    """

    membership = models.ForeignKey(
        Membership,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("keanggotaan"),
    )
    name = models.CharField(_("nama"), max_length=100)
    scope = models.CharField(
        _("cakupan"), max_length=10, choices=TokenScope.choices, default=TokenScope.READ
    )
    prefix = models.CharField(max_length=16)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("berlaku sampai"))
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired
