"""The one entry point other apps use to tell people something: `notify`.

Each recipient's preference for the kind decides: an immediate email, a line in tomorrow's
digest, or nothing. Mail and WhatsApp leave only after the surrounding transaction commits,
so a rolled-back change never announces itself.
"""

from __future__ import annotations

import json
import logging
import urllib.request
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from simpul.agencies.models import Agency

from .models import Delivery, DigestItem, NotificationKind, NotificationPreference

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


def _email(user, kind: str, subject: str, body: str, url: str, attachments) -> EmailMessage:
    text = body + ("\n\n" + absolute(url) if url else "") + "\n" + footer(user, [kind])
    message = EmailMessage(
        subject=subject,
        body=text,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url(user, kind)}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    for name, content, mimetype in attachments:
        message.attach(name, content, mimetype)
    return message


def send_whatsapp(phone: str, text: str) -> bool:
    """POST one message to the configured webhook; False (and a log line) on any failure."""
    url = getattr(settings, "WHATSAPP_WEBHOOK_URL", "")
    if not url.startswith(("http://", "https://")):
        return False
    payload = json.dumps({"to": phone, "message": text[:WHATSAPP_MAX]}).encode()
    request = urllib.request.Request(url, data=payload, method="POST")  # noqa: S310 (http(s) only)
    request.add_header("Content-Type", "application/json")
    token = getattr(settings, "WHATSAPP_WEBHOOK_TOKEN", "")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (configured URL)
            return 200 <= response.status < 300
    except OSError:
        logger.warning("WhatsApp webhook failed for a message", exc_info=True)
        return False


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
    users = {u.pk: u for u in recipients if u.is_active and u.email}
    prefs = preferences_of(list(users.values()), kind)
    emails, chats, held = [], [], []
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
            emails.append(_email(user, kind, subject, body, url, attachments))
        if pref and pref.whatsapp and user.phone:
            chats.append((user.phone, f"{subject}\n{absolute(url)}" if url else subject))
    DigestItem.objects.bulk_create(held)
    if emails:
        transaction.on_commit(lambda: get_connection().send_messages(emails))
    for phone, text in chats:
        transaction.on_commit(lambda phone=phone, text=text: send_whatsapp(phone, text))
