"""Benchmark: GET /api/v1/cycles/{id}/answers for a period of 47 answers (SPBE 2020), beside the
same answers as the HTML cycle page and two floors, all measured in the same run.

    .venv/bin/python bench/api_answers.py [--requests 200]

Builds a throw-away SQLite database in a temporary folder (or uses DATABASE_URL, which must
then point at an empty database you may fill), loads the shipped frameworks, opens one SPBE
2020 period for one agency (47 answers, levels, explanations, units), and creates a read API
token of its coordinator. Then, through Django's test client (the whole middleware stack, no
network), one warm-up request each and --requests timed requests of:

- the API list, `page_size=50` (all 47 answers in one page), with the token;
- the cycle page in HTML (`cycles:detail`), signed in as the same coordinator;
- floor 1: GET /api/v1/cycles/{id} with the token (authentication, the membership, one
  cycle: everything the list does except reading answers);
- floor 2: a bare Django view that answers "ok" without touching the database.

Prints median and p95 of each, and the query count of the list at page_size 10 and 50 (they
must be equal). Exits with status 1 when the API p95 is 100 ms or more, or the counts differ.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
import types
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_P95_MS = 100


def setup_django(folder: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DEBUG"] = "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "simpul.settings")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder / 'bench.sqlite3'}")
    os.environ.setdefault("MEDIA_ROOT", str(folder / "media"))
    import django

    django.setup()
    from django.conf import settings
    from django.http import HttpResponse
    from django.urls import clear_url_caches, include, path

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.API_RATE = "1000000/minute"  # the rate limit has its own tests
    # The floor view beside the real URL configuration, unchanged otherwise.
    urls = types.ModuleType("bench_api_urls")
    urls.urlpatterns = [
        path("bench-floor", lambda request: HttpResponse("ok"), name="bench_floor"),
        path("", include("simpul.urls")),
    ]
    sys.modules["bench_api_urls"] = urls
    settings.ROOT_URLCONF = "bench_api_urls"
    clear_url_caches()


def build():
    from django.core.management import call_command

    from simpul.accounts.models import User
    from simpul.agencies.models import Agency, AgencyCategory, Membership, Role, Unit
    from simpul.api.operations import create_token
    from simpul.cycles import operations
    from simpul.cycles.models import Answer
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
    membership = Membership.objects.create(
        user=admin, agency=agency, role=Role.ADMIN, unit=units[0]
    )
    framework = Framework.objects.get(code="spbe-2020")
    cycle = operations.open_cycle(
        agency, year=2025, framework=framework, include_visit=True, user=admin
    )
    for position, answer in enumerate(cycle.answers.order_by("indicator__number")):
        answer.units.add(units[position % len(units)], units[(position + 3) % len(units)])
    Answer.objects.filter(cycle=cycle).update(
        self_level=3,
        pic=admin,
        status="submitted",
        fact="Kebijakan telah ditetapkan dan diterapkan di seluruh perangkat daerah. " * 4,
        analysis="Penerapan dievaluasi setiap tahun oleh tim koordinasi SPBE. " * 4,
    )
    _, token = create_token(membership, "tolok ukur", "read", days=30)
    return admin, cycle, token


def p95(timings: list[float]) -> float:
    ordered = sorted(timings)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def timed(client, url: str, requests: int, **params) -> list[float]:
    assert client.get(url, params).status_code == 200  # warm-up (engine, caches)
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(url, params)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return timings


def query_count(client, url: str, **params) -> int:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="simpul-bench-") as folder:
        setup_django(Path(folder))
        from django.test import Client
        from django.urls import reverse

        admin, cycle, token = build()
        api = Client(headers={"Authorization": f"Bearer {token}"})
        page = Client()
        page.force_login(admin)
        answers_url = reverse("api:answers", args=[cycle.pk])
        body = api.get(answers_url, {"page_size": 50}).json()
        assert body["count"] == len(body["results"]) == 47
        results = {
            "API GET …/answers (47)": timed(api, answers_url, args.requests, page_size=50),
            "HTML cycle page (47)": timed(
                page, reverse("cycles:detail", args=[cycle.pk]), args.requests
            ),
            "floor: API GET /cycles/{id}": timed(
                api, reverse("api:cycle", args=[cycle.pk]), args.requests
            ),
            "floor: bare Django view": timed(Client(), "/bench-floor", args.requests),
        }
        counts = {size: query_count(api, answers_url, page_size=size) for size in (10, 50)}
    print(f"{args.requests} requests each after one warm-up, Django test client, SQLite")
    for name, timings in results.items():
        print(
            f"  {name:30s} median {statistics.median(timings):6.1f} ms   p95 {p95(timings):6.1f} ms"
        )
    print(f"  queries of the API list: page_size=10 → {counts[10]}, page_size=50 → {counts[50]}")
    api_p95 = p95(results["API GET …/answers (47)"])
    missed = api_p95 >= TARGET_P95_MS or counts[10] != counts[50]
    print(
        f"targets (API p95 under {TARGET_P95_MS} ms, counts equal): {'MISSED' if missed else 'met'}"
    )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
