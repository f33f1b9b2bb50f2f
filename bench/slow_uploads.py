"""Benchmark: two slow uploads do not block other users (issue 13 §1).

    .venv/bin/python bench/slow_uploads.py [--megabytes 2] [--kbits 400]

Starts the production set-up exactly as the test does (gunicorn with deploy/gunicorn.conf.py,
production settings, PostgreSQL on 127.0.0.1:5432 in a database of its own with the demo data),
signs in three demo people and, while two of them upload a PDF of `--megabytes` to
/data-dukung/unggah/ at `--kbits` (the bytes are written to the socket at that rate, as an island
link delivers them), the third opens the dashboard every 0.5 s. Printed per server: the upload
results and the third person's latency while the uploads run, beside the floor measured in the
same run: the same requests with no upload running.

Two servers are measured: the deploy configuration (2 gthread processes × 8 threads) and
gunicorn's defaults (1 sync process, 30 s timeout), the set-up that failed in the issue.
Exits 1 when, with the deploy configuration, an upload fails or the dashboard's p95 during the
uploads exceeds five times its floor plus 100 ms.

Behind nginx (deploy/nginx/simpul.conf) the upload's slow part never reaches gunicorn at all;
this benchmark measures the app server alone, the second line of defence.
"""

import argparse
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simpul.core.tests.test_production_server import Client, Links, production_server  # noqa: E402
from simpul.evidence.tests.samples import pdf_bytes  # noqa: E402


def padded_pdf(size: int) -> bytes:
    """A valid PDF of about `size` bytes: one page, and a comment line as padding after the
    cross-reference table (offsets unchanged, `startxref` and `%%EOF` still at the end)."""
    pdf = pdf_bytes("Bukti unggahan lambat")
    head, tail = pdf.rsplit(b"startxref", 1)
    return head + b"%" + b"0" * max(0, size - len(pdf) - 2) + b"\nstartxref" + tail


def slow_upload(port: int, client: Client, content: bytes, rate: int, result: dict) -> None:
    """POST the upload form, writing the body to the socket at `rate` bytes per second."""
    _, page = client.request("GET", "/data-dukung/unggah/")
    parser = Links()
    parser.feed(page.decode())
    boundary = "simpulbench"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
        f"{parser.csrf}\r\n".encode(),
        f'--{boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\n'
        "Unggahan lambat\r\n".encode(),
        f'--{boundary}\r\nContent-Disposition: form-data; name="document_type"\r\n\r\n'
        "laporan\r\n".encode(),
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="lambat.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n".encode(),
        content,
        f"\r\n--{boundary}--\r\n".encode(),
    ]
    body = b"".join(parts)
    cookies = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
    head = (
        "POST /data-dukung/unggah/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "X-Forwarded-Proto: https\r\nOrigin: https://127.0.0.1\r\n"
        "Referer: https://127.0.0.1/data-dukung/unggah/\r\n"
        f"Cookie: {cookies}\r\nContent-Type: multipart/form-data; boundary={boundary}\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode()
    started = time.monotonic()
    status = "?"
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=120) as sock:
            sock.sendall(head)
            step = max(1, rate // 10)
            for offset in range(0, len(body), step):
                sock.sendall(body[offset : offset + step])
                time.sleep(0.1)
            reply = sock.recv(200).decode(errors="replace")
            status = reply.split(" ", 2)[1] if reply.startswith("HTTP/") else "koneksi ditutup"
    except OSError as error:
        status = f"galat: {error.__class__.__name__}"
    result.update(status=status, seconds=time.monotonic() - started)


def dashboard_latencies(client: Client, until: threading.Event, count: int | None) -> list:
    latencies, errors = [], 0
    while (count is None and not until.is_set()) or (count is not None and len(latencies) < count):
        started = time.monotonic()
        try:
            response, _ = client.request("GET", "/dasbor/")
            if response.status != 200:
                errors += 1
        except OSError:
            errors += 1
        latencies.append(time.monotonic() - started)
        time.sleep(0.5)
    return latencies, errors


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 2 else values[0]


def measure(label: str, megabytes: float, rate: int, **server_env) -> dict:
    with (
        tempfile.TemporaryDirectory() as folder,
        production_server(Path(folder), **server_env) as server,
    ):
        port = server["port"]
        reader, first, second = Client(port), Client(port), Client(port)
        reader.sign_in("pimpinan")
        first.sign_in("admin")
        second.sign_in("responden")
        floor, floor_errors = dashboard_latencies(reader, threading.Event(), 20)
        content = padded_pdf(int(megabytes * 1024 * 1024))
        results = [{}, {}]
        uploads = [
            threading.Thread(target=slow_upload, args=(port, who, content, rate, result))
            for who, result in zip((first, second), results, strict=True)
        ]
        done = threading.Event()
        for thread in uploads:
            thread.start()
        time.sleep(1)
        box = {}

        def watch() -> None:
            box["lat"], box["err"] = dashboard_latencies(reader, done, None)

        watcher = threading.Thread(target=watch)
        watcher.start()
        for thread in uploads:
            thread.join()
        done.set()
        watcher.join()
    during = box["lat"]
    print(f"\n{label}")
    for number, result in enumerate(results, 1):
        print(f"  unggahan {number}: HTTP {result['status']} setelah {result['seconds']:.1f} s")
    print(
        f"  dasbor tanpa unggahan (lantai): p50 {statistics.median(floor) * 1000:.0f} ms, "
        f"p95 {p95(floor) * 1000:.0f} ms, {len(floor)} permintaan, {floor_errors} galat"
    )
    print(
        f"  dasbor selama dua unggahan:     p50 {statistics.median(during) * 1000:.0f} ms, "
        f"p95 {p95(during) * 1000:.0f} ms, maks {max(during) * 1000:.0f} ms, "
        f"{len(during)} permintaan, {box['err']} galat"
    )
    return {"results": results, "floor": floor, "during": during, "errors": box["err"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=2.0)
    parser.add_argument("--kbits", type=int, default=400)
    parser.add_argument("--skip-defaults", action="store_true", help="hanya konfigurasi deploy")
    args = parser.parse_args()
    rate = args.kbits * 1000 // 8
    print(
        f"Dua unggahan {args.megabytes:g} MB pada {args.kbits} kbit/s "
        f"(sekitar {args.megabytes * 1024 * 1024 / rate:.0f} s masing-masing)"
    )
    deploy = measure("deploy/gunicorn.conf.py (2 proses gthread × 8 utas)", args.megabytes, rate,
                     WEB_WORKERS="2", WEB_THREADS="8")  # fmt: skip
    if not args.skip_defaults:
        measure(
            "bawaan gunicorn (1 proses sync, batas 30 s)",
            args.megabytes,
            rate,
            GUNICORN_CMD_ARGS="--worker-class sync --workers 1 --threads 1 --timeout 30",
        )
    uploaded = all(result["status"] == "302" for result in deploy["results"])
    slow = p95(deploy["during"]) > 5 * p95(deploy["floor"]) + 0.1
    if not uploaded or slow or deploy["errors"]:
        print("\nGAGAL: dengan konfigurasi deploy unggahan lambat mengganggu pengguna lain.")
        sys.exit(1)


if __name__ == "__main__":
    main()
