"""Framework data in the interface language.

The shipped frameworks carry editorial notes and source descriptions as their compilers wrote
them, some in English. The Indonesian interface leaves out a text that reads as English (and
the English half of a bilingual notice); the English interface shows everything. Official
criteria texts are never touched.
"""

import re

from django import template
from django.utils.translation import get_language

register = template.Library()

# Words of English prose that Indonesian text never uses; one makes a text English. Not here:
# short words and loanwords that Indonesian technical text does use ("at-rest", "in-transit",
# "log/riwayat", "skor"), which once hid an Indonesian evidence description.
_ENGLISH = frozenset({
    "the", "and", "or", "of", "with", "is", "are", "was", "were", "be", "been", "not", "from",
    "for", "this", "that", "these", "those", "its", "into", "by", "has", "have", "had", "which",
    "who", "only", "also", "but", "if", "than", "then", "there", "their", "they", "we", "our",
    "you", "your", "same", "adds", "drops", "says", "gives", "puts", "them", "unverified",
    # English content words whose Indonesian forms differ (sumber, kriteria, indikator, skor…).
    "source", "sources", "indicator", "indicators", "aspects", "weights", "criteria", "score",
    "structure", "documents", "prepare", "description", "module", "project", "seed", "change",
    "official", "primary", "secondary", "superseded", "verified", "published",
})  # fmt: skip
_WORD = re.compile(r"[A-Za-z]+")
_PARAGRAPHS = re.compile(r"\n\s*\n")


def looks_english(text: str) -> bool:
    words = [word.lower() for word in _WORD.findall(text)]
    return any(word in _ENGLISH for word in words)


def _english_interface() -> bool:
    return (get_language() or "").startswith("en")


@register.filter
def in_language(value):
    """A text, or the paragraphs of it, that suit the interface language ("" when none)."""
    if not value or _english_interface():
        return value
    kept = [part for part in _PARAGRAPHS.split(str(value)) if not looks_english(part)]
    return "\n\n".join(kept)


@register.filter
def in_language_list(values):
    """The texts of a list that suit the interface language."""
    if not values or _english_interface():
        return values
    return [value for value in values if not looks_english(str(value))]
