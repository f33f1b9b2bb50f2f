"""Item-by-item assessment: cycles on a framework valued by items (Indeks Pemdi 2026).

Respondents link evidence to each item and mark it ready; assessors give each item a verdict
(accepted; revision with a reason; rejected) at their stage, with a comment; an assessor may set
the indicator's value inside the band its items reach; the coordinator enters the scores of
the indicators taken from other national indexes. Every write goes through the functions
here, checks who may do it, and leaves a history row. Reads give the verdicts and the
exact values per stage (docs/cycles.md, "Penilaian per butir").

Stages of value: "self_assessment" counts the items the respondent marked ready; "internal"
the internal assessors' verdicts; "document", "interview", "visit" the external assessors',
each later stage keeping the earlier verdict of an item it did not re-assess. A rejection at
one level, or an item of it sent back for revision, rejects every item above it automatically
(rule R6, as the portal showed it for Aceh Tengah 2026: I4-L2-02 "otomatis ditolak" under
I4-L1-02 "revisi"): derived here, never stored, so it lifts by itself when the lower item is
accepted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from simpul.accounts.models import User
from simpul.agencies.models import Membership
from simpul.evidence.models import Evidence, EvidenceLink
from simpul.frameworks.models import Item, MappingPair
from simpul.frameworks.scoring import Assessment, Evaluation, IndexResult, ScoreInputError
from simpul.frameworks.spec import RULE_EXTERNAL, RULE_ITEMS, decimal_text, parse_decimal

from .access import can_edit, can_review, can_set_stage_level
from .models import (
    EXTERNAL_REVIEW_STAGES,
    Answer,
    AnswerEvent,
    Cycle,
    CycleEvent,
    EvidenceSuggestion,
    ExternalScore,
    ItemReadiness,
    ItemReview,
    ItemVerdict,
    ReviewStage,
    RevisionReason,
    Stage,
    StageValue,
    SuggestionStatus,
)
from .operations import ActionError, _write

SELF = Stage.SELF_ASSESSMENT.value  # the respondent's own claim: ready items count
VALUE_STAGES = (
    SELF,
    ReviewStage.INTERNAL.value,
    *(stage.value for stage in EXTERNAL_REVIEW_STAGES),
)
AUTO_REJECTED = "auto_rejected"


def value_stage(value: object) -> str:
    """The stage of value named by a slug or by the Indonesian value it replaced, else as is."""
    found = ReviewStage.parse(value) or Stage.parse(value)
    return found.value if found is not None else str(value)


# The portal's wording for an item rejected because a level below it was (rule R6).
AUTO_REJECTED_TEXT = "Otomatis ditolak karena tingkat kematangan sebelumnya ditolak"
COMMENT_MAX = 4000


@dataclass(frozen=True)
class ItemState:
    """An item's verdict at one stage, as the page shows it."""

    code: str
    level: int
    verdict: str | None  # an ItemVerdict, AUTO_REJECTED, or None (not assessed)
    review: ItemReview | None  # the review it comes from (None when automatic or missing)

    @property
    def automatic(self) -> bool:
        return self.verdict == AUTO_REJECTED


def is_item_framework(answer: Answer) -> bool:
    return answer.indicator.value_rule in (RULE_ITEMS, RULE_EXTERNAL)


# --- reads --------------------------------------------------------------------------------


# answer id → stage → item id → the latest review there
LatestReviews = dict[int, dict[str, dict[int, ItemReview]]]
# Reviews in this order: the first one per answer, stage and item is the one in force.
_LATEST_FIRST = ("answer_id", "stage", "item_id", "-at", "-pk")
_Review = TypeVar("_Review")


