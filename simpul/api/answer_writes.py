"""Writes of answers over /api/v1 (issue 14 §2 Write): the answer page's save and submit, the
items marked ready, and the assessors' item verdicts.

Every write goes through the operation the page uses (`cycles.operations.save_answer`,
`submit_answer`, `cycles.items.mark_item_ready`, `review_item`), with its rules. The answer's
`version` (the hidden field the answer page posts) is its ETag; a save, a submit or a change of
the items needs it back in If-Match (428 without it, 412 when the answer moved on since). Bodies
are checked before anything is written: a bad one is a 400 naming the field. A refusal of the
operation that depends on the answer's state (the period locked, the answer already submitted)
is a 409. Another agency's period, an answer the membership may not read, or an unknown item is
a 404.
"""

from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from simpul.api import assessment_views
from simpul.api.assessment_views import CYCLE_ID, AnswerSerializer, readable_answers, with_items
from simpul.api.data_views import READ_ERRORS, AgencyReadView, _refused
from simpul.api.write_views import (
    WriteRefused,
    check_if_match,
    etag_header,
    if_match_header,
    json_object,
    only_fields,
)
from simpul.core.errors import Refusal
from simpul.cycles import items as cycle_items
from simpul.cycles import operations as cycle_operations
from simpul.cycles.access import can_edit, can_review, can_set_stage_level, get_cycle
from simpul.cycles.models import (
    Answer,
    ItemVerdict,
    ReviewStage,
    RevisionReason,
)
from simpul.frameworks.models import Item

TEXT_MAX = cycle_operations.ANSWER_TEXT_MAX


class StateRefused(WriteRefused):
    """The operation refused it for the answer's or the period's state, not for the body."""

    status_code = 409


def answer_etag(answer: Answer) -> str:
    return f'"{answer.version}"'


def _answer(request, pk: int, indicator: int) -> Answer:
    """The answer the membership may read (the pages' chokepoints), else 404."""
    page_request = request._request
    cycle = get_cycle(page_request, pk)
    answer = (
        Answer.objects.for_membership(page_request.membership)
        .filter(cycle=cycle, indicator__number=indicator)
        .select_related("cycle__framework", "cycle__agency", "indicator")
        .defer("cycle__framework__document")
        .first()
    )
    if answer is None:
        raise Http404
    return answer


def _editable(request, answer: Answer) -> None:
    if not can_edit(request._request.membership, answer):
        raise PermissionDenied(
            _("Hanya responden yang ditugasi atau koordinator yang dapat mengubah jawaban ini.")
        )


def _locked(answer: Answer) -> Answer:
    return Answer.objects.select_for_update(of=("self",)).get(pk=answer.pk)


def _fresh(request, answer: Answer) -> Response:
    """The answer as a GET shows it now, with its new ETag."""
    cycle = answer.cycle
    found = list(
        readable_answers(request._request, cycle).filter(pk=answer.pk)
    )  # still readable: the writer may read what it may edit
    body = AnswerSerializer(with_items(cycle, found)[0]).data
    response = Response(body)
    response["ETag"] = answer_etag(found[0])
    return response


def answer_values(answer: Answer, body: Any) -> dict:
    """The fields of an answer edit, checked; the ones not sent keep their saved value."""
    body = json_object(body)
    only_fields(body, {"self_level", "fact", "analysis"})
    if not body:
        raise WriteRefused(
            _("Tidak ada yang diubah: kirim self_level, fact atau analysis."), field="body"
        )
    values = {"self_level": answer.self_level, "fact": answer.fact, "analysis": answer.analysis}
    if "self_level" in body:
        level = body["self_level"]
        if cycle_items.is_item_framework(answer):
            raise WriteRefused(
                _("Nilai indikator ini datang dari butirnya; tandai butirnya lewat /items."),
                field="self_level",
            )
        levels = cycle_operations.allowed_levels(answer)
        if level is not None and (type(level) is not int or level not in levels):
            raise WriteRefused(
                _(
                    "self_level harus salah satu tingkat skala indikator ini "
                    "(%(min)s sampai %(max)s) atau null."
                )
                % {"min": min(levels), "max": max(levels)},
                field="self_level",
            )
        values["self_level"] = level
    for name in ("fact", "analysis"):
        if name in body:
            text = body[name]
            if not isinstance(text, str) or len(text.strip()) > TEXT_MAX:
                raise WriteRefused(
                    _("%(field)s harus teks paling panjang %(max)s karakter.")
                    % {"field": name, "max": TEXT_MAX},
                    field=name,
                )
            values[name] = text
    return values


