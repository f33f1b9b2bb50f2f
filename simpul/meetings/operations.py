"""Write paths for meetings: scheduling, invitations, attendance, minutes, decisions, export.

Views, the reminder command and tests all go through these functions. Each checks who may do
it and what is valid, and refuses with MeetingError carrying a message fit to show.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from simpul.agencies.models import Agency, Helix, Membership, TimeZone, Unit
from simpul.core.dates import MAX_MEETING_DAYS, validate_plan_date
from simpul.core.errors import Refusal
from simpul.core.versions import version_of
from simpul.cycles.items import link_item_evidence
from simpul.cycles.models import Answer, Cycle
from simpul.cycles.operations import ActionError
from simpul.dashboard.operations import public_page_changed
from simpul.evidence import sniffing
from simpul.evidence.models import DocumentType, Evidence
from simpul.evidence.operations import (
    DuplicateEvidenceError,
    EvidenceError,
    link_evidence,
    upload_evidence,
)
from simpul.frameworks.models import Indicator, Item
from simpul.plans.models import Action, ActionSource
from simpul.plans.operations import PlansError, create_action

from . import ics, notify
from .models import (
    AgendaItem,
    Attendance,
    CheckInMethod,
    Decision,
    Invitation,
    Meeting,
    MeetingKind,
    MinutesComment,
    MinutesStatus,
    Photo,
    Recurrence,
    Rsvp,
)
from .recurrence import RecurrenceError, occurrences

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
# Check-in by code opens this long before the start and closes this long after the end.
CHECK_IN_BEFORE = timedelta(hours=1)
CHECK_IN_AFTER = timedelta(hours=1)
PHOTO_MAX_BYTES = 5 * 1024 * 1024
TITLE_MAX = 200
COMMENT_MAX = 4000


class MeetingError(Refusal):
    """A refused operation, with a message fit to show the user."""


class MinutesConflict(MeetingError):
    """The minutes changed since the version the admin worked on; nothing was written."""

    status_code = 409

    def __init__(self, meeting: Meeting, agenda: list[AgendaItem]) -> None:
        super().__init__(
            _(
                "Notulen ini sudah diubah orang lain sejak Anda membukanya; perubahan Anda belum "
                "disimpan. Isian Anda tetap di formulir; notulen tersimpan sekarang ada di "
                "bawahnya. Simpan lagi bila isian Anda yang benar."
            )
        )
        self.version = minutes_version(meeting, agenda)


def minutes_version(meeting: Meeting, agenda: Iterable[AgendaItem]) -> str:
    """The digest of the minutes as saved: the summary and every agenda item's text."""
    return version_of(meeting.summary, sorted((item.pk, item.minutes) for item in agenda))


def _admin(membership: Membership, agency_id: int) -> None:
    if not membership.can("meeting.manage") or membership.agency_id != agency_id:
        raise MeetingError(_("Hanya koordinator (admin) instansi ini yang dapat melakukan ini."))


def local(moment: datetime, agency: Agency) -> str:
    """“10 Maret 2026, 10.00 WITA”: a moment as the agency's people read it, in its zone."""
    when = date_format(agency.localtime(moment), "j F Y, H:i")
    return f"{when} {agency.zone_abbreviation}"


# --- scheduling ---------------------------------------------------------------------------


def _new_code(agency: Agency) -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _n in range(CODE_LENGTH))
        if not Meeting.objects.for_agency(agency).filter(code=code).exists():
            return code


