"""Forum Kolaborasi SPBE: threads per indicator, group or agency, typed posts, moderation.

Also the partner side of the forum: invitations, registrations awaiting approval and the
consent each person gave to the personal-data notice (UU 27/2022).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simpul.agencies.models import Agency, Helix
from simpul.core.choices import ChoiceSet, legacy_values
from simpul.core.querysets import AgencyScopedQuerySet
from simpul.cycles.models import Cycle
from simpul.evidence.storage import select_storage
from simpul.frameworks.models import Group, Indicator
from simpul.plans.models import Action

# The version of the personal-data notice shown in forum/privacy.html; raise it when the
# text changes so new consents record which text was accepted.
PRIVACY_NOTICE_VERSION = "2026-1"
ANONYMOUS_PREFIX = "mantan-peserta-"


@legacy_values(
    kendala="obstacle",
    solusi="solution",
    komitmen="commitment",
    pertanyaan="question",
    tanggapan="reply",
)
class PostKind(ChoiceSet):
    OBSTACLE = "obstacle", _("Kendala")
    SOLUTION = "solution", _("Usulan solusi")
    COMMITMENT = "commitment", _("Dukungan/komitmen")
    QUESTION = "question", _("Pertanyaan")
    REPLY = "reply", _("Tanggapan")


THREAD_KINDS = [c for c in PostKind.choices if c[0] != PostKind.REPLY]


@legacy_values(terbuka="open", ditutup="closed")
class ThreadStatus(ChoiceSet):
    OPEN = "open", _("Terbuka")
    CLOSED = "closed", _("Ditutup")


@legacy_values(tampil="visible", menunggu="pending", disembunyikan="hidden")
class PostState(ChoiceSet):
    VISIBLE = "visible", _("Tampil")
    PENDING = "pending", _("Menunggu moderasi")
    HIDDEN = "hidden", _("Disembunyikan")


class ForumSettings(models.Model):
    """Per-agency forum switches."""

    agency = models.OneToOneField(Agency, on_delete=models.CASCADE, related_name="forum_settings")
    premoderation = models.BooleanField(
        _("pra-moderasi"),
        default=False,
        help_text=_("Bila aktif, tulisan mitra tampil setelah disetujui moderator."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pengaturan forum")
        verbose_name_plural = _("pengaturan forum")

    def __str__(self) -> str:
        return str(self.agency)


class ThreadQuerySet(AgencyScopedQuerySet):
    def visible(self) -> "ThreadQuerySet":
        return self.filter(opening_state=PostState.VISIBLE)

    def open(self) -> "ThreadQuerySet":
        return self.filter(status=ThreadStatus.OPEN)

    def in_group(self, group: Group) -> "ThreadQuerySet":
        return self.filter(
            Q(group=group) | Q(indicator__group=group) | Q(indicator__group__parent=group)
        )


class Thread(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="forum_threads")
    title = models.CharField(_("judul"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=20, choices=THREAD_KINDS)
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="forum_threads",
        verbose_name=_("indikator"),
    )
    cycle = models.ForeignKey(
        Cycle,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="forum_threads",
        verbose_name=_("periode"),
    )
    group = models.ForeignKey(
        Group,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="forum_threads",
        verbose_name=_("aspek/domain"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ThreadStatus.choices, default=ThreadStatus.OPEN
    )
    # Mirrors the opening post's state, so lists filter without a join.
    opening_state = models.CharField(
        max_length=15, choices=PostState.choices, default=PostState.VISIBLE
    )
    summary = models.TextField(_("ringkasan penutupan"), blank=True)
    published_summary = models.TextField(
        _("ringkasan penilaian yang dipublikasikan"),
        blank=True,
        help_text=_("Teks yang boleh dibaca mitra, misalnya ringkasan data dukung atau tingkat."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_activity_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    post_count = models.PositiveIntegerField(default=0)
    followers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Follow", related_name="followed_threads"
    )

    objects = ThreadQuerySet.as_manager()

    class Meta:
        verbose_name = _("utas forum")
        verbose_name_plural = _("utas forum")
        ordering = ["-last_activity_at", "-pk"]
        indexes = [
            models.Index(fields=["agency", "status", "kind"]),
            models.Index(fields=["agency", "-last_activity_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == ThreadStatus.OPEN


class PostQuerySet(AgencyScopedQuerySet):
    agency_field = "thread__agency"

    def visible(self) -> "PostQuerySet":
        return self.filter(state=PostState.VISIBLE)


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="forum_posts"
    )
    kind = models.CharField(
        _("jenis"), max_length=20, choices=PostKind.choices, default=PostKind.REPLY
    )
    body = models.TextField(_("isi"))
    commitment_what = models.CharField(_("bentuk dukungan"), max_length=300, blank=True)
    commitment_by = models.CharField(_("oleh siapa"), max_length=200, blank=True)
    commitment_due = models.DateField(_("paling lambat"), null=True, blank=True)
    state = models.CharField(
        _("status"), max_length=15, choices=PostState.choices, default=PostState.VISIBLE
    )
    moderation_reason = models.CharField(_("alasan moderasi"), max_length=300, blank=True)
    accepted_at = models.DateTimeField(_("diterima pada"), null=True, blank=True)
    action = models.ForeignKey(
        Action,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="forum_posts",
        verbose_name=_("rencana aksi"),
    )
    endorsement_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("tulisan forum")
        verbose_name_plural = _("tulisan forum")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["author", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.thread}"

    @property
    def author_name(self) -> str:
        if self.author is None or self.author.username.startswith(ANONYMOUS_PREFIX):
            return str(_("mantan peserta"))
        return self.author.display_name


class Attachment(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(storage=select_storage, upload_to="forum/%Y/%m/", max_length=300)
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=120)

    class Meta:
        verbose_name = _("lampiran")
        verbose_name_plural = _("lampiran")

    def __str__(self) -> str:
        return self.original_name


class Endorsement(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="endorsements")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="endorse_once")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.post_id}"


class Follow(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "user"], name="follow_once")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.thread_id}"


class Report(models.Model):
    """Anyone's flag on a post; a moderator resolves it by hiding or keeping the post."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.CharField(_("alasan"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("laporan tulisan")
        verbose_name_plural = _("laporan tulisan")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.reason


