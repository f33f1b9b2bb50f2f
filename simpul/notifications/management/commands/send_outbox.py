"""Send the outbox messages whose retry time has come: `manage.py send_outbox`.

The worker retries on its own; this command (cron) is the safety net for messages whose task
was lost with a killed worker. A message is sent at most once however often it runs."""

from django.core.management.base import BaseCommand

from simpul.notifications.operations import deliver_due


class Command(BaseCommand):
    help = "Kirim pesan keluar (email, WhatsApp) yang menunggu dan sudah waktunya dicoba lagi."

    def handle(self, *args, **options):
        sent = deliver_due()
        self.stdout.write(f"{sent} pesan terkirim.")
