"""Benchmark: the report PDF and Excel of one agency's cycle with 0, 2,000 and 20,000 linked
documents (issue 13 §6: under 20 s and 300 MB at 20,000, growing at most linearly).

    .venv/bin/python bench/report_scale.py [--sizes 0,2000,20000] [--kinds pdf,xlsx] [--folder F]

--folder keeps the databases (built once, reused by the next run: e.g. to measure older code).

For each size a throw-away SQLite database is built in a temporary folder (in a child
process): the shipped frameworks, one agency with units, last year's cycle and this year's
cycle (47 answers with levels, facts and analyses), and SIZE evidence documents, each a real
row with a current revision (name, size, SHA-256), every one linked to an answer of the cycle
(a third of them to three indicators, the rest spread over all 47). The files themselves are
not written: no report reads them.

Then each report is built in a fresh child process exactly as the worker builds it: a Report
row, then the worker's task (`simpul.reports.tasks.build_report`, called in-process), which
builds the file and saves it to the storage. The child prints the time of the task, its peak
resident memory (ru_maxrss: the whole process, Django included), its memory before the build,
the number of queries and the file's size. Wall time is printed beside the process's CPU time:
on a machine shared with other work the CPU time is the steadier figure. Beside them, measured
in the same run:

- the same report with 0 documents (the cost of the report itself), and
- the floor for a long list: a plain loop in a fresh process that reads the same evidence rows
  with one query and writes them as CSV text in memory.

Prints figures only; nothing is asserted on time. Exits with status 1 when a report at the
largest size takes 20 s or more or peaks at 300 MB or more (the issue's targets).
"""

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 20
TARGET_MB = 300
BATCH = 2000


def setup_django(folder: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DEBUG"] = "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "simpul.settings")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(folder / "media")
    import django

    django.setup()


