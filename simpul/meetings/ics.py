"""An iCalendar (RFC 5545) invitation for one meeting, written by hand.

Times are stored aware and written in UTC (…Z), so a WITA or WIT agency's meeting lands at the
right instant in any calendar whatever its own zone (no VTIMEZONE needed); text is escaped and
lines are folded at 75 octets as the RFC requires, so calendar programs read Indonesian titles
intact.
"""

from datetime import UTC, datetime

from django.utils import timezone

from .models import Meeting

PRODID = "-//Simpul//Rapat Koordinasi SPBE//ID"


def escape(text: str) -> str:
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Split a content line into chunks of at most 75 octets, never inside a character."""
    chunks, current = [], b""
    limit = 75
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > limit:
            chunks.append(current.decode("utf-8"))
            current, limit = b"", 74  # continuation lines start with a space
        current += encoded
    chunks.append(current.decode("utf-8"))
    return "\r\n ".join(chunks)


def utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def meeting_uid(meeting: Meeting) -> str:
    return f"rapat-{meeting.pk}@{meeting.agency.short_code}.simpul"


def meeting_ics(meeting: Meeting, *, url: str = "", method: str = "REQUEST") -> bytes:
    location = meeting.place or meeting.online_link
    description = meeting.summary
    agenda = [item.title for item in meeting.agenda.all()]
    if agenda:
        description = "\n".join(filter(None, [description, "Agenda:", *agenda]))
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"METHOD:{method}",
        "BEGIN:VEVENT",
        f"UID:{meeting_uid(meeting)}",
        f"DTSTAMP:{utc(timezone.now())}",
        f"DTSTART:{utc(meeting.starts_at)}",
        f"DTEND:{utc(meeting.ends_at)}",
        f"SUMMARY:{escape(meeting.title)}",
    ]
    if location:
        lines.append(f"LOCATION:{escape(location)}")
    if description:
        lines.append(f"DESCRIPTION:{escape(description)}")
    if url:
        lines.append(f"URL:{url}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return ("\r\n".join(fold(line) for line in lines) + "\r\n").encode("utf-8")


def parse_ics(data: bytes) -> list[dict[str, str]]:
    """Unfold and read back the events (name → raw value): enough for tests and imports."""
    text = data.decode("utf-8").replace("\r\n ", "").replace("\r\n\t", "")
    events, current = [], None
    for line in text.split("\r\n"):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT" and current is not None:
            events.append(current)
            current = None
        elif current is not None and ":" in line:
            name, value = line.split(":", 1)
            current[name.split(";")[0]] = value
    return events


def unescape(value: str) -> str:
    out, chars = [], iter(value)
    for char in chars:
        if char == "\\":
            following = next(chars, "")
            out.append("\n" if following in "nN" else following)
        else:
            out.append(char)
    return "".join(out)
