"""Creates the demo agency, its units and one account per role. Refused unless DEBUG is on."""

from datetime import date, timedelta

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from simpul.accounts.models import User
from simpul.agencies.models import Agency, AgencyCategory, Helix, Membership, Role, TimeZone, Unit
from simpul.core.commands import SimpulCommand
from simpul.cycles import items
from simpul.cycles import operations as cycle_operations
from simpul.cycles.models import Cycle, ItemVerdict, ReviewStage, Stage
from simpul.cycles.suggestions import suggested_units
from simpul.evidence.models import DocumentType, EvidencePurpose
from simpul.evidence.operations import link_evidence, register_link
from simpul.frameworks.models import Framework

DEMO_PASSWORD = "simpul-demo"

DEMO_AGENCY = {
    "name": "Pemerintah Kabupaten Natuna (demo)",
    "short_code": "natuna-demo",
    "category": AgencyCategory.REGENCY,
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
    ("mitra", "Mitra Akademisi (demo)", Role.PARTNER, None, Helix.ACADEMIA, "Universitas (demo)"),
    ("asesor-eksternal", "Asesor Eksternal (demo)", Role.EXTERNAL_ASSESSOR, None, "", ""),
]
# In WITA, so switching agencies in the demo shows meeting times in another zone.
SECOND_AGENCY = {
    "name": "Pemerintah Kota Contoh (demo)",
    "short_code": "kota-contoh-demo",
    "category": AgencyCategory.CITY,
    "province": "Sulawesi Selatan",
    "time_zone": TimeZone.WITA,
}


class Command(SimpulCommand):
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
        self.load_cycles(agency)
        platform = self.demo_user("platform", "Staf Platform (demo)")
        platform.is_staff = True
        platform.is_superuser = True
        platform.save(update_fields=["is_staff", "is_superuser"])

    def load_cycles(self, agency: Agency) -> None:
        """Last year's cycle, finished with official results, and this year's copy in progress."""
        if agency.cycles.exists():
            return
        admin = Membership.objects.get(agency=agency, user__username="admin", role=Role.ADMIN)
        framework = Framework.objects.get(code="spbe-2020")
        last = cycle_operations.open_cycle(
            agency, year=2024, framework=framework, include_visit=False, user=admin.user
        )
        levels = {}
        for answer in last.answers.select_related("indicator"):
            levels[answer.indicator.code] = demo_level(answer.indicator.number)
            cycle_operations.save_answer(
                answer,
                membership=admin,
                version=answer.version,
                self_level=levels[answer.indicator.code],
                fact="Data demo: dokumen, pasal dan halaman yang membuktikan tingkat ini.",
                analysis="Data demo: kriteria tingkat yang dipenuhi.",
            )
        cycle_operations.lock_self_assessment(last, membership=admin)
        for _stage in [Stage.DOCUMENT, Stage.INTERVIEW, Stage.FINAL]:
            last = cycle_operations.advance_stage(last, membership=admin)
        official = {
            answer.indicator.code: official_level(answer.indicator.number)
            for answer in last.answers.select_related("indicator")
        }
        cycle_operations.import_official_results(last, official, user=admin.user)
        current = cycle_operations.open_cycle(
            agency,
            year=2025,
            framework=framework,
            include_visit=False,
            user=admin.user,
            copy_from=last,
        )
        units = [(u.pk, u.name, u.short_name) for u in agency.units.all()]
        by_pk = {u.pk: u for u in agency.units.all()}
        respondent = User.objects.get(username="responden")
        due = date.today() + timedelta(days=30)
        for answer in current.answers.select_related("indicator"):
            chosen = [
                by_pk[pk] for pk in suggested_units(answer.indicator.typical_owner_units, units)
            ]
            owners = chosen or [by_pk[pk] for pk, _n, short in units if short == "Diskominfo"]
            pic = respondent if any(u.short_name == "Bappeda" for u in owners) else admin.user
            cycle_operations.assign_answers(
                current, [answer], membership=admin, units=owners, pic=pic, due_date=due
            )
        perbup = register_link(
            agency,
            url="https://jdih.natunakab.go.id/",
            title="Peraturan Bupati tentang SPBE (contoh demo)",
            document_type=DocumentType.REGULATION,
            number="Perbup Natuna (demo)",
            issued_on=date(2023, 3, 1),
            effective_on=date(2023, 3, 1),
            issuing_unit=None,
            user=admin.user,
        )
        first = current.answers.get(indicator__number=1)
        link_evidence(first, perbup, level=2, purpose=EvidencePurpose.GENERAL, user=admin.user)
        pemdi = Framework.objects.filter(code="pemdi-2026").first()
        if pemdi is not None:
            self.load_pemdi_cycle(agency, current, pemdi, admin)

    def load_pemdi_cycle(self, agency: Agency, spbe: Cycle, pemdi: Framework, admin) -> None:
        """2026 on the Indeks Pemdi, opened from the 2025 SPBE cycle through the mapping.

        Items are marked ready and reviewed by the internal assessor in the pattern of a real
        first round (Kab. Aceh Tengah, Penilaian Tahap 1, 2026): the self-assessment is about
        1.4 and the internal assessors' value about 1.3, as the 2026 results were.
        """
        cycle = cycle_operations.open_cycle(
            agency, year=2026, framework=pemdi, include_visit=False, user=admin.user, copy_from=spbe
        )
        assessor = Membership.objects.get(agency=agency, role=Role.INTERNAL_ASSESSOR)
        answers = {a.indicator.code: a for a in cycle.answers.select_related("indicator")}
        documents = {}
        for code, verdict, reason, comment in DEMO_PEMDI_ITEMS:
            indicator = code.split("-")[0]
            answer = answers[indicator]
            if indicator not in documents:
                documents[indicator] = register_link(
                    agency,
                    url=f"https://dokumen.natunakab.go.id/pemdi-2026/{indicator.lower()}",
                    title=f"Data dukung {indicator} 2026 (contoh demo)",
                    document_type=DocumentType.OTHER,
                    issued_on=date(2026, 7, 1),
                    user=admin.user,
                )
            items.link_item_evidence(answer, code, documents[indicator], membership=admin)
            items.mark_item_ready(answer, code, ready=True, membership=admin)
            items.review_item(
                answer,
                code,
                stage=ReviewStage.INTERNAL,
                verdict=verdict,
                reason=reason,
                comment=comment,
                membership=assessor,
            )
        items.record_external_score(
            cycle,
            "I5",
            score="30.5",
            year=2025,
            source_url="https://satudata.natunakab.go.id/indeks-sdi-2025",
            note="Contoh demo: skor Indeks Satu Data Indonesia 2025.",
            membership=admin,
        )

    def demo_user(self, username: str, full_name: str) -> User:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"email": f"{username}@demo.simpul.invalid", "full_name": full_name},
        )
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        return user


