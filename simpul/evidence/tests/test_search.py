"""Full-text search of the library: metadata and text, Indonesian stems, one agency only.

Runs on SQLite (FTS5) and, with DATABASE_URL, on PostgreSQL (tsvector + GIN): same tests."""

import pytest
from django.db import connection

from simpul.evidence import operations
from simpul.evidence.models import Evidence, EvidenceSearch


def found(personas, query: str, agency=None) -> list[str]:
    documents = Evidence.objects.for_agency(agency or personas.agency_a).search(query)
    return [evidence.title for evidence in documents]


@pytest.mark.parametrize("query", ["kebijakan", "berkebijakan", "kebijakannya", "KEBIJAKAN"])
def test_every_form_of_a_word_finds_the_others(personas, add_pdf, query):
    add_pdf("Kebijakannya tentang Manajemen Data")
    add_pdf("Notulen Forum Kolaborasi")
    assert found(personas, query) == ["Kebijakannya tentang Manajemen Data"]


def test_all_words_must_match(personas, add_pdf):
    add_pdf("Peraturan Bupati tentang Arsitektur SPBE")
    add_pdf("Peraturan Bupati tentang Peta Rencana SPBE")
    assert found(personas, "peraturan arsitektur") == ["Peraturan Bupati tentang Arsitektur SPBE"]
    assert len(found(personas, "pengaturan spbe")) == 2  # "pengaturan" and "peraturan": atur


def test_the_number_issuing_unit_and_type_are_searchable(personas, add_pdf):
    add_pdf(
        "Keputusan Tim Koordinasi",
        number="800/123/2024",
        document_type="decree",
        issuing_unit=personas.unit_a2,
    )
    assert found(personas, "123 2024") == ["Keputusan Tim Koordinasi"]
    assert found(personas, "bappeda") == ["Keputusan Tim Koordinasi"]
    assert found(personas, "keputusan") == ["Keputusan Tim Koordinasi"]


def test_links_are_searchable_by_title_and_address(personas):
    operations.register_link(
        personas.agency_a,
        url="https://jdih.natunakab.go.id/perbup-arsitektur",
        title="Perbup di JDIH",
        user=None,
    )
    assert found(personas, "jdih") == ["Perbup di JDIH"]
    assert found(personas, "natunakab") == ["Perbup di JDIH"]


def test_results_stay_inside_the_agency(personas, add_pdf):
    add_pdf("Kebijakan Keamanan Informasi Natuna")
    add_pdf("Kebijakan Keamanan Informasi Bintan", agency=personas.agency_b)
    assert found(personas, "keamanan") == ["Kebijakan Keamanan Informasi Natuna"]
    assert found(personas, "keamanan", personas.agency_b) == ["Kebijakan Keamanan Informasi Bintan"]


def test_title_matches_rank_above_body_matches(personas, add_pdf):
    add_pdf("Laporan Tahunan", text="arsitektur disebut sekali")
    add_pdf("Arsitektur SPBE Kabupaten")
    assert found(personas, "arsitektur")[0] == "Arsitektur SPBE Kabupaten"


@pytest.mark.parametrize("query", ['"', "NEAR(a b)", "a* OR b", "-x", "'; DROP TABLE x; --", "::"])
def test_search_syntax_in_the_query_is_taken_literally(personas, add_pdf, query):
    add_pdf("Kebijakan Data")
    assert found(personas, query) == []


def test_a_query_without_words_finds_nothing(personas, add_pdf):
    add_pdf("Kebijakan Data")
    assert found(personas, "   ...   ") == []


def test_the_index_lives_where_the_database_keeps_full_text(personas, add_pdf):
    evidence = add_pdf("Kebijakan Data")
    if connection.vendor == "postgresql":
        assert EvidenceSearch.objects.filter(evidence=evidence).exists()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'evidence_search_vector_gin'"
            )
            assert "gin" in cursor.fetchone()[0].lower()
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT title FROM evidence_fts WHERE rowid = %s", [evidence.pk])
            assert cursor.fetchone()[0] == "bijak data"