@legacy_values(
    setujui="approve",
    sembunyikan="hide",
    pulihkan="restore",
    tutup="close",
    buka="reopen",
    terima="accept",
    publikasi="publish",
    pengaturan="settings",
    setujui_mitra="approve_partner",
    tolak_mitra="reject_partner",
    undang="invite",
    cabut_undangan="revoke_invitation",
)
class ModerationAct(ChoiceSet):
    APPROVE = "approve", _("Menyetujui")
    HIDE = "hide", _("Menyembunyikan")
    RESTORE = "restore", _("Memulihkan")
    CLOSE = "close", _("Menutup utas")
    REOPEN = "reopen", _("Membuka kembali utas")
    ACCEPT = "accept", _("Menerima solusi/komitmen")
    PUBLISH = "publish", _("Mempublikasikan ringkasan")
    SETTINGS = "settings", _("Mengubah pengaturan")
    APPROVE_PARTNER = "approve_partner", _("Menyetujui mitra")
    REJECT_PARTNER = "reject_partner", _("Menolak mitra")
    INVITE = "invite", _("Membuat tautan undangan")
    REVOKE_INVITATION = "revoke_invitation", _("Mencabut tautan undangan")


class ModerationLogQuerySet(AgencyScopedQuerySet):
    pass


class ModerationLog(models.Model):
    """The audit log: every moderator act, with who, when and why."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    act = models.CharField(max_length=20, choices=ModerationAct.choices)
    thread = models.ForeignKey(Thread, on_delete=models.SET_NULL, null=True, blank=True)
    post = models.ForeignKey(Post, on_delete=models.SET_NULL, null=True, blank=True)
    reason = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    objects = ModerationLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("log moderasi")
        verbose_name_plural = _("log moderasi")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_act_display()} · {self.at:%Y-%m-%d %H:%M}"


class Consent(models.Model):
    """A person's consent to the personal-data notice: which version, for which agency, when."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_consents"
    )
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    notice_version = models.CharField(max_length=20)
    given_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("persetujuan data pribadi")
        verbose_name_plural = _("persetujuan data pribadi")

    def __str__(self) -> str:
        return f"{self.user_id} · {self.notice_version}"


class InvitationQuerySet(AgencyScopedQuerySet):
    def usable(self) -> "InvitationQuerySet":
        """Not revoked, not expired, uses left, agency active."""
        return self.filter(
            is_active=True,
            expires_at__gt=timezone.now(),
            uses__lt=models.F("max_uses"),
            agency__is_active=True,
        )


class Invitation(models.Model):
    """A shareable link made by the admin; whoever opens it may join as a partner, until it
    expires, its uses run out or the admin revokes it."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="forum_invitations")
    note = models.CharField(_("catatan"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("berlaku sampai"))
    is_active = models.BooleanField(default=True)
    uses = models.PositiveIntegerField(default=0)
    max_uses = models.PositiveIntegerField(_("batas pemakaian"), default=20)
    revoked_at = models.DateTimeField(_("dicabut pada"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("undangan mitra")
        verbose_name_plural = _("undangan mitra")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.agency} · {self.created_at:%Y-%m-%d}"


@legacy_values(menunggu="pending", disetujui="approved", ditolak="rejected")
class ApplicationStatus(ChoiceSet):
    PENDING = "pending", _("Menunggu")
    APPROVED = "approved", _("Disetujui")
    REJECTED = "rejected", _("Ditolak")


class PartnerApplicationQuerySet(AgencyScopedQuerySet):
    pass


class PartnerApplication(models.Model):
    """A registration awaiting the admin; the account stays inactive until approved."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_applications"
    )
    organisation = models.CharField(_("organisasi"), max_length=200)
    helix = models.CharField(_("kategori heliks"), max_length=20, choices=Helix.choices)
    status = models.CharField(
        max_length=10, choices=ApplicationStatus.choices, default=ApplicationStatus.PENDING
    )
    # Set when the person registered through an invitation link: the account activates when
    # they open the confirmation mail, without the admin.
    invitation = models.ForeignKey(
        Invitation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = PartnerApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("pendaftaran mitra")
        verbose_name_plural = _("pendaftaran mitra")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.get_status_display()}"


class FiguresVersion(models.Model):
    """Which version of an agency's participation data (posts, threads, members, meetings) is
    current: the cache key of its participation figures (simpul/forum/queries.py).

    A new random token on every change (simpul/forum/signals.py), kept in the database: every
    process sees the change at once whichever cache it uses, and a token never comes back
    (a restored backup cannot meet a figure cached before it)."""

    agency = models.OneToOneField(
        Agency, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("versi angka partisipasi")
        verbose_name_plural = _("versi angka partisipasi")

    def __str__(self) -> str:
        return self.token