def check_schedule(
    title: str, kind: str, starts_at: datetime, ends_at: datetime, agency: Agency
) -> str:
    title = " ".join(title.split())
    if not title:
        raise MeetingError(_("Judul rapat wajib diisi."))
    if len(title) > TITLE_MAX:
        raise MeetingError(_("Judul rapat paling panjang %(max)s karakter.") % {"max": TITLE_MAX})
    if MeetingKind.parse(kind) is None:
        raise MeetingError(_("Jenis rapat “%(value)s” tidak dikenal.") % {"value": kind})
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise MeetingError(_("Waktu rapat harus lengkap dengan zona waktu."))
    if ends_at <= starts_at:
        raise MeetingError(
            _("Waktu selesai (%(end)s) harus sesudah waktu mulai (%(start)s).")
            % {"end": local(ends_at, agency), "start": local(starts_at, agency)}
        )
    # The form says it first; this guards commands and the monthly series from year 10000.
    for moment in (starts_at, ends_at):
        try:
            validate_plan_date(agency.localtime(moment))
        except ValidationError as error:
            raise MeetingError(error.messages[0]) from error
    if ends_at - starts_at > timedelta(days=MAX_MEETING_DAYS):
        raise MeetingError(
            _("Rapat paling lama %(days)d hari; periksa tanggal selesai.")
            % {"days": MAX_MEETING_DAYS}
        )
    return title


@transaction.atomic
def schedule_meeting(
    agency: Agency,
    *,
    membership: Membership,
    title: str,
    kind: str,
    starts_at: datetime,
    ends_at: datetime,
    place: str = "",
    online_link: str = "",
    chair: Membership | None = None,
    summary: str = "",
    recurrence: str = Recurrence.NONE,
    count: int = 1,
    agenda: Iterable[tuple] = (),
) -> list[Meeting]:
    """Create a meeting, or every meeting of a monthly/quarterly series, with its agenda:
    (title, indicator or None[, forum thread or None]) per item."""
    _admin(membership, agency.pk)
    title = check_schedule(title, kind, starts_at, ends_at, agency)
    kind = MeetingKind.parse(kind)
    recurrence = Recurrence.parse(recurrence) or recurrence
    if chair is not None and chair.agency_id != agency.pk:
        raise MeetingError(_("Pimpinan rapat harus anggota instansi ini."))
    # A series keeps the agency's wall-clock time and calendar day (09.00 WITA on the 31st
    # stays 09.00 WITA at each month's end), so the dates are counted in the agency's zone.
    starts = [agency.localtime(starts_at)]
    if recurrence:
        try:
            starts = occurrences(agency.localtime(starts_at), recurrence, count)
        except RecurrenceError as error:
            raise MeetingError(str(error)) from error
    agenda = list(agenda)
    meetings: list[Meeting] = []
    for start in starts:
        meeting = Meeting.objects.create(
            agency=agency,
            series=meetings[0] if meetings else None,
            recurrence=recurrence,
            title=title,
            kind=kind,
            starts_at=start,
            ends_at=start + (ends_at - starts_at),
            place=place.strip(),
            online_link=online_link.strip(),
            chair=chair,
            summary=summary.strip(),
            code=_new_code(agency),
            created_by=membership.user,
        )
        for position, (item_title, indicator, *thread) in enumerate(agenda, start=1):
            add_agenda_item(
                meeting,
                membership=membership,
                title=item_title,
                indicator=indicator,
                thread=thread[0] if thread else None,
                position=position,
            )
        meetings.append(meeting)
    return meetings


@transaction.atomic
def add_agenda_item(
    meeting: Meeting,
    *,
    membership: Membership,
    title: str,
    indicator: Indicator | None = None,
    thread=None,
    position: int | None = None,
) -> AgendaItem:
    _admin(membership, meeting.agency_id)
    if meeting.minutes_status in (MinutesStatus.APPROVED, MinutesStatus.PUBLISHED):
        raise MeetingError(_("Notulen sudah disetujui; agenda tidak dapat ditambah lagi."))
    title = " ".join(title.split())
    if not title:
        raise MeetingError(_("Pokok bahasan mata acara wajib diisi."))
    if len(title) > TITLE_MAX:
        raise MeetingError(_("Pokok bahasan paling panjang %(max)s karakter.") % {"max": TITLE_MAX})
    if thread is not None and thread.agency_id != meeting.agency_id:
        raise MeetingError(_("Utas forum itu bukan milik instansi ini."))
    if position is None:
        position = meeting.agenda.count() + 1
    return AgendaItem.objects.create(
        meeting=meeting,
        title=title,
        indicator=indicator,
        thread=thread,
        position=position,
    )


# --- invitations, RSVP and reminders ------------------------------------------------------


