"""What an uploaded file really is, judged by its content (never by its name or the browser).

`detect_kind(file)` returns the accepted `FileKind` or raises `UnacceptableFile` with the
problem in words a user can act on: empty, truncated or corrupt, encrypted, an old Office
format, or simply not one of the accepted document types.
"""

import zipfile
from dataclasses import dataclass
from typing import IO

from django.utils.translation import gettext as _
from pypdf import PdfReader

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
PNG_END = b"\x00\x00\x00\x00IEND\xaeB`\x82"
JPEG_MAGIC = b"\xff\xd8\xff"
JPEG_END = b"\xff\xd9"
# Password-protected DOCX/XLSX/PPTX are OLE containers holding this stream (UTF-16 name).
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
# A document part larger than this once unzipped is refused (a "zip bomb" guard).
MAX_PART_SIZE = 500 * 1024 * 1024
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class FileKind:
    code: str
    label: str
    extension: str
    content_type: str
    has_text: bool


PDF = FileKind("pdf", "PDF", "pdf", "application/pdf", True)
DOCX = FileKind(
    "docx",
    "DOCX",
    "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    True,
)
XLSX = FileKind(
    "xlsx",
    "XLSX",
    "xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    True,
)
PPTX = FileKind(
    "pptx",
    "PPTX",
    "pptx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    True,
)
ODT = FileKind("odt", "ODT", "odt", "application/vnd.oasis.opendocument.text", True)
PNG = FileKind("png", "PNG", "png", "image/png", False)
JPEG = FileKind("jpeg", "JPEG", "jpg", "image/jpeg", False)
KINDS = {kind.code: kind for kind in (PDF, DOCX, XLSX, PPTX, ODT, PNG, JPEG)}
ACCEPTED_LABELS = ", ".join(kind.label for kind in KINDS.values())

# For ZIP-based formats: the part that makes the package that kind of document.
OOXML_MAIN_PARTS = (
    ("word/document.xml", DOCX),
    ("xl/workbook.xml", XLSX),
    ("ppt/presentation.xml", PPTX),
)


class UnacceptableFile(Exception):
    """The file is refused; the message says why, ready to follow the file name."""


def kind_of(code: str) -> FileKind | None:
    return KINDS.get(code)


def kind_for_content_type(content_type: str) -> FileKind | None:
    return next((k for k in KINDS.values() if k.content_type == content_type), None)


def detect_kind(file: IO[bytes], size: int) -> FileKind:
    """The accepted kind of `file` (a seekable binary file of `size` bytes), or raise."""
    if size == 0:
        raise UnacceptableFile(_("berkasnya kosong (0 bita)."))
    head = _read_at(file, 0, 1024)
    if head.startswith(ZIP_MAGIC):
        return _check_zip_document(file)
    if head.startswith(OLE_MAGIC):
        raise _ole_problem(file)
    if head.startswith(PNG_MAGIC):
        _check_png(file, size, head)
        return PNG
    if head.startswith(JPEG_MAGIC):
        _check_jpeg(file, size)
        return JPEG
    # The PDF header may follow a little junk (the format allows it in the first 1 KB).
    if PDF_MAGIC in head:
        _check_pdf(file, size)
        return PDF
    raise UnacceptableFile(
        _(
            "isinya bukan dokumen yang diterima (%(kinds)s). Jenis berkas ditentukan dari "
            "isinya, bukan dari akhiran namanya."
        )
        % {"kinds": ACCEPTED_LABELS}
    )


def _read_at(file: IO[bytes], offset: int, length: int) -> bytes:
    file.seek(offset)
    return file.read(length)


def _tail(file: IO[bytes], size: int, length: int = 2048) -> bytes:
    return _read_at(file, max(0, size - length), length)


