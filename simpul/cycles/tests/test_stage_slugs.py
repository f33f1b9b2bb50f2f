"""Cycle stages and item verdicts are English slugs: the data migration (fields and history),
the Indonesian values they replaced still read, and history pages show labels."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from simpul.cycles import operations as cycle_operations
from simpul.cycles.items import value_stage
from simpul.cycles.models import (
    AnswerEvent,
    Cycle,
    CycleEvent,
    ItemReview,
    ItemVerdict,
    ReviewStage,
    Stage,
    StageValue,
)
from simpul.frameworks.models import Item
from simpul.frameworks.operations import import_framework

MIGRATION = importlib.import_module("simpul.cycles.migrations.0009_stage_verdict_slugs")


def operations():
    fields, history = MIGRATION.Migration.operations[-2:]
    return fields, history


@pytest.fixture
def pemdi_cycle(personas, shipped_specs) -> Cycle:
    pemdi = import_framework(shipped_specs["pemdi-2026"]).framework
    return cycle_operations.open_cycle(
        personas.agency_a, year=2026, framework=pemdi, include_visit=True, user=personas.admin
    )


def test_every_stage_and_verdict_is_an_english_slug_and_parse_reads_the_old_value():
    assert Stage.values == ["self_assessment", "document", "interview", "visit", "final"]
    assert ReviewStage.values == ["internal", "document", "interview", "visit"]
    assert ItemVerdict.values == ["accepted", "revision", "rejected"]
    assert Stage.parse("hasil_akhir") is Stage.FINAL
    assert ReviewStage.parse("visitasi") is ReviewStage.VISIT
    assert ReviewStage.parse("mandiri") is None  # not a review stage
    assert ItemVerdict.parse("ditolak") is ItemVerdict.REJECTED
    assert ItemVerdict.parse("Diterima") is None
    assert value_stage("mandiri") == Stage.SELF_ASSESSMENT
    assert value_stage("dokumen") == ReviewStage.DOCUMENT
    assert value_stage("internal") == ReviewStage.INTERNAL


def test_the_migration_maps_exactly_the_replaced_values_of_each_field():
    fields, _history = operations()
    sets = {Stage, ReviewStage, ItemVerdict}
    for (model_name, field_name), replaced in fields.fields.items():
        field = apps.get_model("cycles", model_name)._meta.get_field(field_name)
        slugs = [value for value, _label in field.choices]
        choice_set = next(c for c in sets if c.values == slugs)
        assert replaced == choice_set.replaced_values(), (model_name, field_name)
    assert set(fields.fields) == {
        ("cycle", "stage"),
        ("itemreview", "stage"),
        ("itemreview", "verdict"),
        ("stagevalue", "stage"),
    }


def test_the_migration_rewrites_fields_and_history_and_back(pemdi_cycle, personas):
    answer = pemdi_cycle.answers.get(indicator__code="I1")
    item = Item.objects.get(indicator=answer.indicator, code="I1-L1-01")
    review = ItemReview.objects.create(
        answer=answer, item=item, stage=ReviewStage.DOCUMENT, verdict=ItemVerdict.ACCEPTED
    )
    value = StageValue.objects.create(answer=answer, stage=ReviewStage.VISIT, reason="uji")
    # The rows as the release before the slugs wrote them.
    Cycle.objects.filter(pk=pemdi_cycle.pk).update(stage="interviu")
    ItemReview.objects.filter(pk=review.pk).update(stage="dokumen", verdict="diterima")
    StageValue.objects.filter(pk=value.pk).update(stage="visitasi")
    moved = CycleEvent.objects.create(
        cycle=pemdi_cycle, kind=CycleEvent.Kind.STAGE, changes={"stage": ["dokumen", "interviu"]}
    )
    judged = AnswerEvent.objects.create(
        answer=answer,
        kind=AnswerEvent.Kind.ITEM_REVIEW,
        changes={
            "I1-L1-01 (dokumen)": ["revisi", "diterima"],
            "I1-L1-02 (internal)": [None, "ditolak"],
        },
    )
    valued = AnswerEvent.objects.create(
        answer=answer,
        kind=AnswerEvent.Kind.STAGE_VALUE,
        changes={"nilai (visitasi)": [None, "1.5"]},
    )
    edited = AnswerEvent.objects.create(
        answer=answer, kind=AnswerEvent.Kind.EDITED, changes={"fact": ["diterima", "dokumen"]}
    )

    def stored():
        rows = [pemdi_cycle, review, value, moved, judged, valued, edited]
        for row in rows:
            row.refresh_from_db()
        return (
            pemdi_cycle.stage, review.stage, review.verdict, value.stage,
            moved.changes, judged.changes, valued.changes, edited.changes,
        )  # fmt: skip

    before = stored()
    fields, history = operations()
    fields.code(apps, None)
    history.code(apps, None)
    assert stored() == (
        Stage.INTERVIEW, ReviewStage.DOCUMENT, ItemVerdict.ACCEPTED, ReviewStage.VISIT,
        {"stage": [Stage.DOCUMENT, Stage.INTERVIEW]},
        {
            f"I1-L1-01 ({ReviewStage.DOCUMENT})": [ItemVerdict.REVISION, ItemVerdict.ACCEPTED],
            f"I1-L1-02 ({ReviewStage.INTERNAL})": [None, ItemVerdict.REJECTED],
        },
        {f"nilai ({ReviewStage.VISIT})": [None, "1.5"]},
        {"fact": ["diterima", "dokumen"]},  # free text is not a choice value
    )  # fmt: skip
    history.reverse_code(apps, None)
    fields.reverse_code(apps, None)
    assert stored() == before


def test_history_shows_labels_never_slugs_for_old_and_new_rows(pemdi_cycle, personas, as_user):
    answer = pemdi_cycle.answers.get(indicator__code="I1")
    for stage, verdict in (("dokumen", "revisi"), (ReviewStage.INTERVIEW, ItemVerdict.ACCEPTED)):
        AnswerEvent.objects.create(
            answer=answer,
            kind=AnswerEvent.Kind.ITEM_REVIEW,
            changes={f"I1-L1-01 ({stage})": [None, verdict]},
        )
    CycleEvent.objects.create(
        cycle=pemdi_cycle, kind=CycleEvent.Kind.STAGE, changes={"stage": ["mandiri", "dokumen"]}
    )
    admin = as_user(personas.admin)
    body = admin.get(reverse("cycles:answer", args=[answer.pk])).content.decode()
    assert "I1-L1-01 (Penilaian Dokumen): — → Revisi" in body
    assert "I1-L1-01 (Penilaian Interviu): — → Diterima" in body
    for slug in (ReviewStage.INTERVIEW, ItemVerdict.ACCEPTED, "dokumen", "revisi"):
        assert f"({slug})" not in body and f"→ {slug}<" not in body
    cycle_page = admin.get(reverse("cycles:detail", args=[pemdi_cycle.pk])).content.decode()
    assert "pindah tahap: Penilaian Dokumen" in cycle_page


def test_an_old_stage_link_of_the_item_planner_moves_to_the_slug(pemdi_cycle, personas, as_user):
    admin = as_user(personas.admin)
    url = reverse("plans:item_planner")
    moved = admin.get(f"{url}?periode={pemdi_cycle.pk}&tahap=mandiri")
    assert moved.status_code == 301
    assert moved["Location"] == f"{url}?periode={pemdi_cycle.pk}&tahap={Stage.SELF_ASSESSMENT}"
    assert admin.get(f"{url}?periode={pemdi_cycle.pk}&tahap=internal").status_code == 200


def test_the_forms_read_an_old_value_posted_by_a_page_of_before_the_slugs():
    from django.core.exceptions import ValidationError

    from simpul.cycles.item_views import ItemVerdictImportForm
    from simpul.plans.forms import ItemPlannerForm

    stage = ItemVerdictImportForm.base_fields["stage"]
    assert stage.clean("dokumen") == ReviewStage.DOCUMENT
    assert stage.clean(ReviewStage.VISIT) == ReviewStage.VISIT
    start = ItemPlannerForm.base_fields["tahap"]
    assert start.clean("mandiri") == Stage.SELF_ASSESSMENT
    assert start.clean("internal") == ReviewStage.INTERNAL
    for field, bad in ((stage, "internal"), (stage, "mandiri"), (start, "hasil_akhir")):
        with pytest.raises(ValidationError):
            field.clean(bad)
