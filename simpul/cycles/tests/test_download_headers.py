"""The Berita Acara PDF is kept by no browser or shared cache."""

from django.urls import reverse

from simpul.cycles import operations

from .test_lock import answered  # noqa: F401 - a fixture


def test_the_berita_acara_is_not_cached(as_user, answered, people, personas):  # noqa: F811
    operations.lock_self_assessment(answered, membership=people.admin)
    response = as_user(personas.leader).get(reverse("cycles:berita_acara", args=[answered.pk]))
    assert response.status_code == 200
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives
