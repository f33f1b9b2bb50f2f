from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from simpul.agencies.models import Agency, Unit
from simpul.frameworks.models import Framework, Indicator


class Stage(models.TextChoices):
    SELF_ASSESSMENT = "mandiri", _("Penilaian Mandiri")
    DOCUMENT = "dokumen", _("Penilaian Dokumen")
    INTERVIEW = "interviu", _("Penilaian Interviu")
    VISIT = "visitasi", _("Penilaian Visitasi")
    FINAL = "hasil_akhir", _("Hasil Akhir")


class CycleQuerySet(models.QuerySet):
    def for_agency(self, agency: Agency) -> "CycleQuerySet":
        return self.filter(agency=agency)


class Cycle(models.Model):
    """One evaluation period: one agency, one year, one framework version."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="cycles")
    year = models.PositiveSmallIntegerField(_("tahun"))
    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="cycles", verbose_name=_("kerangka")
    )
    stage = models.CharField(
        _("tahap"), max_length=20, choices=Stage.choices, default=Stage.SELF_ASSESSMENT
    )
    include_visit = models.BooleanField(_("dengan penilaian visitasi"), default=False)
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_cycles",
        verbose_name=_("disalin dari"),
    )
    # Set when the admin locks the self-assessment; the snapshot feeds the Berita Acara.
    self_assessment_locked_at = models.DateTimeField(null=True, blank=True)
    self_assessment_locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    self_assessment_snapshot = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = CycleQuerySet.as_manager()

    class Meta:
        verbose_name = _("periode evaluasi")
        verbose_name_plural = _("periode evaluasi")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year"],
                name="cycle_year_unique_per_agency",
                violation_error_message=_(
                    "Instansi ini sudah memiliki periode evaluasi tahun itu."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} · {self.year}"

    @property
    def is_locked(self) -> bool:
        return self.self_assessment_locked_at is not None


class AnswerStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan")
    CHANGES_REQUESTED = "changes_requested", _("Perlu perbaikan")
    ACCEPTED = "accepted", _("Diterima")


class AnswerQuerySet(models.QuerySet):
    def for_agency(self, agency: Agency) -> "AnswerQuerySet":
        return self.filter(cycle__agency=agency)


class Answer(models.Model):
    """One indicator in one cycle: its levels per stage, explanation, people and status.

    `version` grows on every save; a save carrying an older version is a conflict.
    """

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="answers")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="answers")
    status = models.CharField(
        _("status"), max_length=20, choices=AnswerStatus.choices, default=AnswerStatus.DRAFT
    )
    units = models.ManyToManyField(
        Unit, blank=True, related_name="answers", verbose_name=_("unit penanggung jawab")
    )
    pic = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="answers_in_charge",
        verbose_name=_("penanggung jawab (PIC)"),
    )
    due_date = models.DateField(_("tenggat"), null=True, blank=True)
    self_level = models.PositiveSmallIntegerField(
        _("tingkat penilaian mandiri"), null=True, blank=True
    )
    internal_level = models.PositiveSmallIntegerField(
        _("tingkat asesor internal"), null=True, blank=True
    )
    document_level = models.PositiveSmallIntegerField(
        _("tingkat penilaian dokumen"), null=True, blank=True
    )
    interview_level = models.PositiveSmallIntegerField(
        _("tingkat penilaian interviu"), null=True, blank=True
    )
    visit_level = models.PositiveSmallIntegerField(
        _("tingkat penilaian visitasi"), null=True, blank=True
    )
    final_level = models.PositiveSmallIntegerField(_("tingkat hasil akhir"), null=True, blank=True)
    fact = models.TextField(_("fakta"), blank=True)
    analysis = models.TextField(_("analisis"), blank=True)
    review_comment = models.TextField(_("catatan asesor"), blank=True)
    previous = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = AnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("jawaban")
        verbose_name_plural = _("jawaban")
        ordering = ["cycle", "indicator__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "indicator"],
                name="answer_unique_per_cycle_indicator",
                violation_error_message=_("Indikator ini sudah memiliki jawaban di periode ini."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.cycle} · {self.indicator.code}"


class AnswerEvent(models.Model):
    """One change to an answer: who, when, what changed (old → new) and why. Never edited."""

    class Kind(models.TextChoices):
        CREATED = "created", _("dibuat")
        EDITED = "edited", _("diubah")
        SUBMITTED = "submitted", _("diajukan")
        CHANGES_REQUESTED = "changes_requested", _("perlu perbaikan")
        ACCEPTED = "accepted", _("diterima")
        ASSIGNED = "assigned", _("penugasan")
        LOCKED = "locked", _("dikunci")
        STAGE_LEVEL = "stage_level", _("nilai tahap")
        OFFICIAL = "official", _("hasil akhir resmi")
        EVIDENCE = "evidence", _("data dukung")

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    # {"field": [old, new], ...} for every field this event changed.
    changes = models.JSONField(default=dict, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        verbose_name = _("riwayat jawaban")
        verbose_name_plural = _("riwayat jawaban")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.answer} · {self.kind} · {self.at:%Y-%m-%d %H:%M}"
