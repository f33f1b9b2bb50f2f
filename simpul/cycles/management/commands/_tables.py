"""What the table-import commands share: the cycle by id, the file's bytes, the refusal."""

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from simpul.cycles.models import Cycle


def cycle_or_refuse(cycle_id: object) -> Cycle:
    cycle = (
        Cycle.objects.select_related("framework", "agency")
        .defer("framework__document")
        .filter(pk=cycle_id)
        .first()
    )
    if cycle is None:
        raise CommandError(
            _("Periode dengan id %(id)s tidak ditemukan.") % {"id": cycle_id}, returncode=2
        )
    return cycle


def read_or_refuse(file: Path) -> bytes:
    try:
        return file.read_bytes()
    except OSError as error:
        raise CommandError(
            _("Berkas %(file)s tidak dapat dibaca: %(error)s.")
            % {"file": file, "error": error.strerror or error},
            returncode=2,
        ) from error


def refused(file: Path, problems: list[str]) -> CommandError:
    """The whole file refused, every problem on its own line; nothing was saved."""
    lines = "\n".join(f"- {problem}" for problem in problems)
    return CommandError(
        _("Berkas %(file)s ditolak, tidak ada yang disimpan:") % {"file": file.name} + "\n" + lines,
        returncode=2,
    )
