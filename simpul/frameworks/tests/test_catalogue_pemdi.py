"""The catalogue pages of Pemdi 2026: aspects, value bands, rules, items and external indexes."""

import re

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from simpul.frameworks.models import Indicator, Item

PEMDI = "pemdi-2026"


@pytest.fixture
def reader(as_user, personas, frameworks_loaded):
    return as_user(personas.partner)


def page(client, name: str, *args: str, **params: str) -> tuple[object, str]:
    response = client.get(reverse(f"frameworks:{name}", args=args), params)
    assert response.status_code == 200
    return response, response.content.decode()


def rows(body: str, table_class: str) -> list[list[str]]:
    """The body rows of the table with `table_class`, as lists of cell texts."""
    table = re.search(rf'<table class="{table_class}">(.*?)</table>', body, re.S)
    assert table, f"no table.{table_class}"
    tbody = re.search(r"<tbody>(.*?)</tbody>", table.group(1), re.S).group(1)
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", tbody, re.S)
    ]


def queries(client, url: str, **params: str) -> int:
    """The queries of a warm page: the first request of a framework version in a process
    also reads its document for the engine cache, whichever tests ran before."""
    assert client.get(url, params).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


# --- overview ---------------------------------------------------------------------------


def test_the_overview_shows_seven_aspects_and_every_indicator(reader):
    response, body = page(reader, "detail", PEMDI)
    tree = response.context["tree"]
    assert [node["group"].code for node in tree] == [f"A{n}" for n in range(1, 8)]
    assert {node["group"].kind for node in tree} == {"aspect"}
    assert body.count('class="group"') == 7
    assert body.count('class="ind"') == 20
    assert "Kepuasan Pengguna Layanan Digital Pemerintah" in body and "bobot 25%" in body


def test_the_overview_carries_the_compiled_notice_prominently(reader):
    _response, body = page(reader, "detail", PEMDI)
    notice = re.search(
        r'<div class="notice strong" id="catatan" role="note">(.*?)</div>', body, re.S
    )
    assert notice, "the notice block is missing"
    assert "Dihimpun dari sumber sekunder" in notice.group(1)
    assert "Naskah PermenPANRB 8/2026 dan modul indikator resmi belum dibaca" in notice.group(1)


def test_the_overview_shows_the_value_band_of_each_level(reader):
    _response, body = page(reader, "detail", PEMDI)
    assert "Pita nilai tiap tingkat" in body
    assert rows(body, "value-bands") == [
        ["1", "Merintis", "1 ≤ nilai &lt; 1,5"],
        ["2", "Membangun", "1,5 ≤ nilai &lt; 2,5"],
        ["3", "Berkembang", "2,5 ≤ nilai &lt; 3,5"],
        ["4", "Melembaga", "3,5 ≤ nilai &lt; 4"],
        ["5", "Unggul", "4 ≤ nilai ≤ 5"],
    ]


def test_frameworks_without_value_bands_show_no_band_table(reader):
    _response, body = page(reader, "detail", "spbe-2020")
    assert "Pita nilai tiap tingkat" not in body
    assert "Aturan penilaian dan keyakinan sumber" not in body


def test_the_tree_marks_how_each_indicator_gets_its_value(reader):
    _response, body = page(reader, "detail", PEMDI)
    indicators = re.findall(r'<li class="ind">(.*?)</li>', body, re.S)
    by_number = {re.search(r'<span class="no">(\d+)</span>', li).group(1): li for li in indicators}
    assert "dari indeks lain: SDI<" in by_number["5"]
    assert "dari indeks lain: SJIG" in by_number["6"]
    items_i1 = Item.objects.filter(indicator__framework__code=PEMDI, indicator__code="I1").count()
    assert items_i1 == 14
    assert f">{items_i1} butir<" in by_number["1"]
    assert ">23 butir<" in by_number["20"]
    assert "butir" not in by_number["5"]  # valued from the index, not from its items
    # An SPBE indicator takes a chosen level: no badge at all.
    _response, spbe = page(reader, "detail", "spbe-2020")
    assert 'class="badge rule' not in spbe


def test_the_rules_are_grouped_by_how_well_the_sources_support_them(reader):
    _response, body = page(reader, "detail", PEMDI)
    assert "Aturan penilaian dan keyakinan sumber" in body
    sections = dict(
        re.findall(
            r'<section class="card rules" data-confidence="(\w+)">(.*?)</section>', body, re.S
        )
    )
    assert list(sections) == ["confirmed", "single_source", "disputed"]
    assert "Dikuatkan beberapa sumber" in sections["confirmed"]
    assert "saling bebas" in sections["confirmed"]  # what the label means
    assert "Bersumber tunggal" in sections["single_source"]
    assert "Diperdebatkan" in sections["disputed"]
    codes = {name: re.findall(r'<dt id="aturan-(R\d+)">', text) for name, text in sections.items()}
    assert codes == {
        "confirmed": ["R1", "R2", "R3", "R4"],
        "single_source": ["R5", "R6", "R7", "R8", "R9"],
        "disputed": ["R10"],
    }
    assert 'href="#sumber-ACEH_TAHAP1"' in sections["single_source"]  # R5's sources


