"""Benchmark: a 5 MB evidence file over a 400 kbit/s island link that drops at 60 %.

    .venv/bin/python bench/resumable_upload.py [--size-mb 5] [--kbit 400] [--cut 0.6]

Sets Django up on a throw-away SQLite database and media directory (the helpers of
bench/upload_memory.py), serves the real WSGI application from a thread on 127.0.0.1, and puts
a small TCP proxy in front of it on loopback that passes at most --kbit kilobit per second in
each direction and CUTS every open connection once --cut of the file has gone up through it.

1. Resumable: the chunk protocol of docs/evidence.md (session, 512 KB chunks with their
   offset, after the cut: wait, ask the offset, continue; then the form with the session).
2. Floor: the plain one-shot multipart upload of the same file through the same link and the
   same cut, which can only start again from byte 0.

Printed for each (bytes through the link, headers included): what went up before the cut, how
much of the file the server still had after it, what went up after it, the bytes re-sent (had
gone up before the cut, lost with it, sent again) and the time until the document exists.
Both stored files are checked against the SHA-256 of the one sent.
"""

import argparse
import contextlib
import http.client
import json
import shutil
import socket
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

from upload_memory import (
    MB,
    cookie_header,
    setup_django,
    signed_in_cookies,
    start_server,
    write_big_pdf,
)

CHUNK = 512 * 1024
PIECE = 4096


class ThrottledLink:
    """A TCP proxy on loopback: `rate` bytes per second each way, one cut after `cut_at`
    bytes have gone up (client to server)."""

    def __init__(self, target_port: int, rate: float, cut_at: int | None) -> None:
        self.target_port, self.rate, self.cut_at = target_port, rate, cut_at
        self.uploaded = 0
        self.uploaded_at_cut = 0
        self.cut_done = False
        self.lock = threading.Lock()
        self.open: list[socket.socket] = []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.clock = {"up": time.monotonic(), "down": time.monotonic()}
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _address = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.target_port))
            with self.lock:
                self.open += [client, server]
            threading.Thread(target=self._pump, args=(client, server, "up"), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, "down"), daemon=True).start()

    def _wait_for_the_wire(self, direction: str, size: int) -> None:
        """Hold each piece until the link would have carried it (a shared budget per way)."""
        with self.lock:
            start = max(self.clock[direction], time.monotonic())
            self.clock[direction] = start + size / self.rate
            ready = self.clock[direction]
        delay = ready - time.monotonic()
        if delay > 0:
            time.sleep(delay)

    def _pump(self, source: socket.socket, sink: socket.socket, direction: str) -> None:
        try:
            while piece := source.recv(PIECE):
                self._wait_for_the_wire(direction, len(piece))
                if direction == "up":
                    with self.lock:
                        self.uploaded += len(piece)
                        cut = (
                            self.cut_at is not None
                            and not self.cut_done
                            and self.uploaded >= self.cut_at
                        )
                        if cut:
                            self.cut_done = True
                            self.uploaded_at_cut = self.uploaded - len(piece)
                    if cut:
                        self.cut_everything()
                        return
                sink.sendall(piece)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)

    def cut_everything(self) -> None:
        with self.lock:
            sockets, self.open = self.open, []
        for end in sockets:
            try:
                end.shutdown(socket.SHUT_RDWR)
                end.close()
            except OSError:
                pass

    def close(self) -> None:
        self.listener.close()
        self.cut_everything()


