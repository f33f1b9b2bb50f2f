from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from simpul.core.commands import SimpulCommand
from simpul.cycles.management.commands._tables import cycle_or_refuse, read_or_refuse, refused
from simpul.cycles.operations import ActionError, import_official_results
from simpul.cycles.results import OfficialResultsError, read_official_results


class Command(SimpulCommand):
    help = (
        "Mengimpor tingkat hasil akhir resmi per indikator (CSV atau XLSX: indicator, level) "
        "ke periode CYCLE_ID. Semua atau tidak sama sekali: satu baris salah, tidak ada yang "
        "disimpan."
    )

    def add_arguments(self, parser):
        parser.add_argument("cycle_id", type=int, help="nomor (id) periode evaluasi")
        parser.add_argument("file", type=Path, help="berkas CSV atau XLSX")

    def handle(self, *args, cycle_id: int, file: Path, **options) -> None:
        cycle = cycle_or_refuse(cycle_id)
        data = read_or_refuse(file)
        try:
            levels = read_official_results(data, cycle.framework.spec())
            outcome = import_official_results(cycle, levels, user=None)
        except OfficialResultsError as error:
            raise refused(file, error.problems) from error
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
