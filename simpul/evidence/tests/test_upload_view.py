"""The upload and link-registration pages: who may use them, and what a refused file shows."""

import pytest
from django.test import Client
from django.urls import reverse

from simpul.evidence.models import DocumentType, Evidence

from . import samples
from .conftest import stored_files

UPLOAD = reverse("evidence:upload")


def form(name: str, content: bytes, **extra) -> dict:
    data = {"file": samples.upload(name, content), "document_type": DocumentType.REGULATION}
    data.update(extra)
    return data


def test_the_admin_uploads_a_document_with_its_metadata(as_user, personas):
    client = as_user(personas.admin)
    data = form(
        "perbup.pdf",
        samples.pdf_bytes("Arsitektur SPBE"),
        title="Perbup Arsitektur SPBE",
        number="12 Tahun 2023",
        issued_on="2023-03-01",
        effective_on="2023-04-01",
        issuing_unit=personas.unit_a.pk,
    )
    response = client.post(UPLOAD, data)
    evidence = Evidence.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("evidence:detail", args=[evidence.pk])
    assert evidence.agency == personas.agency_a
    assert evidence.document_type == DocumentType.REGULATION
    assert evidence.number == "12 Tahun 2023"
    assert str(evidence.issued_on) == "2023-03-01" and str(evidence.effective_on) == "2023-04-01"
    assert evidence.issuing_unit == personas.unit_a
    assert evidence.created_by == personas.admin


def test_a_respondent_may_upload(as_user, personas):
    response = as_user(personas.respondent).post(
        UPLOAD, form("sop.docx", samples.docx_bytes("SOP"), title="SOP")
    )
    assert response.status_code == 302
    assert Evidence.objects.get().created_by == personas.respondent


@pytest.mark.parametrize("persona", ["assessor", "leader", "external", "partner"])
def test_readers_and_partners_cannot_upload(as_user, personas, persona):
    client = as_user(getattr(personas, persona))
    assert client.get(UPLOAD).status_code == 403
    response = client.post(UPLOAD, form("a.pdf", samples.pdf_bytes("A"), title="A"))
    assert response.status_code == 403
    assert not Evidence.objects.exists()


def test_people_without_a_membership_are_sent_home(as_user, personas):
    response = as_user(personas.nobody).get(UPLOAD)
    assert response.status_code == 302 and response.url == reverse("core:home")


def test_the_upload_refuses_a_post_without_the_csrf_token(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.admin)
    response = client.post(UPLOAD, form("a.pdf", samples.pdf_bytes("A"), title="A"))
    assert response.status_code == 403
    assert not Evidence.objects.exists()


def test_a_refused_file_is_named_on_the_form_and_nothing_is_kept(as_user, personas, media_root):
    response = as_user(personas.admin).post(
        UPLOAD, form("terkunci.pdf", samples.encrypted_pdf_bytes(), title="Rahasia")
    )
    assert response.status_code == 200
    assert "Berkas “terkunci.pdf” ditolak: PDF ini terenkripsi" in response.content.decode()
    assert not Evidence.objects.exists()
    assert stored_files(media_root) == []


def test_an_oversize_upload_is_stopped_while_it_arrives(as_user, personas, settings, media_root):
    settings.EVIDENCE_MAX_UPLOAD_SIZE = 4096
    content = samples.pdf_bytes("isi " * 3000)
    response = as_user(personas.admin).post(UPLOAD, form("besar.pdf", content, title="Besar"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Berkas “besar.pdf” ditolak: ukurannya melebihi batas 4,0" in page
    assert "wajib" not in page
    assert not Evidence.objects.exists()
    assert stored_files(media_root) == []


def test_a_second_upload_of_the_same_file_offers_the_existing_document(as_user, personas):
    content = samples.pdf_bytes("Perbup")
    client = as_user(personas.admin)
    client.post(UPLOAD, form("perbup.pdf", content, title="Perbup Arsitektur"))
    existing = Evidence.objects.get()
    response = client.post(UPLOAD, form("salinan.pdf", content, title="Salinan"))
    page = response.content.decode()
    assert "Dokumen ini sudah ada di pustaka." in page
    assert reverse("evidence:detail", args=[existing.pk]) in page
    assert Evidence.objects.count() == 1


def test_a_browser_path_in_the_file_name_is_dropped(as_user, personas):
    upload = samples.upload("x.pdf", samples.pdf_bytes("Perbup"))
    upload.name = "C:\\Users\\budi\\Perbup\u202e12.pdf"
    as_user(personas.admin).post(UPLOAD, {"file": upload, "document_type": "other"})
    assert Evidence.objects.get().current_revision.original_name == "Perbup12.pdf"


def test_a_link_is_registered_with_its_metadata(as_user, personas):
    url = "https://jdih.natunakab.go.id/perbup-12-2023"
    response = as_user(personas.respondent).post(
        reverse("evidence:register_link"),
        {"url": url, "title": "Perbup di JDIH", "document_type": DocumentType.REGULATION},
    )
    evidence = Evidence.objects.get()
    assert response.url == reverse("evidence:detail", args=[evidence.pk])
    assert evidence.url == url and evidence.is_link and evidence.current_revision is None


def test_a_link_registered_twice_offers_the_first(as_user, personas):
    client = as_user(personas.admin)
    data = {"url": "https://contoh.go.id/a", "title": "A", "document_type": "other"}
    client.post(reverse("evidence:register_link"), data)
    response = client.post(reverse("evidence:register_link"), {**data, "title": "B"})
    assert "sudah terdaftar sebagai “A”" in response.content.decode()
    assert Evidence.objects.count() == 1


def test_only_web_addresses_are_accepted_as_links(as_user, personas):
    response = as_user(personas.admin).post(
        reverse("evidence:register_link"),
        {"url": "javascript:alert(1)", "title": "X", "document_type": "other"},
    )
    assert response.status_code == 200
    assert not Evidence.objects.exists()


@pytest.mark.parametrize(
    ("dates", "message"),
    [
        ({"issued_on": "9999-12-31"}, "31 Desember 9999 tidak masuk akal"),
        ({"issued_on": "0001-01-01"}, "1 Januari 0001 tidak masuk akal"),
        ({"effective_on": "9999-12-31"}, "31 Desember 9999 tidak masuk akal"),
        (
            {"issued_on": "2024-05-02", "effective_on": "2024-05-01"},
            "Tanggal berlaku tidak boleh sebelum tanggal ditetapkan.",
        ),
    ],
)
def test_an_absurd_document_date_is_refused_at_the_form(as_user, personas, dates, message):
    data = {
        "url": "https://jdih.contoh.go.id/perbup-1",
        "title": "Perbup di JDIH",
        "document_type": DocumentType.REGULATION,
        **dates,
    }
    response = as_user(personas.admin).post(reverse("evidence:register_link"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Evidence.objects.exists()
