"""The "Paket Unggah" of a cycle: every linked evidence file, ready for the national application.

    I01/L2-01-perbup-arsitektur-spbe.pdf    evidence per indicator, "L<level>-<nn>-<title>"
    I13/L1-02/01-kak-aplikasi.pdf           frameworks valued item by item: a folder per item
    tautan.txt                             documents that are links, per indicator and level
    daftar-data-dukung.xlsx                per indicator: level, explanation, file names

Names depend only on the data (indicator, level, link order, title), so the same cycle gives the
same names every time. The ZIP is written to a temporary file, never held in memory.
"""

import shutil
import tempfile
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from typing import IO

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from simpul.core.spreadsheets import safe_row
from simpul.cycles.models import Answer, Cycle

from .files import slug_for_package
from .models import EvidenceLink
from .storage import evidence_storage

LINKS_FILE = "tautan.txt"
LISTING_FILE = "daftar-data-dukung.xlsx"
MISSING_FILE = "berkas-tidak-ditemukan.txt"
COPY_CHUNK = 1024 * 1024


@dataclass
class PackageEntry:
    answer: Answer
    link: EvidenceLink
    path: str  # inside the ZIP; empty for links


def package_name(cycle: Cycle) -> str:
    return f"paket-unggah-{cycle.agency.short_code}-{cycle.year}.zip"


def package_entries(cycle: Cycle) -> tuple[list[Answer], dict[int, list[PackageEntry]]]:
    """The answers of the cycle in indicator order, and their evidence with stable paths."""
    links = EvidenceLink.objects.select_related("evidence__current_revision", "item").order_by(
        "level", "pk"
    )
    answers = list(
        Answer.objects.filter(cycle=cycle)
        .select_related("indicator")
        .prefetch_related(Prefetch("evidence_links", queryset=links))
        .order_by("indicator__number")
    )
    entries: dict[int, list[PackageEntry]] = defaultdict(list)
    for answer in answers:
        per_level: dict[int, int] = defaultdict(int)
        per_item: dict[int, int] = defaultdict(int)
        for link in answer.evidence_links.all():
            revision = link.evidence.current_revision
            path = ""
            if not link.evidence.is_link and revision is not None:
                extension = revision.download_name.rsplit(".", 1)[-1].lower()
                slug = slug_for_package(link.evidence.title)
                if link.item_id is not None:
                    per_item[link.item_id] += 1
                    path = (
                        f"{_folder(answer)}/{_item_folder(answer, link.item.code)}/"
                        f"{per_item[link.item_id]:02d}-{slug}.{extension}"
                    )
                else:
                    per_level[link.level] += 1
                    path = (
                        f"{answer.indicator.code}/L{link.level}-{per_level[link.level]:02d}-"
                        f"{slug}.{extension}"
                    )
            entries[answer.pk].append(PackageEntry(answer, link, path))
    return answers, entries


def _folder(answer: Answer) -> str:
    """The indicator's folder: "I01" for I1 as the portal numbers them, else the code."""
    code = answer.indicator.code
    if code[:1] == "I" and code[1:].isdigit():
        return f"I{int(code[1:]):02d}"
    return code


def _item_folder(answer: Answer, code: str) -> str:
    """An item's folder inside its indicator's: "L1-01" for I1-L1-01."""
    prefix = f"{answer.indicator.code}-"
    return code[len(prefix) :] if code.startswith(prefix) else code


def build_package(cycle: Cycle) -> IO[bytes]:
    """Write the package to an anonymous temporary file and return it, rewound.

    The caller closes it (FileResponse does), which deletes it.
    """
    output = tempfile.TemporaryFile()  # noqa: SIM115 - handed over open, see above
    try:
        _write_package(output, cycle)
    except BaseException:
        output.close()
        raise
    output.seek(0)
    return output


def _write_package(output: IO[bytes], cycle: Cycle) -> None:
    answers, entries = package_entries(cycle)
    missing = []
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for answer in answers:
            for entry in entries[answer.pk]:
                if entry.path and not _add_file(archive, entry):
                    missing.append(entry.path)
        archive.writestr(LINKS_FILE, _links_text(answers, entries))
        if missing:
            note = _("Berkas berikut tidak ditemukan di penyimpanan saat paket dibuat:")
            archive.writestr(MISSING_FILE, "\n".join([note, *missing]) + "\n")
        with tempfile.TemporaryFile() as listing:
            _write_listing(listing, answers, entries)
            listing.seek(0)
            with archive.open(LISTING_FILE, "w") as target:
                shutil.copyfileobj(listing, target, COPY_CHUNK)


def _add_file(archive: zipfile.ZipFile, entry: PackageEntry) -> bool:
    """Copy one evidence file into the ZIP in chunks; False when the storage has lost it."""
    revision = entry.link.evidence.current_revision
    uploaded_at = timezone.localtime(revision.uploaded_at).timetuple()[:6]
    # Documents are already compressed (PDF, Office, images): store them as they are.
    info = zipfile.ZipInfo(entry.path, date_time=uploaded_at)
    info.compress_type = zipfile.ZIP_STORED
    try:
        source = evidence_storage.open(revision.file.name, "rb")
    except FileNotFoundError:
        return False
    with source, archive.open(info, "w", force_zip64=True) as target:
        shutil.copyfileobj(source, target, COPY_CHUNK)
    return True


def _links_text(answers: list[Answer], entries: dict[int, list[PackageEntry]]) -> str:
    lines = [_("Data dukung berupa tautan, per indikator dan tingkat."), ""]
    for answer in answers:
        for entry in entries[answer.pk]:
            if entry.link.evidence.is_link:
                evidence = entry.link.evidence
                where = f"{_('tingkat')} {entry.link.level}"
                if entry.link.item_id is not None:
                    where = f"{_('butir')} {entry.link.item.code}"
                lines.append(
                    f"{answer.indicator.code} · {where} · {evidence.title}: {evidence.url}"
                )
    if len(lines) == 2:
        lines.append(_("(tidak ada tautan)"))
    return "\n".join(lines) + "\n"


def _write_listing(
    target: IO[bytes], answers: list[Answer], entries: dict[int, list[PackageEntry]]
) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Data dukung")
    headers = [
        _("Kode"),
        _("Indikator"),
        _("Tingkat (penilaian mandiri)"),
        _("Status"),
        _("Penjelasan: fakta"),
        _("Penjelasan: analisis"),
        _("Berkas data dukung"),
        _("Tautan"),
    ]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for answer in answers:
        own = entries[answer.pk]
        sheet.append(
            safe_row(
                [
                    answer.indicator.code,
                    answer.indicator.name,
                    answer.self_level,
                    answer.get_status_display(),
                    answer.fact,
                    answer.analysis,
                    "\n".join(entry.path for entry in own if entry.path),
                    "\n".join(
                        entry.link.evidence.url for entry in own if entry.link.evidence.is_link
                    ),
                ]
            )
        )
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap
    for column, width in zip("ABCDEFGH", (8, 45, 12, 14, 60, 60, 50, 40), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    workbook.save(target)
