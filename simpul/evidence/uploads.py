"""An upload handler that stops reading a file once it passes the evidence size limit.

Django streams large uploads to a temporary file; without this handler an oversize upload
would still be written to disk in full before the action refuses it.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest


class SizeLimitUploadHandler(FileUploadHandler):
    """Skips (and remembers) every file larger than EVIDENCE_MAX_UPLOAD_SIZE."""

    def __init__(self, request: HttpRequest) -> None:
        super().__init__(request)
        self.limit = settings.EVIDENCE_MAX_UPLOAD_SIZE
        self.received = 0
        request.oversize_files = []

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


def limit_upload_size(request: HttpRequest) -> None:
    """Install the handler; call before anything reads request.POST or request.FILES."""
    request.upload_handlers.insert(0, SizeLimitUploadHandler(request))
