"""What an agency keeps of its planning: what-if scenarios, its effort estimates and actions.

Scenarios are virtual levels and are never written to answers. Actions (rencana aksi) are
the steps an agency commits to, each with an owner unit, a person in charge and a due date.
"""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from simpul.agencies.capabilities import CAPABILITIES
from simpul.agencies.models import Agency, Membership, Unit
from simpul.core.choices import ChoiceSet, legacy_values
from simpul.core.querysets import AgencyScopedQuerySet
from simpul.cycles.models import Cycle
from simpul.evidence.models import Evidence
from simpul.frameworks.models import Framework, Indicator


@legacy_values(mandiri="self", resmi="final")
class LevelSource(ChoiceSet):
    """Which levels of a cycle a simulation or a plan starts from."""

    SELF = "self", _("Penilaian mandiri")
    INTERNAL = "internal", _("Asesor internal")
    FINAL = "final", _("Hasil akhir resmi")


# The Answer field holding the levels of each source.
SOURCE_FIELDS = {
    LevelSource.SELF: "self_level",
    LevelSource.INTERNAL: "internal_level",
    LevelSource.FINAL: "final_level",
}

# Old names of rows of the capability table, kept for one release: name the capability.
PLAN_READERS = CAPABILITIES["plan.read"]
SCENARIO_WRITERS = CAPABILITIES["plan.edit"]
ACTION_READERS = CAPABILITIES["action.read"]
ACTION_READ_ALL = CAPABILITIES["action.read_all"]


class ScenarioQuerySet(AgencyScopedQuerySet):
    pass


class Scenario(models.Model):
    """A named set of virtual levels on one cycle: a what-if, never the real answers."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="scenarios")
    cycle = models.ForeignKey(
        Cycle, on_delete=models.CASCADE, related_name="scenarios", verbose_name=_("periode")
    )
    name = models.CharField(_("nama skenario"), max_length=120)
    source = models.CharField(
        _("berangkat dari"), max_length=20, choices=LevelSource.choices, default=LevelSource.SELF
    )
    # {indicator code: level}; an indicator left out has no level in this scenario.
    levels = models.JSONField(_("tingkat"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScenarioQuerySet.as_manager()

    class Meta:
        verbose_name = _("skenario simulasi")
        verbose_name_plural = _("skenario simulasi")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "name"],
                name="scenario_name_unique_per_cycle",
                violation_error_message=_("Periode ini sudah memiliki skenario dengan nama itu."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.cycle.year})"


class EffortProfileQuerySet(AgencyScopedQuerySet):
    pass


class EffortProfile(models.Model):
    """An agency's own effort estimates for one framework version, over the shipped defaults.

    `overrides` holds only the steps that differ from simpul/planner/data:
    {indicator code: {from level: effort as text}}; for a framework valued item by item,
    only the items whose effort is not 1: {item code: effort as text}.
    """

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="effort_profiles")
    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="+", verbose_name=_("kerangka")
    )
    unit = models.CharField(_("satuan upaya"), max_length=40)
    overrides = models.JSONField(_("upaya yang diubah"), default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = EffortProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("profil upaya")
        verbose_name_plural = _("profil upaya")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "framework"],
                name="effort_profile_unique_per_agency_framework",
                violation_error_message=_("Instansi ini sudah memiliki profil upaya kerangka itu."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} · {self.framework.code}"


@legacy_values(rencana="planned", berjalan="in_progress", selesai="done", batal="cancelled")
class ActionStatus(ChoiceSet):
    PLANNED = "planned", _("Rencana")
    IN_PROGRESS = "in_progress", _("Berjalan")
    DONE = "done", _("Selesai")
    CANCELLED = "cancelled", _("Batal")


OPEN_STATUSES = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)


@legacy_values(rapat="meeting")
class ActionSource(ChoiceSet):
    PLAN = "plan", _("Dari perencana")
    MANUAL = "manual", _("Dibuat manual")
    FORUM = "forum", _("Dari forum")
    MEETING = "meeting", _("Dari keputusan rapat")


class ActionQuerySet(AgencyScopedQuerySet):
    def for_membership(self, membership: Membership) -> "ActionQuerySet":
        """The actions a membership may see: all of its agency's, or a respondent's own."""
        actions = self.for_agency(membership.agency)
        if membership.can("action.read_all"):
            return actions
        if membership.can("action.read"):  # a respondent: their own
            return actions.filter(self.owned_q(membership))
        return actions.none()

    @staticmethod
    def owned_q(membership: Membership) -> Q:
        """Actions of the membership's unit, or whose person in charge is its user."""
        mine = Q(pic=membership.user_id)
        if membership.unit_id is not None:
            mine |= Q(unit=membership.unit_id)
        return mine

    def open(self) -> "ActionQuerySet":
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: date) -> "ActionQuerySet":
        return self.open().filter(due_date__lt=today)

    def due_soon(self, today: date, days: int) -> "ActionQuerySet":
        return self.open().filter(due_date__gte=today, due_date__lte=today + timedelta(days=days))


