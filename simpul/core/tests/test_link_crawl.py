"""Every link a person sees works for that person: a crawl of the demo as each demo role.

Starting from the home page, the crawl follows every same-site link on every page it reaches
(GET only; at most a few pages per URL pattern, so that 114 answer pages count as one kind of
page) and records every link that answers 403, 404 or 500. The list must be empty.
"""

import re
from collections import Counter
from html import unescape
from urllib.parse import urldefrag, urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve

from simpul.accounts.models import User
from simpul.testing.demo import load_demo

HREF = re.compile(r'<a\s[^>]*href="([^"]+)"', re.IGNORECASE)
# Python's None rendered as text: a value a template forgot to handle.
NONE_TEXT = re.compile(r">\s*None\s*<")
PER_PATTERN = 3
SKIP_PREFIXES = ("/django-admin/", "/static/", "/akun/keluar")
ROLES = ["admin", "responden", "asesor", "pimpinan", "mitra", "asesor-eksternal"]


@pytest.fixture
def demo(settings, tmp_path):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo()


def crawl(client: Client, on_page=None) -> tuple[list[tuple[str, int, str]], int]:
    """(broken links as (url, status, found on), pages visited). A page showing the text
    "None" counts as broken too (status 0). ``on_page(url, html)`` sees every HTML page
    reached (the text scan of test_page_text.py)."""
    queue = [("/", "—")]
    seen: set[str] = set()
    per_pattern: Counter = Counter()
    broken = []
    visited = 0
    while queue:
        url, source = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        path = urlsplit(url).path
        try:
            match = resolve(path)
            pattern = match.view_name
        except Resolver404:
            pattern = path
        if per_pattern[pattern] >= PER_PATTERN:
            continue
        per_pattern[pattern] += 1
        response = client.get(url)
        visited += 1
        if response.status_code in (403, 404) or response.status_code >= 500:
            broken.append((url, response.status_code, source))
            continue
        if response.status_code in (301, 302):
            target = response["Location"]
            if target.startswith("/"):
                queue.append((target, url))
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        if on_page is not None:
            on_page(url, html)
        if NONE_TEXT.search(html):
            broken.append((url, 0, "teks None di halaman"))
        for href in HREF.findall(html):
            href = urldefrag(unescape(href))[0]
            if not href.startswith("/") or href.startswith("//"):
                continue
            if href.startswith(SKIP_PREFIXES):
                continue
            queue.append((href, url))
    return broken, visited


@pytest.mark.django_db
@pytest.mark.parametrize("username", ROLES)
def test_every_link_a_role_sees_works_for_it(demo, username):
    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    broken, visited = crawl(client)
    assert visited > 10
    assert broken == [], "\n".join(
        f"{status} {url} (dari {source})" for url, status, source in broken
    )
