"""Write paths of the forum: threads, posts, moderation, partners and personal data.

Views, commands and tests all go through these functions. Each refuses with ForumError
carrying a message fit to show, before anything is written.
"""

from __future__ import annotations

import logging
import re
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.accounts.models import EMAIL_MAX_LENGTH, LoginFailure, User
from simpul.agencies.models import Agency, Helix, Membership, Role, Unit
from simpul.core.errors import Refusal
from simpul.core.versions import version_of
from simpul.dashboard.operations import public_page_changed
from simpul.evidence.sniffing import UnacceptableFile, detect_kind
from simpul.meetings.models import Attendance, MinutesComment, MinutesStatus
from simpul.notifications.api import notify, queue_email
from simpul.notifications.models import (
    NotificationKind,
    NotificationPreference,
    OutboxMessage,
)
from simpul.plans.models import Action, ActionSource
from simpul.plans.operations import PlansError, create_action

from .models import (
    ANONYMOUS_PREFIX,
    PRIVACY_NOTICE_VERSION,
    THREAD_KINDS,
    ApplicationStatus,
    Attachment,
    Consent,
    Endorsement,
    Follow,
    ForumSettings,
    Invitation,
    ModerationAct,
    ModerationLog,
    PartnerApplication,
    Post,
    PostKind,
    PostState,
    Report,
    Thread,
    ThreadStatus,
)
from .rendering import mentioned_usernames

TITLE_MAX = 200
BODY_MIN = 3
BODY_MAX = 10_000
REASON_MAX = 300
ATTACHMENTS_MAX = 3
INVITATION_SALT = "simpul.forum.invitation"
# Stable links (no timestamp) sign under their own salt, so neither form passes for the other.
INVITATION_LINK_SALT = "simpul.forum.invitation-link"
INVITATION_DAYS = 14
INVITATION_DAYS_MAX = 30
INVITATION_USES = 20
INVITATION_USES_MAX = 500
CONFIRMATION_SALT = "simpul.forum.confirmation"
CONFIRMATION_DAYS = 3

logger = logging.getLogger(__name__)


class ForumError(Refusal):
    """A refused operation, with a message fit to show the user."""


def can_moderate(membership: Membership) -> bool:
    return membership.can("forum.moderate")


def _require_moderator(membership: Membership, agency_id: int) -> None:
    if not can_moderate(membership) or membership.agency_id != agency_id:
        raise ForumError(_("Hanya koordinator (admin) instansi ini yang dapat melakukannya."))


def forum_settings(agency: Agency) -> ForumSettings:
    return ForumSettings.objects.get_or_create(agency=agency)[0]


def _log(agency_id: int, actor, act: str, *, thread=None, post=None, reason: str = "") -> None:
    ModerationLog.objects.create(
        agency_id=agency_id, actor=actor, act=act, thread=thread, post=post, reason=reason
    )
    # Every moderation act may change the public page's threads (hidden, closed, summary).
    public_page_changed(agency_id)


# --- checks ----------------------------------------------------------------------------------


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if len(body) < BODY_MIN:
        raise ForumError(
            _("Isi tulisan wajib diisi, paling sedikit %(min)s karakter.") % {"min": BODY_MIN}
        )
    if len(body) > BODY_MAX:
        raise ForumError(
            _("Isi tulisan terlalu panjang: %(length)s karakter, paling banyak %(max)s.")
            % {"length": len(body), "max": BODY_MAX}
        )
    return body


def _check_rate(user: User) -> None:
    limit = settings.FORUM_POSTS_PER_MINUTE
    since = timezone.now() - timedelta(minutes=1)
    if Post.objects.filter(author=user, created_at__gte=since).count() >= limit:
        raise ForumError(
            _(
                "Anda menulis terlalu cepat: paling banyak %(limit)s tulisan per menit. "
                "Tunggu sebentar lalu kirim lagi; teks Anda masih ada di formulir."
            )
            % {"limit": limit}
        )


def _check_commitment(kind: str, values: dict[str, Any]) -> dict[str, Any]:
    if kind != PostKind.COMMITMENT:
        return {"commitment_what": "", "commitment_by": "", "commitment_due": None}
    what = (values.get("commitment_what") or "").strip()
    who = (values.get("commitment_by") or "").strip()
    due = values.get("commitment_due")
    if not what or not who or due is None:
        raise ForumError(
            _(
                "Dukungan/komitmen wajib menyebut bentuk dukungan, oleh siapa, "
                "dan paling lambat kapan."
            )
        )
    return {"commitment_what": what[:300], "commitment_by": who[:200], "commitment_due": due}


