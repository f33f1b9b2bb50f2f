"""Name normalisation: "Pemerintah Kabupaten Natuna (demo)" and "Pemerintah Kab. Natuna" are one
instansi."""

import re

_PARENS = re.compile(r"\([^)]*\)")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_WORDS = {
    "kabupaten": "kab",
    "kab": "kab",
    "kota": "kota",
    "provinsi": "provinsi",
    "prov": "provinsi",
}
_DROP = {"pemerintah", "pemkab", "pemkot", "pemprov"}


def normalise(name: str) -> str:
    text = _PARENS.sub(" ", name.lower())
    words = [w for w in _NON_WORD.sub(" ", text).split() if w not in _DROP]
    return " ".join(_WORDS.get(w, w) for w in words)
