"""Resumable uploads: a file sent in chunks that survives a dropped connection.

The protocol is described in docs/evidence.md. In short: the browser opens a session (name and
size; refused at once above EVIDENCE_MAX_UPLOAD_SIZE), sends the bytes in order with the offset
each chunk starts at, asks for the offset after a failure, and finally posts the upload form
with the session instead of the file. The bytes wait in a temporary file on disk, never in
memory; the completed file then goes through the same form, checks and write path
(`actions.upload_evidence` / `actions.add_revision`) as a one-shot upload.
"""

import datetime
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .files import sanitise_filename, too_large_reason
from .models import UploadSession

READ_PIECE = 64 * 1024
# What the browser is told to send per request, and the most a request may carry.
CHUNK_SIZE = 512 * 1024
MAX_CHUNK_SIZE = 8 * 1024 * 1024
DEFAULT_LIFETIME_HOURS = 24
# Unfinished sessions one person may hold at once (each may reserve up to the size limit).
MAX_OPEN_SESSIONS = 10


class UploadRefused(Exception):
    """A refused session or chunk, with an Indonesian message fit to show the user."""

    status = 400


class OffsetMismatch(UploadRefused):
    """The chunk does not start where the received bytes end; `received` says where."""

    status = 409

    def __init__(self, message: str, received: int) -> None:
        super().__init__(message)
        self.received = received


def session_dir() -> Path:
    """Outside MEDIA_ROOT (where `orphan_files` would take half-sent files for orphans)."""
    configured = getattr(settings, "EVIDENCE_UPLOAD_SESSION_DIR", None)
    if configured:
        return Path(configured)
    return Path(settings.FILE_UPLOAD_TEMP_DIR or tempfile.gettempdir()) / "simpul-unggahan"


def part_path(session: UploadSession) -> Path:
    return session_dir() / f"{session.token.hex}.part"


def lifetime() -> datetime.timedelta:
    hours = getattr(settings, "EVIDENCE_UPLOAD_SESSION_HOURS", DEFAULT_LIFETIME_HOURS)
    return datetime.timedelta(hours=hours)