def _check_files(files) -> list:
    files = [f for f in files if f]
    if len(files) > ATTACHMENTS_MAX:
        raise ForumError(
            _("Paling banyak %(max)s lampiran per tulisan.") % {"max": ATTACHMENTS_MAX}
        )
    checked = []
    for upload in files:
        if upload.size > settings.EVIDENCE_MAX_UPLOAD_SIZE:
            raise ForumError(
                _("Lampiran “%(name)s” terlalu besar; batasnya %(mb)s MB.")
                % {"name": upload.name, "mb": settings.EVIDENCE_MAX_UPLOAD_SIZE // (1024 * 1024)}
            )
        try:
            kind = detect_kind(upload, upload.size)
        except UnacceptableFile as problem:
            raise ForumError(
                _("Lampiran “%(name)s” ditolak: %(why)s") % {"name": upload.name, "why": problem}
            ) from problem
        upload.seek(0)
        checked.append((upload, kind))
    return checked


# --- threads and posts -----------------------------------------------------------------------


def _initial_state(agency: Agency, membership: Membership) -> str:
    if not membership.can("forum.post_directly") and forum_settings(agency).premoderation:
        return PostState.PENDING
    return PostState.VISIBLE


@transaction.atomic
def start_thread(
    agency: Agency,
    *,
    membership: Membership,
    title: str,
    kind: str,
    body: str,
    indicator=None,
    cycle=None,
    group=None,
    files=(),
    **commitment: Any,
) -> Thread:
    if membership.agency_id != agency.pk:
        raise ForumError(_("Anda bukan anggota forum instansi ini."))
    title = " ".join((title or "").split())
    if not title or len(title) > TITLE_MAX:
        raise ForumError(
            _("Judul wajib diisi, paling panjang %(max)s karakter.") % {"max": TITLE_MAX}
        )
    kind = PostKind.parse(kind) or kind
    if kind not in dict(THREAD_KINDS):
        raise ForumError(_("Jenis tulisan “%(kind)s” tidak dikenal.") % {"kind": kind})
    if cycle is not None and (cycle.agency_id != agency.pk or indicator is None):
        raise ForumError(_("Periode hanya dapat dipilih bersama indikator instansi ini."))
    body = _clean_body(body)
    extra = _check_commitment(kind, commitment)
    checked = _check_files(files)
    _check_rate(membership.user)
    state = _initial_state(agency, membership)
    thread = Thread.objects.create(
        agency=agency,
        title=title,
        kind=kind,
        indicator=indicator,
        cycle=cycle,
        group=group,
        created_by=membership.user,
        opening_state=state,
        post_count=1,
    )
    post = Post.objects.create(
        thread=thread, author=membership.user, kind=kind, body=body, state=state, **extra
    )
    _store_files(post, checked)
    Follow.objects.get_or_create(thread=thread, user=membership.user)
    if state == PostState.VISIBLE:
        _announce(post)
    return thread


@transaction.atomic
def reply(
    thread: Thread,
    *,
    membership: Membership,
    body: str,
    kind: str = PostKind.REPLY,
    parent: Post | None = None,
    files=(),
    **commitment: Any,
) -> Post:
    if membership.agency_id != thread.agency_id:
        raise ForumError(_("Anda bukan anggota forum instansi ini."))
    if not thread.is_open:
        raise ForumError(_("Utas ini sudah ditutup; balasan tidak dapat ditambahkan."))
    kind = PostKind.parse(kind) or kind
    if kind not in PostKind.values:
        raise ForumError(_("Jenis tulisan “%(kind)s” tidak dikenal.") % {"kind": kind})
    if parent is not None:
        if parent.thread_id != thread.pk:
            raise ForumError(_("Tulisan yang dibalas bukan bagian utas ini."))
        parent = parent.parent or parent  # one level of nesting
    body = _clean_body(body)
    extra = _check_commitment(kind, commitment)
    checked = _check_files(files)
    _check_rate(membership.user)
    state = _initial_state(thread.agency, membership)
    post = Post.objects.create(
        thread=thread,
        parent=parent,
        author=membership.user,
        kind=kind,
        body=body,
        state=state,
        **extra,
    )
    _store_files(post, checked)
    Thread.objects.filter(pk=thread.pk).update(
        post_count=F("post_count") + 1, last_activity_at=timezone.now()
    )
    Follow.objects.get_or_create(thread=thread, user=membership.user)
    if state == PostState.VISIBLE:
        _announce(post)
    return post


def _store_files(post: Post, checked) -> None:
    for upload, kind in checked:
        Attachment.objects.create(
            post=post,
            file=upload,
            original_name=upload.name[:255],
            size=upload.size,
            content_type=kind.content_type,
        )


def _announce(post: Post) -> None:
    """Mentions and followers hear of a newly visible post (never its own author)."""
    thread = post.thread
    url = reverse("forum:thread", args=[thread.pk]) + f"#post-{post.pk}"
    members = User.objects.filter(
        is_active=True,
        memberships__agency=thread.agency_id,
        memberships__is_active=True,
    ).exclude(pk=post.author_id)
    names = mentioned_usernames(post.body)
    mentioned = list(members.filter(username__in=names).distinct()) if names else []
    author = post.author.display_name if post.author else ""
    if mentioned:
        notify(
            mentioned,
            kind=NotificationKind.MENTION,
            agency=thread.agency,
            subject=_("%(name)s menyebut Anda di “%(title)s”")
            % {"name": author, "title": thread.title},
            body=post.body[:500],
            url=url,
        )
    followers = (
        members.filter(followed_threads=thread).exclude(pk__in=[u.pk for u in mentioned]).distinct()
    )
    if (
        post.parent_id is not None
        or post.pk != thread.posts.order_by("pk").values_list("pk", flat=True).first()
    ):
        notify(
            list(followers),
            kind=NotificationKind.REPLY,
            agency=thread.agency,
            subject=_("Balasan baru di “%(title)s”") % {"title": thread.title},
            body=f"{author}: {post.body[:500]}",
            url=url,
        )


@transaction.atomic
def toggle_endorsement(post: Post, *, membership: Membership) -> bool:
    """Endorse ("dukung") a post, or take the endorsement back; True when now endorsed."""
    if membership.agency_id != post.thread.agency_id or post.state != PostState.VISIBLE:
        raise ForumError(_("Tulisan ini tidak dapat didukung."))
    found = Endorsement.objects.filter(post=post, user=membership.user)
    if found.exists():
        found.delete()
        Post.objects.filter(pk=post.pk).update(endorsement_count=F("endorsement_count") - 1)
        return False
    Endorsement.objects.create(post=post, user=membership.user)
    Post.objects.filter(pk=post.pk).update(endorsement_count=F("endorsement_count") + 1)
    return True


@transaction.atomic
def toggle_follow(thread: Thread, *, membership: Membership) -> bool:
    found = Follow.objects.filter(thread=thread, user=membership.user)
    if found.exists():
        found.delete()
        return False
    Follow.objects.create(thread=thread, user=membership.user)
    return True


# --- moderation ------------------------------------------------------------------------------


@transaction.atomic
def report_post(post: Post, *, membership: Membership, reason: str) -> Report:
    if membership.agency_id != post.thread.agency_id:
        raise ForumError(_("Anda bukan anggota forum instansi ini."))
    reason = (reason or "").strip()
    if not reason or len(reason) > REASON_MAX:
        raise ForumError(
            _("Alasan laporan wajib diisi, paling panjang %(max)s karakter.") % {"max": REASON_MAX}
        )
    return Report.objects.create(post=post, reporter=membership.user, reason=reason)


@transaction.atomic
def moderate_post(post: Post, *, membership: Membership, act: str, reason: str) -> Post:
    """Approve a pending post, hide a post, or restore a hidden one; always logged."""
    _require_moderator(membership, post.thread.agency_id)
    reason = (reason or "").strip()
    if act in (ModerationAct.HIDE, ModerationAct.RESTORE) and not reason:
        raise ForumError(_("Alasan moderasi wajib diisi."))
    if len(reason) > REASON_MAX:
        raise ForumError(
            _("Alasan moderasi paling panjang %(max)s karakter.") % {"max": REASON_MAX}
        )
    targets = {
        ModerationAct.APPROVE: PostState.VISIBLE,
        ModerationAct.HIDE: PostState.HIDDEN,
        ModerationAct.RESTORE: PostState.VISIBLE,
    }
    act = ModerationAct.parse(act) or act
    if act not in targets:
        raise ForumError(_("Tindakan moderasi “%(act)s” tidak dikenal.") % {"act": act})
    was_pending = post.state == PostState.PENDING
    post.state = targets[act]
    post.moderation_reason = reason
    post.save(update_fields=["state", "moderation_reason"])
    first = post.thread.posts.order_by("pk").values_list("pk", flat=True).first()
    if first == post.pk:
        Thread.objects.filter(pk=post.thread_id).update(opening_state=post.state)
    post.reports.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())
    _log(post.thread.agency_id, membership.user, act, thread=post.thread, post=post, reason=reason)
    if was_pending and post.state == PostState.VISIBLE:
        _announce(post)
    return post


