from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from simpul.cycles.actions import ActionError, import_official_results
from simpul.cycles.models import Cycle
from simpul.cycles.results import OfficialResultsError, read_official_results


class Command(BaseCommand):
    help = (
        "Mengimpor tingkat hasil akhir resmi per indikator (CSV atau XLSX: indicator, level) "
        "ke periode CYCLE_ID. Semua atau tidak sama sekali: satu baris salah, tidak ada yang "
        "disimpan."
    )

    def add_arguments(self, parser):
        parser.add_argument("cycle_id", type=int, help="nomor (id) periode evaluasi")
        parser.add_argument("file", type=Path, help="berkas CSV atau XLSX")

    def handle(self, *args, cycle_id: int, file: Path, **options) -> None:
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
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Berkas %(file)s tidak dapat dibaca: %(error)s.")
                % {"file": file, "error": error.strerror or error},
                returncode=2,
            ) from error
        try:
            levels = read_official_results(data, cycle.framework.spec())
            outcome = import_official_results(cycle, levels, user=None)
        except OfficialResultsError as error:
            lines = "\n".join(f"- {problem}" for problem in error.problems)
            raise CommandError(
                _("Berkas %(file)s ditolak, tidak ada yang disimpan:") % {"file": file.name}
                + "\n"
                + lines,
                returncode=2,
            ) from error
        except ActionError as error:
            raise CommandError(error.message, returncode=2) from error
        self.stdout.write(
            _("%(cycle)s: %(given)s indikator diimpor, %(changed)s berubah.")
            % {"cycle": cycle, "given": outcome.given, "changed": outcome.changed}
        )
        if outcome.missing:
            self.stdout.write(
                _("Tidak ada di berkas: %(codes)s.") % {"codes": ", ".join(outcome.missing)}
            )
