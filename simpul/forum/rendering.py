"""Markdown to safe HTML for forum posts.

Markdown is rendered first, then everything passes through nh3 (ammonia): only a small set of
tags survives, no attributes that run script (on*, style), only http(s)/mailto links, and
every link gets rel="nofollow noopener noreferrer". Raw HTML typed into a post is escaped by
markdown's own `escape` of HTML blocks before sanitising, so it shows as text.
"""

import functools
import re
import threading

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
MENTION = re.compile(r"(?<![\w@])@([\w.\-]{2,150})")


class _EscapeHtml(markdown.Extension):
    """Treat raw HTML in the source as text, not markup."""

    def extendMarkdown(self, md):  # noqa: N802 (markdown's API)
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


_converters = threading.local()


def _converter() -> markdown.Markdown:
    """One converter per thread, reset between posts: building one (its parser and extensions)
    cost more than converting a short post, and a thread page converts every reply."""
    converter = getattr(_converters, "markdown", None)
    if converter is None:
        converter = markdown.Markdown(
            extensions=[_EscapeHtml(), "sane_lists"], output_format="html"
        )
        _converters.markdown = converter
    return converter.reset()


@functools.lru_cache(maxsize=1024)
def render_markdown(text: str) -> SafeString:
    """The post's safe HTML. Kept per process by the text itself (a thread page shows the same
    posts on every view, and an edited post is a new text), at most 1,024 posts: with posts of
    at most 10,000 characters, a bound of about 20 MB per process."""
    return sanitise(_converter().convert(text))


def sanitise(html: str) -> SafeString:
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )
    return mark_safe(clean)  # noqa: S308 (sanitised by nh3 just above)


def mentioned_usernames(text: str) -> set[str]:
    return {name.rstrip(".").lower() for name in MENTION.findall(text)}
