"""The library's search page (`/data-dukung/?q=...`): a fixed number of queries however many
documents match, the matches counted and ranked as `search()` ranks them, one agency only.

Runs on SQLite (FTS5) and, with DATABASE_URL, on PostgreSQL (tsvector + GIN)."""

import re

from django.urls import reverse

from simpul.evidence import operations
from simpul.evidence.models import Evidence

from . import samples

LIST = reverse("evidence:list")


def add_documents(personas, answers, count: int, start: int = 0) -> None:
    for index in range(start, start + count):
        evidence = operations.upload_evidence(
            personas.agency_a,
            samples.upload(f"kebijakan-{index}.pdf", samples.pdf_bytes(f"Kebijakan {index}")),
            title=f"Kebijakan Data {index}",
            issuing_unit=personas.unit_a if index % 2 else personas.unit_a2,
            user=personas.admin,
        )
        if index % 3 == 0:
            operations.link_evidence(
                answers.i01, evidence, level=1, purpose="general", note="", user=None
            )


def shown(response) -> list[str]:
    return re.findall(r'href="/data-dukung/\d+/">([^<]+)</a>', response.content.decode())


def test_the_search_page_queries_do_not_grow_from_10_to_200_matches(
    as_user, personas, answers, django_assert_max_num_queries
):
    client = as_user(personas.admin)
    add_documents(personas, answers, 10)
    # Session, user, membership, inbox badge, matches counted and ranked, the page's rows.
    with django_assert_max_num_queries(6) as small:
        response = client.get(LIST, {"q": "kebijakannya"})
    assert len(shown(response)) == 10
    add_documents(personas, answers, 190, start=10)
    for page in ("1", "8"):
        with django_assert_max_num_queries(len(small.captured_queries)):
            response = client.get(LIST, {"q": "kebijakannya", "halaman": page})
        assert "200 dokumen cocok" in response.content.decode()
        assert len(shown(response)) == 25


def test_the_page_counts_and_orders_the_matches_of_the_agency_only(as_user, personas, add_pdf):
    report = add_pdf("Laporan Tahunan", text="arsitektur disebut di isi", name="laporan.pdf")
    # What the worker records once it has read the PDF (the text is searchable from then on).
    operations.record_extraction(
        report.current_revision, text="arsitektur disebut di isi", status="done"
    )
    add_pdf("Arsitektur SPBE Kabupaten", name="arsitektur.pdf")
    add_pdf("Notulen Rapat", name="notulen.pdf")
    add_pdf("Arsitektur SPBE Bintan", agency=personas.agency_b, name="bintan.pdf")
    response = as_user(personas.admin).get(LIST, {"q": "arsitektur"})
    assert "2 dokumen cocok" in response.content.decode()
    # The title match ranks above the match in the document's text.
    assert shown(response) == ["Arsitektur SPBE Kabupaten", "Laporan Tahunan"]


def test_the_search_combines_with_the_document_type_filter(as_user, personas, add_pdf):
    add_pdf("Kebijakan Data", document_type="regulation", name="a.pdf")
    add_pdf("Kebijakan Aplikasi", document_type="sop", name="b.pdf")
    response = as_user(personas.admin).get(LIST, {"q": "kebijakan", "jenis": "sop"})
    assert "1 dokumen cocok" in response.content.decode()
    assert shown(response) == ["Kebijakan Aplikasi"]


def test_a_page_past_the_end_or_not_a_number_shows_the_last_or_first_page(
    as_user, personas, answers
):
    add_documents(personas, answers, 30)
    client = as_user(personas.admin)
    first = shown(client.get(LIST, {"q": "kebijakan"}))
    second = shown(client.get(LIST, {"q": "kebijakan", "halaman": "2"}))
    assert len(first) == 25 and len(second) == 5
    assert not set(first) & set(second)
    assert shown(client.get(LIST, {"q": "kebijakan", "halaman": "99"})) == second
    assert shown(client.get(LIST, {"q": "kebijakan", "halaman": "x"})) == first
    # The same order as search() gives.
    ranked = [e.title for e in Evidence.objects.for_agency(personas.agency_a).search("kebijakan")]
    assert first + second == ranked


def test_a_search_without_matches_asks_once_and_says_so(
    as_user, personas, add_pdf, django_assert_max_num_queries
):
    add_pdf("Kebijakan Data")
    client = as_user(personas.admin)
    # Session, user, membership, inbox badge, the (empty) ranked count.
    with django_assert_max_num_queries(5):
        response = client.get(LIST, {"q": "zzqxv"})
    assert "Tidak ada dokumen yang cocok" in response.content.decode()
    assert shown(response) == []