class Action(models.Model):
    """One rencana aksi: raise one indicator to a target level, by a unit, by a date; on a
    framework valued item by item, by getting the listed items accepted."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="actions")
    cycle = models.ForeignKey(
        Cycle,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("periode sasaran"),
        help_text=_("Periode evaluasi yang tingkatnya hendak dinaikkan, bila sudah dibuka."),
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="actions", verbose_name=_("indikator")
    )
    target_level = models.PositiveSmallIntegerField(_("tingkat sasaran"))
    # For a framework valued item by item: the item codes the action is to get accepted.
    items = models.JSONField(_("butir"), default=list, blank=True)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("unit pemilik"),
    )
    pic = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions_in_charge",
        verbose_name=_("penanggung jawab (PIC)"),
    )
    start_date = models.DateField(_("mulai"))
    due_date = models.DateField(_("tenggat"))
    budget = models.DecimalField(
        _("perkiraan anggaran (Rp)"), max_digits=15, decimal_places=0, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    progress = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0)
    notes = models.TextField(_("catatan"), blank=True)
    evidence = models.ManyToManyField(
        Evidence, blank=True, related_name="actions", verbose_name=_("bukti penyelesaian")
    )
    source = models.CharField(
        _("asal"), max_length=10, choices=ActionSource.choices, default=ActionSource.MANUAL
    )
    completed_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("rencana aksi")
        verbose_name_plural = _("rencana aksi")
        ordering = ["due_date", "indicator__number", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100),
                name="action_progress_at_most_100",
                violation_error_message=_("Kemajuan harus 0 sampai 100 persen."),
            ),
            models.CheckConstraint(
                condition=Q(start_date__lte=models.F("due_date")),
                name="action_starts_before_due",
                violation_error_message=_("Tanggal mulai tidak boleh sesudah tenggat."),
            ),
        ]
        indexes = [models.Index(fields=["agency", "status", "due_date"])]

    def __str__(self) -> str:
        return f"{self.indicator.code} → {self.target_level} ({self.agency})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: date) -> bool:
        return self.is_open and self.due_date < today

    def is_owned_by(self, membership: Membership) -> bool:
        """The membership's unit owns the action, or its user is the person in charge."""
        if self.pic_id is not None and self.pic_id == membership.user_id:
            return True
        return membership.unit_id is not None and self.unit_id == membership.unit_id


class ActionReminder(models.Model):
    """One reminder email sent about one action: the record that keeps reminders idempotent."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("tenggat segera")
        OVERDUE = "overdue", _("lewat tenggat")

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    sent_on = models.DateField()
    # The due date reminded about: a moved due date is reminded about again.
    due_date = models.DateField()
    recipients = models.JSONField(default=list)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pengingat rencana aksi")
        verbose_name_plural = _("pengingat rencana aksi")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "kind", "sent_on"],
                name="action_reminder_once_a_day",
                violation_error_message=_("Pengingat ini sudah dikirim hari ini."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.action} · {self.kind} · {self.sent_on}"
