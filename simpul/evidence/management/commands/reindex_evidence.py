"""Rebuild the evidence search index, and optionally queue text extraction again.

    python manage.py reindex_evidence                    # every agency
    python manage.py reindex_evidence --agency natuna    # one agency (by short code)
    python manage.py reindex_evidence --extract          # also re-read pending/failed files

Use it after moving to another database, after upgrading the stemmer, or after restoring files.
"""

from django.core.management.base import CommandError
from django.db import transaction

from simpul.agencies.models import Agency
from simpul.core.commands import SimpulCommand
from simpul.evidence import operations, search
from simpul.evidence.models import Evidence, EvidenceRevision


class Command(SimpulCommand):
    help = "Bangun ulang indeks pencarian data dukung (dan antrekan ulang ekstraksi teks)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--agency", help="kode singkat instansi; bawaan: semua instansi")
        parser.add_argument(
            "--extract",
            action="store_true",
            help="antrekan ulang ekstraksi teks revisi yang gagal atau belum selesai",
        )

    def handle(self, *args, agency: str | None, extract: bool, **options) -> None:
        documents = Evidence.objects.all()
        revisions = EvidenceRevision.objects.all()
        if agency:
            found = Agency.objects.filter(short_code=agency).first()
            if found is None:
                raise CommandError(
                    f"Instansi dengan kode singkat “{agency}” tidak ditemukan.", returncode=2
                )
            documents = documents.for_agency(found)
            revisions = revisions.for_agency(found)
        with transaction.atomic():
            count = search.rebuild_index(documents)
        self.stdout.write(f"{count} data dukung diindeks ulang.")
        if extract:
            queued = operations.requeue_extraction(revisions)
            self.stdout.write(f"{queued} revisi diantrekan untuk ekstraksi teks.")
