"""Due dates for plan-created actions, spread over the evaluation year they serve.

Pure: no database. The actions of one evaluation year run one after another between the window's
start (1 January, or today when that is later) and the evaluation's deadline (the latest answer
due date of that year's period, else 31 December), prerequisites first, each taking a share of
the window proportional to its effort. So the first action is due early in the year and the last
on the deadline: never in the past, never after the year's end (for a year already over, on its
last day).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction


@dataclass(frozen=True)
class Task:
    """One action to schedule: `rank` orders it (prerequisites have lower ranks), `effort`
    gives its share of the window (a task without effort counts as one unit)."""

    key: Hashable
    rank: tuple
    effort: Decimal


@dataclass(frozen=True)
class Slot:
    start: date
    due: date


def window(year: int, *, today: date, deadline: date | None = None) -> tuple[date, date]:
    """(first day, last day) that actions for the evaluation of `year` may use."""
    year_end = date(year, 12, 31)
    start = max(today, date(year, 1, 1))
    end = deadline if deadline is not None and deadline.year == year else year_end
    if end < start:
        # The deadline passed: what is left of the year.
        end = year_end
    if end < start:
        # The whole year passed (a plan for a past evaluation): due on its last day, as late
        # as the year allows.
        return year_end, year_end
    return start, end


def spread(tasks: Sequence[Task], *, start: date, end: date) -> dict[Hashable, Slot]:
    """A start and due date for every task: in rank order, back to back, each lasting a share
    of [start, end] proportional to its effort; the last task is due on `end`."""
    ordered = sorted(tasks, key=lambda task: task.rank)
    weights = [Fraction(task.effort) if task.effort > 0 else Fraction(1) for task in ordered]
    total = sum(weights, Fraction(0))
    days = (end - start).days
    slots: dict[Hashable, Slot] = {}
    done = Fraction(0)
    begin = start
    for task, weight in zip(ordered, weights, strict=True):
        done += weight
        # Rounded down, so that the last task (done == total) lands exactly on `end`.
        due = start + timedelta(days=int(days * done / total))
        slots[task.key] = Slot(start=min(begin, due), due=due)
        begin = due
    return slots
