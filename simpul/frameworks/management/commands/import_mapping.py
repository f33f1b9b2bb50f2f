from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from simpul.frameworks.actions import FrameworkVersionConflict, import_mapping
from simpul.frameworks.mappings import load_mapping_file
from simpul.frameworks.models import Framework
from simpul.frameworks.spec import FrameworkFileError


def _stored_spec(code: str):
    framework = Framework.objects.filter(code=code).first()
    return None if framework is None else framework.spec()


class Command(BaseCommand):
    help = (
        "Memeriksa satu berkas pemetaan antarversi kerangka (format simpul-mapping/1) terhadap "
        "kedua kerangka yang sudah dimuat, lalu mengimpornya. Berkas yang melanggar aturan "
        "ditolak dengan daftar semua masalahnya (status 2)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="berkas pemetaan .json")
        parser.add_argument(
            "--check", action="store_true", help="hanya memeriksa, tidak menyimpan apa pun"
        )

    def handle(self, *args: object, file: Path, check: bool, **options: object) -> None:
        try:
            spec = load_mapping_file(file, _stored_spec)
        except FrameworkFileError as exc:
            raise CommandError(exc.report(str(file)), returncode=2) from exc
        if check:
            self.stdout.write(_("Berkas %(file)s memenuhi semua aturan.") % {"file": file})
            return
        try:
            result = import_mapping(spec)
        except FrameworkVersionConflict as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(result.describe())
