"""The in-app inbox: every notification lands there, with an unread count in the header."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from simpul.notifications.api import notify
from simpul.notifications.models import (
    Delivery,
    InboxItem,
    NotificationKind,
    NotificationPreference,
)


def tell(personas, user, subject="Tugas baru: 1. Kebijakan", url="/periode/"):
    notify([user], kind=NotificationKind.REVIEW, agency=personas.agency_a, subject=subject,
           body="Anda ditugasi.", url=url)  # fmt: skip


def test_a_notification_lands_in_the_inbox_even_when_email_is_off(personas, as_user):
    NotificationPreference.objects.create(
        user=personas.respondent, kind=NotificationKind.REVIEW, delivery=Delivery.OFF
    )
    tell(personas, personas.respondent)
    client = as_user(personas.respondent)
    home = client.get(reverse("core:home")).content.decode()
    assert 'id="kotak-masuk-tautan"' in home and "1 belum dibaca" in home
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "<strong>Tugas baru: 1. Kebijakan</strong>" in page and "data-unread" in page


def test_opening_marks_it_read_and_goes_where_it_points(personas, as_user):
    tell(personas, personas.respondent, url="/periode/")
    item = InboxItem.objects.get()
    client = as_user(personas.respondent)
    response = client.get(reverse("notifications:inbox_open", args=[item.pk]))
    assert response.status_code == 302 and response["Location"] == "/periode/"
    item.refresh_from_db()
    assert item.read_at is not None
    assert "belum dibaca" not in client.get(reverse("core:home")).content.decode()


def test_a_link_elsewhere_is_not_followed(personas, as_user):
    tell(personas, personas.respondent, url="https://jahat.example/")
    item = InboxItem.objects.get()
    response = as_user(personas.respondent).get(reverse("notifications:inbox_open", args=[item.pk]))
    assert response["Location"] == reverse("notifications:inbox")


def test_someone_elses_notification_is_404_and_stays_unread(personas, as_user):
    tell(personas, personas.admin)
    item = InboxItem.objects.get()
    url = reverse("notifications:inbox_open", args=[item.pk])
    assert as_user(personas.respondent).get(url).status_code == 404
    item.refresh_from_db()
    assert item.read_at is None


def test_mark_all_read(personas, as_user):
    for n in range(3):
        tell(personas, personas.respondent, subject=f"Tugas {n}")
    client = as_user(personas.respondent)
    client.post(reverse("notifications:inbox_read_all"))
    assert not InboxItem.objects.filter(read_at__isnull=True).exists()


def test_the_inbox_reads_the_same_number_of_queries_however_full(personas, as_user):
    client = as_user(personas.respondent)
    counts = []
    for total in (1, 30):
        while InboxItem.objects.count() < total:
            tell(personas, personas.respondent, subject=f"Tugas {InboxItem.objects.count()}")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("notifications:inbox")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