def _invitation_text(meeting: Meeting) -> str:
    where = meeting.place or meeting.online_link or "-"
    return _("Anda diundang ke %(title)s pada %(when)s di %(where)s.") % {
        "title": meeting.title,
        "when": local(meeting.starts_at, meeting.agency),
        "where": where,
    }


@transaction.atomic
def invite(
    meeting: Meeting, members: Iterable[Membership], *, membership: Membership, url: str = ""
) -> list[Invitation]:
    """Invite members (any role, partners too); each new invitee gets an email with an .ics."""
    _admin(membership, meeting.agency_id)
    created = []
    for member in members:
        if member.agency_id != meeting.agency_id:
            raise MeetingError(
                _("%(name)s bukan anggota instansi ini.") % {"name": member.user.display_name}
            )
        invitation, new = Invitation.objects.get_or_create(meeting=meeting, membership=member)
        if new:
            created.append(invitation)
    if created:
        users = [item.membership.user for item in created]
        attachment = ("rapat.ics", ics.meeting_ics(meeting, url=url), "text/calendar")
        subject = _("Undangan: %(title)s") % {"title": meeting.title}
        body = _invitation_text(meeting)
        notify.send(
            users,
            kind="invitation",
            agency=meeting.agency,
            subject=subject,
            body=body,
            url=url,
            attachments=[attachment],
        )
    return created


@transaction.atomic
def respond(invitation: Invitation, answer: str, *, membership: Membership) -> Invitation:
    if invitation.membership_id != membership.pk:
        raise MeetingError(_("Hanya orang yang diundang yang dapat menjawab undangan ini."))
    answer = Rsvp.parse(answer) or answer
    if answer not in (Rsvp.YES, Rsvp.NO, Rsvp.MAYBE):
        raise MeetingError(
            _("Jawaban “%(value)s” tidak dikenal; pilih hadir, tidak, atau mungkin.")
            % {"value": answer}
        )
    invitation.rsvp, invitation.responded_at = answer, timezone.now()
    invitation.save(update_fields=["rsvp", "responded_at"])
    return invitation


def send_reminders(today: date | None = None, *, url_for=None, now: datetime | None = None) -> int:
    """Remind invitees (not those who declined) of tomorrow's meetings; once per day each.

    "Tomorrow" is the agency's: each zone's agencies are reminded of the meetings that start
    on the day after their own calendar day at `now` (or after `today`, when given)."""
    now = now or timezone.now()
    sent = 0
    for zone in TimeZone:
        day = today or timezone.localdate(now, ZoneInfo(zone.value))
        sent += _remind_zone(zone, day, url_for)
    return sent


def _remind_zone(zone: TimeZone, today: date, url_for) -> int:
    tzinfo = ZoneInfo(zone.value)
    tomorrow = datetime.combine(today + timedelta(days=1), time.min, tzinfo=tzinfo)
    due = (
        Invitation.objects.filter(
            meeting__agency__time_zone=zone,
            meeting__starts_at__gte=tomorrow,
            meeting__starts_at__lt=tomorrow + timedelta(days=1),
        )
        .exclude(rsvp=Rsvp.NO)
        .exclude(reminded_on=today)
        .select_related("meeting__agency", "membership__user")
    )
    sent = 0
    for invitation in due:
        with transaction.atomic():
            updated = Invitation.objects.filter(pk=invitation.pk).exclude(reminded_on=today)
            if not updated.update(reminded_on=today):
                continue  # another run reminded them a moment ago
            meeting = invitation.meeting
            url = url_for(meeting) if url_for else ""
            subject = _("Pengingat: %(title)s besok") % {"title": meeting.title}
            body = _invitation_text(meeting)
            user = invitation.membership.user
            notify.send(
                [user],
                kind="reminder",
                agency=meeting.agency,
                subject=subject,
                body=body,
                url=url,
            )
            sent += 1
    return sent


# --- attendance ---------------------------------------------------------------------------