def latest_reviews(answers: Iterable[Answer]) -> LatestReviews:
    """The latest review per answer, stage and item of these answers, in one query."""
    ids = [answer.pk for answer in answers]
    reviews = (
        ItemReview.objects.filter(answer_id__in=ids)
        .select_related("actor", "item")
        .order_by(*_LATEST_FIRST)
    )
    latest: LatestReviews = {}
    for review in reviews:
        by_item = latest.setdefault(review.answer_id, {}).setdefault(review.stage, {})
        by_item.setdefault(review.item_id, review)
    return latest


def stage_reviews(
    latest: Mapping[int, Mapping[str, Mapping[int, _Review]]], answer_id: int, stage: str
) -> dict[int, _Review]:
    """Reviews in force at `stage` by item id: for external stages, earlier stages carry on.
    (`latest` as latest_reviews gives it, or with any other value per item.)"""
    if stage == ReviewStage.INTERNAL:
        stages = [ReviewStage.INTERNAL.value]
    else:
        order = [value.value for value in EXTERNAL_REVIEW_STAGES]
        stages = order[: order.index(stage) + 1]
    own = latest.get(answer_id, {})
    out: dict[int, _Review] = {}
    for in_order in stages:  # a later stage's verdict replaces an earlier one
        out.update(own.get(in_order, {}))
    return out


def newest_reviews(latest: LatestReviews, answer_id: int) -> dict[int, ItemReview]:
    """Each item's most recent review of the answer, whatever its stage."""
    newest: dict[int, ItemReview] = {}
    for by_item in latest.get(answer_id, {}).values():
        for item_id, review in by_item.items():
            current = newest.get(item_id)
            if current is None or (review.at, review.pk) > (current.at, current.pk):
                newest[item_id] = review
    return newest


def item_states(items: list[Item], reviews: dict[int, ItemReview]) -> dict[str, ItemState]:
    """Each item's verdict with rule R6: above a level with a rejected or revisi item,
    everything is rejected automatically."""
    rejected_below = None
    states = {}
    for item in sorted(items, key=lambda item: (item.level.level, item.position)):
        level = item.level.level
        review = reviews.get(item.pk)
        if rejected_below is not None and level > rejected_below:
            states[item.code] = ItemState(item.code, level, AUTO_REJECTED, None)
            continue
        verdict = None if review is None else review.verdict
        states[item.code] = ItemState(item.code, level, verdict, review)
        # As the portal does: a level with an item sent back (revisi) or rejected is not
        # accepted, so every item above it is rejected automatically.
        not_accepted = verdict in (ItemVerdict.REJECTED, ItemVerdict.REVISION)
        if not_accepted and rejected_below is None:
            rejected_below = level
    return states


# An answer as the engine's input needs it: (answer id, cycle id, indicator code).
_AnswerRow = tuple[int, int, str]


def _row(answer: Answer) -> _AnswerRow:
    return (answer.pk, answer.cycle_id, answer.indicator.code)


def stage_assessments(
    cycle: Cycle, answer: Answer | None = None, latest: LatestReviews | None = None
) -> dict[str, Assessment]:
    """The index engine's input at every stage (see the module docstring), in five queries
    (four when the caller already read `latest_reviews` of the same answers).

    With `answer`, only that answer's items and values (the indicator's own value does not
    depend on the others; the index then is not the cycle's).
    """
    if answer is None:
        rows = list(cycle.answers.values_list("pk", "cycle_id", "indicator__code"))
    else:
        rows = [_row(answer)]
    return _assessments([cycle], rows, latest)[cycle.pk]


def cycles_assessments(
    cycles: list[Cycle], answers: list[_AnswerRow] | None = None
) -> dict[int, dict[str, Assessment]]:
    """Every stage's input of several cycles at once: five queries whatever their number
    (four when the caller gives every answer of these cycles as (id, cycle id, indicator
    code), read already)."""
    if not cycles:
        return {}
    if answers is None:
        answers = list(
            Answer.objects.filter(cycle__in=cycles).values_list("pk", "cycle_id", "indicator__code")
        )
    return _assessments(cycles, answers)