@transaction.atomic
def close_thread(thread: Thread, *, membership: Membership, summary: str) -> Thread:
    _require_moderator(membership, thread.agency_id)
    summary = (summary or "").strip()
    if not summary:
        raise ForumError(_("Ringkasan penutupan wajib diisi."))
    thread.status = ThreadStatus.CLOSED
    thread.summary = summary[:BODY_MAX]
    thread.closed_at = timezone.now()
    thread.closed_by = membership.user
    thread.save(update_fields=["status", "summary", "closed_at", "closed_by"])
    _log(thread.agency_id, membership.user, ModerationAct.CLOSE, thread=thread, reason=summary)
    return thread


@transaction.atomic
def reopen_thread(thread: Thread, *, membership: Membership) -> Thread:
    _require_moderator(membership, thread.agency_id)
    thread.status = ThreadStatus.OPEN
    thread.closed_at = None
    thread.save(update_fields=["status", "closed_at"])
    _log(thread.agency_id, membership.user, ModerationAct.REOPEN, thread=thread)
    return thread


@transaction.atomic
def publish_summary(thread: Thread, *, membership: Membership, text: str) -> Thread:
    """What the admin lets partners read of the assessment (levels, evidence) on this thread."""
    _require_moderator(membership, thread.agency_id)
    thread.published_summary = (text or "").strip()[:BODY_MAX]
    thread.save(update_fields=["published_summary"])
    _log(thread.agency_id, membership.user, ModerationAct.PUBLISH, thread=thread)
    return thread


