"""Dashboard fixtures: SPBE 2020 loaded and agency A's 2025 cycle with every level set."""

from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from simpul.agencies.models import Unit
from simpul.cycles import operations as cycle_operations
from simpul.cycles.models import Answer, AnswerStatus, Cycle
from simpul.frameworks.models import Framework
from simpul.plans.models import Action, ActionStatus


def level_of(number: int) -> int:
    """Every indicator set: index 3.22 (Baik) for SPBE 2020."""
    return [4, 3, 4, 3, 2, 4, 3, 4, 2, 3][number % 10]


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def open_with_levels(agency, year: int, framework: Framework, user, level=level_of) -> Cycle:
    cycle = cycle_operations.open_cycle(
        agency, year=year, framework=framework, include_visit=False, user=user
    )
    for answer in cycle.answers.select_related("indicator"):
        answer.self_level = level(answer.indicator.number)
        answer.save(update_fields=["self_level"])
    return cycle


@pytest.fixture
def cycle(personas, spbe) -> Cycle:
    """2025: I01–I10 are Bappeda's, the rest Diskominfo's; I01–I03 overdue drafts."""
    made = open_with_levels(personas.agency_a, 2025, spbe, personas.admin)
    through = Answer.units.through
    rows = []
    for answer in made.answers.select_related("indicator"):
        unit = personas.unit_a2 if answer.indicator.number <= 10 else personas.unit_a
        rows.append(through(answer_id=answer.pk, unit_id=unit.pk))
    through.objects.bulk_create(rows)
    yesterday = timezone.localdate() - timedelta(days=1)
    made.answers.filter(indicator__number__lte=3).update(due_date=yesterday)
    made.answers.filter(indicator__number__gte=40).update(status=AnswerStatus.ACCEPTED)
    return made


def add_action(personas, indicator_number: int, due: date, unit=None) -> Action:
    from simpul.frameworks.models import Indicator

    indicator = Indicator.objects.get(framework__code="spbe-2020", number=indicator_number)
    return Action.objects.create(
        agency=personas.agency_a,
        indicator=indicator,
        target_level=5,
        unit=unit or personas.unit_a,
        start_date=due - timedelta(days=30),
        due_date=due,
        status=ActionStatus.IN_PROGRESS,
    )


def grow(personas, spbe, cycle: Cycle, n: int) -> None:
    """More of everything the dashboard reads: cycles, units, actions."""
    for k in range(n):
        open_with_levels(personas.agency_a, 2015 + k, spbe, personas.admin)
        Unit.objects.create(agency=personas.agency_a, name=f"Unit tambahan {k}")
        add_action(personas, 5 + k, timezone.localdate() - timedelta(days=k + 1))
