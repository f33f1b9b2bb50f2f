"""Benchmark: the CPU and the latency of the signed-in page mix, beside a bare view (issue 13 §5).

    .venv/bin/python bench/page_mix.py [--rounds 20] [--users 50] [--requests 6] [--think 3]

Starts the production set-up as simpul/core/tests/test_production_server.py does (gunicorn with
deploy/gunicorn.conf.py, 2 processes × 4 threads, production settings, PostgreSQL on 127.0.0.1
in a database of its own with the demo data), loopback only. The one difference: gunicorn loads
bench/page_mix_wsgi.py, the production application plus a bare view /bench/lantai/ (the floor:
full middleware, a signed-in user, no query, no template), which production does not route.

The page mix, per role (admin, responden, asesor, pimpinan), is the dashboard, the newest cycle
page, an answer page of that cycle, the forum list and a forum thread (URLs found by following
the pages' links).

1. CPU: one client at a time requests the page mix `--rounds` times per role (after one warm-up
   round), then the floor as many times. Printed: CPU ms per request of the gunicorn worker
   processes (utime + stime from /proc/PID/stat, before and after, divided by the requests) and
   of the PostgreSQL backends serving them (same reading of the pids in pg_stat_activity), for
   the mix, per page, and for the floor.
2. Load: `--users` signed-in people (sessions of the four roles in turn), each making
   `--requests` requests of the mix with `--think` s between them (starts spread over one think
   time); then the same with the floor. Printed: errors, p50, p95 and max latency, and the rate.

Exits 1 when a request of the load run fails (non-200). Never asserts on time: the targets of
the issue (page mix ≤ 12 ms CPU per request; 50 users, p95 < 300 ms) are printed beside.
"""

import argparse
import contextlib
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simpul.core.tests.test_production_server import (  # noqa: E402
    Client,
    free_port,
    production_database,
)

ROLES = ["admin", "responden", "asesor", "pimpinan"]
THREADS, REPLIES = 30, 12
# The demo has no forum threads: the admin and the respondent write some, through the actions.
SEED_FORUM = f"""
from django.conf import settings
from simpul.agencies.models import Membership, Role
from simpul.forum import operations
settings.FORUM_POSTS_PER_MINUTE = 10_000  # seeding, not people writing
admin = Membership.objects.get(user__username="admin", role=Role.ADMIN)
respondent = Membership.objects.get(user__username="responden", agency=admin.agency)
for number in range({THREADS}):
    thread = operations.start_thread(admin.agency, membership=admin, kind="question",
        title=f"Pertanyaan tolok ukur {{number}}", body="Bagaimana data dukung indikator ini?")
    for reply in range({REPLIES}):
        operations.reply(thread, membership=respondent if reply % 2 else admin,
            body=f"Tanggapan {{reply}}: **lihat** kebijakan internal, bagian {{reply}}.")
"""
FLOOR = "/bench/lantai/"
TICKS = os.sysconf("SC_CLK_TCK")


