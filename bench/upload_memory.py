"""Benchmark: peak memory growth while a 200 MB scanned PDF is uploaded and its text extracted.

    .venv/bin/python bench/upload_memory.py [--size-mb 200] [--keep]

Sets Django up on a throw-away SQLite database and media directory, serves the real WSGI
application from a thread on 127.0.0.1 and signs in an admin. Writes to disk, piece by piece, a
PDF shaped like a scanned document: on every page an uncompressed 4 MB image XObject drawn over
the page and one line of real text ("Halaman N ..."; only the last page says "Rekapitulasi").

1. Upload: streams the file from disk to the upload view (evidence:upload) with http.client in
   1 MB pieces; checks the stored revision's SHA-256 and size.
2. Worker: runs the production worker (`manage.py db_worker --batch`, django-tasks database
   backend) in this process on the queued extraction task; checks that the revision is DONE,
   that its text has one line per page, and that the library search finds the last-page word.
3. Floors, same run: the same worker extracting a 2-page text-only PDF, and reading the stored
   file once in 1 MB pieces with a plain loop.
4. Refusal: the same file sent again with the default 50 MB limit (the size-limit handler
   stops storing it while it arrives).
5. Separate process: a real `manage.py db_worker --batch` subprocess extracts a second upload
   of the same file; its peak RSS (VmHWM/VmRSS of /proc/<pid>, every 5 ms) is printed beside
   its peak on the text-only PDF (process start, Django and imports: the floor), and the
   difference is held to the same target.
6. Reference (shows the instrument sees growth; not part of the exit status): plain pypdf
   extracting the same file, as the worker did before extraction streamed.

For each step the process's resident memory (VmRSS from /proc) is sampled every 5 ms; the
figure printed is the peak minus the level just before (after a warm-up upload and a warm-up
extraction of a small scanned PDF). Target: under 50 MB of growth for the upload, the worker,
the refusal and the separate worker process. The script exits with status 1 at or above it.
"""

import argparse
import hashlib
import http.client
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MB = 50
MB = 1024 * 1024
IMAGE_MB = 4


def rss_bytes() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("VmRSS not found: this benchmark needs Linux /proc")


class PeakSampler(threading.Thread):
    """Samples VmRSS until stopped and keeps the highest value."""

    def __init__(self, interval: float = 0.005) -> None:
        super().__init__(daemon=True)
        self.interval = interval
        self.peak = rss_bytes()
        self.running = True

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, rss_bytes())
            time.sleep(self.interval)

    def stop(self) -> int:
        self.running = False
        self.join()
        return max(self.peak, rss_bytes())


class HashingWriter:
    """A binary file that also hashes what is written to it."""

    def __init__(self, out) -> None:
        self.out = out
        self.digest = hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        return self.out.write(data)

    def tell(self) -> int:
        return self.out.tell()


def write_scanned_pdf(path: Path, size: int, **text) -> tuple[str, int]:
    """A scanned-document PDF of about `size` bytes: IMAGE_MB of uncompressed image and one line
    of text on every page, written to disk piece by piece; returns its SHA-256 and pages."""
    from simpul.evidence.tests.scanned import write_scanned_pdf as write

    pages = max(1, round(size / (IMAGE_MB * MB)))
    with path.open("wb") as out:
        writer = HashingWriter(out)
        write(writer, pages, min(size, IMAGE_MB * MB), **text)
    return writer.digest.hexdigest(), pages


def write_text_pdf(path: Path, *pages: str) -> str:
    """The floor's document: a small PDF with text only (two pages)."""
    from simpul.evidence.tests.samples import pdf_bytes

    content = pdf_bytes(*(pages or ("Halaman satu rencana induk", "Halaman dua peta rencana")))
    path.write_bytes(content)
    return hashlib.sha256(content).hexdigest()


