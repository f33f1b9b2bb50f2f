import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simpul.core.choices import ChoiceSet, legacy_values
from simpul.core.querysets import AgencyScopedQuerySet

from .capabilities import ordered_roles, roles_with
from .roles import Role


@legacy_values(
    kementerian="ministry", lembaga="agency", provinsi="province", kabupaten="regency", kota="city"
)
class AgencyCategory(ChoiceSet):
    MINISTRY = "ministry", _("Kementerian")
    AGENCY = "agency", _("Lembaga")
    PROVINCE = "province", _("Pemerintah Provinsi")
    REGENCY = "regency", _("Pemerintah Kabupaten")
    CITY = "city", _("Pemerintah Kota")


class TimeZone(models.TextChoices):
    """Indonesia's three zones (no daylight saving). The value is the IANA name."""

    WIB = "Asia/Jakarta", _("WIB (Waktu Indonesia Barat, UTC+7)")
    WITA = "Asia/Makassar", _("WITA (Waktu Indonesia Tengah, UTC+8)")
    WIT = "Asia/Jayapura", _("WIT (Waktu Indonesia Timur, UTC+9)")

    @property
    def abbreviation(self) -> str:
        return self.name


def zone_abbreviation(zone) -> str:
    """ "WITA" for Asia/Makassar (a ZoneInfo or its name); other zones by their own name."""
    key = getattr(zone, "key", str(zone))
    return TimeZone(key).abbreviation if key in TimeZone.values else key


# Roles a person created at their first OIDC sign-in may get: never admin, never partner.
OIDC_NEW_MEMBER_ROLES = ordered_roles("oidc.new_member")


@legacy_values(
    pemerintah="government", akademisi="academia", swasta="business", masyarakat="community"
)
class Helix(ChoiceSet):
    GOVERNMENT = "government", _("Pemerintah")
    ACADEMIA = "academia", _("Akademisi")
    BUSINESS = "business", _("Swasta")
    COMMUNITY = "community", _("Masyarakat")
    MEDIA = "media", _("Media")


class AgencyQuerySet(models.QuerySet):
    def for_user(self, user) -> "AgencyQuerySet":
        """The agencies a user may enter: platform staff see all, others their memberships."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_staff:
            return self.filter(is_active=True)
        return self.filter(
            is_active=True, memberships__user=user, memberships__is_active=True
        ).distinct()


class Agency(models.Model):
    """An instansi: the tenant. Everything an agency owns is reached through it."""

    name = models.CharField(_("nama instansi"), max_length=200, unique=True)
    short_code = models.SlugField(
        _("kode singkat"),
        max_length=40,
        unique=True,
        help_text=_("Huruf kecil, angka dan tanda hubung, misalnya kab-natuna."),
    )
    category = models.CharField(_("kategori"), max_length=20, choices=AgencyCategory.choices)
    province = models.CharField(_("provinsi"), max_length=100, blank=True)
    time_zone = models.CharField(
        _("zona waktu"),
        max_length=32,
        choices=TimeZone.choices,
        default=TimeZone.WIB,
        help_text=_("Rapat, tenggat, pengingat, email dan .ics memakai zona waktu ini."),
    )
    two_factor_required_for_admins = models.BooleanField(
        _("wajibkan verifikasi dua langkah untuk koordinator"),
        default=False,
        help_text=_(
            "Koordinator (admin) instansi ini harus memasang aplikasi autentikator dan memasukkan "
            "kode 6 angka setiap kali masuk."
        ),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Sign-in with OpenID Connect (simpul/accounts/oidc.py, docs/sign-in.md).
    oidc_provider = models.CharField(
        _("penyedia identitas"),
        max_length=40,
        blank=True,
        help_text=_("Nama penyedia di OIDC_PROVIDERS yang dipakai staf instansi ini."),
    )
    oidc_required = models.BooleanField(
        _("wajib masuk lewat penyedia identitas"),
        default=False,
        help_text=_(
            "Staf tidak dapat masuk dengan kata sandi; mitra forum tetap dapat masuk dengan "
            "email dan kata sandi."
        ),
    )
    oidc_create_accounts = models.BooleanField(
        _("buat akun untuk orang baru"),
        default=False,
        help_text=_(
            "Orang yang belum punya akun, dengan email terverifikasi di salah satu domain di "
            "bawah, mendapat akun dan keanggotaan saat pertama kali masuk."
        ),
    )
    oidc_email_domains = models.CharField(
        _("domain email staf"),
        max_length=500,
        blank=True,
        help_text=_("Dipisah koma, misalnya natunakab.go.id, diskominfo.natunakab.go.id."),
    )
    oidc_new_member_role = models.CharField(
        _("peran untuk akun baru"),
        max_length=30,
        choices=[(role.value, role.label) for role in OIDC_NEW_MEMBER_ROLES],
        default=Role.RESPONDENT,
    )

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def zone_abbreviation(self) -> str:
        """WIB, WITA or WIT: written beside every time the agency's people read."""
        return zone_abbreviation(self.time_zone)

    @property
    def email_domains(self) -> list[str]:
        """The domains of oidc_email_domains, lower case."""
        parts = (part.strip().lower() for part in self.oidc_email_domains.split(","))
        return [part for part in parts if part]

    def localtime(self, moment: datetime.datetime) -> datetime.datetime:
        return timezone.localtime(moment, self.zone)

    def today(self, now: datetime.datetime | None = None) -> datetime.date:
        """The agency's calendar day at `now` (default: this instant)."""
        return timezone.localdate(now or timezone.now(), self.zone)


class UnitQuerySet(AgencyScopedQuerySet):
    pass


class Unit(models.Model):
    """A Perangkat Daerah or unit kerja inside one agency."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="units")
    name = models.CharField(_("nama unit"), max_length=200)
    short_name = models.CharField(_("singkatan"), max_length=40, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "name"],
                name="unit_name_unique_per_agency",
                violation_error_message=_("Unit dengan nama ini sudah ada di instansi ini."),
            )
        ]

    def __str__(self) -> str:
        return self.short_name or self.name


class MembershipQuerySet(AgencyScopedQuerySet):
    def active(self) -> "MembershipQuerySet":
        return self.filter(is_active=True, agency__is_active=True, user__is_active=True)


class Membership(models.Model):
    """A person's role in one agency, optionally inside one unit."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("unit kerja"),
    )
    role = models.CharField(_("peran"), max_length=30, choices=Role.choices)
    helix = models.CharField(
        _("kategori heliks"),
        max_length=20,
        choices=Helix.choices,
        blank=True,
        help_text=_("Wajib untuk mitra: pemerintah, akademisi, swasta, masyarakat atau media."),
    )
    organisation = models.CharField(_("organisasi"), max_length=200, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("keanggotaan")
        verbose_name_plural = _("keanggotaan")
        ordering = ["agency__name", "user__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role"],
                name="membership_role_unique",
                violation_error_message=_(
                    "Orang ini sudah memegang peran tersebut di instansi ini."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.agency}"

    @property
    def is_admin(self) -> bool:
        return self.can("agency.admin")

    def can(self, capability: str) -> bool:
        """Whether this role holds `capability` (simpul/agencies/capabilities.py).

        An unknown name raises KeyError: a typo must fail loudly, not read as "no".
        """
        return self.role in roles_with(capability)