def test_the_sources_are_listed_in_a_collapsible_block(reader):
    _response, body = page(reader, "detail", PEMDI)
    details = re.search(r'<details class="card sources" id="sumber">(.*?)</details>', body, re.S)
    assert details, "no collapsible source list"
    assert 'id="sumber-ROKI"' in details.group(1) and 'id="sumber-ACEH_ASESOR"' in details.group(1)
    assert "tertiary" in details.group(1)  # the reliability column
    assert "Daftar sumber yang dihimpun (28)" in details.group(1)


def test_the_superseded_draft_names_its_replacement(reader):
    _response, body = page(reader, "detail", "pemdi-2026-draft")
    note = re.search(r'<p class="notice" id="digantikan">(.*?)</p>', body, re.S)
    assert note, "no superseded note"
    assert "digantikan oleh" in note.group(1)
    assert f'href="{reverse("frameworks:detail", args=[PEMDI])}"' in note.group(1)
    assert "Peraturan Menteri PANRB Nomor 8 Tahun 2026" in note.group(1)
    _response, current = page(reader, "detail", PEMDI)
    assert 'id="digantikan"' not in current


def test_the_list_marks_superseded_and_compiled_frameworks(reader):
    _response, body = page(reader, "list")
    cards = {
        code: card
        for card in re.findall(r'<section class="card">(.*?)</section>', body, re.S)
        for code in re.findall(r"<code>([\w-]+)</code>", card)[:1]
    }
    assert "digantikan" in cards["pemdi-2026-draft"]
    assert "digantikan" not in cards[PEMDI]
    assert 'class="notice small"' in cards[PEMDI]  # compiled: the notice, as for drafts
    assert "DIHIMPUN DARI SUMBER SEKUNDER" in cards[PEMDI]
    assert 'class="notice small"' in cards["pemdi-2026-draft"]
    assert 'class="notice' not in cards["spbe-2020"]


# --- indicator pages --------------------------------------------------------------------


def test_the_indicator_page_shows_five_levels_with_their_items(reader):
    response, body = page(reader, "indicator", PEMDI, "I1")
    assert [level.level for level in response.context["levels"]] == [1, 2, 3, 4, 5]
    assert body.count('class="level"') == 5
    for name in ["Merintis", "Membangun", "Berkembang", "Melembaga", "Unggul"]:
        assert name in body
    expected = list(
        Item.objects.filter(indicator__framework__code=PEMDI, indicator__code="I1")
        .order_by("position")
        .values_list("code", flat=True)
    )
    assert expected[0] == "I1-L1-01" and len(expected) == 14
    assert re.findall(r'<li id="butir-([\w-]+)">', body) == expected
    assert "Rancangan dokumen perencanaan Instansi Pemerintah yang berisi substansi" in body
    assert "Bukti tindak lanjut reviu atas penerapan Tata Kelola Transformasi Digital" in body
    # Each item sits under its own level.
    level_3 = re.search(r'<article class="level" id="tingkat-3">(.*?)</article>', body, re.S)
    assert "I1-L3-01" in level_3.group(1) and "I1-L2-01" not in level_3.group(1)
    assert "Data dukung: Dokumen perencanaan/penganggaran" in body  # the expected evidence kind


def test_the_indicator_page_shows_the_level_conditions(reader):
    _response, body = page(reader, "indicator", PEMDI, "I1")
    level_1 = re.search(r'<article class="level" id="tingkat-1">(.*?)</article>', body, re.S)
    assert "<dt>Kondisi</dt>" in level_1.group(1)
    assert (
        "Perencanaan pada tingkat Instansi Pusat dapat berupa Rencana Strategis" in level_1.group(1)
    )


def test_the_items_value_rule_is_explained(reader):
    _response, body = page(reader, "indicator", PEMDI, "I1")
    assert "Nilai dihitung dari butir yang diterima:" in body
    assert "indikator ini memiliki 14 butir" in body
    _response, spbe = page(reader, "indicator", "spbe-2020", "I01")
    assert "Nilai dihitung dari butir" not in spbe


def test_the_external_indicator_shows_its_conversion_table(reader):
    response, body = page(reader, "indicator", PEMDI, "I5")
    assert "Indeks Satu Data Indonesia (SDI)" in body and "Kementerian PPN/Bappenas" in body
    assert "(skala 0–100)" in body
    assert rows(body, "conversion") == [
        ["1", "Merintis", "0–12,5", "→", "1–1,5"],
        ["2", "Membangun", "12,5–37,5", "→", "1,5–2,5"],
        ["3", "Berkembang", "37,5–62,5", "→", "2,5–3,5"],
        ["4", "Melembaga", "62,5–75", "→", "3,5–4"],
        ["5", "Unggul", "75–100", "→", "4–5"],
    ]
    assert "Bila skor belum tersedia, nilainya dianggap 1,00." in body
    assert response.context["external"]["code"] == "SDI"
    assert "Nilai dihitung dari butir" not in body


