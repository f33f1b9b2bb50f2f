"""Pages of the meetings app. Access goes through `membership_required` and `get_meeting`,
which only reaches the current agency's meetings (a partner: only those they are invited to).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from simpul.agencies.access import admin_required, membership_required
from simpul.core.decorators import refusal_into, refusals_redirect
from simpul.core.downloads import private_download
from simpul.core.params import positive_id
from simpul.core.versions import VERSION_FIELD
from simpul.evidence.uploads import limit_upload_size, upload_problem
from simpul.frameworks.models import Indicator

from . import forms, ics, operations
from .access import (
    get_decision,
    get_invitation,
    get_item,
    get_meeting,
    get_photo,
    may_read_minutes,
)
from .models import Meeting, MinutesStatus
from .pdf import minutes_filename, minutes_pdf


def back(meeting: Meeting):
    return redirect("meetings:detail", meeting.pk)


def form_errors(request: HttpRequest, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


@membership_required()
def meeting_list(request: HttpRequest) -> HttpResponse:
    meetings = (
        Meeting.objects.for_membership(request.membership)
        .select_related("chair__user")
        .annotate(
            attendees=Count("attendance", distinct=True),
            invited=Count("invitations", distinct=True),
        )
    )
    now = timezone.now()
    return render(
        request,
        "meetings/list.html",
        {
            "upcoming": meetings.filter(ends_at__gte=now).order_by("starts_at"),
            "past": meetings.filter(ends_at__lt=now)[:50],
            "is_admin": request.membership.is_admin,
        },
    )


@admin_required
def meeting_create(request: HttpRequest) -> HttpResponse:
    agency = request.membership.agency
    form = forms.MeetingForm(request.POST or None, agency=agency, initial={"count": 1})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusal_into(form):
            created = operations.schedule_meeting(
                agency,
                membership=request.membership,
                title=data["title"],
                kind=data["kind"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                place=data["place"],
                online_link=data["online_link"],
                chair=data["chair"],
                summary=data["summary"],
                recurrence=data["recurrence"] or "",
                count=data["count"] or 1,
                agenda=data["agenda"],
            )
            messages.success(request, _("%(count)s rapat dijadwalkan.") % {"count": len(created)})
            return redirect("meetings:detail", created[0].pk)
    return render(request, "meetings/form.html", {"form": form})


@membership_required()
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, get_meeting(request, pk))


def _detail_page(
    request: HttpRequest,
    meeting: Meeting,
    *,
    typed: dict | None = None,
    error: operations.MeetingError | None = None,
) -> HttpResponse:
    """The meeting page; with `typed`, the minutes form shows what the admin typed (a save
    that was refused keeps it) with `error` above it."""
    membership = request.membership
    agency = membership.agency
    invitation = meeting.invitations.filter(membership=membership).first()
    agenda = list(
        meeting.agenda.select_related("indicator", "thread").prefetch_related(
            "decisions__unit", "decisions__action"
        )
    )
    version = operations.minutes_version(meeting, agenda)
    for item in agenda:
        item.typed = typed["items"].get(item.pk) if typed else None
    if isinstance(error, operations.MinutesConflict):
        version = error.version
    context = {
        "meeting": meeting,
        "is_admin": membership.is_admin,
        "is_chair": meeting.chair_id is not None and meeting.chair_id == membership.pk,
        "invitation": invitation,
        "show_minutes": may_read_minutes(membership, meeting),
        "agenda": agenda,
        "minutes_version": version,
        "typed_summary": typed["summary"] if typed else None,
        "minutes_error": error,
        "invitations": meeting.invitations.select_related("membership__user"),
        "attendance": meeting.attendance.all(),
        "comments": meeting.comments.select_related("author", "item"),
        "photos": meeting.photos.all(),
        "may_comment": meeting.minutes_status == MinutesStatus.REVIEW
        and (membership.is_admin or operations.attended(meeting, membership)),
        "rsvp_form": forms.RsvpForm(initial={"rsvp": invitation.rsvp}) if invitation else None,
        "comment_form": forms.CommentForm(),
    }
    if membership.is_admin:
        context.update(
            agenda_form=forms.AgendaForm(agency=agency),
            invite_form=forms.InviteForm(agency=agency),
            checkin_form=forms.CheckInForm(agency=agency),
            guest_form=forms.GuestForm(),
            decision_form=forms.DecisionForm(agency=agency),
            action_form=forms.ToActionForm(),
            photo_form=forms.PhotoForm(),
            export_form=forms.ExportForm(initial={"codes": collaboration_codes(agency)}),
        )
    status = (
        200 if error is None else (409 if isinstance(error, operations.MinutesConflict) else 400)
    )
    return render(request, "meetings/detail.html", context, status=status)


def collaboration_codes(agency) -> str:
    """Where the current cycle's framework says meeting minutes go (I19, I20 / I4's items)."""
    cycle = operations.current_cycle(agency)
    return ", ".join(cycle.framework.spec().collaboration) if cycle is not None else ""


def meeting_url(request: HttpRequest, meeting: Meeting) -> str:
    return request.build_absolute_uri(reverse("meetings:detail", args=[meeting.pk]))


@admin_required
@require_POST
@refusals_redirect("meetings:detail")
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting(request, pk)
    form = forms.InviteForm(request.POST, agency=request.membership.agency)
    if not form.is_valid():
        form_errors(request, form)
        return back(meeting)
    created = operations.invite(
        meeting,
        form.cleaned_data["members"],
        membership=request.membership,
        url=meeting_url(request, meeting),
    )
    messages.success(request, _("%(count)s undangan terkirim.") % {"count": len(created)})
    return back(meeting)


@membership_required()
@require_POST
@refusals_redirect("meetings:detail")
def rsvp(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting(request, pk)
    invitation = get_invitation(request, meeting)
    operations.respond(invitation, request.POST.get("rsvp", ""), membership=request.membership)
    messages.success(
        request,
        _("Jawaban Anda tersimpan: %(answer)s.") % {"answer": invitation.get_rsvp_display()},
    )
    return back(meeting)


@membership_required()
@private_download
def calendar_file(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting(request, pk)
    data = ics.meeting_ics(meeting, url=meeting_url(request, meeting), method="PUBLISH")
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="rapat-{meeting.pk}.ics"'
    return response


@admin_required
@require_POST
@refusals_redirect("meetings:detail")
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting(request, pk)
    form = forms.CheckInForm(request.POST, agency=request.membership.agency)
    if not form.is_valid():
        form_errors(request, form)
        return back(meeting)
    row = operations.check_in(meeting, form.cleaned_data["member"], membership=request.membership)
    messages.success(request, _("%(name)s tercatat hadir.") % {"name": row.name})
    return back(meeting)


@admin_required
@require_POST
@refusals_redirect("meetings:detail")
def add_guest(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting(request, pk)
    form = forms.GuestForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return back(meeting)
    row = operations.add_guest(meeting, membership=request.membership, **form.cleaned_data)
    messages.success(request, _("%(name)s tercatat hadir.") % {"name": row.name})
    return back(meeting)


@membership_required()
def self_check_in(request: HttpRequest) -> HttpResponse:
    form = forms.CodeForm(request.POST or None, initial={"code": request.GET.get("kode", "")})
    if request.method == "POST" and form.is_valid():
        with refusal_into(form, "code"):
            row = operations.check_in_with_code(
                request.membership.agency, form.cleaned_data["code"], membership=request.membership
            )
            messages.success(
                request,
                _("Terima kasih, %(name)s: kehadiran Anda di “%(title)s” tercatat.")
                % {"name": row.name, "title": row.meeting.title},
            )
            return redirect("meetings:detail", row.meeting_id)
    return render(request, "meetings/check_in.html", {"form": form})


@admin_required
@require_POST
def save_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting(request, pk)
    items = {
        item.pk: request.POST.get(f"item-{item.pk}", item.minutes) for item in meeting.agenda.all()
    }
    summary = request.POST.get("summary", meeting.summary)
    try:
        operations.save_minutes(
            meeting,
            membership=request.membership,
            items=items,
            summary=summary,
            version=request.POST.get(VERSION_FIELD),
        )
    except operations.MeetingError as error:
        # What was typed is not thrown away: the page comes back with it.
        meeting = get_meeting(request, pk)
        return _detail_page(
            request, meeting, typed={"items": items, "summary": summary}, error=error
        )
    messages.success(request, _("Notulen tersimpan."))
    return back(meeting)


# The action decides who may move the minutes: the admin, or the chair to approve them.
@membership_required()
@require_POST
@refusals_redirect("meetings:detail")
def move_minutes(request: HttpRequest, pk: int, to: str) -> HttpResponse:
    meeting = get_meeting(request, pk)
    operations.move_minutes(
        meeting, to, membership=request.membership, url=meeting_url(request, meeting)
    )
    messages.success(
        request, _("Status notulen: %(status)s.") % {"status": meeting.get_minutes_status_display()}
    )
    return back(meeting)


@membership_required()
@require_POST
@refusals_redirect("meetings:detail")
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting(request, pk)
    item_pk = positive_id(request.POST.get("item"))
    item = get_item(request, meeting, item_pk) if item_pk else None
    operations.comment_on_minutes(
        meeting, membership=request.membership, body=request.POST.get("body", ""), item=item
    )
    messages.success(request, _("Komentar Anda tersimpan."))
    return back(meeting)


@admin_required
@require_POST
@refusals_redirect("meetings:detail")
def add_agenda(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting(request, pk)
    form = forms.AgendaForm(request.POST, agency=request.membership.agency)
    if not form.is_valid():
        form_errors(request, form)
        return back(meeting)
    title, indicator, thread = form.cleaned_data["line"]
    operations.add_agenda_item(
        meeting, membership=request.membership, title=title, indicator=indicator, thread=thread
    )
    messages.success(request, _("Mata acara ditambahkan."))
    return back(meeting)


@admin_required
@require_POST
@refusals_redirect("meetings:detail")
def add_decision(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    meeting = get_meeting(request, pk)
    agenda_item = get_item(request, meeting, item)
    form = forms.DecisionForm(request.POST, agency=request.membership.agency)
    if not form.is_valid():
        form_errors(request, form)
        return back(meeting)
    operations.record_decision(agenda_item, membership=request.membership, **form.cleaned_data)
    messages.success(request, _("Keputusan tercatat."))
    return back(meeting)


@admin_required
@require_POST
@refusals_redirect("meetings:detail")
def decision_to_action(request: HttpRequest, pk: int, decision: int) -> HttpResponse:
    meeting = get_meeting(request, pk)
    chosen = get_decision(meeting, decision)
    form = forms.ToActionForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return back(meeting)
    indicator = None
    code = form.cleaned_data["indicator"].strip().upper()
    if code:
        cycle = operations.current_cycle(meeting.agency)
        indicator = cycle and Indicator.objects.filter(framework=cycle.framework).by_key(code)
        if not indicator:
            messages.error(request, _("Indikator “%(code)s” tidak dikenal.") % {"code": code})
            return back(meeting)
    action = operations.decision_to_action(
        chosen,
        membership=request.membership,
        indicator=indicator,
        target_level=form.cleaned_data["target_level"],
    )
    messages.success(request, _("Rencana aksi dibuat dari keputusan rapat."))
    return redirect("plans:action", action.pk)


@csrf_exempt
@admin_required
@require_POST
def add_photo(request: HttpRequest, pk: int) -> HttpResponse:
    limit_upload_size(request, operations.PHOTO_MAX_BYTES)  # before the CSRF check reads the body
    return _add_photo(request, pk)


@csrf_protect
@refusals_redirect("meetings:detail")
def _add_photo(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting(request, pk)
    problem = upload_problem(request)
    if problem:
        messages.error(request, problem)
        return back(meeting)
    form = forms.PhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        form_errors(request, form)
        return back(meeting)
    operations.add_photo(
        meeting,
        form.cleaned_data["photo"],
        membership=request.membership,
        caption=form.cleaned_data["caption"],
    )
    messages.success(request, _("Foto tersimpan."))
    return back(meeting)


@membership_required()
@private_download
def photo(request: HttpRequest, pk: int, photo: int) -> HttpResponse:
    meeting = get_meeting(request, pk)
    if not may_read_minutes(request.membership, meeting):
        raise PermissionDenied
    chosen = get_photo(meeting, photo)
    return FileResponse(chosen.file.open("rb"), content_type=chosen.content_type)


@membership_required()
@private_download
def minutes_document(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting(request, pk)
    if not may_read_minutes(request.membership, meeting):
        raise PermissionDenied
    response = HttpResponse(minutes_pdf(meeting), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{minutes_filename(meeting)}"'
    return response


@admin_required
@require_POST
@refusals_redirect("meetings:detail")
def export(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting(request, pk)
    codes = request.POST.get("codes", "").replace(";", ",").split(",")
    result = operations.export_minutes(
        meeting, membership=request.membership, indicator_codes=codes
    )
    linked = ", ".join(result.linked) or "-"
    messages.success(
        request,
        _("Notulen disimpan sebagai data dukung “%(title)s”; ditautkan ke indikator: %(codes)s.")
        % {"title": result.evidence.title, "codes": linked},
    )
    for refusal in result.refused:
        messages.warning(
            request,
            _("%(problem)s Dokumen tetap tersimpan di pustaka data dukung.") % {"problem": refusal},
        )
    return back(meeting)
