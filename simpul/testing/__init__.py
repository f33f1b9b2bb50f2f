"""Test support, never imported by the product: the pytest plugin that sets the environment
before Django reads its settings (`env.py`) and Playwright on Debian's Chromium (`browser.py`)."""
