"""The item answer page (pemdi-2026) folds the levels the respondent is not working on: the
level to reach next stays open, assessors (who review every item) see them all, and the
explanation form keeps its text on the device (answer.js)."""

import re

import pytest
from django.urls import reverse

from simpul.cycles import operations
from simpul.cycles.tests.conftest import answer_of
from simpul.frameworks.operations import import_framework


@pytest.fixture
def i13(personas, shipped_specs):
    framework = import_framework(shipped_specs["pemdi-2026"]).framework
    cycle = operations.open_cycle(
        personas.agency_a, year=2026, framework=framework, include_visit=False, user=personas.admin
    )
    answer = answer_of(cycle, "I13")
    answer.units.add(personas.unit_a2)
    return answer


def open_levels(html: str) -> list[int]:
    tags = re.findall(r'<details class="level card fold" id="tingkat-(\d+)"( open)?>', html)
    assert len(tags) == 5
    return [int(level) for level, opened in tags if opened]


def test_the_respondent_sees_the_level_to_reach_open_and_the_others_folded(i13, personas, as_user):
    html = as_user(personas.respondent).get(reverse("cycles:answer", args=[i13.pk])).content
    html = html.decode()
    assert "Tingkat 1: 0 dari 3 butir diterima." in html
    assert open_levels(html) == [1]
    # Folded items are still on the page (a link to #butir-… opens its level: folds.js).
    assert 'id="butir-I13-L5-01"' in html and "simpul/folds.js" in html
    assert f'data-answer-draft="{i13.pk}"' in html and "simpul/answer.js" in html


def test_the_internal_assessor_sees_every_level_open(i13, personas, as_user):
    html = as_user(personas.assessor).get(reverse("cycles:answer", args=[i13.pk])).content
    assert open_levels(html.decode()) == [1, 2, 3, 4, 5]
