"""The production WSGI application plus one bench-only floor view (used by bench/page_mix.py).

gunicorn loads this module only when bench/page_mix.py names it (`--pythonpath bench
page_mix_wsgi:application`); production runs `simpul.wsgi:application` (deploy/gunicorn.conf.py),
whose URLs do not include the floor, so the floor is not reachable in production.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.conf import settings  # noqa: E402

from simpul.wsgi import application  # noqa: E402

# The same settings, middleware and URLs, plus /bench/lantai/ (bench/page_mix_urls.py).
settings.ROOT_URLCONF = "page_mix_urls"

__all__ = ["application"]
