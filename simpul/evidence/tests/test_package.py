"""The "Paket Unggah" of a cycle: a ZIP of the evidence per indicator, links, and an XLSX."""

import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from simpul.cycles.models import Cycle
from simpul.evidence import operations

from . import samples


@pytest.fixture
def filled(personas, answers, add_pdf):
    """I01: a regulation at level 2 and a link at level 1; I02: the same regulation at level 3
    plus two documents at level 1."""
    perbup = add_pdf("Perbup Arsitektur SPBE")
    sop = operations.upload_evidence(
        personas.agency_a,
        samples.upload("sop.docx", samples.docx_bytes("SOP layanan")),
        title="SOP Layanan Data",
        user=None,
    )
    foto = operations.upload_evidence(
        personas.agency_a,
        samples.upload("rapat.jpg", samples.jpeg_bytes()),
        title="Foto Rapat",
        user=None,
    )
    jdih = operations.register_link(
        personas.agency_a, url="https://jdih.natunakab.go.id/12", title="Perbup di JDIH", user=None
    )
    for answer, evidence, level in [
        (answers.i01, perbup, 2),
        (answers.i01, jdih, 1),
        (answers.i02, perbup, 3),
        (answers.i02, sop, 1),
        (answers.i02, foto, 1),
    ]:
        operations.link_evidence(
            answer, evidence, level=level, purpose="general", note="", user=None
        )
    answers.i01.self_level = 2
    answers.i01.fact = "Perbup 12/2023 pasal 3"
    answers.i01.analysis = "Kriteria tingkat 2 terpenuhi"
    answers.i01.save()
    return {"perbup": perbup, "sop": sop, "foto": foto}


