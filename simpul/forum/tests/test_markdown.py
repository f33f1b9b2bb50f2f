import re

import markdown
import pytest
from django.urls import reverse

from simpul.forum import operations, rendering
from simpul.forum.rendering import render_markdown

LIVE_HANDLER = re.compile(r"<[a-z][^>]*\son\w+\s*=")
UNSAFE = [
    "<script>alert(1)</script>",
    "[klik](javascript:alert(1))",
    "[klik](JaVaScRiPt:alert(1))",
    '<img src="x" onerror="alert(1)">',
    '<a href="https://x.id" onclick="alert(1)">x</a>',
    "<iframe src='https://evil'></iframe>",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
]


@pytest.mark.parametrize("text", UNSAFE)
def test_unsafe_markdown_never_becomes_live_html(text):
    html = render_markdown(text).lower()
    assert "<script" not in html
    assert "<img" not in html and "<iframe" not in html
    assert not LIVE_HANDLER.search(html)
    assert 'href="javascript:' not in html and 'href="data:' not in html


def test_links_get_nofollow_noopener():
    html = render_markdown("[Situs](https://spbe.go.id)")
    assert 'href="https://spbe.go.id"' in html
    assert 'rel="nofollow noopener noreferrer"' in html


def test_plain_markdown_still_formats():
    assert "<strong>penting</strong>" in render_markdown("**penting**")


def test_a_script_in_a_post_shows_as_text_on_the_page(personas, as_user, i20):
    thread = operations.start_thread(
        personas.agency_a,
        membership=personas.partner_membership,
        title="Uji",
        kind="question",
        body="<script>alert('x')</script>",
        indicator=i20,
    )
    page = as_user(personas.admin).get(reverse("forum:thread", args=[thread.pk])).content.decode()
    assert "<script>alert('x')</script>" not in page
    assert "&lt;script&gt;" in page


def test_one_post_leaves_nothing_behind_for_the_next():
    """The converter is reused between posts (rendering.py); a reference link defined in one
    post must not turn the next post's `[situs]` into a link, nor its list state leak."""
    render_markdown.cache_clear()  # both posts go through the converter
    first = render_markdown("Lihat [situs].\n\n[situs]: https://spbe.go.id\n\n1. satu\n2. dua")
    assert 'href="https://spbe.go.id"' in first
    second = render_markdown("Tanpa tautan: [situs].")
    assert "href" not in second
    assert second == "<p>Tanpa tautan: [situs].</p>"


def test_the_reused_converter_renders_as_a_fresh_one():
    posts = [
        "# Judul\n\n**tebal** dan _miring_",
        "- a\n- b\n\n    kode",
        "> kutipan\n\n| a | b |\n|---|---|\n| 1 | 2 |",
        "<b>mentah</b> & [x](https://a.id)",
    ]
    render_markdown.cache_clear()
    for text in posts:
        fresh = markdown.markdown(
            text, extensions=[rendering._EscapeHtml(), "sane_lists"], output_format="html"
        )
        assert render_markdown(text) == rendering.sanitise(fresh)


def test_a_post_shown_again_is_not_converted_again():
    text = "Ulangi **tebal** untuk uji tembolok, nomor 20260."
    render_markdown.cache_clear()
    first = render_markdown(text)
    converted = render_markdown.cache_info().misses
    again = render_markdown(text)
    assert again == first and render_markdown.cache_info().misses == converted
    assert render_markdown(text + " Diubah.") != first  # an edited post is converted afresh