INDICATOR = OpenApiParameter("indicator", int, OpenApiParameter.PATH, description="Nomor indikator")
IF_MATCH = if_match_header("ETag dari GET /cycles/{id}/answers/{indicator} (versi jawaban)")
ANSWER_ETAG = etag_header(200, "jawaban (kolom version)")
WRITE_ERRORS = {
    403: _refused("Token baca saja, atau peran ini tidak dapat mengubah jawaban ini"),
    404: _refused("Periode, jawaban atau butir tidak ada, atau milik instansi lain"),
    409: _refused("Ditolak oleh keadaan jawaban atau periode (dikunci, sudah diajukan, ...)"),
    401: READ_ERRORS[401],
    429: READ_ERRORS[429],
}
ETAG_ERRORS = {
    412: _refused("Jawaban sudah diubah sejak ETag itu dibaca; tidak ada yang disimpan"),
    428: _refused("Header If-Match tidak dikirim"),
}
AnswerBody = inline_serializer(
    "AnswerUpdate",
    {
        "self_level": serializers.IntegerField(
            required=False, allow_null=True, help_text="Tingkat yang diklaim (kerangka bertingkat)"
        ),
        "fact": serializers.CharField(required=False, allow_blank=True, max_length=TEXT_MAX),
        "analysis": serializers.CharField(required=False, allow_blank=True, max_length=TEXT_MAX),
    },
)


class CycleAnswer(assessment_views.CycleAnswer):
    """One answer: GET with its ETag (its version); PATCH the respondent's answer."""

    http_method_names = ["get", "head", "patch"]

    @extend_schema(operation_id="cycle_answers_retrieve", summary="Satu jawaban", description=(
        "Jawaban satu indikator (menurut nomornya) di periode; 404 untuk periode instansi lain, "
        "indikator yang tidak ada, atau jawaban yang tidak boleh dibaca. Header ETag: versi "
        "jawaban, untuk If-Match pada PATCH, pengajuan dan penandaan butir."
    ), parameters=[CYCLE_ID, INDICATOR, ANSWER_ETAG], responses={
        200: AnswerSerializer, **READ_ERRORS,
    })  # fmt: skip
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response["ETag"] = f'"{response.data["version"]}"'
        return response

    @extend_schema(operation_id="cycle_answers_update", summary="Ubah jawaban", description=(
        "Tingkat (self_level), fakta dan analisis, seperti tombol Simpan di halaman jawaban: "
        "responden yang ditugasi, atau koordinator, selama penilaian mandiri terbuka dan "
        "jawabannya draf atau perlu perbaikan. Kolom yang tidak dikirim tidak berubah. Token "
        "baca-tulis; header If-Match wajib (ETag dari GET)."
    ), parameters=[CYCLE_ID, INDICATOR, IF_MATCH, ANSWER_ETAG], request=AnswerBody, responses={
        200: AnswerSerializer,
        400: _refused("Isian salah; kolomnya disebut di error.field"),
        **WRITE_ERRORS, **ETAG_ERRORS,
    })  # fmt: skip
    def patch(self, request, pk: int, indicator: int, *args, **kwargs):
        answer = _answer(request, pk, indicator)
        _editable(request, answer)
        values = answer_values(answer, request.data)
        membership = request._request.membership
        with transaction.atomic():
            locked = _locked(answer)
            check_if_match(request, answer_etag(locked))
            try:
                saved = cycle_operations.save_answer(
                    answer, membership=membership, version=locked.version, **values
                )
            except Refusal as refusal:
                raise StateRefused(refusal.message, field="status") from refusal
        return _fresh(request, saved)


class AnswerSubmit(AgencyReadView):
    """Hand the answer to the internal assessors, as the page's Ajukan button does."""

    http_method_names = ["post"]

    @extend_schema(operation_id="cycle_answers_submit", summary="Ajukan jawaban", description=(
        "Ajukan jawaban ke asesor internal, seperti tombol Ajukan di halaman jawaban: "
        "responden yang ditugasi, atau koordinator; tingkatnya harus sudah disimpan. Tanpa "
        "isi; header If-Match wajib (ETag dari GET)."
    ), parameters=[CYCLE_ID, INDICATOR, IF_MATCH, ANSWER_ETAG], request=None, responses={
        200: AnswerSerializer, **WRITE_ERRORS, **ETAG_ERRORS,
    })  # fmt: skip
    def post(self, request, pk: int, indicator: int, *args, **kwargs):
        answer = _answer(request, pk, indicator)
        _editable(request, answer)
        with transaction.atomic():
            locked = _locked(answer)
            check_if_match(request, answer_etag(locked))
            try:
                saved = cycle_operations.submit_answer(
                    answer, membership=request._request.membership, version=locked.version
                )
            except Refusal as refusal:
                raise StateRefused(refusal.message, field="status") from refusal
        return _fresh(request, saved)


# ---- items: marked ready by the respondent; verdicts by the assessors ------------------------


