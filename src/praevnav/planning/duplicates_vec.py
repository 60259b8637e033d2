"""Vectorised building blocks of duplicate detection (numpy/scipy only, no ORM).

* :func:`char_ngrams` — every character n-gram of many strings at once, as
  ``(row, gram id)`` arrays computed from the UTF-8 bytes (no Python loop per gram);
* :func:`tfidf_matrix` — a row-normalised TF-IDF matrix of those grams (scikit-learn is
  not a dependency; this is its ``TfidfVectorizer(analyzer="char", sublinear_tf=True)``
  with hashed columns);
* :func:`pair_cosine` — cosine similarity for given row pairs only, never all pairs;
* :func:`minhash` and :func:`lsh_buckets` — MinHash signatures and band keys;
* :func:`block_pairs` — pairs of items sharing a block key, with a cap on block size
  (oversized blocks fall back to a sorted neighbourhood) so that a block of 5,000 equal
  keys costs 5,000 × window comparisons, not 12.5 million.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse


def char_ngrams(texts: Sequence[str], n: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows and gram ids of all character ``n``-grams of ``texts`` (bytes of UTF-8).

    Each text is padded with one space on both sides so that word starts and ends are
    grams of their own. Texts shorter than ``n`` - 2 characters give no grams.
    """
    if not texts:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    encoded = [b" " + t.encode("utf-8") + b" " for t in texts]
    lengths = np.fromiter((len(e) for e in encoded), dtype=np.int64, count=len(encoded))
    buf = np.frombuffer(b"".join(encoded), dtype=np.uint8)
    count = len(buf) - n + 1
    if count <= 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    ids = buf[:count].astype(np.int64)
    for k in range(1, n):
        ids <<= 8
        ids |= buf[k : k + count]
    # a gram is valid when it does not run over the end of its text: the first
    # len - n + 1 positions of every text
    valid = np.ones(count, dtype=bool)
    ends = np.cumsum(lengths)
    for k in range(1, n):
        cut = ends - k
        valid[cut[(cut >= 0) & (cut < count)]] = False
    per_doc = np.maximum(lengths - n + 1, 0)
    rows = np.repeat(np.arange(len(texts), dtype=np.int64), per_doc)
    return rows, ids[valid]


def tfidf_matrix(
    texts: Sequence[str], n: int, *, dims_bits: int = 20, binary: bool = False
) -> sparse.csr_matrix:
    """L2-normalised TF-IDF of character ``n``-grams, sublinear TF, smoothed IDF.

    Gram ids are folded into ``2**dims_bits`` columns (the hashing trick; with 20 bits
    collisions are rare enough not to matter for similarity), or with ``dims_bits=0``
    given one column per distinct gram (exact, for short texts). ``binary=True`` gives
    plain set cosine (every gram weighs 1): a typo then costs only its own few grams,
    where TF-IDF would weigh the rare misspelt grams highest.
    """
    rows, ids = char_ngrams(texts, n)
    if dims_bits:
        dims = 1 << dims_bits
        cols = ids % dims
    elif 8 * n <= 24:  # exact: the gram's bytes are its column (no sorting needed)
        dims, cols = 1 << (8 * n), ids
    else:  # exact: one column per distinct gram
        uniq, cols = np.unique(ids, return_inverse=True)
        dims = max(len(uniq), 1)
    matrix = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.float64), (rows, cols)), shape=(len(texts), dims)
    )
    matrix.sum_duplicates()
    if binary:
        matrix.data[:] = 1.0
    else:
        matrix.data = 1.0 + np.log(matrix.data)
        df = np.bincount(matrix.indices, minlength=dims)[matrix.indices]
        matrix.data *= np.log((1.0 + len(texts)) / (1.0 + df)) + 1.0
    row_of = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    norms = np.sqrt(np.bincount(row_of, weights=matrix.data**2, minlength=matrix.shape[0]))
    norms[norms == 0] = 1.0
    matrix.data /= norms[row_of]
    return matrix


def pair_cosine(
    matrix: sparse.csr_matrix, a: np.ndarray, b: np.ndarray, *, chunk: int = 100_000
) -> np.ndarray:
    """Cosine similarity of rows ``a[i]`` and ``b[i]`` of a row-normalised matrix."""
    out = np.zeros(len(a), dtype=np.float64)
    for start in range(0, len(a), chunk):
        left = matrix[a[start : start + chunk]]
        right = matrix[b[start : start + chunk]]
        out[start : start + chunk] = np.asarray(left.multiply(right).sum(axis=1)).ravel()
    return np.clip(out, 0.0, 1.0)


