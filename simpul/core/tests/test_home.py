from django.urls import reverse


def test_members_find_the_assessment_pages_from_home(as_user, personas):
    body = as_user(personas.respondent).get(reverse("core:home")).content.decode()
    for name in ["cycles:tasks", "cycles:list", "evidence:list"]:
        assert reverse(name) in body


def test_partners_are_not_shown_assessment_pages(as_user, personas):
    body = as_user(personas.partner).get(reverse("core:home")).content.decode()
    for name in ["cycles:tasks", "cycles:list", "evidence:list"]:
        assert reverse(name) not in body
    assert reverse("frameworks:list") in body


def test_the_menu_shows_planning_to_those_who_may_use_it(as_user, personas):
    assert (
        reverse("plans:index")
        in as_user(personas.leader).get(reverse("core:home")).content.decode()
    )
    respondent = as_user(personas.respondent).get(reverse("core:home")).content.decode()
    assert f'href="{reverse("plans:index")}"' not in respondent
    assert reverse("plans:actions") in respondent


def test_the_menu_leads_members_to_the_dashboard_but_not_partners(as_user, personas):
    assert reverse("dashboard:index") in as_user(personas.respondent).get("/").content.decode()
    assert reverse("dashboard:leader") in as_user(personas.leader).get("/").content.decode()
    assert reverse("dashboard:index") not in as_user(personas.partner).get("/").content.decode()


def test_the_cycle_page_links_reports_and_the_upload_package_for_the_admin(as_user, personas):
    from django.core.management import call_command

    from simpul.cycles.operations import open_cycle
    from simpul.frameworks.models import Framework

    call_command("load_frameworks", verbosity=0)
    cycle = open_cycle(
        personas.agency_a,
        year=2025,
        framework=Framework.objects.get(code="spbe-2020"),
        include_visit=False,
        user=personas.admin,
    )
    body = as_user(personas.admin).get(reverse("cycles:detail", args=[cycle.pk])).content.decode()
    assert reverse("reports:cycle", args=[cycle.pk]) in body
    assert reverse("evidence:package", args=[cycle.pk]) in body
    staff = as_user(personas.staff).get("/").content.decode()
    assert reverse("national:table") in staff
