"""Writes over /api/v1 (issue 14 §2), with optimistic concurrency: ETag and If-Match.

A detail GET sends the object's version as its `ETag` (the same content digest the pages'
hidden `versi` field carries, simpul/core/versions.py). A write must send it back in
`If-Match`: without it the answer is 428, and when the object changed since, 412 with nothing
written, so an integrator's script never overwrites a coordinator's edit unseen.

The writes go through the same operations as the pages (`plans.operations.update_action_progress`)
and their refusals, which name the field, come back as the API's JSON error.
"""

import re
from datetime import date
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from simpul.api import collab_views
from simpul.api.data_views import READ_ERRORS, AgencyReadView, _refused
from simpul.core.errors import Refusal
from simpul.core.versions import model_version
from simpul.cycles.items import link_item_evidence
from simpul.cycles.models import Answer
from simpul.evidence import operations as evidence_operations
from simpul.evidence.access import get_evidence, get_linkable_answer
from simpul.evidence.files import atomic_with_files
from simpul.evidence.models import DocumentType, Evidence
from simpul.evidence.uploads import limit_upload_size, upload_problem
from simpul.plans import operations as plan_operations
from simpul.plans.access import can_manage_actions, can_update_progress, get_action
from simpul.plans.forms import ActionForm
from simpul.plans.models import Action, ActionStatus


class WriteRefused(Refusal):
    """A write the API refuses before any operation runs (bad body, missing precondition)."""


class PreconditionRequired(WriteRefused):
    status_code = 428


class PreconditionFailed(WriteRefused):
    status_code = 412


# What an action's ETag covers: everything the action page shows and either form edits.
ACTION_VERSION_FIELDS = (*plan_operations.EDIT_FIELDS, *plan_operations.PROGRESS_FIELDS, "evidence")
NOTES_MAX = 5000
TITLE_MAX = 300  # Evidence.title
NUMBER_MAX = 200  # Evidence.number


def etag_of(instance, fields) -> str:
    return f'"{model_version(instance, fields)}"'


def check_if_match(request, current: str) -> None:
    sent = request.headers.get("If-Match", "").strip()
    if not sent:
        raise PreconditionRequired(
            _(
                "Kirim header If-Match berisi ETag dari GET objek ini, supaya perubahan orang "
                "lain tidak tertimpa tanpa terlihat."
            ),
            field="If-Match",
        )
    if current not in (tag.strip().removeprefix("W/") for tag in sent.split(",")):
        raise PreconditionFailed(
            _(
                "Data ini sudah diubah orang lain sejak Anda membacanya; tidak ada yang disimpan. "
                "Baca ulang (GET) lalu kirim lagi dengan ETag barunya."
            ),
            field="If-Match",
        )


def json_object(body: Any) -> dict:
    """A write's JSON body, refused unless it is an object."""
    if not isinstance(body, dict):
        raise WriteRefused(_("Isi permintaan harus objek JSON."), field="body")
    return body


def only_fields(body: dict, allowed: set[str]) -> None:
    """Refuse, by name, a field this write does not change."""
    unknown = set(body) - allowed
    if unknown:
        name = min(unknown)
        raise WriteRefused(
            _("Kolom %(field)s tidak dapat diubah lewat API ini.") % {"field": name}, field=name
        )


def progress_values(body: Any) -> tuple[dict, list[int] | None]:
    """The fields of a progress update, checked by type; the operation checks the rest."""
    body = json_object(body)
    only_fields(body, {"status", "progress", "notes", "evidence"})
    values: dict[str, Any] = {}
    if "status" in body:
        if body["status"] not in ActionStatus.values:
            raise WriteRefused(
                _("status harus salah satu dari %(values)s.")
                % {"values": ", ".join(ActionStatus.values)},
                field="status",
            )
        values["status"] = body["status"]
    if "progress" in body:
        progress = body["progress"]
        if type(progress) is not int or not 0 <= progress <= 100:
            raise WriteRefused(
                _("progress harus bilangan bulat 0 sampai 100 (persen)."), field="progress"
            )
        values["progress"] = progress
    if "notes" in body:
        if not isinstance(body["notes"], str) or len(body["notes"]) > NOTES_MAX:
            raise WriteRefused(
                _("notes harus teks paling panjang %(max)s karakter.") % {"max": NOTES_MAX},
                field="notes",
            )
        values["notes"] = body["notes"]
    evidence = body.get("evidence")
    if "evidence" in body and (
        not isinstance(evidence, list) or not all(type(pk) is int and pk > 0 for pk in evidence)
    ):
        raise WriteRefused(
            _("evidence harus daftar id data dukung (bilangan bulat positif)."), field="evidence"
        )
    if not values and evidence is None:
        raise WriteRefused(
            _("Tidak ada yang diubah: kirim status, progress, notes atau evidence."), field="body"
        )
    return values, evidence


