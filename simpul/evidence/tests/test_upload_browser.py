"""In a real browser: upload.js sends the file in chunks with a progress bar, resumes after a
chunk is lost on the way, and can be cancelled."""

import hashlib

import pytest

from simpul.conftest import PASSWORD
from simpul.evidence.models import Evidence, UploadSession
from simpul.testing.browser import ARTIFACTS, chromium_page, sign_in

from . import samples

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHUNK = 512 * 1024
SESSION_ROUTE = "**/data-dukung/unggah/sesi/*/"

# Records, in sessionStorage (it survives the navigation to the new document), every percentage
# shown and whether the send button was disabled at that moment. An init script is not
# subject to the page's Content-Security-Policy.
WATCH = """
new MutationObserver(function () {
  var shown = document.querySelector("[data-upload-percent]");
  var button = document.querySelector("form[data-resumable] .actions button");
  if (!shown || !button || document.querySelector("[data-upload-progress]").hidden) return;
  var seen = JSON.parse(sessionStorage.getItem("seen") || "[]");
  var entry = shown.textContent + "|" + button.disabled;
  if (seen[seen.length - 1] !== entry) seen.push(entry);
  sessionStorage.setItem("seen", JSON.stringify(seen));
}).observe(document, { subtree: true, childList: true, characterData: true });
"""


@pytest.fixture(autouse=True)
def session_dir(settings, tmp_path):
    settings.EVIDENCE_UPLOAD_SESSION_DIR = tmp_path / "sessions"


def big_pdf() -> bytes:
    """A real PDF of about 2 MB: four chunks and more."""
    return samples.pdf_bytes("Laporan SPBE " + "data dukung " * 180_000)


def test_the_file_goes_up_in_chunks_resumes_after_a_lost_chunk_and_reaches_100(
    live_server, personas
):
    from playwright.sync_api import expect

    content = big_pdf()
    base = live_server.url
    offsets: list[int] = []

    def chunks(route, request) -> None:
        if request.method != "POST":
            route.continue_()
            return
        offsets.append(int(request.headers["upload-offset"]))
        if len(offsets) == 2:
            route.abort("connectionreset")  # the island link drops mid-upload
        else:
            route.continue_()

    with chromium_page() as page:
        sign_in(page, base, "admin", PASSWORD)
        page.add_init_script(WATCH)
        page.route(SESSION_ROUTE, chunks)
        page.goto(f"{base}/data-dukung/unggah/")
        page.locator("#id_file").set_input_files(
            files=[{"name": "laporan.pdf", "mimeType": "application/pdf", "buffer": content}]
        )
        page.get_by_label("Judul").fill("Laporan Pelaksanaan SPBE")
        page.get_by_role("button", name="Unggah").click()
        expect(page.get_by_role("heading", name="Laporan Pelaksanaan SPBE")).to_be_visible(
            timeout=30_000
        )
        seen = page.evaluate("JSON.parse(sessionStorage.getItem('seen') || '[]')")
        page.screenshot(path=str(ARTIFACTS / "evidence-upload-resumed.png"), full_page=True)

    evidence = Evidence.objects.get()
    with evidence.current_revision.file.open("rb") as stored:
        assert hashlib.sha256(stored.read()).hexdigest() == hashlib.sha256(content).hexdigest()
    # The lost chunk was asked for again from where it started, never from 0.
    assert offsets[:3] == [0, CHUNK, CHUNK]
    assert offsets == sorted(offsets) and offsets[-1] == len(content) // CHUNK * CHUNK
    assert "100%|true" in seen
    assert all(entry.endswith("|true") for entry in seen), seen  # disabled while sending
    assert len({entry.split("|")[0] for entry in seen}) >= 3  # it moved on the way


