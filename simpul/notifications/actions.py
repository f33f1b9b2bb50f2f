"""Write paths of notifications: preferences, unsubscribing, the daily digest."""

from collections import defaultdict
from collections.abc import Mapping

from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.accounts.models import User

from .api import absolute, footer
from .models import Delivery, DigestItem, NotificationKind, NotificationPreference


@transaction.atomic
def set_preference(user: User, kind: str, *, delivery: str, whatsapp: bool = False) -> None:
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
    """One email per person with everything held for the digest; returns how many were sent."""
    items = list(DigestItem.objects.pending().select_for_update().select_related("user", "agency"))
    by_user: dict[int, list[DigestItem]] = defaultdict(list)
    for item in items:
        by_user[item.user_id].append(item)
    messages = []
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
        messages.append(
            EmailMessage(
                subject=_("Ringkasan harian Simpul (%(count)s)") % {"count": len(user_items)},
                body=body,
                to=[user.email],
            )
        )
    DigestItem.objects.filter(pk__in=[i.pk for i in items]).update(sent_at=timezone.now())
    if messages:
        transaction.on_commit(lambda: get_connection().send_messages(messages))
    return len(messages)
