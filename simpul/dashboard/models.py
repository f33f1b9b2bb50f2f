from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from simpul.agencies.models import Agency
from simpul.core.querysets import AgencyScopedQuerySet


class DashboardSettingsQuerySet(AgencyScopedQuerySet):
    pass


class DashboardSettings(models.Model):
    """Per-agency dashboard switches: the target index and the public transparency page."""

    agency = models.OneToOneField(
        Agency, on_delete=models.CASCADE, related_name="dashboard_settings"
    )
    target_index = models.DecimalField(
        _("indeks sasaran"),
        max_digits=6,
        decimal_places=3,
        null=True,
        blank=True,
        help_text=_("Indeks yang hendak dicapai instansi, misalnya 3.500."),
    )
    public_page = models.BooleanField(
        _("halaman publik aktif"),
        default=False,
        help_text=_(
            "Bila aktif, siapa pun dapat membaca riwayat indeks, indeks domain, ringkasan "
            "rapat yang diterbitkan dan utas forum publik tanpa masuk. Data dukung tidak "
            "pernah ditampilkan."
        ),
    )
    # Part of the public page's cache key: bumped whenever what the page shows changes.
    public_version = models.PositiveIntegerField(default=0, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = DashboardSettingsQuerySet.as_manager()

    class Meta:
        verbose_name = _("pengaturan dasbor")
        verbose_name_plural = _("pengaturan dasbor")

    def __str__(self) -> str:
        return str(self.agency)
