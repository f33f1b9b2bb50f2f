"""Plain text out of evidence files, for search. Runs in the background worker, never in a request.

PDF through pypdf; XLSX through openpyxl (read-only, streaming rows); DOCX, PPTX and ODT by
reading their XML parts as a stream. The text is capped so one huge document cannot bloat the
search index.
"""

import logging
import zipfile
from collections.abc import Iterator
from typing import IO
from xml.etree.ElementTree import Element, XMLPullParser

from openpyxl import load_workbook
from pypdf import PdfReader

logger = logging.getLogger(__name__)

MAX_TEXT_CHARS = 1_000_000
XML_CHUNK = 64 * 1024
PARAGRAPH_TAGS = {"p", "h"}  # w:p (DOCX), a:p (PPTX), text:p and text:h (ODT)


class _Collector:
    def __init__(self, limit: int = MAX_TEXT_CHARS) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.limit = limit

    @property
    def full(self) -> bool:
        return self.size >= self.limit

    def add(self, text: str) -> None:
        text = text.strip()
        if text and not self.full:
            self.parts.append(text[: self.limit - self.size])
            self.size += len(text) + 1

    def text(self) -> str:
        return "\n".join(self.parts)


def extract_text(file: IO[bytes], kind_code: str) -> str:
    """The text of a stored evidence file of the given kind ("pdf", "docx", ...)."""
    extractor = EXTRACTORS.get(kind_code)
    if extractor is None:
        return ""
    file.seek(0)
    return extractor(file)


def _pdf(file: IO[bytes]) -> str:
    reader = PdfReader(file, strict=False)
    collector = _Collector()
    for number, page in enumerate(reader.pages, start=1):
        try:
            collector.add(page.extract_text() or "")
        except Exception:  # one unreadable page should not lose the others
            logger.warning("PDF page %s could not be read", number, exc_info=True)
        if collector.full:
            break
    return collector.text()


def _xlsx(file: IO[bytes]) -> str:
    workbook = load_workbook(file, read_only=True, data_only=True)
    collector = _Collector()
    try:
        for sheet in workbook.worksheets:
            collector.add(sheet.title)
            for row in sheet.iter_rows(values_only=True):
                collector.add("\t".join(str(value) for value in row if value is not None))
                if collector.full:
                    return collector.text()
    finally:
        workbook.close()
    return collector.text()


def _xml_parts(file: IO[bytes], parts: list[str]) -> str:
    collector = _Collector()
    with zipfile.ZipFile(file) as archive:
        for part in parts:
            with archive.open(part) as stream:
                for element in _paragraphs(stream):
                    collector.add("".join(element.itertext()))
                    element.clear()
                    if collector.full:
                        return collector.text()
    return collector.text()


def _paragraphs(stream: IO[bytes]) -> Iterator[Element]:
    """Paragraph elements of an Office XML part, parsed as a stream.

    Office parts never carry a DTD; refusing one rules out entity tricks (expat ≥ 2.4 also
    limits entity expansion, and ElementTree never fetches external entities).
    """
    parser = XMLPullParser(events=("end",))  # noqa: S314 - DTDs refused below
    first = True
    while chunk := stream.read(XML_CHUNK):
        if first and b"<!DOCTYPE" in chunk:
            raise ValueError("XML part with a DTD")
        first = False
        parser.feed(chunk)
        for _event, element in parser.read_events():
            if element.tag.rsplit("}", 1)[-1] in PARAGRAPH_TAGS:
                yield element
    parser.close()


def _docx(file: IO[bytes]) -> str:
    return _xml_parts(file, ["word/document.xml"])


def _odt(file: IO[bytes]) -> str:
    return _xml_parts(file, ["content.xml"])


def _pptx(file: IO[bytes]) -> str:
    with zipfile.ZipFile(file) as archive:
        slides = [
            name
            for name in archive.namelist()
            if name.startswith("ppt/slides/slide") and name.endswith(".xml")
        ]
    # slide2.xml before slide10.xml
    slides.sort(key=lambda name: int("".join(ch for ch in name if ch.isdigit()) or 0))
    return _xml_parts(file, slides)


EXTRACTORS = {"pdf": _pdf, "docx": _docx, "xlsx": _xlsx, "pptx": _pptx, "odt": _odt}
