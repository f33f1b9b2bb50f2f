"""The evidence library pages. Every object is fetched through the current agency: another
agency's document, revision, link or cycle is a 404. Files leave only through `download`."""

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from simpul.agencies.access import admin_required, capability_required
from simpul.core.choices import moved_query
from simpul.core.decorators import refusal_into, refusal_message
from simpul.core.errors import Refusal
from simpul.core.params import positive_id
from simpul.core.versions import add_version_field, current_or_conflict, model_version
from simpul.cycles.access import get_cycle
from simpul.cycles.models import Answer

from . import operations, resumable, search
from .access import get_evidence, get_link, get_linkable_answer, get_revision, get_upload_session
from .files import atomic_with_files, sanitise_filename, too_large_reason
from .forms import (
    LinkDetailsForm,
    LinkForm,
    LinkToAnswerForm,
    MetadataForm,
    RevisionForm,
    UploadForm,
)
from .models import (
    DocumentType,
    Evidence,
    EvidenceRevision,
    ExtractionStatus,
    UploadSession,
)
from .package import build_package, package_name
from .storage import evidence_storage
from .uploads import body_complete, limit_upload_size, upload_problem

PAGE_SIZE = 25


def answer_url(answer: Answer) -> str | None:
    """The page of the answer in the cycles app, or None where it does not exist."""
    for args in ([answer.cycle_id, answer.indicator.code], [answer.pk]):
        try:
            return reverse("cycles:answer", args=args)
        except NoReverseMatch:
            continue
    return None


def _changeable(request: HttpRequest, evidence: Evidence) -> Evidence:
    if not evidence.may_be_changed_by(request.membership):
        raise PermissionDenied
    return evidence


# --- library ------------------------------------------------------------------------------


@capability_required("evidence.read")
@vary_on_headers("HX-Request")
def evidence_list(request: HttpRequest) -> HttpResponse:
    if moved := moved_query(request, jenis=DocumentType):
        return moved
    query = request.GET.get("q", "").strip()[:200]
    document_type = request.GET.get("jenis", "")
    documents = Evidence.objects.for_agency(request.membership.agency)
    if document_type in DocumentType.values:
        documents = documents.filter(document_type=document_type)
    shown = (
        documents.select_related("current_revision", "issuing_unit")
        .defer("current_revision__text")
        .with_use_count()
    )
    if query:
        # Counted and ranked by ids in one query, then only the page's rows loaded
        # (see search.RankedResults).
        number = positive_id(request.GET.get("halaman")) or 1
        expected = slice((number - 1) * PAGE_SIZE, number * PAGE_SIZE)
        documents = search.RankedResults(documents, query, rows=shown, expected=expected)
    else:
        documents = shown.order_by("-created_at", "-pk")
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("halaman"))
    context = {
        "page": page,
        "query": query,
        "document_type": document_type,
        "document_types": DocumentType.choices,
        "can_add": request.membership.can("evidence.write"),
    }
    template = "evidence/list.html"
    if request.headers.get("HX-Request"):
        template += "#results"
    return render(request, template, context)