def settings_version(found: ForumSettings) -> str:
    return version_of(found.premoderation)


@transaction.atomic
def set_premoderation(
    agency: Agency, *, membership: Membership, on: bool, version: str | None = None
) -> ForumSettings:
    """Pre-moderation on or off; `version` (settings_version as the page showed it), when
    given, refuses the change if someone else changed the setting in between."""
    _require_moderator(membership, agency.pk)
    found = forum_settings(agency)
    if found.pk:
        found = ForumSettings.objects.select_for_update().get(pk=found.pk)
    if version is not None and version != settings_version(found):
        state = _("aktif") if found.premoderation else _("tidak aktif")
        raise ForumError(
            _(
                "Pengaturan forum sudah diubah orang lain sejak Anda membukanya (pra-moderasi "
                "sekarang %(state)s); pilihan Anda belum disimpan. Periksa, lalu simpan lagi."
            )
            % {"state": state}
        )
    found.premoderation = on
    found.save(update_fields=["premoderation", "updated_at"])
    _log(agency.pk, membership.user, ModerationAct.SETTINGS, reason=f"premoderation={on}")
    return found


@transaction.atomic
def accept_post(
    post: Post,
    *,
    membership: Membership,
    unit: Unit | None,
    due_date: date,
    target_level: int,
    start_date: date | None = None,
    indicator=None,
    pic: User | None = None,
) -> Action:
    """Accept a proposed solution or a commitment: it becomes an action in the plan."""
    thread = post.thread
    _require_moderator(membership, thread.agency_id)
    if post.kind not in (PostKind.SOLUTION, PostKind.COMMITMENT):
        raise ForumError(_("Hanya usulan solusi atau dukungan/komitmen yang dapat diterima."))
    if post.state != PostState.VISIBLE:
        raise ForumError(_("Tulisan yang belum tampil tidak dapat diterima."))
    if post.action_id is not None:
        raise ForumError(_("Tulisan ini sudah menjadi rencana aksi."))
    indicator = indicator or thread.indicator
    if indicator is None:
        raise ForumError(_("Pilih indikator yang hendak dinaikkan oleh rencana aksi ini."))
    author = post.author_name
    notes = _("Dari forum: “%(title)s” (%(kind)s oleh %(author)s)\n\n%(body)s") % {
        "title": thread.title,
        "kind": post.get_kind_display(),
        "author": author,
        "body": post.body[:2000],
    }
    try:
        action = create_action(
            thread.agency,
            membership=membership,
            indicator=indicator,
            target_level=target_level,
            unit=unit,
            pic=pic,
            start_date=start_date or timezone.localdate(),
            due_date=due_date,
            notes=notes,
            cycle=thread.cycle,
            source=ActionSource.FORUM,
        )
    except PlansError as problem:
        raise ForumError(problem.message) from problem
    post.action = action
    post.accepted_at = timezone.now()
    post.save(update_fields=["action", "accepted_at"])
    _log(thread.agency_id, membership.user, ModerationAct.ACCEPT, thread=thread, post=post)
    return action


# --- partners --------------------------------------------------------------------------------


