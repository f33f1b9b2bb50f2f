"""Index figures read the Indonesian way on every page: 3,61, never 3.61.

The demo is loaded (official 2024 results, the 2025 cycle, the 2026 Pemdi cycle, published
national results) and the main pages are rendered in Indonesian; the text a person reads
(tags, scripts and attributes stripped) must hold no figure like 3.61.
"""

import re
from html import unescape

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation

from simpul.accounts.models import User
from simpul.agencies.models import Agency, Membership, Role
from simpul.cycles.models import Cycle
from simpul.dashboard.models import DashboardSettings
from simpul.testing.demo import load_demo

# A decimal figure with a dot: not part of a date or version (1.12.2025, 5.2.1).
DOTTED = re.compile(r"(?<![\d.])\d+\.\d\d(?![\d.])")


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S | re.I)
    html = re.sub(r"<[^>]+>", " ", html)  # tags with their attributes (urls, viewBox, ...)
    return unescape(html)


def dotted_figures(html: str) -> list[str]:
    text = visible_text(html)
    return [text[max(0, m.start() - 40) : m.end() + 10] for m in DOTTED.finditer(text)]


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    load_demo()
    return Agency.objects.get(short_code="natuna-demo")


def test_dotted_figures_are_found_and_dates_are_not():
    assert [f.strip() for f in dotted_figures("<p>Indeks <b>3.61</b></p>")] == ["Indeks  3.61"]
    assert dotted_figures('<p title="3.61">3,61 · 1.12.2025 · 5.2.10</p>') == []


def pages(demo) -> list[str]:
    cycles = {c.year: c for c in Cycle.objects.for_agency(demo)}
    urls = [
        reverse("dashboard:index"),
        reverse("dashboard:leader"),
        reverse("dashboard:settings"),
        reverse("national:comparison"),
        reverse("national:comparison") + "?tahun=2023",
        reverse("plans:index"),
        reverse("plans:planner"),
        reverse("plans:item_planner"),
    ]
    for cycle in cycles.values():
        urls += [
            reverse("cycles:detail", args=[cycle.pk]),
            reverse("reports:cycle", args=[cycle.pk]),
            reverse("plans:simulate", args=[cycle.pk]),
        ]
    urls.append(reverse("cycles:comparison", args=[cycles[2024].pk]))
    urls.append(reverse("cycles:item_comparison", args=[cycles[2026].pk]))
    return urls


def test_every_main_page_writes_index_figures_the_indonesian_way(demo):
    client = Client()
    client.force_login(User.objects.get(username="admin"))
    admin = Membership.objects.get(agency=demo, user__username="admin", role=Role.ADMIN)
    client.post(reverse("agencies:switch"), {"membership": admin.pk})
    found = {}
    for url in pages(demo):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="id", follow=True)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert "," in visible_text(body) or url.startswith("/rencana/"), url
        if figures := dotted_figures(body):
            found[url] = figures
    DashboardSettings.objects.update_or_create(agency=demo, defaults={"public_page": True})
    public = Client().get(reverse("public:agency", args=[demo.short_code]))
    assert public.status_code == 200 and "3,61" in public.content.decode()
    if figures := dotted_figures(public.content.decode()):
        found["public"] = figures
    staff = Client()
    staff.force_login(User.objects.get(username="platform"))
    table = staff.get(reverse("national:table") + "?tahun=2024", HTTP_ACCEPT_LANGUAGE="id")
    assert table.status_code == 200 and "3,61" in table.content.decode()
    if figures := dotted_figures(table.content.decode()):
        found["national:table"] = figures[:5]
    assert not found, "\n".join(f"{url}: {f!r}" for url, fs in found.items() for f in fs)


def test_the_reports_write_index_figures_the_indonesian_way(demo):
    from simpul.reports import content

    for cycle in Cycle.objects.for_agency(demo):
        with translation.override("id"):
            html = render_to_string(
                "reports/report_pdf.html", {"report": content.gather(cycle), "printed": None}
            )
        assert dotted_figures(html) == [], cycle.year
    locked = Cycle.objects.for_agency(demo).get(year=2024)
    assert locked.self_assessment_snapshot
    with translation.override("id"):
        html = render_to_string(
            "cycles/berita_acara.html",
            {"cycle": locked, "snapshot": locked.self_assessment_snapshot, "status_rows": []},
        )
    assert "3," in visible_text(html) and dotted_figures(html) == []
