"""`manage.py capabilities`: the capability table in Markdown, as docs/access.md shows it."""

from django.core.management.base import BaseCommand
from django.utils import translation

from simpul.agencies.capabilities import markdown_table


class Command(BaseCommand):
    help = "Cetak tabel kapabilitas (peran mana boleh melakukan apa) dalam Markdown."

    def handle(self, *args, **options):
        with translation.override("id"):
            self.stdout.write(markdown_table(), ending="")
