"""Read-only assessment data over /api/v1 (issue 14 §2): a cycle's answers with their items and
verdicts per stage, the evidence linked in a cycle and its files, the dashboard's figures of a
cycle, and the published national results.

Every object comes through the pages' chokepoints: the cycle through `get_cycle`, its answers
through `Answer.objects.for_membership` (a respondent reads only the answers assigned to it, as
on the cycle page), documents through `evidence.views.get_evidence`. Another agency's id, or an
answer the membership may not read, is a 404. Values are exact decimal strings.
"""

from decimal import Decimal
from fractions import Fraction

from django.db.models import Prefetch, Q
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response

from simpul.api.data_views import READ_ERRORS, AgencyReadView
from simpul.cycles import items as item_reads
from simpul.cycles.access import get_cycle
from simpul.cycles.models import (
    EXTERNAL_REVIEW_STAGES,
    Answer,
    AnswerStatus,
    ItemReadiness,
    ItemVerdict,
    ReviewStage,
    StageValue,
)
from simpul.dashboard.queries import cycle_scores
from simpul.evidence.access import get_evidence
from simpul.evidence.models import Evidence, EvidenceLink
from simpul.evidence.views import revision_file
from simpul.frameworks.models import Item
from simpul.frameworks.scoring import IndexResult
from simpul.frameworks.values import exact_text
from simpul.national.queries import rows_of

# The stages an item gets a verdict at, in order (internal assessors, then the external ones).
VERDICT_STAGES = (ReviewStage.INTERNAL.value, *(stage.value for stage in EXTERNAL_REVIEW_STAGES))
ITEM_VERDICTS = [*ItemVerdict.values, item_reads.AUTO_REJECTED]
# Long texts of the indicator and the answer the API does not show.
ANSWER_TEXTS = (
    *("indicator__question", "indicator__description", "indicator__assessment_rule"),
    *("indicator__example_evidence", "indicator__notes", "indicator__typical_owner_units"),
    *("indicator__external", "review_comment"),
)
ORDERINGS = {"indicator": "indicator__number", "-indicator": "-indicator__number"}


def exact(value: Decimal | Fraction | None) -> str | None:
    """An exact value as decimal text, as /score's `index_exact` writes it (None stays None)."""
    return None if value is None else exact_text(value)


# --- serializers ------------------------------------------------------------------------------


class AnswerIndicatorSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    group = serializers.CharField(source="group.code", help_text="Kode kelompok (mis. aspek)")
    parent_group = serializers.CharField(
        source="group.parent.code",
        allow_null=True,
        default=None,
        help_text="Kode kelompok induk (mis. domain); null di puncak",
    )


def _verdict_field(stage: str) -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=ITEM_VERDICTS,
        allow_null=True,
        help_text=f"Putusan tahap {stage} (dengan aturan R6; null bila belum dinilai)",
    )


class VerdictsSerializer(serializers.Serializer):
    internal = _verdict_field("internal")
    document = _verdict_field("document")
    interview = _verdict_field("interview")
    visit = _verdict_field("visit")


class AnswerItemSerializer(serializers.Serializer):
    code = serializers.CharField()
    level = serializers.IntegerField()
    ready = serializers.BooleanField(help_text="Ditandai siap dinilai oleh responden")
    verdicts = VerdictsSerializer()


class StageValuesSerializer(serializers.Serializer):
    """The assessors' values per stage (rule R7), exact; null when none is set."""

    internal = serializers.CharField(allow_null=True)
    document = serializers.CharField(allow_null=True)
    interview = serializers.CharField(allow_null=True)
    visit = serializers.CharField(allow_null=True)


class AnswerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    indicator = AnswerIndicatorSerializer()
    status = serializers.ChoiceField(choices=AnswerStatus.values)
    self_level = serializers.IntegerField(allow_null=True, help_text="Tingkat yang diklaim")
    internal_level = serializers.IntegerField(allow_null=True)
    document_level = serializers.IntegerField(allow_null=True)
    interview_level = serializers.IntegerField(allow_null=True)
    visit_level = serializers.IntegerField(allow_null=True)
    final_level = serializers.IntegerField(allow_null=True)
    fact = serializers.CharField(help_text="Penjelasan: fakta")
    analysis = serializers.CharField(help_text="Penjelasan: analisis")
    version = serializers.IntegerField()
    updated_at = serializers.DateTimeField()
    items = AnswerItemSerializer(source="api_items", many=True)
    stage_values = StageValuesSerializer(source="api_stage_values")


