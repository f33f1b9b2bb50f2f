"""Dates of recurring meetings: monthly or quarterly, keeping to the first meeting's day.

A series started on the 31st meets on the last day of shorter months and comes back to the
31st when the month has one: Jan 31 → Feb 28 (29 in a leap year) → Mar 31 → Apr 30 …
"""

import calendar
from datetime import datetime

from django.utils.translation import gettext as _

from .models import Recurrence

STEP_MONTHS = {Recurrence.MONTHLY: 1, Recurrence.QUARTERLY: 3}
MAX_OCCURRENCES = 24


class RecurrenceError(ValueError):
    """An invalid recurrence, with a message fit to show."""


def add_months(moment: datetime, months: int, *, day: int | None = None) -> datetime:
    """`moment` moved by `months`, on `day` (default its own) or the month's last day."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    wanted = day or moment.day
    return moment.replace(
        year=year, month=month, day=min(wanted, calendar.monthrange(year, month)[1])
    )


def occurrences(first: datetime, recurrence: str, count: int) -> list[datetime]:
    """The start of each of `count` meetings of the series, the first one included."""
    if recurrence not in STEP_MONTHS:
        raise RecurrenceError(
            _("Pengulangan “%(value)s” tidak dikenal; pilih bulanan atau triwulanan.")
            % {"value": recurrence}
        )
    if not 1 <= count <= MAX_OCCURRENCES:
        raise RecurrenceError(
            _("Jumlah pertemuan berulang harus 1 sampai %(max)s, bukan %(count)s.")
            % {"max": MAX_OCCURRENCES, "count": count}
        )
    step = STEP_MONTHS[recurrence]
    # Always count from the first meeting, so a short month never shifts the later ones.
    return [add_months(first, step * n, day=first.day) for n in range(count)]
