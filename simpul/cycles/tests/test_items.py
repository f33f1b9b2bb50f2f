"""Item-by-item assessment of a cycle on pemdi-2026: readiness, verdicts, values per stage."""

from decimal import Decimal
from fractions import Fraction

import pytest

from simpul.cycles import items, operations
from simpul.cycles.models import (
    AnswerEvent,
    CycleEvent,
    ItemReview,
    ItemVerdict,
    ReviewStage,
    Stage,
)
from simpul.cycles.operations import ActionError
from simpul.cycles.tests.conftest import answer_of, make_evidence
from simpul.frameworks.models import Framework
from simpul.frameworks.operations import import_framework


@pytest.fixture
def pemdi2026(db, shipped_specs) -> Framework:
    return import_framework(shipped_specs["pemdi-2026"]).framework


@pytest.fixture
def cycle(personas, pemdi2026):
    return operations.open_cycle(
        personas.agency_a, year=2026, framework=pemdi2026, include_visit=False, user=personas.admin
    )


@pytest.fixture
def i13(cycle, personas):
    """Indicator I13 (items 3, 3, 4, 1, 1 per level), assigned to the respondent's unit."""
    answer = answer_of(cycle, "I13")
    answer.units.add(personas.unit_a2)
    return answer


@pytest.fixture
def document(personas):
    return make_evidence(personas.agency_a, "KAK Aplikasi Bapokting 2026")


def ready(answer, code, people, document):
    items.link_item_evidence(answer, code, document, membership=people.respondent)
    return items.mark_item_ready(answer, code, ready=True, membership=people.respondent)


def value(cycle, stage: str, code: str) -> Fraction:
    evaluation = items.evaluate_stage(cycle, stage)
    return next(item.value for item in evaluation.indicators if item.code == code)


def test_ready_items_are_the_self_assessment_and_verdicts_the_internal_value(
    cycle, i13, people, document
) -> None:
    ready(i13, "I13-L1-01", people, document)
    ready(i13, "I13-L1-02", people, document)
    assert value(cycle, items.SELF, "I13") == Fraction(1) + Fraction(1, 2) * Fraction(2, 3)
    assert value(cycle, ReviewStage.INTERNAL, "I13") == 1
    items.review_item(
        i13, "I13-L1-01", stage=ReviewStage.INTERNAL, verdict=ItemVerdict.ACCEPTED,
        membership=people.assessor,
    )  # fmt: skip
    items.review_item(
        i13, "I13-L1-02", stage=ReviewStage.INTERNAL,
        verdict=ItemVerdict.REVISION, reason="not_right",
        comment="RKA belum memuat kegiatan aplikasi.", membership=people.assessor,
    )  # fmt: skip
    assert value(cycle, ReviewStage.INTERNAL, "I13") == Fraction(7, 6)
    # The index of the stage is the engine's: every other indicator at 1.00.
    index = items.evaluate_stage(cycle, ReviewStage.INTERNAL).result.index
    assert index == 1 + Fraction(5, 100) * Fraction(1, 6)


def test_an_item_cannot_be_marked_ready_without_evidence(cycle, i13, people) -> None:
    with pytest.raises(ActionError, match="Tautkan atau unggah data dukung butir I13-L1-01"):
        items.mark_item_ready(i13, "I13-L1-01", ready=True, membership=people.respondent)


def test_revisi_items_land_in_the_task_list_until_resubmitted(cycle, i13, people, document) -> None:
    ready(i13, "I13-L1-02", people, document)
    items.review_item(
        i13, "I13-L1-02", stage=ReviewStage.INTERNAL,
        verdict=ItemVerdict.REVISION, reason="not_right",
        comment="Bukan dokumen SDLC.", membership=people.assessor,
    )  # fmt: skip
    tasks = items.revision_tasks([i13])
    assert [(task.item.code, task.review.comment) for task in tasks] == [
        ("I13-L1-02", "Bukan dokumen SDLC.")
    ]
    # Resubmitting the one item (ready again, although it was still marked ready).
    items.mark_item_ready(i13, "I13-L1-02", ready=True, membership=people.respondent)
    assert items.revision_tasks([i13]) == []
    event = i13.events.filter(kind=AnswerEvent.Kind.ITEM_READY).first()
    assert event.changes == {"I13-L1-02": [True, True]}