class LinkRefSerializer(serializers.Serializer):
    answer = serializers.IntegerField(source="answer_id")
    indicator = serializers.CharField(source="answer.indicator.code")
    level = serializers.IntegerField()
    item = serializers.CharField(source="item.code", allow_null=True, default=None)
    purpose = serializers.CharField()


class EvidenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    document_type = serializers.CharField()
    number = serializers.CharField()
    issued_on = serializers.DateField(allow_null=True)
    url = serializers.CharField(help_text="Tautan (dokumen berupa tautan); kosong bila berkas")
    file_name = serializers.CharField(
        source="current_revision.original_name", allow_null=True, default=None
    )
    content_type = serializers.CharField(
        source="current_revision.content_type", allow_null=True, default=None
    )
    size = serializers.IntegerField(source="current_revision.size", allow_null=True, default=None)
    sha256 = serializers.CharField(source="current_revision.sha256", allow_null=True, default=None)
    revision = serializers.IntegerField(
        source="current_revision.number", allow_null=True, default=None
    )
    uploaded_at = serializers.DateTimeField(
        source="current_revision.uploaded_at", allow_null=True, default=None
    )
    links = LinkRefSerializer(source="cycle_links", many=True)


class GroupFigureSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    depth = serializers.IntegerField()
    parent = serializers.CharField(allow_null=True)
    index = serializers.CharField(allow_null=True)
    answered = serializers.IntegerField()
    total = serializers.IntegerField()


class ResultFigureSerializer(serializers.Serializer):
    index = serializers.CharField(allow_null=True, help_text="Nilai tepat")
    index_display = serializers.CharField(allow_null=True, help_text="Dibulatkan seperti terbit")
    predicate = serializers.CharField(allow_null=True)
    complete = serializers.BooleanField()
    answered = serializers.IntegerField()
    total = serializers.IntegerField()
    minimum = serializers.CharField()
    maximum = serializers.CharField()
    groups = GroupFigureSerializer(many=True)


class CycleFiguresSerializer(serializers.Serializer):
    cycle = serializers.IntegerField()
    year = serializers.IntegerField()
    framework = serializers.CharField()
    own = ResultFigureSerializer(help_text="Penilaian mandiri")
    official = ResultFigureSerializer(allow_null=True, help_text="Hasil resmi, bila ada")


class NationalResultSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    category = serializers.CharField()
    province = serializers.CharField()
    name = serializers.CharField()
    index = serializers.DecimalField(max_digits=4, decimal_places=2)
    predicate = serializers.CharField()
    d1 = serializers.DecimalField(max_digits=4, decimal_places=2)
    d2 = serializers.DecimalField(max_digits=4, decimal_places=2)
    d3 = serializers.DecimalField(max_digits=4, decimal_places=2)
    d4 = serializers.DecimalField(max_digits=4, decimal_places=2)
    source = serializers.CharField()
    flag = serializers.CharField()


# --- reads ------------------------------------------------------------------------------------


def by_items(cycle) -> bool:
    """Whether the cycle's framework values indicators by items (Pemdi 2026), not by level."""
    return not cycle.framework.engine().scored_by_level


def readable_answers(request, cycle):
    """The cycle's answers the membership may read, with what the API shows, in a fixed
    number of queries (for a framework valued by items, its items, readiness and stage
    values are prefetched; a framework valued by level has none to read)."""
    answers = (
        Answer.objects.for_membership(request.membership)
        .filter(cycle=cycle)
        .select_related("indicator__group__parent")
        .defer(*ANSWER_TEXTS)
    )
    if not by_items(cycle):
        return answers
    return answers.prefetch_related(
        Prefetch(
            "indicator__items",
            queryset=Item.objects.select_related("level").only(
                "id", "code", "position", "indicator_id", "level", "level__level"
            ),
        ),
        Prefetch(
            "item_readiness",
            queryset=ItemReadiness.objects.filter(ready=True).only("answer_id", "item_id"),
            to_attr="api_ready",
        ),
        Prefetch(
            "stage_values",
            queryset=StageValue.objects.only("answer_id", "stage", "value", "at").order_by(
                "answer", "stage", "-at", "-pk"
            ),
            to_attr="api_values",
        ),
    )


