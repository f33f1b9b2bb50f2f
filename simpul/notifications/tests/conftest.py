"""Fixtures of the outbox tests: a mail server that refuses connections, and the real worker."""

import pytest

# The forum thread and the meeting of the outage tests, as their apps' tests make them.
from simpul.forum.tests.conftest import i20, obstacle  # noqa: F401
from simpul.meetings.tests.conftest import meeting  # noqa: F401


@pytest.fixture
def mail_down(settings):
    """The SMTP backend pointed at a closed local port: every send is 'connection refused'."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    settings.EMAIL_USE_TLS = False
    settings.WHATSAPP_WEBHOOK_URL = ""


@pytest.fixture
def mail_back(settings):
    """`mail_back()` brings the mail server back: Django's locmem backend (`mail.outbox`)."""

    def back() -> None:
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    return back
