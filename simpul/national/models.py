"""Published national SPBE evaluation results per instansi, and the link of a deployment agency
to its published name."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from simpul.agencies.models import Agency, AgencyCategory

DOMAIN_FIELDS = {"D1": "d1", "D2": "d2", "D3": "d3", "D4": "d4"}
# The SPBE 2020 domains by name, shown beside their codes.
DOMAIN_NAMES = {
    "D1": _("Kebijakan Internal"),
    "D2": _("Tata Kelola"),
    "D3": _("Manajemen"),
    "D4": _("Layanan"),
}
SCALE_MIN, SCALE_MAX = Decimal("1.00"), Decimal("5.00")


class PublishedResult(models.Model):
    """One row of a KemenPAN-RB evaluation report: an instansi's domain indexes and index."""

    year = models.PositiveSmallIntegerField(_("tahun"), db_index=True)
    category = models.CharField(_("kategori"), max_length=20, choices=AgencyCategory.choices)
    province = models.CharField(_("provinsi"), max_length=100, blank=True)
    name = models.CharField(_("nama instansi"), max_length=250)
    key = models.CharField(max_length=250, db_index=True, editable=False)
    d1 = models.DecimalField(_("D1 Kebijakan"), max_digits=4, decimal_places=2)
    d2 = models.DecimalField(_("D2 Tata Kelola"), max_digits=4, decimal_places=2)
    d3 = models.DecimalField(_("D3 Manajemen"), max_digits=4, decimal_places=2)
    d4 = models.DecimalField(_("D4 Layanan"), max_digits=4, decimal_places=2)
    index = models.DecimalField(_("indeks"), max_digits=4, decimal_places=2)
    predicate = models.CharField(_("predikat"), max_length=30)
    source = models.CharField(_("sumber"), max_length=100)
    flag = models.CharField(
        _("catatan anomali"),
        max_length=200,
        blank=True,
        help_text=_("Diisi bila nilai di luar skala 1,00–5,00 sebagaimana tercetak di sumber."),
    )

    class Meta:
        verbose_name = _("hasil evaluasi nasional")
        verbose_name_plural = _("hasil evaluasi nasional")
        ordering = ["year", "category", "province", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "category", "province", "name"], name="published_result_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} · {self.name} · {self.index}"

    @property
    def domains(self) -> dict[str, Decimal]:
        return {code: getattr(self, field) for code, field in DOMAIN_FIELDS.items()}


class AgencyLink(models.Model):
    """The published name of a deployment agency, chosen by hand (overrides name matching)."""

    agency = models.OneToOneField(Agency, on_delete=models.CASCADE, related_name="national_link")
    category = models.CharField(_("kategori"), max_length=20, choices=AgencyCategory.choices)
    name = models.CharField(_("nama dalam laporan"), max_length=250)
    key = models.CharField(max_length=250, editable=False)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    linked_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tautan hasil nasional")
        verbose_name_plural = _("tautan hasil nasional")

    def __str__(self) -> str:
        return f"{self.agency} → {self.name}"
