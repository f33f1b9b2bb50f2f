"""`manage.py backup DEST`: the database, the media files and a manifest of SHA-256 hashes.

DEST is a new (or empty) folder, or a file name ending in `.tar`. See docs/operations.md for
the schedule and the retention.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from simpul.core.backup import BackupError, create_backup
from simpul.core.commands import SimpulCommand


class Command(SimpulCommand):
    help = _(
        "Cadangkan basis data dan berkas (MEDIA_ROOT) ke DEST: folder baru atau berkas .tar, "
        "dengan manifest SHA-256 setiap bagian."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("dest", type=Path, help=_("folder baru/kosong atau berkas .tar"))

    def handle(self, *args, dest: Path, **options) -> None:
        try:
            manifest = create_backup(dest)
        except BackupError as error:
            raise CommandError(str(error)) from error
        size = sum(part["size"] for part in manifest["parts"])
        self.stdout.write(
            _("Cadangan tersimpan di %(dest)s: basis data dan %(files)s berkas, %(size)s.")
            % {
                "dest": dest,
                "files": len(manifest["parts"]) - 1,
                "size": filesizeformat(size),
            }
        )
        if settings.EVIDENCE_STORAGE != "filesystem":
            self.stderr.write(
                _(
                    "Data dukung, lampiran forum, foto rapat dan laporan ada di bucket "
                    "%(storage)s dan tidak ikut dicadangkan: andalkan versioning bucket "
                    "(docs/operations.md)."
                )
                % {"storage": settings.EVIDENCE_STORAGE}
            )