def test_a_rejected_level_rejects_every_item_above_it_automatically(cycle, i13, people) -> None:
    items.review_item(
        i13, "I13-L1-03", stage=ReviewStage.INTERNAL, verdict=ItemVerdict.REJECTED,
        membership=people.assessor,
    )  # fmt: skip
    items.review_item(
        i13, "I13-L2-01", stage=ReviewStage.INTERNAL, verdict=ItemVerdict.ACCEPTED,
        membership=people.assessor,
    )  # fmt: skip
    framework_items = list(i13.indicator.items.select_related("level"))
    latest = items.latest_reviews([i13])
    states = items.item_states(framework_items, items.stage_reviews(latest, i13.pk, "internal"))
    assert states["I13-L1-03"].verdict == ItemVerdict.REJECTED
    assert {states[code].verdict for code in ("I13-L2-01", "I13-L3-04", "I13-L5-01")} == {
        items.AUTO_REJECTED
    }
    assert states["I13-L1-01"].verdict is None
    # Accepting the lower item lifts the automatic rejection: the explicit verdict shows.
    items.review_item(
        i13, "I13-L1-03", stage=ReviewStage.INTERNAL, verdict=ItemVerdict.ACCEPTED,
        membership=people.assessor,
    )  # fmt: skip
    latest = items.latest_reviews([i13])
    states = items.item_states(framework_items, items.stage_reviews(latest, i13.pk, "internal"))
    assert states["I13-L2-01"].verdict == ItemVerdict.ACCEPTED and not states["I13-L2-01"].automatic
    # A revisi below rejects automatically too (the portal: I4-L2-02 under I4-L1-02 revisi).
    items.review_item(
        i13, "I13-L1-02", stage=ReviewStage.INTERNAL,
        verdict=ItemVerdict.REVISION, reason="not_right",
        membership=people.assessor,
    )  # fmt: skip
    latest = items.latest_reviews([i13])
    states = items.item_states(framework_items, items.stage_reviews(latest, i13.pk, "internal"))
    assert states["I13-L2-01"].automatic and states["I13-L1-03"].verdict == ItemVerdict.ACCEPTED


def test_external_stages_carry_earlier_verdicts_and_count_per_stage(
    cycle, i13, people, document
) -> None:
    for code in ("I13-L1-01", "I13-L1-02", "I13-L1-03"):
        ready(i13, code, people, document)
    operations.lock_self_assessment(cycle, membership=people.admin)
    operations.advance_stage(cycle, membership=people.admin)
    cycle.refresh_from_db()
    assert cycle.stage == Stage.DOCUMENT
    for code in ("I13-L1-01", "I13-L1-02", "I13-L1-03"):
        items.review_item(
            i13,
            code,
            stage=ReviewStage.DOCUMENT,
            verdict=ItemVerdict.ACCEPTED,
            membership=people.external,
        )
    assert value(cycle, ReviewStage.DOCUMENT, "I13") == Fraction(3, 2)
    operations.advance_stage(cycle, membership=people.admin)
    cycle.refresh_from_db()
    items.review_item(
        i13, "I13-L1-02", stage=ReviewStage.INTERVIEW,
        verdict=ItemVerdict.REVISION, reason="not_uploaded",
        membership=people.external,
    )  # fmt: skip
    # The interview re-assessed one item; the other two keep their document verdicts.
    assert value(cycle, ReviewStage.INTERVIEW, "I13") == Fraction(1) + Fraction(1, 2) * Fraction(
        2, 3
    )
    assert value(cycle, ReviewStage.DOCUMENT, "I13") == Fraction(3, 2)
    with pytest.raises(ActionError, match="hanya dapat diberikan selama tahap itu"):
        items.review_item(
            i13, "I13-L1-02", stage=ReviewStage.DOCUMENT, verdict=ItemVerdict.ACCEPTED,
            membership=people.external,
        )  # fmt: skip


