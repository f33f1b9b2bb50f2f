from django.db import models
from django.utils.translation import gettext_lazy as _

from simpul.frameworks.checking import parse_framework_document
from simpul.frameworks.scoring import IndexEngine
from simpul.frameworks.spec import (
    RULE_EXTERNAL,
    RULE_ITEMS,
    RULE_LEVEL,
    WEIGHT_DECIMAL_PLACES,
    WEIGHT_MAX_DIGITS,
    FrameworkSpec,
    indicator_key,
)

WEIGHT = {"max_digits": WEIGHT_MAX_DIGITS, "decimal_places": WEIGHT_DECIMAL_PLACES}

# Engines by content hash: a framework version never changes, so one build per process.
_ENGINES: dict[str, IndexEngine] = {}


class FrameworkStatus(models.TextChoices):
    OFFICIAL = "official", _("Resmi")
    DRAFT = "draft", _("Draf (belum terverifikasi)")
    COMPILED = "compiled", _("Dihimpun dari sumber sekunder")


class ValueRule(models.TextChoices):
    LEVEL = RULE_LEVEL, _("tingkat dipilih")
    ITEMS = RULE_ITEMS, _("dihitung dari butir")
    EXTERNAL = RULE_EXTERNAL, _("dari indeks lain")


class FrameworkQuerySet(models.QuerySet):
    def for_new_cycles(self) -> "FrameworkQuerySet":
        """Versions a new evaluation cycle may use: every one that is not superseded."""
        return self.filter(superseded_by="")

    def engine(self, code: str) -> IndexEngine | None:
        """The index engine of the framework version `code`, or None if it is not loaded."""
        digest = self.filter(code=code).values_list("content_sha256", flat=True).first()
        if digest is None:
            return None
        if digest not in _ENGINES:
            document = self.filter(code=code).values_list("document", flat=True).get()
            _ENGINES[digest] = IndexEngine(parse_framework_document(document))
        return _ENGINES[digest]


class Framework(models.Model):
    """One immutable version of an assessment instrument, imported from a framework file.

    `document` keeps the validated file as imported; the rows below it (groups, indicators,
    levels, bands) are the same data laid out for queries. A changed file needs a new code.
    """

    code = models.SlugField(_("kode versi"), max_length=60, unique=True)
    name = models.CharField(_("nama"), max_length=300)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=FrameworkStatus.choices,
        default=FrameworkStatus.OFFICIAL,
    )
    notice = models.TextField(_("catatan"), blank=True)
    source = models.TextField(_("sumber"), blank=True)
    superseded_by = models.CharField(_("digantikan oleh"), max_length=60, blank=True)
    level_min = models.PositiveSmallIntegerField(_("tingkat terendah"))
    level_max = models.PositiveSmallIntegerField(_("tingkat tertinggi"))
    weight_total = models.DecimalField(_("jumlah bobot"), **WEIGHT)
    display_decimals = models.PositiveSmallIntegerField(_("desimal tampilan"), default=2)
    scales = models.JSONField(_("skala tingkat"), default=dict)
    document = models.JSONField(_("berkas kerangka"))
    content_sha256 = models.CharField(max_length=64)
    imported_at = models.DateTimeField(auto_now_add=True)

    objects = FrameworkQuerySet.as_manager()

    class Meta:
        verbose_name = _("kerangka penilaian")
        verbose_name_plural = _("kerangka penilaian")
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_draft(self) -> bool:
        return self.status == FrameworkStatus.DRAFT

    @property
    def is_compiled(self) -> bool:
        return self.status == FrameworkStatus.COMPILED

    @property
    def shows_notice(self) -> bool:
        """Whether every page and document showing its index must carry its notice."""
        return self.status in (FrameworkStatus.DRAFT, FrameworkStatus.COMPILED)

    def spec(self) -> FrameworkSpec:
        """The validated, immutable spec of this version (parsed from `document`)."""
        return self.engine().spec

    def engine(self) -> IndexEngine:
        """The index engine of this version, shared by every caller in the process."""
        if self.content_sha256 not in _ENGINES:
            _ENGINES[self.content_sha256] = IndexEngine(parse_framework_document(self.document))
        return _ENGINES[self.content_sha256]


