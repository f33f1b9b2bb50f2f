"""The two imports over /api/v1 (issue 14 §2 Write): the official results of a period and the
national portal's item verdicts, as the coordinator's import pages do them.

Each takes the same multipart upload as its page (the file in `file`), checked by the page's
own form (`OfficialResultsForm`, `ItemVerdictImportForm`: size, stage) and read by the same
operation (`cycles.results.read_official_results` with `cycles.operations.import_official_results`,
`cycles.item_import.import_item_verdicts`), all or nothing. The file's problems come back as one
400 naming `file`, every problem on its own line with its line number, exactly as the page lists
them; a refusal for the period's state (not at the final stage) is a 409. The answer is a JSON
summary of what was stored.
"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from simpul.api.assessment_views import CYCLE_ID
from simpul.api.data_views import READ_ERRORS, AgencyReadView, _refused
from simpul.api.write_views import WriteRefused
from simpul.cycles import operations as cycle_operations
from simpul.cycles.access import get_cycle
from simpul.cycles.forms import OfficialResultsForm
from simpul.cycles.item_import import ItemImportError, import_item_verdicts
from simpul.cycles.item_views import ItemVerdictImportForm
from simpul.cycles.models import EXTERNAL_REVIEW_STAGES, ItemVerdict
from simpul.cycles.results import OfficialResultsError, read_official_results


class StateRefused(WriteRefused):
    status_code = 409


def _checked_form(request, form_class):
    """The page's form over the multipart body; its first error, by field, is the refusal."""
    page_request = request._request
    if "file" not in page_request.FILES:
        raise WriteRefused(
            _("Kirim berkas CSV atau XLSX di kolom file (multipart/form-data)."), field="file"
        )
    form = form_class(page_request.POST, page_request.FILES)
    if not form.is_valid():
        name = next(iter(form.errors))
        raise WriteRefused(form.errors[name][0], field="body" if name == "__all__" else name)
    return form


def _cycle_to_manage(request, pk: int):
    """The period (another agency's: 404), for a membership that may import into it."""
    cycle = get_cycle(request._request, pk)
    if not request._request.membership.can("cycle.manage"):
        raise PermissionDenied(_("Hanya koordinator (admin) instansi yang dapat mengimpor."))
    return cycle


IMPORT_ERRORS = {
    403: _refused("Token baca saja, atau peran ini bukan koordinator"),
    404: _refused("Periode tidak ada, atau milik instansi lain"),
    401: READ_ERRORS[401],
    429: READ_ERRORS[429],
}


class OfficialImported(serializers.Serializer):
    given = serializers.IntegerField(help_text="Indikator yang ada di berkas")
    changed = serializers.IntegerField(help_text="Indikator yang tingkat akhirnya berubah")
    missing = serializers.ListField(
        child=serializers.CharField(), help_text="Kode indikator periode yang tidak ada di berkas"
    )


OfficialBody = inline_serializer(
    "OfficialResultsImport",
    {
        "file": serializers.FileField(
            help_text="CSV atau XLSX, dua kolom: indicator (nomor atau kode) dan level"
        )
    },
)


class OfficialResultsImport(AgencyReadView):
    """The official (final) level of each indicator from the national results file."""

    http_method_names = ["post"]

    @extend_schema(operation_id="cycle_official_results_import", summary="Impor hasil resmi",
        description=(
            "Berkas hasil resmi (CSV atau XLSX, kolom indicator dan level), seperti halaman "
            "Impor hasil resmi: koordinator, token baca-tulis, pada tahap Hasil Akhir. Semua "
            "baris diperiksa dulu; masalahnya (dengan nomor baris, satu per baris pesan) "
            "menjawab 400 dengan error.field file, dan tidak ada yang tersimpan."
        ), parameters=[CYCLE_ID], request={"multipart/form-data": OfficialBody}, responses={
            200: OfficialImported,
            400: _refused("Berkas salah; setiap masalah dengan nomor barisnya di error.message"),
            409: _refused("Periode belum pada tahap Hasil Akhir"),
            **IMPORT_ERRORS,
        })  # fmt: skip
    def post(self, request, pk: int, *args, **kwargs):
        cycle = _cycle_to_manage(request, pk)
        form = _checked_form(request, OfficialResultsForm)
        try:
            levels = read_official_results(form.cleaned_data["file"].read(), cycle.framework.spec())
        except OfficialResultsError as error:
            raise WriteRefused(error.message, field="file") from error
        try:
            outcome = cycle_operations.import_official_results(cycle, levels, user=request.user)
        except cycle_operations.ActionError as error:
            raise StateRefused(error.message, field="stage") from error
        body = {"given": outcome.given, "changed": outcome.changed, "missing": outcome.missing}
        return Response(OfficialImported(body).data)


class VerdictsImported(serializers.Serializer):
    stage = serializers.CharField()
    stored = serializers.IntegerField(help_text="Putusan yang disimpan")
    automatic = serializers.IntegerField(
        help_text="Baris “otomatis ditolak” (diturunkan Simpul, diperiksa, tidak disimpan)"
    )
    by_verdict = serializers.DictField(
        child=serializers.IntegerField(), help_text="Jumlah per putusan (kunci: nilai verdict)"
    )


VerdictsBody = inline_serializer(
    "ItemVerdictsImport",
    {
        "stage": serializers.ChoiceField(
            choices=[stage.value for stage in EXTERNAL_REVIEW_STAGES],
            help_text="Tahap penilaian eksternal yang putusannya diimpor",
        ),
        "file": serializers.FileField(
            help_text="Ekspor portal (CSV atau XLSX): kode butir, putusan, catatan"
        ),
    },
)


class ItemVerdictsImport(AgencyReadView):
    """The national portal's item verdicts of one external stage."""

    http_method_names = ["post"]

    @extend_schema(operation_id="cycle_item_verdicts_import", summary="Impor putusan butir",
        description=(
            "Ekspor putusan butir portal evaluasi nasional (CSV atau XLSX: kode butir, putusan, "
            "catatan) sebagai putusan asesor eksternal pada satu tahap, seperti halaman Impor "
            "putusan butir: koordinator, token baca-tulis. Semua atau tidak sama sekali: "
            "masalah berkas (dengan nomor baris) menjawab 400 dengan error.field file."
        ), parameters=[CYCLE_ID], request={"multipart/form-data": VerdictsBody}, responses={
            200: VerdictsImported,
            400: _refused("Tahap atau berkas salah; kolomnya disebut di error.field"),
            **IMPORT_ERRORS,
        })  # fmt: skip
    def post(self, request, pk: int, *args, **kwargs):
        cycle = _cycle_to_manage(request, pk)
        form = _checked_form(request, ItemVerdictImportForm)
        stage = form.cleaned_data["stage"]
        try:
            outcome = import_item_verdicts(
                cycle,
                form.cleaned_data["file"].read(),
                stage=stage,
                membership=request._request.membership,
            )
        except ItemImportError as error:
            raise WriteRefused(error.message, field="file") from error
        except cycle_operations.ActionError as error:
            raise StateRefused(error.message, field="stage") from error
        by_verdict = {value: outcome.by_verdict.get(value, 0) for value in ItemVerdict.values}
        body = {
            "stage": stage,
            "stored": outcome.stored,
            "automatic": outcome.automatic,
            "by_verdict": by_verdict,
        }
        return Response(VerdictsImported(body).data)
