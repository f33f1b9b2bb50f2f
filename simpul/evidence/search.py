"""Full-text search over an agency's evidence: metadata and extracted text, Indonesian stems.

The indexed text and the query both go through PySastrawi, so "kebijakan" also finds
"berkebijakan" and "kebijakannya" (all three stem to "bijak"). SQLite keeps the stems in the
FTS5 table `evidence_fts` (created by a migration on SQLite only); PostgreSQL keeps them in the
tsvector of `EvidenceSearch`, with a GIN index (a model that exists only on PostgreSQL). The
actions and the extraction task call `index_evidence`; no signals are involved. Results are
always filtered by the queryset given, which the views scope to the current agency.
"""

import re
from functools import lru_cache

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, QuerySet, Value
from django.utils import translation
from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

WORD = re.compile(r"[^\W_]+")
MAX_QUERY_TERMS = 12
# Past this many characters of stems a document is not indexed further (PostgreSQL refuses
# tsvectors above 1 MB; the first half million characters identify a document well enough).
MAX_INDEXED_CHARS = 500_000
TITLE_WEIGHT, BODY_WEIGHT = 10.0, 1.0


@lru_cache(maxsize=1)
def _stemmer():
    # The uncached stemmer: our own bounded cache below replaces Sastrawi's unbounded one.
    return StemmerFactory().create_stemmer().delegatedStemmer


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return _stemmer().stem_word(word) or word


def stems(text: str) -> list[str]:
    """The words of `text`, lower-cased and reduced to their Indonesian stems."""
    return [stem(word) for word in WORD.findall((text or "").lower())]


def _stemmed(text: str, limit: int = MAX_INDEXED_CHARS) -> str:
    return " ".join(stems(text[:limit]))[:limit]


def document_texts(evidence) -> tuple[str, str]:
    """(title text, body text) of one evidence document, before stemming."""
    with translation.override("id"):
        type_label = str(evidence.get_document_type_display())
    unit = evidence.issuing_unit
    revision = evidence.current_revision
    body = [
        type_label,
        unit.name if unit else "",
        unit.short_name if unit else "",
        evidence.url,
        revision.original_name if revision else "",
        revision.text if revision else "",
    ]
    return f"{evidence.title} {evidence.number}", "\n".join(body)


def index_evidence(evidence) -> None:
    """Write (or rewrite) the search entry of one document. Call inside the writing transaction."""
    title, body = document_texts(evidence)
    title, body = _stemmed(title), _stemmed(body)
    if connection.vendor == "postgresql":
        _index_postgresql(evidence.pk, title, body)
    elif connection.vendor == "sqlite":
        _index_sqlite(evidence.pk, title, body)


def index_documents(documents) -> int:
    """Write the search entries of many documents at once (the same entries as index_evidence).

    `documents` are Evidence rows with `issuing_unit` and `current_revision` loaded (use
    select_related). One statement per batch instead of two per document: for re-indexing a
    library and for loading data. Returns how many entries were written."""
    rows = []
    for evidence in documents:
        title, body = document_texts(evidence)
        rows.append((evidence.pk, _stemmed(title), _stemmed(body)))
    if not rows:
        return 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.executemany(
                "INSERT INTO evidence_evidencesearch (evidence_id, vector) VALUES (%s, "
                "setweight(to_tsvector('simple'::regconfig, %s), 'A') || "
                "setweight(to_tsvector('simple'::regconfig, %s), 'B')) "
                "ON CONFLICT (evidence_id) DO UPDATE SET vector = EXCLUDED.vector",
                rows,
            )
        elif connection.vendor == "sqlite":
            cursor.executemany(
                "DELETE FROM evidence_fts WHERE rowid = %s", [(pk,) for pk, _, _ in rows]
            )
            cursor.executemany(
                "INSERT INTO evidence_fts (rowid, title, body) VALUES (%s, %s, %s)", rows
            )
    return len(rows)


def forget_evidence(sender, instance, **kwargs) -> None:
    """pre_delete of Evidence (also in a cascade, e.g. an agency): its search entry goes."""
    if connection.vendor == "postgresql":
        from .models import EvidenceSearch

        EvidenceSearch.objects.filter(evidence_id=instance.pk).delete()
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM evidence_fts WHERE rowid = %s", [instance.pk])