def test_the_external_index_note_and_native_scale_come_from_the_data(reader):
    _response, body = page(reader, "indicator", PEMDI, "I7")
    assert "(skala 1–5)" in body
    assert ["2", "Membangun", "1,8–2,6", "→", "1,5–2,5"] in rows(body, "conversion")
    assert "Konversi linear untuk indeks ini adalah asumsi berdasarkan analogi." in body
    _response, items_page = page(reader, "indicator", PEMDI, "I1")
    assert 'class="conversion"' not in items_page


def test_the_placeholder_item_shows_its_note(reader):
    _response, body = page(reader, "indicator", PEMDI, "I9")
    item = re.search(r'<li id="butir-I9-L3-01">(.*?)</li>', body, re.S)
    assert item, "the placeholder item is missing"
    assert "Teks butir tidak tersedia." in item.group(1)
    assert "Teks butir tidak ada dalam modul menurut transkripsi sumber" in item.group(1)


def test_items_show_their_portal_code_or_a_note_about_it(reader):
    _response, body = page(reader, "indicator", PEMDI, "I13")
    first = re.search(r'<li id="butir-I13-L1-01">(.*?)</li>', body, re.S).group(1)
    assert "kode portal <code>TD_13_01</code>" in first
    second_level = re.search(r'<li id="butir-I13-L2-01">(.*?)</li>', body, re.S).group(1)
    assert "kode portal" not in second_level
    assert "Kode portal mungkin TD_13_04" in second_level


def test_the_indicator_page_carries_the_notice_badge_and_source_notes(reader):
    _response, body = page(reader, "indicator", PEMDI, "I1")
    assert re.search(r'<a class="badge draft"[^>]*>Dihimpun dari sumber sekunder</a>', body)
    notes = re.search(r'<section class="card" id="catatan-sumber">(.*?)</section>', body, re.S)
    assert notes and "<h2>Catatan sumber</h2>" in notes.group(1)
    assert "dihimpun dari sumber sekunder" in notes.group(1)
    assert "Kode nasional 1.1." in notes.group(1)
    _response, spbe = page(reader, "indicator", "spbe-2020", "I01")
    assert "Dihimpun dari sumber sekunder" not in spbe


# --- search -----------------------------------------------------------------------------


def test_search_finds_a_word_that_only_an_item_text_contains(reader):
    word = "changelog"
    # The premise: no indicator or level text has the word, one item text has it.
    elsewhere = Q(name__icontains=word) | Q(description__icontains=word)
    for field in ["criteria", "fulfilment", "evidence", "conditions"]:
        elsewhere |= Q(**{f"levels__{field}__icontains": word})
    assert not Indicator.objects.filter(elsewhere).exists()
    assert Item.objects.filter(text__icontains=word).exists()
    response, body = page(reader, "search", q=word, kerangka=PEMDI)
    results = response.context["results"]
    assert [r["indicator"].code for r in results] == ["I13"]
    assert results[0]["item"] == "I13-L4-01" and results[0]["level"] == 4
    assert word in results[0]["snippet"].lower()
    assert "butir <code>I13-L4-01</code>" in body
    assert "#butir-I13-L4-01" in body
    assert "<mark>changelog</mark>" in body.lower()


def test_search_snippets_come_from_level_conditions(reader):
    word = "kritikalitas"
    assert not Indicator.objects.filter(levels__criteria__icontains=word).exists()
    response, _body = page(reader, "search", q=word, kerangka=PEMDI)
    results = response.context["results"]
    assert [r["indicator"].code for r in results] == ["I9"]
    assert results[0]["level"] == 1 and results[0]["item"] == ""
    assert word in results[0]["snippet"].lower()


def test_search_by_item_code_shows_that_item(reader):
    response, _body = page(reader, "search", q="I13-L3-04")
    results = response.context["results"]
    assert [r["indicator"].code for r in results] == ["I13"]
    assert results[0]["item"] == "I13-L3-04"
    assert results[0]["snippet"].startswith("Repositori aplikasi Pemerintah Digital")


# --- query counts -----------------------------------------------------------------------


def test_indicator_pages_cost_the_same_whatever_their_item_count(reader):
    # I2 has 6 items, I3 25, I8 35; I5 is valued from an external index.
    counts = {
        code: queries(reader, reverse("frameworks:indicator", args=[PEMDI, code]))
        for code in ["I2", "I3", "I5", "I8"]
    }
    assert len(set(counts.values())) == 1, counts
    assert max(counts.values()) <= 10


def test_overviews_and_search_cost_a_fixed_number_of_queries(reader):
    overview = {
        code: queries(reader, reverse("frameworks:detail", args=[code]))
        for code in ["spbe-2020", PEMDI]
    }
    assert overview["spbe-2020"] == overview[PEMDI], overview
    # The superseded draft asks once more, for its replacement's name.
    assert queries(reader, reverse("frameworks:detail", args=["pemdi-2026-draft"])) <= (
        overview[PEMDI] + 1
    )
    few = queries(reader, reverse("frameworks:search"), q="changelog")
    many = queries(reader, reverse("frameworks:search"), q="notulensi")
    assert few == many <= 10