def write_big_pdf(path: Path, size: int) -> str:
    """A valid one-page PDF whose content stream pads it to about `size` bytes; returns SHA-256.

    No text and no image: for the upload-only benchmarks (bench/resumable_upload.py)."""
    digest = hashlib.sha256()

    def write(out, data: bytes) -> None:
        out.write(data)
        digest.update(data)

    filler = (b"% Simpul benchmark filler line, not drawn on the page.\n" * 20000)[:MB]
    stream_length = max(0, size - 1024)
    offsets = {}
    with path.open("wb") as out:
        write(out, b"%PDF-1.4\n")
        for number, body in (
            (1, b"<< /Type /Catalog /Pages 2 0 R >>"),
            (2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
            (3, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>"),
        ):
            offsets[number] = out.tell()
            write(out, b"%d 0 obj\n%s\nendobj\n" % (number, body))
        offsets[4] = out.tell()
        write(out, b"4 0 obj\n<< /Length %d >>\nstream\n" % stream_length)
        remaining = stream_length
        while remaining:
            piece = filler[: min(len(filler), remaining)]
            write(out, piece)
            remaining -= len(piece)
        write(out, b"\nendstream\nendobj\n")
        xref = out.tell()
        write(out, b"xref\n0 5\n0000000000 65535 f \n")
        for number in range(1, 5):
            write(out, b"%010d 00000 n \n" % offsets[number])
        write(out, b"trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return digest.hexdigest()


def setup_django(workdir: Path, limit_mb: int) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DEBUG"] = "1"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ["FILE_UPLOAD_TEMP_DIR"] = str(workdir)
    os.environ["EVIDENCE_MAX_UPLOAD_MB"] = str(limit_mb)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "simpul.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def start_server():
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, *args) -> None:
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler)
    server.set_app(get_wsgi_application())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def signed_in_cookies(port: int) -> dict:
    from django.test import Client

    from simpul.accounts.models import User
    from simpul.agencies.models import Agency, Membership, Role

    agency = Agency.objects.create(name="Kabupaten Uji", short_code="uji", category="regency")
    user = User.objects.create(username="admin-uji", email="admin@uji.go.id")
    Membership.objects.create(user=user, agency=agency, role=Role.ADMIN)
    client = Client()
    client.force_login(user)
    cookies = {"sessionid": client.cookies["sessionid"].value}
    connection = http.client.HTTPConnection("127.0.0.1", port)
    connection.request("GET", "/data-dukung/unggah/", headers={"Cookie": cookie_header(cookies)})
    response = connection.getresponse()
    response.read()
    match = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "")
    cookies["csrftoken"] = match.group(1)
    return cookies


def cookie_header(cookies: dict) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def run_worker() -> None:
    """The production worker (`manage.py db_worker`), in this process, until the queue is empty."""
    from django.core.management import call_command

    call_command(
        "db_worker", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0
    )


def measure_call(function) -> tuple[int, float]:
    """Peak RSS growth and seconds of `function()`."""
    baseline = rss_bytes()
    sampler = PeakSampler()
    sampler.start()
    started = time.perf_counter()
    function()
    elapsed = time.perf_counter() - started
    return sampler.stop() - baseline, elapsed


def worker_process_peak() -> int:
    """Peak RSS of a separate `manage.py db_worker --batch` process, exactly as deployed but
    exiting when the queue is empty: VmHWM/VmRSS of /proc/<pid> sampled every 5 ms."""
    command = [sys.executable, str(ROOT / "manage.py"), "db_worker", "--batch", "--no-reload"]
    command += ["--no-startup-delay", "--interval", "0", "-v", "0"]
    worker = subprocess.Popen(command, cwd=ROOT)
    peak = 0
    while worker.poll() is None:
        try:
            with open(f"/proc/{worker.pid}/status") as status:
                for line in status:
                    if line.startswith(("VmHWM:", "VmRSS:")):
                        peak = max(peak, int(line.split()[1]) * 1024)
        except (FileNotFoundError, ProcessLookupError):
            break
        time.sleep(0.005)
    assert worker.wait() == 0, "the worker process failed"
    return peak


def read_plainly(path: Path) -> None:
    with path.open("rb") as source:
        while source.read(MB):
            pass


def extract_as_before(path: Path) -> None:
    """How extraction read a PDF before it streamed (main until 1 December 2026): plain pypdf."""
    from pypdf import PdfReader

    with path.open("rb") as source:
        for page in PdfReader(source, strict=False).pages:
            page.extract_text()


