"""List (and with --delete remove) stored files that no record names."""

from django.utils.translation import gettext as _

from simpul.core.commands import SimpulCommand
from simpul.core.files import orphans


class Command(SimpulCommand):
    help = "Daftar berkas tersimpan yang tidak dimiliki catatan mana pun; --delete menghapusnya."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--delete", action="store_true", help="hapus berkas yatim itu")

    def handle(self, *args, delete: bool = False, **options) -> None:
        found = orphans()
        for storage, name in found:
            if delete:
                storage.delete(name)
            self.stdout.write(name)
        if delete:
            self.stderr.write(_("%(n)s berkas yatim dihapus.") % {"n": len(found)})
        elif found:
            self.stderr.write(
                _("%(n)s berkas yatim. Jalankan dengan --delete untuk menghapusnya.")
                % {"n": len(found)}
            )
        else:
            self.stderr.write(_("Tidak ada berkas yatim."))