class Group(models.Model):
    """A node of the framework tree above indicators: a domain, an aspect, or any other kind."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="groups")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    code = models.CharField(_("kode"), max_length=40)
    name = models.CharField(_("nama"), max_length=300)
    kind = models.CharField(_("jenis"), max_length=40)
    weight = models.DecimalField(_("bobot"), **WEIGHT)
    depth = models.PositiveSmallIntegerField(default=0)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("kelompok")
        verbose_name_plural = _("kelompok")
        ordering = ["framework", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"],
                name="group_code_unique_per_framework",
                violation_error_message=_("Kode kelompok harus unik dalam satu kerangka."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class IndicatorQuerySet(models.QuerySet):
    def by_key(self, key: str) -> "Indicator | None":
        """The indicator a person means by "19", "I19", "i19" or "I019": its number or its
        code (of one framework: filter by framework first)."""
        key, number = indicator_key(key)
        if not key:
            return None
        exact = self.filter(code=key).first()
        if exact is None and number is not None:
            return self.filter(number=number).first()
        return exact

    def search(self, query: str) -> "IndicatorQuerySet":
        """Indicators whose own texts or level texts contain every word of the query."""
        qs = self
        for word in query.split():
            qs = qs.filter(
                models.Q(code__icontains=word)
                | models.Q(name__icontains=word)
                | models.Q(question__icontains=word)
                | models.Q(description__icontains=word)
                | models.Q(assessment_rule__icontains=word)
                | models.Q(example_evidence__icontains=word)
                | models.Q(levels__criteria__icontains=word)
                | models.Q(levels__fulfilment__icontains=word)
                | models.Q(levels__evidence__icontains=word)
                | models.Q(levels__conditions__icontains=word)
                | models.Q(levels__items__code__icontains=word)
                | models.Q(levels__items__text__icontains=word)
            )
        return qs.distinct()


class Indicator(models.Model):
    """An indicator: the unit that receives a level."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="indicators")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="indicators")
    number = models.PositiveIntegerField(_("nomor"))
    code = models.CharField(_("kode"), max_length=40)
    name = models.CharField(_("nama"), max_length=400)
    question = models.TextField(_("pertanyaan"), blank=True)
    weight = models.DecimalField(_("bobot"), **WEIGHT)
    scale = models.CharField(_("skala"), max_length=40)
    description = models.TextField(_("penjelasan indikator"), blank=True)
    assessment_rule = models.TextField(_("aturan penilaian"), blank=True)
    example_evidence = models.TextField(_("contoh data dukung"), blank=True)
    typical_owner_units = models.TextField(_("unit pemilik lazim"), blank=True)
    notes = models.JSONField(_("catatan"), default=list, blank=True)
    value_rule = models.CharField(
        _("cara penilaian"), max_length=20, choices=ValueRule.choices, default=ValueRule.LEVEL
    )
    # The external index (code, name, scale, native bands, missing value) as in the file.
    external = models.JSONField(_("indeks lain"), null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("indikator")
        verbose_name_plural = _("indikator")
        ordering = ["framework", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"],
                name="indicator_code_unique_per_framework",
                violation_error_message=_("Kode indikator harus unik dalam satu kerangka."),
            ),
            models.UniqueConstraint(
                fields=["framework", "number"],
                name="indicator_number_unique_per_framework",
                violation_error_message=_("Nomor indikator harus unik dalam satu kerangka."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class Level(models.Model):
    """What one maturity level of one indicator means, with the guidance to prove it."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="levels")
    level = models.PositiveSmallIntegerField(_("tingkat"))
    name = models.CharField(_("nama tingkat"), max_length=200)
    criteria = models.TextField(_("kriteria"), blank=True)
    fulfilment = models.TextField(_("pemenuhan"), blank=True)
    evidence = models.TextField(_("data dukung"), blank=True)
    conditions = models.TextField(_("kondisi"), blank=True)

    class Meta:
        verbose_name = _("tingkat kematangan")
        verbose_name_plural = _("tingkat kematangan")
        ordering = ["indicator", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "level"],
                name="level_unique_per_indicator",
                violation_error_message=_("Tingkat ini sudah ada pada indikator tersebut."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} · {self.level} {self.name}"


class Item(models.Model):
    """One item ("butir") of a level: earned by one verdict; codes are unique per framework."""

    level = models.ForeignKey(Level, on_delete=models.CASCADE, related_name="items")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("kode butir"), max_length=40)
    text = models.TextField(_("teks butir"), blank=True)
    evidence_kind = models.TextField(_("jenis data dukung"), blank=True)
    portal_code = models.CharField(_("kode portal"), max_length=40, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("butir")
        verbose_name_plural = _("butir")
        ordering = ["indicator", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "code"],
                name="item_code_unique_per_indicator",
                violation_error_message=_("Kode butir harus unik dalam satu indikator."),
            )
        ]

    def __str__(self) -> str:
        return self.code


class PredicateBand(models.Model):
    """A predicate and the range of index values it covers, with explicit bound inclusion."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="bands")
    name = models.CharField(_("predikat"), max_length=60)
    lower = models.DecimalField(_("batas bawah"), null=True, blank=True, **WEIGHT)
    lower_inclusive = models.BooleanField(default=True)
    upper = models.DecimalField(_("batas atas"), null=True, blank=True, **WEIGHT)
    upper_inclusive = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("predikat")
        verbose_name_plural = _("predikat")
        ordering = ["framework", "position"]

    def __str__(self) -> str:
        return self.name


class FrameworkMapping(models.Model):
    """Which indicators of one framework version correspond to which of another (data).

    Imported from a mapping file (simpul/frameworks/mappings.py); immutable like a framework
    version: a changed file needs a new code. Shared by every agency: it suggests, and each
    agency accepts or rejects what it suggests for its own answers.
    """

    code = models.SlugField(_("kode pemetaan"), max_length=60, unique=True)
    name = models.CharField(_("nama"), max_length=300)
    source = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="mappings_out", verbose_name=_("dari")
    )
    target = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="mappings_in", verbose_name=_("ke")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=FrameworkStatus.choices,
        default=FrameworkStatus.OFFICIAL,
    )
    notice = models.TextField(_("catatan"), blank=True)
    document = models.JSONField(_("berkas pemetaan"))
    content_sha256 = models.CharField(max_length=64)
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pemetaan antarversi")
        verbose_name_plural = _("pemetaan antarversi")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class MappingBasis(models.TextChoices):
    SOURCED = "sourced", _("bersumber")
    ASPECT = "sourced_aspect_level", _("bersumber di tingkat aspek/domain")
    PROPOSED = "proposed", _("usulan penyusun")


class MappingRole(models.TextChoices):
    PRIMARY = "primary", _("utama")
    SECONDARY = "secondary", _("tambahan")


class MappingPair(models.Model):
    mapping = models.ForeignKey(FrameworkMapping, on_delete=models.CASCADE, related_name="pairs")
    source = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="mapped_to")
    target = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="mapped_from")
    role = models.CharField(_("peran"), max_length=20, choices=MappingRole.choices)
    basis = models.CharField(_("dasar"), max_length=30, choices=MappingBasis.choices)
    sources = models.JSONField(_("sumber"), default=list, blank=True)
    rationale = models.TextField(_("alasan"), blank=True)

    class Meta:
        verbose_name = _("pasangan pemetaan")
        verbose_name_plural = _("pasangan pemetaan")
        ordering = ["mapping", "source__number", "role", "target__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["mapping", "source", "target"],
                name="mapping_pair_unique",
                violation_error_message=_("Pasangan ini sudah ada dalam pemetaan."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.source.code} → {self.target.code}"
