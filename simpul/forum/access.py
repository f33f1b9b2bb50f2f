"""Who may reach which forum objects: the access chokepoint of the forum app.

Views and the API fetch threads, posts, attachments, invitations and applications only
through these helpers, which filter by the current agency first (and hide what is pending or
taken down from everyone but moderators): anything else is a 404.
"""

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from simpul.agencies.models import Membership

from .models import Attachment, Invitation, PartnerApplication, Post, PostState, Thread
from .operations import can_moderate


def threads_for(membership: Membership) -> QuerySet[Thread]:
    """Threads of the membership's agency it may see: moderators also see pending ones."""
    threads = Thread.objects.for_agency(membership.agency)
    if not can_moderate(membership):
        threads = threads.visible()
    return threads


def get_thread(request: HttpRequest, pk: int):
    return get_object_or_404(threads_for(request.membership), pk=pk)


def get_post(request: HttpRequest, pk: int) -> Post:
    posts = Post.objects.for_agency(request.membership.agency).select_related(
        "thread__agency", "author"
    )
    if not can_moderate(request.membership):
        posts = posts.visible().filter(thread__opening_state=PostState.VISIBLE)
    return get_object_or_404(posts, pk=pk)


def get_attachment(request: HttpRequest, pk: int) -> Attachment:
    found = Attachment.objects.filter(post__thread__agency=request.membership.agency)
    if not can_moderate(request.membership):
        found = found.filter(
            post__state=PostState.VISIBLE, post__thread__opening_state=PostState.VISIBLE
        )
    return get_object_or_404(found, pk=pk)


def get_invitation(request: HttpRequest, pk: int) -> Invitation:
    return get_object_or_404(Invitation.objects.for_agency(request.membership.agency), pk=pk)


def get_application(request: HttpRequest, pk: int) -> PartnerApplication:
    return get_object_or_404(
        PartnerApplication.objects.for_agency(request.membership.agency), pk=pk
    )
