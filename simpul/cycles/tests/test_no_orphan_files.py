"""A file uploaded and linked in one press leaves nothing behind when a later step is refused:
no document row and no file under MEDIA_ROOT (the answer page, and the library's upload for an
answer item)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from simpul.cycles import items, operations
from simpul.cycles.models import AnswerStatus, ItemVerdict, ReviewStage
from simpul.evidence.models import Evidence, EvidenceLink, EvidenceRevision
from simpul.evidence.tests.samples import pdf_bytes
from simpul.frameworks.operations import import_framework

from .conftest import answer_of, make_evidence


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def pdf(name="sk-tim-spbe.pdf", text="SK Tim SPBE") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(text), content_type="application/pdf")


def test_a_submission_refused_after_the_file_was_stored_leaves_no_file(as_user, personas, answer):
    # No level chosen for the answer: the file (for level 2) is stored and linked, then the
    # submission is refused, and the whole press is rolled back.
    response = as_user(personas.respondent).post(
        reverse("cycles:submit", args=[answer.pk]),
        {
            "version": answer.version,
            "self_level": "",
            "fact": "SK Bupati 4/2025",
            "analysis": "",
            "file": pdf(),
            "file_level": 2,
        },
    )
    assert response.status_code == 200
    assert "Pilih dan simpan tingkat terlebih dahulu" in response.content.decode()
    answer.refresh_from_db()
    assert (answer.status, answer.fact) == (AnswerStatus.DRAFT, "")
    assert not Evidence.objects.exists() and not EvidenceRevision.objects.exists()
    assert stored_files() == []


def test_the_same_press_accepted_keeps_its_file(as_user, personas, answer):
    """The counterpart: when nothing is refused, the stored file stays with its document."""
    as_user(personas.respondent).post(
        reverse("cycles:submit", args=[answer.pk]),
        {"version": answer.version, "self_level": 2, "fact": "SK", "file": pdf(), "file_level": 2},
    )
    revision = EvidenceRevision.objects.get()
    assert stored_files() == [Path(settings.MEDIA_ROOT) / revision.file.name]


@pytest.fixture
def i13(personas, shipped_specs):
    """Indicator I13 of a pemdi-2026 cycle (valued item by item), for the respondent's unit."""
    framework = import_framework(shipped_specs["pemdi-2026"]).framework
    cycle = operations.open_cycle(
        personas.agency_a, year=2026, framework=framework, include_visit=False, user=personas.admin
    )
    answer = answer_of(cycle, "I13")
    answer.units.add(personas.unit_a2)
    return answer


def test_an_upload_for_an_item_whose_link_is_refused_stores_nothing(as_user, personas, people, i13):
    # The item is accepted by the internal assessor: its evidence may no longer change. The
    # upload page does not know that before the file is stored; the link step refuses it.
    kept = make_evidence(personas.agency_a, "KAK Aplikasi 2026")
    items.link_item_evidence(i13, "I13-L1-01", kept, membership=people.respondent)
    items.review_item(
        i13, "I13-L1-01", stage=ReviewStage.INTERNAL, verdict=ItemVerdict.ACCEPTED,
        membership=people.assessor,
    )  # fmt: skip
    url = f"{reverse('evidence:upload')}?answer={i13.pk}&item=I13-L1-01"
    response = as_user(personas.respondent).post(
        url, {"file": pdf("kak.pdf", "KAK"), "title": "KAK baru", "document_type": "other"}
    )
    assert response.status_code == 200
    assert "sudah diterima asesor internal" in response.content.decode()
    assert list(Evidence.objects.all()) == [kept]
    assert EvidenceLink.objects.count() == 1
    assert stored_files() == []
