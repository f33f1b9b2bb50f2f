"""Forum files (attachments, the personal-data export, the figures CSV) are kept by no browser
or shared cache."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from simpul.forum import operations
from simpul.forum.models import PostKind

from .test_access import _tiny_png


def private(response) -> bool:
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    return {"private", "no-store"} <= directives


def test_an_attachment_is_not_cached(personas, as_user, i20, no_rate_limit):
    thread = operations.start_thread(
        personas.agency_a,
        membership=personas.admin_membership,
        title="Foto",
        kind=PostKind.QUESTION,
        body="Lihat lampiran.",
        indicator=i20,
        files=[SimpleUploadedFile("foto.png", _tiny_png(), content_type="image/png")],
    )
    item = thread.posts.get().attachments.get()
    response = as_user(personas.respondent).get(reverse("forum:attachment", args=[item.pk]))
    assert response.status_code == 200 and private(response)


def test_the_personal_data_export_and_the_figures_are_not_cached(personas, as_user, obstacle):
    partner = as_user(personas.partner).get(reverse("forum:my_data_export"))
    assert partner.status_code == 200 and private(partner)
    figures = as_user(personas.admin).get(reverse("forum:figures_csv"))
    assert figures.status_code == 200 and private(figures)
