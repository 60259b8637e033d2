"""Duplicate records: the same offer entered twice (pure calculation, no ORM).

Inputs are :class:`OfferFeatures` (a selector builds them from the database, the tests
and benchmarks from generated records). Two steps, never all pairs:

1. :func:`candidate_pairs` — *blocking*. MinHash LSH over character 3-grams of the
   normalised title (words sorted, so reordered words agree) plus the organisation name,
   and exact-key blocks on normalised phone, e-mail, URL (host + path) and street with
   house number. Blocks larger than ``max_block`` (a Träger's main phone on 300 offers)
   are cut down to a sorted neighbourhood by title.
2. :func:`duplicate_pairs` — *comparison* of the candidates only: character n-gram TF-IDF
   cosine on title (3-grams, or set cosine of 2-grams when higher: typos in short
   titles) and description (4-grams), plus field rules (organisation,
   phone, e-mail, URL, address, distance), combined into a score in [0, 1].

The score (weights below) is ``0.6 × text + 0.4 × evidence`` with
``text = 0.65 × title + 0.35 × description`` and ``evidence = 1 − ∏(1 − w)`` over the
matching fields. Two rules keep different offers of one provider apart: titles below
``TITLE_MIN`` never pair, and a conflict (different addresses more than
``NEAR_M`` apart, titles differing in a number such as "A1"/"A2", a different
organisation) multiplies the score by ``CONFLICT_FACTOR``. Reasons are codes with a
value (``{"code": "same_phone", "value": "02115551234"}``) so the CLI JSON carries
them; :func:`praevnav.planning.duplicates_reasons.reason_text` renders them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from praevnav.planning import duplicates_vec as vec
from praevnav.planning.text_norm import (
    fold,
    norm_email,
    norm_phone,
    norm_street,
    norm_url,
    number_tokens,
    sorted_token_key,
)

TITLE_MIN = 0.55
THRESHOLD = 0.72
NEAR_M = 50.0
CONFLICT_FACTOR = 0.7
ORG_SIMILAR = 0.85
EVIDENCE_WEIGHTS = {
    "same_organisation": 0.5,
    "similar_organisation_name": 0.35,
    "same_address": 0.35,
    "same_place": 0.2,
    "same_phone": 0.35,
    "same_email": 0.25,
    "same_url": 0.45,
}
DESCRIPTION_CHARS = 500  # enough to tell offers apart; keeps 100,000 offers fast
MAX_KEYS = 3  # phones, e-mails, URLs compared per offer


@dataclass(frozen=True)
class OfferFeatures:
    """What duplicate and overlap detection look at, for one offer.

    ``areas`` are the codes of the areas the offer is located in or serves;
    ``life_phases``, ``topics`` and ``target_groups`` are term codes.
    """

    id: int
    external_id: str = ""
    title: str = ""
    description: str = ""
    organisation_name: str = ""
    organisation_id: int | None = None
    address: str = ""
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    life_phases: frozenset[str] = frozenset()
    topics: frozenset[str] = frozenset()
    target_groups: frozenset[str] = frozenset()
    areas: frozenset[str] = frozenset()
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class DuplicateMatch:
    """Offers ``a`` and ``b`` (ids, ``a`` first in the input) are probably one offer."""

    a: int
    b: int
    score: float
    reasons: tuple[dict, ...] = field(default_factory=tuple)


class Prepared:
    """Normalised keys and matrices of a feature list, computed once and shared by
    blocking, duplicate comparison and overlap detection."""

    def __init__(self, features: Sequence[OfferFeatures]):
        self.features = list(features)
        self.n = len(self.features)
        self.title_key = [sorted_token_key(f.title) for f in self.features]
        self.org_key = [fold(f.organisation_name) for f in self.features]
        order = sorted(range(self.n), key=lambda i: (self.title_key[i], self.org_key[i], i))
        self.rank = np.empty(self.n, dtype=np.int64)
        self.rank[order] = np.arange(self.n)
        self.address = [norm_street(f.address) for f in self.features]
        self.numbers = [number_tokens(f.title) for f in self.features]
        self._key_ids: dict[str, int] = {}
        self.phone = self._multi([[norm_phone(p) for p in f.phones] for f in self.features])
        self.email = self._multi([[norm_email(e) for e in f.emails] for f in self.features])
        self.url = self._multi([[norm_url(u) for u in f.urls] for f in self.features])
        self.address_id = self._multi([[a] for a in self.address])[:, 0]
        self.org_id = np.array(
            [-1 if f.organisation_id is None else f.organisation_id for f in self.features],
            dtype=np.int64,
        )
        # one number per organisation: its id, else its folded name (negative ids)
        names: dict[str, int] = {}
        self.org_group = np.array(
            [
                f.organisation_id
                if f.organisation_id is not None
                else -2 - names.setdefault(key, len(names))
                for f, key in zip(self.features, self.org_key, strict=True)
            ],
            dtype=np.int64,
        )
        self.lat = np.array([np.nan if f.lat is None else f.lat for f in self.features])
        self.lon = np.array([np.nan if f.lon is None else f.lon for f in self.features])

    def _multi(self, values: list[list[str]]) -> np.ndarray:
        """Up to ``MAX_KEYS`` integer ids per offer (``-1`` = none); equal key, equal id."""
        out = np.full((self.n, MAX_KEYS), -1, dtype=np.int64)
        ids = self._key_ids
        for i, keys in enumerate(values):
            distinct = sorted({k for k in keys if k})[:MAX_KEYS]
            for j, key in enumerate(distinct):
                out[i, j] = ids.setdefault(key, len(ids))
        return out

    def title_signature(self, num_perm: int) -> tuple[np.ndarray, np.ndarray]:
        """MinHash signature of the title 3-grams (cached per size)."""
        cache = self.__dict__.setdefault("_signatures", {})
        if num_perm not in cache:
            rows, ids = vec.char_ngrams(self.title_key, 3)
            cache[num_perm] = vec.minhash(rows, ids, self.n, num_perm=num_perm)
        return cache[num_perm]

    @cached_property
    def title_matrix(self):
        return vec.tfidf_matrix(self.title_key, 3, dims_bits=0)

    @cached_property
    def title_bigrams(self):
        return vec.tfidf_matrix(self.title_key, 2, dims_bits=0, binary=True)

    def description_texts(self, rows) -> list[str]:
        return [
            fold(self.features[i].description[: DESCRIPTION_CHARS + 20])[:DESCRIPTION_CHARS]
            for i in rows
        ]

    @cached_property
    def description_matrix(self):
        return vec.tfidf_matrix(self.description_texts(range(self.n)), 4, dims_bits=20)

    def description_cosine(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Description similarity of pairs. When few offers take part and the full matrix
        is not built yet, only theirs is (IDF then counts over the offers compared)."""
        rows = np.unique(np.concatenate((a, b)))
        if "description_matrix" in self.__dict__ or len(rows) > self.n // 2:
            return vec.pair_cosine(self.description_matrix, a, b)
        matrix = vec.tfidf_matrix(self.description_texts(rows.tolist()), 4, dims_bits=20)
        return vec.pair_cosine(matrix, np.searchsorted(rows, a), np.searchsorted(rows, b))

    @cached_property
    def org_matrix(self):
        return vec.tfidf_matrix(self.org_key, 3, dims_bits=0)


