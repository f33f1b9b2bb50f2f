"""Read-only agency data over /api/v1 (issue 14 §2, first endpoints): frameworks and cycles.

The agency is the token's membership's, or, for a signed-in session, the membership the pages
act as (`request.membership`, set by the agencies middleware). Objects come through the same
chokepoints as the pages (`cycles_for`, `get_cycle`): another agency's id is a 404.
"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, pagination, serializers
from rest_framework.exceptions import MethodNotAllowed, PermissionDenied

from simpul.api import schema
from simpul.api.models import ApiToken
from simpul.cycles.access import cycles_for, get_cycle
from simpul.cycles.models import Cycle
from simpul.frameworks.models import Framework


class Pages(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    @property
    def invalid_page_message(self) -> str:
        return _("Halaman tidak ada.")

    def get_paginated_response_schema(self, schema: dict) -> dict:
        """DRF's, in OpenAPI 3.1 terms (null is a type, not "nullable")."""
        link = {"type": ["string", "null"], "format": "uri"}
        return {
            "type": "object",
            "required": ["count", "next", "previous", "results"],
            "properties": {
                "count": {"type": "integer", "minimum": 0},
                "next": {**link, "description": "Halaman berikutnya; null di halaman terakhir"},
                "previous": {**link, "description": "Halaman sebelumnya; null di halaman 1"},
                "results": schema,
            },
        }


def _refused(description: str) -> OpenApiResponse:
    return OpenApiResponse(response=schema.Error, description=description)


READ_ERRORS = {
    401: _refused("Belum masuk, atau token tidak sah, kedaluwarsa atau dicabut"),
    403: _refused("Tidak bertindak untuk instansi, atau peran ini tidak dapat membaca periode"),
    404: _refused("Tidak ada (atau milik instansi lain), atau halaman tidak ada"),
    429: _refused("Terlalu banyak permintaan (API_RATE); lihat header Retry-After"),
}


class ReadView(generics.GenericAPIView):
    """GET only (405 before any sign-in check), paginated lists."""

    http_method_names = ["get", "head"]
    pagination_class = Pages

    def initial(self, request, *args, **kwargs):
        if request.method.lower() not in self.http_method_names:
            raise MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)


class AgencyReadView(ReadView):
    """Acts for one membership: the token's, or the session's current one.

    The membership must hold `capability` (simpul/agencies/capabilities.py). `roles`, a role
    list, is the older spelling, kept for one release: a subclass that sets it is checked
    against it instead.
    """

    capability = "cycle.read"
    roles = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        token = request.auth
        membership = (
            token.membership
            if isinstance(token, ApiToken)
            else getattr(request._request, "membership", None)
        )
        if membership is None:
            raise PermissionDenied(_("Anda tidak bertindak untuk instansi mana pun."))
        if self.roles is not None:
            permitted = membership.role in self.roles
        else:
            permitted = membership.can(self.capability)
        if not permitted:
            raise PermissionDenied(_("Peran Anda tidak dapat membaca data ini."))
        # The pages' chokepoints read request.membership: give them the token's.
        request._request.membership = membership


class FrameworkSerializer(serializers.ModelSerializer):
    class Meta:
        model = Framework
        fields = [
            "code",
            "name",
            "status",
            "notice",
            "superseded_by",
            "level_min",
            "level_max",
            "weight_total",
            "display_decimals",
        ]


class CycleSerializer(serializers.ModelSerializer):
    framework = serializers.SlugRelatedField(slug_field="code", read_only=True)
    previous = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Cycle
        fields = ["id", "year", "framework", "stage", "include_visit", "previous", "created_at"]


class FrameworkList(ReadView, generics.ListAPIView):
    """The framework versions (a catalogue shared by every agency)."""

    serializer_class = FrameworkSerializer

    def get_queryset(self):
        return Framework.objects.defer("document", "scales").order_by("status", "code")

    @extend_schema(operation_id="frameworks_list", summary="Versi kerangka", description=(
        "Katalog versi kerangka yang dimuat (sama untuk setiap instansi), per halaman."
    ), responses={
        200: FrameworkSerializer, **READ_ERRORS,
    })  # fmt: skip
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class CycleList(AgencyReadView, generics.ListAPIView):
    """The agency's evaluation periods, newest first."""

    serializer_class = CycleSerializer

    def get_queryset(self):
        return (
            cycles_for(self.request)
            .select_related("framework")
            .only("id", "year", "framework__code", "stage", "include_visit", "previous_id",
                  "created_at")
            .order_by("-year", "-pk")
        )  # fmt: skip

    @extend_schema(operation_id="cycles_list", summary="Periode evaluasi instansi", description=(
        "Periode evaluasi instansi token (atau instansi sesi), terbaru dahulu, per halaman."
    ), responses={
        200: CycleSerializer, **READ_ERRORS,
    })  # fmt: skip
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class CycleDetail(AgencyReadView, generics.RetrieveAPIView):
    """One period of the agency; another agency's id is a 404."""

    serializer_class = CycleSerializer
    pagination_class = None

    @extend_schema(operation_id="cycles_retrieve", summary="Satu periode evaluasi", description=(
        "Satu periode instansi; id periode instansi lain menjawab 404."
    ), responses={
        200: CycleSerializer, **READ_ERRORS,
    })  # fmt: skip
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_object(self) -> Cycle:
        return get_cycle(self.request._request, self.kwargs["pk"])
