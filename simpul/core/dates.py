"""Sane bounds for dates typed into forms, with messages in Bahasa Indonesia.

A date field accepts 0001-01-01 and 9999-12-31; later arithmetic on such a date (a monthly
series, "fresh for 12 months") runs past year 9999 and fails. Forms refuse them up front.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

# Documents (regulations, reports): nothing older than 1900, nothing beyond 2100.
EARLIEST_DOCUMENT_YEAR = 1900
LATEST_DOCUMENT_YEAR = 2100
# Plans and deadlines: at most this many years from today, and not before 2000.
EARLIEST_PLAN_YEAR = 2000
PLAN_YEARS_AHEAD = 10
# A meeting, a workshop included, lasts at most this many days.
MAX_MEETING_DAYS = 3


def _day(value: datetime.date) -> str:
    return date_format(value, "j F Y")


def validate_document_date(value: datetime.date | None) -> None:
    if value is None:
        return
    if not EARLIEST_DOCUMENT_YEAR <= value.year <= LATEST_DOCUMENT_YEAR:
        raise ValidationError(
            _(
                "Tanggal dokumen harus antara tahun %(first)d dan %(last)d; "
                "%(day)s tidak masuk akal."
            )
            % {"first": EARLIEST_DOCUMENT_YEAR, "last": LATEST_DOCUMENT_YEAR, "day": _day(value)},
            code="date_range",
        )


def latest_plan_date(today: datetime.date | None = None) -> datetime.date:
    today = today or timezone.localdate()
    return datetime.date(today.year + PLAN_YEARS_AHEAD, 12, 31)


def validate_plan_date(value: datetime.date | datetime.datetime | None) -> None:
    """Start, due and meeting dates: from 2000 to the end of the year ten years from now."""
    if value is None:
        return
    day = value.date() if isinstance(value, datetime.datetime) else value
    latest = latest_plan_date()
    if not datetime.date(EARLIEST_PLAN_YEAR, 1, 1) <= day <= latest:
        raise ValidationError(
            _("Tanggal harus antara tahun %(first)d dan %(last)d; %(day)s tidak masuk akal.")
            % {"first": EARLIEST_PLAN_YEAR, "last": latest.year, "day": _day(day)},
            code="date_range",
        )
