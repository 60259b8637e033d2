"""The search semantics written out plainly, one offer at a time (no numpy).

This is the definition the fast engine (``engine.py``) is tested against: filters,
disjunctive facet counts, the radius filter and the ranking. It takes the text
matches (offer id -> score) as input, because matching text is the backends' job.

* Within a facet the selected values are alternatives (OR); facets combine with AND.
* A facet's counts ignore that facet's own selection (disjunctive facets), but apply
  every other constraint (text, age, pregnancy, other facets, radius).
* ``age_months``: the offer's range contains it (open bounds are open); offers only
  for pregnancy (flag set, no age range) do not match an age. ``pregnant``: the
  pregnancy flag. Both given: either matches.
* Radius: at least one location within ``radius_m`` metres of the place.
* Ranking ``relevance``: text score (descending), then distance when a place is
  given (nearest location; offers without a location last), then freshness
  (``last_confirmed_at``, newest first; none last), then id. ``distance``: distance,
  then score, freshness, id. ``title``: title (case-insensitive), id. ``updated``:
  freshness, then id.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date

from praevnav.catalogue.search.data import OfferRow, Snapshot, is_visible
from praevnav.catalogue.search.params import FACETS, SearchParams


def age_matches(row: OfferRow, age_months: int | None, pregnant: bool) -> bool:
    if age_months is None and not pregnant:
        return True
    if pregnant and row.pregnancy:
        return True
    if age_months is None:
        return False
    if row.pregnancy and row.age_min is None and row.age_max is None:
        return False
    if row.age_min is not None and age_months < row.age_min:
        return False
    return not (row.age_max is not None and age_months >= row.age_max)


def distance_to(row: OfferRow, point_xy: tuple[float, float] | None, xy_of) -> float | None:
    """Metres from the place to the nearest location of the offer (None: no location)."""
    if point_xy is None or not row.points:
        return None
    best = math.inf
    for lat, lon in row.points:
        x, y = xy_of(lat, lon)
        best = min(best, math.hypot(x - point_xy[0], y - point_xy[1]))
    return best


def freshness_key(row: OfferRow) -> float:
    return -row.last_confirmed_at.toordinal() if row.last_confirmed_at else math.inf


def reference_search(
    *,
    snapshot: Snapshot,
    params: SearchParams,
    filters: Mapping[str, tuple[str, ...]],
    text_scores: Mapping[int, float] | None,
    point_xy: tuple[float, float] | None,
    xy_of,
    today: date,
) -> tuple[list[tuple[int, float, float | None]], dict[str, dict[str, int]]]:
    """Ranked ``(offer_id, score, distance_m)`` of all matches and facet counts
    ``{facet: {value: count}}`` (values with a count of 0 left out)."""
    base: list[tuple[OfferRow, float, float | None]] = []
    for row in snapshot.rows:
        if not is_visible(row, today):
            continue
        if text_scores is not None and row.id not in text_scores:
            continue
        if not age_matches(row, params.age_months, params.pregnant):
            continue
        dist = distance_to(row, point_xy, xy_of)
        outside = dist is None or dist > (params.radius_m or 0)
        if point_xy is not None and params.radius_m is not None and outside:
            continue
        score = text_scores[row.id] if text_scores is not None else 0.0
        base.append((row, score, dist))

    def facet_ok(row: OfferRow, facet: str) -> bool:
        selected = filters.get(facet)
        return not selected or bool(row.values.get(facet, set()) & set(selected))

    matches = [item for item in base if all(facet_ok(item[0], f) for f in FACETS)]
    counts: dict[str, dict[str, int]] = {}
    for facet in FACETS:
        per_value: dict[str, int] = {}
        for row, _s, _d in base:
            if all(facet_ok(row, f) for f in FACETS if f != facet):
                for value in row.values.get(facet, ()):
                    per_value[value] = per_value.get(value, 0) + 1
        counts[facet] = per_value

    def dist_key(d: float | None) -> float:
        return d if d is not None else math.inf

    sort = params.sort
    if sort == "distance" and point_xy is None:
        sort = "relevance"
    if sort == "title":
        matches.sort(key=lambda m: (m[0].title.casefold(), m[0].id))
    elif sort == "updated":
        matches.sort(key=lambda m: (freshness_key(m[0]), m[0].id))
    elif sort == "distance":
        matches.sort(key=lambda m: (dist_key(m[2]), -m[1], freshness_key(m[0]), m[0].id))
    else:
        matches.sort(
            key=lambda m: (
                -m[1],
                dist_key(m[2]) if point_xy is not None else 0.0,
                freshness_key(m[0]),
                m[0].id,
            )
        )
    return [(row.id, score, dist) for row, score, dist in matches], counts