@transaction.atomic
def create_invitation(
    agency: Agency,
    *,
    membership: Membership,
    note: str = "",
    days: int = INVITATION_DAYS,
    max_uses: int = INVITATION_USES,
) -> Invitation:
    _require_moderator(membership, agency.pk)
    if not 1 <= days <= INVITATION_DAYS_MAX:
        raise ForumError(
            _("Masa berlaku tautan harus 1 sampai %(max)s hari.") % {"max": INVITATION_DAYS_MAX}
        )
    if not 1 <= max_uses <= INVITATION_USES_MAX:
        raise ForumError(
            _("Batas pemakaian tautan harus 1 sampai %(max)s orang.") % {"max": INVITATION_USES_MAX}
        )
    invitation = Invitation.objects.create(
        agency=agency,
        note=(note or "").strip()[:200],
        created_by=membership.user,
        expires_at=timezone.now() + timedelta(days=days),
        max_uses=max_uses,
    )
    _log(agency.pk, membership.user, ModerationAct.INVITE, reason=invitation.note)
    return invitation


@transaction.atomic
def revoke_invitation(invitation: Invitation, *, membership: Membership) -> Invitation:
    """The link stops working at once; people who already joined stay partners."""
    _require_moderator(membership, invitation.agency_id)
    if invitation.is_active:
        invitation.is_active = False
        invitation.revoked_at = timezone.now()
        invitation.revoked_by = membership.user
        invitation.save(update_fields=["is_active", "revoked_at", "revoked_by"])
        _log(
            invitation.agency_id,
            membership.user,
            ModerationAct.REVOKE_INVITATION,
            reason=invitation.note,
        )
    return invitation


def invitation_token(invitation: Invitation) -> str:
    """The link's token: the same on every page, because the invitation's own expiry and
    revocation (in the database) decide whether it is usable, not a timestamp in the link."""
    return signing.Signer(salt=INVITATION_LINK_SALT).sign_object(invitation.pk)


def invitation_url(invitation: Invitation) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(
        "forum:join", args=[invitation_token(invitation)]
    )


def find_invitation(token: str) -> Invitation | None:
    """The usable invitation behind a token, or None (bad signature, revoked, expired, used
    up)."""
    try:
        pk = signing.Signer(salt=INVITATION_LINK_SALT).unsign_object(token)
    except signing.BadSignature:
        try:
            # Links handed out before the token became stable carry a timestamp.
            pk = signing.loads(token, salt=INVITATION_SALT)
        except signing.BadSignature:
            return None
    if not isinstance(pk, int):
        return None
    return Invitation.objects.usable().filter(pk=pk).select_related("agency").first()


def _claim_invitation(invitation: Invitation) -> Invitation:
    """Lock the invitation and count one use; refused when it stopped being usable."""
    found = (
        Invitation.objects.select_for_update(of=("self",)).filter(pk=invitation.pk).usable().first()
    )
    if found is None:
        raise ForumError(
            _(
                "Tautan undangan ini tidak berlaku lagi: sudah dicabut, kedaluwarsa, atau "
                "kuotanya habis. Mintalah tautan baru kepada koordinator forum."
            )
        )
    Invitation.objects.filter(pk=found.pk).update(uses=F("uses") + 1)
    return found


def _check_partner(organisation: str, helix: str, consent: bool) -> None:
    if not (organisation or "").strip():
        raise ForumError(_("Organisasi wajib diisi."))
    if helix not in Helix.values:
        raise ForumError(
            _("Pilih kategori heliks: pemerintah, akademisi, swasta, masyarakat atau media.")
        )
    if not consent:
        raise ForumError(
            _("Anda perlu menyetujui pemberitahuan pelindungan data pribadi untuk bergabung.")
        )


def _refuse_if_removed(user: User, agency: Agency) -> None:
    """A person the coordinator deactivated in this agency never returns through a link."""
    if (
        not user.is_active
        or Membership.objects.filter(user=user, agency=agency, is_active=False).exists()
    ):
        raise ForumError(
            _(
                "Keanggotaan Anda di instansi ini telah dinonaktifkan oleh koordinator; tautan "
                "undangan tidak dapat mengaktifkannya kembali. Hubungi koordinator SPBE instansi "
                "bila menurut Anda ini keliru."
            )
        )


def refusal_to_join(user: User, agency: Agency) -> str | None:
    """Why a signed-in person may not join this agency's forum, for the page before the form."""
    try:
        _refuse_if_removed(user, agency)
    except ForumError as problem:
        return problem.message
    return None