def test_cancelling_stops_the_upload_and_saves_nothing(live_server, personas):
    from playwright.sync_api import expect

    base = live_server.url
    held = []

    def chunks(route, request) -> None:
        if request.method == "POST" and request.headers.get("upload-offset") != "0":
            held.append(route)  # the second chunk hangs on a slow link: never answered
        else:
            route.continue_()

    with chromium_page() as page:
        sign_in(page, base, "admin", PASSWORD)
        page.route(SESSION_ROUTE, chunks)
        page.goto(f"{base}/data-dukung/unggah/")
        page.locator("#id_file").set_input_files(
            files=[{"name": "laporan.pdf", "mimeType": "application/pdf", "buffer": big_pdf()}]
        )
        send = page.get_by_role("button", name="Unggah")
        send.click()
        expect(page.locator("[data-upload-percent]")).not_to_have_text("0%")
        expect(send).to_be_disabled()
        page.get_by_role("button", name="Batalkan pengiriman").click()
        expect(page.get_by_role("status")).to_have_text(
            "Pengiriman dibatalkan; tidak ada yang disimpan."
        )
        expect(send).to_be_enabled()
        expect(page.get_by_role("button", name="Batalkan pengiriman")).to_be_hidden()
        expect(page.locator("[data-upload-progress] progress")).to_be_hidden()
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(ARTIFACTS / "evidence-upload-cancelled.png"), full_page=True)
        page.unroute(SESSION_ROUTE)

    assert held, "the second chunk was on its way when the upload was cancelled"
    assert not Evidence.objects.exists()
    assert not UploadSession.objects.exists()  # the DELETE threw the received bytes away


def test_a_revision_goes_up_in_chunks_and_a_refused_file_is_named_in_place(
    live_server, personas, add_pdf
):
    from playwright.sync_api import expect

    evidence = add_pdf("Perbup Arsitektur SPBE")
    base = live_server.url
    with chromium_page() as page:
        sign_in(page, base, "admin", PASSWORD)
        page.goto(f"{base}/data-dukung/{evidence.pk}/")
        page.locator("#id_file").set_input_files(
            files=[{"name": "bukan.pdf", "mimeType": "application/pdf", "buffer": b"MZ" * 1000}]
        )
        page.get_by_role("button", name="Unggah revisi").click()
        expect(page.get_by_role("alert").filter(has_text="“bukan.pdf” ditolak")).to_be_visible()
        # The page shown in place is a working form again: the revision goes up.
        page.locator("#id_file").set_input_files(
            files=[{"name": "perbup-2024.pdf", "mimeType": "application/pdf", "buffer": big_pdf()}]
        )
        page.get_by_role("button", name="Unggah revisi").click()
        expect(page.get_by_text("Revisi 2 ditambahkan.")).to_be_visible(timeout=30_000)

    evidence.refresh_from_db()
    assert evidence.current_revision.number == 2
    assert evidence.current_revision.original_name == "perbup-2024.pdf"
    assert not UploadSession.objects.filter(evidence=None).exists()


def test_after_a_page_reload_the_same_file_resumes_where_it_stopped(
    live_server, personas, tmp_path
):
    from playwright.sync_api import expect

    base = live_server.url
    path = tmp_path / "laporan.pdf"
    path.write_bytes(big_pdf())
    offsets: list[int] = []

    def link_down_after_the_first_chunk(route, request) -> None:
        if request.method == "POST":
            offsets.append(int(request.headers["upload-offset"]))
            if len(offsets) > 1:
                route.abort("internetdisconnected")
                return
        route.continue_()

    with chromium_page() as page:
        sign_in(page, base, "admin", PASSWORD)
        page.route(SESSION_ROUTE, link_down_after_the_first_chunk)
        page.goto(f"{base}/data-dukung/unggah/")
        page.locator("#id_file").set_input_files(str(path))
        page.get_by_role("button", name="Unggah").click()
        expect(page.get_by_role("status")).to_contain_text("Sambungan terputus")
        page.unroute(SESSION_ROUTE)
        sent_before = list(offsets)
        page.reload()  # the person gives up for now and comes back
        page.route(SESSION_ROUTE, lambda route, request: _record(route, request, offsets))
        page.locator("#id_file").set_input_files(str(path))
        page.get_by_label("Judul").fill("Laporan setelah dimuat ulang")
        page.get_by_role("button", name="Unggah").click()
        expect(page.get_by_role("heading", name="Laporan setelah dimuat ulang")).to_be_visible(
            timeout=30_000
        )

    assert sent_before[:2] == [0, CHUNK]
    after_reload = offsets[len(sent_before) :]
    assert after_reload[0] == CHUNK  # not 0: the first chunk was not sent again
    assert Evidence.objects.get().current_revision.size == path.stat().st_size


def _record(route, request, offsets: list[int]) -> None:
    if request.method == "POST":
        offsets.append(int(request.headers["upload-offset"]))
    route.continue_()