@contextlib.contextmanager
def bench_server(env: dict[str, str], folder: Path):
    """gunicorn with deploy/gunicorn.conf.py serving bench/page_mix_wsgi.py. Yields the port
    and the master pid."""
    port = free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    with open(folder / "gunicorn.log", "wb") as log:
        server = subprocess.Popen(
            [str(gunicorn), "-c", "deploy/gunicorn.conf.py", "--pythonpath", "bench",
             "page_mix_wsgi:application"],
            cwd=ROOT,
            env={**env, "SIMPUL_BIND": f"127.0.0.1:{port}"},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(OSError):
                Client(port).request("GET", "/healthz")
                break
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit((folder / "gunicorn.log").read_text())
            time.sleep(0.3)
        yield port, server.pid
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=40)


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """CPU seconds (user + system) of each process still running, by pid."""
    found = {}
    for pid in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            found[pid] = (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime
    return found


def spent(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds spent between two readings; a process started in between counts whole."""
    return sum(seconds - before.get(pid, 0) for pid, seconds in after.items())


def workers_of(master: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == master:
                    found.append(int(entry.name))
    return found


def backends(database_url: str) -> list[int]:
    name = database_url.rsplit("/", 1)[1]
    admin = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        rows = connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s", [name]
        ).fetchall()
    return [row[0] for row in rows]


def page_mix(client: Client) -> dict[str, str]:
    """The role's page mix, found by following links as a person would."""
    mix = {"dasbor": "/dasbor/"}
    _, page = client.request("GET", "/periode/")
    cycles = re.findall(r'href="(/periode/\d+/)"', page.decode())
    if cycles:
        mix["periode"] = cycles[0]
        _, page = client.request("GET", cycles[0])
        answers = re.findall(r'href="(/periode/jawaban/\d+/)"', page.decode())
        if answers:
            mix["jawaban"] = answers[len(answers) // 2]
    mix["forum"] = "/forum/"
    _, page = client.request("GET", "/forum/")
    threads = re.findall(r'href="(/forum/utas/\d+/)"', page.decode())
    if threads:
        mix["utas"] = threads[0]
    return mix


def get(client: Client, path: str) -> tuple[float, int]:
    started = time.perf_counter()
    try:
        response, _ = client.request("GET", path)
        status = response.status
    except OSError:
        status = 0
    return time.perf_counter() - started, status


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 2 else values[0]


def cpu_run(master: int, database_url: str, clients: dict, mixes: dict, rounds: int) -> dict:
    """CPU ms per request, sequential requests, per page kind and for the floor."""
    workers = workers_of(master)
    for role, client in clients.items():  # warm-up: engines built, templates compiled
        for path in [*mixes[role].values(), FLOOR]:
            get(client, path)
    result = {}
    kinds = sorted({kind for mix in mixes.values() for kind in mix})
    for kind in [*kinds, "lantai"]:
        app_before, pg_before, count = cpu_seconds(workers), cpu_seconds(backends(database_url)), 0
        for _ in range(rounds):
            for role, client in clients.items():
                path = FLOOR if kind == "lantai" else mixes[role].get(kind)
                if path:
                    _, status = get(client, path)
                    assert status == 200, (role, path, status)
                    count += 1
        app = spent(app_before, cpu_seconds(workers)) / count * 1000
        db = spent(pg_before, cpu_seconds(backends(database_url))) / count * 1000
        result[kind] = (app, db, count)
    return result


def load_run(port: int, sessions: list[dict], paths_of, users: int, requests: int, think: float):
    latencies, errors = [], []
    lock = threading.Lock()

    def person(number: int) -> None:
        client = Client(port)
        client.cookies = dict(sessions[number % len(sessions)]["cookies"])
        paths = paths_of(sessions[number % len(sessions)]["role"])
        time.sleep(think * number / users)
        for step in range(requests):
            seconds, status = get(client, paths[(number + step) % len(paths)])
            with lock:
                latencies.append(seconds)
                if status != 200:
                    errors.append(status)
            time.sleep(think)

    started = time.monotonic()
    people = [threading.Thread(target=person, args=(n,)) for n in range(users)]
    for thread in people:
        thread.start()
    for thread in people:
        thread.join()
    return latencies, errors, time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="rangkaian halaman per peran (CPU)")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--requests", type=int, default=6, help="permintaan per orang (beban)")
    parser.add_argument("--think", type=float, default=3.0, help="detik jeda antarpermintaan")
    args = parser.parse_args()
    with open("/proc/loadavg") as loadavg:
        print(f"Beban mesin sebelum: {' '.join(loadavg.read().split()[:3])} ({os.cpu_count()} CPU)")
    with tempfile.TemporaryDirectory() as folder, production_database(Path(folder)) as env:
        seeded = subprocess.run([sys.executable, "manage.py", "shell", "-c", SEED_FORUM],
                                cwd=ROOT, env=env, capture_output=True, text=True)  # fmt: skip
        assert seeded.returncode == 0, seeded.stderr
        with bench_server(env, Path(folder)) as (port, master):
            clients = {}
            for role in ROLES:
                clients[role] = Client(port)
                clients[role].sign_in(role)
            mixes = {role: page_mix(client) for role, client in clients.items()}
            for role, mix in mixes.items():
                print(f"  {role}: {', '.join(f'{k} {v}' for k, v in mix.items())}")
            cpu = cpu_run(master, env["DATABASE_URL"], clients, mixes, args.rounds)
            sessions = []
            for number in range(args.users):
                role = ROLES[number % len(ROLES)]
                client = Client(port)
                client.sign_in(role)
                sessions.append({"role": role, "cookies": client.cookies})
            mix_run = load_run(port, sessions, lambda role: list(mixes[role].values()),
                               args.users, args.requests, args.think)  # fmt: skip
            floor_run = load_run(port, sessions, lambda role: [FLOOR],
                                 args.users, args.requests, args.think)  # fmt: skip
    with open("/proc/loadavg") as loadavg:
        print(f"Beban mesin sesudah: {' '.join(loadavg.read().split()[:3])}")

    print(f"\nCPU per permintaan, {args.rounds} putaran per peran, berurutan (target isu: ≤ 12 ms)")
    print(f"  {'halaman':<10} {'gunicorn':>10} {'PostgreSQL':>11} {'jumlah':>9} {'permintaan':>11}")
    mixed = [cpu[kind] for kind in cpu if kind != "lantai"]
    requests = sum(count for _, _, count in mixed)
    app_mix = sum(app * count for app, _, count in mixed) / requests
    db_mix = sum(db * count for _, db, count in mixed) / requests
    for kind, (app, db, count) in cpu.items():
        label = f"{kind} (lantai)" if kind == "lantai" else kind
        print(f"  {label:<10} {app:>7.1f} ms {db:>8.1f} ms {app + db:>6.1f} ms {count:>11}")
    print(f"  {'campuran':<10} {app_mix:>7.1f} ms {db_mix:>8.1f} ms "
          f"{app_mix + db_mix:>6.1f} ms {requests:>11}")  # fmt: skip

    print(f"\n{args.users} orang, {args.requests} permintaan masing-masing, jeda {args.think:g} s "
          "(target isu: 0 galat, p95 < 300 ms)")  # fmt: skip
    for label, (latencies, errors, seconds) in (
        ("campuran halaman", mix_run),
        ("lantai", floor_run),
    ):
        print(
            f"  {label:<17} {len(latencies)} permintaan, {len(errors)} galat, "
            f"p50 {statistics.median(latencies) * 1000:.0f} ms, "
            f"p95 {p95(latencies) * 1000:.0f} ms, "
            f"maks {max(latencies) * 1000:.0f} ms, {len(latencies) / seconds:.1f} perm./s"
        )
    if mix_run[1] or floor_run[1]:
        print(f"\nGAGAL: galat {sorted(set(mix_run[1] + floor_run[1]))}")
        sys.exit(1)


if __name__ == "__main__":
    main()