def _make_partner(agency: Agency, user: User, organisation: str, helix: str) -> Membership:
    _refuse_if_removed(user, agency)
    Consent.objects.create(user=user, agency=agency, notice_version=PRIVACY_NOTICE_VERSION)
    membership, _created = Membership.objects.get_or_create(
        user=user,
        agency=agency,
        role=Role.PARTNER,
        defaults={"organisation": organisation.strip()[:200], "helix": helix},
    )
    return membership


@transaction.atomic
def join_by_invitation(
    invitation: Invitation, *, user: User, organisation: str, helix: str, consent: bool
) -> Membership:
    """A signed-in person accepts an invitation link and becomes a partner at once."""
    _check_partner(organisation, helix, consent)
    _refuse_if_removed(user, invitation.agency)
    already = Membership.objects.filter(
        user=user, agency=invitation.agency, role=Role.PARTNER, is_active=True
    ).first()
    if already is not None:
        # Opening the link twice uses up no second place.
        return already
    _claim_invitation(invitation)
    return _make_partner(invitation.agency, user, organisation, helix)


def _send_after_commit(subject: str, body: str, to: str) -> None:
    """Through the outbox like every other mail: an outage loses nothing, and the
    registration is saved either way."""
    queue_email(to, subject, body)


def confirmation_token(application: PartnerApplication) -> str:
    return signing.dumps(application.pk, salt=CONFIRMATION_SALT)


def _mail_confirmation(application: PartnerApplication) -> None:
    user = application.user
    link = settings.SITE_URL.rstrip("/") + reverse(
        "forum:confirm", args=[confirmation_token(application)]
    )
    body = _(
        "Halo %(name)s,\n\nAnda mendaftar sebagai mitra Forum Kolaborasi %(agency)s di Simpul. "
        "Buka tautan berikut dalam %(days)s hari untuk menyelesaikan pendaftaran:\n%(link)s\n\n"
        "Bila Anda tidak mendaftar, abaikan email ini."
    ) % {
        "name": user.full_name,
        "agency": application.agency.name,
        "days": CONFIRMATION_DAYS,
        "link": link,
    }
    _send_after_commit(_("Konfirmasi pendaftaran mitra Simpul"), body, user.email)


def _mail_existing_account(user: User, agency: Agency, invitation: Invitation | None) -> None:
    """The owner of an address that already has an account hears what to do instead."""
    base = settings.SITE_URL.rstrip("/")
    waiting = user.forum_applications.filter(
        status=ApplicationStatus.PENDING, invitation__isnull=True
    )
    if not user.is_active and waiting.exists():
        next_step = _(
            "Pendaftaran Anda sebelumnya masih menunggu persetujuan koordinator forum; Anda "
            "dapat masuk setelah disetujui."
        )
    elif invitation is not None:
        next_step = _("Masuk dengan akun itu, lalu buka lagi tautan undangan:\n%(link)s") % {
            "link": invitation_url(invitation)
        }
    else:
        next_step = _("Masuk dengan akun itu; koordinator forum dapat mengundang akun Anda.")
    body = _(
        "Ada pendaftaran mitra Forum Kolaborasi %(agency)s di Simpul dengan alamat email ini, "
        "padahal alamat ini sudah memiliki akun. Pendaftaran itu tidak dibuat.\n\n%(next)s\n\n"
        "Lupa kata sandi? %(reset)s\n\nBila bukan Anda yang mendaftar, abaikan email ini."
    ) % {
        "agency": agency.name,
        "next": next_step,
        "reset": base + reverse("accounts:password_reset"),
    }
    _send_after_commit(_("Pendaftaran mitra Simpul: alamat sudah terdaftar"), body, user.email)


@transaction.atomic
def register_partner(
    agency: Agency,
    *,
    full_name: str,
    email: str,
    password: str,
    organisation: str,
    helix: str,
    phone: str = "",
    consent: bool,
    invitation: Invitation | None = None,
) -> User | None:
    """A new, inactive account. Through an invitation it activates when the person opens the
    confirmation mail; otherwise when the admin approves.

    An address that already has an account gets a mail saying so, and the caller the same
    answer as for a new address (None instead of the user), so the form reveals nobody.
    """
    _check_partner(organisation, helix, consent)
    full_name, email = " ".join((full_name or "").split()), (email or "").strip().lower()
    if not full_name:
        raise ForumError(_("Nama lengkap wajib diisi."))
    if not email or "@" not in email:
        raise ForumError(_("Alamat email wajib diisi dengan benar."))
    if len(email) > EMAIL_MAX_LENGTH:
        raise ForumError(
            _("Alamat email terlalu panjang: %(length)s karakter, paling banyak %(max)s.")
            % {"length": len(email), "max": EMAIL_MAX_LENGTH}
        )
    user = User(username=email, email=email, full_name=full_name[:200], phone=phone.strip()[:40])
    try:
        validate_password(password, user)
    except ValidationError as problem:
        raise ForumError(
            _("Kata sandi ditolak: %(why)s") % {"why": " ".join(problem.messages)}
        ) from problem
    # Hash before looking the address up, so both answers take as long.
    user.set_password(password)
    existing = User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).first()
    if existing is not None:
        waiting = _unconfirmed_application(existing)
        if waiting is not None:
            _mail_confirmation(waiting)
        else:
            _mail_existing_account(existing, agency, invitation)
        return None
    user.is_active = False
    user.save()
    Consent.objects.create(user=user, agency=agency, notice_version=PRIVACY_NOTICE_VERSION)
    application = PartnerApplication.objects.create(
        agency=agency,
        user=user,
        organisation=organisation.strip()[:200],
        helix=helix,
        invitation=invitation,
    )
    if invitation is not None:
        _mail_confirmation(application)
    return user