def start_session(membership, *, name: str, size: str | int, key: str = "") -> UploadSession:
    """A new session for this person's file, or the unfinished one for the same file (`key`)."""
    filename = sanitise_filename(name)
    try:
        size = int(size)
    except (TypeError, ValueError):
        size = -1
    if size < 0:
        raise UploadRefused(
            _("Ukuran berkas “%(name)s” tidak terbaca; pilih berkasnya lagi.") % {"name": filename}
        )
    limit = settings.EVIDENCE_MAX_UPLOAD_SIZE
    if size > limit:
        raise UploadRefused(
            _("Berkas “%(name)s” ditolak: %(problem)s")
            % {"name": filename, "problem": too_large_reason(size, limit)}
        )
    key = (key or "")[:300]
    if key:
        existing = (
            UploadSession.objects.of(membership)
            .filter(key=key, size=size, claimed=False, evidence=None)
            .order_by("-pk")
            .first()
        )
        if existing is not None and part_path(existing).exists():
            return received_on_disk(existing)
    unfinished = UploadSession.objects.of(membership).filter(evidence=None)
    if unfinished.count() >= MAX_OPEN_SESSIONS:
        raise UploadRefused(
            _(
                "Sudah ada %(n)s unggahan Anda yang belum selesai. Selesaikan atau batalkan "
                "salah satunya, atau tunggu sampai kedaluwarsa (%(hours)s jam)."
            )
            % {"n": MAX_OPEN_SESSIONS, "hours": int(lifetime().total_seconds() // 3600)}
        )
    session = UploadSession.objects.create(
        agency=membership.agency, user=membership.user, filename=filename, size=size, key=key
    )
    session_dir().mkdir(parents=True, exist_ok=True, mode=0o750)
    part_path(session).touch(mode=0o640)
    return session


def received_on_disk(session: UploadSession) -> UploadSession:
    """Never claim more than the file holds (a lost disk write after a crash)."""
    on_disk = part_path(session).stat().st_size
    if on_disk < session.received:
        UploadSession.objects.filter(pk=session.pk).update(received=on_disk)
        session.received = on_disk
    return session


def append_chunk(session: UploadSession, offset: int, stream, length: int) -> int:
    """Write `length` bytes from `stream` at `offset`; return the new received offset.

    A chunk must start exactly where the received bytes end (OffsetMismatch otherwise: an
    overlapping, repeated or skipped chunk) and may not go past the announced size. When the
    connection drops mid-chunk, the bytes that did arrive are kept: the resume starts there.
    """
    if session.claimed or session.evidence_id:
        raise UploadRefused(_("Berkas ini sudah lengkap diterima; tidak ada lagi yang dikirim."))
    if offset != session.received:
        raise OffsetMismatch(
            _("Potongan dimulai pada bita %(offset)s, padahal yang sudah diterima %(received)s.")
            % {"offset": offset, "received": session.received},
            session.received,
        )
    if length > MAX_CHUNK_SIZE:
        raise UploadRefused(_("Potongan terlalu besar; kirim paling banyak 8 MB sekali kirim."))
    if offset + length > session.size:
        raise UploadRefused(
            _("Potongan melewati ukuran berkas “%(name)s” yang diumumkan (%(size)s bita).")
            % {"name": session.filename, "size": session.size}
        )
    path = part_path(session)
    if not path.exists():
        raise UploadRefused(_("Unggahan ini sudah kedaluwarsa; pilih berkasnya lagi."))
    written = 0
    with path.open("r+b") as part:
        part.seek(offset)
        while written < length:
            try:
                piece = stream.read(min(READ_PIECE, length - written))
            except OSError:  # the connection dropped: keep what arrived
                break
            if not piece:
                break
            part.write(piece)
            written += len(piece)
        part.flush()
        os.fsync(part.fileno())
    new_offset = offset + written
    updated = UploadSession.objects.filter(pk=session.pk, received=offset, claimed=False).update(
        received=new_offset, updated_at=timezone.now()
    )
    if not updated:  # another request for the same bytes got there first, or a cancel
        now = UploadSession.objects.filter(pk=session.pk).values_list("received", flat=True)
        if not now:
            raise UploadRefused(_("Unggahan ini sudah dibatalkan."))
        message = _("Potongan ini sudah diterima lewat permintaan lain.")
        raise OffsetMismatch(message, now[0])
    session.received = new_offset
    return new_offset


def open_file(session: UploadSession) -> UploadedFile:
    """The received file, as the upload form expects it (caller closes it)."""
    handle = part_path(session).open("rb")
    return UploadedFile(
        handle, name=session.filename, content_type="application/octet-stream", size=session.size
    )


def claim(session: UploadSession) -> bool:
    """Take the complete file for saving; False when another request has (or it is short)."""
    return bool(
        UploadSession.objects.filter(
            pk=session.pk, claimed=False, evidence=None, received=F("size")
        ).update(claimed=True)
    )


def release(session: UploadSession) -> None:
    """Saving did not happen (the form was wrong): the file may be submitted again."""
    UploadSession.objects.filter(pk=session.pk, evidence=None).update(claimed=False)


def finish(session: UploadSession, evidence) -> None:
    """The file became `evidence`: remember it (a repeated final request finds it) and free
    the disk. The row itself goes with the expired sessions."""
    UploadSession.objects.filter(pk=session.pk).update(evidence=evidence, updated_at=timezone.now())
    session.evidence = evidence
    part_path(session).unlink(missing_ok=True)


def discard(session: UploadSession) -> None:
    """Forget the session and its bytes (cancelled, or the file was refused)."""
    part_path(session).unlink(missing_ok=True)
    UploadSession.objects.filter(pk=session.pk).delete()


def expire_sessions(now: datetime.datetime | None = None) -> int:
    """Delete sessions untouched for longer than the lifetime, and stray part files; return how
    many sessions went."""
    cutoff = (now or timezone.now()) - lifetime()
    old = UploadSession.objects.filter(updated_at__lt=cutoff)
    count = 0
    for session in old.only("pk", "token"):
        part_path(session).unlink(missing_ok=True)
        count += 1
    old.delete()
    directory = session_dir()
    if directory.is_dir():
        known = {token.hex for token in UploadSession.objects.values_list("token", flat=True)}
        for path in directory.glob("*.part"):
            if path.stem not in known:
                mtime = datetime.datetime.fromtimestamp(path.stat().st_mtime, tz=datetime.UTC)
                if mtime < cutoff:
                    path.unlink(missing_ok=True)
    return count
