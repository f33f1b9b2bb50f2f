"""Framework data in the interface language: English compiler notes only in English."""

from django.template import Context, Template
from django.utils import translation

NOTICE = (
    "BELUM TERVERIFIKASI. Struktur dan bobot diambil dari ringkasan pihak ketiga.\n\n"
    "UNVERIFIED DRAFT: structure and weights from a third-party summary."
)
NOTES = [
    "Nama dalam Pedoman Menteri PANRB Nomor 3 Tahun 2024: Tingkat Kematangan Kebijakan.",
    "2024 change: Level 3 (Pedoman 3/2024) drops the phrase 'dengan berdasarkan Risiko SPBE'.",
]
PAGE = Template(
    "{% load framework_text %}[{{ notice|in_language }}]"
    "{% for note in notes|in_language_list %}<li>{{ note }}</li>{% endfor %}"
)


def render(language: str) -> str:
    with translation.override(language):
        return PAGE.render(Context({"notice": NOTICE, "notes": NOTES}))


def test_the_indonesian_interface_leaves_out_english_texts():
    page = render("id")
    assert "BELUM TERVERIFIKASI" in page and "UNVERIFIED DRAFT: structure" not in page
    assert "Nama dalam Pedoman" in page and "2024 change" not in page


def test_the_english_interface_shows_everything():
    page = render("en")
    assert "BELUM TERVERIFIKASI" in page and "UNVERIFIED DRAFT: structure" in page
    assert "Nama dalam Pedoman" in page and "2024 change" in page


def test_indonesian_text_with_english_loanwords_stays():
    """Technical Indonesian borrows terms: "log/riwayat", "at-rest", "in-transit". Such an
    evidence description was once hidden from the respondent as if it were English."""
    kinds = [
        "Data kuantitatif, persentase, hasil survei kepuasan, log/riwayat perubahan",
        "Kriptografi pada 2 siklus data (at-rest dan in-transit; atau in-use)",
        "Source text gives no evidence specification",
    ]
    page = Template(
        "{% load framework_text %}{% for k in kinds %}[{{ k|in_language }}]{% endfor %}"
    )
    with translation.override("id"):
        shown = page.render(Context({"kinds": kinds}))
    assert "log/riwayat perubahan" in shown and "at-rest dan in-transit" in shown
    assert "Source text" not in shown
