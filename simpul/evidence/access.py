"""Who may reach which evidence objects: the access chokepoint of the evidence app.

Views and the API fetch documents, the answers they are linked to and upload sessions only
through these helpers, which filter by the current agency (and, for upload sessions, by the
person) first: anything else is a 404. Linking also needs the right to edit the answer now.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from simpul.core.params import positive_id
from simpul.cycles.access import can_edit
from simpul.cycles.models import Answer
from simpul.cycles.operations import EDITABLE

from .models import Evidence, EvidenceLink, EvidenceRevision, UploadSession


def get_evidence(request: HttpRequest, pk: int) -> Evidence:
    documents = Evidence.objects.for_agency(request.membership.agency)
    return get_object_or_404(
        documents.select_related("issuing_unit", "current_revision", "created_by"), pk=pk
    )


def get_linkable_answer(request: HttpRequest, pk: int | str | None) -> Answer:
    """An answer of the agency that the current person may attach evidence to now.

    The same rule as the answer page: who may edit the answer (cycles.access.can_edit), and
    only while the self-assessment is open and the answer is a draft or sent back.
    """
    if not positive_id(pk):
        raise Http404
    answers = Answer.objects.for_agency(request.membership.agency)
    answer = get_object_or_404(answers.select_related("indicator__framework", "cycle"), pk=pk)
    if not can_edit(request.membership, answer):
        raise PermissionDenied
    if not answer.cycle.self_assessment_open or answer.status not in EDITABLE:
        raise PermissionDenied(
            _("Data dukung hanya dapat diubah selama jawaban masih draf atau perlu perbaikan.")
        )
    return answer


def get_upload_session(request: HttpRequest, pk: int | str | None) -> UploadSession:
    """One of the current person's own sessions in the current agency; anyone else's is a 404."""
    if not positive_id(pk):
        raise Http404
    return get_object_or_404(UploadSession.objects.of(request.membership), pk=pk)


def get_link(request: HttpRequest, pk: int) -> EvidenceLink:
    links = EvidenceLink.objects.for_agency(request.membership.agency)
    return get_object_or_404(links.select_related("evidence"), pk=pk)


def get_revision(request: HttpRequest, pk: int) -> EvidenceRevision:
    revisions = EvidenceRevision.objects.for_agency(request.membership.agency)
    return get_object_or_404(revisions.defer("text"), pk=pk)
