from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from simpul.agencies.capabilities import CAPABILITIES
from simpul.agencies.models import Agency, Membership, Unit
from simpul.core.choices import ChoiceSet, legacy_values
from simpul.core.querysets import AgencyScopedQuerySet
from simpul.frameworks.models import Framework, Indicator


@legacy_values(
    mandiri="self_assessment",
    dokumen="document",
    interviu="interview",
    visitasi="visit",
    hasil_akhir="final",
)
class Stage(ChoiceSet):
    SELF_ASSESSMENT = "self_assessment", _("Penilaian Mandiri")
    DOCUMENT = "document", _("Penilaian Dokumen")
    INTERVIEW = "interview", _("Penilaian Interviu")
    VISIT = "visit", _("Penilaian Visitasi")
    FINAL = "final", _("Hasil Akhir")


# The Answer field that holds the external assessors' level of each assessment stage.
STAGE_LEVEL_FIELDS = {
    Stage.DOCUMENT: "document_level",
    Stage.INTERVIEW: "interview_level",
    Stage.VISIT: "visit_level",
}
# Old names of two rows of the capability table, kept for one release: name the capability.
READ_ALL_ROLES = CAPABILITIES["cycle.read_all"]
CYCLE_ROLES = CAPABILITIES["cycle.read"]


class CycleQuerySet(AgencyScopedQuerySet):
    pass


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

    def stages(self) -> list[str]:
        """The stages this cycle goes through, in order (visitasi only when included)."""
        return [stage for stage in Stage.values if stage != Stage.VISIT or self.include_visit]

    def next_stage(self) -> str | None:
        stages = self.stages()
        position = stages.index(self.stage) if self.stage in stages else -1
        return stages[position + 1] if position + 1 < len(stages) else None

    @property
    def self_assessment_open(self) -> bool:
        """Respondents may still edit: stage Penilaian Mandiri and not locked."""
        return self.stage == Stage.SELF_ASSESSMENT and not self.is_locked

    @property
    def stage_level_field(self) -> str | None:
        """The Answer field external assessors fill in the current stage, if any."""
        return STAGE_LEVEL_FIELDS.get(self.stage)


