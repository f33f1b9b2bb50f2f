"""Light pages for island links: the byte budget of the main pages, compressed.

First load = gzip(HTML) + gzip(every stylesheet, script and font it references); a repeat
navigation = gzip(HTML) only, since static files carry hashed names and are cached for a
year in production (WhiteNoise CompressedManifestStaticFilesStorage). Not time-based: the
throttled timings are in bench/page_weight.py.
"""

import gzip
import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from simpul.dashboard.models import DashboardSettings

FIRST_LOAD_BUDGET = 150 * 1024
REPEAT_BUDGET = 30 * 1024
STATIC_REF = re.compile(r'(?:href|src)="' + re.escape(settings.STATIC_URL) + r'([^"?#]+)"')


def compressed(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def weight(html: bytes) -> tuple[int, int, list[str]]:
    assets = sorted(set(STATIC_REF.findall(html.decode())))
    first = compressed(html)
    for path in assets:
        found = finders.find(path)
        assert found, f"static file not found: {path}"
        with open(found, "rb") as handle:
            first += compressed(handle.read())
    return first, compressed(html), assets


def main_pages(cycle) -> dict[str, str]:
    answer = cycle.answers.order_by("indicator__number").first()
    return {
        "beranda": reverse("core:home"),
        "katalog": reverse("frameworks:list"),
        "periode": reverse("cycles:detail", args=[cycle.pk]),
        "jawaban": reverse("cycles:answer", args=[answer.pk]),
        "dasbor": reverse("dashboard:index"),
        "pimpinan": reverse("dashboard:leader"),
        "forum": reverse("forum:index"),
        "publik": reverse("public:agency", args=[cycle.agency.short_code]),
    }


@pytest.mark.parametrize(
    "page", ["beranda", "katalog", "periode", "jawaban", "dasbor", "pimpinan", "forum", "publik"]
)
def test_every_main_page_stays_within_the_island_link_budget(page, personas, cycle, as_user):
    DashboardSettings.objects.create(agency=personas.agency_a, public_page=True)
    response = as_user(personas.admin).get(main_pages(cycle)[page])
    assert response.status_code == 200
    first, repeat, assets = weight(response.content)
    assert "simpul/simpul.css" in assets
    assert first < FIRST_LOAD_BUDGET, f"{page}: first load {first} B"
    assert repeat < REPEAT_BUDGET, f"{page}: repeat navigation {repeat} B"


def test_the_budget_counts_the_referenced_script(personas, cycle, as_user):
    response = as_user(personas.admin).get(reverse("dashboard:index"))
    first, repeat, assets = weight(response.content)
    assert any(path.startswith("simpul/htmx") for path in assets)
    assert first - repeat > 10 * 1024  # htmx alone is ~16 KB compressed
