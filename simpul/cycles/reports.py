"""The Berita Acara Penilaian Mandiri as a PDF, rendered from the lock-time snapshot.

The document is built only from `cycle.self_assessment_snapshot`, so it reads the same
whenever it is downloaded, whatever happened to the answers after the lock.
"""

from datetime import datetime

from simpul.core.pdf import official_document, render_pdf

from .models import AnswerStatus, Cycle


def berita_acara_pdf(cycle: Cycle) -> bytes:
    snapshot = cycle.self_assessment_snapshot
    locked_at = datetime.fromisoformat(snapshot["locked_at"])
    counts = snapshot.get("status_counts") or {}
    # An official document: in Indonesian, in the agency's zone (WIB, WITA or WIT), whoever or
    # whatever builds the PDF; the status labels below are read under the same setting.
    with official_document(cycle.agency.zone):
        # What was and was not submitted, stated exactly (older snapshots have no counts).
        status_rows = [
            (str(status.label), counts[status.value])
            for status in AnswerStatus
            if counts.get(status.value)
        ]
        unsubmitted = counts.get(AnswerStatus.DRAFT.value, 0) + counts.get(
            AnswerStatus.CHANGES_REQUESTED.value, 0
        )
    return render_pdf(
        "cycles/berita_acara.html",
        {
            "cycle": cycle,
            "snapshot": snapshot,
            "locked_at": cycle.agency.localtime(locked_at),
            "zone": cycle.agency.zone_abbreviation,
            "status_rows": status_rows,
            "unsubmitted": unsubmitted,
        },
        zone=cycle.agency.zone,
    )


def berita_acara_filename(cycle: Cycle) -> str:
    return f"berita-acara-penilaian-mandiri-{cycle.agency.short_code}-{cycle.year}.pdf"
