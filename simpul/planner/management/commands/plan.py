import csv
import io
import json
import re
from pathlib import Path

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from simpul.core.commands import SimpulCommand
from simpul.frameworks.checking import loads_json
from simpul.frameworks.management.commands.score import read_levels_file
from simpul.frameworks.models import Framework
from simpul.frameworks.scoring import ScoreInputError
from simpul.planner.inputs import plan_request

_INTEGER = re.compile(r"[+-]?\d+")
COST_HEADERS = (["indicator", "effort"], ["indicator", "from", "to", "effort"], ["item", "effort"])
CURRENT_KEYS = {"framework", "levels", "items", "external", "values"}
RULE_HEADER = ["indicator", "max_level", "requires", "min_level"]


class Command(SimpulCommand):
    help = (
        "Mencari kenaikan tingkat dengan upaya terkecil untuk mencapai target indeks (tepat, "
        "bukan perkiraan). Hasil atau galat dicetak sebagai JSON; masukan yang salah berakhir "
        "dengan status 2. Format berkas: docs/planner.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--framework", help="kode versi kerangka, misalnya spbe-2020")
        parser.add_argument(
            "--current",
            type=Path,
            required=True,
            help="keadaan awal: .csv atau .json (seperti score: levels, atau items dan external)",
        )
        goal = parser.add_mutually_exclusive_group(required=True)
        goal.add_argument("--target", help='indeks (3.5) atau predikat ("Sangat Baik")')
        goal.add_argument(
            "--years", nargs="+", metavar="TARGET", help="peta jalan: satu target per tahun"
        )
        parser.add_argument(
            "--costs",
            type=Path,
            help="upaya: CSV indicator,from,to,effort, indicator,effort atau item,effort",
        )
        parser.add_argument("--effort-unit", help="satuan upaya, mis. hari kerja atau rupiah")
        parser.add_argument(
            "--max-steps", help="kenaikan tingkat paling banyak per indikator per tahun"
        )
        parser.add_argument("--lock", help="indikator yang dikunci, mis. 3,7 atau I03,I07")
        parser.add_argument(
            "--rules",
            type=Path,
            help="aturan prasyarat: CSV indicator,max_level,requires,min_level",
        )
        parser.add_argument(
            "--suggested-rules", action="store_true", help="pakai aturan usulan kerangka ini"
        )

    def handle(self, *args: object, **options: object) -> None:
        lines: dict[str, list[int]] = {}
        try:
            document = self.request(options, lines)
            result = plan_request(document, Framework.objects.engine, options["framework"])
        except ScoreInputError as exc:
            error = _with_line(exc, lines)
            self.stdout.write(json.dumps(error.as_json(), ensure_ascii=False, indent=2))
            raise CommandError(error.message, returncode=2) from exc
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))

    def request(self, options: dict, lines: dict[str, list[int]]) -> dict:
        """The command line as a POST /api/v1/plan document; CSV line numbers into `lines`."""
        current = _renamed(read_levels_file, options["current"], "current")
        if not isinstance(current, dict) or set(current) - CURRENT_KEYS:
            raise ScoreInputError(
                "current",
                _(
                    'Berkas keadaan awal harus {"levels": {...}} atau CSV indicator,level '
                    '(kerangka bertingkat), atau {"items": {...}, "external": {...}} '
                    "(kerangka per butir)."
                ),
            )
        document = dict(current)
        if options["target"] is not None:
            document["target"] = options["target"]
        else:
            document["years"] = options["years"]
        if options["costs"] is not None:
            document["costs"] = _rows(options["costs"], "costs", COST_HEADERS, lines)
        if options["effort_unit"] is not None:
            document["effort_unit"] = options["effort_unit"]
        if options["max_steps"] is not None:
            text = options["max_steps"].strip()
            document["max_steps"] = int(text) if _INTEGER.fullmatch(text) else text
        if options["lock"] is not None:
            document["locks"] = [part.strip() for part in options["lock"].split(",")]
        if options["rules"] is not None:
            document["rules"] = _rows(options["rules"], "rules", (RULE_HEADER,), lines)
        if options["suggested_rules"]:
            document["suggested_rules"] = True
        return document


