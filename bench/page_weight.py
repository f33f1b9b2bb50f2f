"""Benchmark: the main pages over an island link (400 kbit/s down and up, 300 ms latency).

    .venv/bin/python bench/page_weight.py [--port 8765]

Runs the app as production does: DEBUG off (with a throw-away SECRET_KEY and ALLOWED_HOSTS),
static files collected with WhiteNoise's CompressedManifestStaticFilesStorage into a
temporary folder, GZipMiddleware on, served by the project's own WSGI application in a
threaded wsgiref server inside this process (WhiteNoise serves the static files exactly as
behind gunicorn; `runserver` would swap in its own static handler and a second process with
its own settings). The demo data is loaded into a temporary SQLite database.

Debian's Chromium (Playwright, simpul.testing.browser) signs in as the demo coordinator, then for
each page: clears the browser cache, throttles the network through the DevTools protocol
(Network.emulateNetworkConditions), loads the page (first load) and navigates to it again
(repeat).

The demo is tiny, so before measuring the script gives the demo agency the volume of a busy
year (`--documents`, `--threads`, `--actions`): real evidence documents (PDF on disk, revision
with text, search entry, linked to the current cycle's answers, as evidence_search.py makes
them), forum threads started through the forum's own write path, and action-plan rows made
through the planner's. Lists must page and summarise; a page that lays out every row shows
up here as bytes. Prints per page the bytes transferred (headers included, as the wire sees them)
and the time until DOMContentLoaded and load. Exits with status 1 when a target is missed:
first load < 150 KB, repeat < 30 KB, DOMContentLoaded < 4 s.
"""

import argparse
import os
import sys
import tempfile
import threading
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

ROOT = Path(__file__).resolve().parent.parent
FIRST_BUDGET = 150 * 1024
REPEAT_BUDGET = 30 * 1024
USABLE_SECONDS = 4.0
# 400 kbit/s each way, in bytes per second, and 300 ms of latency.
THROTTLE = {
    "offline": False,
    "latency": 300,
    "downloadThroughput": 400_000 / 8,
    "uploadThroughput": 400_000 / 8,
}


