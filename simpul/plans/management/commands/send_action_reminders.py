from django.conf import settings
from django.core.management.base import CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from simpul.core.commands import SimpulCommand, reference_date
from simpul.core.params import positive_id
from simpul.plans.operations import send_action_reminders


def _positive(name: str, value: str, low: int, high: int) -> int:
    number = 0 if value.strip() == "0" else positive_id(value)
    if number is None or not low <= number <= high:
        raise CommandError(
            _("--%(name)s harus bilangan bulat %(low)s sampai %(high)s, bukan “%(value)s”.")
            % {"name": name, "low": low, "high": high, "value": value},
            returncode=2,
        )
    return number


class Command(SimpulCommand):
    help = (
        "Mengirim email pengingat rencana aksi yang tenggatnya segera tiba dan yang sudah lewat "
        "tenggat, satu email per penerima. Aman dijalankan berulang: yang sudah dikirim hari "
        "ini tidak dikirim lagi. Jalankan sekali sehari lewat cron (docs/plans.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", default="7", help="tenggat dalam sekian hari dianggap segera (bawaan 7)"
        )
        parser.add_argument(
            "--repeat-overdue",
            default="7",
            help="ingatkan aksi yang lewat tenggat lagi setiap sekian hari (bawaan 7)",
        )
        parser.add_argument("--today", help="tanggal acuan YYYY-MM-DD (bawaan: hari ini)")

    def handle(self, *args, days: str, repeat_overdue: str, today: str | None, **options):
        days_ahead = _positive("days", days, 0, 365)
        repeat = _positive("repeat-overdue", repeat_overdue, 1, 365)
        # Without --today, each agency's own calendar day (WIB, WITA or WIT) is used.
        on = None
        if today:
            on = reference_date("--today", today)
        # The emails go out in the platform's language, whatever the shell's locale.
        with translation.override(settings.LANGUAGE_CODE):
            report = send_action_reminders(today=on, days=days_ahead, repeat_overdue=repeat)
            self.stdout.write(
                _(
                    "%(emails)s email terkirim: %(overdue)s aksi lewat tenggat, %(soon)s aksi "
                    "tenggat segera."
                )
                % {"emails": report.emails, "overdue": report.overdue, "soon": report.due_soon}
            )
            for name in report.without_recipient:
                self.stderr.write(
                    _("Tidak ada penerima dengan email untuk %(action)s.") % {"action": name}
                )