def minhash(
    rows: np.ndarray, ids: np.ndarray, n_docs: int, *, num_perm: int, seed: int = 1
) -> tuple[np.ndarray, np.ndarray]:
    """MinHash signatures ``(n_docs, num_perm)`` (32-bit) of the gram sets, and a mask
    of the documents that have any gram (the others get no signature worth comparing).

    Hash functions are multiply-shift (``(a·x + b) mod 2**64 >> 32`` with odd ``a``):
    no division, so 40 permutations of 10 million grams take about a second.
    ``rows`` must be ascending (as :func:`char_ngrams` returns them).
    """
    rng = np.random.default_rng(seed)
    a = rng.integers(0, 2**63, size=num_perm, dtype=np.int64).astype(np.uint64) * np.uint64(2)
    a |= np.uint64(1)
    b = rng.integers(0, 2**63, size=num_perm, dtype=np.int64).astype(np.uint64)
    has = np.zeros(n_docs, dtype=bool)
    sig = np.full((n_docs, num_perm), np.iinfo(np.uint32).max, dtype=np.uint32)
    if not len(rows):
        return sig, has
    # rows ascend: a document's grams start where the row number changes
    starts = np.concatenate(([0], np.flatnonzero(rows[1:] != rows[:-1]) + 1))
    docs = rows[starts]
    has[docs] = True
    x = ids.astype(np.uint64)
    shift = np.uint64(32)
    with np.errstate(over="ignore"):
        for k in range(num_perm):
            hashed = ((a[k] * x + b[k]) >> shift).astype(np.uint32)
            sig[docs, k] = np.minimum.reduceat(hashed, starts)
    return sig, has


def lsh_buckets(sig: np.ndarray, *, bands: int, rows_per_band: int) -> list[np.ndarray]:
    """One 64-bit bucket key per document and band (equal key ⇒ equal band)."""
    drawn = np.random.default_rng(7).integers(1, 2**62, size=rows_per_band, dtype=np.int64)
    mult = drawn.astype(np.uint64) | np.uint64(1)
    out = []
    with np.errstate(over="ignore"):
        for band in range(bands):
            part = sig[:, band * rows_per_band : (band + 1) * rows_per_band].astype(np.uint64)
            key = np.zeros(sig.shape[0], dtype=np.uint64)
            for r in range(rows_per_band):
                key = (key ^ part[:, r]) * mult[r] + np.uint64(band + 1)
            out.append(key.view(np.int64))
    return out


def block_pairs(
    keys: np.ndarray,
    items: np.ndarray,
    rank: np.ndarray,
    *,
    max_block: int,
    window: int,
) -> np.ndarray:
    """Pairs ``(i, j)`` with ``i < j`` of items sharing a key.

    ``keys[m]`` is the block key of membership ``m`` of item ``items[m]``. Blocks of at
    most ``max_block`` members give all their pairs; larger ones only pairs at most
    ``window`` apart in the order of ``rank`` (a sorted neighbourhood), which keeps the
    cost linear however common a key is.
    """
    if len(keys) < 2:
        return np.zeros((0, 2), dtype=np.int64)
    order = np.lexsort((items, rank[items], keys))
    keys, items = keys[order], items[order]
    # size of the block each membership belongs to
    boundaries = np.flatnonzero(np.diff(keys)) + 1
    starts = np.concatenate(([0], boundaries))
    sizes = np.diff(np.concatenate((starts, [len(keys)])))
    size_of = np.repeat(sizes, sizes)
    small = sizes[sizes <= max_block]
    reach = max(
        window if (sizes > max_block).any() else 0, int(small.max()) - 1 if len(small) else 0
    )
    found = []
    for d in range(1, min(reach, len(keys) - 1) + 1):
        ok = (keys[:-d] == keys[d:]) & ((size_of[:-d] <= max_block) | (d <= window))
        if not ok.any():
            continue
        left, right = items[:-d][ok], items[d:][ok]
        found.append(np.stack((np.minimum(left, right), np.maximum(left, right)), axis=1))
    if not found:
        return np.zeros((0, 2), dtype=np.int64)
    pairs = np.concatenate(found)
    return pairs[pairs[:, 0] != pairs[:, 1]]


def signature_agreement(
    sig: np.ndarray, a: np.ndarray, b: np.ndarray, *, chunk: int = 200_000
) -> np.ndarray:
    """Share of equal MinHash values of rows ``a[i]`` and ``b[i]``: an estimate of the
    Jaccard similarity of their gram sets."""
    out = np.zeros(len(a), dtype=np.float64)
    for start in range(0, len(a), chunk):
        part = slice(start, start + chunk)
        out[part] = (sig[a[part]] == sig[b[part]]).mean(axis=1)
    return out


def unique_pairs(parts: Sequence[np.ndarray], n: int) -> np.ndarray:
    """The distinct pairs of ``parts`` in ascending order (a deterministic result)."""
    parts = [p for p in parts if len(p)]
    if not parts:
        return np.zeros((0, 2), dtype=np.int64)
    pairs = np.concatenate(parts)
    codes = np.unique(pairs[:, 0] * np.int64(n) + pairs[:, 1])
    return np.stack((codes // n, codes % n), axis=1)


__all__ = [
    "block_pairs",
    "char_ngrams",
    "lsh_buckets",
    "minhash",
    "pair_cosine",
    "signature_agreement",
    "tfidf_matrix",
    "unique_pairs",
]