class Client:
    """Plain http.client requests through the link, with the signed-in cookies."""

    def __init__(self, port: int, cookies: dict) -> None:
        self.port, self.cookies = port, cookies
        self.kept_at_cut: int | None = None  # what the server still had after the cut

    def headers(self, **extra) -> dict:
        return {
            "Cookie": cookie_header(self.cookies),
            "X-CSRFToken": self.cookies["csrftoken"],
            "Accept": "application/json",
            **extra,
        }

    def request(self, method: str, path: str, body: bytes = b"", **headers) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            connection.request(method, path, body=body or None, headers=self.headers(**headers))
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    # --- the chunk protocol ---------------------------------------------------------------

    def resumable_upload(self, path: Path, title: str) -> dict:
        content = path.read_bytes()  # the browser's File; slices of it are sent
        form = urlencode({"name": path.name, "size": len(content), "key": f"{path.name}:bench"})
        status, body = self.request(
            "POST",
            "/data-dukung/unggah/sesi/",
            form.encode(),
            **{"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert status == 201, (status, body)
        session = json.loads(body)
        offset, failures = session["offset"], 0
        while offset < len(content):
            chunk = content[offset : offset + CHUNK]
            try:
                status, body = self.request(
                    "POST",
                    session["url"],
                    chunk,
                    **{"Content-Type": "application/octet-stream", "Upload-Offset": str(offset)},
                )
                assert status in (200, 409), (status, body)
                offset, failures = json.loads(body)["offset"], 0
            except (OSError, http.client.HTTPException):
                failures += 1
                time.sleep(min(2 ** (failures - 1), 30))  # the same backoff as upload.js
                status, body = self.request("GET", session["url"])
                offset = json.loads(body)["offset"]
                if self.kept_at_cut is None:
                    self.kept_at_cut = offset
        boundary = uuid.uuid4().hex
        fields = {"sesi": session["id"], "title": title, "document_type": "report"}
        multipart = (
            "".join(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
                for name, value in fields.items()
            )
            + f"--{boundary}--\r\n"
        )
        status, body = self.request(
            "POST",
            "/data-dukung/unggah/",
            multipart.encode(),
            **{"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        assert status == 200, (status, body[:500])
        return json.loads(body)

    # --- the floor: one multipart POST, restarted from 0 ----------------------------------

    def plain_upload(self, path: Path, title: str) -> int:
        while True:
            try:
                return self._plain_once(path, title)
            except (OSError, http.client.HTTPException):
                self.kept_at_cut = 0  # a one-shot upload keeps nothing of a cut request
                time.sleep(1)

    def _plain_once(self, path: Path, title: str) -> int:
        boundary = uuid.uuid4().hex
        fields = {"title": title, "document_type": "report"}
        head = "".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
            for name, value in fields.items()
        ).encode()
        head += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="{path.name}"\r\nContent-Type: application/pdf\r\n\r\n'
        ).encode()
        tail = f"\r\n--{boundary}--\r\n".encode()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            connection.putrequest("POST", "/data-dukung/unggah/")
            headers = self.headers(**{"Content-Type": f"multipart/form-data; boundary={boundary}"})
            headers["Content-Length"] = str(len(head) + path.stat().st_size + len(tail))
            headers.pop("Accept")
            for name, value in headers.items():
                connection.putheader(name, value)
            connection.endheaders()
            connection.send(head)
            with path.open("rb") as source:
                while piece := source.read(64 * 1024):
                    connection.send(piece)
            connection.send(tail)
            response = connection.getresponse()
            response.read()
            return response.status
        finally:
            connection.close()


def run(kind: str, server_port: int, cookies: dict, path: Path, args) -> dict:
    size = path.stat().st_size
    link = ThrottledLink(server_port, rate=args.kbit * 1000 / 8, cut_at=int(size * args.cut))
    client = Client(link.port, cookies)
    title = f"Laporan {kind}"
    started = time.perf_counter()
    try:
        if kind == "resumable":
            client.resumable_upload(path, title)
        else:
            status = client.plain_upload(path, title)
            assert status == 302, f"the plain upload answered {status}"
    finally:
        link.close()
    elapsed = time.perf_counter() - started
    assert link.cut_done, "the link was never cut"
    from simpul.evidence.models import Evidence

    revision = Evidence.objects.get(title=title).current_revision
    after_cut = link.uploaded - link.uploaded_at_cut
    assert after_cut >= size - client.kept_at_cut, "the rest of the file went up after the cut"
    return {
        "time": elapsed,
        "sha256": revision.sha256,
        "up": link.uploaded,  # every byte that went up the link: headers, forms, file
        "before_cut": link.uploaded_at_cut,
        "kept": client.kept_at_cut,
        "after_cut": after_cut,
        # What had already gone up before the cut but was lost with it, so went up again.
        "resent": link.uploaded_at_cut - client.kept_at_cut,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=float, default=5)
    parser.add_argument("--kbit", type=float, default=400, help="link speed, kilobit/s")
    parser.add_argument("--cut", type=float, default=0.6, help="cut after this share went up")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="simpul-bench-resumable-"))
    try:
        setup_django(workdir, limit_mb=50)
        from django.conf import settings

        settings.EVIDENCE_UPLOAD_SESSION_DIR = workdir / "sessions"
        from simpul.evidence.models import Evidence

        server = start_server()
        cookies = signed_in_cookies(server.server_address[1])
        path = workdir / "laporan-pelaksanaan.pdf"
        digest = write_big_pdf(path, int(args.size_mb * MB))
        size = path.stat().st_size
        print(
            f"{size / MB:.1f} MB file, {args.kbit:.0f} kbit/s link, "
            f"cut once at {args.cut:.0%} of the file"
        )
        results = {}
        for kind in ("resumable", "plain"):
            result = run(kind, server.server_address[1], cookies, path, args)
            assert result["sha256"] == digest, f"{kind}: the stored file differs from the sent"
            results[kind] = result
            Evidence.objects.all().delete()  # the same file again is not a duplicate
        server.shutdown()
        columns = ("up before cut", "kept by server", "up after cut", "re-sent", "total time")
        print(f"{'':20}" + "".join(f"{c:>16}" for c in columns))
        for kind, label in (("resumable", "resumable (chunks)"), ("plain", "floor: plain POST")):
            r = results[kind]
            print(
                f"{label:20}"
                + "".join(
                    f"{r[key] / 1024:>13.0f} KB" for key in ("before_cut", "kept", "after_cut")
                )
                + f"{r['resent'] / 1024:>13.0f} KB{r['time']:>14.1f} s"
            )
        resumable, plain = results["resumable"], results["plain"]
        print(
            f"re-sent after the cut: {resumable['resent'] / 1024:.0f} KB (resumable) vs "
            f"{plain['resent'] / 1024:.0f} KB (floor); total time {resumable['time']:.1f} s vs "
            f"{plain['time']:.1f} s ({1 - resumable['time'] / plain['time']:.0%} less)"
        )
        better = resumable["resent"] < plain["resent"] and resumable["time"] < plain["time"]
        return 0 if better else 1
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
