"""The person's own Token API page: create (shown once), list, revoke; bad input refused."""

import re

import pytest
from django.urls import reverse

from simpul.api.models import ApiToken, TokenScope
from simpul.api.operations import create_token
from simpul.api.tokens import hash_token

pytestmark = pytest.mark.django_db

TOKEN_RE = re.compile(r"simpul_[A-Za-z0-9_-]{43}")


def create(client, membership, **data):
    return client.post(
        reverse("api_tokens:list"),
        {"name": "Portal Satu Data", "membership": membership.pk, "scope": "read", "days": 90,
         **data},
    )  # fmt: skip


def test_a_new_token_is_shown_once_and_only_its_hash_is_kept(as_user, personas) -> None:
    client = as_user(personas.respondent)
    response = create(client, personas.respondent_membership, scope="write", days=30)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    shown = TOKEN_RE.findall(page)
    assert len(set(shown)) == 1 and "hanya ditampilkan sekali" in page
    token = ApiToken.objects.get(key_hash=hash_token(shown[0]))
    assert token.name == "Portal Satu Data" and token.scope == TokenScope.WRITE
    assert token.membership == personas.respondent_membership
    assert 29 <= (token.expires_at - token.created_at).days <= 30
    again = client.get(reverse("api_tokens:list")).content.decode()
    assert shown[0] not in again and TOKEN_RE.search(again) is None
    assert token.prefix in again and "Portal Satu Data" in again


def test_posting_the_same_form_again_makes_no_second_token(as_user, personas) -> None:
    """A reload of the page that showed the token re-posts its form: one token, and a word."""
    url = reverse("api_tokens:list")
    client = as_user(personas.admin)
    once = re.search(r'name="once" value="([^"]+)"', client.get(url).content.decode()).group(1)
    data = {
        "name": "Skrip Satu Data",
        "membership": personas.admin_membership.pk,
        "scope": TokenScope.READ,
        "days": 90,
        "once": once,
    }
    first = client.post(url, data)
    assert first.status_code == 200 and TOKEN_RE.search(first.content.decode())
    again = client.post(url, data, follow=True)
    assert ApiToken.objects.filter(name="Skrip Satu Data").count() == 1
    assert "memuat ulang tidak membuat token kedua" in again.content.decode()
    # A fresh form (its own value) makes a new token as before.
    data["once"] = re.search(
        r'name="once" value="([^"]+)"', client.get(url).content.decode()
    ).group(1)
    assert client.post(url, data).status_code == 200
    assert ApiToken.objects.filter(name="Skrip Satu Data").count() == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "   "}, "Nama token wajib diisi."),
        ({"name": "x" * 101}, "Nama token paling panjang 100 karakter."),
        ({"scope": "admin"}, "Cakupan harus baca atau baca-tulis."),
        ({"days": 9999}, "Pilih masa berlaku dari daftar."),
    ],
    ids=["blank name", "long name", "bad scope", "bad validity"],
)
def test_bad_input_names_the_problem_and_creates_nothing(as_user, personas, data, message):
    client = as_user(personas.respondent)
    response = create(client, personas.respondent_membership, **data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert ApiToken.objects.count() == 0


def test_a_token_acts_only_as_one_of_your_own_active_memberships(as_user, personas) -> None:
    client = as_user(personas.respondent)
    response = create(client, personas.admin_b_membership)
    assert "Pilih salah satu peran aktif Anda." in response.content.decode()
    personas.respondent_membership.is_active = False
    personas.respondent_membership.save()
    response = create(client, personas.respondent_membership)
    assert "Anda belum memiliki peran aktif" in response.content.decode()
    assert ApiToken.objects.count() == 0


def test_the_page_lists_only_your_tokens_and_revokes_after_a_confirmation(as_user, personas):
    mine, _ = create_token(personas.respondent_membership, "Milik saya", "read", days=30)
    theirs, _ = create_token(personas.admin_membership, "Milik admin", "write", days=30)
    client = as_user(personas.respondent)
    page = client.get(reverse("api_tokens:list")).content.decode()
    assert "Milik saya" in page and "Milik admin" not in page
    assert 'data-confirm="Cabut token “Milik saya”?' in page
    assert client.get(reverse("api_tokens:revoke", args=[mine.pk])).status_code == 405
    assert client.post(reverse("api_tokens:revoke", args=[theirs.pk])).status_code == 404
    response = client.post(reverse("api_tokens:revoke", args=[mine.pk]), follow=True)
    assert "Token “Milik saya” dicabut." in response.content.decode()
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.revoked_at is not None and theirs.revoked_at is None


def test_the_profile_links_to_the_token_page(as_user, personas) -> None:
    page = as_user(personas.respondent).get(reverse("accounts:profile")).content.decode()
    assert reverse("api_tokens:list") in page


def test_signing_in_is_needed(client) -> None:
    response = client.get(reverse("api_tokens:list"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("count", [1, 8])
def test_the_list_query_count_does_not_grow_with_tokens(
    as_user, personas, django_assert_max_num_queries, count
) -> None:
    for n in range(count):
        create_token(personas.respondent_membership, f"Token {n}", "read", days=30)
    client = as_user(personas.respondent)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("api_tokens:list"))
    assert response.content.decode().count('<tr id="token-') == count


def test_the_page_links_to_the_served_api_docs(as_user, personas, client) -> None:
    page = as_user(personas.respondent).get(reverse("api_tokens:list")).content.decode()
    docs = reverse("api:docs")
    assert f'<a href="{docs}">dokumentasi API</a>' in page
    assert "docs/api.md" not in page
    # The link leads to the documentation itself, for whoever follows it.
    assert client.get(docs).status_code == 200
