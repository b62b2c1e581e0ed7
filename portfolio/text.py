"""Text normalisation shared by matching, search and identity keys."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[^0-9a-z]+")


@lru_cache(maxsize=65_536)
def fold(text: str) -> str:
    """Case- and accent-folded text: 'Türkiye' -> 'turkiye', keeping punctuation."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


@lru_cache(maxsize=65_536)
def normalise_key(text: str) -> str:
    """A matching key: folded, '&' as 'and', punctuation as spaces, no leading 'the'.

    "Côte d'Ivoire", "cote d ivoire" and "COTE D'IVOIRE" share one key; so do
    "Kosovo*" and "kosovo".
    """
    folded = fold(text).replace("&", " and ")
    key = _NON_WORD.sub(" ", folded).strip()
    if key.startswith("the "):
        key = key[4:]
    return key