def with_items(cycle, answers: list[Answer]) -> list[Answer]:
    """Attach each answer's items with their verdict per stage (as the item pages derive them,
    rule R6 included) and the assessors' latest value per stage: one query for all reviews."""
    if not by_items(cycle):
        for answer in answers:
            answer.api_items = []
            answer.api_stage_values = dict.fromkeys(VERDICT_STAGES)
        return answers
    latest = item_reads.latest_reviews(answers)
    for answer in answers:
        indicator_items = list(answer.indicator.items.all())
        ready = {row.item_id for row in answer.api_ready}
        states = {
            stage: item_reads.item_states(
                indicator_items, item_reads.stage_reviews(latest, answer.pk, stage)
            )
            for stage in VERDICT_STAGES
        }
        answer.api_items = [
            {
                "code": item.code,
                "level": item.level.level,
                "ready": item.pk in ready,
                "verdicts": {stage: states[stage][item.code].verdict for stage in VERDICT_STAGES},
            }
            for item in sorted(indicator_items, key=lambda item: (item.level.level, item.position))
        ]
        values: dict[str, str | None] = dict.fromkeys(VERDICT_STAGES)
        seen = set()
        for row in answer.api_values:  # newest first per stage
            if row.stage not in seen:
                seen.add(row.stage)
                values[row.stage] = exact(row.value)
        answer.api_stage_values = values
    return answers


def result_figures(engine, result: IndexResult) -> dict:
    return {
        "index": exact(result.index),
        "index_display": None if result.index is None else engine.display(result.index),
        "predicate": result.predicate,
        "complete": result.complete,
        "answered": result.answered,
        "total": result.total,
        "minimum": exact(result.minimum),
        "maximum": exact(result.maximum),
        "groups": [
            {
                "code": group.code,
                "name": group.name,
                "kind": group.kind,
                "depth": group.depth,
                "parent": group.parent,
                "index": exact(group.index),
                "answered": group.answered,
                "total": group.total,
            }
            for group in result.groups
        ],
    }


# --- views ------------------------------------------------------------------------------------

CYCLE_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="Id periode")
ANSWER_FILTERS = [
    CYCLE_ID,
    OpenApiParameter("indicator", str, description="Nomor atau kode indikator (mis. 19 atau I19)"),
    OpenApiParameter("group", str, description="Kode kelompok: domain atau aspek"),
    OpenApiParameter("ordering", str, enum=list(ORDERINGS), description="Urutan menurut indikator"),
]


class CycleAnswers(AgencyReadView, generics.ListAPIView):
    """The cycle's answers the membership may read, by indicator number."""

    serializer_class = AnswerSerializer

    def get_queryset(self):
        cycle = self.cycle = get_cycle(self.request._request, self.kwargs["pk"])
        answers = readable_answers(self.request._request, cycle)
        params = self.request.query_params
        key = params.get("indicator", "").strip().upper()
        if key:
            number = key.removeprefix("I")
            by_number = (
                Q(indicator__number=int(number)) if number.isascii() and number.isdigit() else Q()
            )
            answers = answers.filter(Q(indicator__code=key) | by_number)
        group = params.get("group", "").strip()
        if group:
            answers = answers.filter(
                Q(indicator__group__code=group) | Q(indicator__group__parent__code=group)
            )
        return answers.order_by(ORDERINGS.get(params.get("ordering"), "indicator__number"))

    @extend_schema(operation_id="cycle_answers_list", summary="Jawaban periode", description=(
        "Jawaban periode per indikator: tingkat per tahap, penjelasan, butir dengan putusan per "
        "tahap, nilai asesor (desimal tepat). Responden hanya melihat jawaban yang ditugaskan "
        "kepadanya, seperti di halaman periode."
    ), parameters=ANSWER_FILTERS, responses={200: AnswerSerializer, **READ_ERRORS})  # fmt: skip
    def get(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        rows = with_items(self.cycle, list(page))
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)


class CycleAnswer(AgencyReadView, generics.RetrieveAPIView):
    """One answer of the cycle by indicator number; 404 when unknown or not readable."""

    serializer_class = AnswerSerializer
    pagination_class = None

    @extend_schema(operation_id="cycle_answers_retrieve", summary="Satu jawaban", description=(
        "Jawaban satu indikator (menurut nomornya) di periode; 404 untuk periode instansi lain, "
        "indikator yang tidak ada, atau jawaban yang tidak boleh dibaca."
    ), parameters=[CYCLE_ID, OpenApiParameter(
        "indicator", int, OpenApiParameter.PATH, description="Nomor indikator"
    )], responses={200: AnswerSerializer, **READ_ERRORS})  # fmt: skip
    def get(self, request, *args, **kwargs):
        cycle = get_cycle(request._request, kwargs["pk"])
        found = list(
            readable_answers(request._request, cycle).filter(indicator__number=kwargs["indicator"])
        )
        if not found:
            raise Http404
        return Response(self.get_serializer(with_items(cycle, found)[0]).data)


