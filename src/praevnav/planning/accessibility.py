"""Spatial accessibility of offers: floating catchment area (FCA) methods.

Pure numpy/scipy, no ORM: selectors build the arrays, services persist the results.

Coordinates are metres in ETRS89 / UTM zone 32N (EPSG:25832); :func:`to_utm32` converts
WGS84 longitude/latitude. Demand ``P`` (people, e.g. a life phase's population per 100 m
cell) sits at ``demand_xy``; supply ``S`` (places, or 1 per offer where the capacity is
unknown) at ``supply_xy``. With a distance weight ``W`` (0 beyond the catchment ``c``):

* step 1, per supply j: ``R_j = S_j / Σ_k W(d_kj) P_k`` over the demand k with ``d_kj ≤ c``;
* step 2, per demand i:  ``A_i = Σ_j W(d_ij) R_j``     over the supply j with ``d_ij ≤ c``.

Methods (all oracle-tested against PySAL ``access``, ``Access.two_stage_fca`` with the
same ``max_cost`` and ``weight_fn``):

* :func:`two_sfca` — Luo & Wang (2003): ``W = 1`` inside the catchment.
* :func:`e2sfca` — Enhanced 2SFCA, Luo & Qi (2009). ``weights="stepwise"`` (default):
  zones ``(lo, hi, w)`` in metres, ``W(d) = w`` for ``lo < d ≤ hi`` (``d = 0`` in the first
  zone), 0 beyond the last zone — exactly ``access.weights.step_fn({hi: w, ...})``. Default
  zones: ``(0, c/3, 1.0), (c/3, 2c/3, 0.68), (2c/3, c, 0.22)`` (Luo & Qi's 10/20/30 min
  weights, scaled to the catchment). ``weights="gaussian"``: see :func:`gaussian_2sfca`.
  ``weights=callable``: called with a float array of distances (possibly from a worker
  thread), must return an array of the same shape with finite, non-negative values.
* :func:`gaussian_2sfca` — Dai (2010):
  ``W(d) = (exp(-½ (d/c)²) − exp(-½)) / (1 − exp(-½))``, which falls from 1 at the offer to
  0 at the catchment. With ``sigma_m`` instead ``W(d) = exp(-d² / (2 σ²))``, cut at the
  catchment — PySAL's ``access.weights.gaussian(sigma)``.

Well-defined edge cases (documented, tested):

* supply with no weighted demand in its catchment gets ``R_j = 0`` (never NaN or inf); so
  ``Σ_i P_i A_i = Σ_j S_j`` over the supply that has weighted demand in reach — for every
  weight function, since the same ``W`` is used in both steps;
* empty demand gives an empty result, empty supply gives zeros;
* a catchment beyond the extent of all points (e.g. 10⁹ m) needs no pairs when the
  weights are constant there (2SFCA, or the first stepwise zone covers the extent:
  ``A_i = ΣS / ΣP``, 0 if nobody lives anywhere) or a Gaussian that is exactly linear in
  d² there (``d²/2s² ≤ 10⁻⁸`` over the bounding-box diagonal; then the sums expand into
  O(n + m) terms, see :class:`EverywhereForm`). Otherwise the pairs are built tile by tile;
  more than ``max_pairs`` (default 2·10⁸, about 3.2 GB) raise a ``ValueError`` instead of
  exhausting memory.

Demand may be ``(n,)`` or ``(n, k)`` (k life phases), supply ``(m,)`` or ``(m, k)``: the pair
structure is built once and reused for every column (:func:`build_catchment` and
:func:`floating_catchment` expose that to callers with several supply sets).

Speed: the demand points are sorted into square tiles; per tile a small KD-tree is joined
with the supply KD-tree (``cKDTree.sparse_distance_matrix``, which releases the GIL, so tiles
run in threads). Memory is linear in the number of pairs within the catchment (a COO
matrix per tile: int32 row and column, float64 weight per pair); no dense origin × destination
matrix is ever built. Both steps are sparse × dense products over all k columns at once.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from numbers import Real
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.sparse import coo_matrix
from scipy.spatial import cKDTree

FloatArray = NDArray[np.float64]
WeightFn = Callable[[FloatArray], Any]
Zone = tuple[float, float, float]

#: Luo & Qi (2009) zone weights, zone bounds as shares of the catchment.
DEFAULT_ZONE_SHARES: tuple[Zone, ...] = (
    (0.0, 1 / 3, 1.0),
    (1 / 3, 2 / 3, 0.68),
    (2 / 3, 1.0, 0.22),
)
#: Pairs allowed before a clear error instead of running out of memory (~16 bytes each).
DEFAULT_MAX_PAIRS = 200_000_000
#: Demand points per tile: small trees keep the KD-tree join cache-friendly.
TILE_POINTS = 4096
#: Largest u = d²/2s² over the extent for which a Gaussian weight is exactly (to double
#: precision, since the dropped u²/2 ≤ 5·10⁻¹⁷) linear in u: the no-pair closed form.
QUADRATIC_LIMIT = 1e-8
_E_HALF = math.exp(-0.5)


@dataclass(frozen=True)
class Tile:
    """The pairs of one tile of demand points: ``rows`` are the global demand indices of
    the tile, ``weights`` a sparse (len(rows) × n_supply) COO matrix of W(d) per pair (COO,
    not CSR: the products cost the same and the conversion would double the build time)."""

    rows: NDArray[np.intp]
    weights: coo_matrix

    @property
    def n_pairs(self) -> int:
        return int(self.weights.nnz)


@dataclass(frozen=True)
class EverywhereForm:
    """Every pair is in reach and ``W_ij = alpha - beta · |x_i - y_j|²`` holds exactly (to
    double precision): constant weights have ``beta = 0``, a Gaussian whose argument stays
    below ``QUADRATIC_LIMIT`` over the whole extent is linear in the squared distance.
    Then both FCA steps are sums over the points, O(n + m), no pairs. Coordinates are
    centred on the mean of all points to keep the squared norms small."""

    alpha: float
    beta: float
    demand_xy: FloatArray
    supply_xy: FloatArray


@dataclass(frozen=True)
class Catchment:
    """Demand–supply pairs within the catchment, with their weights, reusable for any number
    of demand/supply columns. ``everywhere`` replaces the pairs when every demand point
    reaches every supply point (see :class:`EverywhereForm`)."""

    n_demand: int
    n_supply: int
    tiles: tuple[Tile, ...]
    everywhere: EverywhereForm | None = None

    @property
    def n_pairs(self) -> int:
        if self.everywhere is not None:
            return self.n_demand * self.n_supply
        return sum(t.n_pairs for t in self.tiles)


# --- public methods ------------------------------------------------------------------


def two_sfca(
    demand_xy: ArrayLike,
    demand: ArrayLike,
    supply_xy: ArrayLike,
    supply: ArrayLike,
    *,
    catchment_m: float,
    max_pairs: int = DEFAULT_MAX_PAIRS,
) -> FloatArray:
    """Two-step floating catchment area (Luo & Wang 2003): supply per demand within
    ``catchment_m`` metres, every pair weighted 1. Returns one value per demand point (per
    column if ``demand`` or ``supply`` is two-dimensional)."""
    return _run(demand_xy, demand, supply_xy, supply, catchment_m, "uniform", None, None, max_pairs)


def e2sfca(
    demand_xy: ArrayLike,
    demand: ArrayLike,
    supply_xy: ArrayLike,
    supply: ArrayLike,
    *,
    catchment_m: float,
    weights: str | WeightFn = "stepwise",
    zones: Sequence[Zone] | None = None,
    sigma_m: float | None = None,
    max_pairs: int = DEFAULT_MAX_PAIRS,
) -> FloatArray:
    """Enhanced two-step floating catchment area (Luo & Qi 2009) with distance-decay
    weights ``"stepwise"`` (``zones`` in metres, default Luo & Qi's three zones scaled to the
    catchment), ``"gaussian"`` (Dai 2010, or ``exp(-d²/2σ²)`` with ``sigma_m``) or a callable
    on an array of distances. See the module docstring for the exact formulas."""
    return _run(
        demand_xy, demand, supply_xy, supply, catchment_m, weights, zones, sigma_m, max_pairs
    )


def gaussian_2sfca(
    demand_xy: ArrayLike,
    demand: ArrayLike,
    supply_xy: ArrayLike,
    supply: ArrayLike,
    *,
    catchment_m: float,
    sigma_m: float | None = None,
    max_pairs: int = DEFAULT_MAX_PAIRS,
) -> FloatArray:
    """Gaussian 2SFCA (Dai 2010): weight 1 at the offer falling to 0 at the catchment; with
    ``sigma_m`` the plain Gaussian ``exp(-d²/2σ²)`` cut at the catchment."""
    return _run(
        demand_xy, demand, supply_xy, supply, catchment_m, "gaussian", None, sigma_m, max_pairs
    )


def build_catchment(
    demand_xy: ArrayLike,
    supply_xy: ArrayLike,
    *,
    catchment_m: float,
    weights: str | WeightFn = "uniform",
    zones: Sequence[Zone] | None = None,
    sigma_m: float | None = None,
    max_pairs: int = DEFAULT_MAX_PAIRS,
    workers: int | None = None,
) -> Catchment:
    """The weighted demand–supply pairs within ``catchment_m`` (``weights="uniform"`` is
    2SFCA). Build once, then call :func:`floating_catchment` for each demand/supply set."""
    dxy = _points(demand_xy, "demand_xy")
    sxy = _points(supply_xy, "supply_xy")
    catchment = _catchment(catchment_m)
    weight_fn, closed_form = _weight_function(weights, zones, sigma_m, catchment)
    max_pairs = _positive_int(max_pairs, "max_pairs")
    n, m = len(dxy), len(sxy)
    if n == 0 or m == 0:
        return Catchment(n, m, ())
    diagonal = _diagonal(dxy, sxy)
    form = closed_form(diagonal) if catchment >= diagonal else None
    if form is not None:
        alpha, beta = form
        origin = np.vstack([dxy, sxy]).mean(axis=0)
        everywhere = EverywhereForm(alpha, beta, dxy - origin, sxy - origin)
        return Catchment(n, m, (), everywhere=everywhere)
    if catchment >= diagonal and n * m > max_pairs:
        raise ValueError(_budget_message(catchment, n * m, max_pairs, exact=True))
    return _pairs(dxy, sxy, catchment, weight_fn, max_pairs, workers)


def floating_catchment(catchment: Catchment, demand: ArrayLike, supply: ArrayLike) -> FloatArray:
    """Both FCA steps over prebuilt pairs. ``demand`` (n,) or (n, k), ``supply`` (m,) or
    (m, k); the result has shape (n,) when both are one-dimensional, else (n, k)."""
    P, S, squeeze = _values(demand, supply, catchment.n_demand, catchment.n_supply)
    n, k = P.shape
    if catchment.everywhere is not None:
        result = _everywhere(catchment.everywhere, P, S)
        return result[:, 0] if squeeze else result
    m = catchment.n_supply
    # Step 1: D = Wᵀ P, step 2: A = W R, per tile with sparse × dense products (all k
    # columns in one pass over the pairs).
    weighted_demand = np.zeros((m, k))
    for tile in catchment.tiles:
        weighted_demand += tile.weights.T @ np.ascontiguousarray(P[tile.rows])
    # Supply without (weighted) demand in reach serves nobody: ratio 0, never NaN.
    ratio = np.divide(S, weighted_demand, out=np.zeros((m, k)), where=weighted_demand > 0)
    result = np.zeros((n, k))
    for tile in catchment.tiles:
        result[tile.rows] = tile.weights @ ratio
    return result[:, 0] if squeeze else result


def _everywhere(form: EverywhereForm, P: FloatArray, S: FloatArray) -> FloatArray:
    """Both steps with ``W_ij = a - b (|x_i|² - 2 x_i·y_j + |y_j|²)``, expanded into sums."""
    a, b = form.alpha, form.beta
    x, y = form.demand_xy, form.supply_xy
    x2, y2 = (x * x).sum(axis=1), (y * y).sum(axis=1)
    total_p = P.sum(axis=0)
    weighted = a * total_p - b * (x2 @ P - 2 * (y @ (x.T @ P)) + y2[:, None] * total_p)
    ratio = np.divide(S, weighted, out=np.zeros(S.shape), where=weighted > 0)
    total_r = ratio.sum(axis=0)
    return a * total_r - b * (x2[:, None] * total_r - 2 * (x @ (y.T @ ratio)) + y2 @ ratio)


@lru_cache(maxsize=1)
def _utm32_transformer():
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:4326", "EPSG:25832", always_xy=True)


def to_utm32(lon: ArrayLike, lat: ArrayLike) -> FloatArray:
    """WGS84 longitude/latitude (degrees) → (n, 2) ETRS89 / UTM 32N metres (EPSG:25832)."""
    lon_a = np.atleast_1d(np.asarray(lon, dtype=float))
    lat_a = np.atleast_1d(np.asarray(lat, dtype=float))
    if lon_a.shape != lat_a.shape or lon_a.ndim != 1:
        raise ValueError(
            f"lon and lat must be 1-D of the same length, got {lon_a.shape} and {lat_a.shape}."
        )
    if not (np.isfinite(lon_a).all() and np.isfinite(lat_a).all()):
        raise ValueError("lon/lat contain NaN or infinite values.")
    if (np.abs(lon_a) > 180).any() or (np.abs(lat_a) > 90).any():
        raise ValueError("lon must lie in [-180, 180] and lat in [-90, 90] degrees.")
    x, y = _utm32_transformer().transform(lon_a, lat_a)
    return np.column_stack([x, y]).astype(np.float64)


# --- pairs ---------------------------------------------------------------------------


def _pairs(dxy, sxy, catchment, weight_fn, max_pairs, workers) -> Catchment:
    supply_tree = cKDTree(sxy, balanced_tree=False)
    chunks = _tiles(dxy, catchment)

    m = len(sxy)

    def join(rows: NDArray[np.intp]) -> Tile:
        found = cKDTree(dxy[rows], balanced_tree=False).sparse_distance_matrix(
            supply_tree, catchment, output_type="ndarray"
        )
        if weight_fn is None:
            weight = np.ones(len(found))
        else:
            weight = _checked_weights(weight_fn, np.ascontiguousarray(found["v"]))
        local = found["i"].astype(np.int32)
        cols = found["j"].astype(np.int32)
        del found
        matrix = coo_matrix((weight, (local, cols)), shape=(len(rows), m))
        return Tile(rows, matrix)

    workers = workers or min(4, os.cpu_count() or 1)
    tiles: list[Tile] = []
    total = 0
    results: Iterator[Tile]
    executor: ThreadPoolExecutor | None
    if workers == 1 or len(chunks) == 1:
        results = map(join, chunks)
        executor = None
    else:
        executor = ThreadPoolExecutor(workers)
        results = executor.map(join, chunks)
    try:
        for tile in results:
            total += tile.n_pairs
            if total > max_pairs:
                raise ValueError(_budget_message(catchment, total, max_pairs, exact=False))
            tiles.append(tile)
    finally:
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)
    return Catchment(len(dxy), len(sxy), tuple(tiles))


def _tiles(dxy: FloatArray, catchment: float) -> list[NDArray[np.intp]]:
    """Demand indices grouped into compact square tiles of about TILE_POINTS points."""
    n = len(dxy)
    if n <= TILE_POINTS:
        return [np.arange(n)]
    lo = dxy.min(axis=0)
    extent = np.maximum(dxy.max(axis=0) - lo, 1.0)
    side = max(math.sqrt(float(extent[0] * extent[1]) * TILE_POINTS / n), catchment / 4)
    cells = np.floor((dxy - lo) / side).astype(np.int64)
    key = cells[:, 1] * (int(cells[:, 0].max()) + 1) + cells[:, 0]
    order = np.argsort(key, kind="stable")
    bounds = np.flatnonzero(np.diff(key[order])) + 1
    chunks: list[NDArray[np.intp]] = []
    for part in np.split(order, bounds):
        # Clustered data: split crowded tiles so that no single join gets too large.
        chunks.extend(np.array_split(part, math.ceil(len(part) / (4 * TILE_POINTS))))
    return chunks


def _budget_message(catchment: float, pairs: int, max_pairs: int, *, exact: bool) -> str:
    count = f"{pairs:,}" if exact else f"more than {max_pairs:,}"
    return (
        f"A catchment of {catchment:,.0f} m links {count} demand-supply pairs, above the "
        f"budget of {max_pairs:,} (max_pairs). Use a smaller catchment, fewer points, or "
        "2SFCA weights, which need no pairs when everything is in reach."
    )


def _diagonal(dxy: FloatArray, sxy: FloatArray) -> float:
    both = np.vstack([dxy.min(axis=0), dxy.max(axis=0), sxy.min(axis=0), sxy.max(axis=0)])
    return float(np.hypot(*(both.max(axis=0) - both.min(axis=0))))


# --- weights -------------------------------------------------------------------------


ClosedForm = Callable[[float], tuple[float, float] | None]


def _weight_function(weights, zones, sigma_m, catchment) -> tuple[WeightFn | None, ClosedForm]:
    """The weight function (None = constant 1) and, for a given extent (the bounding-box
    diagonal), the exact ``(alpha, beta)`` of ``W = alpha - beta d²`` when there is one."""
    if zones is not None and weights != "stepwise":
        raise ValueError('zones are only used with weights="stepwise".')
    if sigma_m is not None and weights != "gaussian":
        raise ValueError('sigma_m is only used with weights="gaussian".')
    if callable(weights):
        return weights, lambda _extent: None
    if weights == "uniform":
        return None, lambda _extent: (1.0, 0.0)
    if weights == "stepwise":
        return _stepwise(_zones(zones, catchment))
    if weights == "gaussian":
        return _gaussian(catchment, sigma_m)
    raise ValueError(
        f'weights must be "gaussian", "stepwise" or a function of distance, not {weights!r}.'
    )


def _zones(zones: Sequence[Zone] | None, catchment: float) -> list[Zone]:
    if zones is None:
        return [(lo * catchment, hi * catchment, w) for lo, hi, w in DEFAULT_ZONE_SHARES]
    try:
        table = [tuple(float(v) for v in zone) for zone in zones]
    except (TypeError, ValueError):
        raise ValueError("zones must be a list of (from_m, to_m, weight) numbers.")
    if not table or any(len(z) != 3 for z in table):
        raise ValueError("zones must be a non-empty list of (from_m, to_m, weight).")
    previous = 0.0
    for number, (lo, hi, w) in enumerate(table, start=1):
        if not all(math.isfinite(v) for v in (lo, hi, w)):
            raise ValueError(f"zone {number}: values must be finite numbers.")
        if lo != previous:
            raise ValueError(
                f"zone {number}: starts at {lo:g} m but must start at {previous:g} m "
                "(zones are contiguous from 0)."
            )
        if hi <= lo:
            raise ValueError(f"zone {number}: the end ({hi:g} m) must lie beyond the start.")
        if w < 0:
            raise ValueError(f"zone {number}: the weight must not be negative ({w:g}).")
        previous = hi
    return table  # type: ignore[return-value]


def _stepwise(zones: list[Zone]) -> tuple[WeightFn, ClosedForm]:
    bounds = np.array([hi for _lo, hi, _w in zones])
    values = np.array([w for _lo, _hi, w in zones] + [0.0])

    def weight(d: FloatArray) -> FloatArray:
        # Zone k holds lo < d ≤ hi (as access.weights.step_fn); beyond the last zone 0.
        # Counting the bounds below d is several times faster than searchsorted here.
        index = np.zeros(d.shape, dtype=np.intp)
        for bound in bounds:
            index += d > bound
        return values[index]

    def closed(extent: float) -> tuple[float, float] | None:
        return (float(values[0]), 0.0) if bounds[0] >= extent else None

    return weight, closed


def _gaussian(catchment: float, sigma_m: float | None) -> tuple[WeightFn, ClosedForm]:
    if sigma_m is None:

        def dai(d: FloatArray) -> FloatArray:
            return (np.exp(-0.5 * (d / catchment) ** 2) - _E_HALF) / (1.0 - _E_HALF)

        weight = dai
        # W = (e^-u − e^-½)/(1 − e^-½) with u = d²/2c² ≈ 1 − u/(1 − e^-½) for tiny u.
        scale, slope = catchment, 1.0 / (1.0 - _E_HALF)
    else:
        sigma = _catchment(sigma_m, "sigma_m")

        def plain(d: FloatArray) -> FloatArray:
            return np.exp(-(d * d) / (2.0 * sigma * sigma))

        weight = plain
        scale, slope = sigma, 1.0  # e^-u ≈ 1 − u

    def closed(extent: float) -> tuple[float, float] | None:
        if extent * extent / (2 * scale * scale) > QUADRATIC_LIMIT:
            return None
        return 1.0, slope / (2 * scale * scale)

    return weight, closed


def _checked_weights(weight_fn: WeightFn, distances: FloatArray) -> FloatArray:
    w = np.asarray(weight_fn(distances), dtype=np.float64)
    if w.shape != distances.shape:
        raise ValueError(
            f"The weight function returned shape {w.shape} for {distances.shape} distances."
        )
    if not np.isfinite(w).all():
        raise ValueError("The weight function returned NaN or infinite weights.")
    if (w < 0).any():
        raise ValueError("The weight function returned negative weights.")
    return w


# --- validation ----------------------------------------------------------------------


def _run(demand_xy, demand, supply_xy, supply, catchment_m, weights, zones, sigma_m, max_pairs):
    dxy = _points(demand_xy, "demand_xy")
    sxy = _points(supply_xy, "supply_xy")
    # Values are checked before any pairs are built: bad input fails fast.
    _values(demand, supply, len(dxy), len(sxy))
    catchment = build_catchment(
        dxy,
        sxy,
        catchment_m=catchment_m,
        weights=weights,
        zones=zones,
        sigma_m=sigma_m,
        max_pairs=max_pairs,
    )
    return floating_catchment(catchment, demand, supply)


def _points(xy: ArrayLike, name: str) -> FloatArray:
    arr = np.asarray(xy, dtype=np.float64)
    if arr.size == 0:
        return np.zeros((0, 2))
    if arr.ndim != 2 or arr.shape[1] != 2:
        raise ValueError(f"{name} must be an (n, 2) array of x, y metres, got shape {arr.shape}.")
    bad = ~np.isfinite(arr).all(axis=1)
    if bad.any():
        raise ValueError(
            f"{name} has NaN or infinite coordinates (first at row {int(np.argmax(bad))})."
        )
    return arr


def _values(demand, supply, n: int, m: int) -> tuple[FloatArray, FloatArray, bool]:
    P = _column_values(demand, n, "demand", "demand_xy")
    S = _column_values(supply, m, "supply", "supply_xy")
    squeeze = P.ndim == 1 and S.ndim == 1
    P2 = P.reshape(n, -1) if P.ndim == 2 else P[:, None]
    S2 = S.reshape(m, -1) if S.ndim == 2 else S[:, None]
    if P2.shape[1] != S2.shape[1] and 1 not in (P2.shape[1], S2.shape[1]):
        raise ValueError(
            f"demand has {P2.shape[1]} columns but supply has {S2.shape[1]}; they must match."
        )
    k = max(P2.shape[1], S2.shape[1])
    return np.broadcast_to(P2, (n, k)), np.broadcast_to(S2, (m, k)), squeeze


def _column_values(values, count: int, name: str, points: str) -> FloatArray:
    arr = np.asarray(values, dtype=np.float64)
    if arr.ndim not in (1, 2) or arr.shape[0] != count:
        raise ValueError(
            f"{name} has {arr.shape[0] if arr.ndim else 0} rows but {points} has {count} points."
        )
    if not np.isfinite(arr).all():
        raise ValueError(f"{name} contains NaN or infinite values.")
    if (arr < 0).any():
        raise ValueError(f"{name} must not be negative.")
    return arr


def _catchment(value: Any, name: str = "catchment_m") -> float:
    if isinstance(value, bool) or not isinstance(value, Real | np.floating | np.integer):
        raise ValueError(f"{name} must be a number of metres, got {value!r}.")
    number = float(value)
    if not math.isfinite(number) or number <= 0:
        raise ValueError(f"{name} must be a finite number of metres above 0, got {number:g}.")
    return number


def _positive_int(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
        raise ValueError(f"{name} must be a positive whole number, got {value!r}.")
    return int(value)