def _item_answer(request, pk: int, indicator: int) -> Answer:
    answer = _answer(request, pk, indicator)
    if not cycle_items.is_item_framework(answer):
        raise Http404  # an indicator valued by level has no items
    return answer


def readiness_values(answer: Answer, body: Any) -> list[tuple[str, bool]]:
    body = json_object(body)
    only_fields(body, {"items"})
    rows = body.get("items")
    if not isinstance(rows, list) or not rows:
        raise WriteRefused(
            _('items harus daftar tidak kosong: [{"code": "...", "ready": true}, ...].'),
            field="items",
        )
    codes = set(Item.objects.filter(indicator=answer.indicator).values_list("code", flat=True))
    out, seen = [], set()
    for position, row in enumerate(rows):
        where = f"items[{position}]"
        if not isinstance(row, dict):
            raise WriteRefused(_("Tiap butir harus objek {code, ready}."), field=where)
        _only_row = set(row) - {"code", "ready"}
        if _only_row:
            name = min(_only_row)
            raise WriteRefused(
                _("Kolom %(field)s tidak dikenal.") % {"field": name}, field=f"{where}.{name}"
            )
        code, ready = row.get("code"), row.get("ready")
        if not isinstance(code, str) or code not in codes:
            raise WriteRefused(
                _("code harus kode butir indikator %(indicator)s.")
                % {"indicator": answer.indicator.code},
                field=f"{where}.code",
            )
        if code in seen:
            raise WriteRefused(
                _("Butir %(code)s disebut dua kali.") % {"code": code}, field=f"{where}.code"
            )
        if type(ready) is not bool:
            raise WriteRefused(_("ready harus true atau false."), field=f"{where}.ready")
        seen.add(code)
        out.append((code, ready))
    return out


ReadinessBody = inline_serializer(
    "AnswerItemsUpdate",
    {
        "items": inline_serializer(
            "AnswerItemReadiness",
            {
                "code": serializers.CharField(help_text="Kode butir"),
                "ready": serializers.BooleanField(help_text="Siap dinilai (atau batalkan)"),
            },
            many=True,
        )
    },
)


class AnswerItems(AgencyReadView):
    """Mark items of an answer ready for review, or take the mark back."""

    http_method_names = ["patch"]

    @extend_schema(operation_id="cycle_answers_items_update", summary="Tandai butir siap",
        description=(
            "Tandai butir jawaban siap dinilai (ready true) atau batalkan tandanya (false), "
            "seperti di halaman jawaban per butir (kerangka yang dinilai per butir): responden "
            "yang ditugasi, atau koordinator, selama penilaian mandiri terbuka. Butir yang "
            "ditandai siap harus sudah punya data dukung. Semua butir atau tidak satu pun; "
            "header If-Match wajib (ETag dari GET)."
        ), parameters=[CYCLE_ID, INDICATOR, IF_MATCH, ANSWER_ETAG], request=ReadinessBody,
        responses={
            200: AnswerSerializer,
            400: _refused("Isian salah; kolomnya disebut di error.field (mis. items[0].ready)"),
            **WRITE_ERRORS, **ETAG_ERRORS,
        })  # fmt: skip
    def patch(self, request, pk: int, indicator: int, *args, **kwargs):
        answer = _item_answer(request, pk, indicator)
        _editable(request, answer)
        rows = readiness_values(answer, request.data)
        membership = request._request.membership
        with transaction.atomic():
            locked = _locked(answer)
            check_if_match(request, answer_etag(locked))
            if not locked.cycle.self_assessment_open:
                raise StateRefused(
                    _("Penilaian mandiri periode %(year)s sudah dikunci atau sudah lewat.")
                    % {"year": locked.cycle.year},
                    field="status",
                )
            for position, (code, ready) in enumerate(rows):
                try:
                    cycle_items.mark_item_ready(answer, code, ready=ready, membership=membership)
                except Refusal as refusal:  # no evidence for the item yet
                    raise WriteRefused(
                        refusal.message, field=f"items[{position}].ready"
                    ) from refusal
        return _fresh(request, answer)


class VerdictCreated(serializers.Serializer):
    id = serializers.IntegerField()
    answer = serializers.IntegerField(source="answer_id")
    indicator = serializers.CharField(source="answer.indicator.code")
    item = serializers.CharField(source="item.code")
    stage = serializers.ChoiceField(choices=ReviewStage.choices)
    verdict = serializers.ChoiceField(choices=ItemVerdict.values)
    reason = serializers.CharField(help_text="Alasan revisi; kosong bila bukan revisi")
    note = serializers.CharField(source="comment")
    at = serializers.DateTimeField()