def test_every_read_of_the_verdicts_gives_the_same_engine_input(
    cycle, i13, people, document, django_assert_num_queries
) -> None:
    """The dashboard reads verdicts as values (item code, verdict), the item pages as review
    rows with their actor: both take the latest review per stage and item, later external
    stages keeping the earlier verdicts, and give the engine the same input."""
    for code in ("I13-L1-01", "I13-L1-02", "I13-L1-03"):
        ready(i13, code, people, document)
    review = {"membership": people.assessor}
    items.review_item(i13, "I13-L1-01", stage=ReviewStage.INTERNAL, verdict="accepted", **review)
    items.review_item(
        i13, "I13-L1-01", stage=ReviewStage.INTERNAL, verdict=ItemVerdict.REVISION,
        reason="not_uploaded", seen=ItemReview.objects.latest("pk").pk, **review,
    )  # fmt: skip
    items.review_item(i13, "I13-L1-02", stage=ReviewStage.INTERNAL, verdict="accepted", **review)
    items.set_stage_value(
        i13, stage=ReviewStage.INTERNAL, value="1", reason="Sebagian.", **review
    )  # fmt: skip
    items.record_external_score(
        cycle, "I5", score="25", year=2025, source_url="https://sdi.example/2025",
        membership=people.admin,
    )  # fmt: skip
    operations.lock_self_assessment(cycle, membership=people.admin)
    operations.advance_stage(cycle, membership=people.admin)
    external = {"membership": people.external}
    items.review_item(i13, "I13-L1-02", stage=ReviewStage.DOCUMENT, verdict="rejected", **external)
    items.review_item(i13, "I13-L1-03", stage=ReviewStage.DOCUMENT, verdict="accepted", **external)

    operations.advance_stage(cycle, membership=people.admin)
    items.review_item(
        i13, "I13-L1-03", stage=ReviewStage.INTERVIEW, verdict="revision", reason="not_right",
        **external,
    )  # fmt: skip

    answers = list(cycle.answers.select_related("indicator"))
    with django_assert_num_queries(5):
        by_values = items.stage_assessments(cycle)
    by_rows = items.stage_assessments(cycle, latest=items.latest_reviews(answers))
    with django_assert_num_queries(4):
        given = items.cycles_assessments(
            [cycle], [(a.pk, cycle.pk, a.indicator.code) for a in answers]
        )
    assert by_values == by_rows == given[cycle.pk] == items.cycles_assessments([cycle])[cycle.pk]
    internal = by_values[ReviewStage.INTERNAL]
    assert {k: v for k, v in internal.verdicts.items() if k.startswith("I13")} == {
        "I13-L1-01": "revision", "I13-L1-02": "accepted"
    }  # fmt: skip
    assert internal.values == {"I13": Decimal(1)} and internal.scores == {"I5": Decimal(25)}
    # External stages start afresh, each later one keeping the earlier verdicts it did not redo.
    document_stage = by_values[ReviewStage.DOCUMENT]
    assert document_stage.verdicts == {"I13-L1-02": "rejected", "I13-L1-03": "accepted"}
    assert document_stage.values == {} and document_stage.scores == {"I5": Decimal(25)}
    interview = by_values[ReviewStage.INTERVIEW].verdicts
    assert interview == {"I13-L1-02": "rejected", "I13-L1-03": "revision"}
    assert set(by_values[Stage.SELF_ASSESSMENT].verdicts) == {"I13-L1-01", "I13-L1-02", "I13-L1-03"}
    assert items.official_stages([cycle]) == {cycle.pk: ReviewStage.INTERVIEW.value}


def test_an_assessor_value_inside_the_band_applies_and_outside_it_is_refused(
    cycle, i13, people
) -> None:
    items.review_item(
        i13, "I13-L1-01", stage=ReviewStage.INTERNAL, verdict=ItemVerdict.ACCEPTED,
        membership=people.assessor,
    )  # fmt: skip
    with pytest.raises(ActionError, match=r"di luar pita yang dicapai butirnya: tingkat 1"):
        items.set_stage_value(
            i13, stage=ReviewStage.INTERNAL, value="1,6", reason="uji", membership=people.assessor
        )
    with pytest.raises(ActionError, match="Tulis alasan"):
        items.set_stage_value(
            i13, stage=ReviewStage.INTERNAL, value="1.2", reason=" ", membership=people.assessor
        )
    items.set_stage_value(
        i13, stage=ReviewStage.INTERNAL, value="1,26", reason="Dokumen SDLC sebagian.",
        membership=people.assessor,
    )  # fmt: skip
    assert value(cycle, ReviewStage.INTERNAL, "I13") == Fraction("1.26")
    items.set_stage_value(
        i13, stage=ReviewStage.INTERNAL, value=None, reason="Ditarik.", membership=people.assessor
    )
    assert value(cycle, ReviewStage.INTERNAL, "I13") == Fraction(7, 6)
    event = i13.events.filter(kind=AnswerEvent.Kind.STAGE_VALUE).first()
    assert event.changes == {"nilai (internal)": ["1.26", None]} and event.comment == "Ditarik."