def stream_upload(port: int, cookies: dict, path: Path, title: str) -> tuple[int, str]:
    """POST the file as multipart/form-data, sending it from disk in 1 MB pieces."""
    boundary = uuid.uuid4().hex
    fields = {"title": title, "document_type": "report"}
    head = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    )
    head += (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{path.name}"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    connection.putrequest("POST", "/data-dukung/unggah/")
    connection.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
    connection.putheader("Content-Length", str(len(head) + path.stat().st_size + len(tail)))
    connection.putheader("Cookie", cookie_header(cookies))
    connection.putheader("X-CSRFToken", cookies["csrftoken"])
    connection.endheaders()
    connection.send(head)
    with path.open("rb") as source:
        while piece := source.read(MB):
            connection.send(piece)
    connection.send(tail)
    response = connection.getresponse()
    body = response.read().decode(errors="replace")
    return response.status, body


def measure(port: int, cookies: dict, path: Path, title: str) -> tuple[int, str, int, float]:
    baseline = rss_bytes()
    sampler = PeakSampler()
    sampler.start()
    started = time.perf_counter()
    status, body = stream_upload(port, cookies, path, title)
    elapsed = time.perf_counter() - started
    peak = sampler.stop()
    return status, body, peak - baseline, elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=int, default=200)
    parser.add_argument("--keep", action="store_true", help="keep the working directory")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="simpul-bench-"))
    try:
        setup_django(workdir, limit_mb=args.size_mb + 50)
        from django.conf import settings

        from simpul.evidence.models import Evidence, ExtractionStatus

        server = start_server()
        port = server.server_address[1]
        cookies = signed_in_cookies(port)
        warm, small, big = workdir / "pemanasan.pdf", workdir / "teks.pdf", workdir / "pindaian.pdf"
        write_scanned_pdf(warm, 2 * IMAGE_MB * MB, text=lambda number, _: f"Pemanasan {number}")
        write_text_pdf(small)
        digest, pages = write_scanned_pdf(big, args.size_mb * MB)
        # Warm up: imports, first queries, template compilation, the worker's first task are
        # not part of any figure.
        measure(port, cookies, warm, "Pemanasan")
        run_worker()

        status, _body, growth, elapsed = measure(port, cookies, big, "Laporan pindaian")
        revision = Evidence.objects.get(title="Laporan pindaian").current_revision
        assert status == 302, f"upload answered {status}"
        assert revision.sha256 == digest and revision.size == big.stat().st_size
        print(
            f"Upload {revision.size / MB:.0f} MB ({pages} pages, a {IMAGE_MB} MB image and a line"
            f" of text each) accepted in {elapsed:.1f} s"
        )
        print(f"  peak RSS growth: {growth / MB:.1f} MB (target under {TARGET_MB} MB)")

        worker_growth, elapsed = measure_call(run_worker)
        revision.refresh_from_db()
        assert revision.extraction_status == ExtractionStatus.DONE, revision.extraction_error
        lines = revision.text.splitlines()
        assert len(lines) == pages and lines[-1].startswith(f"Halaman {pages} ")
        library = Evidence.objects.for_agency(revision.evidence.agency)
        found = [evidence.title for evidence in library.search("rekapitulasi")]
        assert found == ["Laporan pindaian"], f"search for a last-page word found {found}"
        print(f"Worker extracted its text in {elapsed:.1f} s: {len(revision.text):,} characters,")
        print(f"  {len(lines)} pages; search for a last-page word finds it: {found[0]!r}")
        print(f"  peak RSS growth: {worker_growth / MB:.1f} MB (target under {TARGET_MB} MB)")

        measure(port, cookies, small, "Teks kecil")
        floor_growth, elapsed = measure_call(run_worker)
        text = Evidence.objects.get(title="Teks kecil").current_revision.text
        assert "rencana" in text, "the floor's text-only PDF was not extracted"
        print(f"  floor, the same worker on a 2-page text-only PDF: {floor_growth / MB:.1f} MB")
        stored = Path(revision.file.path)
        read_growth, elapsed = measure_call(lambda: read_plainly(stored))
        print(f"  floor, reading the stored file once in 1 MB pieces: {read_growth / MB:.1f} MB")

        settings.EVIDENCE_MAX_UPLOAD_SIZE = 50 * MB
        status, body, refused_growth, elapsed = measure(port, cookies, big, "Terlalu besar")
        assert status == 200 and "melebihi batas" in body, "the oversize upload was not refused"
        assert not Evidence.objects.filter(title="Terlalu besar").exists()
        print(f"Same file over a 50 MB limit refused in {elapsed:.1f} s")
        print(f"  peak RSS growth: {refused_growth / MB:.1f} MB")

        # The same, in a separate worker process: its peak on the big file beside its peak on
        # the small text-only one (process start, Django, imports: the floor).
        settings.EVIDENCE_MAX_UPLOAD_SIZE = (args.size_mb + 50) * MB
        # Other files of the same shapes: the library refuses a file it already holds.
        small, big = workdir / "teks-2.pdf", workdir / "pindaian-2.pdf"
        write_text_pdf(small, "Halaman satu peta jalan", "Halaman dua rencana aksi")
        _digest, pages = write_scanned_pdf(
            big, args.size_mb * MB, text=lambda number, count: f"Salinan {number} dari {count}"
        )
        peaks = {}
        for title, path in (("Teks kecil, proses", small), ("Pindaian, proses", big)):
            status, _body, _growth, _elapsed = measure(port, cookies, path, title)
            assert status == 302, f"upload of {path.name} answered {status}"
            peaks[title] = worker_process_peak()
            extracted = Evidence.objects.get(title=title).current_revision
            assert extracted.extraction_status == ExtractionStatus.DONE, extracted.extraction_error
        lines = extracted.text.splitlines()
        assert len(lines) == pages and lines[-1] == f"Salinan {pages} dari {pages}"
        floor_peak, big_peak = peaks["Teks kecil, proses"], peaks["Pindaian, proses"]
        process_growth = big_peak - floor_peak
        print("Separate worker process (manage.py db_worker --batch), peak RSS:")
        print(f"  {big_peak / MB:.1f} MB on the {revision.size / MB:.0f} MB scanned PDF")
        print(f"  floor, {floor_peak / MB:.1f} MB on the 2-page text-only PDF")
        print(f"  difference: {process_growth / MB:.1f} MB (target under {TARGET_MB} MB)")

        # Last: it grows the process by about the file's size, which would blur what follows.
        before_growth, elapsed = measure_call(lambda: extract_as_before(stored))
        print(
            "Reference: plain pypdf extracting the same file (as the worker did before"
            f" extraction streamed): {before_growth / MB:.1f} MB"
        )
        server.shutdown()
        worst = max(growth, worker_growth, refused_growth, process_growth)
        return 0 if worst < TARGET_MB * MB else 1
    finally:
        if args.keep:
            print(f"Working directory kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
