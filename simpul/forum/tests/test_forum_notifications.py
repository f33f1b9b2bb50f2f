import pytest
from django.core import mail

from simpul.forum import operations
from simpul.notifications.operations import deliver_due


@pytest.fixture(autouse=True)
def locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_a_mention_notifies_the_named_member(
    personas, obstacle, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        operations.reply(
            obstacle, membership=personas.admin_membership, body="@respondent mohon ditanggapi"
        )
    deliver_due()
    mention = [m for m in mail.outbox if "menyebut Anda" in m.subject]
    assert [m.to for m in mention] == [[personas.respondent.email]]


def test_followers_hear_of_replies_but_not_the_author(
    personas, obstacle, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        operations.reply(
            obstacle, membership=personas.admin_membership, body="Kami tindak lanjuti."
        )
    deliver_due()
    assert [m.to for m in mail.outbox] == [[personas.partner.email]]


def test_a_mention_of_someone_in_another_agency_sends_nothing(
    personas, obstacle, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        operations.reply(
            obstacle, membership=personas.partner_membership, body="@admin_b lihat ini"
        )
    deliver_due()
    assert all(personas.admin_b.email not in m.to for m in mail.outbox)