def _assessments(
    cycles: list[Cycle], answers: list[_AnswerRow], latest: LatestReviews | None = None
) -> dict[int, dict[str, Assessment]]:
    ids = [pk for pk, _cycle, _code in answers]
    code_of_answer = {pk: code for pk, _cycle, code in answers}
    cycle_of_answer = {pk: cycle_id for pk, cycle_id, _code in answers}
    ready: dict[int, list[str]] = {cycle.pk: [] for cycle in cycles}
    for answer_id, code in ItemReadiness.objects.filter(answer_id__in=ids, ready=True).values_list(
        "answer_id", "item__code"
    ):
        ready[cycle_of_answer[answer_id]].append(code)
    # answer id → stage → item id → (item code, verdict) of the latest review there
    verdicts_of: dict[int, dict[str, dict[int, tuple[str, str]]]] = {}
    if latest is None:
        # Only the code and the verdict are needed: read as values, not reviews with their
        # actor and item, in latest_reviews' order.
        for answer_id, stage, item_id, code, verdict in (
            ItemReview.objects.filter(answer_id__in=ids)
            .order_by(*_LATEST_FIRST)
            .values_list("answer_id", "stage", "item_id", "item__code", "verdict")
        ):
            by_item = verdicts_of.setdefault(answer_id, {}).setdefault(stage, {})
            by_item.setdefault(item_id, (code, verdict))
    else:
        for answer_id, by_stage in latest.items():
            verdicts_of[answer_id] = {
                stage: {pk: (r.item.code, r.verdict) for pk, r in by_item.items()}
                for stage, by_item in by_stage.items()
            }
    latest_values: dict[tuple[int, str], Decimal | None] = {}
    for answer_id, stage, value in (
        StageValue.objects.filter(answer_id__in=ids)
        .order_by("answer_id", "stage", "-at", "-pk")
        .values_list("answer_id", "stage", "value")
    ):
        latest_values.setdefault((answer_id, stage), value)
    # cycle id → stage → indicator code → the assessor's value (a withdrawn one is absent)
    values: dict[int, dict[str, dict[str, Decimal]]] = {cycle.pk: {} for cycle in cycles}
    for (answer_id, stage), value in latest_values.items():
        if value is not None:
            by_stage = values[cycle_of_answer[answer_id]].setdefault(stage, {})
            by_stage[code_of_answer[answer_id]] = value
    answers_of: dict[int, list[int]] = {cycle.pk: [] for cycle in cycles}
    for pk, cycle_id, _code in answers:
        answers_of[cycle_id].append(pk)
    scores: dict[int, dict[str, Decimal]] = {cycle.pk: {} for cycle in cycles}
    for cycle_id, code, score in (
        ExternalScore.objects.filter(cycle__in=cycles)
        .order_by("cycle_id", "indicator_id", "-at", "-pk")
        .values_list("cycle_id", "indicator__code", "score")
    ):
        scores[cycle_id].setdefault(code, score)
    out: dict[int, dict[str, Assessment]] = {}
    for cycle in cycles:
        stages = {
            SELF: Assessment(
                verdicts=dict.fromkeys(ready[cycle.pk], ItemVerdict.ACCEPTED.value),
                scores=scores[cycle.pk],
            )
        }
        for stage in VALUE_STAGES[1:]:
            verdicts = {}
            for answer_id in answers_of[cycle.pk]:
                for code, verdict in stage_reviews(verdicts_of, answer_id, stage).values():
                    verdicts[code] = verdict
            stages[stage] = Assessment(
                verdicts=verdicts,
                scores=scores[cycle.pk],
                values=values[cycle.pk].get(stage, {}),
            )
        out[cycle.pk] = stages
    return out


