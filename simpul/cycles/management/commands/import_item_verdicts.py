from pathlib import Path

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from simpul.agencies.models import Membership, Role
from simpul.core.commands import SimpulCommand
from simpul.cycles.item_import import ItemImportError, import_item_verdicts
from simpul.cycles.management.commands._tables import cycle_or_refuse, read_or_refuse, refused
from simpul.cycles.models import EXTERNAL_REVIEW_STAGES, ReviewStage
from simpul.cycles.operations import ActionError


def _cycle_id(text: str) -> int:
    if not text.isascii() or not text.isdigit():
        raise CommandError(
            _("CYCLE_ID harus nomor (id) periode evaluasi, bukan “%(text)s”.") % {"text": text},
            returncode=2,
        )
    return int(text)


class Command(SimpulCommand):
    help = (
        "Mengimpor putusan butir dari ekspor portal evaluasi nasional (CSV atau XLSX: kode "
        "butir, putusan, catatan) ke periode CYCLE_ID sebagai penilaian tahap STAGE (document, "
        "interview atau visit; nama lama dokumen, interviu, visitasi juga diterima). Semua "
        "atau tidak sama sekali; setiap baris salah disebut."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("cycle_id", help="nomor (id) periode evaluasi")
        parser.add_argument(
            "stage",
            choices=[
                *(stage.value for stage in EXTERNAL_REVIEW_STAGES),
                *ReviewStage.replaced_values(),
            ],
            help="tahap",
        )
        parser.add_argument("file", type=Path, help="berkas CSV atau XLSX")

    def handle(self, *args, cycle_id: str, stage: str, file: Path, **options) -> None:
        cycle = cycle_or_refuse(_cycle_id(cycle_id))
        admin = Membership.objects.filter(
            agency=cycle.agency, role=Role.ADMIN, is_active=True
        ).first()
        if admin is None:
            raise CommandError(
                _("Instansi periode ini belum memiliki koordinator (admin) aktif."), returncode=2
            )
        data = read_or_refuse(file)
        try:
            outcome = import_item_verdicts(cycle, data, stage=stage, membership=admin)
        except ItemImportError as error:
            raise refused(file, error.problems) from error
        except ActionError as error:
            raise CommandError(error.message, returncode=2) from error
        self.stdout.write(
            _("Putusan butir diimpor: %(stored)s disimpan, %(automatic)s otomatis ditolak.")
            % {"stored": outcome.stored, "automatic": outcome.automatic}
        )
