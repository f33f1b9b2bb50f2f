"""Delete resumable-upload sessions untouched for EVIDENCE_UPLOAD_SESSION_HOURS (24 by default),
with their half-sent files. Run it daily from cron, next to `orphan_files`.

    python manage.py expire_upload_sessions
"""

from django.utils.translation import gettext as _

from simpul.core.commands import SimpulCommand
from simpul.evidence.resumable import expire_sessions


class Command(SimpulCommand):
    help = "Hapus sesi unggah bertahap yang ditinggalkan beserta berkas sementaranya."

    def handle(self, *args, **options) -> None:
        count = expire_sessions()
        self.stderr.write(_("%(n)s sesi unggah kedaluwarsa dihapus.") % {"n": count})
