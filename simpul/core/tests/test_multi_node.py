"""More than one machine: two web nodes and two task workers share one PostgreSQL database,
one S3 bucket (a moto server on loopback) and one cache (Django's database cache, the
production default), as docs/deploy.md ("Beberapa mesin") describes.

Each node is its own gunicorn with one process (so each node is one process memory), its own
MEDIA_ROOT and temporary upload folder; the workers are two `manage.py db_worker` processes.
What one node writes, the other must see: a PDF uploaded through node A downloads through
node B with the same bytes; a report requested through node A and built by a worker downloads
through node B; a forum thread hidden by the moderator through node A is gone from
node B's public page and forum. With several workers no task runs twice.

MULTI_NODE_CACHE_BACKEND=locmem runs the same test with a per-process cache.
This test always uses PostgreSQL, in both CI passes: several machines means PostgreSQL.
"""

import contextlib
import os
import re
import secrets
import signal
import subprocess
import time
import uuid
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import boto3
import psycopg
import pytest
from moto.server import ThreadedMotoServer

from simpul.evidence.tests.samples import pdf_bytes

from .test_production_server import (
    MANAGE,
    ROOT,
    Client,
    free_port,
    gunicorn_server,
    production_database,
)

BUCKET = "simpul-bukti-bersama"
S3_KEYS = {"AWS_ACCESS_KEY_ID": "uji", "AWS_SECRET_ACCESS_KEY": "rahasia-uji"}
AGENCY = "natuna-demo"
CACHE_BACKEND = os.environ.get("MULTI_NODE_CACHE_BACKEND", "database")
MESSAGES = 60  # outbox sends raced by the two workers


