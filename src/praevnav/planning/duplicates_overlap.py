"""Doppelstrukturen: different providers offering substantially the same thing to the
same people in the same area (pure calculation, no ORM).

Blocking: offers are only compared within blocks of (area, life phase, topic) — the
areas an offer is located in or serves, its derived life phases, its topics — with the
same size cap as duplicate blocking. A pair overlaps when

* the providers differ (other organisation, and not a near-identical name: that is one
  provider registered twice, a case for duplicate detection),
* it is not a duplicate record (same offer entered twice),
* topics overlap (Jaccard ≥ ``min_topics``), target groups overlap (Jaccard ≥
  ``min_targets``; no target group means "everyone": two such offers count 1.0, one of
  them against a specific group 0.5), and the descriptions are similar (character
  4-gram TF-IDF cosine ≥ ``min_description``).

Its score is ``0.5 × description + 0.2 × topics + 0.2 × target groups + 0.1 × title``.
Overlapping pairs are joined into groups (connected components) per (area, life
phase) they share; a group's score is the mean of its pairs' scores.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from praevnav.planning import duplicates_vec as vec
from praevnav.planning.duplicates import (
    ORG_SIMILAR,
    DuplicateMatch,
    OfferFeatures,
    Prepared,
    duplicate_pairs,
)


@dataclass(frozen=True)
class Overlap:
    """Offers (ids, input order) of different providers overlapping in one area and
    life phase."""

    offers: tuple[int, ...]
    area_code: str
    life_phase: str
    score: float
    reasons: tuple[dict, ...] = field(default_factory=tuple)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard of two code sets; empty means "everyone" (see the module docstring)."""
    if not a and not b:
        return 1.0
    if not a or not b:
        return 0.5
    return len(a & b) / len(a | b)


def overlap_groups(
    features: Sequence[OfferFeatures],
    *,
    min_description: float = 0.4,
    min_topics: float = 0.3,
    min_targets: float = 0.5,
    max_block: int = 60,
    window: int = 10,
    prepared: Prepared | None = None,
    duplicates: Iterable[DuplicateMatch] | None = None,
) -> list[Overlap]:
    """Groups of overlapping offers of different providers, best first.

    ``duplicates`` are the duplicate records to leave out (default: computed with
    :func:`~praevnav.planning.duplicates.duplicate_pairs`).
    """
    prep = prepared or Prepared(features)
    feats = prep.features
    if prep.n < 2:
        return []
    if duplicates is None:
        duplicates = duplicate_pairs(feats, prepared=prep)
    index = {f.id: i for i, f in enumerate(feats)}
    dup = {tuple(sorted((index[m.a], index[m.b]))) for m in duplicates}

    block_ids: dict[tuple[str, str, str], int] = {}
    keys, items = [], []
    for i, f in enumerate(feats):
        for area in f.areas:
            for phase in f.life_phases:
                for topic in f.topics:
                    keys.append(block_ids.setdefault((area, phase, topic), len(block_ids)))
                    items.append(i)
    pairs = vec.unique_pairs(
        [
            vec.block_pairs(
                np.array(keys, dtype=np.int64),
                np.array(items, dtype=np.int64),
                prep.rank,
                max_block=max_block,
                window=window,
            )
        ],
        prep.n,
    )
    if not len(pairs):
        return []
    a, b = pairs[:, 0], pairs[:, 1]
    other = prep.org_group[a] != prep.org_group[b]
    a, b = a[other], b[other]
    org_sim = vec.pair_cosine(prep.org_matrix, a, b)
    a, b = a[org_sim < ORG_SIMILAR], b[org_sim < ORG_SIMILAR]
    desc = vec.pair_cosine(prep.description_matrix, a, b)
    title = vec.pair_cosine(prep.title_matrix, a, b)

    edges: dict[tuple[str, str], list[tuple[int, int, float, float, float, float]]] = {}
    for k in np.flatnonzero(desc >= min_description):
        i, j = int(a[k]), int(b[k])
        if (i, j) in dup:
            continue
        fi, fj = feats[i], feats[j]
        topics = jaccard(fi.topics, fj.topics)
        targets = jaccard(fi.target_groups, fj.target_groups)
        if topics < min_topics or targets < min_targets:
            continue
        score = 0.5 * desc[k] + 0.2 * topics + 0.2 * targets + 0.1 * title[k]
        for area in fi.areas & fj.areas:
            for phase in fi.life_phases & fj.life_phases:
                edges.setdefault((area, phase), []).append(
                    (i, j, float(score), float(desc[k]), topics, targets)
                )
    groups = [
        group
        for (area, phase), found in edges.items()
        for group in _components(area, phase, found, feats)
    ]
    groups.sort(key=lambda g: (-g.score, g.area_code, g.life_phase, g.offers))
    return groups


def _components(area: str, phase: str, edges: list, feats: list[OfferFeatures]) -> list[Overlap]:
    """Connected components of the overlap pairs in one (area, life phase)."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j, *_ in edges:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
    members: dict[int, list] = {}
    for edge in edges:
        members.setdefault(find(edge[0]), []).append(edge)
    out = []
    for group_edges in members.values():
        nodes = sorted({x for e in group_edges for x in e[:2]})
        scores = np.array([e[2:] for e in group_edges])
        mean = scores.mean(axis=0)
        providers = {feats[x].organisation_id or feats[x].organisation_name for x in nodes}
        reasons = (
            {"code": "different_providers", "value": len(providers)},
            {"code": "same_area", "value": area},
            {"code": "same_life_phase", "value": phase},
            {"code": "description_similar", "value": round(float(mean[1]), 2)},
            {"code": "topics_overlap", "value": round(float(mean[2]), 2)},
            {"code": "target_groups_overlap", "value": round(float(mean[3]), 2)},
        )
        out.append(
            Overlap(
                offers=tuple(feats[x].id for x in nodes),
                area_code=area,
                life_phase=phase,
                score=round(float(mean[0]), 4),
                reasons=reasons,
            )
        )
    return out


__all__ = ["Overlap", "jaccard", "overlap_groups"]