ProgressBody = inline_serializer(
    "ActionProgressUpdate",
    {
        "status": serializers.ChoiceField(choices=ActionStatus.values, required=False),
        "progress": serializers.IntegerField(min_value=0, max_value=100, required=False),
        "notes": serializers.CharField(max_length=NOTES_MAX, required=False, allow_blank=True),
        "evidence": serializers.ListField(
            child=serializers.IntegerField(min_value=1),
            required=False,
            help_text="Id data dukung penyelesaian (menggantikan daftar yang ada)",
        ),
    },
)


def if_match_header(description: str, *, required: bool = True) -> OpenApiParameter:
    """The If-Match a write reads, in the schema: whose ETag it carries back."""
    return OpenApiParameter(
        "If-Match", location=OpenApiParameter.HEADER, required=required, description=description
    )


IF_MATCH = if_match_header("ETag dari GET /actions/{id}")


def etag_header(status: int, what: str) -> OpenApiParameter:
    """The ETag a response carries, in the schema: what it is the version of."""
    return OpenApiParameter(
        "ETag",
        str,
        OpenApiParameter.HEADER,
        response=[status],
        description=f"Versi {what}; kirim kembali di If-Match pada penulisan berikutnya",
    )


ACTION_ETAG = etag_header(200, "rencana aksi")


class ActionDetail(collab_views.ActionDetail):
    """One action: GET with its ETag; PATCH its progress (the admin or the owning respondent)."""

    http_method_names = ["get", "head", "patch"]

    @extend_schema(operation_id="actions_retrieve", summary="Satu rencana aksi", description=(
        "Satu rencana aksi yang boleh dilihat token; milik instansi lain (atau, bagi responden, "
        "milik unit lain) menjawab 404. Header ETag: versinya, untuk If-Match pada PATCH."
    ), parameters=[ACTION_ETAG], responses={
        200: collab_views.ActionSerializer, **READ_ERRORS,
    })  # fmt: skip
    def get(self, request, *args, **kwargs):
        action = self.get_object()
        response = Response(self.get_serializer(action).data)
        response["ETag"] = etag_of(action, ACTION_VERSION_FIELDS)
        return response

    @extend_schema(operation_id="actions_progress_update", summary="Perbarui kemajuan rencana aksi",
        description=(
            "Status, kemajuan (%), catatan dan data dukung penyelesaian, seperti formulir "
            "kemajuan di halaman rencana aksi: koordinator, atau responden pemilik aksinya. "
            "Token baca-tulis; header If-Match wajib (ETag dari GET). Kolom lain tidak berubah."
        ), parameters=[IF_MATCH, ACTION_ETAG], request=ProgressBody, responses={
            200: collab_views.ActionSerializer,
            400: _refused("Isian salah; kolomnya disebut di error.field"),
            403: _refused("Token baca saja, atau peran ini tidak dapat memperbarui aksi ini"),
            404: _refused("Tidak ada, atau milik instansi lain"),
            412: _refused("Aksi sudah diubah sejak ETag itu dibaca; tidak ada yang disimpan"),
            428: _refused("Header If-Match tidak dikirim"),
            401: READ_ERRORS[401], 429: READ_ERRORS[429],
        })  # fmt: skip
    def patch(self, request, *args, **kwargs):
        action = self.get_object()
        membership = request._request.membership
        if not can_update_progress(membership, action):
            raise PermissionDenied(
                _("Hanya koordinator atau responden pemilik aksi yang dapat memperbaruinya.")
            )
        values, evidence_ids = progress_values(request.data)
        with transaction.atomic():
            locked = Action.objects.select_for_update(of=("self",)).get(pk=action.pk)
            check_if_match(request, etag_of(locked, ACTION_VERSION_FIELDS))
            evidence = None
            if evidence_ids is not None:
                evidence = list(Evidence.objects.for_agency(membership.agency).filter(
                    pk__in=evidence_ids
                ))  # fmt: skip
                missing = sorted(set(evidence_ids) - {doc.pk for doc in evidence})
                if missing:
                    raise WriteRefused(
                        _("Data dukung %(ids)s tidak ada di instansi ini.")
                        % {"ids": ", ".join(map(str, missing))},
                        field="evidence",
                    )
            plan_operations.update_action_progress(
                locked, membership=membership, evidence=evidence, **values
            )
        fresh = get_action(request._request, action.pk)
        response = Response(self.get_serializer(fresh).data)
        response["ETag"] = etag_of(fresh, ACTION_VERSION_FIELDS)
        return response


