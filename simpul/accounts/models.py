from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

# New accounts take their email as username, which Django caps at 150 characters.
EMAIL_MAX_LENGTH = 150


class User(AbstractUser):
    """A person who signs in. Roles live on Membership, one per agency.

    `is_staff` marks platform staff, who manage agencies across the deployment.
    """

    email = models.EmailField(_("email"), unique=True)
    full_name = models.CharField(_("nama lengkap"), max_length=200, blank=True)
    job_title = models.CharField(_("jabatan"), max_length=200, blank=True)
    phone = models.CharField(_("telepon"), max_length=40, blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="user_email_ci_unique",
                violation_error_message=_("Email ini sudah dipakai akun lain."),
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username


class LoginFailure(models.Model):
    """One failed sign-in, kept for a short window to slow down password guessing."""

    username = models.CharField(max_length=254, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("kegagalan masuk")
        verbose_name_plural = _("kegagalan masuk")

    def __str__(self) -> str:
        return f"{self.username} @ {self.at:%Y-%m-%d %H:%M}"


class RateEvent(models.Model):
    """One counted request (a reset mail, a registration, an invitation join) for rate limits.

    `key` is what the limit counts on: a client address or a normalised target such as an
    email; rows older than the window are deleted as new ones arrive.
    """

    scope = models.CharField(max_length=30)
    key = models.CharField(max_length=254)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("permintaan terbatas")
        verbose_name_plural = _("permintaan terbatas")
        indexes = [models.Index(fields=["scope", "key", "at"])]

    def __str__(self) -> str:
        return f"{self.scope} · {self.key} @ {self.at:%Y-%m-%d %H:%M}"


class SpentRecoveryCode(models.Model):
    """A recovery code that has been used, kept (as its digest) only to say "already used".

    The unused codes are django-otp `StaticToken`s of the person's recovery `StaticDevice`,
    also stored as digests (simpul/accounts/two_factor/__init__.py); a used token is deleted
    there and recorded here, and both go when the person makes new codes.
    """

    device = models.ForeignKey(
        "otp_static.StaticDevice", on_delete=models.CASCADE, related_name="spent_codes"
    )
    digest = models.CharField(max_length=16)
    used_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kode pemulihan terpakai")
        verbose_name_plural = _("kode pemulihan terpakai")
        indexes = [models.Index(fields=["device", "digest"])]

    def __str__(self) -> str:
        return f"{self.device_id} @ {self.used_at:%Y-%m-%d %H:%M}"
