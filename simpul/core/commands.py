"""The base of every Simpul management command: argparse's refusals in Bahasa Indonesia.

argparse has no Indonesian catalogue, so `import_official_results abc` answered "invalid int
value". The parser below rewrites argparse's messages (Python 3.11 wording) before printing
them; the exit code stays 2.
"""

import datetime
import re
import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from .dates import EARLIEST_PLAN_YEAR, LATEST_DOCUMENT_YEAR

TYPE_NAMES = {"int": "bilangan bulat", "float": "bilangan", "Path": "jalur berkas"}


def _argument(name: str) -> str:
    return name.replace("/", " atau ")


def bahasa(message: str) -> str:
    """argparse's English message `message` in Bahasa Indonesia (unknown ones unchanged)."""
    prefix = ""
    found = re.match(r"argument (?P<name>[^:]+): (?P<rest>.*)$", message, re.S)
    if found:
        prefix = _("argumen %(name)s: ") % {"name": _argument(found["name"])}
        message = found["rest"]
    patterns = [
        (
            r"invalid (?P<type>\w+) value: (?P<value>.*)$",
            lambda m: (
                _("%(value)s bukan %(type)s yang sah")
                % {"value": m["value"], "type": TYPE_NAMES.get(m["type"], m["type"])}
            ),
        ),
        (
            r"invalid choice: (?P<value>.*?) \(choose from (?P<choices>.*)\)$",
            lambda m: (
                _("pilihan %(value)s tidak dikenal; pilih salah satu dari %(choices)s")
                % {"value": m["value"], "choices": m["choices"]}
            ),
        ),
        (
            r"the following arguments are required: (?P<names>.*)$",
            lambda m: _("argumen wajib belum diisi: %(names)s") % {"names": _argument(m["names"])},
        ),
        (
            r"unrecognized arguments: (?P<names>.*)$",
            lambda m: _("argumen tidak dikenal: %(names)s") % {"names": m["names"]},
        ),
        (r"expected one argument$", lambda m: _("perlu tepat satu nilai")),
        (r"expected at least one argument$", lambda m: _("perlu paling sedikit satu nilai")),
        (r"expected at most one argument$", lambda m: _("paling banyak satu nilai")),
        (
            r"expected (?P<count>\d+) arguments?$",
            lambda m: _("perlu %(count)s nilai") % {"count": m["count"]},
        ),
        (
            r"not allowed with argument (?P<other>.*)$",
            lambda m: _("tidak boleh dipakai bersama %(other)s") % {"other": m["other"]},
        ),
        (
            r"one of the arguments (?P<names>.*) is required$",
            lambda m: _("salah satu argumen %(names)s wajib diisi") % {"names": m["names"]},
        ),
        (
            r"ambiguous option: (?P<option>\S+) could match (?P<matches>.*)$",
            lambda m: (
                _("opsi %(option)s ambigu, bisa berarti %(matches)s")
                % {"option": m["option"], "matches": m["matches"]}
            ),
        ),
        (
            r"ignored explicit argument (?P<value>.*)$",
            lambda m: _("nilai %(value)s tidak dipakai oleh opsi ini") % {"value": m["value"]},
        ),
    ]
    for pattern, translate in patterns:
        matched = re.match(pattern, message, re.S)
        if matched:
            return prefix + translate(matched)
    return prefix + message


class BahasaParser(CommandParser):
    def format_usage(self) -> str:
        return super().format_usage().replace("usage: ", _("cara pakai: "), 1)

    def format_help(self) -> str:
        return (
            super()
            .format_help()
            .replace("usage: ", _("cara pakai: "), 1)
            .replace("\npositional arguments:\n", "\n" + _("argumen posisi:") + "\n", 1)
            .replace("\noptions:\n", "\n" + _("opsi:") + "\n", 1)
            .replace("show this help message and exit", _("tampilkan bantuan ini lalu keluar"))
        )

    def error(self, message: str):
        message = bahasa(message)
        if self.called_from_command_line:
            self.print_usage(sys.stderr)
            self.exit(
                2,
                _("%(prog)s: galat: %(message)s") % {"prog": self.prog, "message": message} + "\n",
            )
        raise CommandError(_("Galat: %(message)s") % {"message": message}, returncode=2)


class SimpulCommand(BaseCommand):
    """BaseCommand whose argument errors are in Bahasa Indonesia (exit code 2)."""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        # Django builds its CommandParser itself; adopt it with every argument already added.
        parser.__class__ = BahasaParser
        return parser


def check_reference_date(option: str, value: datetime.date) -> datetime.date:
    """A command's "today" option: a date whose reminders do not run past year 9999."""
    if not EARLIEST_PLAN_YEAR <= value.year <= LATEST_DOCUMENT_YEAR:
        raise CommandError(
            _("%(option)s harus tanggal antara tahun %(first)d dan %(last)d, bukan %(value)s.")
            % {
                "option": option,
                "first": EARLIEST_PLAN_YEAR,
                "last": LATEST_DOCUMENT_YEAR,
                "value": value.isoformat(),
            },
            returncode=2,
        )
    return value


def reference_date(option: str, text: str) -> datetime.date:
    """A command's "today" option read from YYYY-MM-DD, within check_reference_date's years."""
    try:
        value = datetime.date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(
            _("%(option)s harus tanggal YYYY-MM-DD, bukan “%(value)s”.")
            % {"option": option, "value": text},
            returncode=2,
        ) from error
    return check_reference_date(option, value)
