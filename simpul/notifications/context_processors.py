from django.http import HttpRequest

from .models import InboxItem


def inbox(request: HttpRequest) -> dict:
    """The unread count for the header: one query per page, whatever the inbox holds."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"inbox_unread": InboxItem.objects.for_user(user).unread().count()}
