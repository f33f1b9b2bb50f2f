"""simpul/core/pdf.py: the one template-to-PDF path of the official documents."""

import io
import threading
import zoneinfo
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.utils import translation

from simpul.core.pdf import render_html, render_pdf, static_path
from simpul.evidence.extraction import extract_text


@pytest.fixture
def site(settings, tmp_path):
    """A template tree and a static tree of the test's own."""
    templates = tmp_path / "templates"
    static = tmp_path / "static"
    templates.mkdir()
    (static / "uji").mkdir(parents=True)
    engine = dict(settings.TEMPLATES[0])
    engine["DIRS"] = [templates, *engine["DIRS"]]
    settings.TEMPLATES = [engine]
    settings.STATICFILES_DIRS = [static, *settings.STATICFILES_DIRS]
    return templates, static


def words(data: bytes) -> str:
    return " ".join(extract_text(io.BytesIO(data), "pdf").split())


def test_a_real_pdf_in_indonesian_in_the_given_zone(site):
    templates, _ = site
    (templates / "uji.html").write_text(
        "{% load i18n tz %}<html><body><p>Dokumen {{ name }}</p>"
        "{% get_current_language as lang %}<p>bahasa-{{ lang }}</p>"
        "<p>jam-{{ moment|date:'H.i' }}</p></body></html>"
    )
    from datetime import UTC, datetime

    moment = datetime(2026, 1, 5, 1, 30, tzinfo=UTC)
    with translation.override("en"):
        data = render_pdf(
            "uji.html",
            {"name": "Resmi", "moment": moment},
            zone=zoneinfo.ZoneInfo("Asia/Jayapura"),
        )
    assert data.startswith(b"%PDF")
    text = words(data)
    assert "Dokumen Resmi" in text
    assert "bahasa-id" in text  # whatever language the caller had active
    assert "jam-10.30" in text  # 01.30 UTC is 10.30 WIT


def test_static_files_are_read_from_disk(site):
    templates, static = site
    (static / "uji" / "dokumen.css").write_text('p.tanda::after { content: "DARISTATIK"; }')
    (templates / "uji.html").write_text(
        '{% load static %}<html><head><link rel="stylesheet" href="{% static "uji/dokumen.css" %}">'
        '</head><body><p class="tanda">Tanda</p></body></html>'
    )
    assert "TandaDARISTATIK" in words(render_pdf("uji.html", {})).replace(" ", "")


def test_with_a_request_static_urls_of_that_host_still_come_from_disk(site, rf):
    templates, static = site
    (static / "uji" / "dokumen.css").write_text('p.tanda::after { content: "DARISTATIK"; }')
    (templates / "uji.html").write_text(
        '<html><head><link rel="stylesheet" href="static/uji/dokumen.css"></head>'
        '<body><p class="tanda">Tanda</p></body></html>'
    )
    request = rf.get("/unduh/", HTTP_HOST="127.0.0.1:9")  # nothing listens on port 9
    text = words(render_pdf("uji.html", {}, request=request)).replace(" ", "")
    assert "TandaDARISTATIK" in text


def test_no_url_outside_the_static_files_is_fetched(site):
    """A document naming another host (or this one, outside /static/) makes no request."""
    requested = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            requested.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b'p::after { content: "DARIJARINGAN"; }')

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}"
        templates, _ = site
        (templates / "uji.html").write_text(
            f'<html><head><link rel="stylesheet" href="{url}/gaya.css">'
            f'<link rel="stylesheet" href="{url}/static/../gaya.css"></head>'
            "<body><p>Isi</p></body></html>"
        )
        text = words(render_pdf("uji.html", {}))
    finally:
        server.shutdown()
        server.server_close()
    assert "Isi" in text
    assert "DARIJARINGAN" not in text
    assert requested == []


def test_static_path_names_only_static_files(site):
    _, static = site
    (static / "uji" / "a.css").write_text("p {}")
    assert static_path("https://simpul.invalid/static/uji/a.css") == static / "uji" / "a.css"
    assert static_path("https://simpul.invalid/static/uji/tidak-ada.css") is None
    assert static_path("https://simpul.invalid/static/../settings.py") is None
    assert static_path("https://simpul.invalid/media/uji/a.css") is None
    assert static_path("ftp://simpul.invalid/static/uji/a.css") is None


def test_render_html_renders_in_indonesian_too(site):
    templates, _ = site
    (templates / "uji.html").write_text(
        "{% load i18n %}{% get_current_language as lang %}<p>{{ lang }}</p>"
    )
    with translation.override("en"):
        assert render_html("uji.html", {}) == "<p>id</p>"
