"""Benchmark: clicks, inputs and page height of "a respondent answers one indicator with one
file and submits", on a live demo server, in a 390×844 phone viewport.

    .venv/bin/python bench/answer_journey.py [--base http://127.0.0.1:8720]

Start a demo server first (migrate, load_demo, runserver; bench/README.md). The
script signs in as `responden`, starts on the home page, opens "Tugas saya", takes the first
indicator to answer, chooses level 1, types a fact and an analysis, attaches one PDF to level 1
and submits it to the internal assessor. Every click and every field filled is counted by the
helpers below, so the figures are of what the script really had to do. It prints the counts,
the height of the answer page (`document.body.scrollHeight`) when it is opened, and beside it
the floor measured in the same run: the height of the tasks page it came from; then the height
of the respondent's first item-valued answer page (Indeks Pemdi 2026).

The journey changes the demo data (one answer is submitted per run): run `load_demo` on a fresh
database to start again. The flow follows the page: when the answer form carries its own file
field (the one-press journey), the file goes with "Simpan dan ajukan"; otherwise the text is
saved, the upload page is opened from the level card and the answer is submitted afterwards.
"""

import argparse
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simpul.testing.browser import chromium_page, sign_in  # noqa: E402


class Counter:
    """Counts what the user does: a click, or a field filled / chosen."""

    def __init__(self, page):
        self.page = page
        self.clicks = 0
        self.inputs = 0

    def click(self, locator) -> None:
        locator.click()
        self.clicks += 1

    def fill(self, locator, text: str) -> None:
        locator.fill(text)
        self.inputs += 1

    def choose(self, locator, value: str) -> None:
        locator.select_option(value)
        self.inputs += 1

    def attach(self, locator, path: Path) -> None:
        locator.set_input_files(str(path))
        self.inputs += 1


def pdf_file(folder: Path) -> Path:
    """A small valid PDF whose content is new on every run (the library refuses duplicates)."""
    sys.path.insert(0, str(ROOT))
    from simpul.evidence.tests.samples import pdf_bytes

    path = folder / "sk-tim-spbe.pdf"
    path.write_bytes(pdf_bytes(f"SK Tim SPBE {uuid.uuid4()}"))
    return path


def journey(page, base: str, upload: Path) -> dict:
    count = Counter(page)
    page.goto(f"{base}/")
    count.click(page.get_by_role("main").get_by_role("link", name="Tugas saya"))
    page.wait_for_url("**/periode/tugas/")
    floor = page.evaluate("document.body.scrollHeight")
    # The first item-valued indicator (Indeks Pemdi 2026), measured after the journey.
    items_row = page.locator("main table tbody tr").filter(has_text="2026").first
    items_href = items_row.locator("a[href*='/periode/jawaban/']").get_attribute("href")
    # The first indicator of a cycle answered by level (the SPBE 2025 cycle of the demo).
    row = page.locator("main table tbody tr").filter(has_text="2025").first
    count.click(row.locator("a[href*='/periode/jawaban/']"))
    page.wait_for_url("**/periode/jawaban/*/")
    answer_url = page.url
    height = page.evaluate("document.body.scrollHeight")
    answer_id = answer_url.rstrip("/").split("/")[-1]
    form = page.locator(f"form[action$='/periode/jawaban/{answer_id}/']").first
    count.click(form.locator("input[name='self_level'][value='1']"))
    count.fill(form.get_by_label("Fakta"), "SK Bupati tentang Tim Koordinasi SPBE, pasal 2.")
    count.fill(form.get_by_label("Analisis"), "Kebijakan ada dan berlaku: kriteria tingkat 1.")
    one_press = form.locator("input[type='file']")
    if one_press.count():
        count.attach(one_press.first, upload)
        count.click(page.get_by_role("button", name="Simpan dan ajukan"))
    else:
        count.click(page.get_by_role("button", name="Simpan", exact=True).first)
        page.wait_for_url(answer_url)
        count.click(page.get_by_role("link", name="Unggah dokumen untuk tingkat ini").first)
        page.wait_for_url("**/data-dukung/**")
        count.attach(page.get_by_label("Berkas"), upload)
        count.fill(page.get_by_label("Judul"), "SK Tim SPBE")
        count.choose(page.get_by_label("Jenis dokumen"), "decree")
        count.click(page.get_by_role("button", name="Unggah", exact=True))
        page.wait_for_url(answer_url)
        count.click(page.get_by_role("button", name="Simpan dan ajukan"))
    page.wait_for_load_state()
    page.wait_for_url(answer_url)
    status = page.locator("main p .badge").first.inner_text()
    page.goto(f"{base}{items_href}")
    items_height = page.evaluate("document.body.scrollHeight")
    return {
        "clicks": count.clicks,
        "inputs": count.inputs,
        "height": height,
        "floor": floor,
        "status": status,
        "items_height": items_height,
        "items_url": f"{base}{items_href}",
        "url": answer_url,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="http://127.0.0.1:8720")
    parser.add_argument("--user", default="responden")
    parser.add_argument("--password", default="simpul-demo")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, chromium_page() as page:
        page.on("dialog", lambda dialog: dialog.accept())
        sign_in(page, args.base, args.user, args.password)
        result = journey(page, args.base, pdf_file(Path(folder)))
    print(f"answer page: {result['url']}")
    print(
        f"clicks: {result['clicks']}  inputs: {result['inputs']}  status after: {result['status']}"
    )
    print(
        f"answer page height at 390x844: {result['height']} px "
        f"(floor, the tasks page in the same run: {result['floor']} px)"
    )
    print(f"item answer page {result['items_url']}: {result['items_height']} px")
    return 0 if result["status"] != "Draf" else 1


if __name__ == "__main__":
    sys.exit(main())
