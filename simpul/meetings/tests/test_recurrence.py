from datetime import date

import pytest

from simpul.meetings.models import Recurrence
from simpul.meetings.recurrence import RecurrenceError, occurrences

from .conftest import at


def days(moments):
    return [moment.date() for moment in moments]


def test_a_monthly_series_from_the_31st_keeps_to_month_ends_and_comes_back_to_the_31st():
    starts = occurrences(at(2026, 1, 31, 9), Recurrence.MONTHLY, 5)
    assert days(starts) == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
        date(2026, 5, 31),
    ]


def test_a_monthly_series_in_a_leap_year_meets_on_february_29():
    starts = occurrences(at(2028, 1, 31, 9), Recurrence.MONTHLY, 3)
    assert days(starts) == [date(2028, 1, 31), date(2028, 2, 29), date(2028, 3, 31)]


def test_a_quarterly_series_crosses_the_year_and_keeps_the_time_of_day():
    starts = occurrences(at(2026, 11, 30, 14, 30), Recurrence.QUARTERLY, 3)
    assert days(starts) == [date(2026, 11, 30), date(2027, 2, 28), date(2027, 5, 30)]
    assert {(moment.hour, moment.minute) for moment in starts} == {(14, 30)}


def test_a_quarterly_series_from_february_29_of_a_leap_year():
    starts = occurrences(at(2028, 2, 29), Recurrence.QUARTERLY, 5)
    assert days(starts)[-1] == date(2029, 2, 28)


@pytest.mark.parametrize(
    ("recurrence", "count", "message"),
    [
        ("mingguan", 3, "Pengulangan “mingguan” tidak dikenal"),
        (Recurrence.MONTHLY, 0, "harus 1 sampai 24, bukan 0"),
        (Recurrence.MONTHLY, 25, "harus 1 sampai 24, bukan 25"),
    ],
)
def test_an_invalid_recurrence_is_refused_in_indonesian(recurrence, count, message):
    with pytest.raises(RecurrenceError, match=message):
        occurrences(at(2026, 1, 1), recurrence, count)
