import csv
import io
import json
import re
from pathlib import Path

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from simpul.core.commands import SimpulCommand
from simpul.frameworks.checking import JsonObject, json_object, loads_json
from simpul.frameworks.models import Framework
from simpul.frameworks.scoring import ScoreInputError, score_request

_INTEGER = re.compile(r"[+-]?\d+")


class Command(SimpulCommand):
    help = (
        "Menghitung indeks dari tingkat per indikator. FILE berupa CSV (kepala kolom "
        'indicator,level; indicator = nomor atau kode) atau JSON {"levels": {"1": 3}}. '
        "Hasil atau galat dicetak sebagai JSON; masukan yang salah berakhir dengan status 2."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="berkas .csv atau .json")
        parser.add_argument("--framework", help="kode versi kerangka, misalnya spbe-2020")

    def handle(self, *args: object, file: Path, framework: str | None, **options: object) -> None:
        try:
            document = read_levels_file(file)
            result = score_request(document, Framework.objects.engine, framework=framework)
        except ScoreInputError as exc:
            self.stdout.write(json.dumps(exc.as_json(), ensure_ascii=False, indent=2))
            raise CommandError(exc.message, returncode=2) from exc
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))


def read_levels_file(path: Path) -> object:
    """A levels file as a score request document: JSON as written, CSV as {"levels": …}."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError as exc:
        raise ScoreInputError(
            "file", _("Berkas %(path)s tidak ditemukan.") % {"path": path}
        ) from exc
    except OSError as exc:
        raise ScoreInputError(
            "file",
            _("Berkas %(path)s tidak dapat dibaca: %(error)s.")
            % {"path": path, "error": exc.strerror or exc},
        ) from exc
    except UnicodeDecodeError as exc:
        raise ScoreInputError(
            "file", _("Berkas %(path)s bukan teks UTF-8.") % {"path": path}
        ) from exc
    is_json = path.suffix.lower() == ".json" or (
        path.suffix.lower() != ".csv" and text.lstrip().startswith(("{", "["))
    )
    if is_json:
        try:
            return loads_json(text)
        except ValueError as exc:
            raise ScoreInputError(
                "file", _("Berkas bukan JSON yang sah: %(error)s.") % {"error": exc}
            ) from exc
    return {"levels": _levels_from_csv(text)}


def _levels_from_csv(text: str) -> JsonObject:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    pairs: list[tuple[str, object]] = []
    header_seen = False
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            cells = [cell.strip() for cell in row]
            if not header_seen:
                if [cell.lower() for cell in cells] != ["indicator", "level"]:
                    raise ScoreInputError(
                        "file", _("Baris pertama CSV harus berupa kepala kolom: indicator,level.")
                    )
                header_seen = True
                continue
            if len(cells) != 2:
                raise ScoreInputError(
                    "file",
                    _("Baris %(line)s: harus tepat dua kolom (indicator,level).")
                    % {"line": reader.line_num},
                )
            key, level = cells
            # An empty level cell means "not answered yet"; other text is reported as it is.
            value: object = level
            if level == "":
                value = None
            elif _INTEGER.fullmatch(level):
                value = int(level)
            pairs.append((key, value))
    except csv.Error as exc:
        raise ScoreInputError(
            "file",
            _("CSV tidak sah pada baris %(line)s: %(error)s.")
            % {"line": reader.line_num, "error": exc},
        ) from exc
    if not header_seen:
        raise ScoreInputError("file", _("Berkas CSV kosong; kepala kolom indicator,level wajib."))
    return json_object(pairs)