NOT_RIGHT, NOT_UPLOADED = "not_right", "not_uploaded"
ACCEPTED, REVISION = ItemVerdict.ACCEPTED, ItemVerdict.REVISION
# (item, verdict, revision reason, assessor's comment): the shape of a first review round.
DEMO_PEMDI_ITEMS = [
    *((code, ACCEPTED, "", "") for code in (
        "I1-L1-01", "I1-L2-01", "I1-L2-03", "I2-L1-01", "I2-L1-02", "I3-L1-01", "I3-L1-02",
        "I4-L1-01", "I4-L1-03", "I11-L1-01", "I12-L1-01", "I13-L1-01", "I17-L1-01",
        "I17-L1-02", "I17-L2-01", "I17-L2-02", "I20-L1-01", "I20-L1-02",
    )),
    ("I1-L2-02", REVISION, NOT_RIGHT, "Semestinya kegiatan kolaboratif Tim Koordinasi Pemdi."),
    ("I4-L1-02", REVISION, NOT_RIGHT, "RKA belum memuat rencana kolaborasi antarunit kerja."),
    ("I9-L1-01", REVISION, NOT_RIGHT, "Semestinya SK Tim Auditor Internal Pemerintah Digital."),
    ("I10-L1-01", REVISION, NOT_RIGHT, "Semestinya hasil IKASANDI paling lama 1 tahun terakhir."),
    ("I13-L1-02", REVISION, NOT_RIGHT, "DPA belum memuat kegiatan pengembangan aplikasi."),
    ("I8-L1-01", REVISION, NOT_UPLOADED, ""),
    ("I12-L1-02", REVISION, NOT_UPLOADED, ""),
    ("I14-L1-01", REVISION, NOT_UPLOADED, ""),
    ("I20-L1-03", REVISION, NOT_UPLOADED, ""),
]  # fmt: skip


# The final levels of 2024, I01…I47: the exact index is 3.6125 and the domains 4.00, 3.40,
# 2.73 and 3.94, as KemenPANRB published for Kab. Natuna (national-results-2024.csv), so the
# demo never shows two different official results for one year.
OFFICIAL_2024 = "34324455553432434245113243423434324344555432555"


def official_level(number: int) -> int:
    return int(OFFICIAL_2024[number - 1])


def demo_level(number: int) -> int:
    """A plausible, fixed level per indicator number for the demo's last year."""
    return [4, 3, 4, 3, 2, 4, 3, 4, 2, 3][number % 10]
