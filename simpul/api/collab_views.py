"""Read-only collaboration data over /api/v1 (issue 14 §2): rencana aksi, meetings, the forum.

Each endpoint reads through the chokepoint of its pages, with the pages' roles: actions through
`simpul.plans.access` (a respondent sees only the actions of their unit or in their charge),
meetings through `simpul.meetings.views.get_meeting` (a partner only the meetings they are
invited to, minutes only as the meeting page shows them), threads through
`simpul.forum.queries.threads_for` (pending and hidden content only for moderators). Another
agency's id is a 404, as on the pages.
"""

from typing import Any

from django.db.models import Count, Prefetch, prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers

from simpul.agencies.models import Helix, Role
from simpul.api.data_views import READ_ERRORS, AgencyReadView, _refused
from simpul.core.errors import Refusal
from simpul.core.params import positive_id
from simpul.forum.access import threads_for
from simpul.forum.models import THREAD_KINDS, PostKind, PostState, ThreadStatus
from simpul.forum.operations import can_moderate
from simpul.meetings.access import get_meeting, may_read_minutes
from simpul.meetings.models import (
    AgendaItem,
    CheckInMethod,
    Decision,
    Meeting,
    MeetingKind,
    MinutesStatus,
)
from simpul.plans.access import actions_for, get_action
from simpul.plans.models import ACTION_READERS, OPEN_STATUSES, ActionSource, ActionStatus

EVERY_ROLE = tuple(Role.values)  # the meeting and forum pages: any membership


class FilterRefused(Refusal):
    """A query parameter the endpoint cannot read: 400, naming the parameter."""


LIST_ERRORS = {
    400: _refused("Parameter penyaring tidak sah (field menyebut parameternya)"),
    **READ_ERRORS,
}


def choice(values, **kwargs: Any) -> serializers.Field:
    """A read-only text field whose schema is the enum of `values` (named by
    SPECTACULAR_SETTINGS' ENUM_NAME_OVERRIDES where two apps share a field name)."""
    schema = {"type": "string", "enum": [str(value) for value in values]}
    field_class = extend_schema_field(schema)(type("Choice", (serializers.CharField,), {}))
    return field_class(read_only=True, **kwargs)


def one_of(request, name: str, values) -> str | None:
    """The query parameter `name` if given; one of `values`, or a 400 naming it."""
    value = request.query_params.get(name)
    if value is None or value == "":
        return None
    if value not in values:
        raise FilterRefused(
            _("Nilai “%(value)s” tidak dikenal; pilih salah satu: %(values)s.")
            % {"value": value[:40], "values": ", ".join(values)},
            field=name,
        )
    return value


def an_id(request, name: str) -> int | None:
    value = request.query_params.get(name)
    if value is None or value == "":
        return None
    if not positive_id(value):
        raise FilterRefused(_("Harus berupa id (bilangan bulat positif)."), field=name)
    return positive_id(value)


def _param(name: str, description: str, type_=OpenApiTypes.STR, enum=None) -> OpenApiParameter:
    return OpenApiParameter(name, type_, OpenApiParameter.QUERY, description=description, enum=enum)


# ---- serializers ------------------------------------------------------------------------------


