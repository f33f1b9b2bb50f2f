"""Loaded by pytest (`-p simpul.testing.env`) before Django reads its settings.

Tests run with the development settings; Django's test runner turns DEBUG off itself.
DJANGO_ALLOW_ASYNC_UNSAFE is not set here: only tests marked `browser` need it, and the
autouse fixture `async_unsafe_for_browser_tests` in simpul/conftest.py sets it for them alone.
"""

import os

os.environ.setdefault("DEBUG", "1")
