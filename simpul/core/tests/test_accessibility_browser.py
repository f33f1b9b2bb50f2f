"""axe-core (vendored, `assets/axe.min.js`) on the 20+ main pages at 1280 and 390 px: no serious
or critical violation. The lesser ones are printed (run with -s to see them).

axe is evaluated as a script in the page (`page.evaluate`), which the Content-Security-Policy
does not govern, so the pages are checked exactly as served."""

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from simpul.core.management.commands.load_demo import DEMO_AGENCY, DEMO_PASSWORD
from simpul.testing.browser import chromium_page, sign_in, sign_out
from simpul.testing.demo import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).parent / "assets" / "axe.min.js").read_text(encoding="utf-8")
BLOCKING = {"serious", "critical"}
WIDTHS = (1280, 390)
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + " :: " + n.failureSummary)
  }));
}"""


def demo_pages() -> dict[str, dict[str, str]]:
    """The main pages, per user who sees them (None: signed out). The demo has no forum thread,
    meeting or action: one of each is made here through the apps' own actions."""
    from simpul.agencies.models import Agency, Membership
    from simpul.cycles.models import Cycle
    from simpul.dashboard.models import DashboardSettings
    from simpul.evidence.models import Evidence
    from simpul.forum import operations as forum_operations
    from simpul.forum.models import PostKind
    from simpul.meetings import operations as meeting_operations
    from simpul.meetings.models import MeetingKind
    from simpul.plans import operations as plan_operations

    agency = Agency.objects.get(short_code=DEMO_AGENCY["short_code"])
    admin = Membership.objects.get(agency=agency, user__username="admin")
    partner = Membership.objects.get(agency=agency, user__username="mitra")
    DashboardSettings.objects.update_or_create(agency=agency, defaults={"public_page": True})
    cycles = Cycle.objects.for_agency(agency).filter(framework__code="spbe-2020")
    cycle = cycles.order_by("-year")[0]
    answer = cycle.answers.select_related("indicator").order_by("indicator__number")[0]
    evidence = Evidence.objects.for_agency(agency).order_by("pk")[0]
    thread = forum_operations.start_thread(
        agency,
        membership=partner,
        title="Belum ada forum rutin",
        kind=PostKind.OBSTACLE,
        body="Forum kolaborasi belum rutin diadakan.",
        indicator=answer.indicator,
    )
    start = datetime(2026, 3, 10, 9, tzinfo=ZoneInfo("Asia/Jakarta"))
    meeting = meeting_operations.schedule_meeting(
        agency,
        membership=admin,
        title="Rapat Tim Koordinasi SPBE",
        kind=MeetingKind.COORDINATION,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="Aula Bappeda",
        agenda=[("Arsitektur SPBE", answer.indicator)],
    )[0]
    plan_operations.create_action(
        agency,
        membership=admin,
        cycle=cycle,
        indicator=answer.indicator,
        target_level=3,
        unit=agency.units.order_by("pk")[0],
        pic=admin.user,
        start_date=date(2025, 1, 1),
        due_date=date(2025, 12, 31),
    )
    framework = cycle.framework.code
    return {
        "admin": {
            "beranda": "/",
            "dasbor": "/dasbor/",
            "ringkasan pimpinan": "/dasbor/pimpinan/",
            "daftar periode": "/periode/",
            "halaman periode": f"/periode/{cycle.pk}/",
            "jawaban": f"/periode/jawaban/{answer.pk}/",
            "tugas saya": "/periode/tugas/",
            "penugasan": f"/periode/{cycle.pk}/penugasan/",
            "data dukung": "/data-dukung/",
            "rincian data dukung": f"/data-dukung/{evidence.pk}/",
            "unggah": "/data-dukung/unggah/",
            "katalog": "/katalog/",
            "kerangka": f"/katalog/{framework}/",
            "indikator": f"/katalog/{framework}/indikator/{answer.indicator.code}/",
            "forum": "/forum/",
            "utas forum": f"/forum/utas/{thread.pk}/",
            "daftar rapat": "/rapat/",
            "rapat": f"/rapat/{meeting.pk}/",
            "rencana aksi": "/rencana/aksi/",
            "perencanaan": "/rencana/",
            "perencana": "/rencana/perencana/",
            "perbandingan nasional": "/nasional/",
            "orang": "/instansi/orang/",
            "pengaturan instansi": "/instansi/zona-waktu/",
            "verifikasi dua langkah": "/akun/profil/dua-langkah/",
            "pasang verifikasi dua langkah": "/akun/profil/dua-langkah/pasang/",
        },
        "platform": {"hasil nasional": "/nasional/semua/"},
        None: {"masuk": "/akun/masuk/", "halaman publik": f"/publik/{agency.short_code}/"},
    }


def check(page, base: str, name: str, path: str, found: dict) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 844 if width < 800 else 900})
        response = page.goto(f"{base}{path}")
        assert response.status == 200, f"{name} {path}: {response.status}"
        page.evaluate(AXE)
        for v in page.evaluate(RUN_AXE):
            found.setdefault((v["impact"], v["id"], v["help"]), []).append(
                f"{name} {width}px: " + " | ".join(v["nodes"])
            )


def test_the_main_pages_have_no_serious_accessibility_violation(live_server, settings, tmp_path):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo()
    pages = demo_pages()
    base = live_server.url
    found: dict = {}
    checked = 0
    with chromium_page() as page:
        for user, paths in pages.items():
            if user is not None:
                sign_in(page, base, user, DEMO_PASSWORD)
            for name, path in paths.items():
                check(page, base, name, path, found)
                checked += 1
            if user is not None:
                sign_out(page)
        # The check itself sees a fault: a field without a label is reported as critical.
        page.evaluate("document.querySelector('main').append(document.createElement('input'))")
        assert any(v["id"] == "label" and v["impact"] == "critical" for v in page.evaluate(RUN_AXE))
    assert checked >= 20
    blocking = []
    for (impact, rule, help_text), where in sorted(found.items(), key=str):
        line = f"[{impact}] {rule}: {help_text} ({len(where)}x)\n    " + "\n    ".join(where)
        print(line)
        if impact in BLOCKING:
            blocking.append(line)
    print(
        f"{checked} halaman × {len(WIDTHS)} lebar; pelanggaran: {len(found)} aturan,",
        f"{sum(len(w) for w in found.values())} temuan halaman",
    )
    assert not blocking, "\n".join(blocking)