class IndicatorRef(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    code = serializers.CharField(read_only=True)
    number = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


class UnitRef(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    short_name = serializers.CharField(read_only=True)


class ActionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    indicator = IndicatorRef(read_only=True)
    framework = serializers.CharField(source="indicator.framework.code", read_only=True)
    cycle = serializers.IntegerField(
        source="cycle_id", read_only=True, allow_null=True, help_text="Periode sasaran (id)"
    )
    target_level = serializers.IntegerField(read_only=True)
    items = serializers.ListField(child=serializers.CharField(), read_only=True)
    unit = UnitRef(read_only=True, allow_null=True, help_text="Perangkat Daerah pemilik")
    pic = serializers.CharField(
        source="pic.display_name", read_only=True, allow_null=True,
        help_text="Penanggung jawab (PIC)",
    )  # fmt: skip
    start_date = serializers.DateField(read_only=True)
    due_date = serializers.DateField(read_only=True)
    status = choice(ActionStatus.values)
    progress = serializers.IntegerField(read_only=True, help_text="Kemajuan (%), 0 sampai 100")
    overdue = serializers.SerializerMethodField(
        help_text="Masih rencana atau berjalan, dan tenggatnya sebelum hari ini"
    )
    budget = serializers.DecimalField(
        max_digits=15, decimal_places=0, read_only=True, allow_null=True,
        help_text="Perkiraan anggaran (Rp)",
    )  # fmt: skip
    notes = serializers.CharField(read_only=True)
    source = choice(ActionSource.values)
    completed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    updated_at = serializers.DateTimeField(read_only=True)

    def get_overdue(self, action) -> bool:
        return action.is_overdue(self.context["today"])


class AgendaDecision(serializers.Serializer):
    text = serializers.CharField(read_only=True)
    unit = serializers.CharField(source="unit.name", read_only=True, allow_null=True)
    due_date = serializers.DateField(read_only=True, allow_null=True)
    action = serializers.IntegerField(
        source="action_id", read_only=True, allow_null=True, help_text="Rencana aksi (id)"
    )


class AgendaItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    position = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    indicator = serializers.CharField(source="indicator.code", read_only=True, allow_null=True)
    thread = serializers.IntegerField(
        source="thread_id", read_only=True, allow_null=True, help_text="Utas forum (id)"
    )
    minutes = serializers.SerializerMethodField(
        help_text="Notulen mata acara; null bila notulen belum boleh dibaca peran ini"
    )
    decisions = serializers.SerializerMethodField(
        help_text="Keputusan; kosong bila notulen belum boleh dibaca peran ini"
    )

    def get_minutes(self, item) -> str | None:
        return item.minutes if self.context["show_minutes"] else None

    @extend_schema_field(AgendaDecision(many=True))
    def get_decisions(self, item) -> list:
        if not self.context["show_minutes"]:
            return []
        return AgendaDecision(item.decisions.all(), many=True).data


class AttendanceSerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True)
    organisation = serializers.CharField(read_only=True)
    helix = choice(Helix.values)
    method = choice(CheckInMethod.values)
    checked_in_at = serializers.DateTimeField(read_only=True)


class MeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    kind = choice(MeetingKind.values)
    starts_at = serializers.DateTimeField(read_only=True)
    ends_at = serializers.DateTimeField(read_only=True)
    place = serializers.CharField(read_only=True)
    online_link = serializers.CharField(read_only=True)
    chair = serializers.CharField(
        source="chair.user.display_name", read_only=True, allow_null=True,
        help_text="Pimpinan rapat",
    )  # fmt: skip
    series = serializers.IntegerField(source="series_id", read_only=True, allow_null=True)
    minutes_status = choice(MinutesStatus.values)
    published_at = serializers.DateTimeField(read_only=True, allow_null=True)
    attendance_count = serializers.IntegerField(read_only=True)


class MeetingDetailSerializer(MeetingSerializer):
    summary = serializers.SerializerMethodField(
        help_text="Ringkasan notulen; null bila notulen belum boleh dibaca peran ini"
    )
    agenda = AgendaItemSerializer(many=True, read_only=True)
    attendance = AttendanceSerializer(many=True, read_only=True, help_text="Daftar hadir")

    def get_summary(self, meeting) -> str | None:
        return meeting.summary if self.context["show_minutes"] else None


class ThreadSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    kind = choice([value for value, _label in THREAD_KINDS])
    status = choice(ThreadStatus.values)
    state = choice(
        PostState.values,
        source="opening_state",
        help_text="Status moderasi tulisan pembuka (selain tampil: hanya untuk moderator)",
    )
    indicator = IndicatorRef(read_only=True, allow_null=True)
    group = serializers.CharField(
        source="group.code", read_only=True, allow_null=True, help_text="Aspek/domain (kode)"
    )
    cycle_year = serializers.IntegerField(
        source="cycle.year", read_only=True, allow_null=True, help_text="Tahun periode"
    )
    post_count = serializers.IntegerField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    last_activity_at = serializers.DateTimeField(read_only=True)
    closed_at = serializers.DateTimeField(read_only=True, allow_null=True)


class AttachmentRef(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="original_name", read_only=True)
    size = serializers.IntegerField(read_only=True)
    content_type = serializers.CharField(read_only=True)


class PostSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    parent = serializers.IntegerField(source="parent_id", read_only=True, allow_null=True)
    author = serializers.CharField(source="author_name", read_only=True)
    kind = choice(PostKind.values)
    body = serializers.CharField(read_only=True, help_text="Isi (Markdown)")
    commitment_what = serializers.CharField(read_only=True)
    commitment_by = serializers.CharField(read_only=True)
    commitment_due = serializers.DateField(read_only=True, allow_null=True)
    state = choice(PostState.values, help_text="Selain tampil: hanya untuk moderator")
    moderation_reason = serializers.SerializerMethodField(
        help_text="Alasan moderasi; null bagi yang bukan moderator"
    )
    action = serializers.IntegerField(
        source="action_id", read_only=True, allow_null=True, help_text="Rencana aksi (id)"
    )
    endorsement_count = serializers.IntegerField(read_only=True)
    attachments = AttachmentRef(many=True, read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    edited_at = serializers.DateTimeField(read_only=True, allow_null=True)

    def get_moderation_reason(self, post) -> str | None:
        return post.moderation_reason if self.context["moderator"] else None


class ThreadDetailSerializer(ThreadSerializer):
    summary = serializers.CharField(read_only=True, help_text="Ringkasan penutupan")
    published_summary = serializers.CharField(
        read_only=True, help_text="Ringkasan penilaian yang dipublikasikan"
    )
    posts = serializers.SerializerMethodField(help_text="Tulisan, terlama dahulu")

    @extend_schema_field(PostSerializer(many=True))
    def get_posts(self, thread) -> list:
        return PostSerializer(thread.shown_posts, many=True, context=self.context).data


# ---- actions -----------------------------------------------------------------------------------

ACTION_ORDERINGS = {
    "due_date": ("due_date", "indicator__number", "pk"),
    "-due_date": ("-due_date", "indicator__number", "pk"),
}


TRUE_FALSE = ["true", "false"]


class ActionRead(AgencyReadView):
    roles = ACTION_READERS
    serializer_class = ActionSerializer

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), "today": timezone.localdate()}


