"""Point-in-polygon over a tenant's areas (pure shapely, no ORM)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import shape


@dataclass(frozen=True)
class AreaShape:
    area_id: int
    level: str
    geometry: dict


class AreaIndex:
    """An STR-tree over area polygons answering “which areas contain this point?”."""

    def __init__(self, areas: Sequence[AreaShape]):
        shapes = [a for a in areas if a.geometry]
        self._ids = np.array([a.area_id for a in shapes], dtype=np.int64)
        self._levels = [a.level for a in shapes]
        self._geoms = np.array([shape(a.geometry) for a in shapes], dtype=object)
        shapely.prepare(self._geoms)
        self._tree = shapely.STRtree(self._geoms)

    def __len__(self) -> int:
        return len(self._ids)

    def areas_containing(self, lon: float, lat: float) -> list[int]:
        """Ids of every area whose polygon contains or touches the point."""
        if len(self._ids) == 0:
            return []
        point = shapely.Point(lon, lat)
        hits = self._tree.query(point, predicate="intersects")
        return sorted(int(self._ids[i]) for i in hits)

    def bulk_areas_containing(
        self, lons: Sequence[float], lats: Sequence[float]
    ) -> list[list[int]]:
        """The same for many points at once."""
        if len(self._ids) == 0:
            return [[] for _ in lons]
        points = shapely.points(np.asarray(lons, dtype=float), np.asarray(lats, dtype=float))
        point_idx, geom_idx = self._tree.query(points, predicate="intersects")
        result: list[list[int]] = [[] for _ in range(len(points))]
        for p, g in zip(point_idx, geom_idx, strict=True):
            result[int(p)].append(int(self._ids[g]))
        return [sorted(r) for r in result]
