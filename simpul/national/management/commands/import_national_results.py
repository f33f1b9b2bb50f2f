from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from simpul.core.commands import SimpulCommand
from simpul.national import operations


class Command(SimpulCommand):
    help = (
        "Impor hasil evaluasi SPBE nasional dari CSV (kolom sama dengan data bawaan); "
        "tanpa FILE memuat data bawaan 2023 dan 2024."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="Berkas CSV")

    def handle(self, *args, file=None, **options):
        if file is None:
            counts = operations.load_shipped_results()
        else:
            path = Path(file)
            try:
                text = path.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as error:
                raise CommandError(
                    _("Berkas %(file)s tidak dapat dibaca: %(error)s")
                    % {"file": file, "error": error},
                    returncode=2,
                ) from error
            try:
                counts = operations.import_results(text)
            except operations.ImportRefused as refused:
                raise CommandError(
                    _("Impor ditolak, tidak ada yang disimpan:\n%(errors)s")
                    % {"errors": "\n".join(refused.errors)},
                    returncode=2,
                ) from refused
        for year, count in counts.items():
            self.stdout.write(
                _("%(year)d: %(count)d instansi dimuat.") % {"year": year, "count": count}
            )
