"""Who may reach which notifications: the access chokepoint of the notifications app.

An outbox message is reached only through the current agency (coordinators resend it); an
inbox item only by the person it was written for. Anything else is a 404.
"""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from .models import InboxItem, OutboxMessage


def get_outbox_message(request: HttpRequest, pk: int) -> OutboxMessage:
    return get_object_or_404(OutboxMessage.objects.for_agency(request.membership.agency), pk=pk)


def get_inbox_item(request: HttpRequest, pk: int) -> InboxItem:
    return get_object_or_404(InboxItem.objects.for_user(request.user), pk=pk)
