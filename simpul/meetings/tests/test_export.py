import io

import pytest
from pypdf import PdfReader

from simpul.agencies.models import Helix
from simpul.cycles.models import Answer, AnswerStatus
from simpul.evidence.models import DocumentType, EvidenceLink
from simpul.meetings import operations
from simpul.meetings.models import MinutesStatus
from simpul.meetings.operations import MeetingError
from simpul.meetings.pdf import minutes_pdf


@pytest.fixture
def approved(personas, meeting):
    admin = personas.admin_membership
    operations.check_in(meeting, personas.partner_membership, membership=admin)
    operations.add_guest(
        meeting,
        membership=admin,
        name="Siti Aminah",
        organisation="Universitas Maritim",
        helix=Helix.ACADEMIA,
    )
    item = meeting.agenda.get()
    operations.save_minutes(meeting, membership=admin, items={item.pk: "Peta rencana dibahas."})
    operations.record_decision(item, membership=admin, text="Membentuk Tim Koordinasi SPBE")
    meeting.chair = personas.leader_membership
    meeting.save()
    return operations.move_minutes(meeting, MinutesStatus.APPROVED, membership=admin)


def text_of(data: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())  # table cells wrap; compare words, not lines


def test_the_pdf_holds_header_minutes_decisions_attendees_and_signatures(approved):
    text = text_of(minutes_pdf(approved))
    for expected in (
        "PEMERINTAH KABUPATEN NATUNA",
        "NOTULEN RAPAT",
        "Peta rencana dibahas.",
        "Membentuk Tim Koordinasi SPBE",
        "DAFTAR HADIR",
        "Partner",
        "Siti Aminah",
        "Universitas Maritim",
        "Pimpinan rapat,",
        "Leader",
    ):
        assert expected in text


def test_export_keeps_the_pdf_as_evidence_linked_to_indicators_19_and_20(personas, approved, cycle):
    result = operations.export_minutes(
        approved, membership=personas.admin_membership, indicator_codes=["i19", "I20"]
    )
    assert result.refused == []
    assert result.evidence.document_type == DocumentType.MINUTES
    links = EvidenceLink.objects.filter(evidence=result.evidence).select_related(
        "answer__indicator"
    )
    assert sorted((link.answer.indicator.code, link.level) for link in links) == [
        ("I19", 1),
        ("I20", 1),
    ]
    approved.refresh_from_db()
    assert approved.evidence == result.evidence


def test_export_uses_the_answers_self_level(personas, approved, cycle):
    Answer.objects.filter(cycle=cycle, indicator__code="I19").update(self_level=3)
    operations.export_minutes(
        approved, membership=personas.admin_membership, indicator_codes=["I19"]
    )
    assert EvidenceLink.objects.get().level == 3


def test_a_submitted_answer_keeps_the_pdf_in_the_library_and_says_so(personas, approved, cycle):
    Answer.objects.filter(cycle=cycle, indicator__code="I20").update(status=AnswerStatus.SUBMITTED)
    result = operations.export_minutes(
        approved, membership=personas.admin_membership, indicator_codes=["I19", "I20"]
    )
    assert result.linked == ["I19"]
    assert "indikator I20 tidak dapat diubah" in result.refused[0]
    assert result.evidence.pk


def test_export_needs_approved_minutes_and_known_indicators(personas, meeting, approved, cycle):
    with pytest.raises(MeetingError, match="Indikator I99 tidak ada di periode 2026"):
        operations.export_minutes(
            approved, membership=personas.admin_membership, indicator_codes=["I99"]
        )
    draft = operations.schedule_meeting  # a fresh meeting is a draft
    from .conftest import schedule

    other = schedule(personas)
    with pytest.raises(MeetingError, match="harus disetujui pimpinan rapat"):
        operations.export_minutes(
            other, membership=personas.admin_membership, indicator_codes=["I19"]
        )
    assert draft


def test_on_a_pemdi_cycle_the_minutes_go_to_the_collaboration_items_of_i4(
    personas, approved, cycle, as_user
):
    from django.urls import reverse

    from simpul.cycles.operations import open_cycle
    from simpul.frameworks.models import Framework

    framework = Framework.objects.get(code="pemdi-2026")
    assert framework.spec().collaboration == ("I4-L1-03", "I4-L2-02", "I4-L3-02")
    open_cycle(personas.agency_a, year=2027, framework=framework, include_visit=False, user=None)
    page = as_user(personas.admin).get(reverse("meetings:detail", args=[approved.pk]))
    assert 'value="I4-L1-03, I4-L2-02, I4-L3-02"' in page.content.decode()
    result = operations.export_minutes(
        approved, membership=personas.admin_membership, indicator_codes=["I4-L1-03", "I4-L3-02"]
    )
    assert result.linked == ["I4-L1-03", "I4-L3-02"] and result.refused == []
    links = EvidenceLink.objects.filter(evidence=result.evidence).select_related("item")
    assert sorted(link.item.code for link in links) == ["I4-L1-03", "I4-L3-02"]
