"""Notulen and daftar hadir of one meeting as one PDF, with the agency's header and signatures."""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import Meeting


def minutes_pdf(meeting: Meeting) -> bytes:
    from weasyprint import HTML

    agenda = meeting.agenda.select_related("indicator").prefetch_related("decisions__unit")
    attendance = meeting.attendance.all()
    # An official document of an Indonesian agency: always in Indonesian.
    # Its times in the agency's zone, whoever renders it (a page, the export, a worker).
    with translation.override("id"), timezone.override(meeting.agency.zone):
        html = render_to_string(
            "meetings/minutes_pdf.html",
            {
                "meeting": meeting,
                "agenda": agenda,
                "attendance": attendance,
                "starts": meeting.agency.localtime(meeting.starts_at),
                "ends": meeting.agency.localtime(meeting.ends_at),
                "zone_abbr": meeting.agency.zone_abbreviation,
            },
        )
    return HTML(string=html).write_pdf()


def minutes_filename(meeting: Meeting) -> str:
    day = meeting.agency.today(meeting.starts_at).isoformat()
    return f"notulen-{meeting.agency.short_code}-{day}-{meeting.pk}.pdf"