def rss_mb() -> float:
    """The process's resident memory now (VmRSS), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def build(folder: Path, documents: int) -> None:
    from django.core.management import call_command
    from django.db import transaction

    from simpul.accounts.models import User
    from simpul.agencies.models import Agency, AgencyCategory, Membership, Role, Unit
    from simpul.cycles import operations
    from simpul.cycles.models import Answer
    from simpul.evidence.models import (
        DocumentType,
        Evidence,
        EvidenceLink,
        EvidencePurpose,
        EvidenceRevision,
    )
    from simpul.frameworks.models import Framework

    call_command("migrate", verbosity=0, stdout=StringIO())
    call_command("load_frameworks", verbosity=0, stdout=StringIO())
    agency = Agency.objects.create(
        name="Kabupaten Tolok Ukur", short_code="tolok-ukur", category=AgencyCategory.REGENCY
    )
    units = [
        Unit.objects.create(agency=agency, name=f"Dinas {n}", short_name=f"D{n}") for n in range(8)
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
    answers = list(cycle.answers.select_related("indicator").order_by("indicator__number"))
    for answer in answers:
        answer.self_level = 1 + answer.indicator.number % 5
        answer.fact = f"Fakta {answer.indicator.code}: " + "kebijakan dan layanan. " * 20
        answer.analysis = f"Analisis {answer.indicator.code}: " + "perlu penguatan. " * 15
        answer.units.add(units[answer.indicator.number % len(units)])
    Answer.objects.bulk_update(answers, ["self_level", "fact", "analysis"])
    types = list(DocumentType.values)
    purposes = list(EvidencePurpose.values)
    for start in range(0, documents, BATCH):
        size = min(BATCH, documents - start)
        with transaction.atomic():
            made = Evidence.objects.bulk_create(
                Evidence(
                    agency=agency,
                    title=f"Dokumen pendukung nomor {start + n} tentang layanan SPBE",
                    number=f"{start + n}/SPBE/2025",
                    document_type=types[(start + n) % len(types)],
                    issuing_unit=units[(start + n) % len(units)],
                )
                for n in range(size)
            )
            revisions = EvidenceRevision.objects.bulk_create(
                EvidenceRevision(
                    evidence=document,
                    number=1,
                    file=f"evidence/{agency.pk}/{start + n}.pdf",
                    original_name=f"dokumen-{start + n}.pdf",
                    content_type="application/pdf",
                    size=10_000 + n,
                    sha256=hashlib.sha256(str(start + n).encode()).hexdigest(),
                    uploaded_by=admin,
                )
                for n, document in enumerate(made)
            )
            for document, revision in zip(made, revisions, strict=True):
                document.current_revision = revision
            Evidence.objects.bulk_update(made, ["current_revision"])
            links = []
            for n, document in enumerate(made):
                number = start + n
                # A third of the documents on three indicators, the rest spread over all.
                answer = answers[number % 3] if number % 3 == 0 else answers[number % len(answers)]
                links.append(
                    EvidenceLink(
                        evidence=document,
                        answer=answer,
                        level=1 + number % 5,
                        purpose=purposes[number % len(purposes)],
                        note=f"Pasal {1 + number % 12}",
                    )
                )
            EvidenceLink.objects.bulk_create(links)


def measure(kind: str) -> dict:
    from django.db import connection, reset_queries

    from simpul.cycles.models import Cycle
    from simpul.reports.models import Report
    from simpul.reports.tasks import build_report

    cycle = Cycle.objects.select_related("agency", "framework").get(year=2025)
    cycle.framework.engine()  # the per-process engine, as in a worker that built one before
    report = Report.objects.create(agency=cycle.agency, cycle=cycle, kind=kind)
    before = rss_mb()
    reset_queries()
    start, cpu = time.perf_counter(), time.process_time()
    status = build_report.call(report.pk)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    queries = len(connection.queries)
    report.refresh_from_db()
    assert status == "done", report.error
    return {
        "seconds": seconds,
        "cpu": cpu,
        "peak_mb": peak_mb(),
        "before_mb": before,
        "queries": queries,
        "bytes": report.file.size,
    }


def floor() -> dict:
    """The same evidence rows read with one query and written as CSV text: the least a
    report listing every document can cost."""
    import csv

    from simpul.evidence.models import EvidenceLink

    before = rss_mb()
    start, cpu = time.perf_counter(), time.process_time()
    text = StringIO()
    writer = csv.writer(text)
    rows = EvidenceLink.objects.filter(answer__cycle__year=2025).values_list(
        "answer__indicator__code", "level", "note", "evidence__title", "evidence__number"
    )
    for row in rows.iterator(chunk_size=BATCH):
        writer.writerow(row)
    return {
        "seconds": time.perf_counter() - start,
        "cpu": time.process_time() - cpu,
        "peak_mb": peak_mb(),
        "before_mb": before,
        "queries": 1,
        "bytes": len(text.getvalue().encode()),
    }


def child(arguments: list[str]) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, *arguments], capture_output=True, text=True, cwd=ROOT
    )
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"child {arguments} failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="0,2000,20000")
    parser.add_argument("--kinds", default="pdf,xlsx")
    parser.add_argument("--folder", help="keep the databases here (built once, reused)")
    parser.add_argument("--child", nargs=3, metavar=("ACTION", "FOLDER", "ARG"), help="internal")
    options = parser.parse_args()
    if options.child:
        action, folder, argument = options.child
        setup_django(Path(folder))
        if action == "build":
            start = time.perf_counter()
            build(Path(folder), int(argument))
            print(json.dumps({"seconds": time.perf_counter() - start}))
        elif action == "measure":
            print(json.dumps(measure(argument)))
        else:
            print(json.dumps(floor()))
        return 0

    sizes = [int(size) for size in options.sizes.split(",")]
    kinds = options.kinds.split(",")
    largest = max(sizes)
    missed = False
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the start")
    with tempfile.TemporaryDirectory(prefix="simpul-report-scale-") as work:
        work = options.folder or work
        print(f"{'documents':>9}  {'report':<12} {'time s':>7} {'CPU s':>6} {'peak MB':>8}"
              f" {'growth MB':>9} {'queries':>7} {'file KB':>8}")  # fmt: skip
        for size in sizes:
            folder = Path(work) / str(size)
            if not (folder / "bench.sqlite3").exists():
                folder.mkdir(parents=True, exist_ok=True)
                built = child(["--child", "build", str(folder), str(size)])
                print(f"{size:>9}  (data built in {built['seconds']:.1f} s)")
            rows = [(kind, child(["--child", "measure", str(folder), kind])) for kind in kinds]
            rows.append(("floor: loop", child(["--child", "floor", str(folder), "-"])))
            for name, figures in rows:
                growth = figures["peak_mb"] - figures["before_mb"]
                print(
                    f"{size:>9}  {name:<12} {figures['seconds']:>7.2f} {figures['cpu']:>6.2f}"
                    f" {figures['peak_mb']:>8.0f} {growth:>9.0f} {figures['queries']:>7}"
                    f" {figures['bytes'] / 1024:>8.0f}"
                )
                if size == largest and name in kinds:
                    slow = figures["seconds"] >= TARGET_SECONDS
                    heavy = figures["peak_mb"] >= TARGET_MB
                    missed = missed or slow or heavy
    print(f"targets at {largest} documents: < {TARGET_SECONDS} s, < {TARGET_MB} MB peak")
    # The builds are single-threaded: on an idle machine the wall time is about the CPU time;
    # a wall time far above it is time spent waiting for other processes' CPU.
    print(
        "load average (1, 5, 15 min) at the end: " + ", ".join(f"{v:.1f}" for v in os.getloadavg())
    )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