@capability_required("evidence.read")
@vary_on_headers("HX-Request")
def evidence_detail(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_evidence(request, pk)
    if request.headers.get("HX-Request"):
        return render(request, "evidence/detail.html#extraction", {"evidence": evidence})
    return render(request, "evidence/detail.html", _detail_context(request, evidence))


def _detail_context(request: HttpRequest, evidence: Evidence, **extra) -> dict:
    links = list(
        evidence.links.select_related("answer__cycle", "answer__indicator", "created_by").order_by(
            "-answer__cycle__year", "answer__indicator__number", "level"
        )
    )
    for link in links:
        link.answer_url = answer_url(link.answer)
    return {
        "evidence": evidence,
        "revisions": evidence.revisions.select_related("uploaded_by").defer("text"),
        "links": links,
        "can_change": evidence.may_be_changed_by(request.membership),
        "revision_form": extra.pop("revision_form", None) or RevisionForm(),
        "ExtractionStatus": ExtractionStatus,
        **extra,
    }


# --- adding documents -----------------------------------------------------------------------


@csrf_exempt
@capability_required("evidence.write")
def upload(request: HttpRequest) -> HttpResponse:
    # The size limit handler must be in place before the body is read, hence the CSRF check
    # happens inside, once it is (the pattern Django documents for custom upload handlers).
    limit_upload_size(request)
    return _upload(request)


@csrf_protect
def _upload(request: HttpRequest) -> HttpResponse:
    agency = request.membership.agency
    target = _link_target(request)
    session = _sent_session(request)
    if session is not None and session.evidence_id:
        # The final request of a resumable upload, repeated: the document already exists.
        return _for_script(request, _after_repeat(session, target))
    details = _details_form(request, target)

    def store(form: UploadForm) -> tuple[Evidence, HttpResponse]:
        # Stored and linked together: a refused link leaves neither the document nor its file.
        with atomic_with_files():
            evidence = operations.upload_evidence(
                agency, form.cleaned_data["file"], **form.metadata(), user=request.user
            )
            linked = _link_or_refuse(request, evidence, target, _details(details))
        messages.success(request, _("“%(title)s” diunggah.") % {"title": evidence.title})
        return evidence, _after_adding(request, evidence, linked)

    received = _receive_file(
        request,
        session,
        lambda files: UploadForm(request.POST or None, files or None, agency=agency),
        store,
        also_valid=lambda: _valid(details),
    )
    if received.response is not None:
        return received.response
    context = {
        "form": received.form,
        "details": details,
        "target": target,
        "duplicate": received.duplicate,
        "upload_session": received.session,
    }
    return render(request, "evidence/upload.html", context, status=400 if session else 200)


@dataclass
class _Received:
    """What became of a file sent to the library: the response to send when it was saved,
    else the form to show again (with its errors), the document it repeats, if any, and the
    received file the form may be sent again with."""

    form: UploadForm | RevisionForm
    response: HttpResponse | None = None
    duplicate: Evidence | None = None
    session: UploadSession | None = None


def _receive_file(
    request: HttpRequest,
    session: UploadSession | None,
    make_form: Callable[[dict], UploadForm | RevisionForm],
    store: Callable[[UploadForm | RevisionForm], tuple[Evidence, HttpResponse]],
    *,
    also_valid: Callable[[], bool] = lambda: True,
) -> _Received:
    """The one path of a file sent to the library, as a new document or a new revision, whole
    or in chunks (`session`): the form on the received file, the size and completeness checks,
    the claim on the session, then `store(form)` (the action; returns the document and where to
    go). A refused file is an error on the form's file field, a refused link (`_NotLinked`) an
    error of the whole form; the received file is kept for a second try unless the file itself
    was refused."""
    with _session_files(request, session) as files:
        received = _Received(form=make_form(files))
        form = received.form
        if request.method == "POST" and _upload_valid(request, form, session) and also_valid():
            with _saving(session, form) as save:
                if save:
                    try:
                        evidence, response = store(form)
                    except operations.DuplicateEvidenceError as error:
                        form.add_error("file", error.message)
                        received.duplicate = error.existing
                    except _NotLinked as refusal:
                        form.add_error(None, refusal.message)
                    except operations.EvidenceError as error:
                        form.add_error("file", error.message)
                    else:
                        save.done(evidence)
                        received.response = _for_script(request, response)
                        return received
    received.session = _keep_received(form, session)
    return received


def _unusable_session_reason(session: UploadSession) -> str:
    if session.claimed:
        return _("Berkas ini sedang disimpan oleh permintaan lain; muat ulang halaman.")
    if not session.complete:
        return _(
            "Berkas “%(name)s” belum terkirim seluruhnya (%(received)s dari %(size)s bita). "
            "Pilih berkasnya lagi untuk melanjutkan pengiriman."
        ) % {"name": session.filename, "received": session.received, "size": session.size}
    return _("Berkas “%(name)s” yang dikirim bertahap sudah tidak ada; pilih berkasnya lagi.") % {
        "name": session.filename
    }


def _upload_valid(
    request: HttpRequest, form: UploadForm | RevisionForm, session: UploadSession | None = None
) -> bool:
    """Validate the form, reporting by name any file the size limit handler skipped (or the
    resumable upload whose file has not fully arrived)."""
    valid = form.is_valid()
    if session is not None and not form.files:
        form.errors.pop("file", None)
        form.add_error("file", _unusable_session_reason(session))
        return False
    if not body_complete(request):
        form.add_error(None, upload_problem(request))
        return False
    for name in getattr(request, "oversize_files", []):
        # The skipped file never reached the form: replace "required" with the real reason.
        form.errors.pop("file", None)
        problem = too_large_reason(None, settings.EVIDENCE_MAX_UPLOAD_SIZE)
        form.add_error(
            "file",
            _("Berkas “%(name)s” ditolak: %(problem)s")
            % {"name": sanitise_filename(name), "problem": problem},
        )
        valid = False
    return valid


# --- resumable uploads (resumable.py; protocol in docs/evidence.md) ---------------------------


def _sent_session(request: HttpRequest) -> UploadSession | None:
    """The session named by the form's `sesi` field (the file sent in chunks), or None."""
    if request.method != "POST" or "sesi" not in request.POST:
        return None
    return get_upload_session(request, request.POST["sesi"])


@contextmanager
def _session_files(request: HttpRequest, session: UploadSession | None):
    """request.FILES, or the session's received file in the place of `file`."""
    if session is None:
        yield request.FILES
        return
    if not session.complete or session.claimed or not resumable.part_path(session).exists():
        yield {}
        return
    uploaded = resumable.open_file(session)
    try:
        yield {"file": uploaded}
    finally:
        uploaded.close()


class _Save:
    """What the action made of the file, told by the view (`done`)."""

    evidence: Evidence | None = None

    def done(self, evidence: Evidence) -> None:
        self.evidence = evidence


@contextmanager
def _saving(session: UploadSession | None, form):
    """Around the action: a session is claimed first (one save per file, even when the final
    request comes twice at once), finished when the action succeeds, discarded when the file
    itself was refused, and released when anything else went wrong."""
    save = _Save()
    if session is None:
        yield save
        return
    if not resumable.claim(session):
        form.add_error(
            "file", _("Berkas ini sedang disimpan oleh permintaan lain; muat ulang halaman.")
        )
        yield None
        return
    try:
        yield save
    except BaseException:
        if save.evidence is not None:  # saved, then something after it failed
            resumable.finish(session, save.evidence)
        else:
            resumable.release(session)
        raise
    if save.evidence is not None:
        resumable.finish(session, save.evidence)
    elif form.has_error("file"):
        resumable.discard(session)
    else:
        resumable.release(session)


def _still_usable(session: UploadSession | None) -> UploadSession | None:
    """The received file the re-shown form may be sent again with (the form was wrong, the
    file was not)."""
    if session is None or not session.complete or not resumable.part_path(session).exists():
        return None
    return UploadSession.objects.filter(pk=session.pk, claimed=False, evidence=None).first()


def _keep_received(form, session: UploadSession | None) -> UploadSession | None:
    """When the re-shown form may be sent with the already received file, its file input is
    not `required` (the browser would refuse to send the form without a file)."""
    usable = _still_usable(session)
    if usable is not None:
        form.use_required_attribute = False
    return usable


def _after_repeat(session: UploadSession, target: tuple | None) -> HttpResponse:
    answer_page = answer_url(target[0]) if target else None
    return redirect(answer_page or reverse("evidence:detail", args=[session.evidence_id]))


def _for_script(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """upload.js asks for JSON: where to go next, instead of a redirect it cannot read."""
    wants_json = "application/json" in request.headers.get("Accept", "")
    if wants_json and isinstance(response, HttpResponseRedirect):
        return JsonResponse({"location": response.url})
    return response


@capability_required("evidence.write")
@require_POST
def upload_session_start(request: HttpRequest) -> JsonResponse:
    try:
        session = resumable.start_session(
            request.membership,
            name=request.POST.get("name", ""),
            size=request.POST.get("size"),
            key=request.POST.get("key", ""),
        )
    except resumable.UploadRefused as error:
        return JsonResponse({"error": str(error)}, status=error.status)
    return _session_state(session, status=201)


def _session_state(session: UploadSession, status: int = 200) -> JsonResponse:
    return JsonResponse(
        {
            "id": session.pk,
            "url": reverse("evidence:upload_session", args=[session.pk]),
            "offset": session.received,
            "size": session.size,
            "chunk_size": resumable.CHUNK_SIZE,
        },
        status=status,
    )


@capability_required("evidence.write")
@require_http_methods(["GET", "HEAD", "POST", "DELETE"])
def upload_session(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: how much has arrived. POST: one chunk (raw bytes, Upload-Offset header).
    DELETE: cancel (the received bytes are deleted)."""
    session = get_upload_session(request, pk)
    if request.method in ("GET", "HEAD"):
        if session.evidence_id is None and resumable.part_path(session).exists():
            session = resumable.received_on_disk(session)
        return _session_state(session)
    if request.method == "DELETE":
        if session.evidence_id is None and not session.claimed:
            resumable.discard(session)
        return HttpResponse(status=204)
    offset = _byte_count(request.headers.get("Upload-Offset"))
    length = _byte_count(request.headers.get("Content-Length"))
    if offset is None or length is None:
        message = _("Potongan tanpa Upload-Offset atau Content-Length yang sah ditolak.")
        return JsonResponse({"error": message, "offset": session.received}, status=400)
    try:
        received = resumable.append_chunk(session, offset, request, length)
    except resumable.OffsetMismatch as error:
        return JsonResponse({"error": str(error), "offset": error.received}, status=error.status)
    except resumable.UploadRefused as error:
        return JsonResponse({"error": str(error), "offset": session.received}, status=error.status)
    return JsonResponse({"offset": received, "size": session.size})


def _byte_count(value: str | None) -> int | None:
    text = (value or "").strip()
    if not text or len(text) > 15 or not (text.isascii() and text.isdigit()):
        return None
    return int(text)


def _link_target(request: HttpRequest) -> tuple[Answer, int] | tuple[Answer, int, str] | None:
    """The answer and level named by ?answer=&level= (or the item, ?answer=&item=),
    checked before anything is uploaded."""
    if "answer" not in request.GET:
        return None
    answer = get_linkable_answer(request, request.GET.get("answer"))
    if "item" in request.GET:
        item = answer.indicator.items.select_related("level").filter(code=request.GET["item"])
        found = item.first()
        if found is None:
            raise Http404
        return answer, found.level.level, found.code
    # Level 0 exists on some scales, so 0 is read as well as positive ids.
    raw = request.GET.get("level", "")
    level = 0 if raw.strip() == "0" else positive_id(raw)
    if level is None:
        raise Http404
    try:
        operations.check_link_target(answer, level)
    except operations.EvidenceError as error:
        raise Http404(str(error)) from error
    return answer, level


def _details_form(request: HttpRequest, target: tuple | None) -> LinkDetailsForm | None:
    """Purpose and note of the link, asked only when the upload links to an answer."""
    if target is None or len(target) == 3:  # an item link has no purpose to ask
        return None
    return LinkDetailsForm(request.POST or None, prefix="tautan")


def _valid(details: LinkDetailsForm | None) -> bool:
    return details is None or details.is_valid()


def _details(details: LinkDetailsForm | None) -> dict:
    return details.cleaned_data if details is not None else {}


class _NotLinked(Refusal):
    """The document was being added, but linking it to the answer (or item) was refused."""


def _link_or_refuse(
    request: HttpRequest, evidence: Evidence, target: tuple | None, details: dict
) -> tuple[str, str] | None:
    """Link a document being added to the target, if any (see `_link_to`). A refused link
    raises `_NotLinked`, inside the caller's transaction: the document is rolled back with it."""
    if target is None:
        return None
    try:
        return _link_to(request, evidence, target, details)
    except Refusal as refusal:
        raise _NotLinked(refusal.message) from refusal


def _after_adding(
    request: HttpRequest, evidence: Evidence, linked: tuple[str, str] | None
) -> HttpResponse:
    if linked is None:
        return redirect("evidence:detail", evidence.pk)
    message, url = linked
    messages.success(request, message)
    return redirect(url)


def _link_to(
    request: HttpRequest, evidence: Evidence, target: tuple, details: dict
) -> tuple[str, str]:
    """Link a library document to an answer's level, or to an item (target (answer, level) or
    (answer, level, item code)); the message to show and where to go. Raises the refusal."""
    from simpul.cycles import items

    answer = target[0]
    url = answer_url(answer) or reverse("evidence:detail", args=[evidence.pk])
    if len(target) == 3:
        code = target[2]
        items.link_item_evidence(answer, code, evidence, membership=request.membership)
        message = _("Ditautkan ke indikator %(code)s butir %(item)s.") % {
            "code": answer.indicator.code,
            "item": code,
        }
        return message, f"{url}#butir-{code}"
    level = target[1]
    operations.link_evidence(answer, evidence, level=level, **details, user=request.user)
    message = _("Ditautkan ke indikator %(code)s tingkat %(level)s.") % {
        "code": answer.indicator.code,
        "level": level,
    }
    return message, url


@capability_required("evidence.write")
def register_link(request: HttpRequest) -> HttpResponse:
    agency = request.membership.agency
    target = _link_target(request)
    form = LinkForm(request.POST or None, agency=agency)
    details = _details_form(request, target)
    duplicate = None
    if request.method == "POST" and form.is_valid() and _valid(details):
        try:
            # Registered and linked together: a refused link registers nothing.
            with transaction.atomic():
                evidence = operations.register_link(
                    agency, url=form.cleaned_data["url"], **form.metadata(), user=request.user
                )
                linked = _link_or_refuse(request, evidence, target, _details(details))
        except operations.DuplicateEvidenceError as error:
            form.add_error("url", error.message)
            duplicate = error.existing
        except Refusal as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Tautan “%(title)s” didaftarkan.") % {"title": evidence})
            return _after_adding(request, evidence, linked)
    context = {"form": form, "details": details, "target": target, "duplicate": duplicate}
    return render(request, "evidence/link_form.html", context)


@capability_required("evidence.write")
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = _changeable(request, get_evidence(request, pk))
    fields = tuple(MetadataForm.base_fields)
    initial = {name: getattr(evidence, name) for name in fields}
    form = MetadataForm(request.POST or None, initial=initial, agency=request.membership.agency)
    add_version_field(form, model_version(evidence, fields))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            current = current_or_conflict(form, evidence, fields)
            if current is not None:
                with refusal_into(form):
                    operations.update_evidence(current, **form.metadata(), user=request.user)
                    messages.success(request, _("Data dukung tersimpan."))
                    return redirect("evidence:detail", evidence.pk)
    return render(request, "evidence/edit.html", {"form": form, "evidence": evidence})


@csrf_exempt
@capability_required("evidence.write")
@require_POST
def add_revision(request: HttpRequest, pk: int) -> HttpResponse:
    limit_upload_size(request)
    return _add_revision(request, pk)


@csrf_protect
def _add_revision(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = _changeable(request, get_evidence(request, pk))
    session = _sent_session(request)
    if session is not None and session.evidence_id:
        if session.evidence_id != evidence.pk:
            raise Http404
        return _for_script(request, redirect("evidence:detail", evidence.pk))

    def store(form: RevisionForm) -> tuple[Evidence, HttpResponse]:
        revision = operations.add_revision(evidence, form.cleaned_data["file"], user=request.user)
        messages.success(request, _("Revisi %(n)s ditambahkan.") % {"n": revision.number})
        return evidence, redirect("evidence:detail", evidence.pk)

    received = _receive_file(
        request, session, lambda files: RevisionForm(request.POST, files), store
    )
    if received.response is not None:
        return received.response
    context = _detail_context(
        request,
        evidence,
        revision_form=received.form,
        duplicate=received.duplicate,
        upload_session=received.session,
    )
    return render(request, "evidence/detail.html", context, status=400)


# --- using documents as evidence ------------------------------------------------------------


@capability_required("evidence.write")
@require_POST
def link(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_evidence(request, pk)
    form = LinkToAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih jawaban dan tingkat yang akan ditautkan."))
        return redirect("evidence:detail", evidence.pk)
    answer = get_linkable_answer(request, form.cleaned_data["answer"])
    target = (answer, form.cleaned_data["level"])
    details = {key: form.cleaned_data[key] for key in ("purpose", "note")}
    with refusal_message(request):
        return _after_adding(request, evidence, _link_to(request, evidence, target, details))
    return redirect("evidence:detail", evidence.pk)


@capability_required("evidence.write")
@require_POST
def unlink(request: HttpRequest, pk: int) -> HttpResponse:
    evidence_link = get_link(request, pk)
    answer = get_linkable_answer(request, evidence_link.answer_id)
    operations.unlink_evidence(evidence_link, user=request.user)
    messages.success(
        request,
        _("Tautan “%(title)s” ke tingkat %(level)s dilepas.")
        % {"title": evidence_link.evidence.title, "level": evidence_link.level},
    )
    fallback = reverse("evidence:detail", args=[evidence_link.evidence_id])
    return redirect(answer_url(answer) or fallback)


# --- files out ------------------------------------------------------------------------------


@capability_required("evidence.read")
def download(request: HttpRequest, pk: int) -> FileResponse:
    return revision_file(get_revision(request, pk))


def revision_file(revision: EvidenceRevision) -> FileResponse:
    """One revision's file, streamed as an attachment that no browser renders in place
    (the download page and GET /api/v1/evidence/{id}/download)."""
    try:
        handle = evidence_storage.open(revision.file.name, "rb")
    except FileNotFoundError as error:
        raise Http404(_("Berkas revisi ini tidak ditemukan di penyimpanan.")) from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=revision.download_name,
        content_type=revision.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@admin_required
def package(request: HttpRequest, pk: int) -> FileResponse:
    cycle = get_cycle(request, pk)
    response = FileResponse(
        build_package(cycle),
        as_attachment=True,
        filename=package_name(cycle),
        content_type="application/zip",
    )
    response["Cache-Control"] = "private, no-store"
    return response
