"""Reading a query: place names, synonyms, compounds, typos → concepts to match.

A query becomes a list of **concepts** (one per word or recognised phrase). A concept
is matched by any of its **alternatives**; an alternative is a tuple of index tokens
that must all occur in the offer. Each alternative has a weight (1.0 the word itself,
0.8 its compound parts, 0.9 a synonym) used by the scoring.

Order of the steps:

1. Stadtteil / Stadtbezirk / Gemeinde names (longest match, up to four words, case,
   umlauts and hyphens ignored) become area filters and leave the text.
2. Synonym phrases (longest match first) become one concept with every member of the
   group as alternative (“ältere Menschen” → senior | alt+mensch | …).
3. Every other word: is it known (indexed, in the lexicon, a synonym, or decomposable)?
   If not, and it is long enough, the nearest indexed word within edit distance 1
   (5–7 letters) or 2 (8+ letters) replaces it (most frequent first). Known words are
   never “corrected”.
4. A compound adds its parts as an alternative (Familienberatung → famili+berat).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from praevnav.catalogue.search.analysis import Lexicon, fold, raw_words, stem, words
from praevnav.catalogue.search.lexicon_de import SOFT_PARTS, SOFT_WORDS, STOPWORDS

W_WORD, W_SYNONYM, W_PARTS = 1.0, 0.9, 0.8
MAX_PHRASE = 4


@dataclass(frozen=True)
class Alternative:
    tokens: tuple[str, ...]
    weight: float


@dataclass
class Concept:
    text: str
    alternatives: list[Alternative]
    soft: bool = False


@dataclass
class AnalysedQuery:
    concepts: list[Concept] = field(default_factory=list)
    area_codes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    remaining: str = ""  # the typed text without the recognised area names


def damerau(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance, stopping early above ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        best = cur[0]
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
            best = min(best, cur[j])
        if best > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def _deletes(word: str, depth: int) -> set[str]:
    out = {word}
    frontier = {word}
    for _i in range(depth):
        nxt = set()
        for w in frontier:
            for k in range(len(w)):
                nxt.add(w[:k] + w[k + 1 :])
        out |= nxt
        frontier = nxt
    return out


def max_typo_distance(word: str) -> int:
    if len(word) >= 8:
        return 2
    if len(word) >= 5:
        return 1
    return 0


class QueryContext:
    """What query analysis knows about one tenant: indexed words and their frequency,
    indexed tokens, the lexicon, synonym groups and area names."""

    def __init__(
        self,
        *,
        word_freq: dict[str, int],
        tokens: set[str],
        lexicon_words: Iterable[str],
        synonym_groups: Sequence[Sequence[str]],
        area_names: Sequence[tuple[str, str, str]],  # (code, name, level)
    ):
        self.word_freq = word_freq
        self.tokens = tokens
        self.lexicon = Lexicon(set(lexicon_words) | set(word_freq))
        self.known_stems = tokens | {stem(w) for w in self.lexicon.words}
        # Synonyms: phrase (tuple of stems) -> group numbers; group -> member phrases.
        self.groups: list[list[tuple[str, ...]]] = []
        self.phrase_groups: dict[tuple[str, ...], set[int]] = defaultdict(set)
        for members in synonym_groups:
            phrases = []
            for member in members:
                key = tuple(stem(w[0]) for w in words(member))
                if key and key not in phrases:
                    phrases.append(key)
            if len(phrases) < 2:
                continue
            index = len(self.groups)
            self.groups.append(phrases)
            for key in phrases:
                self.phrase_groups[key].add(index)
        self.areas: dict[tuple[str, ...], tuple[str, str]] = {}
        for code, name, _level in area_names:
            key = tuple(fold(name).replace("-", " ").replace("/", " ").split())
            if key and len("".join(key)) >= 3 and key not in self.areas:
                self.areas[key] = (code, name)
        self._deletes: dict[str, set[str]] | None = None

    # --- typos ------------------------------------------------------------------------

    def _delete_index(self) -> dict[str, set[str]]:
        if self._deletes is None:
            index: dict[str, set[str]] = defaultdict(set)
            for word in self.word_freq:
                if len(word) >= 5 and word.isalpha():
                    for variant in _deletes(word, 1):
                        index[variant].add(word)
            self._deletes = index
        return self._deletes

    def correct(self, word: str) -> str | None:
        """The indexed word nearest to an unknown ``word`` (None: nothing close)."""
        limit = max_typo_distance(word)
        if not limit:
            return None
        index = self._delete_index()
        candidates: set[str] = set()
        for variant in _deletes(word, limit):
            candidates |= index.get(variant, set())
        best: tuple[int, int, str] | None = None
        for cand in candidates:
            if abs(len(cand) - len(word)) > limit:
                continue
            d = damerau(word, cand, limit)
            if d <= limit:
                key = (d, -self.word_freq.get(cand, 0), cand)
                if best is None or key < best:
                    best = key
        return best[2] if best else None

    def is_known(self, word: str) -> bool:
        return (
            word in self.word_freq
            or stem(word) in self.tokens
            or word in self.lexicon.words
            or word in STOPWORDS
            or (stem(word),) in self.phrase_groups
            or self.lexicon.split(word) is not None
        )

    # --- the analysis -----------------------------------------------------------------

    def analyse(self, text: str) -> AnalysedQuery:
        result = AnalysedQuery()
        tokens = self._take_areas(text, result)
        if result.area_codes:  # "Beratung in Bilk" → "Beratung"
            result.remaining = " ".join(t for t in tokens if fold(t) not in STOPWORDS)
        else:
            result.remaining = " ".join(tokens)
        # words() per remaining token keeps hyphen groups together.
        items: list[list[str]] = []
        for raw in tokens:
            items.extend(words(raw))
        i = 0
        while i < len(items):
            taken = self._synonym_phrase(items, i, result)
            if taken:
                i += taken
                continue
            self._word(items[i], result)
            i += 1
        return result

    def _take_areas(self, text: str, result: AnalysedQuery) -> list[str]:
        raws = [r.strip("-") for r in raw_words(text)]
        raws = [r for r in raws if r]
        folded = [fold(r).replace("-", " ").split() for r in raws]
        # Flatten hyphenated names (Flingern-Nord) into single words for matching.
        flat: list[tuple[str, int]] = [(w, k) for k, ws in enumerate(folded) for w in ws]
        used_raw: set[int] = set()
        j = 0
        while j < len(flat):
            hit = None
            for n in range(min(MAX_PHRASE, len(flat) - j), 0, -1):
                key = tuple(w for w, _k in flat[j : j + n])
                if key in self.areas:
                    hit = (n, self.areas[key])
                    break
            if hit:
                n, (code, name) = hit
                raw_ids = {k for _w, k in flat[j : j + n]}
                used_raw |= raw_ids
                if code not in result.area_codes:
                    result.area_codes.append(code)
                    result.notes.append(
                        _("“%(name)s” recognised as an area and used as a filter.") % {"name": name}
                    )
                j += n
            else:
                j += 1
        return [r for k, r in enumerate(raws) if k not in used_raw]

    def _synonym_phrase(self, items: list[list[str]], i: int, result: AnalysedQuery) -> int:
        for n in range(min(MAX_PHRASE, len(items) - i), 0, -1):
            key = tuple(stem(item[0]) for item in items[i : i + n])
            groups = self.phrase_groups.get(key)
            if not groups:
                continue
            if n == 1:
                return 0  # single words are handled (with compounds) in _word
            alternatives = [Alternative(key, W_WORD)]
            self._add_group_members(groups, key, alternatives)
            text = " ".join(item[0] for item in items[i : i + n])
            result.concepts.append(Concept(text, alternatives))
            return n
        return 0

    def _add_group_members(
        self, groups: set[int], own: tuple[str, ...], alternatives: list[Alternative]
    ) -> None:
        seen = {a.tokens for a in alternatives}
        for g in sorted(groups):
            for phrase in self.groups[g]:
                if phrase != own and phrase not in seen:
                    alternatives.append(Alternative(phrase, W_SYNONYM))
                    seen.add(phrase)

    def _word(self, item: list[str], result: AnalysedQuery) -> None:
        word = item[0]
        typed = word
        if not self.is_known(word):
            fixed = None
            if any(d in word for d in ("ae", "oe", "ue")):
                variant = word.replace("ae", "a").replace("oe", "o").replace("ue", "u")
                if self.is_known(variant):
                    fixed = variant
            if fixed is None and len(item) == 1:
                fixed = self.correct(word)
                if fixed is not None:
                    result.notes.append(
                        _("Searched for “%(corrected)s” instead of “%(typed)s”.")
                        % {"corrected": fixed, "typed": typed}
                    )
            if fixed is not None:
                word = fixed
        own = (stem(word),)
        alternatives = [Alternative(own, W_WORD)]
        parts = self.lexicon.split(word)
        if parts:
            # "Bewegungsangebote": the parts that say what is sought (not "Angebot")
            content = [p for p in parts if p not in SOFT_PARTS] or list(parts)
            alternatives.append(Alternative(tuple(stem(p) for p in content), W_PARTS))
        if len(item) > 1:  # hyphenated: the parts together
            alternatives.append(Alternative(tuple(stem(p) for p in item[1:]), W_PARTS))
        groups = self.phrase_groups.get(own, set())
        if groups:
            self._add_group_members(groups, own, alternatives)
        unique: dict[tuple[str, ...], Alternative] = {}
        for alt in alternatives:
            if alt.tokens and (alt.tokens not in unique or unique[alt.tokens].weight < alt.weight):
                unique[alt.tokens] = alt
        result.concepts.append(Concept(typed, list(unique.values()), soft=word in SOFT_WORDS))
