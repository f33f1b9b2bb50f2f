"""A report on a Pemdi 2026 cycle opened from last year's SPBE 2020 one."""

import re

import pytest
from pypdf import PdfReader

from simpul.cycles import items
from simpul.cycles.models import ItemVerdict, ReviewStage
from simpul.cycles.operations import open_cycle
from simpul.cycles.tests.conftest import make_evidence
from simpul.frameworks.models import Framework
from simpul.reports import operations
from simpul.reports.models import ReportStatus

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_pdf_holds_the_item_index_the_notice_and_no_change_across_instruments(
    cycles, personas, run_tasks
) -> None:
    pemdi = Framework.objects.get(code="pemdi-2026")
    cycle = open_cycle(
        personas.agency_a, year=2026, framework=pemdi, include_visit=False,
        user=personas.admin, copy_from=cycles.now,
    )  # fmt: skip
    i1 = cycle.answers.get(indicator__code="I1")
    document = make_evidence(personas.agency_a, "Renstra Diskominfo")
    items.link_item_evidence(i1, "I1-L1-01", document, membership=personas.admin_membership)
    items.mark_item_ready(i1, "I1-L1-01", ready=True, membership=personas.admin_membership)
    report = operations.request_report(cycle, "pdf", personas.admin)
    run_tasks()
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE, report.error
    text = "\n".join(page.extract_text() for page in PdfReader(report.file.open("rb")).pages)
    assert "Dihimpun dari sumber sekunder" in text
    assert "1,03" in text and "1,50" in text  # the index, and I1's value from its items
    flat = " ".join(text.split())
    assert "instrumen lain, tidak dibandingkan" in flat
    assert re.search(r"Perubahan\s+—", text)  # no difference between two instruments
    assert "Tata Kelola dan Manajemen" in text  # aspects, not domains


def test_the_excel_export_has_a_sheet_of_items_with_their_verdicts(
    cycles, personas, run_tasks
) -> None:
    from openpyxl import load_workbook

    pemdi = Framework.objects.get(code="pemdi-2026")
    cycle = open_cycle(
        personas.agency_a, year=2026, framework=pemdi, include_visit=False, user=personas.admin
    )
    i1 = cycle.answers.get(indicator__code="I1")
    items.review_item(
        i1,
        "I1-L1-01",
        stage=ReviewStage.INTERNAL,
        verdict=ItemVerdict.REJECTED,
        membership=personas.assessor_membership,
    )
    report = operations.request_report(cycle, "xlsx", personas.admin)
    run_tasks()
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE, report.error
    sheet = load_workbook(report.file.open("rb"))["Butir"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:5] == [
        "Indikator",
        "Butir",
        "Tingkat",
        "Siap dinilai",
        "Putusan asesor internal",
    ]
    assert not [cell for cell in rows[0] if "_" in str(cell)]
    assert len(rows) == 1 + 232
    by_item = {row[1]: row for row in rows[1:]}
    assert by_item["I1-L1-01"][4] == "ditolak"
    assert by_item["I1-L2-01"][4] == "ditolak (otomatis)"  # a phrase, not the stored code
