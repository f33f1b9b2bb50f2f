import csv
import io
from datetime import date

from django.urls import reverse
from django.utils import timezone

from simpul.forum import operations
from simpul.forum.models import PostKind
from simpul.forum.queries import participation


def test_figures_count_posts_and_distinct_people_per_helix(personas, obstacle, no_rate_limit):
    operations.reply(obstacle, membership=personas.partner_membership, body="Tambahan mitra")
    operations.reply(obstacle, membership=personas.respondent_membership, body="Tanggapan pemda")
    solution = operations.reply(
        obstacle, membership=personas.admin_membership, body="Solusi", kind=PostKind.SOLUTION
    )
    operations.accept_post(
        solution,
        membership=personas.admin_membership,
        unit=None,
        target_level=3,
        due_date=date(2026, 12, 1),
        start_date=date(2026, 1, 1),
    )
    operations.close_thread(obstacle, membership=personas.admin_membership, summary="Selesai")
    year = timezone.localdate().year
    found = participation(personas.agency_a, date(year, 1, 1), date(year, 12, 31))
    assert found.posts_by_helix == {"business": 2, "government": 2}
    assert found.participants_by_helix == {"business": 1, "government": 2}
    assert (found.obstacles_opened, found.obstacles_resolved, found.solutions_accepted) == (1, 1, 1)


def test_figures_of_another_year_are_empty(personas, obstacle):
    found = participation(personas.agency_a, date(2001, 1, 1), date(2001, 12, 31))
    assert found.posts == 0 and found.obstacles_opened == 0


def test_the_csv_export_lists_every_helix_and_the_totals(personas, as_user, obstacle):
    response = as_user(personas.admin).get(reverse("forum:figures_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert response.status_code == 200
    assert ["Swasta", "1", "1"] in rows
    assert ["Kendala dibuka", "1"] in rows


def test_figures_are_per_agency(personas, as_user, obstacle):
    response = as_user(personas.admin_b).get(reverse("forum:figures_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert ["Kendala dibuka", "0"] in rows


def test_meetings_figures_come_from_the_meetings_app(personas):
    found = participation(personas.agency_a, date(2026, 1, 1), date(2026, 12, 31))
    assert found.meetings_held == 0 and found.attendance_rate is None


def test_the_csv_export_writes_a_name_typed_as_a_formula_as_text(personas, as_user, obstacle):
    personas.agency_a.name = '=HYPERLINK("https://contoh.invalid","Klik")'
    personas.agency_a.save(update_fields=["name"])
    response = as_user(personas.admin).get(reverse("forum:figures_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Instansi", '\'=HYPERLINK("https://contoh.invalid","Klik")']
    assert ["Kendala dibuka", "1"] in rows  # counts stay bare numbers
