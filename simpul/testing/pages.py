"""Helpers for tests that compare whole pages."""

import re

# Django masks the CSRF token afresh in every response (64 letters and digits).
CSRF_TOKEN = re.compile(r"[A-Za-z0-9]{64}")


def without_csrf(page) -> str:
    """A page's HTML (a response or its text) without its per-response CSRF tokens."""
    html = page if isinstance(page, str) else page.content.decode()
    return CSRF_TOKEN.sub("", html)
