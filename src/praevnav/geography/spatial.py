"""Point-in-polygon over a tenant's areas (pure shapely, no ORM).

Assignment rule: a point gets **at most one area per level** (one Stadtbezirk, one
Stadtteil, one Sozialraum …), so that counts per area never count a location twice.

- A point inside an area's interior belongs to it.
- A point exactly on a shared border (or a vertex where several areas meet) is
  given to exactly one of the touching areas, deterministically: levels are
  resolved coarse to fine; on each level an area whose parent was chosen on a
  coarser level wins (the hierarchy stays consistent), then the lowest official
  code, then the lowest id. The same point always lands in the same areas,
  whatever the order the areas were loaded in.
- A point on the outer border of the tenant counts as inside.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import shape

from praevnav.geography.enums import LEVEL_DEPTH

_UNKNOWN_DEPTH = 99
# LEVEL_DEPTH is keyed by AreaLevel (a str enum); levels here are plain strings. The
# members hash and compare like their values, so this lookup table is equivalent.
_DEPTH_BY_LEVEL: dict[str, int] = {level.value: depth for level, depth in LEVEL_DEPTH.items()}


@dataclass(frozen=True)
class AreaShape:
    area_id: int
    level: str
    geometry: dict
    parent_id: int | None = None
    code: str = ""


class AreaIndex:
    """An STR-tree over area polygons answering “which areas contain this point?”."""

    def __init__(self, areas: Sequence[AreaShape]):
        shapes = [a for a in areas if a.geometry]
        self._shapes = shapes
        self._ids = np.array([a.area_id for a in shapes], dtype=np.int64)
        self._geoms = np.array([shape(a.geometry) for a in shapes], dtype=object)
        shapely.prepare(self._geoms)
        self._tree = shapely.STRtree(self._geoms)

    def __len__(self) -> int:
        return len(self._ids)

    def areas_containing(self, lon: float, lat: float) -> list[int]:
        """Ids of the areas the point is assigned to (see the module docstring)."""
        return self.bulk_areas_containing([lon], [lat])[0]

    def bulk_areas_containing(
        self, lons: Sequence[float], lats: Sequence[float]
    ) -> list[list[int]]:
        """The same for many points at once."""
        if len(self._ids) == 0 or len(lons) == 0:
            return [[] for _ in lons]
        points = shapely.points(np.asarray(lons, dtype=float), np.asarray(lats, dtype=float))
        point_idx, geom_idx = self._tree.query(points, predicate="intersects")
        interior = shapely.contains(self._geoms[geom_idx], points[point_idx])
        hits: list[list[tuple[int, bool]]] = [[] for _ in range(len(points))]
        for p, g, inside in zip(point_idx, geom_idx, interior, strict=True):
            hits[int(p)].append((int(g), bool(inside)))
        return [self._resolve(h) for h in hits]

    def _resolve(self, hits: Iterable[tuple[int, bool]]) -> list[int]:
        by_level: dict[str, list[tuple[int, bool]]] = defaultdict(list)
        for g, inside in hits:
            by_level[self._shapes[g].level].append((g, inside))
        chosen: list[int] = []
        chosen_ids: set[int] = set()
        levels = sorted(by_level, key=lambda lvl: (_DEPTH_BY_LEVEL.get(lvl, _UNKNOWN_DEPTH), lvl))
        for level in levels:
            candidates = by_level[level]
            if len(candidates) > 1:
                inner = [c for c in candidates if c[1]]
                candidates = inner or candidates
            best = min(
                candidates,
                key=lambda c: (
                    self._shapes[c[0]].parent_id not in chosen_ids,
                    self._shapes[c[0]].code,
                    self._shapes[c[0]].area_id,
                ),
            )
            area_id = self._shapes[best[0]].area_id
            chosen.append(area_id)
            chosen_ids.add(area_id)
        return sorted(chosen)
