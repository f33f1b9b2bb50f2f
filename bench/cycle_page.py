"""Benchmark: the cycle page with 47 answers and 2,000 evidence documents linked across them.

    .venv/bin/python bench/cycle_page.py [--documents 2000] [--requests 20]

Builds a throw-away SQLite database in a temporary folder (or uses DATABASE_URL, which
must then point at an empty database you may fill), loads the shipped frameworks, opens a
cycle for one agency, adds the documents and links every one of them to an answer, then
requests the cycle page as the coordinator through Django's test client. The documents are
real: a small PDF on disk each, a revision with the extracted text and a search entry, as an
upload leaves them once the worker has read the text (evidence_search.add_documents). Prints
the number of queries of one request (all of them, session and user included) and the median
time of --requests requests (after one warm-up request that builds the index engine). Exits
with status 1 when a target is missed.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

from evidence_search import add_documents

ROOT = Path(__file__).resolve().parent.parent
TARGET_QUERIES = 25
TARGET_MS = 150


def setup_django(folder: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DEBUG"] = "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "simpul.settings")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder / 'bench.sqlite3'}")
    os.environ.setdefault("MEDIA_ROOT", str(folder / "media"))
    import django

    django.setup()
    from django.conf import settings

    # The test client's host; the page is rendered exactly as in production otherwise.
    settings.ALLOWED_HOSTS = ["testserver"]


def build(documents: int):
    from django.core.management import call_command

    from simpul.accounts.models import User
    from simpul.agencies.models import Agency, AgencyCategory, Membership, Role, Unit
    from simpul.cycles import operations
    from simpul.cycles.models import Answer
    from simpul.evidence.models import EvidenceLink, EvidencePurpose
    from simpul.frameworks.models import Framework

    call_command("migrate", verbosity=0)
    call_command("load_frameworks", verbosity=0, stdout=StringIO())
    agency = Agency.objects.create(
        name="Kabupaten Tolok Ukur", short_code="tolok-ukur", category=AgencyCategory.REGENCY
    )
    units = [
        Unit.objects.create(agency=agency, name=f"Unit {n}", short_name=f"U{n}") for n in range(8)
    ]
    admin = User.objects.create(username="koordinator", email="k@contoh.go.id", full_name="K")
    Membership.objects.create(user=admin, agency=agency, role=Role.ADMIN, unit=units[0])
    framework = Framework.objects.get(code="spbe-2020")
    last_year = operations.open_cycle(
        agency, year=2024, framework=framework, include_visit=False, user=admin
    )
    Answer.objects.filter(cycle=last_year).update(self_level=2)
    cycle = operations.open_cycle(
        agency, year=2025, framework=framework, include_visit=True, user=admin, copy_from=last_year
    )
    answers = list(cycle.answers.order_by("indicator__number"))
    for position, answer in enumerate(answers):
        answer.units.add(units[position % len(units)], units[(position + 3) % len(units)])
    Answer.objects.filter(cycle=cycle, indicator__number__lte=30).update(
        self_level=3, pic=admin, status="submitted"
    )
    # Real documents, as an upload leaves them once the worker has read the text: a PDF on
    # disk, a revision with the extracted text, a search entry (see evidence_search.py).
    made = add_documents(agency, documents, seed=2025, user=admin, units=units)
    purposes = list(EvidencePurpose.values)
    EvidenceLink.objects.bulk_create(
        EvidenceLink(
            evidence=document,
            answer=answers[n % len(answers)],
            level=1 + n % 5,
            purpose=purposes[n % len(purposes)],
        )
        for n, document in enumerate(made)
    )
    return admin, cycle


def measure(admin, cycle, requests: int) -> tuple[list[str], float, list[float]]:
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    client = Client()
    client.force_login(admin)
    url = reverse("cycles:detail", args=[cycle.pk])
    assert client.get(url).status_code == 200  # warm-up: builds the engine once per process
    # DEBUG keeps a bounded log of queries; the set-up filled it, so start from empty.
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    return [query["sql"] for query in captured], statistics.median(timings), timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--show-queries", action="store_true", help="print each query's start")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="simpul-bench-") as folder:
        setup_django(Path(folder))
        from simpul.evidence.models import EvidenceLink

        admin, cycle = build(args.documents)
        links = EvidenceLink.objects.filter(answer__cycle=cycle).count()
        from simpul.evidence.models import EvidenceRevision

        with_text = EvidenceRevision.objects.exclude(text="").count()
        files = sum(1 for _ in Path(folder, "media").rglob("*.pdf"))
        sqls, median_ms, timings = measure(admin, cycle, args.requests)
    queries = len(sqls)
    missed = queries >= TARGET_QUERIES or median_ms >= TARGET_MS
    print(
        f"cycle page: {cycle.answers.count()} answers, {links} evidence links "
        f"({with_text} revisions with extracted text, {files} files on disk)"
    )
    print(f"  queries per request:  {queries} (target under {TARGET_QUERIES})")
    if args.show_queries:
        for sql in sqls:
            print(f"    {sql[:110]}")
    print(
        f"  median render time:   {median_ms:.1f} ms over {args.requests} requests "
        f"(min {min(timings):.1f}, max {max(timings):.1f}; target under {TARGET_MS} ms)"
    )
    print(f"targets: {'MISSED' if missed else 'met'}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
