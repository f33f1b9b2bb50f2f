import re
from decimal import Decimal

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from simpul.core import palette
from simpul.core.numbers import number_text, signed_text

register = template.Library()


@register.filter
def predicate_badge(name: str | None) -> SafeString:
    """A predicate in its colour (palette.py): <span class="badge pred-baik">Baik</span>."""
    if not name:
        return mark_safe("–")
    key = palette.predicate_key(name)
    return format_html('<span class="badge{}">{}</span>', f" pred-{key}" if key else "", name)


@register.simple_tag
def palette_css() -> SafeString:
    """The palette's badge rules for a document's own <style> (PDFs do not load simpul.css)."""
    return mark_safe(palette.print_css())  # noqa: S308 - built from constants in palette.py


@register.filter
def level_badge(level: int | None) -> SafeString:
    """A maturity level in its colour (palette.py): <span class="badge level-3">3</span>."""
    if level not in palette.LEVELS:
        level = None
    shown = "–" if level is None else level
    return format_html('<span class="badge level-{}">{}</span>', palette.level_key(level), shown)


@register.filter
def highlight(text: str, query: str) -> SafeString:
    """Escape the text, then mark every occurrence of each query word."""
    escaped = escape(text or "")
    words = sorted({w for w in (query or "").split() if len(w) > 1}, key=len, reverse=True)
    if not words:
        return mark_safe(escaped)  # noqa: S308 - escaped above
    pattern = re.compile("|".join(re.escape(escape(w)) for w in words), re.IGNORECASE)
    return mark_safe(pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", escaped))  # noqa: S308


@register.filter
def weight(value: Decimal | None) -> str:
    """A weight as the regulation prints it: no trailing zeros, comma as decimal mark."""
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text.replace(".", ",")


@register.filter
def angka(value, places=None) -> str:
    """A number for reading, in the active language's format: {{ index|angka }} ("3,61"),
    {{ value|angka:2 }}. Numeric text (an engine's display, "3.61") is reformatted too."""
    if value is None or value == "":
        return "—"  # the placeholder the tables already used
    return number_text(value, None if places in (None, "") else int(places))


@register.filter
def selisih(value, places=2) -> str:
    """A change with its sign: {{ change|selisih }} ("+0,25", "−0,10", "±0,00")."""
    return signed_text(value, int(places))
