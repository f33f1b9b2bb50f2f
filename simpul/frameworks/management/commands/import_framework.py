from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from simpul.core.commands import SimpulCommand
from simpul.frameworks.checking import load_framework_file
from simpul.frameworks.operations import FrameworkVersionConflict, import_framework
from simpul.frameworks.spec import FrameworkFileError


class Command(SimpulCommand):
    """Check one file, then store it; import_mapping reads and stores another kind of file."""

    help = (
        "Memeriksa satu berkas kerangka (format simpul-framework/1) lalu mengimpornya. "
        "Berkas yang melanggar aturan ditolak dengan daftar semua masalahnya (status 2)."
    )
    file_help = "berkas kerangka .json"

    def load(self, file: Path) -> Any:
        return load_framework_file(file)

    def store(self, spec: Any) -> Any:
        return import_framework(spec)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help=self.file_help)
        parser.add_argument(
            "--check", action="store_true", help="hanya memeriksa, tidak menyimpan apa pun"
        )

    def handle(self, *args: object, file: Path, check: bool, **options: object) -> None:
        # Everything is checked before the first write; a refused file leaves the DB as it was.
        try:
            spec = self.load(file)
        except FrameworkFileError as exc:
            raise CommandError(exc.report(str(file)), returncode=2) from exc
        if check:
            self.stdout.write(_("Berkas %(file)s memenuhi semua aturan.") % {"file": file})
            return
        try:
            result = self.store(spec)
        except FrameworkVersionConflict as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(result.describe())
