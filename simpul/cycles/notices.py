"""Who hears about the answer workflow, and what they read (NotificationKind.REVIEW).

Assignment tells the answer's PIC and the respondents of its units; a submission tells the
internal assessors and coordinators; changes requested and acceptance tell the PIC and the
respondents again, with the assessor's comment. Messages go through `notify`, so each person's
preference (immediately, in the daily digest, or not) and the outbox apply: a mail outage
never fails the action.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext as _

from simpul.accounts.models import User
from simpul.agencies.capabilities import CAPABILITIES
from simpul.agencies.models import Membership
from simpul.notifications.api import notify
from simpul.notifications.models import NotificationKind

from .models import Answer


def answerers(answer: Answer) -> list[User]:
    """The PIC and the active respondents (and admins) of the answer's units."""
    units = list(answer.units.values_list("pk", flat=True))
    members = Membership.objects.active().filter(
        agency=answer.cycle.agency_id, unit__in=units, role__in=CAPABILITIES["cycle.answer"]
    )
    people = {m.user for m in members.select_related("user")}
    if answer.pic is not None:
        people.add(answer.pic)
    return sorted(people, key=lambda user: user.pk)


def reviewers(answer: Answer) -> list[User]:
    return [
        m.user
        for m in Membership.objects.active()
        .filter(agency=answer.cycle.agency_id, role__in=CAPABILITIES["cycle.review"])
        .select_related("user")
        .order_by("user_id")
    ]


def _send(answer: Answer, people: Iterable[User], subject: str, body: str, actor) -> None:
    recipients = [user for user in people if actor is None or user.pk != actor.pk]
    if not recipients:
        return
    notify(
        recipients,
        kind=NotificationKind.REVIEW,
        agency=answer.cycle.agency,
        subject=subject,
        body=body,
        url=reverse("cycles:answer", args=[answer.pk]),
    )


def _name(answer: Answer) -> str:
    return f"{answer.indicator.number}. {answer.indicator.name} ({answer.cycle.year})"


def assigned(answers: list[Answer], actor) -> None:
    """One message per person for a whole assignment: the answers whose units or PIC are
    theirs (two queries for the people, however many answers were assigned)."""
    if not answers:
        return
    units_of = {answer.pk: {unit.pk for unit in answer.units.all()} for answer in answers}
    members = (
        Membership.objects.active()
        .filter(
            agency=answers[0].cycle.agency_id,
            unit__in=set().union(*units_of.values()),
            role__in=CAPABILITIES["cycle.answer"],
        )
        .select_related("user")
    )
    by_unit: dict[int, set] = {}
    for member in members:
        by_unit.setdefault(member.unit_id, set()).add(member.user)
    tasks: dict[User, list[Answer]] = {}
    for answer in answers:
        people = set().union(*(by_unit.get(unit, set()) for unit in units_of[answer.pk]))
        if answer.pic is not None:
            people.add(answer.pic)
        for user in people:
            tasks.setdefault(user, []).append(answer)
    for user, mine in sorted(tasks.items(), key=lambda pair: pair[0].pk):
        first = mine[0]
        if len(mine) == 1:
            due = first.due_date.strftime("%d-%m-%Y") if first.due_date else _("tanpa tenggat")
            subject = _("Tugas baru: %(name)s") % {"name": _name(first)}
            body = _("Anda ditugasi menjawab indikator %(name)s. Tenggat: %(due)s.") % {
                "name": _name(first),
                "due": due,
            }
        else:
            subject = _("Tugas baru: %(n)s indikator (%(year)s)") % {
                "n": len(mine),
                "year": first.cycle.year,
            }
            body = (
                _("Anda ditugasi menjawab indikator berikut:")
                + "\n"
                + "\n".join(f"- {_name(answer)}" for answer in mine)
            )
        url = (
            reverse("cycles:answer", args=[first.pk]) if len(mine) == 1 else reverse("cycles:tasks")
        )
        if actor is not None and user.pk == actor.pk:
            continue
        notify([user], kind=NotificationKind.REVIEW, agency=first.cycle.agency, subject=subject,
               body=body, url=url)  # fmt: skip


