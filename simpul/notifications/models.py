"""What each person wants to receive, and what waits for their daily digest."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from simpul.agencies.models import Agency
from simpul.core.choices import ChoiceSet, legacy_values
from simpul.core.querysets import AgencyScopedQuerySet


class NotificationKind(models.TextChoices):
    MENTION = "mention", _("Disebut (@nama)")
    REPLY = "reply", _("Balasan di utas yang diikuti")
    INVITATION = "invitation", _("Undangan rapat")
    REMINDER = "reminder", _("Pengingat")
    MINUTES_REVIEW = "minutes_review", _("Notulen menunggu tanggapan")
    REVIEW = "review", _("Alur jawaban: penugasan, pengajuan, perbaikan, diterima")


@legacy_values(segera="immediate", ringkasan="digest", mati="off")
class Delivery(ChoiceSet):
    IMMEDIATE = "immediate", _("Email segera")
    DIGEST = "digest", _("Ringkasan harian")
    OFF = "off", _("Tidak dikirim")


class NotificationPreference(models.Model):
    """One person's choice for one kind; no row means an immediate email, no WhatsApp."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_prefs"
    )
    kind = models.CharField(_("jenis"), max_length=20, choices=NotificationKind.choices)
    delivery = models.CharField(
        _("pengiriman"), max_length=10, choices=Delivery.choices, default=Delivery.IMMEDIATE
    )
    whatsapp = models.BooleanField(_("juga lewat WhatsApp"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("preferensi notifikasi")
        verbose_name_plural = _("preferensi notifikasi")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_pref_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.kind} · {self.delivery}"


class DigestItemQuerySet(models.QuerySet):
    def pending(self) -> "DigestItemQuerySet":
        return self.filter(sent_at__isnull=True)


class DigestItem(models.Model):
    """A notification held back for the recipient's next daily digest."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_items"
    )
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)
    subject = models.CharField(max_length=250)
    body = models.TextField()
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = DigestItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("butir ringkasan")
        verbose_name_plural = _("butir ringkasan")
        ordering = ["user", "created_at", "pk"]
        indexes = [models.Index(fields=["sent_at", "user"])]

    def __str__(self) -> str:
        return self.subject


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    WHATSAPP = "whatsapp", _("WhatsApp")


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu dikirim")
    SENT = "sent", _("Terkirim")
    FAILED = "failed", _("Gagal")


class OutboxMessageQuerySet(AgencyScopedQuerySet):
    def unsent(self) -> "OutboxMessageQuerySet":
        return self.exclude(status=OutboxStatus.SENT)


class OutboxMessage(models.Model):
    """One email or WhatsApp message on its way out, written in the transaction that caused it.

    The background task sends it and records the outcome; a failed attempt is retried later,
    and after the last attempt the message stays visible as failed until someone resends it.
    """

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    channel = models.CharField(
        _("saluran"), max_length=10, choices=Channel.choices, default=Channel.EMAIL
    )
    recipient = models.CharField(_("penerima"), max_length=254)
    subject = models.TextField(_("subjek"), blank=True)
    body = models.TextField(_("isi"))
    headers = models.JSONField(default=dict, blank=True)
    # [name, base64 content, mimetype] per attachment (the meeting .ics).
    attachments = models.JSONField(default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    last_error = models.CharField(_("kendala terakhir"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    # While a worker sends it, no other worker may: the claim lapses at this time.
    claimed_until = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("terkirim"), null=True, blank=True)

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("pesan keluar")
        verbose_name_plural = _("pesan keluar")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "agency"])]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} · {self.recipient} · {self.subject[:60]}"


class InboxItemQuerySet(models.QuerySet):
    def for_user(self, user) -> "InboxItemQuerySet":
        return self.filter(user=user)

    def unread(self) -> "InboxItemQuerySet":
        return self.filter(read_at__isnull=True)


class InboxItem(models.Model):
    """One notification in a person's in-app inbox, whatever their email preference says."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inbox_items"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("jenis"), max_length=20, choices=NotificationKind.choices)
    subject = models.CharField(_("judul"), max_length=300)
    body = models.TextField(_("isi"), blank=True)
    url = models.CharField(_("tautan"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("dibaca"), null=True, blank=True)

    objects = InboxItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("pemberitahuan")
        verbose_name_plural = _("kotak masuk")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.subject}"
