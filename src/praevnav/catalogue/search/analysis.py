"""German query and document analysis, shared by both database backends.

Documents and queries go through the same steps, so the index never depends on the
database: the backends only store and match the tokens made here.

1. **Normalise** (``fold``): lower case, ä/ö/ü → a/o/u, ß → ss, accents removed. The
   text shown to people is never folded.
2. **Tokenise** (``words``): letters and digits; hyphenated words give their parts and
   the joined word (Eltern-Kind-Gruppe → eltern, kind, gruppe, elternkindgruppe);
   stopwords dropped.
3. **Stem** (``stem``): Snowball German (Beratungen → berat = Beratung), on the
   lower-cased word with umlauts, then folded; a few plural exceptions (Zentren).
4. **Decompose** (``Lexicon.split``): a word of ≥ 6 letters is split into known parts of
   ≥ 3 letters with the Fugen elements s/es/n/en/e/er/ens/ns between them, fewest parts
   first, then each part again (Familienberatungsstelle → familie|beratung|stelle).
   Documents index the whole word *and* its parts; a query word matches the whole word
   or all its parts (“both directions”).
5. **Synonyms, typos and place names** are query-only (``query.py``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import cast

import snowballstemmer

from praevnav.catalogue.search.lexicon_de import (
    COMPOUND_PARTS,
    LINKING,
    STEM_EXCEPTIONS,
    STOPWORDS,
)

_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss", "ẞ": "ss"})
_SPACE = re.compile(r"\s+")
# A word: letters/digits, possibly joined by hyphens (Eltern-Kind-Gruppe, U3-Betreuung).
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*-?", re.UNICODE)
MIN_PART = 3
MIN_SPLIT = 6
MAX_WORD = 60


def fold(text: str) -> str:
    """Lower case, umlauts and ß folded, other accents removed, spaces collapsed."""
    text = text.casefold().translate(_FOLD)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    return _SPACE.sub(" ", text).strip()


_STEMMER = snowballstemmer.stemmer("german")


def _ascii(token: str) -> str:
    """Index tokens are ``[a-z0-9]+``: other letters (Arabic, Cyrillic, CJK …) are
    spelled as their code point, so such words stay searchable on both databases."""
    if token.isascii():
        return token
    return "".join(c if c.isascii() else f"u{ord(c):x}" for c in token)


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The folded Snowball German stem of one word (any case, umlauts allowed), as an
    ASCII index token."""
    return _ascii(_stem(word))


def _stem(word: str) -> str:
    low = word.casefold()
    folded = fold(low)
    if folded in STEM_EXCEPTIONS:
        return STEM_EXCEPTIONS[folded]
    if len(folded) <= 3 or folded.isdigit():
        return folded
    if len(folded) > 4 and folded.endswith(("ys", "as", "os")):
        # plural -s after a vowel, which Snowball keeps: Babys, Kitas, Handys, Autos
        low = low[:-1]
    return fold(_STEMMER.stemWord(low.replace("ß", "ss")))


def raw_words(text: str) -> list[str]:
    """Word tokens as typed (hyphen groups kept together, a trailing hyphen kept)."""
    return [m.group(0) for m in _WORD.finditer(text)]


def words(text: str) -> list[list[str]]:
    """Folded words of ``text``, each as a list of alternatives: a plain word gives
    ``[word]``, a hyphenated one ``[joined, part1, part2, …]``. Stopwords dropped."""
    out: list[list[str]] = []
    for raw in raw_words(text):
        raw = raw.strip("-")
        if not raw:
            continue
        folded = fold(raw)[:MAX_WORD]
        if "-" in folded:
            parts = [p for p in folded.split("-") if p]
            joined = "".join(parts)
            content = [p for p in parts if p not in STOPWORDS]
            if content:
                out.append([joined, *content])
            continue
        if folded in STOPWORDS:
            continue
        out.append([folded])
    return out


class Lexicon:
    """Known words for decomposing compounds (folded surface forms)."""

    def __init__(self, extra: Iterable[str] = (), *, min_extra: int = 4):
        self.words: set[str] = set(COMPOUND_PARTS)
        for word in extra:
            if len(word) >= min_extra and word not in STOPWORDS and word.isalpha():
                self.words.add(word)
        self._cache: dict[str, tuple[str, ...] | None] = {}

    def _known(self, part: str) -> bool:
        return self._base(part) is not None

    def _base(self, part: str) -> str | None:
        """The lexicon form of a part (a linked or inflected form: Beratungs → beratung)."""
        if len(part) < MIN_PART:
            return None
        if part in self.words:
            return part
        for link in LINKING:
            if part.endswith(link) and len(part) - len(link) >= MIN_PART:
                base = part[: -len(link)]
                if base in self.words:
                    return base
        return None

    def split(self, word: str) -> tuple[str, ...] | None:
        """The atoms of a compound (folded surface parts), or ``None`` if it is none."""
        if word in self._cache:
            return self._cache[word]
        result = self._split(word, depth=0)
        if len(self._cache) > 100_000:
            self._cache.clear()
        self._cache[word] = result
        return result

    def _split(self, word: str, depth: int) -> tuple[str, ...] | None:
        n = len(word)
        if n < MIN_SPLIT or not word.isalpha() or depth > 3:
            return None
        # best[i]: fewest parts covering word[:i] (ties: the longer last part)
        best: list[tuple[int, int] | None] = [None] * (n + 1)
        best[0] = (0, 0)
        for end in range(MIN_PART, n + 1):
            choice: tuple[int, int] | None = None
            for start in range(0, end - MIN_PART + 1):
                prev = best[start]
                if prev is None:
                    continue
                if start == 0 and end == n:
                    continue  # the whole word is not a split
                if self._known(word[start:end]):
                    cand = (prev[0] + 1, start)
                    if choice is None or cand[0] < choice[0]:
                        choice = cand
            best[end] = choice
        if best[n] is None:
            return None
        parts = []
        end = n
        while end > 0:
            # best[n] is set (checked above) and every chosen start had best[start] set,
            # so the walk back only visits filled entries.
            start = cast(tuple[int, int], best[end])[1]
            parts.append(word[start:end])
            end = start
        parts.reverse()
        atoms: list[str] = []
        for part in parts:
            sub = self._split(part, depth + 1)
            atoms.extend(sub if sub else (self._base(part) or part,))
        return tuple(atoms)


def index_tokens(text: str, lexicon: Lexicon) -> list[str]:
    """The tokens a document field is indexed with: stems of its words and of the
    parts of its compounds (in text order, duplicates kept for term frequency)."""
    tokens: list[str] = []
    for alternatives in words(text):
        for word in alternatives:
            tokens.append(stem(word))
            parts = lexicon.split(word)
            if parts:
                tokens.extend(stem(p) for p in parts)
    return tokens


def surface_words(text: str) -> set[str]:
    """Distinct folded words of ``text`` (for the typo vocabulary and the lexicon)."""
    out: set[str] = set()
    for alternatives in words(text):
        out.update(w for w in alternatives if w.isalpha() and len(w) >= 3)
    return out
