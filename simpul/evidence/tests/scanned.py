"""A scanned-document PDF written straight to a file: on every page one large image XObject
(the "scan") and one line of real text (the OCR layer). Used by the extraction tests and by
bench/upload_memory.py; it never holds more than one 64 KB piece of the file in memory."""

from collections.abc import Callable
from typing import BinaryIO

PIECE = 64 * 1024


def page_text(number: int, pages: int) -> str:
    """The text line of page `number` (1-based); only the last page says "Rekapitulasi"."""
    last = " Rekapitulasi anggaran penutup" if number == pages else ""
    return f"Halaman {number} laporan pindaian arsitektur{last}"


def write_scanned_pdf(
    out: BinaryIO,
    pages: int,
    image_bytes: int,
    text: Callable[[int, int], str] = page_text,
) -> None:
    """Write a valid PDF of `pages` pages, each with an uncompressed grey image of about
    `image_bytes` bytes (drawn over the whole page) and the line `text(number, pages)`."""
    width = 1024
    height = max(1, image_bytes // width)
    size = width * height
    grey = bytes(range(256)) * (PIECE // 256)
    offsets: dict[int, int] = {}
    start = out.tell()

    def begin(number: int) -> None:
        offsets[number] = out.tell() - start
        out.write(b"%d 0 obj\n" % number)

    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    begin(1)
    out.write(b"<< /Type /Catalog /Pages 2 0 R >>\nendobj\n")
    kids = " ".join(f"{4 + 3 * index} 0 R" for index in range(pages))
    begin(2)
    out.write(f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>\nendobj\n".encode())
    begin(3)
    out.write(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>\nendobj\n")
    for index in range(pages):
        page_id, content_id, image_id = 4 + 3 * index, 5 + 3 * index, 6 + 3 * index
        begin(page_id)
        out.write(
            (
                f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << "
                f"/Font << /F1 3 0 R >> /XObject << /Im0 {image_id} 0 R >> >> "
                f"/Contents {content_id} 0 R >>\nendobj\n"
            ).encode()
        )
        line = text(index + 1, pages).replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        content = f"q 612 0 0 792 0 0 cm /Im0 Do Q BT /F1 12 Tf 72 720 Td ({line}) Tj ET"
        content = content.encode("latin-1")
        begin(content_id)
        out.write(b"<< /Length %d >>\nstream\n%s\nendstream\nendobj\n" % (len(content), content))
        begin(image_id)
        out.write(
            b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
            b"/BitsPerComponent 8 /Length %d >>\nstream\n" % (width, height, size)
        )
        remaining = size
        while remaining:
            piece = grey[: min(PIECE, remaining)]
            out.write(piece)
            remaining -= len(piece)
        out.write(b"\nendstream\nendobj\n")
    xref = out.tell() - start
    count = 4 + 3 * pages
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % count)
    for number in range(1, count):
        out.write(b"%010d 00000 n \n" % offsets[number])
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (count, xref))
