"""Loaded by pytest (`-p simpul.testing_env`) before Django reads its settings.

Tests run with the development settings; Django's test runner turns DEBUG off itself.
"""

import os

os.environ.setdefault("DEBUG", "1")
# Playwright's sync API runs an event loop in the test thread; the ORM calls made around it
# (fixtures, assertions) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
