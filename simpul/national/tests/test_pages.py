import re
from decimal import Decimal

import pytest
from django.urls import reverse

from simpul.national.models import AgencyLink, PublishedResult


def test_a_member_sees_the_agencys_standing(personas, national_loaded, as_user):
    page = as_user(personas.leader).get(reverse("national:comparison"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Pemerintah Kab. Natuna" in text and "LAP2024 Tabel 20" in text
    assert page.context["comparison"]["index"] == Decimal("3.61")
    # The published figures are SPBE indexes: said so beside any Pemdi cycle.
    assert 'id="instrumen-nasional"' in text and "Indeks SPBE (PermenPANRB 59/2020)" in text
    # The mean of the rows is labelled as what it is, not as the official national index.
    assert "Rata-rata nasional" not in text and "Rata-rata semua instansi" in text
    assert "bukan indeks SPBE nasional resmi" in text


def test_a_partner_gets_no_national_comparison(personas, national_loaded, as_user):
    assert as_user(personas.partner).get(reverse("national:comparison")).status_code == 403


def test_the_admin_links_the_agency_to_a_row_by_hand(personas, national_loaded, as_user):
    lingga = PublishedResult.objects.get(year=2024, name="Pemerintah Kab. Lingga")
    client = as_user(personas.admin)
    assert client.get(reverse("national:link")).status_code == 200
    client.post(reverse("national:link"), {"result": lingga.pk})
    assert AgencyLink.objects.get(agency=personas.agency_a).name == "Pemerintah Kab. Lingga"
    page = client.get(reverse("national:comparison"))
    assert page.context["comparison"]["index"] == Decimal("2.60")


def test_linking_to_a_row_of_another_category_is_refused(personas, national_loaded, as_user):
    kota = PublishedResult.objects.get(year=2024, name="Pemerintah Kota Batam")
    page = as_user(personas.admin).post(reverse("national:link"), {"result": kota.pk}, follow=True)
    assert "Pilih satu instansi" in page.content.decode()
    assert not AgencyLink.objects.exists()


def test_only_the_admin_may_change_the_link(personas, national_loaded, as_user):
    assert as_user(personas.leader).get(reverse("national:link")).status_code == 403


def test_the_national_table_is_for_platform_staff_only(personas, national_loaded, as_user):
    assert as_user(personas.admin).get(reverse("national:table")).status_code == 403
    page = as_user(personas.staff).get(reverse("national:table"))
    assert page.status_code == 200
    assert len(page.context["rows"]) == 615


def test_the_national_table_filters_and_sorts(personas, national_loaded, as_user):
    url = reverse("national:table")
    page = as_user(personas.staff).get(
        url, {"tahun": 2024, "kategori": "regency", "provinsi": "Kepulauan Riau", "urut": "name"}
    )
    names = [r["name"] for r in page.context["rows"]]
    assert names == sorted(names) and "Pemerintah Kab. Natuna" in names
    best = as_user(personas.staff).get(url, {"tahun": 2024}).context["rows"]
    assert best[0]["index"] == max(r.index for r in PublishedResult.objects.filter(year=2024))


@pytest.mark.parametrize("extra", [0, 200])
def test_the_national_table_query_count_does_not_grow_with_rows(
    personas, national_loaded, as_user, django_assert_max_num_queries, extra
):
    PublishedResult.objects.bulk_create(
        PublishedResult(
            year=2024,
            category="city",
            province="Riau",
            name=f"Kota Uji {i}",
            key=f"kota uji {i}",
            d1=1,
            d2=1,
            d3=1,
            d4=1,
            index=Decimal("1.00"),
            predicate="Kurang",
            source="uji",
        )
        for i in range(extra)
    )
    client = as_user(personas.staff)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("national:table"), {"tahun": 2024})
    assert len(page.context["rows"]) == 615 + extra


def test_the_comparison_page_query_count_is_bounded(
    personas, national_loaded, as_user, django_assert_max_num_queries
):
    client = as_user(personas.admin)
    with django_assert_max_num_queries(14):
        client.get(reverse("national:comparison"))


def test_each_agency_sees_only_its_own_standing(personas, national_loaded, as_user):
    page = as_user(personas.admin_b).get(reverse("national:comparison"))
    assert page.context["comparison"]["row"]["name"] == "Pemerintah Kab. Bintan"
    assert "Pemerintah Kab. Natuna" not in page.content.decode()


def test_another_agencys_manual_link_does_not_change_this_agencys_rows(
    personas, national_loaded, as_user
):
    lingga = PublishedResult.objects.get(year=2024, name="Pemerintah Kab. Lingga")
    as_user(personas.admin_b).post(reverse("national:link"), {"result": lingga.pk})
    page = as_user(personas.admin).get(reverse("national:comparison"))
    assert page.context["comparison"]["index"] == Decimal("3.61")


def test_the_predicate_distribution_counts_every_row_by_year_and_category(
    personas, national_loaded, as_user
):
    from simpul.national.models import PublishedResult

    page = as_user(personas.staff).get(reverse("national:table")).content.decode()
    section = page[page.index("Sebaran predikat") : page.index("national-table")]
    row = r'<tr><td>(\d{4})</td><td>([^<]+)</td>((?:<td class="num">\d+</td>)+)</tr>'
    rows = re.findall(row, section)
    assert rows, "the distribution table is filled"
    counted = sum(int(n) for *_y, cells in rows for n in re.findall(r">(\d+)<", cells))
    assert counted == PublishedResult.objects.count()
    assert {year for year, *_rest in rows} == {"2023", "2024"}
    assert all(not label.islower() for _y, label, _c in rows)  # labels, not raw codes
