"""Meeting files (calendar entry, minutes PDF, photos) are kept by no browser or shared cache."""

import pytest
from django.urls import reverse

from simpul.evidence.tests import samples
from simpul.meetings import operations


def private(response) -> bool:
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    return {"private", "no-store"} <= directives


@pytest.mark.parametrize("name", ["ics", "pdf"])
def test_the_calendar_entry_and_the_minutes_are_not_cached(personas, as_user, meeting, name):
    response = as_user(personas.admin).get(reverse(f"meetings:{name}", args=[meeting.pk]))
    assert response.status_code == 200 and private(response)


def test_a_meeting_photo_is_not_cached(personas, as_user, meeting):
    photo = operations.add_photo(
        meeting, samples.upload("a.png", samples.png_bytes()), membership=personas.admin_membership
    )
    response = as_user(personas.admin).get(reverse("meetings:photo", args=[meeting.pk, photo.pk]))
    assert response.status_code == 200 and private(response)
    assert "Permissions-Policy" in response
