"""`manage.py restore SRC`: checks every part of a backup, then replaces the database and files.

Nothing is touched until the manifest, every hash and the migrations check out. Stop the web
servers and the worker first (docs/operations.md, "Latihan pemulihan").
"""

import sys
from pathlib import Path

from django.core.management.base import CommandError
from django.db import connection
from django.utils.translation import gettext as _

from simpul.core.backup import BackupError, restore_backup, unapplied_after_restore, verify_backup
from simpul.core.commands import SimpulCommand

CONFIRMATION = "pulihkan"


class Command(SimpulCommand):
    help = _(
        "Pulihkan basis data dan berkas dari cadangan SRC (folder atau .tar) setelah semua "
        "bagiannya diperiksa."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("src", type=Path, help=_("folder cadangan atau berkas .tar"))
        parser.add_argument(
            "--yes", action="store_true", help=_("jangan minta konfirmasi (untuk skrip)")
        )

    def handle(self, *args, src: Path, yes: bool = False, **options) -> None:
        try:
            backup = verify_backup(src)
        except BackupError as error:
            raise CommandError(str(error)) from error
        try:
            manifest = backup.manifest
            self.stdout.write(
                _(
                    "Cadangan %(src)s utuh: dibuat %(at)s, %(files)s berkas. Memulihkannya "
                    "MENGGANTI seluruh isi basis data %(db)s dan berkas di MEDIA_ROOT."
                )
                % {
                    "src": src,
                    "at": manifest["created_at"],
                    "files": len(manifest["parts"]) - 1,
                    "db": connection.settings_dict["NAME"],
                }
            )
            if not yes:
                self._confirm()
            try:
                restored = restore_backup(backup)
            except BackupError as error:
                raise CommandError(str(error)) from error
        finally:
            backup.cleanup()
        self.stdout.write(
            _("Dipulihkan: basis data dan %(files)s berkas.") % {"files": restored["files"]}
        )
        missing = unapplied_after_restore()
        if missing:
            self.stdout.write(
                _("Cadangan ini lebih lama dari kode: jalankan `manage.py migrate` (%(n)s).")
                % {"n": missing}
            )

    def _confirm(self) -> None:
        if not sys.stdin.isatty():
            raise CommandError(
                _("Tanpa terminal: tambahkan --yes untuk memulihkan tanpa konfirmasi."),
                returncode=2,
            )
        answer = input(_("Ketik “%(word)s” untuk melanjutkan: ") % {"word": CONFIRMATION})
        if answer.strip() != CONFIRMATION:
            raise CommandError(_("Dibatalkan: tidak ada yang diubah."))
