from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from simpul.notifications.actions import send_digests


class Command(BaseCommand):
    help = "Kirim ringkasan harian notifikasi (jalankan sekali sehari, misalnya lewat cron)."

    def handle(self, *args, **options):
        count = send_digests()
        self.stdout.write(_("Ringkasan terkirim ke %(count)s orang.") % {"count": count})