def download(client, cycle) -> zipfile.ZipFile:
    response = client.get(reverse("evidence:package", args=[cycle.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert 'filename="paket-unggah-natuna-2025.zip"' in response["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_package_holds_each_indicators_evidence_under_stable_names(
    as_user, personas, cycle, filled
):
    archive = download(as_user(personas.admin), cycle)
    assert sorted(archive.namelist()) == [
        "I01/L2-01-perbup-arsitektur-spbe.pdf",
        "I02/L1-01-sop-layanan-data.docx",
        "I02/L1-02-foto-rapat.jpg",
        "I02/L3-01-perbup-arsitektur-spbe.pdf",
        "daftar-data-dukung.xlsx",
        "tautan.txt",
    ]
    assert archive.read("I01/L2-01-perbup-arsitektur-spbe.pdf") == samples.pdf_bytes(
        "Perbup Arsitektur SPBE"
    )
    assert archive.read("I02/L1-02-foto-rapat.jpg") == samples.jpeg_bytes()
    assert archive.testzip() is None
    again = download(as_user(personas.admin), cycle)
    assert again.namelist() == archive.namelist()


def test_links_are_listed_in_a_text_file(as_user, personas, cycle, filled):
    text = download(as_user(personas.admin), cycle).read("tautan.txt").decode()
    assert "I01 · tingkat 1 · Perbup di JDIH: https://jdih.natunakab.go.id/12" in text


def test_the_listing_gives_level_explanation_and_files_per_indicator(
    as_user, personas, cycle, filled
):
    archive = download(as_user(personas.admin), cycle)
    sheet = load_workbook(io.BytesIO(archive.read("daftar-data-dukung.xlsx"))).active
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert sheet["A1"].value == "Kode" and sheet["G1"].value == "Berkas data dukung"
    code, name, level, status, fact, analysis, files, links = rows["I01"]
    assert (level, fact, analysis) == (2, "Perbup 12/2023 pasal 3", "Kriteria tingkat 2 terpenuhi")
    assert files == "I01/L2-01-perbup-arsitektur-spbe.pdf"
    assert links == "https://jdih.natunakab.go.id/12"
    assert rows["I02"][6].split("\n") == [
        "I02/L1-01-sop-layanan-data.docx",
        "I02/L1-02-foto-rapat.jpg",
        "I02/L3-01-perbup-arsitektur-spbe.pdf",
    ]
    assert rows["I03"][6] is None  # answered nothing yet: listed, without files


def test_the_package_uses_the_current_revision(as_user, personas, cycle, filled):
    operations.add_revision(
        filled["perbup"], samples.upload("v2.pdf", samples.pdf_bytes("Perbup revisi")), user=None
    )
    archive = download(as_user(personas.admin), cycle)
    assert archive.read("I01/L2-01-perbup-arsitektur-spbe.pdf") == samples.pdf_bytes(
        "Perbup revisi"
    )


def test_a_file_lost_from_storage_is_reported_not_fatal(
    as_user, personas, cycle, filled, media_root
):
    (media_root / filled["sop"].current_revision.file.name).unlink()
    archive = download(as_user(personas.admin), cycle)
    assert "I02/L1-01-sop-layanan-data.docx" not in archive.namelist()
    assert "I02/L1-01-sop-layanan-data.docx" in archive.read("berkas-tidak-ditemukan.txt").decode()


@pytest.mark.parametrize("persona", ["respondent", "assessor", "leader", "external", "partner"])
def test_only_the_admin_builds_the_package(as_user, personas, cycle, persona):
    response = as_user(getattr(personas, persona)).get(reverse("evidence:package", args=[cycle.pk]))
    assert response.status_code == 403


def test_another_agencys_cycle_is_not_found(as_user, personas, cycle):
    other = Cycle.objects.create(agency=personas.agency_b, year=2025, framework=cycle.framework)
    response = as_user(personas.admin).get(reverse("evidence:package", args=[other.pk]))
    assert response.status_code == 404


def test_building_the_package_takes_a_fixed_number_of_queries(
    as_user, personas, cycle, filled, answers, add_pdf, django_assert_max_num_queries
):
    client = as_user(personas.admin)
    with django_assert_max_num_queries(7) as small:
        download(client, cycle)
    for index in range(10):
        evidence = add_pdf(f"Dokumen {index}")
        operations.link_evidence(
            answers.i03, evidence, level=1, purpose="general", note="", user=None
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        download(client, cycle)


def test_a_cycle_valued_item_by_item_gets_a_folder_per_item(
    as_user, personas, add_pdf, frameworks_loaded
):
    from simpul.cycles import items
    from simpul.cycles.models import Answer
    from simpul.frameworks.models import Framework, Indicator

    framework = Framework.objects.get(code="pemdi-2026")
    cycle = Cycle.objects.create(agency=personas.agency_a, year=2026, framework=framework)
    answer = Answer.objects.create(
        cycle=cycle, indicator=Indicator.objects.get(framework=framework, code="I13")
    )
    kak, dpa = add_pdf("KAK Aplikasi"), add_pdf("DPA Diskominfo", name="dpa.pdf")
    link = operations.register_link(
        personas.agency_a, url="https://sipd.example/dpa", title="DPA di SIPD", user=None
    )
    for evidence, code in [(kak, "I13-L1-01"), (dpa, "I13-L1-01"), (dpa, "I13-L1-02")]:
        items.link_item_evidence(answer, code, evidence, membership=personas.admin_membership)
    items.link_item_evidence(answer, "I13-L2-01", link, membership=personas.admin_membership)
    archive = download_named(as_user(personas.admin), cycle, "paket-unggah-natuna-2026.zip")
    assert sorted(name for name in archive.namelist() if name.startswith("I13")) == [
        "I13/L1-01/01-kak-aplikasi.pdf",
        "I13/L1-01/02-dpa-diskominfo.pdf",
        "I13/L1-02/01-dpa-diskominfo.pdf",
    ]
    assert (
        "I13 · butir I13-L2-01 · DPA di SIPD: https://sipd.example/dpa"
        in archive.read("tautan.txt").decode()
    )


def download_named(client, cycle, name: str) -> zipfile.ZipFile:
    response = client.get(reverse("evidence:package", args=[cycle.pk]))
    assert response.status_code == 200 and f'filename="{name}"' in response["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