def _unconfirmed_application(user: User) -> PartnerApplication | None:
    """The pending invitation registration of a never-activated account, to mail it again."""
    if user.is_active or user.last_login is not None:
        return None
    return (
        PartnerApplication.objects.filter(
            user=user, invitation__isnull=False, status=ApplicationStatus.PENDING
        )
        .select_related("agency", "user")
        .first()
    )


@transaction.atomic
def confirm_registration(token: str) -> PartnerApplication:
    """The person opened the confirmation mail: activate the account and join by the
    invitation, if the invitation is still usable."""
    try:
        pk = signing.loads(token, salt=CONFIRMATION_SALT, max_age=CONFIRMATION_DAYS * 86400)
    except signing.BadSignature:
        pk = None
    application = (
        PartnerApplication.objects.select_for_update(of=("self",))
        .filter(pk=pk, invitation__isnull=False, status=ApplicationStatus.PENDING)
        .select_related("agency", "user", "invitation")
        .first()
        if isinstance(pk, int)
        else None
    )
    if application is None:
        raise ForumError(
            _(
                "Tautan konfirmasi ini tidak berlaku: salah, kedaluwarsa, atau sudah dipakai. "
                "Daftar lagi lewat tautan undangan untuk mendapat tautan baru."
            )
        )
    _claim_invitation(application.invitation)
    user = application.user
    user.is_active = True
    user.save(update_fields=["is_active"])
    Membership.objects.get_or_create(
        user=user,
        agency=application.agency,
        role=Role.PARTNER,
        defaults={"organisation": application.organisation, "helix": application.helix},
    )
    application.status = ApplicationStatus.APPROVED
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "decided_at"])
    return application


@transaction.atomic
def decide_application(
    application: PartnerApplication, *, membership: Membership, approve: bool
) -> PartnerApplication:
    _require_moderator(membership, application.agency_id)
    if application.status != ApplicationStatus.PENDING:
        raise ForumError(_("Pendaftaran ini sudah diputuskan."))
    application.status = ApplicationStatus.APPROVED if approve else ApplicationStatus.REJECTED
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "decided_at"])
    user = application.user
    if approve:
        user.is_active = True
        user.save(update_fields=["is_active"])
        Membership.objects.update_or_create(
            user=user,
            agency=application.agency,
            role=Role.PARTNER,
            defaults={
                "organisation": application.organisation,
                "helix": application.helix,
                "is_active": True,
            },
        )
    act = ModerationAct.APPROVE_PARTNER if approve else ModerationAct.REJECT_PARTNER
    _log(application.agency_id, membership.user, act, reason=user.email)
    return application


# --- personal data ---------------------------------------------------------------------------

# Minutes approved or published are signed official records (evidence for the evaluation):
# their attendance keeps the names, as the privacy notice says.
KEPT_MINUTES = (MinutesStatus.APPROVED, MinutesStatus.PUBLISHED)
KEPT_EXPLANATION = (
    "Daftar hadir rapat yang notulennya sudah disetujui atau diterbitkan, dan dokumen data "
    "dukung yang sudah dibuat darinya, disimpan sebagai arsip resmi evaluasi SPBE instansi "
    "(kewajiban pengarsipan); nama Anda di dalamnya tidak dihapus. Tulisan forum tetap ada "
    "dengan nama “mantan peserta”."
)


