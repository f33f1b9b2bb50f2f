"""One way to turn a template into a PDF (WeasyPrint), for every official document.

Every PDF Simpul makes (Berita Acara, notulen, the period report) is an official document of an
Indonesian agency: it is rendered in Indonesian and, given the agency's zone, with its times in
that zone, whoever builds it (a page, an export, a worker). `official_document` is that setting,
for callers that gather their context under it too; `render_pdf` applies it around the template.

Resources: a document may name files under `STATIC_URL` (`{% static %}` stylesheets, images,
fonts); they are read from the static files on disk (the finders, then `STATIC_ROOT`), never
fetched over the network. Any other URL except `data:` is refused, so rendering a document
makes no request to this server or to any other host, whatever the template or its data say.
"""

from __future__ import annotations

import mimetypes
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation

# Where relative URLs in a document resolve when there is no request to take the host from.
# Only its path matters: the fetcher below reads static files by path and fetches no host.
BASE_URL = "https://simpul.invalid/"


@contextmanager
def official_document(zone=None):
    """In Indonesian, and in `zone` (a tzinfo) when given."""
    with ExitStack() as stack:
        stack.enter_context(translation.override("id"))
        if zone is not None:
            stack.enter_context(timezone.override(zone))
        yield


def render_html(template_name: str, context: dict, *, zone=None, request=None) -> str:
    """The document's HTML: the template rendered as an official document."""
    with official_document(zone):
        return render_to_string(template_name, context, request=request)


def render_pdf(template_name: str, context: dict, *, zone=None, request=None) -> bytes:
    """The template rendered as an official document, as the bytes of one PDF."""
    return html_to_pdf(
        render_html(template_name, context, zone=zone, request=request), request=request
    )


def html_to_pdf(html: str, *, request=None) -> bytes:
    """Already rendered HTML as a PDF, resources resolved as described above."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    # One font configuration per document, shared by the HTML and any @font-face it loads.
    font_config = FontConfiguration()
    base_url = request.build_absolute_uri("/") if request is not None else BASE_URL
    document = HTML(string=html, base_url=base_url, url_fetcher=_static_fetcher())
    return document.write_pdf(font_config=font_config)


def static_path(url: str) -> Path | None:
    """The file on disk a document URL names, if it names a static file; else None."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https", "file"):
        return None
    path = unquote(parts.path)
    prefix = urlsplit(settings.STATIC_URL).path
    if not path.startswith(prefix):
        return None
    relative = path[len(prefix) :]
    if not relative or ".." in Path(relative).parts:
        return None
    found = finders.find(relative)
    if found:
        return Path(found)
    candidate = Path(settings.STATIC_ROOT) / relative
    return candidate if candidate.is_file() else None


def _static_fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFetcher(URLFetcher):
        """Static files from disk, `data:` URLs as WeasyPrint reads them, nothing else."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = static_path(url)
            if path is None:
                raise ValueError(f"Not a static file of this site: {url}")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                url, path.read_bytes(), headers={"Content-Type": content_type}
            )

    return StaticFetcher()