def _attendance_row(meeting, member: Membership, method: str, recorder, at) -> Attendance:
    if Attendance.objects.filter(meeting=meeting, membership=member).exists():
        raise MeetingError(
            _("%(name)s sudah tercatat hadir di rapat ini.") % {"name": member.user.display_name}
        )
    return Attendance.objects.create(
        meeting=meeting,
        membership=member,
        name=member.user.display_name,
        organisation=member.organisation
        or (member.unit.name if member.unit else "")
        or meeting.agency.name,
        helix=member.helix or Helix.GOVERNMENT,
        method=method,
        checked_in_at=at or timezone.now(),
        recorded_by=recorder,
    )


@transaction.atomic
def check_in(meeting: Meeting, member: Membership, *, membership: Membership) -> Attendance:
    """The secretary (admin) records a member as present."""
    _admin(membership, meeting.agency_id)
    if member.agency_id != meeting.agency_id:
        raise MeetingError(_("Orang itu bukan anggota instansi ini."))
    return _attendance_row(meeting, member, CheckInMethod.SECRETARY, membership.user, None)


@transaction.atomic
def add_guest(
    meeting: Meeting, *, membership: Membership, name: str, organisation: str, helix: str
) -> Attendance:
    """The secretary adds someone without an account to the attendance list."""
    _admin(membership, meeting.agency_id)
    name = " ".join(name.split())
    if not name:
        raise MeetingError(_("Nama tamu wajib diisi."))
    helix = Helix.parse(helix) or helix
    if helix not in Helix.values:
        raise MeetingError(
            _(
                "Kategori heliks “%(value)s” tidak dikenal; pilih pemerintah, akademisi, swasta, "
                "masyarakat atau media."
            )
            % {"value": helix}
        )
    return Attendance.objects.create(
        meeting=meeting,
        name=name[:200],
        organisation=" ".join(organisation.split())[:200],
        helix=helix,
        method=CheckInMethod.GUEST,
        checked_in_at=timezone.now(),
        recorded_by=membership.user,
    )


def may_check_in(meeting: Meeting, membership: Membership) -> bool:
    if membership.agency_id != meeting.agency_id:
        return False
    if membership.can("meeting.read_all"):
        return True
    return meeting.invitations.filter(membership=membership).exists()


@transaction.atomic
def check_in_with_code(
    agency: Agency, code: str, *, membership: Membership, now: datetime | None = None
) -> Attendance:
    """An attendee checks themself in with the meeting's code, during the check-in window."""
    code = "".join(code.split()).upper()
    if not code:
        raise MeetingError(_("Kode rapat wajib diisi."))
    meeting = Meeting.objects.for_agency(agency).filter(code=code).first()
    if meeting is None or not may_check_in(meeting, membership):
        raise MeetingError(
            _(
                "Kode rapat “%(code)s” tidak dikenal. Periksa kembali kode yang ditampilkan "
                "sekretaris rapat."
            )
            % {"code": code}
        )
    now = now or timezone.now()
    opens, closes = meeting.starts_at - CHECK_IN_BEFORE, meeting.ends_at + CHECK_IN_AFTER
    if now < opens:
        raise MeetingError(
            _("Presensi “%(title)s” belum dibuka; kode dapat dipakai mulai %(opens)s.")
            % {"title": meeting.title, "opens": local(opens, agency)}
        )
    if now > closes:
        raise MeetingError(
            _(
                "Presensi “%(title)s” sudah ditutup pada %(closes)s; minta sekretaris rapat "
                "mencatat kehadiran Anda."
            )
            % {"title": meeting.title, "closes": local(closes, agency)}
        )
    return _attendance_row(meeting, membership, CheckInMethod.CODE, membership.user, now)


# --- minutes ------------------------------------------------------------------------------


def attended(meeting: Meeting, membership: Membership) -> bool:
    return meeting.attendance.filter(membership=membership).exists()


