"""Uploads read safely: a size limit applied while streaming, and cut-off bodies noticed.

Django streams large uploads to a temporary file; without the handler an oversize upload
would still be written to disk in full before the action refuses it. A request whose body
stopped before its Content-Length (a dropped connection) parses without the file that was
being sent: `upload_problem` says so, and the view saves nothing at all.

Views that take files call `limit_upload_size` before anything reads request.POST or
request.FILES (so they are csrf_exempt outside and csrf_protect inside), then refuse the
whole request when `upload_problem` returns a message.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.core.handlers.wsgi import LimitedStream
from django.http import HttpRequest
from django.utils.translation import gettext as _

from .files import sanitise_filename, too_large_reason


class SizeLimitUploadHandler(FileUploadHandler):
    """Skips (and remembers) every file larger than `limit` bytes."""

    def __init__(self, request: HttpRequest, limit: int | None = None) -> None:
        super().__init__(request)
        self.limit = settings.EVIDENCE_MAX_UPLOAD_SIZE if limit is None else limit
        self.received = 0
        request.oversize_files = []
        request.upload_limit = self.limit

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.request.oversize_files.append(self.file_name)
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def limit_upload_size(request: HttpRequest, limit: int | None = None) -> None:
    """Install the handler; call before anything reads request.POST or request.FILES."""
    request.upload_handlers.insert(0, SizeLimitUploadHandler(request, limit))


def body_complete(request: HttpRequest) -> bool:
    """Whether the whole body arrived (call after reading request.POST or request.FILES)."""
    stream = getattr(request, "_stream", None)
    if isinstance(stream, LimitedStream):
        return stream._pos >= stream.limit
    return True


def upload_problem(request: HttpRequest) -> str | None:
    """Why the files of this request cannot be taken as sent, or None."""
    request.POST  # noqa: B018 - parse the body (and run the size handler) first
    if not body_complete(request):
        return _(
            "Unggahan terputus sebelum selesai, jadi tidak ada yang disimpan. Periksa "
            "sambungan, lalu kirim ulang."
        )
    oversize = getattr(request, "oversize_files", [])
    if oversize:
        limit = getattr(request, "upload_limit", settings.EVIDENCE_MAX_UPLOAD_SIZE)
        return _("Berkas “%(name)s” ditolak: %(problem)s Tidak ada yang disimpan.") % {
            "name": sanitise_filename(oversize[0]),
            "problem": too_large_reason(None, limit),
        }
    return None
