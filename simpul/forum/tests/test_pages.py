import pytest
from django.urls import reverse

from simpul.forum.models import PostKind


def test_every_forum_page_renders_for_the_admin(personas, as_user, obstacle):
    from simpul.forum import operations

    solution = operations.reply(
        obstacle, membership=personas.respondent_membership, body="Solusi.", kind=PostKind.SOLUTION
    )
    client = as_user(personas.admin)
    for url in (
        reverse("forum:index"),
        reverse("forum:new") + f"?indikator={obstacle.indicator_id}&jenis=kendala",
        reverse("forum:thread", args=[obstacle.pk]),
        reverse("forum:accept", args=[solution.pk]),
        reverse("forum:moderation"),
        reverse("forum:figures") + "?tahun=2026",
        reverse("forum:my_data"),
        reverse("forum:privacy"),
        reverse("forum:register", args=["natuna"]),
        reverse("notifications:preferences"),
    ):
        assert client.get(url).status_code == 200, url


def test_the_endorse_button_swaps_itself_under_htmx(personas, as_user, obstacle):
    post = obstacle.posts.get()
    response = as_user(personas.leader).post(
        reverse("forum:endorse", args=[post.pk]), HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<form" in html and "· 1" in html
    assert "<html" not in html


def test_an_invitation_link_made_by_the_admin_appears_as_a_message(personas, as_user):
    response = as_user(personas.admin).post(
        reverse("forum:invite"), {"note": "Kampus"}, follow=True
    )
    assert "/forum/gabung/" in response.content.decode()


def test_registration_for_an_unknown_agency_is_404(client, db):
    assert client.get(reverse("forum:register", args=["tidak-ada"])).status_code == 404


@pytest.mark.parametrize("parent", ["abc", "-3", "1.5"])
def test_a_reply_with_an_unreadable_parent_says_why(as_user, personas, obstacle, parent):
    response = as_user(personas.admin).post(
        reverse("forum:reply", args=[obstacle.pk]),
        {"kind": "reply", "body": "Kami siap membantu.", "parent": parent},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "isian tersembunyi “tulisan yang dibalas” tidak sah" in body
    assert "Kami siap membantu." in body
