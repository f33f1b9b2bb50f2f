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
