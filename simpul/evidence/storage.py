"""Where evidence files live: the storage named "evidence" in settings.STORAGES.

The local disk under MEDIA_ROOT by default, an S3-compatible bucket with EVIDENCE_STORAGE=s3.
Files are never served by URL: only the download view reads them.
"""

from django.core.files.storage import Storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


class EvidenceStorage(LazyObject):
    """The configured evidence storage, looked up on first use (like default_storage)."""

    def _setup(self) -> None:
        self._wrapped = storages["evidence"]


evidence_storage = EvidenceStorage()


def select_storage() -> Storage:
    """The storage of `EvidenceRevision.file`; a callable keeps it out of the migrations."""
    return evidence_storage


@receiver(setting_changed)
def _forget_storage(*, setting: str, **kwargs) -> None:
    # Django resets its own storages when STORAGES changes (tests); follow it.
    if setting == "STORAGES":
        evidence_storage._wrapped = empty
