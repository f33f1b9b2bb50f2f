"""Benchmark: peak memory growth of the server while a 100 MB evidence file is uploaded.

    .venv/bin/python bench/upload_memory.py [--size-mb 100] [--keep]

Sets Django up on a throw-away SQLite database and media directory, serves the real WSGI
application from a thread on 127.0.0.1, signs in an admin, and streams a generated PDF of
--size-mb megabytes from disk to the upload view (evidence:upload) with http.client, in 1 MB
pieces: neither side ever holds the file. The process's resident memory (VmRSS from /proc) is
sampled every 5 ms during the upload; the figure printed is the peak minus the level just
before. Then the same file is sent again with the default 50 MB limit, to measure the refusal
path (the size-limit handler stops storing the file while it arrives).

Target: under 50 MB of growth. The script exits with status 1 above it.
"""

import argparse
import hashlib
import http.client
import os
import re
import shutil
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MB = 50
MB = 1024 * 1024


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


def write_big_pdf(path: Path, size: int) -> str:
    """A valid one-page PDF whose content stream pads it to about `size` bytes; returns SHA-256."""
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

    agency = Agency.objects.create(name="Kabupaten Uji", short_code="uji", category="kabupaten")
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


def stream_upload(port: int, cookies: dict, path: Path, title: str) -> tuple[int, str]:
    """POST the file as multipart/form-data, sending it from disk in 1 MB pieces."""
    boundary = uuid.uuid4().hex
    fields = {"title": title, "document_type": "laporan"}
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
    parser.add_argument("--size-mb", type=int, default=100)
    parser.add_argument("--keep", action="store_true", help="keep the working directory")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="simpul-bench-"))
    try:
        setup_django(workdir, limit_mb=args.size_mb + 50)
        from django.conf import settings

        from simpul.evidence.models import Evidence

        server = start_server()
        port = server.server_address[1]
        cookies = signed_in_cookies(port)
        small, big = workdir / "kecil.pdf", workdir / "laporan-besar.pdf"
        write_big_pdf(small, MB)
        digest = write_big_pdf(big, args.size_mb * MB)
        # Warm up: imports, first queries, template compilation are not part of the figure.
        measure(port, cookies, small, "Pemanasan")

        status, _body, growth, elapsed = measure(port, cookies, big, "Laporan besar")
        revision = Evidence.objects.get(title="Laporan besar").current_revision
        assert status == 302, f"upload answered {status}"
        assert revision.sha256 == digest and revision.size == big.stat().st_size
        print(f"Upload {revision.size / MB:.0f} MB accepted in {elapsed:.1f} s")
        print(f"  peak RSS growth: {growth / MB:.1f} MB (target under {TARGET_MB} MB)")

        settings.EVIDENCE_MAX_UPLOAD_SIZE = 50 * MB
        status, body, refused_growth, elapsed = measure(port, cookies, big, "Terlalu besar")
        assert status == 200 and "melebihi batas" in body, "the oversize upload was not refused"
        assert not Evidence.objects.filter(title="Terlalu besar").exists()
        print(f"Same file over a 50 MB limit refused in {elapsed:.1f} s")
        print(f"  peak RSS growth: {refused_growth / MB:.1f} MB")
        server.shutdown()
        return 0 if max(growth, refused_growth) < TARGET_MB * MB else 1
    finally:
        if args.keep:
            print(f"Working directory kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
