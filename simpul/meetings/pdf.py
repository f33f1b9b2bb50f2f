"""Notulen and daftar hadir of one meeting as one PDF, with the agency's header and signatures."""

from simpul.core.pdf import render_pdf

from .models import Meeting


def minutes_pdf(meeting: Meeting) -> bytes:
    agenda = meeting.agenda.select_related("indicator").prefetch_related("decisions__unit")
    attendance = meeting.attendance.all()
    # An official document: in Indonesian, its times in the agency's zone, whoever renders it.
    return render_pdf(
        "meetings/minutes_pdf.html",
        {
            "meeting": meeting,
            "agenda": agenda,
            "attendance": attendance,
            "starts": meeting.agency.localtime(meeting.starts_at),
            "ends": meeting.agency.localtime(meeting.ends_at),
            "zone_abbr": meeting.agency.zone_abbreviation,
        },
        zone=meeting.agency.zone,
    )


def minutes_filename(meeting: Meeting) -> str:
    day = meeting.agency.today(meeting.starts_at).isoformat()
    return f"notulen-{meeting.agency.short_code}-{day}-{meeting.pk}.pdf"