@transaction.atomic
def save_minutes(
    meeting: Meeting,
    *,
    membership: Membership,
    items: Mapping[int, str],
    summary: str | None = None,
    version: str | None = None,
) -> Meeting:
    """The admin writes the minutes per agenda item while they are a draft or under review.

    `version` is `minutes_version` as the form showed it: when someone saved the minutes in
    between, nothing is written (MinutesConflict).
    """
    _admin(membership, meeting.agency_id)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.minutes_status not in (MinutesStatus.DRAFT, MinutesStatus.REVIEW):
        raise MeetingError(
            _("Notulen sudah %(status)s dan tidak dapat diubah lagi.")
            % {"status": meeting.get_minutes_status_display().lower()}
        )
    agenda = list(meeting.agenda.select_for_update())
    if version is not None and version != minutes_version(meeting, agenda):
        raise MinutesConflict(meeting, agenda)
    for item in agenda:
        if item.pk in items and items[item.pk] != item.minutes:
            item.minutes = items[item.pk].strip()
            item.save(update_fields=["minutes"])
    if summary is not None:
        meeting.summary = summary.strip()
        meeting.save(update_fields=["summary"])
        public_page_changed(meeting.agency_id)
    return meeting


TRANSITIONS = {
    MinutesStatus.REVIEW: (MinutesStatus.DRAFT,),
    MinutesStatus.APPROVED: (MinutesStatus.DRAFT, MinutesStatus.REVIEW),
    MinutesStatus.PUBLISHED: (MinutesStatus.APPROVED,),
    MinutesStatus.DRAFT: (MinutesStatus.REVIEW,),
}


@transaction.atomic
def move_minutes(meeting: Meeting, to: str, *, membership: Membership, url: str = "") -> Meeting:
    """draft → review (attendees comment) → approved (by the chair, recorded by the admin) →
    published; review may go back to draft. The chair approves in person, or the admin
    records the chair's approval."""
    to = MinutesStatus.parse(to) or to
    is_chair = meeting.chair_id is not None and meeting.chair_id == membership.pk
    if not (to == MinutesStatus.APPROVED and is_chair):
        _admin(membership, meeting.agency_id)
    current = Meeting.objects.select_for_update().get(pk=meeting.pk).minutes_status
    meeting.minutes_status = current
    if to not in TRANSITIONS or current not in TRANSITIONS[to]:
        raise MeetingError(
            _("Notulen berstatus %(status)s tidak dapat dipindah ke status “%(to)s”.")
            % {"status": meeting.get_minutes_status_display().lower(), "to": to}
        )
    if to == MinutesStatus.REVIEW and not meeting.attendance.exists():
        raise MeetingError(_("Catat kehadiran dulu: belum ada peserta yang dapat meninjau."))
    meeting.minutes_status = to
    fields = ["minutes_status"]
    if to == MinutesStatus.APPROVED:
        meeting.approved_by, meeting.approved_at = membership.user, timezone.now()
        fields += ["approved_by", "approved_at"]
    if to == MinutesStatus.PUBLISHED:
        meeting.published_at = timezone.now()
        fields.append("published_at")
    meeting.save(update_fields=fields)
    if MinutesStatus.PUBLISHED in (current, to):
        public_page_changed(meeting.agency_id)
    if to == MinutesStatus.REVIEW:
        users = [
            row.membership.user
            for row in meeting.attendance.filter(membership__isnull=False).select_related(
                "membership__user"
            )
        ]
        subject = _("Mohon tinjau notulen: %(title)s") % {"title": meeting.title}
        body = _("Draf notulen %(title)s menunggu komentar Anda.") % {"title": meeting.title}
        notify.send(
            users,
            kind="minutes_review",
            agency=meeting.agency,
            subject=subject,
            body=body,
            url=url,
        )
    return meeting


@transaction.atomic
def comment_on_minutes(
    meeting: Meeting, *, membership: Membership, body: str, item: AgendaItem | None = None
) -> MinutesComment:
    if meeting.minutes_status != MinutesStatus.REVIEW:
        raise MeetingError(_("Komentar hanya dapat diberikan saat notulen sedang ditinjau."))
    if membership.agency_id != meeting.agency_id or not (
        membership.can("meeting.manage") or attended(meeting, membership)
    ):
        raise MeetingError(_("Hanya peserta yang hadir yang dapat mengomentari notulen ini."))
    body = body.strip()
    if not body:
        raise MeetingError(_("Komentar tidak boleh kosong."))
    if len(body) > COMMENT_MAX:
        raise MeetingError(
            _("Komentar paling panjang %(max)s karakter (Anda menulis %(count)s).")
            % {"max": COMMENT_MAX, "count": len(body)}
        )
    if item is not None and item.meeting_id != meeting.pk:
        raise MeetingError(_("Mata acara itu bukan bagian rapat ini."))
    return MinutesComment.objects.create(
        meeting=meeting, item=item, author=membership.user, body=body
    )


