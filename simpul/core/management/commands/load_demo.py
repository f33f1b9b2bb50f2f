"""Creates the demo agency, its units and one account per role. Refused unless DEBUG is on."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from simpul.accounts.models import User
from simpul.agencies.models import Agency, AgencyCategory, Helix, Membership, Role, Unit

DEMO_PASSWORD = "simpul-demo"

DEMO_AGENCY = {
    "name": "Pemerintah Kabupaten Natuna (demo)",
    "short_code": "natuna-demo",
    "category": AgencyCategory.KABUPATEN,
    "province": "Kepulauan Riau",
}
DEMO_UNITS = [
    ("Dinas Komunikasi dan Informatika", "Diskominfo"),
    ("Badan Perencanaan Pembangunan Daerah", "Bappeda"),
    ("Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "BKPSDM"),
    ("Inspektorat Daerah", "Inspektorat"),
    ("Bagian Hukum Sekretariat Daerah", "Bag. Hukum"),
    ("Bagian Organisasi Sekretariat Daerah", "Bag. Organisasi"),
]
# username, full name, role, unit short name, helix, organisation
DEMO_PEOPLE = [
    ("admin", "Koordinator SPBE (demo)", Role.ADMIN, "Diskominfo", "", ""),
    ("responden", "Responden Bappeda (demo)", Role.RESPONDENT, "Bappeda", "", ""),
    ("asesor", "Asesor Internal (demo)", Role.INTERNAL_ASSESSOR, "Inspektorat", "", ""),
    ("pimpinan", "Sekretaris Daerah (demo)", Role.LEADER, None, "", ""),
    ("mitra", "Mitra Akademisi (demo)", Role.PARTNER, None, Helix.AKADEMISI, "Universitas (demo)"),
    ("asesor-eksternal", "Asesor Eksternal (demo)", Role.EXTERNAL_ASSESSOR, None, "", ""),
]
SECOND_AGENCY = {
    "name": "Pemerintah Kota Contoh (demo)",
    "short_code": "kota-contoh-demo",
    "category": AgencyCategory.KOTA,
    "province": "Kepulauan Riau",
}


class Command(BaseCommand):
    help = "Memuat data demo: instansi Natuna (demo), unit kerja dan satu akun per peran."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Data demo hanya boleh dimuat dengan DEBUG=1; akun demo tidak pernah dibuat "
                "pada pengaturan produksi.",
                returncode=2,
            )
        call_command("load_frameworks", verbosity=0)
        with transaction.atomic():
            self.load()
        if options["verbosity"]:
            self.stdout.write(
                self.style.SUCCESS("Data demo siap. Kata sandi semua akun demo: ") + DEMO_PASSWORD
            )

    def load(self) -> None:
        agency, _ = Agency.objects.update_or_create(
            short_code=DEMO_AGENCY["short_code"], defaults=DEMO_AGENCY
        )
        units = {}
        for name, short in DEMO_UNITS:
            units[short], _ = Unit.objects.get_or_create(
                agency=agency, name=name, defaults={"short_name": short}
            )
        for username, full_name, role, unit, helix, organisation in DEMO_PEOPLE:
            user = self.demo_user(username, full_name)
            Membership.objects.update_or_create(
                user=user,
                agency=agency,
                role=role,
                defaults={
                    "unit": units.get(unit),
                    "helix": helix,
                    "organisation": organisation,
                    "is_active": True,
                },
            )
        # A second tenant shows agency switching and proves tenants stay apart.
        other, _ = Agency.objects.update_or_create(
            short_code=SECOND_AGENCY["short_code"], defaults=SECOND_AGENCY
        )
        Unit.objects.get_or_create(
            agency=other,
            name="Dinas Komunikasi dan Informatika",
            defaults={"short_name": "Diskominfo"},
        )
        Membership.objects.get_or_create(
            user=User.objects.get(username="admin"), agency=other, role=Role.RESPONDENT
        )
        platform = self.demo_user("platform", "Staf Platform (demo)")
        platform.is_staff = True
        platform.is_superuser = True
        platform.save(update_fields=["is_staff", "is_superuser"])

    def demo_user(self, username: str, full_name: str) -> User:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"email": f"{username}@demo.simpul.invalid", "full_name": full_name},
        )
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        return user
