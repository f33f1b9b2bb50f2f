"""The Berita Acara Penilaian Mandiri as a PDF, rendered from the lock-time snapshot.

The document is built only from `cycle.self_assessment_snapshot`, so it reads the same
whenever it is downloaded, whatever happened to the answers after the lock.
"""

from datetime import datetime

from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import AnswerStatus, Cycle


def berita_acara_pdf(cycle: Cycle) -> bytes:
    from weasyprint import HTML

    snapshot = cycle.self_assessment_snapshot
    locked_at = datetime.fromisoformat(snapshot["locked_at"])
    # An official document of an Indonesian agency: always in Indonesian.
    counts = snapshot.get("status_counts") or {}
    # In the agency's time zone (WIB, WITA or WIT), whoever or whatever builds the PDF.
    with translation.override("id"), timezone.override(cycle.agency.zone):
        # What was and was not submitted, stated exactly (older snapshots have no counts).
        status_rows = [
            (str(status.label), counts[status.value])
            for status in AnswerStatus
            if counts.get(status.value)
        ]
        unsubmitted = counts.get(AnswerStatus.DRAFT.value, 0) + counts.get(
            AnswerStatus.CHANGES_REQUESTED.value, 0
        )
        html = render_to_string(
            "cycles/berita_acara.html",
            {
                "cycle": cycle,
                "snapshot": snapshot,
                "locked_at": cycle.agency.localtime(locked_at),
                "zone": cycle.agency.zone_abbreviation,
                "status_rows": status_rows,
                "unsubmitted": unsubmitted,
            },
        )
    return HTML(string=html).write_pdf()


def berita_acara_filename(cycle: Cycle) -> str:
    return f"berita-acara-penilaian-mandiri-{cycle.agency.short_code}-{cycle.year}.pdf"