# --- decisions and actions ----------------------------------------------------------------


@transaction.atomic
def record_decision(
    item: AgendaItem,
    *,
    membership: Membership,
    text: str,
    unit: Unit | None = None,
    due_date: date | None = None,
) -> Decision:
    _admin(membership, item.meeting.agency_id)
    text = text.strip()
    if not text:
        raise MeetingError(_("Isi keputusan wajib diisi."))
    if unit is not None and unit.agency_id != item.meeting.agency_id:
        raise MeetingError(_("Unit %(unit)s bukan unit instansi ini.") % {"unit": unit})
    return Decision.objects.create(item=item, text=text, unit=unit, due_date=due_date)


@transaction.atomic
def decision_to_action(
    decision: Decision,
    *,
    membership: Membership,
    target_level: int,
    indicator: Indicator | None = None,
    unit: Unit | None = None,
    due_date: date | None = None,
    pic=None,
) -> Action:
    """Turn a decision into a rencana aksi (owner unit, due date), linked both ways."""
    meeting = decision.item.meeting
    _admin(membership, meeting.agency_id)
    if decision.action_id is not None:
        raise MeetingError(_("Keputusan ini sudah menjadi rencana aksi."))
    indicator = indicator or decision.item.indicator
    if indicator is None:
        raise MeetingError(_("Pilih indikator yang hendak dinaikkan oleh rencana aksi ini."))
    unit = unit or decision.unit
    due_date = due_date or decision.due_date
    if unit is None or due_date is None:
        raise MeetingError(_("Rencana aksi memerlukan unit pemilik dan tenggat."))
    start = meeting.agency.today(meeting.starts_at)
    cycle = Cycle.objects.for_agency(meeting.agency).filter(framework=indicator.framework).first()
    try:
        action = create_action(
            meeting.agency,
            membership=membership,
            source=ActionSource.MEETING,
            cycle=cycle,
            indicator=indicator,
            target_level=target_level,
            unit=unit,
            pic=pic,
            start_date=min(start, due_date),
            due_date=due_date,
            notes=_("Keputusan rapat “%(title)s” (%(when)s): %(text)s")
            % {
                "title": meeting.title,
                "when": local(meeting.starts_at, meeting.agency),
                "text": decision.text,
            },
        )
    except PlansError as error:
        raise MeetingError(error.message) from error
    decision.action, decision.unit, decision.due_date = action, unit, due_date
    decision.save(update_fields=["action", "unit", "due_date"])
    return action


# --- photos -------------------------------------------------------------------------------


@transaction.atomic
def add_photo(
    meeting: Meeting, uploaded_file, *, membership: Membership, caption: str = ""
) -> Photo:
    """A photo of the meeting: a real PNG or JPEG judged by its content, at most 5 MB."""
    _admin(membership, meeting.agency_id)
    name = getattr(uploaded_file, "name", "foto")
    if uploaded_file.size > PHOTO_MAX_BYTES:
        raise MeetingError(
            _("Foto “%(name)s” terlalu besar (%(size)s MB); paling besar 5 MB.")
            % {"name": name, "size": round(uploaded_file.size / 1024 / 1024, 1)}
        )
    try:
        kind = sniffing.detect_kind(uploaded_file, uploaded_file.size)
    except sniffing.UnacceptableFile as error:
        raise MeetingError(
            _("Foto “%(name)s” ditolak: %(problem)s") % {"name": name, "problem": error}
        ) from error
    if kind not in (sniffing.PNG, sniffing.JPEG):
        raise MeetingError(
            _(
                "Berkas “%(name)s” bukan foto: isinya %(kind)s, sedangkan yang diterima hanya "
                "PNG atau JPEG."
            )
            % {"name": name, "kind": kind.label}
        )
    uploaded_file.seek(0)
    photo = Photo(
        meeting=meeting,
        content_type=kind.content_type,
        caption=caption.strip()[:200],
        uploaded_by=membership.user,
    )
    photo.file.save(
        f"rapat/{meeting.pk}/{secrets.token_hex(8)}.{kind.extension}", uploaded_file, save=False
    )
    photo.save()
    return photo


