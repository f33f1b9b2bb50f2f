"""Fixtures for planning tests: SPBE 2020 loaded, a cycle of agency A with every level set."""

from datetime import date
from types import SimpleNamespace

import pytest

from simpul.cycles import operations as cycle_operations
from simpul.cycles.models import Answer, Cycle
from simpul.frameworks.models import Framework
from simpul.plans import operations
from simpul.plans.models import Action


def level_of(number: int) -> int:
    """The demo's levels: index 3.221, Baik."""
    return [4, 3, 4, 3, 2, 4, 3, 4, 2, 3][number % 10]


def set_levels(cycle: Cycle, field: str, level=level_of) -> None:
    for answer in cycle.answers.select_related("indicator"):
        setattr(answer, field, level(answer.indicator.number))
        answer.save(update_fields=[field])


@pytest.fixture
def cycle(personas, spbe) -> Cycle:
    """Agency A's 2025 cycle, every indicator self-assessed at the demo levels (3.221, Baik);
    no internal or official levels yet. I01–I10 are Bappeda's (the respondent's unit), with
    the respondent as PIC; the rest Diskominfo's."""
    made = cycle_operations.open_cycle(
        personas.agency_a, year=2025, framework=spbe, include_visit=False, user=personas.admin
    )
    set_levels(made, "self_level")
    bappeda = list(made.answers.filter(indicator__number__lte=10))
    made.answers.filter(indicator__number__lte=10).update(pic=personas.respondent)
    Answer.units.through.objects.bulk_create(
        Answer.units.through(answer_id=answer.pk, unit_id=personas.unit_a2.pk) for answer in bappeda
    )
    Answer.units.through.objects.bulk_create(
        Answer.units.through(answer_id=answer.pk, unit_id=personas.unit_a.pk)
        for answer in made.answers.filter(indicator__number__gt=10)
    )
    return made


@pytest.fixture
def cycle_b(personas, spbe) -> Cycle:
    made = cycle_operations.open_cycle(
        personas.agency_b, year=2025, framework=spbe, include_visit=False, user=personas.admin_b
    )
    set_levels(made, "self_level")
    return made


def indicator(framework: Framework, code: str):
    return framework.indicators.get(code=code)


def make_action(personas, base: Cycle, code: str = "I05", **values) -> Action:
    """An action by the admin of the agency of `base`, aimed at `base` unless told otherwise;
    defaults: level 3, Bappeda, the respondent in charge, due at the end of 2025."""
    in_b = base.agency_id == personas.agency_b.pk
    values = {
        "cycle": base,
        "indicator": indicator(base.framework, code),
        "target_level": 3,
        "unit": personas.unit_b if in_b else personas.unit_a2,
        "pic": personas.admin_b if in_b else personas.respondent,
        "start_date": date(2025, 1, 1),
        "due_date": date(2025, 12, 31),
        **values,
    }
    admin = personas.admin_b_membership if in_b else personas.admin_membership
    return operations.create_action(base.agency, membership=admin, **values)


@pytest.fixture
def people(personas) -> SimpleNamespace:
    names = ["admin", "respondent", "assessor", "leader", "partner", "external"]
    return SimpleNamespace(**{name: getattr(personas, f"{name}_membership") for name in names})