# ---- evidence: upload to the library, link to an answer's level or item ----------------------


class EvidenceCreated(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    document_type = serializers.CharField()
    file_name = serializers.CharField(help_text="Nama berkas asli")
    size = serializers.IntegerField(help_text="Bita")
    sha256 = serializers.CharField()
    uploaded_at = serializers.DateTimeField()


def evidence_body(evidence: Evidence) -> dict:
    revision = evidence.current_revision
    return EvidenceCreated(
        {
            "id": evidence.pk,
            "title": evidence.title,
            "document_type": evidence.document_type,
            "file_name": revision.original_name,
            "size": revision.size,
            "sha256": revision.sha256,
            "uploaded_at": revision.uploaded_at,
        }
    ).data


class DuplicateDocument(WriteRefused):
    status_code = 409


UploadBody = inline_serializer(
    "EvidenceUpload",
    {
        "file": serializers.FileField(help_text="Berkasnya (PDF, gambar, dokumen kantor)"),
        "title": serializers.CharField(required=False, help_text="Bawaan: nama berkas"),
        "document_type": serializers.ChoiceField(choices=DocumentType.values, required=False),
        "number": serializers.CharField(required=False, help_text="Nomor dokumen"),
    },
)


class EvidenceUpload(AgencyReadView):
    """A document into the agency's library, checked as the upload page checks it."""

    capability = "evidence.write"
    http_method_names = ["post"]

    def initialize_request(self, request, *args, **kwargs):
        # The size limit must be in place before anything (the CSRF check too) reads the body.
        limit_upload_size(request)
        return super().initialize_request(request, *args, **kwargs)

    @extend_schema(operation_id="evidence_upload", summary="Unggah data dukung", description=(
        "Satu berkas ke pustaka data dukung instansi (multipart/form-data, kolom file), "
        "diperiksa seperti halaman unggah: kosong, terlalu besar, rusak, terenkripsi, atau "
        "jenisnya tidak diterima ditolak dengan error.field file. Berkas yang sama sudah ada: "
        "409, pesannya menyebut id dokumen itu. Koordinator dan responden; token baca-tulis."
    ), request={"multipart/form-data": UploadBody}, responses={
        201: EvidenceCreated,
        400: _refused("Berkas atau kolom salah; kolomnya disebut di error.field"),
        409: _refused("Berkas yang sama sudah ada di pustaka (pesannya menyebut id-nya)"),
        401: READ_ERRORS[401], 403: READ_ERRORS[403], 429: READ_ERRORS[429],
    })  # fmt: skip
    def post(self, request, *args, **kwargs):
        page_request = request._request
        problem = upload_problem(page_request)
        if problem:
            raise WriteRefused(problem, field="file")
        uploaded = page_request.FILES.get("file")
        if uploaded is None:
            raise WriteRefused(
                _("Kirim berkasnya di kolom file (multipart/form-data)."), field="file"
            )
        fields = page_request.POST
        document_type = fields.get("document_type") or DocumentType.OTHER
        if document_type not in DocumentType.values:
            raise WriteRefused(
                _("document_type harus salah satu dari %(values)s.")
                % {"values": ", ".join(DocumentType.values)},
                field="document_type",
            )
        try:
            with atomic_with_files():
                evidence = evidence_operations.upload_evidence(
                    page_request.membership.agency,
                    uploaded,
                    title=fields.get("title", "")[:TITLE_MAX],
                    document_type=document_type,
                    number=fields.get("number", "")[:NUMBER_MAX],
                    user=request.user,
                )
        except evidence_operations.DuplicateEvidenceError as error:
            message = _("%(message)s Id dokumen yang sudah ada: %(id)s.") % {
                "message": error.message,
                "id": error.existing.pk,
            }
            raise DuplicateDocument(message, field="file") from error
        except evidence_operations.EvidenceError as error:
            raise WriteRefused(error.message, field="file") from error
        return Response(evidence_body(evidence), status=201)


class LinkCreated(serializers.Serializer):
    id = serializers.IntegerField()
    evidence = serializers.IntegerField()
    answer = serializers.IntegerField()
    indicator = serializers.CharField(help_text="Kode indikator")
    level = serializers.IntegerField()
    item = serializers.CharField(allow_null=True, help_text="Kode butir, bila ke butir")


LinkBody = inline_serializer(
    "EvidenceLinkCreate",
    {
        "answer": serializers.IntegerField(min_value=1, help_text="Id jawaban"),
        "level": serializers.IntegerField(
            required=False, help_text="Tingkat yang dibuktikan (kerangka bertingkat)"
        ),
        "item": serializers.CharField(
            required=False, help_text="Kode butir (kerangka per butir); bukan bersama level"
        ),
        "note": serializers.CharField(required=False, max_length=300),
    },
)


class EvidenceLinkCreate(AgencyReadView):
    """Use a library document for one level of an answer, or for one of its items."""

    capability = "evidence.write"
    http_method_names = ["post"]

    @extend_schema(operation_id="evidence_link", summary="Tautkan data dukung", description=(
        "Pakai dokumen pustaka sebagai bukti satu tingkat jawaban (level) atau satu butir "
        "(item), dengan aturan halaman jawaban: yang ditugasi menjawab (atau koordinator), "
        "selama penilaian mandiri terbuka dan jawabannya draf atau perlu perbaikan. If-Match "
        "boleh dikirim (ETag dari GET jawabannya): bila dikirim, diperiksa seperti pada PATCH."
    ), parameters=[if_match_header(
        "Opsional: ETag dari GET /cycles/{id}/answers/{indicator} (versi jawaban)", required=False
    )], request=LinkBody, responses={
        201: LinkCreated,
        400: _refused("Isian salah atau penautan ditolak; kolomnya disebut di error.field"),
        403: _refused("Token baca saja, atau tidak ditugasi / jawaban tidak dapat diubah"),
        404: _refused("Dokumen atau jawaban tidak ada, atau milik instansi lain"),
        412: _refused("If-Match dikirim, tetapi jawaban sudah berubah; tidak ada yang disimpan"),
        401: READ_ERRORS[401], 429: READ_ERRORS[429],
    })  # fmt: skip
    def post(self, request, pk: int, *args, **kwargs):
        page_request = request._request
        evidence = get_evidence(page_request, pk)
        body = json_object(request.data)
        answer_id = body.get("answer")
        if type(answer_id) is not int or answer_id < 1:
            raise WriteRefused(_("answer harus id jawaban (bilangan bulat)."), field="answer")
        level, item, note = body.get("level"), body.get("item"), body.get("note", "")
        if (level is None) == (item is None):
            raise WriteRefused(_("Kirim tepat satu dari level dan item."), field="level")
        if level is not None and type(level) is not int:
            raise WriteRefused(_("level harus bilangan bulat."), field="level")
        if item is not None and (not isinstance(item, str) or not item.strip()):
            raise WriteRefused(_("item harus kode butir."), field="item")
        if not isinstance(note, str):
            raise WriteRefused(_("note harus teks."), field="note")
        answer = get_linkable_answer(page_request, answer_id)
        with transaction.atomic():
            if request.headers.get("If-Match", "").strip():
                # Optional here: when sent, it is the answer's ETag, checked like a PATCH's.
                locked = Answer.objects.select_for_update(of=("self",)).get(pk=answer.pk)
                check_if_match(request, f'"{locked.version}"')
            link = self._link(request, answer, evidence, level, item, note)
        body = {
            "id": link.pk,
            "evidence": evidence.pk,
            "answer": answer.pk,
            "indicator": answer.indicator.code,
            "level": link.level,
            "item": link.item.code if link.item_id else None,
        }
        return Response(LinkCreated(body).data, status=201)

    @staticmethod
    def _link(request, answer, evidence, level, item, note):
        if item is not None:
            membership = request._request.membership
            try:
                return link_item_evidence(
                    answer, item.strip(), evidence, membership=membership, note=note
                )
            except Refusal as refusal:
                raise WriteRefused(refusal.message, field="item") from refusal
        try:
            return evidence_operations.link_evidence(
                answer, evidence, level=level, note=note, user=request.user
            )
        except Refusal as refusal:
            raise WriteRefused(refusal.message, field="level") from refusal


# ---- a new action (rencana aksi), as the coordinator's "Tambah rencana aksi" form -----------

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# The fields of the form (plans.forms.ActionForm), in its order, with the JSON type each takes.
ID_FIELDS = ("indicator", "cycle", "unit", "pic")
REQUIRED = ("indicator", "target_level", "start_date", "due_date")


def _form_value(name: str, value: Any) -> str | list[str]:
    """One JSON value as the form would have received it typed, refused by name if its type is
    not the field's (a number for an id, a "YYYY-MM-DD" text for a date, ...)."""
    if name in ID_FIELDS or name == "target_level":
        nullable = name not in ("indicator", "target_level")
        if value is None and nullable:
            return ""
        if type(value) is not int or value < (0 if name == "target_level" else 1):
            message = (
                _("target_level harus bilangan bulat.")
                if name == "target_level"
                else _("%(field)s harus id (bilangan bulat positif)%(null)s.")
                % {"field": name, "null": _(" atau null") if nullable else ""}
            )
            raise WriteRefused(message, field=name)
        return str(value)
    if name in ("start_date", "due_date"):
        valid = isinstance(value, str) and ISO_DATE.fullmatch(value)
        try:
            valid = valid and date.fromisoformat(value)
        except ValueError:
            valid = False
        if not valid:
            raise WriteRefused(
                _("%(field)s harus tanggal YYYY-MM-DD, mis. 2026-12-31.") % {"field": name},
                field=name,
            )
        return value
    if name == "budget":
        if value is None:
            return ""
        if type(value) is not int or value < 0:
            raise WriteRefused(
                _("budget harus bilangan bulat rupiah 0 atau lebih, atau null."), field="budget"
            )
        return str(value)
    if name == "status":
        if value not in ActionStatus.values:
            raise WriteRefused(
                _("status harus salah satu dari %(values)s.")
                % {"values": ", ".join(ActionStatus.values)},
                field="status",
            )
        return value
    if name == "progress":
        if type(value) is not int or not 0 <= value <= 100:
            raise WriteRefused(
                _("progress harus bilangan bulat 0 sampai 100 (persen)."), field="progress"
            )
        return str(value)
    if name == "notes":
        if not isinstance(value, str) or len(value) > NOTES_MAX:
            raise WriteRefused(
                _("notes harus teks paling panjang %(max)s karakter.") % {"max": NOTES_MAX},
                field="notes",
            )
        return value
    # evidence
    if not isinstance(value, list) or not all(type(pk) is int and pk > 0 for pk in value):
        raise WriteRefused(
            _("evidence harus daftar id data dukung (bilangan bulat positif)."), field="evidence"
        )
    return [str(pk) for pk in value]


def action_form(agency, body: Any) -> ActionForm:
    """The body through the page's own form (the agency's indicators, periods, units, people
    and documents only), checked; its first error, by field, is the refusal."""
    body = json_object(body)
    fields = ActionForm._meta.fields
    only_fields(body, set(fields))
    for name in REQUIRED:
        if body.get(name) is None:
            raise WriteRefused(_("%(field)s wajib diisi.") % {"field": name}, field=name)
    data = {"status": ActionStatus.PLANNED, "progress": "0"}
    for name, value in body.items():
        data[name] = _form_value(name, value)
    form = ActionForm(data, agency=agency)
    if not form.is_valid():
        name = next(name for name in (*fields, "__all__") if name in form.errors)
        raise WriteRefused(form.errors[name][0], field="body" if name == "__all__" else name)
    return form


ActionBody = inline_serializer(
    "ActionCreate",
    {
        "indicator": serializers.IntegerField(min_value=1, help_text="Indikator (id)"),
        "target_level": serializers.IntegerField(
            min_value=0, help_text="Tingkat sasaran, dalam skala indikatornya"
        ),
        "cycle": serializers.IntegerField(
            min_value=1, required=False, allow_null=True,
            help_text="Periode sasaran (id); indikatornya harus dari kerangka periode itu",
        ),
        "unit": serializers.IntegerField(
            min_value=1, required=False, allow_null=True,
            help_text="Perangkat Daerah pemilik (id, unit aktif instansi)",
        ),
        "pic": serializers.IntegerField(
            min_value=1, required=False, allow_null=True,
            help_text="Penanggung jawab (id pengguna, anggota aktif instansi)",
        ),
        "start_date": serializers.DateField(help_text="Mulai (YYYY-MM-DD)"),
        "due_date": serializers.DateField(help_text="Tenggat (YYYY-MM-DD), tidak sebelum mulai"),
        "budget": serializers.IntegerField(
            min_value=0, required=False, allow_null=True, help_text="Perkiraan anggaran (Rp)"
        ),
        "status": serializers.ChoiceField(
            choices=ActionStatus.values, required=False, help_text="Bawaan: planned"
        ),
        "progress": serializers.IntegerField(
            min_value=0, max_value=100, required=False, help_text="Bawaan: 0"
        ),
        "notes": serializers.CharField(required=False, allow_blank=True, max_length=NOTES_MAX),
        "evidence": serializers.ListField(
            child=serializers.IntegerField(min_value=1), required=False,
            help_text="Id data dukung pustaka instansi",
        ),
    },
)  # fmt: skip


class ActionList(collab_views.ActionList):
    """The agency's actions: GET the list; POST a new one (the coordinator)."""

    http_method_names = ["get", "head", "post"]

    @extend_schema(operation_id="actions_create", summary="Buat rencana aksi", description=(
        "Rencana aksi baru, dengan kolom dan aturan formulir Tambah rencana aksi: hanya "
        "koordinator (admin), token baca-tulis. Indikator, periode, unit, PIC dan data dukung "
        "harus milik instansi token; tingkat sasaran dalam skala indikatornya; tenggat tidak "
        "sebelum mulai. Jawaban 201 berisi aksinya, dengan header ETag (untuk If-Match pada "
        "PATCH /actions/{id}) dan Location."
    ), parameters=[etag_header(201, "rencana aksi baru"), OpenApiParameter(
        "Location", str, OpenApiParameter.HEADER, response=[201],
        description="Alamat aksi baru: /api/v1/actions/{id}",
    )], request=ActionBody, responses={
        201: collab_views.ActionSerializer,
        400: _refused("Isian salah; kolomnya disebut di error.field"),
        403: _refused("Token baca saja, atau peran ini tidak dapat membuat rencana aksi"),
        401: READ_ERRORS[401], 429: READ_ERRORS[429],
    })  # fmt: skip
    def post(self, request, *args, **kwargs):
        membership = request._request.membership
        if not can_manage_actions(membership):
            raise PermissionDenied(_("Hanya koordinator yang dapat membuat rencana aksi."))
        values = dict(action_form(membership.agency, request.data).cleaned_data)
        evidence = values.pop("evidence")
        action = plan_operations.create_action(
            membership.agency, membership=membership, evidence=evidence, **values
        )
        fresh = get_action(request._request, action.pk)
        response = Response(self.get_serializer(fresh).data, status=201)
        response["ETag"] = etag_of(fresh, ACTION_VERSION_FIELDS)
        response["Location"] = reverse("api:action", args=[fresh.pk])
        return response
