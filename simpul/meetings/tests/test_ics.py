from simpul.meetings import ics
from simpul.meetings.tests.conftest import at, schedule


def test_the_ics_reads_back_with_utc_times_and_escaped_text(personas):
    meeting = schedule(
        personas,
        at(2026, 3, 10, 9),
        title="Forum; kolaborasi, SPBE \\ Natuna",
        place="Aula Bappeda, Lt. 2",
    )
    data = ics.meeting_ics(meeting, url="https://simpul.example/rapat/1/")
    (event,) = ics.parse_ics(data)
    assert event["DTSTART"] == "20260310T020000Z"  # 09:00 WIB
    assert event["DTEND"] == "20260310T040000Z"
    assert ics.unescape(event["SUMMARY"]) == "Forum; kolaborasi, SPBE \\ Natuna"
    assert ics.unescape(event["LOCATION"]) == "Aula Bappeda, Lt. 2"
    assert event["UID"] == f"rapat-{meeting.pk}@natuna.simpul"
    assert "Arsitektur SPBE" in ics.unescape(event["DESCRIPTION"])
    assert data.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")


def test_long_lines_are_folded_at_75_octets_without_breaking_characters(personas):
    title = "Rapat koordinasi percepatan transformasi digital pemerintahan – ÉÉÉ " * 3
    meeting = schedule(personas, title=title.strip()[:200])
    data = ics.meeting_ics(meeting)
    for line in data.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # every folded piece is still valid UTF-8
    (event,) = ics.parse_ics(data)
    assert ics.unescape(event["SUMMARY"]) == meeting.title