def prepare(features: Sequence[OfferFeatures]) -> Prepared:
    """Normalise ``features`` once for several calls (pass as ``prepared=``)."""
    return Prepared(features)


def candidate_pairs(
    features: Sequence[OfferFeatures],
    *,
    bands: int = 12,
    rows_per_band: int = 3,
    min_title_jaccard: float = 0.2,
    max_block: int = 12,
    window: int = 3,
    prepared: Prepared | None = None,
    stats: dict | None = None,
) -> np.ndarray:
    """Index pairs ``(i, j)``, ``i < j``, worth comparing (sorted, distinct), ``(k, 2)``.

    Blocks (never all pairs):

    * MinHash LSH over the 3-grams of the normalised title, bucketed per organisation
      (``bands`` × ``rows_per_band``: a title Jaccard of 0.5 collides with probability
      0.8, 0.7 with 0.99);
    * MinHash LSH over title + organisation name (6 × 5, strict), for one offer entered
      under two organisation records;
    * exact keys: normalised phone, e-mail, URL, street with house number.

    Then a filter drops pairs whose titles share almost nothing (Jaccard estimated from
    the signatures below ``min_title_jaccard``): :func:`duplicate_pairs` would reject
    them anyway, since different titles are never a duplicate. ``stats`` (a dict) gets
    the number of pairs before and after the filter.
    """
    prep = prepared or Prepared(features)
    n = prep.n
    if n < 2:
        return np.zeros((0, 2), dtype=np.int64)
    sig, has = prep.title_signature(bands * rows_per_band)
    docs = np.flatnonzero(has)
    salt = prep.org_group[docs] * np.int64(0x2545F4914F6CDD1D)
    parts = []
    for key in vec.lsh_buckets(sig[docs], bands=bands, rows_per_band=rows_per_band):
        parts.append(
            vec.block_pairs(key ^ salt, docs, prep.rank, max_block=max_block, window=window)
        )
    texts = [f"{t}  {o}" for t, o in zip(prep.title_key, prep.org_key, strict=True)]
    rows, ids = vec.char_ngrams(texts, 3)
    sig_org, has_org = vec.minhash(rows, ids, n, num_perm=30, seed=3)
    docs = np.flatnonzero(has_org)
    for key in vec.lsh_buckets(sig_org[docs], bands=6, rows_per_band=5):
        parts.append(vec.block_pairs(key, docs, prep.rank, max_block=max_block, window=window))
    for multi in (prep.phone, prep.email, prep.url, prep.address_id[:, None]):
        item, slot = np.nonzero(multi >= 0)
        parts.append(
            vec.block_pairs(
                multi[item, slot], item.astype(np.int64), prep.rank, max_block=max_block,
                window=window,
            )
        )  # fmt: skip
    pairs = vec.unique_pairs(parts, n)
    jaccard = vec.signature_agreement(sig, pairs[:, 0], pairs[:, 1])
    kept = pairs[jaccard >= min_title_jaccard]
    if stats is not None:
        stats.update(blocked=int(len(pairs)), candidates=int(len(kept)))
    return kept


