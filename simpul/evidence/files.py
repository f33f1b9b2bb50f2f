"""Evidence files: safe display names, checks before storing, hashing, generated storage names."""

import hashlib
import logging
import re
import unicodedata
import uuid
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.core.files import File
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .sniffing import FileKind, UnacceptableFile, detect_kind
from .storage import evidence_storage

logger = logging.getLogger(__name__)

CHUNK = 1024 * 1024
MAX_NAME_LENGTH = 120
UNSAFE_CHARACTERS = re.compile(r'[<>:"|?*]')
EXTENSION_ALIASES = {"jpeg": {"jpg", "jpeg", "jpe"}}


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed every check, with what we learnt reading it."""

    original_name: str
    kind: FileKind
    size: int
    sha256: str


def sanitise_filename(name: str | None, max_length: int = MAX_NAME_LENGTH) -> str:
    """A name safe to show and to send back in Content-Disposition: no directories, no control
    or bidi characters, no characters Windows refuses, at most `max_length` characters."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C"))
    name = UNSAFE_CHARACTERS.sub("_", name)
    name = re.sub(r"\s+", " ", name).strip()
    stem, dot, extension = name.rpartition(".")
    if not dot or not extension.strip() or len(extension) > 10:
        stem, extension = name, ""
    stem, extension = stem.strip(" ."), extension.strip()
    stem = stem or _("berkas")
    room = max_length - (len(extension) + 1 if extension else 0)
    stem = stem[:room].rstrip(" .") or _("berkas")
    return f"{stem}.{extension}" if extension else stem


def with_extension(name: str, kind: FileKind) -> str:
    """`name` ending in the extension of what the file really is (laporan.docx → laporan.pdf)."""
    stem, dot, extension = name.rpartition(".")
    if not (dot and stem):
        stem = name
    elif extension.lower() in EXTENSION_ALIASES.get(kind.code, {kind.extension}):
        return name
    return f"{stem}.{kind.extension}"


def slug_for_package(title: str, max_length: int = 50) -> str:
    return slugify(title)[:max_length].strip("-") or "dokumen"


def sha256_of(file: File) -> str:
    digest = hashlib.sha256()
    file.seek(0)
    while chunk := file.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def check_upload(file: File, max_size: int) -> CheckedFile:
    """Size, real type and digest of an upload; raises UnacceptableFile with the reason."""
    size = file.size
    if size is not None and size > max_size:
        raise UnacceptableFile(too_large_reason(size, max_size))
    kind = detect_kind(file, size or 0)
    return CheckedFile(sanitise_filename(file.name), kind, size, sha256_of(file))


def too_large_reason(size: int | None, max_size: int) -> str:
    if size is None:
        return _("ukurannya melebihi batas %(limit)s.") % {"limit": filesizeformat(max_size)}
    return _("ukurannya %(size)s, melebihi batas %(limit)s.") % {
        "size": filesizeformat(size),
        "limit": filesizeformat(max_size),
    }


def store(file: File, agency_id: int, kind: FileKind) -> str:
    """Copy the file into the evidence storage under a new, meaningless name; return the name.

    A temporary upload is moved (or copied in chunks) by the storage, never read whole.
    """
    file.seek(0)
    name = f"evidence/{agency_id}/{uuid.uuid4().hex}.{kind.extension}"
    stored = evidence_storage.save(name, file)
    pending = _stored_in_block.get()
    if pending is not None:
        pending.append(stored)
    return stored


def discard(name: str) -> None:
    """Delete a stored file; used when the row that would own it could not be written."""
    evidence_storage.delete(name)


# The files stored inside the innermost `atomic_with_files` block, if any.
_stored_in_block: ContextVar[list[str] | None] = ContextVar("stored_in_block", default=None)


@contextmanager
def atomic_with_files():
    """A transaction whose stored evidence files follow its rows.

    For a write that stores a file and then does more in the same transaction (link the new
    document to an answer, submit the answer): when a later step is refused or fails, the
    rollback removes the rows, and the files stored inside the block are deleted with them
    instead of staying on disk (or in the bucket) with no row that names them. A failing
    commit counts as a failure too. Use it as the outermost transaction of such a write: a
    rollback of a transaction around it is not seen.
    """
    names: list[str] = []
    outer = _stored_in_block.get()
    token = _stored_in_block.set(names)
    try:
        with transaction.atomic():
            yield
    except BaseException:
        for name in names:
            _discard_quietly(name)
        raise
    finally:
        _stored_in_block.reset(token)
    if outer is not None:  # kept so far; an enclosing block may still fail
        outer.extend(names)


def _discard_quietly(name: str) -> None:
    # The failure that got us here is the one to report; a file store that does not answer
    # now leaves the file behind, logged.
    try:
        discard(name)
    except Exception:
        logger.exception("Deleting the evidence file %r of a rolled back write failed", name)