# --- export as evidence -------------------------------------------------------------------


@dataclass
class ExportResult:
    evidence: Evidence
    linked: list[str] = field(default_factory=list)  # the indicator or item codes linked
    refused: list[str] = field(default_factory=list)


def current_cycle(agency: Agency) -> Cycle | None:
    return Cycle.objects.for_agency(agency).select_related("framework").order_by("-year").first()


@transaction.atomic
def export_minutes(
    meeting: Meeting, *, membership: Membership, indicator_codes: Iterable[str]
) -> ExportResult:
    """Render the minutes and attendance list as one PDF, keep it in the evidence library and
    link it to the chosen indicators of the current cycle; refused links are reported."""
    from .pdf import minutes_filename, minutes_pdf

    _admin(membership, meeting.agency_id)
    if meeting.minutes_status not in (MinutesStatus.APPROVED, MinutesStatus.PUBLISHED):
        raise MeetingError(_("Notulen harus disetujui pimpinan rapat sebelum diekspor."))
    codes = list(dict.fromkeys(code.strip().upper() for code in indicator_codes if code.strip()))
    cycle = current_cycle(meeting.agency)
    if codes and cycle is None:
        raise MeetingError(_("Instansi ini belum membuka periode evaluasi untuk ditautkan."))
    answers = {}
    if codes:
        # An item code ("I4-L1-03") names its indicator's answer, linked to that item.
        item_codes = dict(
            Item.objects.filter(
                indicator__framework=cycle.framework_id, code__in=codes
            ).values_list("code", "indicator__code")
        )
        wanted = {item_codes.get(code, code) for code in codes}
        by_indicator = {
            answer.indicator.code: answer
            for answer in Answer.objects.filter(
                cycle=cycle, indicator__code__in=wanted
            ).select_related("indicator__framework", "cycle")
        }
        answers = {
            code: by_indicator[item_codes.get(code, code)]
            for code in codes
            if item_codes.get(code, code) in by_indicator
        }
        missing = [code for code in codes if code not in answers]
        if missing:
            raise MeetingError(
                _("Indikator %(codes)s tidak ada di periode %(year)s.")
                % {"codes": ", ".join(missing), "year": cycle.year}
            )
    upload = SimpleUploadedFile(minutes_filename(meeting), minutes_pdf(meeting), "application/pdf")
    try:
        evidence = upload_evidence(
            meeting.agency,
            upload,
            title=_("Notulen dan daftar hadir %(title)s, %(when)s")
            % {
                "title": meeting.title,
                "when": date_format(meeting.agency.localtime(meeting.starts_at)),
            },
            document_type=DocumentType.MINUTES,
            issued_on=meeting.agency.today(meeting.starts_at),
            user=membership.user,
        )
    except DuplicateEvidenceError as error:
        evidence = error.existing
    except EvidenceError as error:
        raise MeetingError(str(error)) from error
    result = ExportResult(evidence=evidence)
    for code in codes:
        answer = answers[code]
        try:
            with transaction.atomic():
                if code in item_codes:
                    link_item_evidence(
                        answer, code, evidence, membership=membership, note=meeting.title
                    )
                else:
                    link_evidence(
                        answer,
                        evidence,
                        level=answer.self_level or 1,
                        note=meeting.title[:300],
                        user=membership.user,
                    )
            result.linked.append(code)
        except EvidenceError as error:
            result.refused.append(str(error))
        except ActionError as error:
            result.refused.append(error.message)
    meeting.evidence = evidence
    meeting.save(update_fields=["evidence"])
    return result
