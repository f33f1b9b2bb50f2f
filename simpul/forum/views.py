import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from simpul.accounts import throttle
from simpul.agencies.access import admin_required, membership_required
from simpul.agencies.models import Agency
from simpul.core.choices import moved_query
from simpul.core.decorators import refusal_into, refusal_message
from simpul.core.downloads import private_download
from simpul.core.params import positive_id
from simpul.core.spreadsheets import SafeCsvWriter
from simpul.core.versions import VERSION_FIELD
from simpul.evidence.uploads import limit_upload_size, upload_problem
from simpul.frameworks.models import Group, Indicator

from . import operations
from .access import (
    get_application,
    get_attachment,
    get_invitation,
    get_post,
    get_thread,
    threads_for,
)
from .forms import (
    AcceptForm,
    InvitationForm,
    PartnerFields,
    RegisterForm,
    ReplyForm,
    ThreadForm,
)
from .models import (
    THREAD_KINDS,
    ApplicationStatus,
    Endorsement,
    Follow,
    Invitation,
    ModerationAct,
    ModerationLog,
    PartnerApplication,
    Post,
    PostKind,
    PostState,
    Report,
    ThreadStatus,
)
from .operations import ForumError, can_moderate
from .queries import heat, participation, pending_count, period_of

PAGE_SIZE = 25
INITIAL_PARAMS = {"indicator": "indikator", "kind": "jenis", "cycle": "periode"}


def _filtered(request: HttpRequest):
    threads = threads_for(request.membership).select_related("indicator", "group", "created_by")
    params = request.GET
    if indicator_id := positive_id(params.get("indikator")):
        threads = threads.filter(indicator_id=indicator_id)
    if group_id := positive_id(params.get("domain")):
        group = Group.objects.filter(pk=group_id).first()
        threads = threads.in_group(group) if group else threads.none()
    if (kind := PostKind.parse(params.get("jenis"))) in dict(THREAD_KINDS):
        threads = threads.filter(kind=kind)
    if status := ThreadStatus.parse(params.get("status")):
        threads = threads.filter(status=status)
    order = "-created_at" if params.get("urut") == "baru" else "-last_activity_at"
    return threads.order_by(order, "-pk")


@membership_required()
def index(request: HttpRequest) -> HttpResponse:
    if moved := moved_query(request, jenis=PostKind, status=ThreadStatus):
        return moved
    agency = request.membership.agency
    page = Paginator(_filtered(request), PAGE_SIZE).get_page(request.GET.get("hal"))
    used = Indicator.objects.filter(forum_threads__agency=agency).values("framework")
    context = {
        "page": page,
        "kinds": THREAD_KINDS,
        "statuses": ThreadStatus.choices,
        "domains": Group.objects.filter(framework__in=used, depth=0),
        "heat": heat(agency),
        "figures": participation(agency, *period_of(timezone.localdate().year)),
        "pending": pending_count(agency) if can_moderate(request.membership) else 0,
        "query": request.GET,
    }
    return render(request, "forum/index.html", context)


