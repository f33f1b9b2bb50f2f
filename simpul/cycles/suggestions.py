"""Which units probably own an indicator, from the framework's `typical_owner_units` text.

The text is an estimate written for people ("Diskominfo (penyusun rancangan) + Bagian
Hukum Setda"), so matching is deliberately plain: a unit is suggested when its short name
or full name appears in the text as whole words, or when a phrase of two or more words
from the text appears in its name. Pure: fed with plain strings, no database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Spellings that mean the same thing in unit names and in the framework text.
_SYNONYMS = ((r"\bbag\.", "bagian "), (r"\bsekretariat daerah\b", "setda"))
_PARTS = re.compile(r"[+,;/]|\bdan\b|\bsebagai\b|\batau\b")


def normalise(text: str) -> str:
    text = text.lower()
    for pattern, replacement in _SYNONYMS:
        text = re.sub(pattern, replacement, text)
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def _contains(haystack: str, needle: str) -> bool:
    return bool(needle) and f" {needle} " in f" {haystack} "


def owner_phrases(text: str) -> list[str]:
    """The owner phrases of the text, without remarks in parentheses."""
    without_remarks = re.sub(r"\([^)]*\)", " ", text.lower())
    return [normalise(part) for part in _PARTS.split(without_remarks) if normalise(part)]


def suggested_units(typical_owner_units: str, units: Iterable[tuple[int, str, str]]) -> list[int]:
    """The ids of the units, given as (id, name, short name), that the text names."""
    text = normalise(typical_owner_units)
    if not text:
        return []
    phrases = [p for p in owner_phrases(typical_owner_units) if len(p.split()) >= 2]
    found = []
    for pk, name, short_name in units:
        name_key, short_key = normalise(name), normalise(short_name)
        if (
            (len(short_key) >= 3 and _contains(text, short_key))
            or _contains(text, name_key)
            or any(_contains(name_key, phrase) for phrase in phrases)
        ):
            found.append(pk)
    return found