class ActionList(ActionRead, generics.ListAPIView):
    """The agency's rencana aksi as the plan pages list them, filtered, by due date."""

    def get_queryset(self):
        request = self.request
        rows = actions_for(request._request)
        if status := one_of(request, "status", ActionStatus.values):
            rows = rows.filter(status=status)
        overdue = one_of(request, "overdue", TRUE_FALSE)
        today = timezone.localdate()
        if overdue == "true":
            rows = rows.overdue(today)
        elif overdue == "false":
            rows = rows.exclude(status__in=OPEN_STATUSES, due_date__lt=today)
        if indicator := an_id(request, "indicator"):
            rows = rows.filter(indicator_id=indicator)
        if unit := an_id(request, "unit"):
            rows = rows.filter(unit_id=unit)
        ordering = one_of(request, "ordering", list(ACTION_ORDERINGS)) or "due_date"
        return rows.order_by(*ACTION_ORDERINGS[ordering])

    @extend_schema(operation_id="actions_list", summary="Rencana aksi instansi", description=(
        "Rencana aksi instansi token, seperti halaman rencana aksi: koordinator, asesor internal "
        "dan pimpinan melihat semuanya, responden hanya milik unitnya atau yang ia tangani. "
        "Urut tenggat (terdekat dahulu), per halaman. overdue=true: lewat tenggat (masih "
        "rencana atau berjalan, tenggatnya sebelum hari ini)."
    ), parameters=[
        _param("status", "Hanya berstatus ini", enum=ActionStatus.values),
        _param("overdue", "true: hanya yang lewat tenggat; false: selainnya", enum=TRUE_FALSE),
        _param("indicator", "Hanya untuk indikator ini (id)", OpenApiTypes.INT),
        _param("unit", "Hanya milik unit (Perangkat Daerah) ini (id)", OpenApiTypes.INT),
        _param("ordering", "Urutan menurut tenggat (bawaan due_date)", enum=[*ACTION_ORDERINGS]),
    ], responses={
        200: ActionSerializer, **LIST_ERRORS,
    })  # fmt: skip
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ActionDetail(ActionRead, generics.RetrieveAPIView):
    pagination_class = None

    @extend_schema(operation_id="actions_retrieve", summary="Satu rencana aksi", description=(
        "Satu rencana aksi yang boleh dilihat token; milik instansi lain (atau, bagi responden, "
        "milik unit lain) menjawab 404."
    ), responses={
        200: ActionSerializer, **READ_ERRORS,
    })  # fmt: skip
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_object(self):
        return get_action(self.request._request, self.kwargs["pk"])


# ---- meetings ----------------------------------------------------------------------------------


