import pytest
from django.urls import reverse

from simpul.frameworks.models import Indicator


@pytest.fixture
def reader(as_user, personas, frameworks_loaded):
    return as_user(personas.partner)


def test_the_overview_shows_the_tree_with_weights(reader):
    response = reader.get(reverse("frameworks:detail", args=["spbe-2020"]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Kebijakan Internal SPBE" in body and "Pelaksanaan Audit TIK" in body
    assert "16,5%" in body  # domain weight, as the regulation prints it
    assert (
        body.count('class="ind"') == Indicator.objects.filter(framework__code="spbe-2020").count()
    )
    assert "Memuaskan" in body and "Kurang" in body


def test_the_draft_framework_is_marked_as_unverified(reader):
    body = reader.get(reverse("frameworks:detail", args=["pemdi-2026-draft"])).content.decode()
    assert "belum terverifikasi" in body.lower()
    assert "Strategi dan Rencana" in body


def test_the_indicator_page_shows_five_levels_with_2024_guidance(reader):
    response = reader.get(reverse("frameworks:indicator", args=["spbe-2020", "I01"]))
    body = response.content.decode()
    assert response.status_code == 200
    assert [level.level for level in response.context["levels"]] == [1, 2, 3, 4, 5]
    assert body.count('class="level"') == 5
    assert "Rintisan" in body and "Optimum" in body
    assert "Pemenuhan (pedoman 2024)" in body and "Data dukung (pedoman 2024)" in body
    assert "Apakah Instansi Pusat/Pemerintah Daerah memiliki kebijakan internal" in body


def test_the_indicator_page_links_its_neighbours(reader):
    response = reader.get(reverse("frameworks:indicator", args=["spbe-2020", "I02"]))
    assert response.context["previous_code"] == "I01"
    assert response.context["next_code"] == "I03"


def test_an_indicator_number_leads_to_its_page(reader):
    response = reader.get(reverse("frameworks:indicator", args=["spbe-2020", "1"]))
    assert response.status_code == 301
    assert response["Location"] == reverse("frameworks:indicator", args=["spbe-2020", "I01"])
    pemdi = reader.get(reverse("frameworks:indicator", args=["pemdi-2026", "13"]))
    assert pemdi["Location"] == reverse("frameworks:indicator", args=["pemdi-2026", "I13"])
    assert reader.get(reverse("frameworks:indicator", args=["spbe-2020", "99"])).status_code == 404
    huge = reverse("frameworks:indicator", args=["spbe-2020", "9" * 30])
    assert reader.get(huge).status_code == 404


def test_an_unknown_indicator_or_framework_is_404(reader):
    assert reader.get(reverse("frameworks:indicator", args=["spbe-2020", "I99"])).status_code == 404
    assert reader.get(reverse("frameworks:detail", args=["tidak-ada"])).status_code == 404


def test_search_finds_indicators_by_words_in_level_texts(reader):
    response = reader.get(reverse("frameworks:search"), {"q": "audit keamanan"})
    codes = [r["indicator"].code for r in response.context["results"]]
    assert "I31" in codes  # Pelaksanaan Audit Keamanan SPBE
    assert "I01" not in codes
    assert "<mark>" in response.content.decode()


def test_search_can_be_limited_to_one_framework(reader):
    response = reader.get(
        reverse("frameworks:search"), {"q": "data", "kerangka": "pemdi-2026-draft"}
    )
    frameworks = {r["indicator"].framework.code for r in response.context["results"]}
    assert frameworks == {"pemdi-2026-draft"}


def test_search_escapes_what_the_user_typed(reader):
    response = reader.get(reverse("frameworks:search"), {"q": "<script>alert(1)</script>"})
    body = response.content.decode()
    assert "<script>alert(1)</script>" not in body
    assert response.context["total"] == 0


def test_search_serves_only_the_results_fragment_to_htmx(reader):
    response = reader.get(reverse("frameworks:search"), {"q": "arsitektur"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body
    assert "Arsitektur" in body
    assert "HX-Request" in response["Vary"]


def test_catalogue_pages_use_a_fixed_number_of_queries(reader, django_assert_max_num_queries):
    # Both frameworks differ in size; the overview costs the same for each.
    for code in ["spbe-2020", "pemdi-2026-draft", "pemdi-2026"]:
        with django_assert_max_num_queries(11):
            reader.get(reverse("frameworks:detail", args=[code]))
    for code, indicator in [("spbe-2020", "I47"), ("pemdi-2026", "I8"), ("pemdi-2026", "I5")]:
        with django_assert_max_num_queries(11):
            reader.get(reverse("frameworks:indicator", args=[code, indicator]))
    with django_assert_max_num_queries(11):
        reader.get(reverse("frameworks:search"), {"q": "layanan"})


def test_search_ignores_a_nul_byte_that_postgresql_cannot_compare(reader):
    response = reader.get(reverse("frameworks:search"), {"q": "audit\x00 keamanan"})
    codes = [r["indicator"].code for r in response.context["results"]]
    assert "I31" in codes
    assert "\x00" not in response.content.decode()