def verdict_values(body: Any) -> dict:
    body = json_object(body)
    only_fields(body, {"stage", "verdict", "reason", "note"})
    # The Indonesian values the slugs replaced ("dokumen", "diterima") are accepted too.
    stage = ReviewStage.parse(body.get("stage")) or body.get("stage")
    verdict = ItemVerdict.parse(body.get("verdict")) or body.get("verdict")
    reason, note = body.get("reason", ""), body.get("note", "")
    if stage not in ReviewStage.values:
        raise WriteRefused(
            _("stage harus salah satu dari %(values)s.")
            % {"values": ", ".join(ReviewStage.values)},
            field="stage",
        )
    if verdict not in ItemVerdict.values:
        raise WriteRefused(
            _("verdict harus salah satu dari %(values)s.")
            % {"values": ", ".join(ItemVerdict.values)},
            field="verdict",
        )
    if not isinstance(note, str) or len(note.strip()) > cycle_items.COMMENT_MAX:
        raise WriteRefused(
            _("note harus teks paling panjang %(max)s karakter.")
            % {"max": cycle_items.COMMENT_MAX},
            field="note",
        )
    if verdict == ItemVerdict.REVISION:
        reason = RevisionReason.parse(reason) or reason
        if reason not in RevisionReason.values:
            raise WriteRefused(
                _("Putusan revisi perlu reason: salah satu dari %(values)s.")
                % {"values": ", ".join(RevisionReason.values)},
                field="reason",
            )
        if reason == RevisionReason.OTHER and not note.strip():
            raise WriteRefused(
                _("Tulis alasan revisi di note bila reason-nya “other” (lainnya)."), field="note"
            )
    elif reason not in ("", None):
        raise WriteRefused(_("reason hanya untuk putusan revisi."), field="reason")
    return {
        "stage": str(stage),
        "verdict": str(verdict),
        "reason": str(reason or ""),
        "comment": note,
    }


VerdictBody = inline_serializer(
    "ItemVerdictCreate",
    {
        "stage": serializers.ChoiceField(
            choices=ReviewStage.choices, help_text="Tahap: internal, atau tahap eksternal"
        ),
        "verdict": serializers.ChoiceField(choices=ItemVerdict.values),
        "reason": serializers.ChoiceField(
            choices=RevisionReason.values, required=False, help_text="Wajib untuk revisi"
        ),
        "note": serializers.CharField(
            required=False, allow_blank=True, max_length=cycle_items.COMMENT_MAX
        ),
    },
)


class ItemVerdictCreate(AgencyReadView):
    """An assessor's verdict on one item at a stage, as the item review form gives it."""

    http_method_names = ["post"]

    @extend_schema(operation_id="cycle_answers_item_verdict", summary="Putusan butir",
        description=(
            "Putusan asesor atas satu butir pada satu tahap, seperti formulir putusan di halaman "
            "jawaban per butir: tahap internal oleh asesor internal (atau koordinator) selama "
            "penilaian mandiri terbuka; tahap eksternal oleh asesor eksternal (atau koordinator) "
            "selama tahap itu berjalan. Revisi perlu reason; riwayatnya disimpan. Header "
            "If-Match wajib (ETag dari GET jawabannya); jawaban 201 membawa ETag barunya."
        ), parameters=[CYCLE_ID, INDICATOR, OpenApiParameter(
            "code", str, OpenApiParameter.PATH, description="Kode butir (mis. I4-L1-01)"
        ), IF_MATCH, etag_header(201, "jawaban sesudah putusan")], request=VerdictBody,
        responses={
            201: VerdictCreated,
            400: _refused("Isian salah; kolomnya disebut di error.field"),
            **WRITE_ERRORS, **ETAG_ERRORS,
        })  # fmt: skip
    def post(self, request, pk: int, indicator: int, code: str, *args, **kwargs):
        answer = _item_answer(request, pk, indicator)
        if not Item.objects.filter(indicator=answer.indicator, code=code).exists():
            raise Http404
        values = verdict_values(request.data)
        membership = request._request.membership
        stage = values["stage"]
        internal = stage == ReviewStage.INTERNAL
        if not (can_review(membership) if internal else can_set_stage_level(membership)):
            raise PermissionDenied(
                _("Hanya asesor internal atau koordinator yang dapat menilai butir.")
                if internal
                else _(
                    "Hanya asesor eksternal atau koordinator yang dapat menilai butir tahap ini."
                )
            )
        with transaction.atomic():
            locked = _locked(answer)
            check_if_match(request, answer_etag(locked))
            try:
                review = cycle_items.review_item(answer, code, membership=membership, **values)
            except Refusal as refusal:  # the stage is not running (or the period locked)
                raise StateRefused(refusal.message, field="stage") from refusal
        response = Response(VerdictCreated(review).data, status=201)
        response["ETag"] = answer_etag(review.answer)
        return response