def _renamed(read, path: Path, field: str) -> object:
    try:
        return read(path)
    except ScoreInputError as exc:
        raise ScoreInputError(field, exc.message) from exc


def _read_text(path: Path, field: str) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError as exc:
        raise ScoreInputError(
            field, _("Berkas %(path)s tidak ditemukan.") % {"path": path}
        ) from exc
    except OSError as exc:
        raise ScoreInputError(
            field,
            _("Berkas %(path)s tidak dapat dibaca: %(error)s.")
            % {"path": path, "error": exc.strerror or exc},
        ) from exc
    except UnicodeDecodeError as exc:
        raise ScoreInputError(
            field, _("Berkas %(path)s bukan teks UTF-8.") % {"path": path}
        ) from exc


def _rows(
    path: Path, field: str, headers: tuple[list[str], ...], lines: dict[str, list[int]]
) -> object:
    """A costs or rules file as the request's list: JSON as written ({field: [...]} or a
    list), CSV as one object per row with its line number noted in `lines[field]`."""
    text = _read_text(path, field)
    if path.suffix.lower() == ".json" or (
        path.suffix.lower() != ".csv" and text.lstrip().startswith(("{", "["))
    ):
        try:
            document = loads_json(text)
        except ValueError as exc:
            raise ScoreInputError(
                field, _("Berkas bukan JSON yang sah: %(error)s.") % {"error": exc}
            ) from exc
        if isinstance(document, dict) and set(document) == {field}:
            return document[field]
        return document
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    rows: list[dict[str, object]] = []
    lines[field] = []
    try:
        for row in reader:
            cells = [cell.strip() for cell in row]
            if not any(cells):
                continue
            if header is None:
                header = [cell.lower() for cell in cells]
                if header not in headers:
                    expected = _(" atau ").join(",".join(h) for h in headers)
                    raise ScoreInputError(
                        field,
                        _("Baris pertama CSV harus berupa kepala kolom: %(header)s.")
                        % {"header": expected},
                    )
                continue
            if len(cells) != len(header):
                raise ScoreInputError(
                    field,
                    _("Baris %(line)s: harus tepat %(count)s kolom (%(header)s).")
                    % {"line": reader.line_num, "count": len(header), "header": ",".join(header)},
                )
            # An empty cell is a column not given (e.g. from,to empty: every step).
            rows.append(
                {
                    key: int(cell) if key != "effort" and _INTEGER.fullmatch(cell) else cell
                    for key, cell in zip(header, cells, strict=True)
                    if cell
                }
            )
            lines[field].append(reader.line_num)
    except csv.Error as exc:
        raise ScoreInputError(
            field,
            _("CSV tidak sah pada baris %(line)s: %(error)s.")
            % {"line": reader.line_num, "error": exc},
        ) from exc
    if header is None:
        raise ScoreInputError(field, _("Berkas CSV %(path)s kosong.") % {"path": path})
    return rows


def _with_line(error: ScoreInputError, lines: dict[str, list[int]]) -> ScoreInputError:
    """An error about row k of a CSV file, reported as that file's line number."""
    match = re.fullmatch(r"(costs|rules)\[(\d+)\](?:\.(\w+))?", error.field)
    if match is None or match.group(1) not in lines:
        return error
    field, row, column = match.group(1), int(match.group(2)), match.group(3)
    where = _("Baris %(line)s") % {"line": lines[field][row]}
    if column:
        where += _(", kolom %(column)s") % {"column": column}
    # Other rows the message points at are lines too.
    message = re.sub(
        rf"{field}\[(\d+)\]",
        lambda other: _("baris %(line)s") % {"line": lines[field][int(other.group(1))]},
        error.message,
    )
    return ScoreInputError(field, f"{where}: {message}")