class MeetingList(AgencyReadView, generics.ListAPIView):
    """The meetings the meeting list shows: the agency's; a partner's, only those inviting them."""

    roles = EVERY_ROLE
    serializer_class = MeetingSerializer

    def get_queryset(self):
        return (
            Meeting.objects.for_membership(self.request._request.membership)
            .select_related("chair__user")
            .annotate(attendance_count=Count("attendance"))
            .order_by("-starts_at", "-pk")
        )

    @extend_schema(operation_id="meetings_list", summary="Rapat koordinasi", description=(
        "Rapat instansi token, terbaru dahulu, per halaman; mitra hanya rapat yang mengundangnya."
        " Agenda, notulen dan daftar hadir ada di /meetings/{id}."
    ), responses={
        200: MeetingSerializer, **READ_ERRORS,
    })  # fmt: skip
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class MeetingDetail(AgencyReadView, generics.RetrieveAPIView):
    roles = EVERY_ROLE
    serializer_class = MeetingDetailSerializer
    pagination_class = None

    @extend_schema(operation_id="meetings_retrieve", summary="Satu rapat", description=(
        "Satu rapat dengan agenda, notulen dan keputusan (bila halaman rapat menampilkannya: "
        "mitra hanya notulen yang terbit, atau yang sedang ditinjau bila ia hadir) dan daftar "
        "hadir. Rapat instansi lain, atau yang tidak mengundang mitra itu, menjawab 404."
    ), responses={
        200: MeetingDetailSerializer, **READ_ERRORS,
    })  # fmt: skip
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_object(self) -> Meeting:
        request = self.request._request
        meeting = get_meeting(request, self.kwargs["pk"])
        agenda = AgendaItem.objects.select_related("indicator").prefetch_related(
            Prefetch("decisions", Decision.objects.select_related("unit"))
        )
        prefetch_related_objects([meeting], Prefetch("agenda", agenda), "attendance")
        meeting.attendance_count = len(meeting.attendance.all())
        self.show_minutes = may_read_minutes(request.membership, meeting)
        return meeting

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), "show_minutes": self.show_minutes}


# ---- forum -------------------------------------------------------------------------------------

THREAD_KIND_VALUES = [value for value, _label in THREAD_KINDS]


class ThreadRead(AgencyReadView):
    roles = EVERY_ROLE

    def threads(self):
        return (
            threads_for(self.request._request.membership)
            .select_related("indicator", "group", "cycle")
            .defer("cycle__self_assessment_snapshot")
        )

    def get_serializer_context(self) -> dict:
        moderator = can_moderate(self.request._request.membership)
        return {**super().get_serializer_context(), "moderator": moderator}


class ThreadList(ThreadRead, generics.ListAPIView):
    """The forum's threads as its index lists them (moderators also see pending ones)."""

    serializer_class = ThreadSerializer

    def get_queryset(self):
        threads, request = self.threads(), self.request
        if kind := one_of(request, "kind", THREAD_KIND_VALUES):
            threads = threads.filter(kind=kind)
        if status := one_of(request, "status", ThreadStatus.values):
            threads = threads.filter(status=status)
        if indicator := an_id(request, "indicator"):
            threads = threads.filter(indicator_id=indicator)
        return threads.order_by("-last_activity_at", "-pk")

    @extend_schema(operation_id="forum_threads_list", summary="Utas forum", description=(
        "Utas Forum Kolaborasi instansi token, aktivitas terbaru dahulu, per halaman, seperti "
        "halaman forum: utas yang menunggu moderasi atau disembunyikan hanya untuk moderator "
        "(koordinator). Mitra melihat yang ditampilkan forum kepadanya."
    ), parameters=[
        _param("kind", "Hanya jenis ini", enum=THREAD_KIND_VALUES),
        _param("status", "Hanya berstatus ini", enum=ThreadStatus.values),
        _param("indicator", "Hanya tentang indikator ini (id)", OpenApiTypes.INT),
    ], responses={
        200: ThreadSerializer, **LIST_ERRORS,
    })  # fmt: skip
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ThreadDetail(ThreadRead, generics.RetrieveAPIView):
    serializer_class = ThreadDetailSerializer
    pagination_class = None

    @extend_schema(operation_id="forum_threads_retrieve", summary="Satu utas dengan tulisannya",
    description=(
        "Satu utas dan tulisannya, terlama dahulu; tulisan yang menunggu moderasi atau "
        "disembunyikan hanya untuk moderator. Utas instansi lain, atau yang tidak ditampilkan "
        "kepada peran ini, menjawab 404."
    ), responses={
        200: ThreadDetailSerializer, **READ_ERRORS,
    })  # fmt: skip
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_object(self):
        membership = self.request._request.membership
        thread = get_object_or_404(self.threads(), pk=self.kwargs["pk"])
        posts = thread.posts.select_related("author").prefetch_related("attachments")
        if not can_moderate(membership):
            posts = posts.visible()
        thread.shown_posts = list(posts.order_by("created_at", "pk"))
        return thread