def test_external_scores_are_entered_with_a_source_and_used_for_every_stage(
    cycle, people, document
) -> None:
    assert value(cycle, ReviewStage.INTERNAL, "I5") == 1  # assumed while missing
    with pytest.raises(ActionError, match="Sebutkan sumber skor"):
        items.record_external_score(cycle, "I5", score="25", year=2025, membership=people.admin)
    with pytest.raises(ActionError, match="dari 0 sampai 100"):
        items.record_external_score(
            cycle, "I5", score="125", year=2025, source_url="https://sdi.example/2025",
            membership=people.admin,
        )  # fmt: skip
    with pytest.raises(ActionError, match="tidak mengambil nilai dari indeks lain"):
        items.record_external_score(
            cycle, "I13", score="2", year=2025, evidence=document, membership=people.admin
        )
    with pytest.raises(ActionError, match="Hanya koordinator"):
        items.record_external_score(
            cycle, "I5", score="25", year=2025, evidence=document, membership=people.assessor
        )
    items.record_external_score(
        cycle, "I5", score="25", year=2025, evidence=document, membership=people.admin
    )
    assert value(cycle, items.SELF, "I5") == 2 and value(cycle, ReviewStage.INTERNAL, "I5") == 2
    assert cycle.events.filter(kind=CycleEvent.Kind.EXTERNAL).count() == 1


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"verdict": "lulus"}, 'Putusan harus "accepted"'),
        ({"verdict": ItemVerdict.REVISION}, "Pilih alasan revisi"),
        ({"verdict": ItemVerdict.REVISION, "reason": "other"}, "Tulis alasan revisi"),
        ({"verdict": ItemVerdict.ACCEPTED, "code": "I1-L1-01"}, "bukan butir indikator I13"),
        ({"verdict": ItemVerdict.ACCEPTED, "stage": "final"}, "tidak dikenal"),
        ({"verdict": ItemVerdict.ACCEPTED, "comment": "x" * 4001}, "paling panjang 4000"),
    ],
)
def test_bad_verdicts_are_refused_and_nothing_is_recorded(i13, people, kwargs, message) -> None:
    kwargs = {"code": "I13-L1-01", "stage": ReviewStage.INTERNAL, **kwargs}
    code = kwargs.pop("code")
    with pytest.raises(ActionError, match=message):
        items.review_item(i13, code, membership=people.assessor, **kwargs)
    assert not ItemReview.objects.exists()


def test_only_the_right_roles_act_on_items(cycle, i13, people, personas, document) -> None:
    with pytest.raises(ActionError, match="Hanya asesor internal"):
        items.review_item(
            i13, "I13-L1-01", stage=ReviewStage.INTERNAL, verdict=ItemVerdict.ACCEPTED,
            membership=people.respondent,
        )  # fmt: skip
    with pytest.raises(ActionError, match="tidak ditugasi"):
        items.mark_item_ready(i13, "I13-L1-01", ready=True, membership=people.assessor)
    other = make_evidence(personas.agency_b, "Dokumen instansi lain")
    with pytest.raises(ActionError, match="tidak ditemukan di pustaka instansi ini"):
        items.link_item_evidence(i13, "I13-L1-01", other, membership=people.respondent)


def test_one_document_serves_several_items_and_accepted_items_keep_their_evidence(
    i13, people, document
) -> None:
    first = items.link_item_evidence(i13, "I13-L1-01", document, membership=people.respondent)
    second = items.link_item_evidence(i13, "I13-L1-02", document, membership=people.respondent)
    assert first.pk != second.pk and (first.level, second.item.code) == (1, "I13-L1-02")
    items.review_item(
        i13, "I13-L1-01", stage=ReviewStage.INTERNAL, verdict=ItemVerdict.ACCEPTED,
        membership=people.assessor,
    )  # fmt: skip
    with pytest.raises(ActionError, match="sudah diterima asesor internal"):
        items.unlink_item_evidence(first, membership=people.respondent)
    items.unlink_item_evidence(second, membership=people.respondent)
    assert i13.evidence_links.count() == 1


def test_values_never_leak_across_agencies(cycle, people, personas, pemdi2026) -> None:
    other = operations.open_cycle(
        personas.agency_b, year=2026, framework=pemdi2026, include_visit=False,
        user=personas.admin_b,
    )  # fmt: skip
    items.record_external_score(
        other, "I5", score="100", year=2025, source_url="https://sdi.example/b",
        membership=personas.admin_b_membership,
    )  # fmt: skip
    assert value(cycle, ReviewStage.INTERNAL, "I5") == 1
    assert value(other, ReviewStage.INTERNAL, "I5") == 5
    with pytest.raises(ActionError, match="Hanya koordinator"):
        items.record_external_score(
            other, "I5", score="1", year=2025, source_url="https://x.example",
            membership=people.admin,
        )  # fmt: skip
    assert Decimal(other.external_scores.get().score) == 100


def test_locking_an_item_cycle_keeps_the_values_of_the_items_marked_ready(
    cycle, i13, people, document, as_user, personas
) -> None:
    import io

    from django.urls import reverse
    from pypdf import PdfReader

    ready(i13, "I13-L1-01", people, document)
    operations.lock_self_assessment(cycle, membership=people.admin)
    cycle.refresh_from_db()
    snapshot = cycle.self_assessment_snapshot
    assert snapshot["valued"] is True and (snapshot["items_ready"], snapshot["items_total"]) == (
        1,
        232,
    )
    # 1 + 5 × (0.5 / 3) / 100 = 1 + 1/120: not a terminating decimal, 40 digits kept.
    assert snapshot["index"].startswith("1.00833333333")
    row = next(row for row in snapshot["indicators"] if row["code"] == "I13")
    assert row["value"] == "1.17"
    response = as_user(personas.admin).get(reverse("cycles:berita_acara", args=[cycle.pk]))
    pdf = b"".join(response.streaming_content) if response.streaming else response.content
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Butir diajukan (siap dinilai) : 1 dari 232" in text
