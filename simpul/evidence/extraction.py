"""Plain text out of evidence files, for search. Runs in the background worker, never in a request.

PDF through pypdf, page by page from the stored file object (see `_pdf`); XLSX through
openpyxl (read-only, streaming rows); DOCX, PPTX and ODT by reading their XML parts as a
stream. The text is capped so one huge document cannot bloat the search index.
"""

import io
import logging
import re
import zipfile
from collections.abc import Iterator
from typing import IO
from xml.etree.ElementTree import Element, XMLPullParser

from openpyxl import load_workbook
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject, NameObject, PdfObject

logger = logging.getLogger(__name__)

MAX_TEXT_CHARS = 1_000_000
# How much of an object's start is looked at to tell an image from other objects (its dictionary
# comes before its data; an image dictionary is a few hundred bytes).
OBJECT_PEEK = 4096
_OBJECT_HEADER = re.compile(rb"\s*\d+\s+\d+\s+obj\s*")
_STREAM_KEYWORD = re.compile(rb"(?<![A-Za-z])stream *\r?\n")
_IMAGE_SUBTYPE = re.compile(rb"/Subtype\s*/Image(?![A-Za-z0-9])")
XML_CHUNK = 64 * 1024
PARAGRAPH_TAGS = {"p", "h"}  # w:p (DOCX), a:p (PPTX), text:p and text:h (ODT)


class _Collector:
    def __init__(self, limit: int | None = None) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.limit = MAX_TEXT_CHARS if limit is None else limit

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


class _TextReader(PdfReader):
    """A PdfReader that never reads image data, for text extraction only.

    pypdf resolves every XObject a page draws (`Do`) just to see that it is an image and skip
    it, which reads the whole image stream into memory; a scanned document is almost nothing
    but such images. Here an object whose dictionary says `/Subtype /Image` is answered with
    that dictionary alone (no data, nothing cached), after looking at its first few KB only.
    """

    def get_object(self, indirect_reference: int | IndirectObject) -> PdfObject | None:
        if isinstance(indirect_reference, int):
            indirect_reference = IndirectObject(indirect_reference, 0, self)
        if self._is_image(indirect_reference):
            return DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/XObject"),
                    NameObject("/Subtype"): NameObject("/Image"),
                }
            )
        return super().get_object(indirect_reference)

    def _is_image(self, reference: IndirectObject) -> bool:
        key = (reference.generation, reference.idnum)
        if key in self.resolved_objects or reference.idnum in self.xref_objStm:
            return False  # already read, or inside an object stream (which holds no streams)
        start = self.xref.get(reference.generation, {}).get(reference.idnum)
        if start is None:
            return False
        position = self.stream.tell()
        try:
            self.stream.seek(start, 0)
            head = self.stream.read(OBJECT_PEEK)
        finally:
            self.stream.seek(position, 0)
        header = _OBJECT_HEADER.match(head)
        keyword = header and _STREAM_KEYWORD.search(head, header.end())
        if not keyword:
            return False
        text = head[header.end() : keyword.start()]
        if not _IMAGE_SUBTYPE.search(text):
            return False  # most objects: no need to parse anything
        # Only a stream object can be an image: its dictionary, then directly `stream`.
        dictionary_text = io.BytesIO(text)
        try:
            dictionary = DictionaryObject.read_from_stream(dictionary_text, self)
        except Exception:  # not a dictionary: let pypdf read the object as usual
            return False
        if dictionary_text.read().strip():
            return False  # the dictionary ended earlier: `stream` belongs to a later object
        return dictionary.get("/Subtype") == NameObject("/Image")


def _pdf(file: IO[bytes]) -> str:
    """Page by page from the file object: pypdf seeks and reads the objects a page needs, the
    objects read for one page are dropped before the next, images are never read, and reading
    stops at the text limit. Memory stays at about one page's text and content stream."""
    reader = _TextReader(file, strict=False)
    collector = _Collector()
    pages = reader.pages
    count = len(pages)  # reads the page tree; its objects stay for the whole document
    document_objects = set(reader.resolved_objects)
    for index in range(count):
        try:
            collector.add(pages[index].extract_text() or "")
        except Exception:  # one unreadable page should not lose the others
            logger.warning("PDF page %s could not be read", index + 1, exc_info=True)
        for key in set(reader.resolved_objects) - document_objects:
            del reader.resolved_objects[key]  # this page's content streams, fonts, forms
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
