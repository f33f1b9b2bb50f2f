"""PDF text extraction streams: a scanned document (a large image and a line of text on every
page) gives the text of every page while only small pieces of the file are ever read, images
never, and reading stops at the text limit."""

import io
import random

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter

from simpul.evidence import extraction, operations
from simpul.evidence.models import Evidence, ExtractionStatus

from . import samples
from .scanned import page_text, write_scanned_pdf
from .test_storage_s3 import bucket, s3_endpoint  # noqa: F401 - fixtures

MB = 1024 * 1024
PAGES = 24
IMAGE = MB // 2  # 24 pages of 512 KB images: a 12 MB file


class RecordingFile(io.RawIOBase):
    """A read-only file that records every read: the largest one and the bytes read in all."""

    def __init__(self, raw) -> None:
        self.raw = raw
        self.largest = 0
        self.total = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        return self.raw.seek(offset, whence)

    def tell(self) -> int:
        return self.raw.tell()

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.largest = max(self.largest, len(data))
        self.total += len(data)
        return data

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


@pytest.fixture
def scanned_pdf(tmp_path):
    path = tmp_path / "pindaian.pdf"
    with path.open("wb") as out:
        write_scanned_pdf(out, PAGES, IMAGE)
    return path


def test_every_page_is_read_in_small_pieces_and_images_never(scanned_pdf):
    with scanned_pdf.open("rb") as raw:
        recorder = RecordingFile(raw)
        text = extraction.extract_text(recorder, "pdf")
    assert text.splitlines() == [page_text(number, PAGES) for number in range(1, PAGES + 1)]
    size = scanned_pdf.stat().st_size
    assert size > 12 * MB
    assert recorder.largest <= 64 * 1024  # never the file, never one image (512 KB)
    assert recorder.total < MB  # the images (12 MB) were not read at all


def test_reading_stops_at_the_text_limit(scanned_pdf, monkeypatch):
    with scanned_pdf.open("rb") as raw:
        whole = RecordingFile(raw)
        extraction.extract_text(whole, "pdf")
    monkeypatch.setattr(extraction, "MAX_TEXT_CHARS", 100)
    with scanned_pdf.open("rb") as raw:
        limited = RecordingFile(raw)
        text = extraction.extract_text(limited, "pdf")
    first, second = page_text(1, PAGES), page_text(2, PAGES)
    rest = 100 - len(first) - len(second) - 2  # each part counts one separator
    assert text.splitlines() == [first, second, page_text(3, PAGES)[:rest]]
    assert limited.total < whole.total / 2  # the later pages were never read


def _pdf(objects: dict[int, bytes]) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = out.tell()
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, objects[number]))
    xref = out.tell()
    size = max(objects) + 1
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % size)
    for number in range(1, size):
        out.write(b"%010d 00000 n \n" % offsets[number])
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref))
    return out.getvalue()


def _stream(dictionary: bytes, data: bytes) -> bytes:
    return b"<< %s /Length %d >>\nstream\n%s\nendstream" % (dictionary, len(data), data)


def test_text_inside_a_form_xobject_is_still_read():
    """Only images are skipped: a form XObject (a stamp, a header) can carry text."""
    form = b"BT /F1 12 Tf 72 700 Td (Stempel Diskominfo) Tj ET"
    pdf = _pdf(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
            3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            4: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font"
            b" << /F1 3 0 R >> /XObject << /Fm0 5 0 R /Im0 6 0 R >> >> /Contents 7 0 R >>",
            # The form's dictionary mentions an image among its own resources.
            5: _stream(
                b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font"
                b" << /F1 3 0 R >> /XObject << /Im0 6 0 R >> /Note (/Subtype /Imagery) >>",
                form,
            ),
            6: _stream(
                b"/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray"
                b" /BitsPerComponent 8",
                b"\x00\xff\xff\x00",
            ),
            7: _stream(b"", b"/Im0 Do /Fm0 Do BT /F1 12 Tf 72 720 Td (Halaman utama) Tj ET"),
        }
    )
    text = extraction.extract_text(io.BytesIO(pdf), "pdf")
    assert "Stempel Diskominfo" in text and "Halaman utama" in text


def test_a_pdf_written_by_pillow_and_pypdf_is_read_without_its_images():
    """Real writers: Pillow puts the catalog and the page tree right before the first image
    (an object read must not be taken for the image that follows it), pypdf rewrites it."""
    noise = random.Random(13)
    scans = [Image.frombytes("L", (600, 800), noise.randbytes(600 * 800)) for _ in range(4)]
    scanned = io.BytesIO()
    scans[0].save(scanned, "PDF", save_all=True, append_images=scans[1:], resolution=100)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(scanned.getvalue())))
    writer.append(PdfReader(io.BytesIO(samples.pdf_bytes("Lembar pengesahan"))))
    pdf = io.BytesIO()
    writer.write(pdf)
    for content, expected in ((scanned.getvalue(), ""), (pdf.getvalue(), "Lembar pengesahan")):
        recorder = RecordingFile(io.BytesIO(content))
        assert extraction.extract_text(recorder, "pdf") == expected
        assert len(content) > MB and recorder.total < len(content) / 5  # images not read


@pytest.mark.django_db(transaction=True)
def test_the_worker_reads_every_page_of_a_scanned_document(personas, run_tasks, scanned_pdf):
    evidence = operations.upload_evidence(
        personas.agency_a,
        samples.upload("pindaian.pdf", scanned_pdf.read_bytes()),
        title="Laporan pindaian",
        user=personas.admin,
    )
    run_tasks()
    revision = evidence.revisions.get()
    assert revision.extraction_status == ExtractionStatus.DONE
    assert revision.text.splitlines() == [page_text(n, PAGES) for n in range(1, PAGES + 1)]
    library = Evidence.objects.for_agency(personas.agency_a)
    assert list(library.search("rekapitulasi")) == [evidence]  # a word of the last page only


@pytest.mark.django_db(transaction=True)
def test_the_worker_reads_every_page_of_a_scanned_document_from_the_bucket(
    personas,
    bucket,  # noqa: F811
    run_tasks,
    scanned_pdf,
):
    """From S3 the worker reads a spooled temporary file (on disk above 1 MB), page by page."""
    evidence = operations.upload_evidence(
        personas.agency_a,
        samples.upload("pindaian.pdf", scanned_pdf.read_bytes()),
        title="Laporan pindaian",
        user=personas.admin,
    )
    run_tasks()
    revision = evidence.revisions.get()
    assert revision.extraction_status == ExtractionStatus.DONE
    assert revision.text.splitlines() == [page_text(n, PAGES) for n in range(1, PAGES + 1)]
