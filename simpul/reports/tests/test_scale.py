"""Reports at scale: the PDF summarises long lists of documents (count, counts per level, the
first titles, "dan N dokumen lainnya"), the Excel and CSV exports keep every document, and the
queries of a report do not grow with the number of documents (bench/report_scale.py measures
time and memory at 20,000)."""

import csv
import io
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from pypdf import PdfReader

from simpul.evidence.models import Evidence, EvidenceLink
from simpul.reports import builders, content

pytestmark = pytest.mark.django_db


def link_documents(cycle, answer, count: int, *, start: int = 0, levels=(1, 2, 3)) -> list:
    documents = Evidence.objects.bulk_create(
        Evidence(agency=cycle.agency, title=f"Dokumen uji {start + n:05d}", number=f"{n}/2025")
        for n in range(count)
    )
    EvidenceLink.objects.bulk_create(
        EvidenceLink(evidence=document, answer=answer, level=levels[n % len(levels)])
        for n, document in enumerate(documents)
    )
    return documents


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_pdf_names_the_first_documents_and_counts_the_rest(cycles):
    # I01 already has the fixture's "Perbup Arsitektur SPBE" at level 3.
    link_documents(cycles.now, cycles.first, 1233)
    text = pdf_text(builders.report_pdf(cycles.now))
    flat = " ".join(text.split())
    assert "Data dukung: 1.234 dokumen" in flat
    assert "tingkat 1: 411; tingkat 2: 411; tingkat 3: 412" in flat
    assert "dan 1.224 dokumen lainnya" in flat and "lembar “Data dukung”" in flat
    # Ten, taken in turn from each level (the first linked of each level, then the second...):
    # level 1 has 0, 3, 6, 9...; level 2 has 1, 4, 7...; level 3 the Perbup, then 2, 5, 8...
    shown = [f"Dokumen uji {n:05d}" for n in (0, 3, 6, 9, 1, 4, 7, 2, 5)]
    assert all(title in flat for title in shown) and "Perbup Arsitektur SPBE" in flat
    assert "Dokumen uji 00008" not in flat and "Dokumen uji 00012" not in flat
    # Listed by level: every level-1 example before the level-2 ones.
    assert flat.index("Dokumen uji 00009") < flat.index("Dokumen uji 00001")
    second = cycles.now.answers.get(indicator__code="I02")
    link_documents(cycles.now, second, 1, start=90000, levels=(2,))
    pdf = builders.report_pdf(cycles.now)
    flat = " ".join(pdf_text(pdf).split())
    assert "Data dukung: 1 dokumen" in flat and "Dokumen uji 90000" in flat
    assert flat.count("dokumen lainnya") == 1
    # The pages are a summary, not one line per document.
    assert len(PdfReader(io.BytesIO(pdf)).pages) < 40


def test_the_excel_and_csv_exports_keep_every_document(cycles):
    link_documents(cycles.now, cycles.first, 2500)  # more than one chunk of rows (CHUNK)
    workbook = load_workbook(io.BytesIO(builders.report_xlsx(cycles.now)), read_only=True)
    rows = list(workbook["Data dukung"].values)
    assert len(rows) == 1 + 2501
    titles = {row[4] for row in rows[1:]}
    assert "Perbup Arsitektur SPBE" in titles and "Dokumen uji 02499" in titles
    sheet = load_workbook(io.BytesIO(builders.report_xlsx(cycles.now)))["Data dukung"]
    assert sheet.auto_filter.ref == "A1:O2502" and sheet.freeze_panes == "A2"
    archive = zipfile.ZipFile(io.BytesIO(builders.report_csv_zip(cycles.now)))
    lines = list(csv.reader(io.StringIO(archive.read("data_dukung.csv").decode("utf-8-sig"))))
    assert len(lines) == 1 + 2501 and lines[0][0] == "indikator"
    assert archive.read("data_dukung.csv").startswith(b"\xef\xbb\xbf")  # one BOM, for Excel


def queries_of(build, cycle) -> int:
    with CaptureQueriesContext(connection) as captured:
        build(cycle)
    return len(captured)


@pytest.mark.parametrize(
    "build",
    [content.gather, builders.report_html, builders.report_xlsx, builders.report_csv_zip],
    ids=["gather", "pdf-html", "xlsx", "csv"],
)
def test_report_queries_do_not_grow_with_documents(cycles, build, django_assert_max_num_queries):
    answers = list(cycles.now.answers.order_by("indicator__number")[:5])
    few = queries_of(build, cycles.now)
    for number, answer in enumerate(answers):
        link_documents(cycles.now, answer, 60, start=number * 1000)
    many = queries_of(build, cycles.now)
    assert many == few, (few, many)
    with django_assert_max_num_queries(few):
        build(cycles.now)
