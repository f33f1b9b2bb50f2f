"""The one entry point other apps use to tell people something: `notify`.

Each recipient's preference for the kind decides: an immediate email, a line in tomorrow's
digest, or nothing. Every message is a row of the outbox (`OutboxMessage`) written in the
surrounding transaction; the background task that sends it is enqueued after commit. A
rolled-back change never announces itself, and a mail outage never fails the change: the
message waits, is retried, and stays visible until it is sent.
"""

from __future__ import annotations

import base64
import json
import logging
import urllib.request
from collections.abc import Iterable, Sequence
from functools import partial

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from simpul.agencies.models import Agency

from .models import (
    Channel,
    Delivery,
    DigestItem,
    InboxItem,
    NotificationKind,
    NotificationPreference,
    OutboxMessage,
)

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "simpul.notifications.unsubscribe"
WHATSAPP_MAX = 600


def unsubscribe_token(user, kind: str) -> str:
    return signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """(user id, kind) of a valid token, else None. Tokens do not expire."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("k") not in NotificationKind.values:
        return None
    return int(data["u"]), data["k"]


def unsubscribe_url(user, kind: str) -> str:
    path = reverse("notifications:unsubscribe", args=[unsubscribe_token(user, kind)])
    return settings.SITE_URL.rstrip("/") + path


def absolute(url: str) -> str:
    return settings.SITE_URL.rstrip("/") + url if url.startswith("/") else url


def footer(user, kinds: Iterable[str]) -> str:
    lines = [
        "",
        "--",
        _("Atur notifikasi: %(url)s") % {"url": absolute(reverse("notifications:preferences"))},
    ]
    for kind in kinds:
        label = NotificationKind(kind).label
        lines.append(
            _("Berhenti menerima “%(kind)s”: %(url)s")
            % {"kind": label, "url": unsubscribe_url(user, kind)}
        )
    return "\n".join(lines)


def queue_email(
    to: str,
    subject: str,
    body: str,
    *,
    agency: Agency | None = None,
    headers: dict | None = None,
    attachments: Sequence[tuple[str, bytes, str]] = (),
) -> OutboxMessage:
    """Put one email in the outbox; it is sent by the background task after commit."""
    files = [[name, base64.b64encode(data).decode(), kind] for name, data, kind in attachments]
    return _queue(
        OutboxMessage(
            agency=agency,
            channel=Channel.EMAIL,
            recipient=to,
            subject=subject,
            body=body,
            headers=headers or {},
            attachments=files,
        )
    )


def queue_whatsapp(phone: str, text: str, *, agency: Agency | None = None) -> OutboxMessage:
    return _queue(
        OutboxMessage(
            agency=agency, channel=Channel.WHATSAPP, recipient=phone, body=text[:WHATSAPP_MAX]
        )
    )


def _queue(message: OutboxMessage) -> OutboxMessage:
    from .tasks import deliver_message

    message.save()
    transaction.on_commit(partial(deliver_message.enqueue, message.pk))
    return message


def _email(user, kind: str, subject: str, body: str, url: str, attachments, agency) -> None:
    text = body + ("\n\n" + absolute(url) if url else "") + "\n" + footer(user, [kind])
    queue_email(
        user.email,
        subject,
        text,
        agency=agency,
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url(user, kind)}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        attachments=attachments,
    )


def whatsapp_configured() -> bool:
    return getattr(settings, "WHATSAPP_WEBHOOK_URL", "").startswith(("http://", "https://"))


def send_whatsapp(phone: str, text: str) -> None:
    """POST one message to the configured webhook; raises OSError on any failure."""
    if not whatsapp_configured():
        raise OSError(_("Webhook WhatsApp belum diatur (WHATSAPP_WEBHOOK_URL)."))
    payload = json.dumps({"to": phone, "message": text[:WHATSAPP_MAX]}).encode()
    url = settings.WHATSAPP_WEBHOOK_URL
    request = urllib.request.Request(url, data=payload, method="POST")  # noqa: S310 (http(s) only)
    request.add_header("Content-Type", "application/json")
    token = getattr(settings, "WHATSAPP_WEBHOOK_TOKEN", "")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    # urlopen raises HTTPError (an OSError) for 4xx/5xx answers.
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (configured URL)
        if not 200 <= response.status < 300:
            raise OSError(f"HTTP {response.status}")


def preferences_of(users: Sequence, kind: str) -> dict[int, NotificationPreference]:
    return {
        pref.user_id: pref
        for pref in NotificationPreference.objects.filter(user__in=users, kind=kind)
    }


@transaction.atomic
def notify(
    recipients: Iterable,
    *,
    kind: str,
    agency: Agency,
    subject: str,
    body: str,
    url: str = "",
    attachments: Sequence[tuple[str, bytes, str]] = (),
) -> None:
    """Tell each recipient, as their preference for `kind` says (see module docstring)."""
    kind = NotificationKind(kind)
    everyone = {u.pk: u for u in recipients if u.is_active}
    # The in-app inbox gets every notification; the preference decides email and WhatsApp.
    InboxItem.objects.bulk_create(
        InboxItem(
            user=user, agency=agency, kind=kind, subject=subject[:300], body=body, url=url[:500]
        )
        for user in everyone.values()
    )
    users = {pk: u for pk, u in everyone.items() if u.email}
    prefs = preferences_of(list(users.values()), kind)
    held = []
    for user in users.values():
        pref = prefs.get(user.pk)
        delivery = pref.delivery if pref else Delivery.IMMEDIATE
        if delivery == Delivery.OFF:
            continue
        urgent = kind == NotificationKind.INVITATION and attachments
        if delivery == Delivery.DIGEST and not urgent:
            held.append(
                DigestItem(user=user, agency=agency, kind=kind, subject=subject, body=body, url=url)
            )
        else:
            _email(user, kind, subject, body, url, attachments, agency)
        if pref and pref.whatsapp and user.phone and whatsapp_configured():
            text = f"{subject}\n{absolute(url)}" if url else subject
            queue_whatsapp(user.phone, text, agency=agency)
    DigestItem.objects.bulk_create(held)