class CycleEvent(models.Model):
    """A change to the cycle as a whole: opened, stage moved, locked, results imported."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("dibuka")
        STAGE = "stage", _("pindah tahap")
        ASSIGNED = "assigned", _("penugasan")
        LOCKED = "locked", _("penilaian mandiri dikunci")
        UNLOCKED = "unlocked", _("kunci penilaian mandiri dibuka")
        OFFICIAL = "official", _("hasil akhir resmi diimpor")
        EXTERNAL = "external", _("skor indeks lain")

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    changes = models.JSONField(default=dict, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        verbose_name = _("riwayat periode")
        verbose_name_plural = _("riwayat periode")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.cycle} · {self.kind} · {self.at:%Y-%m-%d %H:%M}"

    @property
    def new_stage_label(self) -> str:
        """The name of the stage a stage change moved to (the stored value is a code)."""
        value = (self.changes.get("stage") or [None, None])[-1]
        stage = Stage.parse(value)  # a history written before the slugs too
        return stage.label if stage is not None else str(value or "")


class AnswerStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan")
    CHANGES_REQUESTED = "changes_requested", _("Perlu perbaikan")
    ACCEPTED = "accepted", _("Diterima")


class AnswerQuerySet(AgencyScopedQuerySet):
    agency_field = "cycle__agency"

    def for_membership(self, membership: Membership) -> "AnswerQuerySet":
        """The answers a membership may read: all of its agency's, or a respondent's own."""
        answers = self.for_agency(membership.agency)
        if membership.can("cycle.read_all"):
            return answers
        if membership.can("cycle.read"):  # a respondent: the answers assigned to them
            return answers.filter(self.assigned_q(membership)).distinct()
        return answers.none()

    @staticmethod
    def assigned_q(membership: Membership) -> Q:
        mine = Q(pic=membership.user_id)
        if membership.unit_id is not None:
            mine |= Q(units=membership.unit_id)
        return mine


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

    def is_assigned_to(self, membership: Membership) -> bool:
        """The membership's unit is among the answer's units, or its user is the PIC."""
        if self.pic_id is not None and self.pic_id == membership.user_id:
            return True
        unit_ids = {unit.pk for unit in self.units.all()}
        return membership.unit_id is not None and membership.unit_id in unit_ids


class AnswerEvent(models.Model):
    """One change to an answer: who, when, what changed (old → new) and why. Never edited."""

    class Kind(models.TextChoices):
        CREATED = "created", _("dibuat")
        EDITED = "edited", _("diubah")
        SUBMITTED = "submitted", _("diajukan")
        WITHDRAWN = "withdrawn", _("pengajuan ditarik")
        CHANGES_REQUESTED = "changes_requested", _("perlu perbaikan")
        ACCEPTED = "accepted", _("diterima")
        ASSIGNED = "assigned", _("penugasan")
        LOCKED = "locked", _("dikunci")
        STAGE_LEVEL = "stage_level", _("nilai tahap")
        OFFICIAL = "official", _("hasil akhir resmi")
        EVIDENCE = "evidence", _("data dukung")
        ITEM_READY = "item_ready", _("kesiapan butir")
        ITEM_REVIEW = "item_review", _("putusan butir")
        STAGE_VALUE = "stage_value", _("nilai asesor")

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    # {"field": [old, new], ...} for every field this event changed.
    changes = models.JSONField(default=dict, blank=True)
    comment = models.TextField(blank=True)
    # The answer's version after this event: a stale form sees what came after its version.
    version = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("riwayat jawaban")
        verbose_name_plural = _("riwayat jawaban")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.answer} · {self.kind} · {self.at:%Y-%m-%d %H:%M}"


# --- item by item (frameworks valued by items, e.g. Pemdi 2026) --------------------------


@legacy_values(dokumen="document", interviu="interview", visitasi="visit")
class ReviewStage(ChoiceSet):
    """Who gives an item verdict: the internal assessors, or the external ones per stage."""

    INTERNAL = "internal", _("Asesor internal")
    DOCUMENT = Stage.DOCUMENT.value, Stage.DOCUMENT.label
    INTERVIEW = Stage.INTERVIEW.value, Stage.INTERVIEW.label
    VISIT = Stage.VISIT.value, Stage.VISIT.label


# External stages in order: a later stage clarifies the earlier one, so an item not
# re-assessed keeps the verdict of the stage before.
EXTERNAL_REVIEW_STAGES = (ReviewStage.DOCUMENT, ReviewStage.INTERVIEW, ReviewStage.VISIT)


@legacy_values(diterima="accepted", revisi="revision", ditolak="rejected")
class ItemVerdict(ChoiceSet):
    ACCEPTED = "accepted", _("Diterima")
    REVISION = "revision", _("Revisi")
    REJECTED = "rejected", _("Ditolak")


@legacy_values(tidak_tepat="not_right", belum_diunggah="not_uploaded", lainnya="other")
class RevisionReason(ChoiceSet):
    NOT_RIGHT = "not_right", _("tidak tepat")
    NOT_UPLOADED = "not_uploaded", _("belum diunggah")
    OTHER = "other", _("lainnya")


class ItemReview(models.Model):
    """One verdict on one item of one answer at one review stage. Never edited: history.

    The item's verdict at a stage is its latest review there. A rejection at one level
    rejects every item above it automatically (rule R6); that follows from the reviews and
    is not stored (simpul/cycles/items.py).
    """

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="item_reviews")
    item = models.ForeignKey(
        "frameworks.Item", on_delete=models.PROTECT, related_name="reviews", verbose_name=_("butir")
    )
    stage = models.CharField(_("tahap"), max_length=20, choices=ReviewStage.choices)
    verdict = models.CharField(_("putusan"), max_length=20, choices=ItemVerdict.choices)
    reason = models.CharField(
        _("alasan revisi"), max_length=20, choices=RevisionReason.choices, blank=True
    )
    comment = models.TextField(_("catatan asesor"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("putusan butir")
        verbose_name_plural = _("putusan butir")
        ordering = ["answer", "item", "-at", "-pk"]
        indexes = [models.Index(fields=["answer", "stage", "item"], name="item_review_lookup")]

    def __str__(self) -> str:
        return f"{self.answer} · {self.item.code} · {self.stage} · {self.verdict}"


class ItemReadiness(models.Model):
    """The respondent's mark that one item's evidence is complete and ready for review."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="item_readiness")
    item = models.ForeignKey("frameworks.Item", on_delete=models.PROTECT, related_name="+")
    ready = models.BooleanField(_("siap dinilai"), default=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("kesiapan butir")
        verbose_name_plural = _("kesiapan butir")
        constraints = [
            models.UniqueConstraint(fields=["answer", "item"], name="item_readiness_unique")
        ]

    def __str__(self) -> str:
        return f"{self.answer} · {self.item.code} · {self.ready}"


class StageValue(models.Model):
    """An assessor's value for one indicator at one stage, inside the band its items reach.

    Rule R7. The latest row per (answer, stage) applies; a row with no value withdraws it.
    """

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="stage_values")
    stage = models.CharField(_("tahap"), max_length=20, choices=ReviewStage.choices)
    value = models.DecimalField(_("nilai"), max_digits=12, decimal_places=6, null=True)
    reason = models.TextField(_("alasan"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("nilai asesor")
        verbose_name_plural = _("nilai asesor")
        ordering = ["answer", "stage", "-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.answer} · {self.stage} · {self.value}"


class ExternalScore(models.Model):
    """The score of another national index for one indicator of one cycle, with its source.

    The latest row per (cycle, indicator) applies; without one the framework's default
    (1,00, "indeks lain belum tersedia") is assumed.
    """

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="external_scores")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("skor"), max_digits=12, decimal_places=6)
    year = models.PositiveSmallIntegerField(_("tahun skor"))
    source_url = models.URLField(_("tautan sumber"), max_length=1000, blank=True)
    evidence = models.ForeignKey(
        "evidence.Evidence",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dokumen sumber"),
    )
    note = models.TextField(_("keterangan"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("skor indeks lain")
        verbose_name_plural = _("skor indeks lain")
        ordering = ["cycle", "indicator", "-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.cycle} · {self.indicator.code} · {self.score}"


class SuggestionStatus(models.TextChoices):
    PENDING = "pending", _("menunggu keputusan")
    ACCEPTED = "accepted", _("diterima")
    REJECTED = "rejected", _("ditolak")


class EvidenceSuggestion(models.Model):
    """Last year's document offered for an answer of a new instrument, through a mapping.

    Opening a Pemdi cycle from an SPBE cycle suggests, for each Pemdi indicator, the documents
    of the SPBE answers mapped to it. Nothing is linked until the respondent accepts one for
    an item, or rejects it.
    """

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="suggestions")
    evidence = models.ForeignKey("evidence.Evidence", on_delete=models.CASCADE, related_name="+")
    source_answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="+")
    pair = models.ForeignKey("frameworks.MappingPair", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SuggestionStatus.choices,
        default=SuggestionStatus.PENDING,
    )
    item = models.ForeignKey(
        "frameworks.Item", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("saran data dukung")
        verbose_name_plural = _("saran data dukung")
        ordering = ["answer", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["answer", "evidence"], name="evidence_suggestion_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.answer} ← {self.evidence}"


class AnswerReminder(models.Model):
    """One deadline notice about one answer: the record that keeps the notices idempotent.

    Kind "soon" is sent once per due date (three days before it), "overdue" once per due date
    the day after it passed; a moved due date is reminded about again.
    """

    class Kind(models.TextChoices):
        SOON = "soon", _("tenggat dalam 3 hari")
        OVERDUE = "overdue", _("lewat tenggat")

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    due_date = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pengingat tenggat jawaban")
        verbose_name_plural = _("pengingat tenggat jawaban")
        constraints = [
            models.UniqueConstraint(
                fields=["answer", "kind", "due_date"], name="answer_reminder_once_per_due_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.answer_id} · {self.kind} · {self.due_date}"
