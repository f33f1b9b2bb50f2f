"""Write paths of notifications: preferences, unsubscribing, the daily digest, the outbox."""

import base64
import logging
from collections import defaultdict
from collections.abc import Mapping
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.accounts.models import User
from simpul.core.errors import Refusal

from .api import absolute, footer, queue_email, send_whatsapp
from .models import (
    Channel,
    Delivery,
    DigestItem,
    NotificationKind,
    NotificationPreference,
    OutboxMessage,
    OutboxStatus,
)

logger = logging.getLogger(__name__)


class OutboxError(Refusal):
    """A refused outbox operation, with a message fit to show the user."""


@transaction.atomic
def set_preference(user: User, kind: str, *, delivery: str, whatsapp: bool = False) -> None:
    delivery = Delivery.parse(delivery) or delivery
    if kind not in NotificationKind.values or delivery not in Delivery.values:
        raise ValueError(kind)
    NotificationPreference.objects.update_or_create(
        user=user, kind=kind, defaults={"delivery": delivery, "whatsapp": whatsapp}
    )


@transaction.atomic
def set_preferences(user: User, choices: Mapping[str, tuple[str, bool]]) -> None:
    for kind, (delivery, whatsapp) in choices.items():
        set_preference(user, kind, delivery=delivery, whatsapp=whatsapp)


@transaction.atomic
def unsubscribe(user: User, kind: str) -> None:
    """Turn one kind off, keeping the WhatsApp choice as it was (it is off too)."""
    set_preference(user, kind, delivery=Delivery.OFF)


@transaction.atomic
def send_digests() -> int:
    """One email per person with everything held for the digest; returns how many were queued.

    The items are marked sent in the same transaction that puts the emails in the outbox, so a
    mail outage delays the digest but never loses it, and a rerun never sends it twice."""
    items = list(DigestItem.objects.pending().select_for_update().select_related("user", "agency"))
    by_user: dict[int, list[DigestItem]] = defaultdict(list)
    for item in items:
        by_user[item.user_id].append(item)
    count = 0
    for user_items in by_user.values():
        user = user_items[0].user
        if not user.is_active or not user.email:
            continue
        lines = [_("Ringkasan notifikasi Simpul hari ini:"), ""]
        for item in user_items:
            lines.append(f"• [{item.agency}] {item.subject}")
            if item.url:
                lines.append(f"  {absolute(item.url)}")
        kinds = sorted({item.kind for item in user_items})
        body = "\n".join(lines) + "\n" + footer(user, kinds)
        subject = _("Ringkasan harian Simpul (%(count)s)") % {"count": len(user_items)}
        agencies = {item.agency_id for item in user_items}
        agency = user_items[0].agency if len(agencies) == 1 else None
        queue_email(user.email, subject, body, agency=agency)
        count += 1
    DigestItem.objects.filter(pk__in=[i.pk for i in items]).update(sent_at=timezone.now())
    return count


# --- the outbox -----------------------------------------------------------------------------


def max_attempts() -> int:
    return settings.NOTIFICATION_MAX_ATTEMPTS


def retry_delay(attempts: int) -> timedelta:
    """Wait longer after each failed attempt: 1, 4, 16, 64 … minutes, at most a day."""
    return timedelta(minutes=min(4 ** (attempts - 1), 24 * 60))


def _claim(message_id: int, now: datetime) -> bool:
    """Mark the message as being sent by this worker; False if it is sent or someone else is."""
    lease = now + timedelta(minutes=settings.BACKGROUND_TASK_TIMEOUT_MINUTES)
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    claimed = OutboxMessage.objects.filter(free, pk=message_id, status=OutboxStatus.PENDING)
    return bool(claimed.update(claimed_until=lease, attempts=F("attempts") + 1))


def _send(message: OutboxMessage) -> None:
    if message.channel == Channel.WHATSAPP:
        send_whatsapp(message.recipient, message.body)
        return
    email = EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
        headers=message.headers or None,
    )
    for name, content, mimetype in message.attachments:
        email.attach(name, base64.b64decode(content), mimetype)
    email.send()


def deliver(message_id: int, now: datetime | None = None) -> str:
    """Send one outbox message once; on failure schedule a retry or, after the last attempt,
    leave it failed. Returns the status. Never raises: the worker and the user's action go on.

    Not one transaction: the message is claimed first (committed), so a second worker given the
    same id sends nothing, and an outage is recorded instead of rolled back."""
    from .tasks import deliver_message

    now = now or timezone.now()
    if not _claim(message_id, now):
        message = OutboxMessage.objects.filter(pk=message_id).first()
        return message.status if message else "missing"
    message = OutboxMessage.objects.get(pk=message_id)
    try:
        _send(message)
    except Exception as error:  # SMTP refused, timeout, webhook 5xx: try again later
        logger.warning("Outbox message %s not sent", message.pk, exc_info=True)
        reason = f"{type(error).__name__}: {error}"[:300]
        last = message.attempts >= max_attempts()
        retry_at = None if last else now + retry_delay(message.attempts)
        OutboxMessage.objects.filter(pk=message.pk).update(
            status=OutboxStatus.FAILED if last else OutboxStatus.PENDING,
            last_error=reason,
            claimed_until=None,
            next_attempt_at=retry_at,
        )
        if retry_at is not None:
            deliver_message.using(run_after=retry_at).enqueue(message.pk)
        return OutboxStatus.FAILED if last else OutboxStatus.PENDING
    # Once sent, the text (invitation and reset links, personal data) is not kept.
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.SENT,
        sent_at=timezone.now(),
        claimed_until=None,
        last_error="",
        body="",
        attachments=[],
    )
    return OutboxStatus.SENT


@transaction.atomic
def resend(message: OutboxMessage) -> OutboxMessage:
    """Send a failed (or still waiting) message again, now; a sent one is refused."""
    from .tasks import deliver_message

    # Filtered on the row, not on the copy in hand: a message sent a moment ago stays sent.
    unsent = OutboxMessage.objects.filter(pk=message.pk).exclude(status=OutboxStatus.SENT)
    if not unsent.update(status=OutboxStatus.PENDING, attempts=0, next_attempt_at=None):
        raise OutboxError(_("Pesan ini sudah terkirim; tidak dikirim dua kali."))
    transaction.on_commit(partial(deliver_message.enqueue, message.pk))
    message.refresh_from_db()
    return message


def deliver_due(now: datetime | None = None) -> int:
    """Send now every waiting message whose retry time has come (or that lost its task, as when
    a worker is killed); used by `send_outbox`. Returns how many were sent."""
    now = now or timezone.now()
    due = (
        OutboxMessage.objects.filter(status=OutboxStatus.PENDING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return sum(deliver(pk, now) == OutboxStatus.SENT for pk in list(due))