class Forms(HTMLParser):
    """Every form of a page: its action and the fields a browser would submit unchanged."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []
        self._fields: dict[str, str] | None = None
        self._textarea = None
        self._select = None
        self._first_option = None

    def handle_starttag(self, tag, attrs):
        values = {key: value or "" for key, value in attrs}
        if tag == "form":
            self._fields = {}
            self.forms.append((values.get("action", ""), self._fields))
            return
        if self._fields is None:
            return
        name = values.get("name")
        if tag == "input" and name:
            kind = values.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in values:
                    self._fields[name] = values.get("value", "on")
            elif kind not in ("submit", "file", "button"):
                self._fields[name] = values.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self._fields[name] = ""
        elif tag == "select" and name:
            self._select, self._first_option = name, None
        elif tag == "option" and self._select:
            if self._first_option is None:
                self._first_option = values.get("value", "")
            if "selected" in values:
                self._fields[self._select] = values.get("value", "")

    def handle_data(self, data):
        if self._fields is not None and self._textarea:
            self._fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select:
            self._fields.setdefault(self._select, self._first_option or "")
            self._select = None
        elif tag == "form":
            self._fields = None


def form_on(client: Client, page: str, action: str, field: str) -> tuple[str, dict[str, str]]:
    """The first form of `page` whose action matches `action` and which has `field`."""
    response, body = client.request("GET", page)
    assert response.status == 200, (page, response.status)
    parser = Forms()
    parser.feed(body.decode())
    for target, fields in parser.forms:
        if re.search(action, target) and field in fields:
            return target or page, fields
    raise AssertionError(f"no form {action!r} with {field!r} on {page}: {parser.forms}")


def submit(client: Client, page: str, action: str, field: str, changes: dict, files=None):
    """Fill the form of `page` posting to `action` (with `field`) like a person: keep what is
    there, change `changes`, attach `files` ({field: (name, bytes, type)}). The response."""
    target, fields = form_on(client, page, action, field)
    fields.update(changes)
    fields = {key: value for key, value in fields.items() if value is not None}
    headers = {"Origin": "https://127.0.0.1", "Referer": f"https://127.0.0.1{page}"}
    if files:
        boundary = secrets.token_hex(16)
        parts = []
        for name, value in fields.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        for name, (filename, content, kind) in files.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {kind}\r\n\r\n'.encode()
                + content
                + b"\r\n"
            )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
    else:
        body = urlencode(fields).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    response, _ = client.request("POST", target, body, headers)
    return response


def redirect_path(response) -> str:
    assert response.status == 302, response.status
    return urlsplit(response.getheader("Location")).path


@contextlib.contextmanager
def s3_server():
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    try:
        client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id=S3_KEYS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=S3_KEYS["AWS_SECRET_ACCESS_KEY"],
        )
        client.create_bucket(Bucket=BUCKET)
        yield endpoint, client
    finally:
        server.stop()


@contextlib.contextmanager
def task_worker(env: dict[str, str], folder: Path, name: str):
    """`manage.py db_worker` as deploy/systemd/simpul-worker.service runs it. Its mail goes to
    the console backend, so every message it sends is written once into its own log."""
    log_path = folder / f"{name}.log"
    with open(log_path, "wb") as log:
        worker = subprocess.Popen(
            [*MANAGE, "db_worker", "--interval", "0.1", "--no-startup-delay", "--no-reload"]
            + ["--worker-id", name, "--verbosity", "1"],
            cwd=ROOT,
            env={
                **env,
                "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
                "MEDIA_ROOT": str(folder / f"{name}-media"),
                "PYTHONUNBUFFERED": "1",
            },
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield {"log": log_path, "process": worker}
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=40)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    folder = tmp_path_factory.mktemp("multi-node")
    with contextlib.ExitStack() as stack:
        endpoint, bucket = stack.enter_context(s3_server())
        shared = {
            "EVIDENCE_STORAGE": "s3",
            "AWS_STORAGE_BUCKET_NAME": BUCKET,
            "AWS_S3_ENDPOINT_URL": endpoint,
            "AWS_S3_REGION_NAME": "us-east-1",
            **S3_KEYS,
            "CACHE_BACKEND": CACHE_BACKEND,
        }
        env = stack.enter_context(production_database(folder, **shared))
        nodes = {}
        for name in ("a", "b"):
            own = folder / f"node-{name}"
            (own / "tmp").mkdir(parents=True)
            nodes[name] = stack.enter_context(
                gunicorn_server(
                    env,
                    folder,
                    f"node-{name}",
                    # One process per node: a node's memory is one process's memory.
                    WEB_WORKERS="1",
                    MEDIA_ROOT=str(own / "media"),
                    FILE_UPLOAD_TEMP_DIR=str(own / "tmp"),
                )
            )
        workers = [stack.enter_context(task_worker(env, folder, f"worker-{n}")) for n in (1, 2)]
        yield {"env": env, "nodes": nodes, "workers": workers, "bucket": bucket, "folder": folder}


def query(cluster, sql: str, *params):
    with psycopg.connect(cluster["env"]["DATABASE_URL"]) as connection:
        return connection.execute(sql, params).fetchall()


def wait_for(check, seconds: float = 30):
    deadline = time.monotonic() + seconds
    while not (result := check()):
        if time.monotonic() > deadline:
            return result
        time.sleep(0.2)
    return result


def node(cluster, name: str, username: str | None = None) -> Client:
    client = Client(cluster["nodes"][name]["port"])
    if username:
        client.sign_in(username)
    return client


def test_a_file_uploaded_through_one_node_downloads_through_the_other(cluster):
    content = pdf_bytes("Peraturan Bupati tentang Arsitektur SPBE multi-node")
    uploaded = submit(
        node(cluster, "a", "admin"),
        "/data-dukung/unggah/",
        r"^$",
        "title",
        {"title": "Perbup Arsitektur SPBE (uji dua node)", "document_type": "other"},
        files={"file": ("perbup-arsitektur.pdf", content, "application/pdf")},
    )
    detail = redirect_path(uploaded)
    other = node(cluster, "b", "admin")
    response, page = other.request("GET", detail)
    assert response.status == 200
    download = re.search(rb'href="(/data-dukung/revisi/\d+/unduh/)"', page)
    assert download, "node B shows the evidence uploaded through node A"
    response, body = other.request("GET", download.group(1).decode())
    assert response.status == 200
    assert body == content
    # The file is in the shared bucket, not on either node's disk.
    keys = [o["Key"] for o in cluster["bucket"].list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert any(key.endswith(".pdf") for key in keys)
    for name in ("a", "b"):
        media = cluster["folder"] / f"node-{name}" / "media"
        assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))
    # A worker (a third process) read it from the bucket for search.
    revision = int(download.group(1).split(b"/")[3])
    status = wait_for(
        lambda: query(
            cluster,
            "SELECT extraction_status, text FROM evidence_evidencerevision "
            "WHERE id = %s AND extraction_status IN ('done', 'failed')",
            revision,
        )
    )
    assert status and status[0][0] == "done", status
    assert "multi-node" in status[0][1]


def test_a_report_built_by_a_worker_downloads_through_the_other_node(cluster):
    """Requested through node A, built by whichever worker takes the task (a process with its
    own MEDIA_ROOT), stored in the bucket, downloaded through node B."""
    cycle = query(
        cluster,
        "SELECT c.id FROM cycles_cycle c JOIN agencies_agency a ON a.id = c.agency_id "
        "WHERE a.short_code = %s ORDER BY c.year DESC LIMIT 1",
        AGENCY,
    )[0][0]
    page = f"/laporan/periode/{cycle}/"
    requested = submit(
        node(cluster, "a", "admin"), page, r"/buat/$", "csrfmiddlewaretoken", {"kind": "pdf"}
    )
    assert redirect_path(requested) == page
    report = query(
        cluster, "SELECT id FROM reports_report WHERE cycle_id = %s AND kind = 'pdf'", cycle
    )[-1][0]
    finished = wait_for(
        lambda: query(
            cluster,
            "SELECT status, file, error FROM reports_report "
            "WHERE id = %s AND status IN ('done', 'failed')",
            report,
        ),
        seconds=180,
    )
    assert finished and finished[0][0] == "done", finished
    name = finished[0][1]
    assert name.startswith("reports/") and name.endswith(".pdf")
    stored = cluster["bucket"].get_object(Bucket=BUCKET, Key=name)["Body"].read()
    other = node(cluster, "b", "admin")
    response, listing = other.request("GET", page)
    assert response.status == 200
    download = f"/laporan/{report}/unduh/"
    assert download.encode() in listing, "node B lists the report with its download link"
    response, body = other.request("GET", download)
    assert response.status == 200
    assert body == stored and body.startswith(b"%PDF")
    assert response.getheader("Content-Type") == "application/pdf"
    # Nothing on the workers' own disks: the file went straight to the bucket.
    for worker in (1, 2):
        media = cluster["folder"] / f"worker-{worker}-media"
        assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))
    # Through node B, without a sign-in, the file does not leave.
    response, _ = node(cluster, "b").request("GET", download)
    assert response.status in (302, 403, 404)


def test_a_thread_hidden_through_one_node_is_gone_from_the_other(cluster):
    moderator = node(cluster, "a", "admin")
    public = f"/publik/{AGENCY}/"
    response = submit(
        moderator, "/dasbor/pengaturan/", r"^$", "target_index", {"public_page": "on"}
    )
    assert response.status == 302
    title = f"Utas uji dua node {uuid.uuid4().hex[:8]}"
    created = submit(
        moderator,
        "/forum/baru/",
        r"^$",
        "title",
        {"title": title, "body": "Isi utas yang akan disembunyikan moderator lewat node A."},
    )
    thread = redirect_path(created)
    published = submit(
        moderator, thread, r"/publikasi/$", "text", {"text": "Ringkasan untuk publik dan mitra."}
    )
    assert published.status == 302

    visitor = node(cluster, "b")  # no sign-in: the public page
    member = node(cluster, "b", "responden")
    for path, client in ((public, visitor), ("/forum/", member)):
        response, page = client.request("GET", path)
        assert response.status == 200
        assert title.encode() in page, f"node B shows the new thread on {path}"
    # Node B now holds the page in its cache (per process, or in the shared one).
    response, page = visitor.request("GET", public)
    assert title.encode() in page

    hidden = submit(
        moderator,
        thread,
        r"/tulisan/\d+/moderasi/$",
        "reason",
        {"act": "hide", "reason": "Melanggar tata tertib (uji dua node)."},
    )
    assert hidden.status == 302
    for path, client in ((public, visitor), ("/forum/", member), (public, node(cluster, "a"))):
        response, page = client.request("GET", path)
        assert response.status == 200
        assert title.encode() not in page, f"the hidden thread is still on {path}"


def test_the_nodes_share_one_cache(cluster):
    """A page rendered by node A is served from the shared cache by node B: one render (one
    cache row) per version of the public page, not one per process. Fails, as it should, with
    MULTI_NODE_CACHE_BACKEND=locmem: each node then renders and keeps its own copy."""
    public = f"/publik/{AGENCY}/"
    admin = node(cluster, "a", "admin")
    response = submit(admin, "/dasbor/pengaturan/", r"^$", "target_index", {"public_page": "on"})
    assert response.status == 302
    version = query(
        cluster,
        "SELECT s.public_version, s.public_page FROM dashboard_dashboardsettings s "
        "JOIN agencies_agency a ON a.id = s.agency_id WHERE a.short_code = %s",
        AGENCY,
    )
    assert version and version[0][1], "the public page is on"
    pattern = f"%dashboard:public:{AGENCY}:v{version[0][0]}:%"
    for name in ("a", "b", "a", "b"):
        response, _ = node(cluster, name).request("GET", public)
        assert response.status == 200
    rows = query(cluster, "SELECT cache_key FROM simpul_cache WHERE cache_key LIKE %s", pattern)
    assert len(rows) == 1, rows


def test_no_task_runs_twice_with_two_workers(cluster):
    marker = uuid.uuid4().hex[:8]
    enqueue = (
        "from django.db import transaction\n"
        "from simpul.notifications.api import queue_email\n"
        "with transaction.atomic():\n"
        f"    for i in range({MESSAGES}):\n"
        f"        queue_email(f'penerima{{i}}@example.go.id', f'Uji {marker} nomor {{i}}', 'Isi')\n"
    )
    done = subprocess.run(
        [*MANAGE, "shell", "-c", enqueue],
        cwd=ROOT,
        env=cluster["env"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    sent = wait_for(
        lambda: query(
            cluster,
            "SELECT count(*) FROM notifications_outboxmessage "
            "WHERE subject LIKE %s AND status = 'sent' HAVING count(*) = %s",
            f"Uji {marker} %",
            MESSAGES,
        ),
        seconds=60,
    )
    assert sent, "every message was sent"
    attempts = query(
        cluster,
        "SELECT attempts, count(*) FROM notifications_outboxmessage WHERE subject LIKE %s "
        "GROUP BY attempts",
        f"Uji {marker} %",
    )
    assert attempts == [(1, MESSAGES)]
    time.sleep(0.5)  # the last log lines reach the files
    logs = [worker["log"].read_text() for worker in cluster["workers"]]
    # Each message was mailed exactly once, by one of the two workers.
    subjects = Counter()
    for log in logs:
        subjects.update(re.findall(rf"Subject: (Uji {marker} nomor \d+)", log))
    assert len(subjects) == MESSAGES and set(subjects.values()) == {1}, subjects
    # And the workers' own logs: every task was started once, by one worker.
    started = Counter()
    per_worker = []
    for log in logs:
        ids = re.findall(r"Task id=(\S+) path=\S+ state=RUNNING", log)
        started.update(ids)
        per_worker.append(len(ids))
    results = query(
        cluster, "SELECT id::text, status, worker_ids FROM django_tasks_database_dbtaskresult"
    )
    assert len(results) >= MESSAGES
    assert {status for _, status, _ in results} == {"SUCCESSFUL"}
    assert all(len(worker_ids) == 1 for _, _, worker_ids in results)
    assert sorted(started) == sorted(str(uuid.UUID(i)) for i, _, _ in results)
    assert set(started.values()) == {1}, [i for i, n in started.items() if n > 1]
    assert all(count > 0 for count in per_worker), f"both workers took tasks: {per_worker}"