def official_stages(cycles: list[Cycle]) -> dict[int, str]:
    """Per cycle, the latest external stage that has verdicts of its own (one query): the
    stage whose figures stand as the cycle's official result."""
    order = [value.value for value in EXTERNAL_REVIEW_STAGES]
    found: dict[int, str] = {}
    rows = (
        ItemReview.objects.filter(answer__cycle__in=cycles, stage__in=order)
        .values_list("answer__cycle_id", "stage")
        .order_by()  # DISTINCT over these two columns only, not the default ordering's
        .distinct()
    )
    for cycle_id, stage in rows:
        if cycle_id not in found or order.index(stage) > order.index(found[cycle_id]):
            found[cycle_id] = stage
    return found


def stage_assessment(cycle: Cycle, stage: str) -> Assessment:
    return stage_assessments(cycle)[stage]


def evaluate_stage(cycle: Cycle, stage: str) -> Evaluation:
    """Every indicator's exact value and the index of the cycle at one stage."""
    return cycle.framework.engine().evaluate(stage_assessment(cycle, stage))


def self_values(cycle: Cycle, answers: Iterable[Answer]) -> tuple[IndexResult, dict[str, str]]:
    """The self-assessment scored, and for a framework valued item by item each indicator's
    value as shown: levels answered, or items marked ready (docs/cycles.md). `answers` are
    every answer of the cycle, with their indicators loaded (read once by the caller)."""
    engine = cycle.framework.engine()
    if engine.scored_by_level:
        return engine.score({a.indicator.code: a.self_level for a in answers}), {}
    rows = [_row(answer) for answer in answers]
    evaluation = engine.evaluate(_assessments([cycle], rows)[cycle.pk][SELF])
    shown = {value.code: engine.display(value.value) for value in evaluation.indicators}
    return evaluation.result, shown


def evaluate_stages(
    cycle: Cycle, answer: Answer | None = None, latest: LatestReviews | None = None
) -> dict[str, Evaluation]:
    """Every stage's evaluation at once (with `answer`: only its indicator is meaningful)."""
    engine = cycle.framework.engine()
    return {
        stage: engine.evaluate(assessment)
        for stage, assessment in stage_assessments(cycle, answer, latest).items()
    }


# --- writes -------------------------------------------------------------------------------


def _item(answer: Answer, code: str) -> Item:
    item = (
        Item.objects.select_related("level").filter(indicator=answer.indicator, code=code).first()
    )
    if item is None:
        raise ActionError(
            _("Butir %(code)s bukan butir indikator %(indicator)s.")
            % {"code": code, "indicator": answer.indicator.code}
        )
    return item


def _check_items(answer: Answer, *, valued: bool = False) -> None:
    """The answer's indicator has items (valued by items or by another index's score);
    with `valued`, its value must come from its items (an assessor value needs a band)."""
    rules = (RULE_ITEMS,) if valued else (RULE_ITEMS, RULE_EXTERNAL)
    if answer.indicator.value_rule not in rules:
        raise ActionError(
            _("Indikator %(code)s tidak dinilai per butir.") % {"code": answer.indicator.code}
        )


def _event(answer: Answer, kind: str, user: User | None, changes: dict, comment: str = "") -> None:
    _write(answer, {}, kind=kind, user=user, comment=comment, changes=changes)


def _locked(answer: Answer) -> Answer:
    return (
        Answer.objects.select_for_update(of=("self",))
        .select_related("cycle__framework", "indicator")
        .defer("cycle__framework__document")
        .get(pk=answer.pk)
    )