def _check_pdf(file: IO[bytes], size: int) -> None:
    truncated = UnacceptableFile(
        _("PDF ini rusak atau terpotong (tidak lengkap); unggah ulang berkas aslinya.")
    )
    if b"%%EOF" not in _tail(file, size):
        raise truncated
    try:
        file.seek(0)
        reader = PdfReader(file, strict=False)
        encrypted = reader.is_encrypted
        pages = 0 if encrypted else len(reader.pages)
    except Exception as error:
        raise truncated from error
    if encrypted:
        raise UnacceptableFile(
            _(
                "PDF ini terenkripsi (dilindungi kata sandi atau pembatasan izin). Simpan ulang "
                "tanpa kata sandi atau perlindungan, lalu unggah kembali."
            )
        )
    if pages == 0:
        raise UnacceptableFile(_("PDF ini tidak memiliki halaman."))


def _check_zip_document(file: IO[bytes]) -> "FileKind":
    try:
        file.seek(0)
        archive = zipfile.ZipFile(file)
        names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise UnacceptableFile(
            _("berkas ZIP/Office ini rusak atau terpotong (tidak lengkap).")
        ) from error
    if any(info.flag_bits & 0x1 for info in archive.infolist()):
        raise UnacceptableFile(_("berkas ini terenkripsi (dilindungi kata sandi)."))
    kind, main_part = _zip_document_kind(archive, names)
    _read_through(archive, main_part)
    return kind


def _zip_document_kind(archive: zipfile.ZipFile, names: set[str]) -> tuple[FileKind, str]:
    if "[Content_Types].xml" in names:
        for part, kind in OOXML_MAIN_PARTS:
            if part in names:
                return kind, part
    if "mimetype" in names:
        mimetype = archive.read("mimetype")[:200].strip()
        if mimetype == ODT_MIMETYPE and "content.xml" in names:
            return ODT, "content.xml"
        if mimetype.startswith(b"application/vnd.oasis.opendocument"):
            raise UnacceptableFile(
                _("dokumen OpenDocument ini bukan teks (ODT); simpan sebagai PDF, XLSX atau PPTX.")
            )
    raise UnacceptableFile(
        _(
            "ini arsip ZIP biasa, bukan dokumen DOCX, XLSX, PPTX atau ODT. Unggah dokumennya "
            "satu per satu."
        )
    )


def _read_through(archive: zipfile.ZipFile, part: str) -> None:
    """Read the main part to its end: a damaged part fails its CRC check here."""
    total = 0
    try:
        with archive.open(part) as stream:
            while chunk := stream.read(CHUNK):
                total += len(chunk)
                if total > MAX_PART_SIZE:
                    raise UnacceptableFile(_("isi dokumen ini terlalu besar setelah dibuka."))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as error:
        raise UnacceptableFile(_("dokumen ini rusak (isinya tidak dapat dibaca).")) from error


def _ole_problem(file: IO[bytes]) -> UnacceptableFile:
    """An OLE container is a protected OOXML file or an old binary Office file."""
    file.seek(0)
    previous = b""
    while chunk := file.read(CHUNK):
        if ENCRYPTED_PACKAGE in previous[-len(ENCRYPTED_PACKAGE) :] + chunk:
            return UnacceptableFile(
                _(
                    "dokumen Office ini dilindungi kata sandi (terenkripsi). Buka di Office, "
                    "hapus kata sandinya, simpan, lalu unggah kembali."
                )
            )
        previous = chunk
    return UnacceptableFile(
        _(
            "format Office lama (DOC, XLS atau PPT) tidak diterima; simpan ulang sebagai DOCX, "
            "XLSX, PPTX atau PDF."
        )
    )


def _check_png(file: IO[bytes], size: int, head: bytes) -> None:
    if head[12:16] != b"IHDR" or not _tail(file, size, 12) == PNG_END:
        raise UnacceptableFile(_("gambar PNG ini rusak atau terpotong."))


def _check_jpeg(file: IO[bytes], size: int) -> None:
    # Some cameras append data after the end marker: look for it near the end.
    if JPEG_END not in _tail(file, size, 4096):
        raise UnacceptableFile(_("gambar JPEG ini rusak atau terpotong."))
