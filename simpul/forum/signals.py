"""Every write to what the participation figures count gives the agency a new figures token.

The figures (simpul/forum/queries.py) are cached under the agency's `FiguresVersion` token.
These receivers move it on whenever a post, thread, membership, meeting, invitation or
attendance line is saved or deleted, in the same transaction as the change. The receivers are
on the models, not the actions, so the admin site, commands and cascades cannot forget them; the few
bulk `.update()` calls of the forum and meetings actions touch no field the figures read
(counters, timestamps of activity, reminders, pseudonyms).
"""

from __future__ import annotations

import uuid

from django.apps import apps
from django.db.models.signals import post_delete, post_save

from .models import FiguresVersion, Post, Thread


def figures_changed(agency_id: int | None) -> None:
    """A new token for the agency: its cached participation figures go stale everywhere.

    Only an existing row is moved on: without one nothing is cached under a token yet, and the
    first reader creates it with a fresh one (never here: in the middle of an agency's
    deletion a new row would point at the agency being deleted)."""
    if agency_id is not None:
        FiguresVersion.objects.filter(agency_id=agency_id).update(token=uuid.uuid4().hex)


def _agency_of_thread(thread_id: int | None) -> int | None:
    return Thread.objects.filter(pk=thread_id).values_list("agency_id", flat=True).first()


def _meeting_agency(meeting_id: int | None) -> int | None:
    meeting = apps.get_model("meetings", "Meeting")
    return meeting.objects.filter(pk=meeting_id).values_list("agency_id", flat=True).first()


def _on_thread(sender, instance, **kwargs) -> None:
    figures_changed(instance.agency_id)


def _on_post(sender, instance, **kwargs) -> None:
    figures_changed(_agency_of_thread(instance.thread_id))


def _on_agency_row(sender, instance, **kwargs) -> None:
    figures_changed(instance.agency_id)


def _on_meeting_row(sender, instance, **kwargs) -> None:
    figures_changed(_meeting_agency(instance.meeting_id))


def connect() -> None:
    receivers = [
        (Thread, _on_thread),
        (Post, _on_post),
        (apps.get_model("agencies", "Membership"), _on_agency_row),
    ]
    if apps.is_installed("simpul.meetings"):
        receivers += [
            (apps.get_model("meetings", "Meeting"), _on_agency_row),
            (apps.get_model("meetings", "Invitation"), _on_meeting_row),
            (apps.get_model("meetings", "Attendance"), _on_meeting_row),
        ]
    for model, receiver in receivers:
        for signal in (post_save, post_delete):
            signal.connect(receiver, sender=model, dispatch_uid=f"figures:{model._meta.label}")