@transaction.atomic
def mark_item_ready(
    answer: Answer, code: str, *, ready: bool, membership: Membership
) -> ItemReadiness:
    """The respondent marks one item ready for review (or takes the mark back).

    Marking an item ready again after a "revisi" verdict resubmits that item alone.
    """
    answer = _locked(answer)
    _check_items(answer)
    if not can_edit(membership, answer):
        raise ActionError(_("Anda tidak ditugasi menjawab indikator ini."))
    _check_self_assessment(answer.cycle)
    item = _item(answer, code)
    if ready and not EvidenceLink.objects.filter(answer=answer, item=item).exists():
        raise ActionError(
            _("Tautkan atau unggah data dukung butir %(code)s sebelum menandainya siap dinilai.")
            % {"code": code}
        )
    state, _created = ItemReadiness.objects.get_or_create(answer=answer, item=item)
    revised = ItemReview.objects.filter(
        answer=answer, item=item, verdict=ItemVerdict.REVISION, at__gt=state.updated_at
    ).exists()
    # Ready again after a "revisi" verdict: the item is resubmitted, even if it was ready.
    if state.ready == ready and not (ready and revised):
        return state
    state.ready = ready
    state.updated_by = membership.user
    state.save(update_fields=["ready", "updated_by", "updated_at"])
    _event(
        answer, AnswerEvent.Kind.ITEM_READY, membership.user, {code: [not ready or revised, ready]}
    )
    return state


@transaction.atomic
def review_item(
    answer: Answer,
    code: str,
    *,
    stage: str,
    verdict: str,
    reason: str = "",
    comment: str = "",
    membership: Membership,
    seen: int | None = None,
) -> ItemReview:
    """An assessor's verdict on one item at a stage, with a comment; history is kept.

    `stage` and `verdict` are slugs; the Indonesian values they replaced are read too.
    `seen` is the id of the verdict at this stage the page showed (0 for none): when another
    verdict was saved since, the save is refused so that it does not silently replace it.
    """
    stage = str(ReviewStage.parse(stage) or stage)
    verdict = str(ItemVerdict.parse(verdict) or verdict)
    answer = _locked(answer)
    _check_items(answer)
    cycle = answer.cycle
    if stage == ReviewStage.INTERNAL:
        if not can_review(membership):
            raise ActionError(_("Hanya asesor internal atau koordinator yang dapat menilai butir."))
        _check_self_assessment(cycle)
    elif stage in {value.value for value in EXTERNAL_REVIEW_STAGES}:
        if not can_set_stage_level(membership):
            raise ActionError(
                _(
                    "Hanya asesor eksternal atau koordinator yang dapat menilai butir pada "
                    "tahap ini."
                )
            )
        if cycle.stage != stage:
            raise ActionError(
                _("Putusan tahap %(stage)s hanya dapat diberikan selama tahap itu berjalan.")
                % {"stage": ReviewStage(stage).label}
            )
    else:
        raise ActionError(_("Tahap penilaian %(stage)s tidak dikenal.") % {"stage": stage})
    if verdict not in ItemVerdict.values:
        raise ActionError(
            _('Putusan harus "accepted", "revision" atau "rejected" (tertulis %(value)s).')
            % {"value": verdict}
        )
    comment = comment.strip()
    if len(comment) > COMMENT_MAX:
        raise ActionError(_("Catatan paling panjang %(max)s karakter.") % {"max": COMMENT_MAX})
    if verdict == ItemVerdict.REVISION:
        reason = RevisionReason.parse(reason) or reason
        if reason not in RevisionReason.values:
            raise ActionError(_("Pilih alasan revisi: tidak tepat, belum diunggah, atau lainnya."))
        if reason == RevisionReason.OTHER and not comment:
            raise ActionError(_("Tulis alasan revisi di catatan bila alasannya “lainnya”."))
    else:
        reason = ""
    item = _item(answer, code)
    previous = (
        ItemReview.objects.filter(answer=answer, item=item, stage=stage)
        .select_related("actor")
        .order_by("-at", "-pk")
        .first()
    )
    if seen is not None and (previous.pk if previous else 0) != seen:
        raise ActionError(
            _(
                "Putusan butir %(code)s pada tahap ini sudah disimpan %(name)s setelah halaman "
                "Anda dibuka. Putusan Anda belum disimpan: periksa putusan terbaru di halaman "
                "ini, lalu simpan lagi bila masih perlu."
            )
            % {
                "code": code,
                "name": previous.actor.display_name
                if previous and previous.actor
                else _("orang lain"),
            }
        )
    review = ItemReview.objects.create(
        answer=answer,
        item=item,
        stage=stage,
        verdict=verdict,
        reason=reason,
        comment=comment,
        actor=membership.user,
    )
    _event(
        answer,
        AnswerEvent.Kind.ITEM_REVIEW,
        membership.user,
        {f"{code} ({stage})": [None if previous is None else previous.verdict, verdict]},
        comment,
    )
    return review