def _index_sqlite(pk: int, title: str, body: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM evidence_fts WHERE rowid = %s", [pk])
        cursor.execute(
            "INSERT INTO evidence_fts (rowid, title, body) VALUES (%s, %s, %s)", [pk, title, body]
        )


def _index_postgresql(pk: int, title: str, body: str) -> None:
    from .models import EvidenceSearch

    vector = SearchVector(Value(title), config="simple", weight="A") + SearchVector(
        Value(body), config="simple", weight="B"
    )
    if not EvidenceSearch.objects.filter(evidence_id=pk).update(vector=vector):
        EvidenceSearch.objects.create(evidence_id=pk, vector=vector)


def query_terms(query: str) -> list[str]:
    return list(dict.fromkeys(stems(query)))[:MAX_QUERY_TERMS]


def search(queryset: QuerySet, query: str) -> QuerySet:
    """The documents of `queryset` containing every word of `query` (by stem), best first."""
    terms = query_terms(query)
    if not terms:
        return queryset.none()
    if connection.vendor == "postgresql":
        return _search_postgresql(queryset, terms)
    return _search_sqlite(queryset, terms)


class RankedResults:
    """The matches of a search as Paginator pages them: `count()` and slices.

    A slice ranks the matches in a lean query (ids only: no joins, no annotations, nothing
    wide to sort) and then loads just the rows of that slice from `rows` (the same documents
    with what the page shows: joins, annotations), in the ranked order. Ranking 20,000 wide
    rows with their annotations costs more than ranking ids and loading 25. With `expected`
    (the slice the page will most likely ask for), `count()` ranks that slice in the same
    pass of the full-text match (see `_rank`).
    """

    def __init__(
        self,
        queryset: QuerySet,
        query: str,
        rows: QuerySet | None = None,
        expected: slice | None = None,
    ):
        self.matches = search(queryset.order_by(), query)
        self.rows = queryset if rows is None else rows
        self.expected = expected
        self._count: int | None = None
        self._ranked: tuple[int, list[int]] | None = None  # (start, ids) of `expected`

    def count(self) -> int:
        if self._count is None and self.expected is not None:
            ids, total = self._rank(self.expected)
            if ids:
                self._count, self._ranked = total, (self.expected.start or 0, ids)
            elif not self.expected.start:
                self._count = 0  # nothing on the first page: nothing at all
        if self._count is None:
            self._count = self.matches.count()
        return self._count

    def _rank(self, index: slice) -> tuple[list[int], int]:
        """(ranked ids of the slice, number of all matches): one full-text pass, one query.

        The matches (id, date, rank: narrow rows) are materialised once and both counted and
        ranked; a separate COUNT would repeat the full-text match over every document."""
        descending = connection.vendor == "postgresql"  # ts_rank: higher is better; bm25: lower
        sql, params = (
            self.matches.order_by().values_list("pk", "created_at", "search_rank").query
        ).sql_with_params()
        start = index.start or 0
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH matches (pk, created_at, search_rank) AS MATERIALIZED ({sql}) "  # noqa: S608 - SQL compiled by Django
                "SELECT pk, (SELECT COUNT(*) FROM matches) FROM matches ORDER BY "
                f"search_rank {'DESC' if descending else 'ASC'}, created_at DESC, pk DESC "
                "LIMIT %s OFFSET %s",
                [*params, index.stop - start, start],
            )
            rows = cursor.fetchall()
        return [pk for pk, _ in rows], (rows[0][1] if rows else 0)

    def __len__(self) -> int:
        return self.count()

    def _ids(self, index: slice) -> list[int]:
        start = index.start or 0
        if index.stop <= start:
            return []
        if self._ranked is not None and self._ranked[0] == start:
            wanted = max(0, min(index.stop, self.count()) - start)
            if len(self._ranked[1]) == wanted:
                return self._ranked[1]
        return self._rank(index)[0]

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        ids = self._ids(index)
        if not ids:
            return []
        loaded = self.rows.in_bulk(ids)
        return [loaded[pk] for pk in ids if pk in loaded]

    def __iter__(self):
        return iter(self[0 : self.count()])


def _search_sqlite(queryset: QuerySet, terms: list[str]) -> QuerySet:
    # Each term quoted: an FTS5 string, never FTS5 syntax, whatever the user typed.
    match = " ".join(f'"{term}"' for term in terms)
    table = queryset.model._meta.db_table
    # One join with the FTS5 table: the match is found once and bm25 read from it (a
    # correlated subquery would repeat the MATCH for every matching row). bm25 is lower for
    # better matches.
    return queryset.extra(  # noqa: S610 - constants and the quoted model table; match is a parameter
        select={"search_rank": f"bm25(evidence_fts, {TITLE_WEIGHT}, {BODY_WEIGHT})"},
        tables=["evidence_fts"],
        where=[f'+evidence_fts.rowid = "{table}"."id"', "evidence_fts MATCH %s"],
        params=[match],
    ).order_by("search_rank", "-created_at", "-pk")


def _search_postgresql(queryset: QuerySet, terms: list[str]) -> QuerySet:
    query = SearchQuery(" ".join(terms), config="simple", search_type="plain")
    return (
        queryset.filter(search_index__vector=query)
        .annotate(search_rank=SearchRank(F("search_index__vector"), query))
        .order_by("-search_rank", "-created_at", "-pk")
    )


def rebuild_index(queryset: QuerySet) -> int:
    """Re-index every document of `queryset`; returns how many."""
    documents = queryset.select_related("issuing_unit", "current_revision").order_by("pk")
    count, batch = 0, []
    for evidence in documents.iterator(500):
        batch.append(evidence)
        if len(batch) == 500:
            count += index_documents(batch)
            batch = []
    return count + index_documents(batch)
