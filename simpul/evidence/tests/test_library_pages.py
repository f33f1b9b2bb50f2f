"""The library list and detail pages: who sees them, what they show, how many queries."""

import re

import pytest
from django.urls import reverse

from simpul.evidence import operations

from . import samples

LIST = reverse("evidence:list")


@pytest.mark.parametrize("persona", ["admin", "respondent", "assessor", "leader", "external"])
def test_the_agency_roles_see_the_library(as_user, personas, add_pdf, persona):
    add_pdf("Perbup Arsitektur SPBE")
    page = as_user(getattr(personas, persona)).get(LIST)
    assert page.status_code == 200
    assert "Perbup Arsitektur SPBE" in page.content.decode()


def test_partners_see_no_evidence(as_user, personas, add_pdf):
    evidence = add_pdf()
    client = as_user(personas.partner)
    assert client.get(LIST).status_code == 403
    assert client.get(reverse("evidence:detail", args=[evidence.pk])).status_code == 403


def test_the_list_shows_only_the_current_agency(as_user, personas, add_pdf):
    add_pdf("Perbup Natuna")
    add_pdf("Perbup Bintan", agency=personas.agency_b)
    page = as_user(personas.admin).get(LIST).content.decode()
    assert "Perbup Natuna" in page and "Perbup Bintan" not in page


OBJECT_PAGES = [
    ("evidence:detail", False),
    ("evidence:edit", False),
    ("evidence:edit", True),
    ("evidence:add_revision", True),
    ("evidence:link", True),
]


@pytest.mark.parametrize(("name", "post"), OBJECT_PAGES)
def test_agency_b_documents_are_404_for_the_admin_of_agency_a(
    as_user, personas, add_pdf, name, post
):
    foreign = add_pdf("Perbup Bintan", agency=personas.agency_b)
    client = as_user(personas.admin)
    target = reverse(name, args=[foreign.pk])
    response = client.post(target, {"title": "dibajak"}) if post else client.get(target)
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.title == "Perbup Bintan"


def test_the_list_filters_by_document_type(as_user, personas, add_pdf):
    add_pdf("Perbup Arsitektur", document_type="regulation")
    add_pdf("Notulen Forum", document_type="minutes")
    page = as_user(personas.admin).get(LIST, {"jenis": "minutes"}).content.decode()
    assert "Notulen Forum" in page and "Perbup Arsitektur" not in page
    # A link saved before the slugs moves to the slug's address, with the same list.
    moved = as_user(personas.admin).get(LIST, {"jenis": "notulen"})
    assert moved.status_code == 301 and moved["Location"] == f"{LIST}?jenis=minutes"


def test_a_search_from_the_search_box_returns_only_the_results_fragment(as_user, personas, add_pdf):
    add_pdf("Kebijakan Internal Manajemen Data")
    add_pdf("Notulen Forum Kolaborasi")
    response = as_user(personas.admin).get(LIST, {"q": "kebijakannya"}, HTTP_HX_REQUEST="true")
    fragment = response.content.decode()
    assert "<html" not in fragment
    assert "Kebijakan Internal Manajemen Data" in fragment
    assert "Notulen Forum" not in fragment
    assert "HX-Request" in response["Vary"]


def test_the_list_shows_how_often_each_document_is_used(as_user, personas, answers, add_pdf):
    evidence = add_pdf("Perbup Arsitektur SPBE")
    for answer, level in [(answers.i01, 1), (answers.i01, 2), (answers.i02, 2)]:
        operations.link_evidence(
            answer, evidence, level=level, purpose="general", note="", user=None
        )
    page = as_user(personas.admin).get(LIST).content.decode()
    assert '<td class="num">3</td>' in page


def fill_library(personas, answers, count: int, start: int = 0) -> None:
    for index in range(start, start + count):
        evidence = operations.upload_evidence(
            personas.agency_a,
            samples.upload(f"dok-{index}.pdf", samples.pdf_bytes(f"Dokumen {index}")),
            title=f"Dokumen {index}",
            issuing_unit=personas.unit_a,
            user=personas.admin,
        )
        operations.link_evidence(
            answers.i01, evidence, level=1, purpose="general", note="", user=None
        )
    operations.register_link(
        personas.agency_a, url=f"https://contoh.go.id/{start}", title=f"Tautan {start}", user=None
    )


@pytest.mark.parametrize("query", ["", "dokumen"])
def test_the_list_page_queries_do_not_grow_with_the_library(
    as_user, personas, answers, django_assert_max_num_queries, query
):
    client = as_user(personas.admin)
    fill_library(personas, answers, 3)
    with django_assert_max_num_queries(6) as small:
        client.get(LIST, {"q": query})
    fill_library(personas, answers, 30, start=3)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(LIST, {"q": query})
    assert len(re.findall(r'href="/data-dukung/\d+/"', response.content.decode())) == 25


def test_the_detail_page_queries_do_not_grow_with_revisions_and_uses(
    as_user, personas, answers, add_pdf, django_assert_max_num_queries
):
    evidence = add_pdf("Perbup")
    client = as_user(personas.admin)
    url = reverse("evidence:detail", args=[evidence.pk])
    with django_assert_max_num_queries(7) as small:
        client.get(url)
    for number in range(2, 7):
        operations.add_revision(
            evidence, samples.upload("v.pdf", samples.pdf_bytes(f"v{number}")), user=None
        )
    for answer in (answers.i01, answers.i02, answers.i03):
        for level in (1, 2, 3):
            operations.link_evidence(
                answer, evidence, level=level, purpose="general", note="", user=None
            )
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_the_detail_page_polls_while_the_text_is_being_read(as_user, personas, add_pdf):
    evidence = add_pdf()
    url = reverse("evidence:detail", args=[evidence.pk])
    page = as_user(personas.admin).get(url).content.decode()
    assert 'hx-trigger="every 3s"' in page
    fragment = as_user(personas.admin).get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and "sedang dibaca" in fragment


def test_the_admin_edits_the_metadata_and_search_follows(as_user, personas, add_pdf):
    evidence = add_pdf("Draf tanpa judul")
    response = as_user(personas.admin).post(
        reverse("evidence:edit", args=[evidence.pk]),
        {"title": "Surat Edaran Keamanan Informasi", "document_type": "circular"},
    )
    assert response.status_code == 302
    evidence.refresh_from_db()
    assert evidence.title == "Surat Edaran Keamanan Informasi"
    found = type(evidence).objects.for_agency(personas.agency_a).search("keamanan")
    assert list(found) == [evidence]


def test_a_respondent_edits_only_documents_they_added_or_their_unit_issued(
    as_user, personas, add_pdf
):
    own = add_pdf("Milik sendiri", user=personas.respondent)
    of_unit = add_pdf("Dari Bappeda", issuing_unit=personas.unit_a2)
    other = add_pdf("Dari Diskominfo", issuing_unit=personas.unit_a)
    client = as_user(personas.respondent)
    assert client.get(reverse("evidence:edit", args=[own.pk])).status_code == 200
    assert client.get(reverse("evidence:edit", args=[of_unit.pk])).status_code == 200
    assert client.get(reverse("evidence:edit", args=[other.pk])).status_code == 403