def submitted(answer: Answer, actor) -> None:
    _send(
        answer,
        reviewers(answer),
        _("Jawaban diajukan: %(name)s") % {"name": _name(answer)},
        _("Jawaban indikator %(name)s diajukan dan menunggu tinjauan asesor internal.")
        % {"name": _name(answer)},
        actor,
    )


def changes_requested(answer: Answer, actor) -> None:
    body = _(
        "Asesor internal mengembalikan jawaban indikator %(name)s untuk diperbaiki.\n\n"
        "Catatan asesor: %(comment)s"
    ) % {"name": _name(answer), "comment": answer.review_comment}
    _send(answer, answerers(answer), _("Perlu perbaikan: %(name)s") % {"name": _name(answer)},
          body, actor)  # fmt: skip


def accepted(answer: Answer, actor) -> None:
    _send(
        answer,
        answerers(answer),
        _("Jawaban diterima: %(name)s") % {"name": _name(answer)},
        _("Asesor internal menerima jawaban indikator %(name)s.") % {"name": _name(answer)},
        actor,
    )


SOON_DAYS = 3


def send_deadline_notices(today=None, *, now=None) -> dict[str, int]:
    """Tell the answerers of every open answer due in three days, or past its due date, once
    per due date (AnswerReminder). Only answers still to be answered, in cycles whose
    self-assessment is open. Returns how many answers were reminded of each kind.

    A due date is a calendar day of the agency: "in three days" and "passed" count from the
    agency's own day at `now` (default: this instant) in its zone, or from `today` if given."""
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    from simpul.agencies.models import TimeZone

    from .models import AnswerReminder

    now = now or timezone.now()
    sent = {AnswerReminder.Kind.SOON: 0, AnswerReminder.Kind.OVERDUE: 0}
    for zone in TimeZone:
        day = today or timezone.localdate(now, ZoneInfo(zone.value))
        _notify_zone(zone, day, sent)
    return {"soon": sent[AnswerReminder.Kind.SOON], "overdue": sent[AnswerReminder.Kind.OVERDUE]}


def _notify_zone(zone, today, sent: dict) -> None:
    from datetime import timedelta

    from django.db import transaction

    from .models import AnswerReminder, Stage
    from .operations import EDITABLE

    open_answers = (
        Answer.objects.filter(
            cycle__agency__time_zone=zone,
            status__in=EDITABLE,
            due_date__isnull=False,
            cycle__stage=Stage.SELF_ASSESSMENT,
            cycle__self_assessment_locked_at__isnull=True,
            due_date__lte=today + timedelta(days=SOON_DAYS),
        )
        .select_related("indicator", "cycle__agency", "pic")
        .order_by("pk")
    )
    done = set(
        AnswerReminder.objects.filter(answer__in=open_answers).values_list(
            "answer_id", "kind", "due_date"
        )
    )
    for answer in open_answers:
        kind = AnswerReminder.Kind.OVERDUE if answer.due_date < today else AnswerReminder.Kind.SOON
        if (answer.pk, kind.value, answer.due_date) in done:
            continue
        due = answer.due_date.strftime("%d-%m-%Y")
        if kind == AnswerReminder.Kind.SOON:
            subject = _("Tenggat %(due)s: %(name)s") % {"due": due, "name": _name(answer)}
            body = _("Jawaban indikator %(name)s harus diajukan paling lambat %(due)s.")
        else:
            subject = _("Lewat tenggat: %(name)s") % {"name": _name(answer)}
            body = _("Tenggat jawaban indikator %(name)s (%(due)s) sudah lewat; ajukan segera.")
        with transaction.atomic():
            AnswerReminder.objects.create(answer=answer, kind=kind, due_date=answer.due_date)
            _send(answer, answerers(answer), subject,
                  body % {"name": _name(answer), "due": due}, None)  # fmt: skip
        sent[kind] += 1
