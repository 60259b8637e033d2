"""German query and document analysis (shared by both database backends)."""

from __future__ import annotations

import re
import unicodedata

_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss", "ẞ": "ss"})
_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower case, umlauts and ß folded, other accents removed, spaces collapsed."""
    text = text.casefold().translate(_FOLD)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _SPACE.sub(" ", text).strip()
