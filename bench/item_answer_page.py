"""Benchmark: the answer page of I8 (pemdi-2026, 35 items) with 0 and with 100 linked documents.

    .venv/bin/python bench/item_answer_page.py [--documents 100] [--requests 20]

Builds a throw-away SQLite database in a temporary folder (or uses DATABASE_URL, which must
then point at an empty database you may fill), loads the shipped frameworks, opens a
pemdi-2026 cycle, and requests the answer page of I8 as the coordinator through Django's
test client: first with no document, then with --documents documents linked across its 35
items and a verdict on every item. Prints the queries of one request and the median time of
--requests requests for both, beside the floor measured in the same run: the same client
requesting the sign-in page (a bare view with the site's layout). Exits with status 1 when
the number of queries grows with the documents.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

from simpul.cycles.models import ItemVerdict, ReviewStage

ROOT = Path(__file__).resolve().parent.parent


def setup_django(folder: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DEBUG"] = "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "simpul.settings")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder / 'bench.sqlite3'}")
    os.environ.setdefault("MEDIA_ROOT", str(folder / "media"))
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver"]


def measure(client, url: str, requests: int) -> tuple[int, float]:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm-up: engines, templates
    # DEBUG keeps a bounded log of queries; the set-up filled it, so start from empty.
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    return len(queries), statistics.median(timings)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=100)
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup_django(Path(folder))
        from django.core.management import call_command
        from django.test import Client
        from django.urls import reverse

        from simpul.accounts.models import User
        from simpul.agencies.models import Agency, AgencyCategory, Membership, Role
        from simpul.cycles import items, operations
        from simpul.evidence.models import Evidence
        from simpul.frameworks.models import Framework

        call_command("migrate", verbosity=0)
        call_command("load_frameworks", verbosity=0, stdout=StringIO())
        agency = Agency.objects.create(
            name="Kabupaten Tolok Ukur", short_code="tolok-ukur", category=AgencyCategory.REGENCY
        )
        admin = User.objects.create(username="koordinator", email="k@contoh.go.id", full_name="K")
        membership = Membership.objects.create(user=admin, agency=agency, role=Role.ADMIN)
        cycle = operations.open_cycle(
            agency,
            year=2026,
            framework=Framework.objects.get(code="pemdi-2026"),
            include_visit=False,
            user=admin,
        )
        i8 = cycle.answers.get(indicator__code="I8")
        codes = list(i8.indicator.items.values_list("code", flat=True))
        client = Client()
        client.force_login(admin)
        url = reverse("cycles:answer", args=[i8.pk])
        floor_queries, floor_ms = measure(Client(), reverse("accounts:login"), args.requests)
        bare_queries, bare_ms = measure(client, url, args.requests)
        for number in range(args.documents):
            document = Evidence.objects.create(
                agency=agency, title=f"Dokumen {number:03d}", url=f"https://contoh.go.id/{number}"
            )
            items.link_item_evidence(
                i8, codes[number % len(codes)], document, membership=membership
            )
        for code in codes:
            items.review_item(
                i8, code, stage=ReviewStage.INTERNAL,
                verdict=ItemVerdict.REVISION, reason="not_right",
                comment="Perlu dokumen yang ditetapkan.", membership=membership,
            )  # fmt: skip
        full_queries, full_ms = measure(client, url, args.requests)
    print(f"answer page of I8 (pemdi-2026, {len(codes)} items), median of {args.requests}:")
    print(f"  no documents:              {bare_queries} queries, {bare_ms:.1f} ms")
    print(
        f"  {args.documents} documents, {len(codes)} verdicts: "
        f"{full_queries} queries, {full_ms:.1f} ms"
    )
    print(f"  floor (sign-in page):      {floor_queries} queries, {floor_ms:.1f} ms")
    grows = full_queries != bare_queries
    print(f"target: queries do not grow with the documents: {'MISSED' if grows else 'met'}")
    return 1 if grows else 0


if __name__ == "__main__":
    sys.exit(main())
