"""Sending meeting mail through the notifications app (preferences, digests, WhatsApp)."""

from collections.abc import Iterable


def send(
    recipients: Iterable,
    *,
    kind: str,
    agency,
    subject: str,
    body: str,
    url: str = "",
    attachments=(),
) -> None:
    """Notify users (`recipients`) of a meeting event; `attachments` are (name, bytes, type).

    `notify` itself sends only after the surrounding transaction commits."""
    from simpul.notifications.api import notify

    notify(
        list(recipients),
        kind=kind,
        agency=agency,
        subject=subject,
        body=body,
        url=url,
        attachments=attachments,
    )
