"""Benchmark: evidence search (`/data-dukung/?q=...`) with 20,000 documents in one agency.

    .venv/bin/python bench/evidence_search.py [--documents 20000] [--others 5000] [--runs 30]
    .venv/bin/python bench/evidence_search.py --database postgres://postgres@127.0.0.1:5432/bench

Builds a throw-away SQLite database in a temporary folder (or uses --database, an empty
PostgreSQL database you created and may fill), with one agency of --documents evidence
documents and two more agencies of --others documents each. Every document is what an upload
leaves behind once its text is read: a small real PDF on disk (the text of the document, one
line per page), a revision row with the file's name, size and SHA-256 and the extracted text,
and a search entry written by the app's own indexing code (`search.index_documents`, the same
stemmed title/body as `index_evidence`). The texts are drawn from an Indonesian vocabulary
with a Zipf-like spread, so some words are in most documents and some in a few.

Then, for each query, the evidence list view is requested as the agency's coordinator through
Django's test client (one warm-up, then --runs timed requests; median and p95), beside the
floor: the bare full-text SQL for the same terms (FTS5 MATCH + bm25, or tsquery + ts_rank;
top 25), timed the same way in the same run. Prints the matches and queries of each request.
Exits with status 1 when a view median or p95 is at or over the target.
"""

import argparse
import hashlib
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 100
BATCH = 1000

# Base words with their affixed forms (the stemmer reduces each form to the base).
VOCABULARY = [
    ("data", ["data"]),
    ("layanan", ["layanan", "pelayanan", "melayani"]),
    ("kebijakan", ["kebijakan", "kebijakannya", "berkebijakan"]),
    ("informasi", ["informasi"]),
    ("pemerintah", ["pemerintah", "pemerintahan"]),
    ("daerah", ["daerah"]),
    ("elektronik", ["elektronik"]),
    ("sistem", ["sistem"]),
    ("aplikasi", ["aplikasi"]),
    ("keamanan", ["keamanan", "mengamankan", "aman"]),
    ("arsitektur", ["arsitektur"]),
    ("rencana", ["rencana", "perencanaan", "merencanakan"]),
    ("evaluasi", ["evaluasi", "dievaluasi"]),
    ("tim", ["tim"]),
    ("koordinasi", ["koordinasi", "berkoordinasi"]),
    ("peraturan", ["peraturan", "pengaturan", "mengatur"]),
    ("bupati", ["bupati"]),
    ("anggaran", ["anggaran", "penganggaran"]),
    ("jaringan", ["jaringan"]),
    ("pusat", ["pusat", "terpusat"]),
    ("interoperabilitas", ["interoperabilitas"]),
    ("audit", ["audit", "diaudit"]),
    ("manajemen", ["manajemen"]),
    ("risiko", ["risiko"]),
    ("pengaduan", ["pengaduan", "mengadu"]),
    ("publik", ["publik"]),
    ("pegawai", ["pegawai", "kepegawaian"]),
    ("kompetensi", ["kompetensi"]),
    ("inovasi", ["inovasi"]),
    ("reviu", ["reviu"]),
    ("sertifikat", ["sertifikat", "sertifikasi"]),
    ("domain", ["domain"]),
    ("integrasi", ["integrasi", "terintegrasi"]),
    ("portal", ["portal"]),
    ("kearsipan", ["kearsipan", "arsip"]),
    ("pengadaan", ["pengadaan"]),
    ("kriptografi", ["kriptografi"]),
    ("biometrik", ["biometrik"]),
]
# Filler words of ordinary prose (many are stop-word-like, all indexed as Simpul indexes them).
FILLER = [
    "dan",
    "yang",
    "di",
    "ke",
    "dari",
    "untuk",
    "dengan",
    "pada",
    "dalam",
    "oleh",
    "atas",
    "tentang",
    "bagi",
    "sebagai",
    "tahun",
]


def setup_django(folder: Path, database: str | None) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DEBUG"] = "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "simpul.settings")
    if database:
        os.environ["DATABASE_URL"] = database
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder / 'bench.sqlite3'}")
    os.environ["MEDIA_ROOT"] = str(folder / "media")
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver"]


