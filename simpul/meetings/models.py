"""Coordination meetings: schedule, invitations and RSVP, attendance, minutes and decisions.

A meeting belongs to one agency; everything else hangs off a meeting. Recurring meetings are
plain meetings pointing to the first occurrence of their series.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from simpul.agencies.models import Agency, Helix, Membership, Unit
from simpul.core.choices import ChoiceSet, legacy_values
from simpul.core.querysets import AgencyScopedQuerySet
from simpul.evidence.models import Evidence
from simpul.evidence.storage import select_storage
from simpul.frameworks.models import Indicator
from simpul.plans.models import Action


@legacy_values(tim_koordinasi="coordination", forum_kolaborasi="forum", lainnya="other")
class MeetingKind(ChoiceSet):
    COORDINATION = "coordination", _("Rapat Tim Koordinasi SPBE")
    FORUM = "forum", _("Forum Kolaborasi")
    OTHER = "other", _("Rapat lainnya")


@legacy_values(bulanan="monthly", triwulanan="quarterly")
class Recurrence(ChoiceSet):
    NONE = "", _("Tidak berulang")
    MONTHLY = "monthly", _("Setiap bulan")
    QUARTERLY = "quarterly", _("Setiap tiga bulan")


@legacy_values(draf="draft", tinjauan="review", disetujui="approved", terbit="published")
class MinutesStatus(ChoiceSet):
    DRAFT = "draft", _("Draf")
    REVIEW = "review", _("Ditinjau peserta")
    APPROVED = "approved", _("Disetujui pimpinan rapat")
    PUBLISHED = "published", _("Diterbitkan")


@legacy_values(belum="pending", hadir="yes", tidak="no", mungkin="maybe")
class Rsvp(ChoiceSet):
    PENDING = "pending", _("Belum menjawab")
    YES = "yes", _("Hadir")
    NO = "no", _("Tidak hadir")
    MAYBE = "maybe", _("Mungkin")


@legacy_values(sekretaris="secretary", kode="code", tamu="guest")
class CheckInMethod(ChoiceSet):
    SECRETARY = "secretary", _("Dicatat sekretaris")
    CODE = "code", _("Kode rapat")
    GUEST = "guest", _("Tamu tanpa akun")


class MeetingQuerySet(AgencyScopedQuerySet):
    def for_membership(self, membership: Membership) -> "MeetingQuerySet":
        """All meetings of the agency; a partner only those they are invited to."""
        meetings = self.for_agency(membership.agency)
        if not membership.can("meeting.read_all"):  # a partner: where invited
            return meetings.filter(invitations__membership=membership)
        return meetings


class Meeting(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="meetings")
    series = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="occurrences",
        verbose_name=_("rangkaian"),
    )
    recurrence = models.CharField(
        _("pengulangan"), max_length=12, choices=Recurrence.choices, blank=True
    )
    title = models.CharField(_("judul"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=20, choices=MeetingKind.choices)
    starts_at = models.DateTimeField(_("mulai"))
    ends_at = models.DateTimeField(_("selesai"))
    place = models.CharField(_("tempat"), max_length=200, blank=True)
    online_link = models.URLField(_("tautan daring"), blank=True)
    chair = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pimpinan rapat"),
    )
    code = models.CharField(_("kode hadir"), max_length=8)
    minutes_status = models.CharField(
        _("status notulen"),
        max_length=12,
        choices=MinutesStatus.choices,
        default=MinutesStatus.DRAFT,
    )
    summary = models.TextField(_("ringkasan"), blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    evidence = models.ForeignKey(
        Evidence,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("notulen sebagai data dukung"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("rapat")
        verbose_name_plural = _("rapat")
        ordering = ["-starts_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message=_("Waktu selesai rapat harus sesudah waktu mulai."),
            )
        ]
        indexes = [models.Index(fields=["agency", "starts_at"]), models.Index(fields=["code"])]

    def __str__(self) -> str:
        return self.title


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField(_("urutan"), default=1)
    title = models.CharField(_("pokok bahasan"), max_length=200)
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indikator"),
    )
    thread = models.ForeignKey(
        "forum.Thread",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("utas forum"),
    )
    minutes = models.TextField(_("notulen"), blank=True)

    class Meta:
        verbose_name = _("mata acara")
        verbose_name_plural = _("mata acara")
        ordering = ["meeting", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class Invitation(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    rsvp = models.CharField(
        _("konfirmasi"), max_length=10, choices=Rsvp.choices, default=Rsvp.PENDING
    )
    invited_at = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("undangan")
        verbose_name_plural = _("undangan")
        ordering = ["meeting", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "membership"],
                name="invitation_once_per_meeting",
                violation_error_message=_("Orang ini sudah diundang ke rapat ini."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.membership.user}"


class Attendance(models.Model):
    """One line of the daftar hadir: a member, or a guest without an account."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    membership = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("nama"), max_length=200)
    organisation = models.CharField(_("organisasi"), max_length=200, blank=True)
    helix = models.CharField(_("kategori heliks"), max_length=20, choices=Helix.choices)
    method = models.CharField(_("cara"), max_length=12, choices=CheckInMethod.choices)
    checked_in_at = models.DateTimeField(_("waktu hadir"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("kehadiran")
        verbose_name_plural = _("daftar hadir")
        ordering = ["meeting", "checked_in_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "membership"],
                condition=Q(membership__isnull=False),
                name="attendance_once_per_member",
                violation_error_message=_("Orang ini sudah tercatat hadir."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.name}"


class MinutesComment(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="comments")
    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("komentar"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:60]


class Decision(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("keputusan"))
    unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit pelaksana"),
    )
    due_date = models.DateField(_("tenggat"), null=True, blank=True)
    action = models.OneToOneField(
        Action,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_decision",
        verbose_name=_("rencana aksi"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("keputusan rapat")
        verbose_name_plural = _("keputusan rapat")
        ordering = ["item", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class Photo(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("foto"), max_length=300, storage=select_storage)
    content_type = models.CharField(max_length=40)
    caption = models.CharField(_("keterangan"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.caption or self.file.name