@csrf_exempt
@membership_required()
@require_http_methods(["GET", "POST"])
def new_thread(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        limit_upload_size(request)  # before the CSRF check reads the body
    return _new_thread(request)


@csrf_protect
def _new_thread(request: HttpRequest) -> HttpResponse:
    agency = request.membership.agency
    initial = {key: request.GET.get(param) for key, param in INITIAL_PARAMS.items()}
    with_cycle = request.membership.can("cycle.read")  # partners see no cycles
    form = ThreadForm(
        request.POST or None,
        request.FILES or None,
        agency=agency,
        initial=initial,
        with_cycle=with_cycle,
    )
    problem = upload_problem(request) if request.method == "POST" else None
    if problem:
        form.is_valid()
        form.add_error(None, problem)
        return render(request, "forum/new.html", {"form": form}, status=400)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusal_into(form):
            thread = operations.start_thread(
                agency,
                membership=request.membership,
                title=data["title"],
                kind=data["kind"],
                body=data["body"],
                indicator=data["indicator"],
                group=data["group"],
                cycle=data.get("cycle"),
                files=data["files"],
                **_commitment(data),
            )
            if thread.opening_state == PostState.PENDING:
                messages.info(request, _("Utas Anda tampil setelah disetujui moderator."))
            return redirect("forum:thread", thread.pk)
    return render(request, "forum/new.html", {"form": form})


def _commitment(data: dict) -> dict:
    return {k: data.get(k) for k in ("commitment_what", "commitment_by", "commitment_due")}


def _thread_context(request: HttpRequest, thread, form=None) -> dict:
    moderator = can_moderate(request.membership)
    posts = thread.posts.select_related("author", "action").prefetch_related("attachments")
    if not moderator:
        posts = posts.visible()
    posts = list(posts)
    mine = set(
        Endorsement.objects.filter(post__thread=thread, user=request.user).values_list(
            "post_id", flat=True
        )
    )
    top = [p for p in posts if p.parent_id is None]
    children: dict[int, list] = {}
    for p in posts:
        if p.parent_id:
            children.setdefault(p.parent_id, []).append(p)
    for p in top:
        p.children = children.get(p.pk, [])
    return {
        "thread": thread,
        "posts": top,
        "endorsed": mine,
        "following": Follow.objects.filter(thread=thread, user=request.user).exists(),
        "moderator": moderator,
        "form": form or ReplyForm(),
        "hidden_state": PostState.HIDDEN,
        "pending_state": PostState.PENDING,
    }


@membership_required()
def thread_detail(request: HttpRequest, pk: int) -> HttpResponse:
    thread = get_thread(request, pk)
    return render(request, "forum/thread.html", _thread_context(request, thread))


@csrf_exempt
@membership_required()
@require_POST
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    limit_upload_size(request)  # before the CSRF check reads the body
    return _reply(request, pk)


@csrf_protect
def _reply(request: HttpRequest, pk: int) -> HttpResponse:
    thread = get_thread(request, pk)
    form = ReplyForm(request.POST, request.FILES)
    problem = upload_problem(request)
    if problem:
        form.is_valid()
        form.add_error(None, problem)
    elif form.is_valid():
        data = form.cleaned_data
        parent = get_post(request, data["parent"]) if data.get("parent") else None
        with refusal_into(form):
            post = operations.reply(
                thread,
                membership=request.membership,
                body=data["body"],
                kind=data["kind"],
                parent=parent,
                files=data["files"],
                **_commitment(data),
            )
            if post.state == PostState.PENDING:
                messages.info(request, _("Balasan Anda tampil setelah disetujui moderator."))
            return redirect(reverse("forum:thread", args=[thread.pk]) + f"#post-{post.pk}")
    return render(request, "forum/thread.html", _thread_context(request, thread, form), status=400)


@membership_required()
@require_POST
@vary_on_headers("HX-Request")
def endorse(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_post(request, pk)
    try:
        endorsed = operations.toggle_endorsement(post, membership=request.membership)
    except ForumError as problem:
        messages.error(request, problem.message)
        return redirect("forum:thread", post.thread_id)
    if request.headers.get("HX-Request"):
        post.refresh_from_db(fields=["endorsement_count"])
        return render(
            request,
            "forum/_endorse.html",
            {"post": post, "endorsed": {post.pk} if endorsed else set()},
        )
    return redirect(reverse("forum:thread", args=[post.thread_id]) + f"#post-{post.pk}")


@membership_required()
@require_POST
def follow(request: HttpRequest, pk: int) -> HttpResponse:
    thread = get_thread(request, pk)
    now = operations.toggle_follow(thread, membership=request.membership)
    messages.success(
        request, _("Anda mengikuti utas ini.") if now else _("Anda berhenti mengikuti utas ini.")
    )
    return redirect("forum:thread", thread.pk)


@membership_required()
@require_POST
def report(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_post(request, pk)
    with refusal_message(request):
        operations.report_post(
            post, membership=request.membership, reason=request.POST.get("reason", "")
        )
        messages.success(request, _("Terima kasih, laporan Anda diteruskan ke moderator."))
    return redirect(reverse("forum:thread", args=[post.thread_id]) + f"#post-{post.pk}")


@admin_required
@require_POST
def moderate(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_post(request, pk)
    with refusal_message(request):
        operations.moderate_post(
            post,
            membership=request.membership,
            act=request.POST.get("act", ""),
            reason=request.POST.get("reason", ""),
        )
        messages.success(request, _("Tindakan moderasi dicatat."))
    if request.POST.get("next") == "antrean":
        return redirect("forum:moderation")
    return redirect("forum:thread", post.thread_id)


@admin_required
@require_http_methods(["GET", "POST"])
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_post(request, pk)
    agency = request.membership.agency
    initial = {
        "indicator": post.thread.indicator_id,
        "start_date": timezone.localdate(),
        "due_date": post.commitment_due,
    }
    form = AcceptForm(request.POST or None, agency=agency, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusal_into(form):
            action = operations.accept_post(post, membership=request.membership, **data)
            messages.success(request, _("Diterima dan dijadikan rencana aksi."))
            return redirect("plans:action", action.pk)
    return render(request, "forum/accept.html", {"form": form, "post": post})


@admin_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    thread = get_thread(request, pk)
    with refusal_message(request):
        if request.POST.get("reopen"):
            operations.reopen_thread(thread, membership=request.membership)
        else:
            operations.close_thread(
                thread, membership=request.membership, summary=request.POST.get("summary", "")
            )
    return redirect("forum:thread", thread.pk)


@admin_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    thread = get_thread(request, pk)
    operations.publish_summary(
        thread, membership=request.membership, text=request.POST.get("text", "")
    )
    messages.success(request, _("Ringkasan untuk mitra disimpan."))
    return redirect("forum:thread", thread.pk)


@membership_required()
@private_download
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    item = get_attachment(request, pk)
    return FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=item.original_name,
        content_type=item.content_type,
    )


# --- moderation desk, partners ----------------------------------------------------------------


@admin_required
def moderation(request: HttpRequest) -> HttpResponse:
    agency = request.membership.agency
    posts = Post.objects.for_agency(agency).select_related("thread", "author")
    invitations = Invitation.objects.for_agency(agency).usable().select_related("created_by")
    context = {
        "pending": posts.filter(state=PostState.PENDING),
        "reports": Report.objects.filter(
            post__thread__agency=agency, resolved_at__isnull=True
        ).select_related("post__thread", "post__author", "reporter"),
        "log": ModerationLog.objects.for_agency(agency).select_related("actor", "thread")[:50],
        # Registrations through a link wait for their own email confirmation, not the admin.
        "applications": PartnerApplication.objects.for_agency(agency)
        .filter(status=ApplicationStatus.PENDING, invitation__isnull=True)
        .select_related("user"),
        "invitations": [(i, operations.invitation_url(i)) for i in invitations],
        "invitation_form": InvitationForm(),
        "settings": operations.forum_settings(agency),
        "settings_version": operations.settings_version(operations.forum_settings(agency)),
        "acts": ModerationAct,
    }
    return render(request, "forum/moderation.html", context)


@admin_required
@require_POST
def settings_update(request: HttpRequest) -> HttpResponse:
    with refusal_message(request):
        operations.set_premoderation(
            request.membership.agency,
            membership=request.membership,
            on=request.POST.get("premoderation") == "on",
            version=request.POST.get(VERSION_FIELD),
        )
        messages.success(request, _("Pengaturan forum disimpan."))
    return redirect("forum:moderation")


@admin_required
@require_POST
def invite(request: HttpRequest) -> HttpResponse:
    form = InvitationForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("forum:moderation")
    try:
        invitation = operations.create_invitation(
            request.membership.agency, membership=request.membership, **form.cleaned_data
        )
    except ForumError as problem:
        messages.error(request, problem.message)
        return redirect("forum:moderation")
    messages.success(
        request,
        _("Tautan undangan (berlaku sampai %(until)s, untuk %(uses)s orang): %(link)s")
        % {
            "until": formats.date_format(timezone.localtime(invitation.expires_at), "j F Y"),
            "uses": invitation.max_uses,
            "link": operations.invitation_url(invitation),
        },
    )
    return redirect("forum:moderation")


@admin_required
@require_POST
def revoke_invitation(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_invitation(request, pk)
    operations.revoke_invitation(invitation, membership=request.membership)
    messages.success(request, _("Tautan undangan dicabut; tautan itu tidak dapat dipakai lagi."))
    return redirect("forum:moderation")


@admin_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application(request, pk)
    with refusal_message(request):
        operations.decide_application(
            application, membership=request.membership, approve=request.POST.get("approve") == "1"
        )
    return redirect("forum:moderation")


def _check_limits(request: HttpRequest, email: str | None, invitation=None) -> None:
    """Joins per link and per client, and registration mails per address and per client."""
    if invitation is not None and not throttle.take(
        "invitation_join",
        {f"link:{invitation.pk}": settings.INVITATION_JOINS_PER_LINK}
        | throttle.client_limit(request, settings.INVITATION_JOINS_PER_CLIENT),
    ):
        raise ForumError(
            _(
                "Terlalu banyak pendaftaran lewat tautan ini atau dari jaringan Anda. Coba lagi "
                "dalam %(minutes)d menit; isian Anda masih ada di formulir."
            )
            % {"minutes": throttle.rate_limit_minutes()}
        )
    if email is not None and not throttle.mail_request_allowed("registration", request, email):
        raise ForumError(throttle.mail_limit_message())


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, token: str) -> HttpResponse:
    """An invitation link: signed-in people join at once, others register and confirm their
    email (no approval)."""
    invitation = operations.find_invitation(token)
    if invitation is None:
        return render(request, "forum/join.html", {"invalid": True}, status=404)
    signed_in = request.user.is_authenticated
    refusal = operations.refusal_to_join(request.user, invitation.agency) if signed_in else None
    if refusal is not None:
        return render(request, "forum/join.html", {"refusal": refusal}, status=403)
    form_class = PartnerFields if signed_in else RegisterForm
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusal_into(form):
            _check_limits(request, None if signed_in else data["email"], invitation)
            if signed_in:
                operations.join_by_invitation(
                    invitation,
                    user=request.user,
                    organisation=data["organisation"],
                    helix=data["helix"],
                    consent=data["consent"],
                )
            else:
                operations.register_partner(invitation.agency, invitation=invitation, **data)
            if not signed_in:
                context = {"agency": invitation.agency, "confirm": True}
                return render(request, "forum/registered.html", context)
            messages.success(
                request, _("Selamat bergabung di forum %(agency)s.") % {"agency": invitation.agency}
            )
            return redirect("forum:index")
    return render(
        request,
        "forum/join.html",
        {"form": form, "agency": invitation.agency, "signed_in": signed_in},
    )


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the confirmation mail; a POST so that mail scanners opening it do nothing."""
    if request.method == "GET":
        return render(request, "forum/confirm.html")
    try:
        application = operations.confirm_registration(token)
    except ForumError as problem:
        return render(request, "forum/confirm.html", {"error": problem.message}, status=400)
    messages.success(
        request,
        _("Email terkonfirmasi. Selamat bergabung di forum %(agency)s; silakan masuk.")
        % {"agency": application.agency},
    )
    return redirect("accounts:login")


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, code: str) -> HttpResponse:
    agency = get_object_or_404(Agency.objects.filter(is_active=True), short_code=code)
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusal_into(form):
            _check_limits(request, form.cleaned_data["email"])
            operations.register_partner(agency, **form.cleaned_data)
            # The same page whether or not the address already had an account.
            return render(request, "forum/registered.html", {"agency": agency})
    return render(request, "forum/register.html", {"form": form, "agency": agency})


def conduct(request: HttpRequest) -> HttpResponse:
    return render(request, "forum/conduct.html")


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "forum/privacy.html", {"version": operations.PRIVACY_NOTICE_VERSION})


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    return render(
        request, "forum/my_data.html", {"data": operations.export_personal_data(request.user)}
    )


@login_required
@private_download
def my_data_export(request: HttpRequest) -> HttpResponse:
    body = json.dumps(operations.export_personal_data(request.user), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="data-pribadi-simpul.json"'
    return response


@login_required
@require_POST
def my_data_delete(request: HttpRequest) -> HttpResponse:
    if request.POST.get("confirm") != "HAPUS":
        messages.error(request, _("Ketik HAPUS untuk mengonfirmasi penghapusan data pribadi."))
        return redirect("forum:my_data")
    operations.delete_personal_data(request.user)
    logout(request)
    return render(request, "forum/deleted.html")


# --- participation figures ---------------------------------------------------------------------


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("tahun", "")
    year = positive_id(raw)
    return year if year and 2000 <= year <= 2100 else timezone.localdate().year


@membership_required()
def figures(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    found = participation(request.membership.agency, *period_of(year))
    return render(request, "forum/figures.html", {"figures": found, "year": year})


@membership_required()
@private_download
def figures_csv(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    found = participation(request.membership.agency, *period_of(year))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="partisipasi-forum-{year}.csv"'
    response.write("\ufeff")
    writer = SafeCsvWriter(response)
    writer.writerow([_("Instansi"), request.membership.agency.name])
    writer.writerow([_("Periode"), found.start.isoformat(), found.end.isoformat()])
    writer.writerow([_("Kategori heliks"), _("Tulisan"), _("Peserta berbeda")])
    writer.writerows(found.rows())
    writer.writerow([_("Jumlah"), found.posts, found.participants])
    writer.writerow([_("Kendala dibuka"), found.obstacles_opened])
    writer.writerow([_("Kendala diselesaikan"), found.obstacles_resolved])
    writer.writerow([_("Solusi diterima"), found.solutions_accepted])
    writer.writerow(
        [_("Rapat diselenggarakan"), "" if found.meetings_held is None else found.meetings_held]
    )
    writer.writerow(
        [
            _("Tingkat kehadiran"),
            "" if found.attendance_percent is None else f"{found.attendance_percent}%",
        ]
    )
    return response