def _texts(rng: random.Random, count: int, words: int) -> list[str]:
    """`count` document texts of about `words` words; word n has weight 1/(n+1) (Zipf)."""
    forms = [form for _, group in VOCABULARY for form in group]
    weights = []
    for rank, (_, group) in enumerate(VOCABULARY):
        weights.extend([1 / (rank + 1) / len(group)] * len(group))
    # The two rarest words are really rare: a handful of documents each.
    rare = {"kriptografi", "biometrik"}
    weights = [w / 40 if form in rare else w for form, w in zip(forms, weights, strict=True)]
    texts = []
    for _ in range(count):
        chosen = rng.choices(forms, weights, k=words // 2) + rng.choices(FILLER, k=words // 2)
        rng.shuffle(chosen)
        texts.append(" ".join(chosen))
    return texts


def add_documents(agency, count: int, *, seed: int, user=None, units=(), words: int = 120):
    """Add `count` documents as an upload + extraction leaves them: file on disk, revision with
    text, search entry. Returns the documents. Used by cycle_page.py too."""
    from django.conf import settings
    from django.db import transaction

    from simpul.evidence import search
    from simpul.evidence.models import DocumentType, Evidence, EvidenceRevision, ExtractionStatus
    from simpul.evidence.tests.samples import pdf_bytes

    rng = random.Random(seed)
    folder = Path(settings.MEDIA_ROOT) / "evidence" / str(agency.pk)
    folder.mkdir(parents=True, exist_ok=True)
    types = list(DocumentType.values)
    made = []
    for start in range(0, count, BATCH):
        size = min(BATCH, count - start)
        texts = _texts(rng, size, words)
        with transaction.atomic():
            documents = Evidence.objects.bulk_create(
                Evidence(
                    agency=agency,
                    title=" ".join(texts[n].split()[:6]).title(),
                    number=f"{start + n}/{agency.pk}/2025",
                    document_type=types[(start + n) % len(types)],
                    issuing_unit=units[(start + n) % len(units)] if units else None,
                )
                for n in range(size)
            )
            revisions = []
            for document, text in zip(documents, texts, strict=True):
                words_of = text.split()
                lines = [" ".join(words_of[i : i + 12]) for i in range(0, len(words_of), 12)]
                content = pdf_bytes(*lines)
                name = f"evidence/{agency.pk}/{uuid.uuid4().hex}.pdf"
                (Path(settings.MEDIA_ROOT) / name).write_bytes(content)
                revisions.append(
                    EvidenceRevision(
                        evidence=document,
                        number=1,
                        file=name,
                        original_name=f"dokumen-{document.pk}.pdf",
                        content_type="application/pdf",
                        size=len(content),
                        sha256=hashlib.sha256(content).hexdigest(),
                        uploaded_by=user,
                        text="\n".join(lines),
                        extraction_status=ExtractionStatus.DONE,
                    )
                )
            EvidenceRevision.objects.bulk_create(revisions)
            for document, revision in zip(documents, revisions, strict=True):
                document.current_revision = revision
            Evidence.objects.bulk_update(documents, ["current_revision"])
            loaded = Evidence.objects.filter(pk__in=[d.pk for d in documents]).select_related(
                "issuing_unit", "current_revision"
            )
            search.index_documents(loaded)
        made.extend(documents)
    return made


def build(documents: int, others: int):
    from io import StringIO

    from django.core.management import call_command

    from simpul.accounts.models import User
    from simpul.agencies.models import Agency, AgencyCategory, Membership, Role, Unit

    call_command("migrate", verbosity=0, stdout=StringIO())
    agencies = []
    for n, count in enumerate([documents, others, others]):
        agency = Agency.objects.create(
            name=f"Kabupaten Tolok Ukur {n}",
            short_code=f"tolok-ukur-{n}",
            category=AgencyCategory.REGENCY,
        )
        units = [
            Unit.objects.create(agency=agency, name=f"Dinas {name}", short_name=name)
            for name in ["Kominfo", "Bappeda", "BKPSDM", "Inspektorat"]
        ]
        add_documents(agency, count, seed=n, units=units)
        agencies.append(agency)
    user = User.objects.create(username="koordinator", email="k@contoh.go.id", full_name="K")
    Membership.objects.create(user=user, agency=agencies[0], role=Role.ADMIN)
    return user, agencies[0]


QUERIES = [
    ("common word", "layanan"),
    ("rare word", "kriptografi"),
    ("two words", "arsitektur keamanan"),
    ("prefix", "arsitek"),
    ("no match", "zzqxv"),
]


def _timed(function, runs: int) -> list[float]:
    function()  # warm-up
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def _p95(timings: list[float]) -> float:
    ordered = sorted(timings)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def floor_function(agency, query: str):
    """The bare full-text SQL for the query's terms: match, rank, top 25 (all agencies)."""
    from django.db import connection

    from simpul.evidence.search import BODY_WEIGHT, TITLE_WEIGHT, query_terms

    terms = query_terms(query)
    if connection.vendor == "postgresql":
        sql = (
            "SELECT evidence_id FROM evidence_evidencesearch, "
            "plainto_tsquery('simple'::regconfig, %s) q WHERE vector @@ q "
            "ORDER BY ts_rank(vector, q) DESC LIMIT 25"
        )
        params = [" ".join(terms)]
    else:
        sql = (
            "SELECT rowid FROM evidence_fts WHERE evidence_fts MATCH %s "
            f"ORDER BY bm25(evidence_fts, {TITLE_WEIGHT}, {BODY_WEIGHT}) LIMIT 25"
        )
        params = [" ".join(f'"{term}"' for term in terms)]

    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return run


def measure(user, agency, runs: int) -> list[dict]:
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from simpul.evidence.models import Evidence

    client = Client()
    client.force_login(user)
    url = reverse("evidence:list")
    results = []
    for label, query in QUERIES:
        matches = Evidence.objects.for_agency(agency).search(query).count()
        client.get(url, {"q": query})
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, {"q": query})
        assert response.status_code == 200
        view = _timed(lambda q=query: client.get(url, {"q": q}), runs)
        floor = _timed(floor_function(agency, query), runs)
        results.append(
            {
                "label": label,
                "query": query,
                "matches": matches,
                "queries": len(captured),
                "view_median": statistics.median(view),
                "view_p95": _p95(view),
                "floor_median": statistics.median(floor),
                "floor_p95": _p95(floor),
            }
        )
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=20_000)
    parser.add_argument("--others", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--database", help="an empty PostgreSQL database URL (default: SQLite)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="simpul-bench-") as folder:
        setup_django(Path(folder), args.database)
        from django.db import connection

        from simpul.evidence.models import Evidence, EvidenceRevision

        start = time.perf_counter()
        user, agency = build(args.documents, args.others)
        built_s = time.perf_counter() - start
        if connection.vendor == "postgresql":
            # What autovacuum does soon after a bulk load; without statistics the planner
            # takes 20,000 rows for 26 and picks nested loops.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        files = sum(1 for path in Path(folder, "media").rglob("*.pdf"))
        print(
            f"evidence search on {connection.vendor}: {Evidence.objects.count()} documents "
            f"({Evidence.objects.for_agency(agency).count()} in the searched agency), "
            f"{EvidenceRevision.objects.exclude(text='').count()} revisions with text, "
            f"{files} files on disk; built in {built_s:.0f} s"
        )
        results = measure(user, agency, args.runs)
    missed = False
    print(f"{'query':<34} {'matches':>7} {'queries':>7} {'view median/p95':>17} {'floor':>15}")
    for row in results:
        over = row["view_median"] >= TARGET_MS or row["view_p95"] >= TARGET_MS
        missed |= over
        print(
            f"{row['label'] + ' “' + row['query'] + '”':<34} {row['matches']:>7} "
            f"{row['queries']:>7} {row['view_median']:>8.1f}/{row['view_p95']:<6.1f}ms "
            f"{row['floor_median']:>6.2f}/{row['floor_p95']:<5.2f}ms{'  OVER' if over else ''}"
        )
    print(f"({args.runs} requests each; floor = bare full-text SQL, top 25)")
    print(f"target: view median and p95 under {TARGET_MS} ms: {'MISSED' if missed else 'met'}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
