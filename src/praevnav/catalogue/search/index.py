"""The in-memory facet index of one tenant (numpy / scipy.sparse).

Built once from a :class:`~praevnav.catalogue.search.data.Snapshot` and the index rows
of the text backend; a search then costs a few vector operations:

* one sparse matrix per facet (offers × values); a selection is a column slice,
  disjunctive counts are one sparse matrix–vector product per facet;
* age bounds, validity dates and freshness as arrays;
* location points projected to EPSG:25832, nearest distance per offer with
  ``np.minimum.reduceat``;
* the title and tag tokens of every offer as sparse matrices, for field weights of the
  text score (``score_text``).

Semantics are those of ``reference.py``; tests compare the two on random searches.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from scipy import sparse

from praevnav.catalogue.search.data import Snapshot
from praevnav.catalogue.search.geo import to_metric
from praevnav.catalogue.search.params import FACETS, SearchParams
from praevnav.catalogue.search.query import Alternative, AnalysedQuery

FAR = 10**9
W_TITLE, W_TAGS, W_BODY = 3.0, 2.0, 1.0
TOP_EXACT = 5000
EXTRA = 0.5  # share of further matching alternatives beyond the best one


@dataclass
class TextMatch:
    """Offers matching the text (positions in the index) and their scores."""

    mask: np.ndarray
    scores: np.ndarray
    relaxed: bool = False


def _csr(n: int, pairs_rows: list[int], pairs_cols: list[int], k: int) -> sparse.csr_matrix:
    data = np.ones(len(pairs_rows), dtype=np.float32)
    m = sparse.csr_matrix(
        (data, (np.asarray(pairs_rows, dtype=np.int64), np.asarray(pairs_cols, dtype=np.int64))),
        shape=(n, k),
    )
    m.sum_duplicates()
    m.data[:] = 1.0
    return m


class FacetIndex:
    def __init__(self, snapshot: Snapshot, text_rows: list[tuple[int, str, str, str]]):
        rows = sorted(snapshot.rows, key=lambda r: r.id)
        n = self.n = len(rows)
        self.ids = np.array([r.id for r in rows], dtype=np.int64)
        self.titles = [r.title for r in rows]
        self.valid_from = np.array(
            [r.valid_from.toordinal() if r.valid_from else 0 for r in rows], dtype=np.int64
        )
        # The last visible day: the end of validity or the day before the offer hides
        # for want of confirmation, whichever comes first.
        self.valid_until = np.array(
            [
                min(
                    r.valid_until.toordinal() if r.valid_until else FAR,
                    r.hidden_from.toordinal() - 1 if r.hidden_from else FAR,
                )
                for r in rows
            ],
            dtype=np.int64,
        )
        self.age_min = np.array(
            [r.age_min if r.age_min is not None else -1 for r in rows], dtype=np.int64
        )
        self.age_max = np.array(
            [r.age_max if r.age_max is not None else FAR for r in rows], dtype=np.int64
        )
        self.pregnancy = np.array([r.pregnancy for r in rows], dtype=bool)
        self.pregnancy_only = np.array(
            [r.pregnancy and r.age_min is None and r.age_max is None for r in rows], dtype=bool
        )
        # Freshness: newest confirmation first, none last.
        self.fresh_key = np.array(
            [-r.last_confirmed_at.toordinal() if r.last_confirmed_at else FAR for r in rows],
            dtype=np.int64,
        )
        title_order = sorted(range(n), key=lambda i: (self.titles[i].casefold(), rows[i].id))
        self.title_rank = np.empty(n, dtype=np.int64)
        self.title_rank[title_order] = np.arange(n)
        self.order_fresh = np.lexsort((self.ids, self.fresh_key))
        self.order_title = np.asarray(title_order, dtype=np.int64)

        # Facets. Offers serving the whole municipality are kept out of the area
        # matrix (they would fill every column) and added as one vector.
        all_area_codes = {a.code for a in snapshot.areas}
        self.whole = np.array([bool(all_area_codes) and r.whole_tenant for r in rows], dtype=bool)
        self.values: dict[str, list[str]] = {}
        self.col: dict[str, dict[str, int]] = {}
        self.mat: dict[str, sparse.csc_matrix] = {}
        self.mat_t: dict[str, sparse.csr_matrix] = {}
        for facet in FACETS:
            codes = [v.value for v in snapshot.vocab.get(facet, [])]
            col = {c: i for i, c in enumerate(codes)}
            r_idx: list[int] = []
            c_idx: list[int] = []
            for i, row in enumerate(rows):
                if facet == "area" and self.whole[i]:
                    continue
                for value in row.values.get(facet, ()):
                    j = col.get(value)
                    if j is None:
                        j = col[value] = len(codes)
                        codes.append(value)
                    r_idx.append(i)
                    c_idx.append(j)
            m = _csr(n, r_idx, c_idx, len(codes))
            self.values[facet] = codes
            self.col[facet] = col
            self.mat[facet] = m.tocsc()
            self.mat_t[facet] = m.T.tocsr()

        # Locations, grouped by offer for reduceat.
        loc_offer, lats, lons = [], [], []
        for i, row in enumerate(rows):
            for lat, lon in row.points:
                loc_offer.append(i)
                lats.append(lat)
                lons.append(lon)
        self.loc_offer = np.asarray(loc_offer, dtype=np.int64)
        self.loc_x: np.ndarray
        self.loc_y: np.ndarray
        self.loc_x, self.loc_y = to_metric(lats, lons) if lats else (np.zeros(0), np.zeros(0))
        self.loc_x = np.asarray(self.loc_x, dtype=float).ravel()
        self.loc_y = np.asarray(self.loc_y, dtype=float).ravel()
        self.has_loc = np.zeros(n, dtype=bool)
        self.has_loc[self.loc_offer] = True
        self.loc_starts = (
            np.flatnonzero(np.r_[True, self.loc_offer[1:] != self.loc_offer[:-1]])
            if len(self.loc_offer)
            else np.zeros(0, dtype=np.int64)
        )
        self.loc_owner = self.loc_offer[self.loc_starts] if len(self.loc_offer) else self.loc_offer

        # Title and tag tokens for the field weights of the text score.
        pos = {int(pk): i for i, pk in enumerate(self.ids)}
        self.token_col: dict[str, int] = {}
        t_rows: list[int] = []
        t_cols: list[int] = []
        g_rows: list[int] = []
        g_cols: list[int] = []
        for offer_id, title, tags, _words in text_rows:
            row_pos = pos.get(int(offer_id))
            if row_pos is None:
                continue
            for target_rows, target_cols, text in ((t_rows, t_cols, title), (g_rows, g_cols, tags)):
                for token in set(text.split()):
                    j = self.token_col.setdefault(token, len(self.token_col))
                    target_rows.append(row_pos)
                    target_cols.append(j)
        v = max(1, len(self.token_col))
        self.title_tokens = _csr(n, t_rows, t_cols, v).tocsc()
        self.tag_tokens = _csr(n, g_rows, g_cols, v).tocsc()

    # --- pieces -------------------------------------------------------------------------

    def positions(self, offer_ids) -> np.ndarray:
        """Index positions of the given offer ids (ids not in the index dropped)."""
        ids = np.asarray(offer_ids, dtype=np.int64)
        if not len(ids) or not self.n:
            return np.zeros(0, dtype=np.int64)
        p = np.searchsorted(self.ids, ids)
        p = np.clip(p, 0, self.n - 1)
        return p[self.ids[p] == ids]

    def visible(self, today: date) -> np.ndarray:
        t = today.toordinal()
        return (self.valid_from <= t) & (self.valid_until >= t)

    def age_mask(self, age_months: int | None, pregnant: bool) -> np.ndarray | None:
        if age_months is None and not pregnant:
            return None
        mask = np.zeros(self.n, dtype=bool)
        if pregnant:
            mask |= self.pregnancy
        if age_months is not None:
            mask |= (
                (self.age_min <= age_months) & (age_months < self.age_max) & ~self.pregnancy_only
            )
        return mask

    def distances(self, point_xy: tuple[float, float]) -> np.ndarray:
        """Metres from the point to each offer's nearest location (inf: none)."""
        out = np.full(self.n, np.inf)
        if len(self.loc_offer):
            d = np.hypot(self.loc_x - point_xy[0], self.loc_y - point_xy[1])
            out[self.loc_owner] = np.minimum.reduceat(d, self.loc_starts)
        return out

    def facet_mask(self, facet: str, selected) -> np.ndarray:
        cols = [self.col[facet][v] for v in selected if v in self.col[facet]]
        if cols:
            mask = np.asarray(self.mat[facet][:, cols].sum(axis=1)).ravel() > 0
        else:
            mask = np.zeros(self.n, dtype=bool)
        if facet == "area" and cols:
            mask |= self.whole
        return mask

    def counts(self, facet: str, mask: np.ndarray, limit: int | None = None) -> dict[str, int]:
        """Non-zero counts per value; with ``limit`` only the largest ``limit`` ones."""
        vec = mask.astype(np.float32)
        raw = self.mat_t[facet] @ vec
        if facet == "area":
            raw = raw + float(np.count_nonzero(mask & self.whole))
        nz = np.flatnonzero(raw > 0.5)
        if limit is not None and len(nz) > limit:
            top = np.argpartition(-raw[nz], limit - 1)[:limit]
            nz = nz[top]
        codes = self.values[facet]
        return {codes[j]: int(round(float(raw[j]))) for j in nz}

    def _field_weights(self, tokens: tuple[str, ...]) -> np.ndarray:
        """Per offer, the mean over the tokens of the best field holding each token
        (title 3, tags 2, else body 1): a compound whose parts all stand in the title
        weighs like a title match, one part in the title a little less."""
        total = np.zeros(self.n)
        for token in tokens:
            col = self.token_col.get(token)
            weight = np.full(self.n, W_BODY)
            if col is not None:
                weight[self.tag_tokens[:, col].indices] = W_TAGS
                weight[self.title_tokens[:, col].indices] = W_TITLE
            total += weight
        return total / max(1, len(tokens))

    def score_text(
        self,
        query: AnalysedQuery,
        matches: list[tuple[int, int]],
        alt_of: Sequence[tuple[int, Alternative]],
    ) -> TextMatch:
        """Score offers from the backend's ``(offer_id, alternative number)`` rows.

        Per concept, the best matching alternative counts fully and every further one
        half (``EXTRA``): alternative weight × field weight (title 3, tags 2, body 1,
        averaged over its tokens), so an offer holding the word itself and its parts
        beats one holding only the parts; concepts are weighted by idf = ln(1 + N/df). Every
        concept must match (soft words only add to the score); if no offer has all, the
        offers matching the most concepts are returned (``relaxed``).
        """
        n = self.n
        by_alt: dict[int, list[int]] = {}
        for offer_id, alt in matches:
            by_alt.setdefault(int(alt), []).append(int(offer_id))
        hits = np.zeros((len(query.concepts), n))
        best = np.zeros((len(query.concepts), n))
        for a, (c, alternative) in enumerate(alt_of):
            ids = by_alt.get(a)
            if not ids:
                continue
            pos = self.positions(sorted(set(ids)))
            if not len(pos):
                continue
            fw = self._field_weights(alternative.tokens)
            value = alternative.weight * fw[pos]
            hits[c, pos] += value
            best[c, pos] = np.maximum(best[c, pos], value)
        hits = best + EXTRA * (hits - best)
        matched = hits > 0
        df = matched.sum(axis=1)
        idf = np.where(df > 0, np.log1p(n / np.maximum(df, 1)), 0.0)
        scores = np.round(idf @ hits, 6) if len(query.concepts) else np.zeros(n)
        required = [i for i, c in enumerate(query.concepts) if not c.soft]
        if not required:
            required = list(range(len(query.concepts)))
        count = matched[required].sum(axis=0) if required else np.zeros(n, dtype=int)
        mask = count == len(required)
        return (
            TextMatch(mask=mask, scores=scores, relaxed=False)
            if mask.any() or len(required) < 2
            else self._relaxed(count, scores)
        )

    def _relaxed(self, count: np.ndarray, scores: np.ndarray) -> TextMatch:
        best = int(count.max()) if len(count) else 0
        if best == 0:
            return TextMatch(mask=np.zeros(self.n, dtype=bool), scores=scores)
        return TextMatch(mask=count == best, scores=scores, relaxed=True)

    # --- the search --------------------------------------------------------------------

    def search(
        self,
        *,
        params: SearchParams,
        filters,
        text: TextMatch | None,
        point_xy: tuple[float, float] | None,
        today: date,
        limits: dict[str, int] | None = None,
    ):
        """``(order, scores, dist, counts)``: positions of all matches in rank order,
        score and distance arrays (by position) and facet counts."""
        base = self.visible(today)
        if text is not None:
            base &= text.mask
        age = self.age_mask(params.age_months, params.pregnant)
        if age is not None:
            base &= age
        dist = None
        if point_xy is not None:
            dist = self.distances(point_xy)
            if params.radius_m is not None:
                base &= dist <= params.radius_m
        selected = {f: self.facet_mask(f, filters[f]) for f in FACETS if filters.get(f)}
        final = base.copy()
        for m in selected.values():
            final &= m
        counts = {}
        for facet in FACETS:
            if facet in selected:
                mask = base.copy()
                for other, m in selected.items():
                    if other != facet:
                        mask &= m
            else:
                mask = final
            counts[facet] = self.counts(facet, mask, (limits or {}).get(facet))
        scores = text.scores if text is not None else np.zeros(self.n)
        order = self._rank(final, params.sort, scores, dist, text is not None)
        return order, scores, dist, counts

    def _rank(self, mask, sort, scores, dist, has_text) -> np.ndarray:
        if sort == "distance" and dist is None:
            sort = "relevance"
        if sort == "title":
            return self.order_title[mask[self.order_title]]
        if sort == "updated" or (sort == "relevance" and not has_text and dist is None):
            return self.order_fresh[mask[self.order_fresh]]
        idx = np.flatnonzero(mask)
        if sort == "distance":
            primary = dist[idx]
            keys = [self.ids[idx], self.fresh_key[idx], -scores[idx], primary]
        else:
            primary = -scores[idx]
            d = dist[idx] if dist is not None else np.zeros(len(idx))
            keys = [self.ids[idx], self.fresh_key[idx], d, primary]
        return idx[np.lexsort(keys)]


def distance_or_none(dist: np.ndarray | None, i: int) -> float | None:
    if dist is None:
        return None
    value = float(dist[i])
    return None if math.isinf(value) else value
