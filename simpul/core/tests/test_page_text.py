"""No English and no raw codes on any page of the Indonesian interface.

The link crawl of test_link_crawl.py signs in as each demo role and hands every page it reaches
to a scan of the text a person reads (element text and the title, placeholder, aria-label and
alt attributes; not URLs, class names or other attributes). The scan fails on English words and
on raw codes: stored choice values (``hasil_akhir``, ``internal_assessor``), framework codes
(``spbe-2020``) outside ``<code>``, ISO timestamps and Python's ``None``/``True``/``False``.
The Berita Acara and report PDFs and the Excel export of the demo are scanned the same way.
"""

import io
import re
from html import unescape

import pytest
from django.apps import apps
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader

from simpul.accounts.models import User
from simpul.core.tests.test_link_crawl import ROLES, crawl, demo  # noqa: F401 (fixture)

# English words that have no place in Indonesian text. Words that are also Indonesian, or common
# loanwords (data, format, status, email, login?), are left out on purpose.
ENGLISH = {
    "the", "and", "of", "with", "should", "must", "none", "true", "false", "null", "submit",
    "save", "delete", "edit", "cancel", "loading", "error", "draft", "pending", "submitted",
    "approved", "rejected", "please", "click", "here", "your", "you", "this", "that", "from",
    "for", "not", "are", "have", "has", "will", "page", "search", "next", "previous", "back",
    "dashboard", "settings", "logout", "upload", "download", "required", "field", "invalid",
    "yes", "open", "closed", "locked", "done", "failed", "queued", "running", "user",
    "users", "score", "evidence", "answer", "answers", "report", "reports", "meeting",
    "notes", "note", "source", "sources", "see", "only", "which", "when", "where", "there",
    "these", "those", "been", "was", "were", "can", "cannot", "would", "could", "into", "about",
    "unknown", "today", "yesterday", "tomorrow", "ago", "minutes", "hours", "days", "new",
}  # fmt: skip
# Proper names, quoted column names and English terms of official criteria texts (left as the
# regulation writes them), which are right in Indonesian text.
ALLOWED = (
    "Google Chrome", "(UNVERIFIED DRAFT)", "“indicator”", "“level”", "Service Level Agreement",
    "Trust Score Tracker", "User satisfaction ledger",
)  # fmt: skip
# Addresses are not words: demo e-mail addresses end in .invalid.
ADDRESS = re.compile(r"\S+@\S+|https?://\S+")
WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")
ISO_TIMESTAMP = re.compile(r"\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
SKIPPED_ELEMENTS = re.compile(
    r"<(script|style|svg)\b.*?</\1>|<!--.*?-->", re.IGNORECASE | re.DOTALL
)
# Official criteria texts, quoted as the regulation writes them (with its loanwords: level,
# upload, download), are marked data-official by the templates and not scanned.
OFFICIAL_ELEMENTS = re.compile(r"<(\w+)\b[^>]*\sdata-official[\s>].*?</\1>", re.DOTALL)
CODE_ELEMENTS = re.compile(r"<(code|kbd|pre)\b.*?</\1>", re.IGNORECASE | re.DOTALL)
READ_ATTRIBUTES = re.compile(r'\s(?:title|placeholder|aria-label|alt)="([^"]*)"', re.IGNORECASE)
TAG = re.compile(r"<[^>]+>")


def readable_text(html: str, *, codes: bool = True) -> str:
    """The text a person reads on a page; without ``<code>`` elements (identifiers shown as
    such: indicator codes, column names) when ``codes`` is false."""
    html = OFFICIAL_ELEMENTS.sub(" ", SKIPPED_ELEMENTS.sub(" ", html))
    if not codes:
        html = CODE_ELEMENTS.sub(" ", html)
    attributes = " ".join(READ_ATTRIBUTES.findall(html))
    return " ".join(unescape(TAG.sub(" ", html) + " " + attributes).split())


def stored_codes() -> set[str]:
    """Every stored choice value that reads as a code (``hasil_akhir``, ``internal_assessor``),
    and the framework codes of the database."""
    codes = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            for value, _label in getattr(field, "flatchoices", None) or ():
                if isinstance(value, str) and re.fullmatch(r"[a-z0-9]+(?:[_-][a-z0-9]+)+", value):
                    codes.add(value)
    from simpul.frameworks.models import Framework

    codes.update(Framework.objects.values_list("code", flat=True))
    return codes


def leaks(text: str, codes: set[str]) -> list[str]:
    """English words and raw codes in ``text``, each with the text around it."""
    for allowed in ALLOWED:
        text = text.replace(allowed, " ")
    text = ADDRESS.sub(" ", text)

    def near(match: re.Match) -> str:
        return text[max(0, match.start() - 50) : match.end() + 50]

    found = [
        f"Inggris: {m.group()!r} … {near(m)}"
        for m in WORD.finditer(text)
        if m.group().lower() in ENGLISH
    ]
    for code in codes:
        for m in re.finditer(rf"(?<![\w/.-]){re.escape(code)}(?![\w/-])", text):
            found.append(f"kode: {code!r} … {near(m)}")
    found += [f"waktu ISO: {m.group()!r} … {near(m)}" for m in ISO_TIMESTAMP.finditer(text)]
    return found


def scan_pages(client: Client, codes: set[str]) -> list[str]:
    problems: list[str] = []

    def on_page(url: str, html: str) -> None:
        text = readable_text(html, codes=False)
        for leak in leaks(text, codes):
            problems.append(f"{url}: {leak}")

    crawl(client, on_page)
    return problems


def test_the_scan_finds_english_codes_and_timestamps_and_spares_indonesian() -> None:
    codes = {"hasil_akhir", "spbe-2020"}
    page = (
        '<p title="Save changes">Tahap: hasil_akhir, dikunci 2026-05-01T10:00 oleh None</p>'
        '<a href="/kerangka/spbe-2020/">Lihat</a><code>spbe-2020</code>'
        "<script>var x = 'the';</script>"
    )
    found = leaks(readable_text(page, codes=False), codes)
    assert sorted(leak.split(" … ")[0] for leak in found) == [
        "Inggris: 'None'",
        "Inggris: 'Save'",
        "kode: 'hasil_akhir'",
        "waktu ISO: '2026-05-01T10:00'",
    ]
    indonesian = "<p>Simpan perubahan pada jawaban indikator 19 dan kirim data dukung.</p>"
    assert leaks(readable_text(indonesian), codes) == []


def test_stored_choice_values_count_as_codes(db) -> None:
    codes = stored_codes()
    assert {"self_assessment", "internal_assessor"} <= codes


@pytest.mark.django_db
@pytest.mark.parametrize("username", ROLES)
def test_no_page_a_role_reaches_shows_english_or_raw_codes(demo, username):  # noqa: F811
    client = Client()
    client.force_login(User.objects.get(username=username))
    problems = scan_pages(client, stored_codes())
    assert problems == [], "\n".join(sorted(set(problems)))


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.django_db
def test_the_demo_pdfs_and_excel_export_show_no_english_or_raw_codes(demo):  # noqa: F811
    from simpul.cycles.models import Cycle
    from simpul.cycles.reports import berita_acara_pdf
    from simpul.reports.builders import report_pdf, report_xlsx

    codes = stored_codes()
    problems = []
    for cycle in Cycle.objects.order_by("year"):
        documents = {"laporan PDF": pdf_text(report_pdf(cycle))}
        if cycle.self_assessment_snapshot:
            documents["Berita Acara"] = pdf_text(berita_acara_pdf(cycle))
        book = load_workbook(io.BytesIO(report_xlsx(cycle)))
        documents["Excel"] = " | ".join(
            str(value)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
        for name, text in documents.items():
            problems += [f"{cycle.year} {name}: {leak}" for leak in leaks(text, codes)]
    assert problems == [], "\n".join(sorted(set(problems)))


@pytest.mark.django_db
def test_no_indicator_page_of_a_shipped_framework_shows_english(demo):  # noqa: F811
    """The crawl opens a few indicator pages; the editorial notes sit on others, so every one
    is opened here."""
    from simpul.frameworks.models import Indicator

    client = Client()
    client.force_login(User.objects.get(username="responden"))
    codes = stored_codes()
    problems = []
    indicators = Indicator.objects.select_related("framework").order_by("framework", "number")
    for indicator in indicators:
        url = f"/katalog/{indicator.framework.code}/indikator/{indicator.code}/"
        response = client.get(url)
        assert response.status_code == 200, url
        text = readable_text(response.content.decode(), codes=False)
        problems += [f"{url}: {leak}" for leak in leaks(text, codes)]
    assert problems == [], "\n".join(sorted(set(problems)))


@pytest.mark.django_db
def test_an_action_without_a_budget_shows_a_dash_not_none(demo):  # noqa: F811
    """The demo has no actions; one without a budget is added, and its pages and the Excel
    export are scanned ("None" stood in every Anggaran (Rp) cell once)."""
    from datetime import date

    from simpul.agencies.models import Membership, Role
    from simpul.cycles.models import Cycle
    from simpul.plans.operations import create_action
    from simpul.reports.builders import report_xlsx

    admin = Membership.objects.get(user__username="admin", role=Role.ADMIN)
    cycle = Cycle.objects.filter(agency=admin.agency, framework__code="spbe-2020").latest("year")
    action = create_action(
        admin.agency,
        membership=admin,
        cycle=cycle,
        indicator=cycle.framework.indicators.get(code="I05"),
        target_level=3,
        unit=None,
        pic=None,
        start_date=date(cycle.year, 1, 1),
        due_date=date(cycle.year, 12, 31),
    )
    assert action.budget is None
    client = Client()
    client.force_login(admin.user)
    codes = stored_codes()
    problems = []
    for url in ("/rencana/aksi/", f"/rencana/aksi/{action.pk}/"):
        response = client.get(url)
        assert response.status_code == 200, url
        text = readable_text(response.content.decode(), codes=False)
        problems += [f"{url}: {leak}" for leak in leaks(text, codes)]
    book = load_workbook(io.BytesIO(report_xlsx(cycle)))
    assert book["Tindak lanjut"].max_row == 2  # the header and the action
    # An empty cell is fine (openpyxl reads it as None); a cell holding the text "None" is not.
    written = [
        str(cell.value)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]
    assert "None" not in written
    assert problems == [], "\n".join(problems)
