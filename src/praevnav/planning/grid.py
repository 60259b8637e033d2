"""Demand points for the accessibility calculation: a population grid or area centroids.

Pure functions over shapely 2 geometries in metres (ETRS89 / UTM 32N, EPSG:25832) and
numpy arrays; no ORM. The grid is aligned to multiples of ``cell_m`` (cell centres at
``(k + ½) · cell_m``), so neighbouring areas never place two cells on one spot.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import shapely
from numpy.typing import ArrayLike, NDArray
from shapely.geometry.base import BaseGeometry

FloatArray = NDArray[np.float64]
GridResult = tuple[FloatArray, FloatArray, NDArray[np.intp]]
#: Candidate cell centres tested at once per area (bounds the temporary memory).
_BATCH = 1_000_000


def population_grid(areas: Sequence[tuple[BaseGeometry, float]], cell_m: float = 100) -> GridResult:
    """Spread each area's population evenly over the grid cells whose centres lie inside it.

    ``areas`` is a list of ``(polygon in metres, population)``. Returns ``(xy, pop,
    area_index)``: cell centres (n, 2), population per cell, and the position in ``areas``
    each cell came from. An area whose polygon contains no cell centre (smaller than a
    cell, or a thin sliver) gets one cell at its representative point. Areas with
    population 0 produce no cells. Per area the shares add up to its population (the last
    cell takes the rounding remainder), so the grid total equals the input total.
    Invalid polygons (self-intersections in real open data) are repaired with
    ``make_valid``; a non-polygon, empty geometry or a negative/NaN population raises
    ``ValueError`` naming the area.
    """
    size = _cell(cell_m)
    xy_parts: list[FloatArray] = []
    pop_parts: list[FloatArray] = []
    index_parts: list[NDArray[np.intp]] = []
    for number, (geometry, population) in enumerate(_checked(areas)):
        if population == 0:
            continue
        centres = _centres_inside(geometry, size)
        if len(centres) == 0:
            point = geometry.representative_point()
            centres = np.array([[point.x, point.y]])
        count = len(centres)
        shares = np.full(count, population / count)
        if count > 1:
            shares[-1] = population - math.fsum(shares[:-1])
        xy_parts.append(centres)
        pop_parts.append(shares)
        index_parts.append(np.full(count, number, dtype=np.intp))
    if not xy_parts:
        return np.zeros((0, 2)), np.zeros(0), np.zeros(0, dtype=np.intp)
    return np.vstack(xy_parts), np.concatenate(pop_parts), np.concatenate(index_parts)


def area_centroids(areas: Sequence[tuple[BaseGeometry, float]]) -> GridResult:
    """One demand point per area with its whole population: the centroid when it lies
    inside the polygon, else the representative point (a concave or multi-part area's
    centroid can fall outside it). Same return shape as :func:`population_grid`; areas
    with population 0 are left out as there."""
    xy, pop, index = [], [], []
    for number, (geometry, population) in enumerate(_checked(areas)):
        if population == 0:
            continue
        point = geometry.centroid
        if not geometry.contains(point):
            point = geometry.representative_point()
        xy.append((point.x, point.y))
        pop.append(population)
        index.append(number)
    return (
        np.array(xy, dtype=np.float64).reshape(-1, 2),
        np.array(pop, dtype=np.float64),
        np.array(index, dtype=np.intp),
    )


def aggregate_mean(
    values: ArrayLike, weights: ArrayLike, zone_index: ArrayLike, n_zones: int
) -> FloatArray:
    """Weighted mean of ``values`` per zone (e.g. accessibility per cell → per Stadtteil,
    weighted by the life phase's population per cell). ``values`` may be (n,) or (n, k).

    A zone with no weight (no cell, or population 0) gets NaN: there is no mean to show.
    The pure function keeps that honest; views must render such zones as "no population"
    and never print NaN.
    """
    v = np.asarray(values, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    z = np.asarray(zone_index)
    zones = _zone_count(n_zones)
    n = len(w)
    if w.ndim != 1 or v.shape[:1] != (n,) or z.shape != (n,) or v.ndim not in (1, 2):
        raise ValueError(
            f"values {v.shape}, weights {w.shape} and zone_index {z.shape} must have one row "
            "per point."
        )
    if not (np.isfinite(v).all() and np.isfinite(w).all()):
        raise ValueError("values and weights must be finite numbers.")
    if (w < 0).any():
        raise ValueError("weights must not be negative.")
    if n and (not np.issubdtype(z.dtype, np.integer) or z.min() < 0 or z.max() >= zones):
        raise ValueError(f"zone_index must hold whole numbers from 0 to {zones - 1}.")
    total = np.bincount(z, weights=w, minlength=zones) if n else np.zeros(zones)
    columns = v.reshape(n, -1)
    sums = np.column_stack(
        [
            np.bincount(z, weights=w * columns[:, c], minlength=zones) if n else np.zeros(zones)
            for c in range(columns.shape[1])
        ]
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.where(total[:, None] > 0, sums / total[:, None], np.nan)
    return means[:, 0] if v.ndim == 1 else means


def population_centroids(
    xy: ArrayLike, population: ArrayLike, zone_index: ArrayLike, n_zones: int
) -> FloatArray:
    """Population-weighted centroid (n_zones, 2) of the cells of each zone — where an offer
    that serves a whole area without an address of its own is placed. NaN for a zone
    without population (the caller falls back to the area's representative point)."""
    points = np.asarray(xy, dtype=np.float64).reshape(-1, 2)
    return aggregate_mean(points, population, zone_index, n_zones)


# --- helpers -------------------------------------------------------------------------


def _centres_inside(geometry: BaseGeometry, size: float) -> FloatArray:
    minx, miny, maxx, maxy = geometry.bounds
    xs = (np.arange(math.floor(minx / size), math.ceil(maxx / size)) + 0.5) * size
    ys = (np.arange(math.floor(miny / size), math.ceil(maxy / size)) + 0.5) * size
    if len(xs) == 0 or len(ys) == 0:
        return np.zeros((0, 2))
    shapely.prepare(geometry)
    found: list[FloatArray] = []
    rows_per_batch = max(1, _BATCH // len(xs))
    # Row batches keep the candidate arrays bounded for very large areas.
    for start in range(0, len(ys), rows_per_batch):
        mesh_x, mesh_y = np.meshgrid(xs, ys[start : start + rows_per_batch])
        gx, gy = mesh_x.ravel(), mesh_y.ravel()
        inside = shapely.contains_xy(geometry, gx, gy)
        found.append(np.column_stack([gx[inside], gy[inside]]))
    return np.vstack(found)


def _checked(areas: Sequence[tuple[BaseGeometry, float]]) -> list[tuple[BaseGeometry, float]]:
    result = []
    for number, item in enumerate(areas):
        try:
            geometry, population = item
        except (TypeError, ValueError):
            raise ValueError(f"area {number}: expected (geometry, population).")
        if not isinstance(geometry, BaseGeometry) or geometry.is_empty:
            raise ValueError(f"area {number}: the geometry is missing or empty.")
        if not geometry.is_valid:
            geometry = shapely.make_valid(geometry)
        if geometry.geom_type not in ("Polygon", "MultiPolygon"):
            # make_valid may return a collection with stray lines: keep the polygon parts.
            parts = [p for p in shapely.get_parts(geometry) if p.geom_type == "Polygon"]
            if not parts:
                raise ValueError(f"area {number}: the geometry is not a polygon.")
            geometry = shapely.union_all(parts)
        value = _population(population, number)
        result.append((geometry, value))
    return result


def _population(value: Any, number: int) -> float:
    try:
        population = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"area {number}: the population {value!r} is not a number.")
    if not math.isfinite(population) or population < 0:
        raise ValueError(f"area {number}: the population must be 0 or more, got {value!r}.")
    return population


def _cell(cell_m: Any) -> float:
    if isinstance(cell_m, bool):
        raise ValueError("cell_m must be a number of metres.")
    try:
        size = float(cell_m)
    except (TypeError, ValueError):
        raise ValueError(f"cell_m must be a number of metres, got {cell_m!r}.")
    if not math.isfinite(size) or size <= 0:
        raise ValueError(f"cell_m must be a finite number of metres above 0, got {cell_m!r}.")
    return size


def _zone_count(n_zones: Any) -> int:
    if isinstance(n_zones, bool) or not isinstance(n_zones, int | np.integer) or n_zones < 0:
        raise ValueError(f"n_zones must be a whole number ≥ 0, got {n_zones!r}.")
    return int(n_zones)
