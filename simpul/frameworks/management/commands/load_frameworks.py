from django.core.management.base import CommandError
from django.db import transaction

from simpul.core.commands import SimpulCommand
from simpul.frameworks.checking import load_framework_file, shipped_framework_files
from simpul.frameworks.mappings import load_mapping_file, shipped_mapping_files
from simpul.frameworks.operations import FrameworkVersionConflict, import_framework, import_mapping
from simpul.frameworks.spec import FrameworkFileError


class Command(SimpulCommand):
    help = (
        "Mengimpor setiap kerangka dan pemetaan antarversi yang dikirim bersama Simpul "
        "(simpul/frameworks/data). "
        "Aman dijalankan berulang: versi yang sudah ada dengan isi sama dibiarkan."
    )

    def handle(self, *args: object, **options: object) -> None:
        specs, refusals = [], []
        for path in shipped_framework_files():
            try:
                specs.append(load_framework_file(path))
            except FrameworkFileError as exc:
                refusals.append(exc.report(path.name))
        if refusals:
            raise CommandError("\n".join(refusals), returncode=2)
        by_code = {spec.code: spec for spec in specs}
        mappings = []
        for path in shipped_mapping_files():
            try:
                mappings.append(load_mapping_file(path, by_code.get))
            except FrameworkFileError as exc:
                refusals.append(exc.report(path.name))
        if refusals:
            raise CommandError("\n".join(refusals), returncode=2)
        # All or nothing, so a set-up never ends with half the shipped versions.
        try:
            with transaction.atomic():
                results = [import_framework(spec) for spec in specs]
                results += [import_mapping(spec) for spec in mappings]
        except FrameworkVersionConflict as exc:
            raise CommandError(str(exc), returncode=2) from exc
        for result in results:
            self.stdout.write(result.describe())