@transaction.atomic
def set_stage_value(
    answer: Answer,
    *,
    stage: str,
    value: object,
    reason: str,
    membership: Membership,
) -> StageValue:
    """An assessor's value inside the band the items reach at that stage (rule R7).

    `value` None withdraws it. A value outside the band is refused naming the band.
    """
    stage = value_stage(stage)
    answer = _locked(answer)
    _check_items(answer, valued=True)
    internal = stage == ReviewStage.INTERNAL
    allowed = can_review(membership) if internal else can_set_stage_level(membership)
    if stage not in VALUE_STAGES or stage == SELF or not allowed:
        raise ActionError(_("Anda tidak dapat menetapkan nilai indikator pada tahap ini."))
    reason = reason.strip()
    if not reason:
        raise ActionError(_("Tulis alasan nilai yang ditetapkan."))
    number = None
    if value not in (None, ""):
        number = parse_decimal(value)
        if number is None:
            raise ActionError(
                _("Nilai harus bilangan desimal, mis. 1,26 (tertulis %(value)s).")
                % {"value": value}
            )
        assessment = stage_assessment(answer.cycle, stage)
        trial = Assessment(
            verdicts=assessment.verdicts,
            scores=assessment.scores,
            values={**assessment.values, answer.indicator.code: number},
        )
        engine = answer.cycle.framework.engine()
        try:
            engine.evaluate(engine.read_assessment(_as_document(trial)))
        except ScoreInputError as exc:
            raise ActionError(exc.message) from exc
    row = StageValue.objects.create(
        answer=answer, stage=stage, value=number, reason=reason, actor=membership.user
    )
    old = _latest_before(answer, stage, row)
    _event(
        answer,
        AnswerEvent.Kind.STAGE_VALUE,
        membership.user,
        {f"nilai ({stage})": [old, None if number is None else decimal_text(number)]},
        reason,
    )
    return row


def _latest_before(answer: Answer, stage: str, row: StageValue) -> str | None:
    earlier = (
        answer.stage_values.filter(stage=stage).exclude(pk=row.pk).order_by("-at", "-pk").first()
    )
    return None if earlier is None or earlier.value is None else decimal_text(earlier.value)


def _as_document(assessment: Assessment) -> dict:
    return {
        "items": dict(assessment.verdicts),
        "external": {code: decimal_text(score) for code, score in assessment.scores.items()},
        "values": {code: decimal_text(value) for code, value in assessment.values.items()},
    }


