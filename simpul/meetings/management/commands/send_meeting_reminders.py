"""Day-before reminders of meetings: `manage.py send_meeting_reminders [--date YYYY-MM-DD]`.

Run daily (cron). Each invitee is reminded at most once per day, so a rerun sends nothing new.
"""

from datetime import date

from django.core.management.base import CommandError

from simpul.core.commands import SimpulCommand, check_reference_date
from simpul.meetings.operations import send_reminders


class Command(SimpulCommand):
    help = "Kirim pengingat rapat besok kepada para undangan (sekali per hari)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Tanggal hari ini (YYYY-MM-DD); bawaan: hari ini.")

    def handle(self, *args, **options):
        today = None
        if options["date"]:
            try:
                today = date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError(
                    f"Tanggal “{options['date']}” tidak valid; tulis seperti 2026-03-31.",
                    returncode=2,
                ) from error
            check_reference_date("--date", today)
        sent = send_reminders(today)
        self.stdout.write(f"{sent} pengingat rapat terkirim.")