def _shared(multi: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Index into the key slots of ``a`` of a key ``b`` also has, or -1."""
    out = np.full(len(a), -1, dtype=np.int64)
    for i in range(multi.shape[1] - 1, -1, -1):
        left = multi[a, i]
        hit = np.zeros(len(a), dtype=bool)
        for j in range(multi.shape[1]):
            hit |= (left >= 0) & (left == multi[b, j])
        out[hit] = i
    return out


def distance_m(prep: Prepared, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Approximate distance in metres (equirectangular; NaN without coordinates)."""
    lat1, lat2 = np.radians(prep.lat[a]), np.radians(prep.lat[b])
    dlon = np.radians(prep.lon[b] - prep.lon[a]) * np.cos((lat1 + lat2) / 2)
    return 6_371_000.0 * np.hypot(lat2 - lat1, dlon)


def duplicate_pairs(
    features: Sequence[OfferFeatures],
    *,
    threshold: float = THRESHOLD,
    prepared: Prepared | None = None,
    candidates: np.ndarray | None = None,
) -> list[DuplicateMatch]:
    """Probable duplicate records among ``features``, best first (then input order).

    Only :func:`candidate_pairs` are compared. Each match carries the reasons that made
    its score, including conflicts that lowered it.
    """
    prep = prepared or Prepared(features)
    pairs = candidate_pairs(features, prepared=prep) if candidates is None else candidates
    if not len(pairs):
        return []
    a, b = pairs[:, 0], pairs[:, 1]
    # TF-IDF 3-grams reward shared rare words; set cosine of 2-grams forgives typos
    # in short titles ("Lesepaten" / "Lespeaten": 0.33 and 0.70)
    title = np.maximum(
        vec.pair_cosine(prep.title_matrix, a, b), vec.pair_cosine(prep.title_bigrams, a, b)
    )
    keep = title >= TITLE_MIN
    a, b, title = a[keep], b[keep], title[keep]
    if not len(a):
        return []
    has_desc = np.array([bool(f.description.strip()) for f in prep.features])
    both_desc = has_desc[a] & has_desc[b]
    same_org = (prep.org_id[a] >= 0) & (prep.org_id[a] == prep.org_id[b])
    org_sim = np.where(same_org, 1.0, vec.pair_cosine(prep.org_matrix, a, b))
    phone = _shared(prep.phone, a, b)
    email = _shared(prep.email, a, b)
    url = _shared(prep.url, a, b)
    addr_a, addr_b = prep.address_id[a], prep.address_id[b]
    same_addr = (addr_a >= 0) & (addr_a == addr_b)
    dist = distance_m(prep, a, b)
    near = np.nan_to_num(dist, nan=np.inf) <= NEAR_M
    flags = {
        "same_organisation": same_org,
        "similar_organisation_name": ~same_org & (org_sim >= ORG_SIMILAR),
        "same_address": same_addr,
        "same_place": near,
        "same_phone": phone >= 0,
        "same_email": email >= 0,
        "same_url": url >= 0,
    }
    miss = np.ones(len(a))
    for code, flag in flags.items():
        miss *= np.where(flag, 1.0 - EVIDENCE_WEIGHTS[code], 1.0)
    evidence = 1.0 - miss
    far = (addr_a >= 0) & (addr_b >= 0) & ~same_addr & ~near
    other_org = ~same_org & (org_sim < ORG_SIMILAR)
    numbers = np.array([prep.numbers[i] != prep.numbers[j] for i, j in zip(a, b, strict=True)])
    conflicts = far.astype(int) + other_org.astype(int) + numbers.astype(int)
    factor = CONFLICT_FACTOR**conflicts
    # descriptions (the costly part) only where they can lift the pair over the threshold
    best = (0.6 * np.where(both_desc, 0.65 * title + 0.35, title) + 0.4 * evidence) * factor
    need = both_desc & (best >= threshold)
    desc = np.zeros(len(a))
    desc[need] = prep.description_cosine(a[need], b[need])
    text = np.where(both_desc, 0.65 * title + 0.35 * desc, title)
    score = (0.6 * text + 0.4 * evidence) * factor
    hits = np.flatnonzero(score >= threshold)
    out = []
    for k in hits:
        i, j = int(a[k]), int(b[k])
        fi, fj = prep.features[i], prep.features[j]
        reasons: list[dict] = [{"code": "title_similar", "value": round(float(title[k]), 2)}]
        if both_desc[k]:
            reasons.append({"code": "description_similar", "value": round(float(desc[k]), 2)})
        if same_org[k]:
            reasons.append({"code": "same_organisation", "value": fi.organisation_name})
        elif flags["similar_organisation_name"][k]:
            reasons.append(
                {"code": "similar_organisation_name", "value": round(float(org_sim[k]), 2)}
            )
        if same_addr[k]:
            reasons.append({"code": "same_address", "value": fi.address})
        elif near[k]:
            reasons.append({"code": "same_place", "value": int(round(dist[k]))})
        for code, slot, multi in (
            ("same_phone", phone, prep.phone),
            ("same_email", email, prep.email),
            ("same_url", url, prep.url),
        ):
            if slot[k] >= 0:
                reasons.append({"code": code, "value": _key_text(prep, multi[i, slot[k]])})
        if far[k]:
            reasons.append({"code": "different_address", "value": f"{fi.address} / {fj.address}"})
        if numbers[k]:
            value = " / ".join(" ".join(sorted(prep.numbers[x])) or "–" for x in (i, j))
            reasons.append({"code": "title_numbers_differ", "value": value})
        out.append(DuplicateMatch(fi.id, fj.id, round(float(score[k]), 4), tuple(reasons)))
    order = {f.id: i for i, f in enumerate(prep.features)}
    out.sort(key=lambda m: (-m.score, order[m.a], order[m.b]))
    return out


def _key_text(prep: Prepared, key_id: int) -> str:
    """The normalised key behind an id (the reverse map is built once, when needed)."""
    names = prep.__dict__.get("_key_names")
    if names is None:
        names = prep.__dict__["_key_names"] = {v: k for k, v in prep._key_ids.items()}
    return names[int(key_id)]


def reduction(n: int, candidates: int) -> float:
    """Share of all ``n (n − 1) / 2`` pairs that blocking spared (1.0 = none compared)."""
    total = n * (n - 1) / 2
    return 1.0 - candidates / total if total else 1.0


__all__ = [
    "DuplicateMatch",
    "OfferFeatures",
    "Prepared",
    "candidate_pairs",
    "duplicate_pairs",
    "prepare",
    "reduction",
]


# Doppelstrukturen live next door (the module would pass 600 lines); re-exported here.
from praevnav.planning.duplicates_overlap import Overlap, overlap_groups  # noqa: E402

__all__ += ["Overlap", "overlap_groups"]
