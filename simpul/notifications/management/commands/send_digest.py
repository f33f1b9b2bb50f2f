from django.utils.translation import gettext as _

from simpul.core.commands import SimpulCommand
from simpul.notifications.operations import send_digests


class Command(SimpulCommand):
    help = "Kirim ringkasan harian notifikasi (jalankan sekali sehari, misalnya lewat cron)."

    def handle(self, *args, **options):
        count = send_digests()
        self.stdout.write(_("Ringkasan terkirim ke %(count)s orang.") % {"count": count})
