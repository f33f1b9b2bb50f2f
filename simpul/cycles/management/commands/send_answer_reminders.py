"""Tell the answerers of answers due in three days or past their due date (once each)."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from simpul.core.commands import SimpulCommand, reference_date
from simpul.cycles.notices import send_deadline_notices


class Command(SimpulCommand):
    help = (
        "Memberi tahu penjawab jawaban yang tenggatnya tinggal 3 hari atau sudah lewat, sekali "
        "per tenggat, lewat pilihan pemberitahuan masing-masing. Aman dijalankan berulang; "
        "jadwalkan sekali sehari lewat cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="tanggal acuan YYYY-MM-DD (bawaan: hari ini)")

    def handle(self, *args, today: str | None, **options):
        # Without --today, each agency's own calendar day (WIB, WITA or WIT) is used.
        on = None
        if today:
            on = reference_date("--today", today)
        with translation.override(settings.LANGUAGE_CODE):
            sent = send_deadline_notices(on)
            self.stdout.write(
                _("%(soon)s jawaban diingatkan tenggatnya, %(overdue)s jawaban lewat tenggat.")
                % sent
            )