class CycleEvidence(AgencyReadView, generics.ListAPIView):
    """Documents linked to the cycle's answers the membership may read, with those links."""

    serializer_class = EvidenceSerializer

    def get_queryset(self):
        request = self.request._request
        cycle = get_cycle(request, self.kwargs["pk"])
        readable = Answer.objects.for_membership(request.membership).filter(cycle=cycle)
        links = (
            EvidenceLink.objects.filter(answer__in=readable.values("pk"))
            .select_related("answer__indicator", "item")
            .order_by("answer__indicator__number", "level", "pk")
        )
        return (
            Evidence.objects.for_agency(cycle.agency)
            .filter(links__answer__in=readable.values("pk"))
            .distinct()
            .select_related("current_revision")
            .defer("current_revision__text")
            .prefetch_related(Prefetch("links", queryset=links, to_attr="cycle_links"))
            .order_by("title", "pk")
        )

    @extend_schema(operation_id="cycle_evidence_list", summary="Data dukung periode", description=(
        "Data dukung yang ditautkan ke jawaban periode yang boleh dibaca: nama, ukuran, sha256, "
        "waktu unggah revisi terkini, dan tautannya (indikator, tingkat, butir)."
    ), parameters=[CYCLE_ID], responses={200: EvidenceSerializer, **READ_ERRORS})  # fmt: skip
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class EvidenceDownload(AgencyReadView):
    """The current revision's file, through the same chokepoint as the download page."""

    pagination_class = None

    def perform_content_negotiation(self, request, force=False):
        # A file, whatever the Accept header asks: refusals still answer in JSON.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(operation_id="evidence_download", summary="Unduh data dukung", description=(
        "Berkas revisi terkini dokumen (sebagai lampiran, dengan jenis isinya sendiri); 404 untuk "
        "dokumen instansi lain atau dokumen berupa tautan."
    ), parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH, description="Id dokumen")],
    responses={(200, "*/*"): OpenApiResponse(
        response=OpenApiTypes.BINARY, description="Isi berkas"
    ), **READ_ERRORS})  # fmt: skip
    def get(self, request, *args, **kwargs):
        evidence = get_evidence(request._request, kwargs["pk"])
        if evidence.current_revision is None:
            raise Http404
        return revision_file(evidence.current_revision)


class CycleFigures(AgencyReadView):
    """The dashboard's figures of one cycle: the same scores the dashboard shows."""

    serializer_class = CycleFiguresSerializer
    pagination_class = None

    @extend_schema(operation_id="cycle_figures", summary="Angka indeks periode", description=(
        "Indeks periode seperti di dasbor: nilai tepat, pembulatan terbit, predikat, dan nilai "
        "per kelompok (domain, aspek), untuk penilaian mandiri dan hasil resmi bila ada."
    ), parameters=[CYCLE_ID], responses={200: CycleFiguresSerializer, **READ_ERRORS})  # fmt: skip
    def get(self, request, *args, **kwargs):
        cycle = get_cycle(request._request, kwargs["pk"])
        score = next(s for s in cycle_scores(cycle.agency) if s.cycle.pk == cycle.pk)
        body = {
            "cycle": cycle.pk,
            "year": cycle.year,
            "framework": cycle.framework.code,
            "own": result_figures(score.engine, score.own),
            "official": None
            if score.official is None
            else result_figures(score.engine, score.official),
        }
        return Response(CycleFiguresSerializer(body).data)


class NationalResults(AgencyReadView, generics.ListAPIView):
    """The agency's own published national results, oldest year first."""

    serializer_class = NationalResultSerializer
    capability = "national.read"

    def get_queryset(self):
        return rows_of(self.request._request.membership.agency)

    @extend_schema(operation_id="national_results_list", summary="Hasil nasional", description=(
        "Hasil evaluasi nasional yang terbit untuk instansi ini (seperti halaman perbandingan "
        "nasional), tahun terlama dahulu, per halaman."
    ), responses={200: NationalResultSerializer, **READ_ERRORS})  # fmt: skip
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
