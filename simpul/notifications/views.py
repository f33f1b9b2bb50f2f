from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from simpul.accounts.models import User
from simpul.agencies.access import admin_required
from simpul.core.decorators import refusal_message

from . import operations
from .access import get_inbox_item, get_outbox_message
from .api import read_unsubscribe_token
from .models import (
    Delivery,
    InboxItem,
    NotificationKind,
    NotificationPreference,
    OutboxMessage,
)


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    """Each person's own choices per kind: no agency data here, only the signed-in user."""
    if request.method == "POST":
        choices = {}
        for kind in NotificationKind.values:
            delivery = request.POST.get(f"delivery_{kind}", Delivery.IMMEDIATE)
            delivery = Delivery.parse(delivery) or delivery
            if delivery not in Delivery.values:
                messages.error(
                    request,
                    _("Pilihan pengiriman “%(value)s” tidak dikenal.") % {"value": delivery},
                )
                return redirect("notifications:preferences")
            choices[kind] = (delivery, request.POST.get(f"whatsapp_{kind}") == "on")
        operations.set_preferences(request.user, choices)
        messages.success(request, _("Preferensi notifikasi disimpan."))
        return redirect("notifications:preferences")
    saved = {p.kind: p for p in NotificationPreference.objects.filter(user=request.user)}
    rows = [
        (
            kind,
            saved[kind].delivery if kind in saved else Delivery.IMMEDIATE,
            kind in saved and saved[kind].whatsapp,
        )
        for kind in NotificationKind
    ]
    return render(
        request,
        "notifications/preferences.html",
        {"rows": rows, "deliveries": Delivery.choices, "has_phone": bool(request.user.phone)},
    )


@csrf_exempt  # RFC 8058 one-click POSTs from mail clients carry no CSRF token.
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """No sign-in needed: the signed token names the person and the kind."""
    found = read_unsubscribe_token(token)
    if found is None:
        raise Http404
    user = User.objects.filter(pk=found[0]).first()
    if user is None:
        raise Http404
    kind = NotificationKind(found[1])
    done = request.method == "POST"
    if done:
        operations.unsubscribe(user, kind)
    return render(request, "notifications/unsubscribe.html", {"kind": kind, "done": done})


@admin_required
def outbox(request):
    """The agency's messages not sent yet: waiting for a retry, or failed after the last one."""
    agency = request.membership.agency
    unsent = OutboxMessage.objects.for_agency(agency).unsent().defer("body", "attachments")
    return render(
        request,
        "notifications/outbox.html",
        {"unsent": unsent[:100], "sent_count": OutboxMessage.objects.for_agency(agency).count()},
    )


@admin_required
@require_POST
def outbox_resend(request, pk: int):
    message = get_outbox_message(request, pk)
    with refusal_message(request):
        operations.resend(message)
        messages.success(
            request, _("Pesan untuk %(to)s dikirim ulang.") % {"to": message.recipient}
        )
    return redirect("notifications:outbox")


# --- the in-app inbox -----------------------------------------------------------------------

INBOX_PAGE = 50


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """The person's notifications, newest first, unread ones marked."""
    page = Paginator(InboxItem.objects.for_user(request.user), INBOX_PAGE).get_page(
        request.GET.get("halaman")
    )
    return render(request, "notifications/inbox.html", {"page": page})


@login_required
def inbox_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read and go where it points (only the owner's: else 404)."""
    item = get_inbox_item(request, pk)
    if item.read_at is None:
        InboxItem.objects.filter(pk=item.pk, read_at__isnull=True).update(read_at=timezone.now())
    target = item.url if item.url.startswith("/") and not item.url.startswith("//") else ""
    return redirect(target or "notifications:inbox")


@login_required
@require_POST
def inbox_read_all(request: HttpRequest) -> HttpResponse:
    InboxItem.objects.for_user(request.user).unread().update(read_at=timezone.now())
    messages.success(request, _("Semua pemberitahuan ditandai sudah dibaca."))
    return redirect("notifications:inbox")
