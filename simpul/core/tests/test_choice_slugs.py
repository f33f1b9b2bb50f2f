"""Stored choice values are English slugs; the Indonesian values they replaced still read."""

import importlib
import re

import pytest
from django.apps import apps

from simpul.core.choices import ChoiceSet, legacy_values
from simpul.forum.models import ModerationAct, PostKind, PostState, Thread, ThreadStatus
from simpul.meetings.models import MinutesStatus, Rsvp
from simpul.plans.models import ActionStatus, LevelSource

MIGRATIONS = {
    "forum": "simpul.forum.migrations.0005_english_choice_values",
    "meetings": "simpul.meetings.migrations.0003_english_choice_values",
    "plans": "simpul.plans.migrations.0005_english_choice_values",
}


def choice_sets() -> list[type[ChoiceSet]]:
    found = []
    for module in ("simpul.forum.models", "simpul.meetings.models", "simpul.plans.models"):
        for value in vars(importlib.import_module(module)).values():
            if isinstance(value, type) and issubclass(value, ChoiceSet) and value is not ChoiceSet:
                found.append(value)
    return found


def test_every_stored_value_is_an_english_slug_with_an_indonesian_label():
    sets = choice_sets()
    assert {PostKind, PostState, ThreadStatus, ModerationAct, MinutesStatus, Rsvp} <= set(sets)
    for choice_set in sets:
        for value, label in choice_set.choices:
            assert re.fullmatch(r"[a-z_]*", value), (choice_set.__name__, value)
            assert str(label) and str(label) != value


def test_parse_reads_slugs_and_the_values_they_replaced_and_nothing_else():
    assert MinutesStatus.parse("draft") is MinutesStatus.DRAFT
    assert MinutesStatus.parse("draf") is MinutesStatus.DRAFT
    assert Rsvp.parse("belum") is Rsvp.PENDING
    assert PostState.parse("menunggu") is PostState.PENDING
    assert ActionStatus.parse("berjalan") is ActionStatus.IN_PROGRESS
    assert LevelSource.parse("resmi") is LevelSource.FINAL
    assert MinutesStatus.parse("Draft") is None
    assert MinutesStatus.parse(None) is None
    assert MinutesStatus.parse("") is None


def test_a_replaced_value_must_name_an_existing_slug():
    with pytest.raises(ValueError, match="no such slugs"):

        @legacy_values(lama="hilang")
        class Broken(ChoiceSet):
            NEW = "new", "Baru"


@pytest.mark.parametrize("app_label", sorted(MIGRATIONS))
def test_each_data_migration_maps_exactly_the_replaced_values_of_its_fields(app_label):
    operation = importlib.import_module(MIGRATIONS[app_label]).Migration.operations[0]
    fields = operation.fields
    for (model_name, field_name), replaced in fields.items():
        field = apps.get_model(app_label, model_name)._meta.get_field(field_name)
        slugs = {value for value, _label in field.choices}
        # Thread.kind offers a subset of PostKind; its migration maps the whole set.
        choice_set = next(c for c in choice_sets() if slugs <= set(c.values))
        assert replaced == choice_set._replaced, (model_name, field_name)


def test_the_data_migration_rewrites_stored_values_and_back(personas):
    thread = Thread.objects.create(agency=personas.agency_a, title="Kendala", kind="obstacle")
    Thread.objects.filter(pk=thread.pk).update(kind="kendala", status="ditutup")
    operation = importlib.import_module(MIGRATIONS["forum"]).Migration.operations[0]
    operation.code(apps, None)
    thread.refresh_from_db()
    assert (thread.kind, thread.status) == (PostKind.OBSTACLE, ThreadStatus.CLOSED)
    operation.reverse_code(apps, None)
    thread.refresh_from_db()
    assert (thread.kind, thread.status) == ("kendala", "ditutup")