def export_personal_data(user: User) -> dict[str, Any]:
    """Everything the platform keeps about a person in the forum, as plain data."""
    return {
        "akun": {
            "username": user.username,
            "nama": user.full_name,
            "email": user.email,
            "telepon": user.phone,
            "jabatan": user.job_title,
            "terdaftar": user.date_joined.isoformat(),
        },
        "keanggotaan": [
            {
                "instansi": m.agency.name,
                "peran": m.role,
                "organisasi": m.organisation,
                "heliks": m.helix,
                "aktif": m.is_active,
            }
            for m in user.memberships.select_related("agency")
        ],
        "persetujuan": [
            {
                "instansi": c.agency.name,
                "versi": c.notice_version,
                "tanggal": c.given_at.isoformat(),
            }
            for c in user.forum_consents.select_related("agency")
        ],
        "tulisan": [
            {
                "utas": p.thread.title,
                "jenis": p.kind,
                "isi": p.body,
                "tanggal": p.created_at.isoformat(),
            }
            for p in user.forum_posts.select_related("thread")
        ],
        "notifikasi": [
            {"jenis": p.kind, "pengiriman": p.delivery, "whatsapp": p.whatsapp}
            for p in NotificationPreference.objects.filter(user=user)
        ],
        "lampiran": [
            {"utas": a.post.thread.title, "berkas": a.original_name, "ukuran": a.size}
            for a in Attachment.objects.filter(post__author=user).select_related("post__thread")
        ],
        "pendaftaran_mitra": [
            {
                "instansi": a.agency.name,
                "organisasi": a.organisation,
                "heliks": a.helix,
                "status": a.status,
                "tanggal": a.created_at.isoformat(),
            }
            for a in user.forum_applications.select_related("agency")
        ],
        "catatan_moderasi": [
            {"tindakan": entry.act, "keterangan": entry.reason, "tanggal": entry.at.isoformat()}
            for entry in (
                ModerationLog.objects.filter(reason__icontains=user.email) if user.email else ()
            )
        ],
        "kehadiran_rapat": [
            {
                "rapat": row.meeting.title,
                "tanggal": row.meeting.starts_at.isoformat(),
                "nama": row.name,
                "organisasi": row.organisation,
                "disimpan_sebagai_arsip_resmi": row.meeting.minutes_status in KEPT_MINUTES,
            }
            for row in Attendance.objects.filter(membership__user=user).select_related("meeting")
        ],
        "komentar_notulen": [
            {"rapat": c.meeting.title, "isi": c.body, "tanggal": c.created_at.isoformat()}
            for c in MinutesComment.objects.filter(author=user).select_related("meeting")
        ],
        "yang_tetap_disimpan": KEPT_EXPLANATION,
    }


@transaction.atomic
def delete_personal_data(user: User) -> None:
    """Deactivate and anonymise the account; posts stay, shown as by "mantan peserta".

    Every copy goes too: the email in the moderation log, the name and organisation in
    meeting attendance (except where the minutes are approved or published: signed minutes
    are an official record, as the privacy notice says), the organisation of partner
    applications, the files attached to the person's posts, and sign-in failure records.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    old_names = {user.username.casefold(), user.email.casefold()} - {""}
    pseudonym = f"mantan peserta #{user.pk}"
    for entry in ModerationLog.objects.filter(reason__icontains=user.email) if user.email else ():
        entry.reason = re.sub(re.escape(user.email), pseudonym, entry.reason, flags=re.IGNORECASE)
        entry.save(update_fields=["reason"])
    Attendance.objects.filter(membership__user=user).exclude(
        meeting__minutes_status__in=KEPT_MINUTES
    ).update(name=pseudonym, organisation="")
    user.forum_applications.update(organisation="")
    for attachment in Attachment.objects.filter(post__author=user):
        attachment.delete()  # its file goes once this commits (simpul/core/files.py)
    LoginFailure.objects.filter(username__in=old_names).delete()
    # Messages to the person, queued or sent (a sent one keeps only its address).
    OutboxMessage.objects.filter(recipient__in={user.email, user.phone} - {""}).delete()
    for agency_id in set(user.memberships.values_list("agency_id", flat=True)):
        public_page_changed(agency_id)  # published threads show the new name
    user.username = f"{ANONYMOUS_PREFIX}{user.pk}"
    user.email = f"{ANONYMOUS_PREFIX}{user.pk}@invalid.example"
    user.full_name = ""
    user.first_name = user.last_name = ""
    user.phone = ""
    user.job_title = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    user.memberships.update(is_active=False, organisation="")
    Follow.objects.filter(user=user).delete()
    NotificationPreference.objects.filter(user=user).delete()
    user.digest_items.all().delete()
    user.forum_applications.filter(status=ApplicationStatus.PENDING).update(
        status=ApplicationStatus.REJECTED, decided_at=timezone.now()
    )