@transaction.atomic
def record_external_score(
    cycle: Cycle,
    indicator_code: str,
    *,
    score: object,
    year: int,
    source_url: str = "",
    evidence: Evidence | None = None,
    note: str = "",
    membership: Membership,
) -> ExternalScore:
    """The coordinator enters another national index's score with its source and year."""
    if not membership.can("cycle.manage") or membership.agency_id != cycle.agency_id:
        raise ActionError(_("Hanya koordinator (admin) instansi ini yang dapat melakukannya."))
    indicator = cycle.framework.indicators.filter(code=indicator_code).first()
    if indicator is None or indicator.value_rule != RULE_EXTERNAL:
        raise ActionError(
            _("Indikator %(code)s tidak mengambil nilai dari indeks lain.")
            % {"code": indicator_code}
        )
    engine = cycle.framework.engine()
    number = parse_decimal(score)
    try:
        engine.read_assessment(
            {"external": {indicator.code: score if number is None else decimal_text(number)}}
        )
    except ScoreInputError as exc:
        raise ActionError(exc.message) from exc
    this_year = timezone.localdate().year
    if not isinstance(year, int) or not 2000 <= year <= this_year + 1:
        raise ActionError(_("Tahun skor harus antara 2000 dan %(max)s.") % {"max": this_year + 1})
    if evidence is not None and evidence.agency_id != cycle.agency_id:
        raise ActionError(_("Dokumen sumber tidak ditemukan di pustaka instansi ini."))
    if not source_url.strip() and evidence is None:
        raise ActionError(_("Sebutkan sumber skor: tautan atau dokumen dari pustaka data dukung."))
    row = ExternalScore.objects.create(
        cycle=cycle,
        indicator=indicator,
        score=number,
        year=year,
        source_url=source_url.strip(),
        evidence=evidence,
        note=note.strip(),
        actor=membership.user,
    )
    with translation.override("id"):
        CycleEvent.objects.create(
            cycle=cycle,
            kind=CycleEvent.Kind.EXTERNAL,
            actor=membership.user,
            changes={indicator.code: [None, decimal_text(number)], "tahun": [None, year]},
        )
    return row


@transaction.atomic
def link_item_evidence(
    answer: Answer, code: str, evidence: Evidence, *, membership: Membership, note: str = ""
) -> EvidenceLink:
    """Use a library document as evidence for one item; one document may serve many items."""
    answer = _locked(answer)
    _check_items(answer)
    if not can_edit(membership, answer):
        raise ActionError(_("Anda tidak ditugasi menjawab indikator ini."))
    _check_self_assessment(answer.cycle)
    if evidence.agency_id != answer.cycle.agency_id:
        raise ActionError(_("Dokumen tidak ditemukan di pustaka instansi ini."))
    item = _item(answer, code)
    _check_item_open(answer, item)
    link, created = EvidenceLink.objects.get_or_create(
        evidence=evidence,
        answer=answer,
        item=item,
        defaults={
            "level": item.level.level,
            "note": note.strip()[:300],
            "created_by": membership.user,
        },
    )
    if created:
        _event(answer, AnswerEvent.Kind.EVIDENCE, membership.user, {code: [None, evidence.title]})
    return link


@transaction.atomic
def unlink_item_evidence(link: EvidenceLink, *, membership: Membership) -> None:
    answer = _locked(link.answer)
    if not can_edit(membership, answer):
        raise ActionError(_("Anda tidak ditugasi menjawab indikator ini."))
    _check_self_assessment(answer.cycle)
    if link.item_id is None:
        raise ActionError(_("Tautan ini bukan tautan butir."))
    _check_item_open(answer, link.item)
    code, title, item = link.item.code, link.evidence.title, link.item
    link.delete()
    _event(answer, AnswerEvent.Kind.EVIDENCE, membership.user, {code: [title, None]})
    # An item with no evidence left is no longer ready for review.
    if not EvidenceLink.objects.filter(answer=answer, item=item).exists():
        ItemReadiness.objects.filter(answer=answer, item=item, ready=True).update(
            ready=False, updated_by=membership.user, updated_at=timezone.now()
        )


def _check_self_assessment(cycle: Cycle) -> None:
    if not cycle.self_assessment_open:
        raise ActionError(
            _("Penilaian mandiri periode %(year)s sudah dikunci atau sudah lewat.")
            % {"year": cycle.year}
        )


def _check_item_open(answer: Answer, item: Item) -> None:
    latest = (
        ItemReview.objects.filter(answer=answer, item=item, stage=ReviewStage.INTERNAL)
        .order_by("-at", "-pk")
        .first()
    )
    if latest is not None and latest.verdict == ItemVerdict.ACCEPTED:
        raise ActionError(
            _("Butir %(code)s sudah diterima asesor internal; data dukungnya tidak diubah lagi.")
            % {"code": item.code}
        )


# --- work lists ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RevisionTask:
    answer: Answer
    item: Item
    review: ItemReview