def setup_django(folder: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.update(
        DEBUG="0",
        SECRET_KEY="bench-only-" + os.urandom(16).hex(),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        DATABASE_URL=f"sqlite:///{folder / 'bench.sqlite3'}",
        MEDIA_ROOT=str(folder / "media"),
        DJANGO_SETTINGS_MODULE="simpul.settings",
    )
    import django

    django.setup()
    from django.conf import settings

    # Before anything touches the storage or WhiteNoise reads its root.
    settings.STATIC_ROOT = folder / "static"
    # Plain http on the loopback: the browser still keeps Secure cookies for 127.0.0.1.


def add_volume(agency, documents: int, threads: int, actions: int) -> None:
    """A busy year in the demo agency, through the product's own write paths where they exist."""
    from datetime import date, timedelta

    from evidence_search import add_documents

    from simpul.agencies.models import Membership, Role
    from simpul.cycles.models import Cycle
    from simpul.evidence.models import EvidenceLink, EvidencePurpose
    from simpul.forum import operations as forum_actions
    from simpul.plans import operations as plan_actions

    admin = Membership.objects.active().filter(agency=agency, role=Role.ADMIN).first()
    cycle = Cycle.objects.for_agency(agency).order_by("-year").first()
    answers = list(cycle.answers.select_related("indicator").order_by("indicator__number"))
    units = list(agency.units.all())
    made = add_documents(agency, documents, seed=2026, user=admin.user, units=units)
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
    kinds = ["obstacle", "solution", "question"]
    from django.conf import settings

    limit, settings.FORUM_POSTS_PER_MINUTE = settings.FORUM_POSTS_PER_MINUTE, 10**9
    for n in range(threads):
        answer = answers[n % len(answers)]
        forum_actions.start_thread(
            agency,
            membership=admin,
            title=f"Kendala pemenuhan {answer.indicator.code} nomor {n + 1}",
            kind=kinds[n % len(kinds)],
            body="Data dukung belum lengkap; perlu koordinasi dengan perangkat daerah.",
            indicator=answer.indicator,
            cycle=cycle,
        )
    settings.FORUM_POSTS_PER_MINUTE = limit
    start = date(cycle.year, 1, 15)
    for n in range(actions):
        answer = answers[n % len(answers)]
        plan_actions.create_action(
            agency,
            membership=admin,
            cycle=cycle,
            indicator=answer.indicator,
            notes=f"Naikkan {answer.indicator.code} (aksi {n + 1})",
            target_level=min(5, (answer.self_level or 1) + 1),
            unit=units[n % len(units)] if units else None,
            start_date=start,
            due_date=start + timedelta(days=30 + n % 300),
        )


def prepare(documents: int, threads: int, actions: int) -> dict:
    from django.conf import settings
    from django.core.management import call_command

    from simpul.agencies.models import Agency
    from simpul.core.management.commands.load_demo import DEMO_AGENCY
    from simpul.cycles.models import Cycle
    from simpul.dashboard.models import DashboardSettings

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    settings.DEBUG = True  # load_demo refuses otherwise; the server runs with DEBUG off
    call_command("load_demo", verbosity=0)
    settings.DEBUG = False
    agency = Agency.objects.get(short_code=DEMO_AGENCY["short_code"])
    DashboardSettings.objects.update_or_create(agency=agency, defaults={"public_page": True})
    add_volume(agency, documents, threads, actions)
    cycle = Cycle.objects.for_agency(agency).order_by("-year").first()
    answer = cycle.answers.order_by("indicator__number").first()
    return {
        "beranda": "/",
        "katalog": "/katalog/",
        "periode": f"/periode/{cycle.pk}/",
        "jawaban": f"/periode/jawaban/{answer.pk}/",
        "dasbor": "/dasbor/",
        "pimpinan": "/dasbor/pimpinan/",
        "forum": "/forum/",
        "data dukung": "/data-dukung/",
        "aksi": "/rencana/aksi/",
        "publik": f"/publik/{agency.short_code}/",
    }


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        pass


class ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


def serve(port: int):
    from django.core.wsgi import get_wsgi_application

    server = make_server(
        "127.0.0.1", port, get_wsgi_application(), ThreadingServer, handler_class=QuietHandler
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def measure(page, sizes: dict, url: str) -> tuple[int, float, float]:
    """Bytes on the wire and seconds to DOMContentLoaded and load for one navigation;
    `sizes` is filled by the CDP listener (request id -> encoded bytes incl. headers)."""
    sizes.clear()
    response = page.goto(url, wait_until="load")
    if response is None or response.status != 200 or page.url != url:
        raise SystemExit(f"{url}: {response.status if response else '-'} -> {page.url}")
    page.wait_for_timeout(300)  # late loadingFinished events
    timing = page.evaluate(
        "(() => { const n = performance.getEntriesByType('navigation')[0];"
        " return [n.domContentLoadedEventEnd, n.loadEventEnd]; })()"
    )
    return sum(sizes.values()), timing[0] / 1000, timing[1] / 1000


def run(base: str, pages: dict) -> bool:
    from simpul.core.management.commands.load_demo import DEMO_PASSWORD
    from simpul.testing.browser import chromium_page

    ok = True
    print(f"{'halaman':<12} {'muat pertama':>13} {'ulang':>9} {'DOMContentLoaded':>17} {'load':>7}")
    with chromium_page() as page:
        page.goto(f"{base}/")
        page.get_by_label("Email atau nama pengguna").fill("admin")
        page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_url(f"{base}/")
        for name, path in pages.items():
            cdp = page.context.new_cdp_session(page)
            sizes: dict[str, int] = {}
            cdp.on(
                "Network.loadingFinished",
                lambda event, sizes=sizes: sizes.__setitem__(
                    event["requestId"], event["encodedDataLength"]
                ),
            )
            cdp.send("Network.enable")
            cdp.send("Network.clearBrowserCache")
            cdp.send("Network.emulateNetworkConditions", THROTTLE)
            first, dcl, load = measure(page, sizes, base + path)
            repeat, dcl2, _load2 = measure(page, sizes, base + path)
            cdp.detach()
            missed = first >= FIRST_BUDGET or repeat >= REPEAT_BUDGET or dcl >= USABLE_SECONDS
            ok &= not missed
            print(
                f"{name:<12} {first / 1024:>10.1f} KB {repeat / 1024:>6.1f} KB "
                f"{dcl:>14.2f} s {load:>5.2f} s{'  << di atas target' if missed else ''}"
            )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--documents", type=int, default=2000, help="evidence documents added")
    parser.add_argument("--threads", type=int, default=300, help="forum threads added")
    parser.add_argument("--actions", type=int, default=200, help="action-plan rows added")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="simpul-weight-") as folder:
        setup_django(Path(folder))
        pages = prepare(options.documents, options.threads, options.actions)
        print(
            f"Data: demo + {options.documents} dokumen, {options.threads} utas forum, "
            f"{options.actions} rencana aksi."
        )
        server = serve(options.port)
        try:
            ok = run(f"http://127.0.0.1:{options.port}", pages)
        finally:
            server.shutdown()
    print(
        f"Target: muat pertama < {FIRST_BUDGET // 1024} KB, ulang < {REPEAT_BUDGET // 1024} KB, "
        f"siap pakai (DOMContentLoaded) < {USABLE_SECONDS:.0f} s pada 400 kbit/s, 300 ms."
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
