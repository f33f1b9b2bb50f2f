from pathlib import Path
from typing import Any

from simpul.frameworks.mappings import load_mapping_file
from simpul.frameworks.models import Framework
from simpul.frameworks.operations import import_mapping

from .import_framework import Command as ImportFileCommand


def _stored_spec(code: str):
    framework = Framework.objects.filter(code=code).first()
    return None if framework is None else framework.spec()


class Command(ImportFileCommand):
    help = (
        "Memeriksa satu berkas pemetaan antarversi kerangka (format simpul-mapping/1) terhadap "
        "kedua kerangka yang sudah dimuat, lalu mengimpornya. Berkas yang melanggar aturan "
        "ditolak dengan daftar semua masalahnya (status 2)."
    )
    file_help = "berkas pemetaan .json"

    def load(self, file: Path) -> Any:
        return load_mapping_file(file, _stored_spec)

    def store(self, spec: Any) -> Any:
        return import_mapping(spec)