def revision_tasks(answers: Iterable[Answer]) -> list[RevisionTask]:
    """Items whose latest verdict (any stage) is revisi and that were not marked ready since.

    For "Tugas saya": the assessor's comment travels with each one, most recent first.
    """
    answers = list(answers)
    latest = latest_reviews(answers)
    newest = {
        (answer.pk, item_id): review
        for answer in answers
        for item_id, review in newest_reviews(latest, answer.pk).items()
    }
    ready_at = {
        (row["answer_id"], row["item_id"]): row["at"]
        for row in ItemReadiness.objects.filter(answer__in=answers, ready=True)
        .values("answer_id", "item_id")
        .annotate(at=Max("updated_at"))
    }
    by_id = {answer.pk: answer for answer in answers}
    tasks = []
    for (answer_id, item_id), review in newest.items():
        if review.verdict != ItemVerdict.REVISION:
            continue
        resubmitted = ready_at.get((answer_id, item_id))
        if resubmitted is not None and resubmitted > review.at:
            continue
        tasks.append(RevisionTask(by_id[answer_id], review.item, review))
    tasks.sort(key=lambda task: task.review.at, reverse=True)
    return tasks


# --- carried over from another instrument ---------------------------------------------------


@transaction.atomic
def accept_suggestion(
    suggestion: EvidenceSuggestion, code: str, *, membership: Membership
) -> EvidenceLink:
    """Use a suggested document from last year's instrument for one item of this answer."""
    suggestion = EvidenceSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.status != SuggestionStatus.PENDING:
        raise ActionError(_("Saran ini sudah diputuskan."))
    link = link_item_evidence(suggestion.answer, code, suggestion.evidence, membership=membership)
    suggestion.status = SuggestionStatus.ACCEPTED
    suggestion.item = link.item
    suggestion.decided_by = membership.user
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["status", "item", "decided_by", "decided_at"])
    return link


@transaction.atomic
def reject_suggestion(suggestion: EvidenceSuggestion, *, membership: Membership) -> None:
    suggestion = (
        EvidenceSuggestion.objects.select_for_update()
        .select_related("answer")
        .get(pk=suggestion.pk)
    )
    if not can_edit(membership, suggestion.answer):
        raise ActionError(_("Anda tidak ditugasi menjawab indikator ini."))
    if suggestion.status != SuggestionStatus.PENDING:
        raise ActionError(_("Saran ini sudah diputuskan."))
    suggestion.status = SuggestionStatus.REJECTED
    suggestion.decided_by = membership.user
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["status", "decided_by", "decided_at"])


def carried_over(answer: Answer) -> dict | None:
    """Last year's answers mapped to this indicator, with the pending document suggestions."""
    if answer.cycle.previous_id is None:
        return None
    # The page shows the previous version's name: its file and snapshot are not read.
    previous = (
        Cycle.objects.filter(pk=answer.cycle.previous_id)
        .select_related("framework")
        .defer("framework__document", "self_assessment_snapshot")
        .first()
    )
    if previous is None or previous.framework_id == answer.cycle.framework_id:
        return None
    pairs = list(
        MappingPair.objects.filter(
            mapping__source_id=previous.framework_id,
            mapping__target_id=answer.cycle.framework_id,
            target=answer.indicator,
        )
        .select_related("source", "mapping")
        .defer("mapping__document")  # the mapping file (25 KB): the page shows its notice
    )
    old = {
        row.indicator_id: row
        for row in previous.answers.filter(indicator__in=[pair.source_id for pair in pairs])
    }
    suggestions = list(
        answer.suggestions.filter(status=SuggestionStatus.PENDING).select_related(
            "evidence", "source_answer__indicator"
        )
    )
    return {
        "cycle": previous,
        "mapping": pairs[0].mapping if pairs else None,
        "rows": [{"pair": pair, "answer": old.get(pair.source_id)} for pair in pairs],
        "suggestions": suggestions,
    }
