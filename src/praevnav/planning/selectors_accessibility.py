"""Spatial accessibility per area and life phase, read from the database.

Builds the inputs of the pure functions in ``planning/accessibility.py`` and
``planning/grid.py`` and aggregates their result to every area level:

* **Demand**: a 100 m population grid per life phase (``grid.population_grid``), spread
  over the polygons of the *smallest* areas that have populations by life phase
  (Sozialräume from the Quartiersatlas where loaded, else Stadtteile, …). Areas without
  a population of that phase contribute no cells.
* **Supply** (current offers of ``supply.planning_dataset`` only), per life phase the
  offer serves; the value is the capacity (places per year) where known, else 1:

  - an offer with locations sits at its location points (the value split evenly over
    its points);
  - an offer without a usable point that serves listed areas (or the whole tenant) sits
    at the population-weighted centroid of each such area (value split over the areas);
  - an outreach offer is spread evenly over every grid cell of its service area (or of
    the whole tenant when it lists none); outreach supply is pooled per cell, so a cell
    is one supply point however many outreach offers reach it, and cells are pooled into
    300 m blocks (``_pool_outreach``) to keep the number of pairs small.

* One catchment structure (:func:`accessibility.build_catchment`) is built for all
  phases and :func:`accessibility.floating_catchment` runs once over all columns.
* Aggregation: population-weighted mean per area at every level
  (:func:`grid.aggregate_mean`); an area without population of the phase has ``None``
  (shown as "no population", never NaN).

Results are cached per tenant, parameters and catalogue version (Django cache).
"""

from __future__ import annotations

import functools
import hashlib
import math
from dataclasses import dataclass, field

import numpy as np
import shapely
from django.core.cache import cache
from django.db.models import Count, Max
from django.utils import timezone
from shapely.geometry import shape

from praevnav.catalogue.enums import OfferStatus, ServiceAreaKind
from praevnav.catalogue.models import Offer
from praevnav.core.models import Tenant
from praevnav.geography.models import Area, Indicator
from praevnav.geography.selectors import population_by_phase
from praevnav.planning import accessibility, grid
from praevnav.planning.supply import CURRENT, PlanningDataset, SupplyRow, planning_dataset

METHODS = ("e2sfca", "2sfca", "gaussian")
DEFAULT_CATCHMENT_M = 1500.0
MIN_CATCHMENT_M = 100.0
MAX_CATCHMENT_M = 50_000.0
CELL_M = 100.0
#: Outreach supply is pooled per block of this size (see ``_pool_outreach``).
OUTREACH_BLOCK_M = 300.0
#: Finest first: the demand grid is built from the first level with populations.
DEMAND_LEVELS = ("sozialraum", "stadtteil", "gemeinde", "stadtbezirk", "kommune")
CACHE_SECONDS = 60 * 60


@dataclass(frozen=True)
class AccessParams:
    """Catchment (metres) and method: ``e2sfca`` (stepwise decay, Luo & Qi), ``2sfca``
    (no decay) or ``gaussian`` (Dai)."""

    catchment_m: float = DEFAULT_CATCHMENT_M
    method: str = "e2sfca"

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise ValueError(f"Unknown method {self.method!r}; choose one of {', '.join(METHODS)}.")
        value = float(self.catchment_m)
        if not math.isfinite(value) or not MIN_CATCHMENT_M <= value <= MAX_CATCHMENT_M:
            raise ValueError(
                f"The catchment must lie between {MIN_CATCHMENT_M:.0f} and "
                f"{MAX_CATCHMENT_M:.0f} m, got {self.catchment_m!r}."
            )


@dataclass
class AccessInputs:
    """The arrays handed to the pure functions, and how cells map to areas.

    ``demand`` and ``supply`` have one column per phase in ``phase_codes``.
    ``cell_zone[level]`` gives, per cell, the position of its area in ``zones[level]``
    (−1: the cell lies in no area of that level)."""

    phase_codes: list[str]
    demand_level: str | None
    demand_xy: np.ndarray
    demand: np.ndarray
    supply_xy: np.ndarray
    supply: np.ndarray
    zones: dict[str, list[int]] = field(default_factory=dict)
    cell_zone: dict[str, np.ndarray] = field(default_factory=dict)


@dataclass
class AreaAccess:
    area_id: int
    code: str
    name: str
    level: str
    #: phase code → population-weighted mean accessibility; None: no population.
    values: dict[str, float | None]
    population: dict[str, float]


@dataclass
class AccessResult:
    params: AccessParams
    phase_codes: list[str]
    demand_level: str | None
    cells: int
    supply_points: int
    pairs: int
    #: level → areas of that level (ordered by code)
    by_level: dict[str, list[AreaAccess]]
    #: phase code → tenant-wide population-weighted median of the area values at each level
    medians: dict[str, dict[str, float | None]]

    def area(self, level: str, area_id: int) -> AreaAccess | None:
        for row in self.by_level.get(level, []):
            if row.area_id == area_id:
                return row
        return None


# --- inputs --------------------------------------------------------------------------


def _utm_geometry(geojson: dict | None):
    if not geojson:
        return None
    try:
        geom = shape(geojson)
    except (ValueError, TypeError, AttributeError, KeyError):
        return None
    if geom.is_empty:
        return None
    if not geom.is_valid:
        geom = shapely.make_valid(geom)

    return shapely.transform(geom, lambda xy: accessibility.to_utm32(xy[:, 0], xy[:, 1]))


def _demand_level(tenant: Tenant) -> tuple[str | None, dict[int, dict[str, float | None]]]:
    for level in DEMAND_LEVELS:
        populations = population_by_phase(tenant=tenant, level=level)
        if populations:
            return level, populations
    return None, {}


def _ancestor_at(dataset: PlanningDataset, area_id: int, level: str) -> int | None:
    node, guard = area_id, 0
    while node is not None and node in dataset.areas and guard < 12:
        if dataset.areas[node].level == level:
            return node
        node, guard = dataset.areas[node].parent_id, guard + 1
    return None


def _supply_value(offer: SupplyRow) -> float:
    return float(offer.capacity) if offer.capacity and offer.capacity > 0 else 1.0


def accessibility_inputs(
    *, tenant: Tenant, dataset: PlanningDataset | None = None, dimension: str | None = None
) -> AccessInputs:
    """Demand grid and supply points of ``tenant`` (see the module docstring). With
    ``dimension`` only offers of that prevention dimension are supply."""
    dataset = dataset or planning_dataset(tenant=tenant)
    codes = [p.code for p in dataset.phases]
    column = {c: i for i, c in enumerate(codes)}
    k = len(codes)
    level, populations = _demand_level(tenant)
    empty = AccessInputs(codes, level, np.zeros((0, 2)), np.zeros((0, k)), np.zeros((0, 2)),
                         np.zeros((0, k)))  # fmt: skip
    if level is None:
        return empty
    geometries = dict(
        Area.all_tenants.filter(pk__in=list(populations)).values_list("pk", "geometry")
    )
    # Per phase one polygon list; cells of all phases then share the same centres because
    # the grid is aligned to multiples of the cell size (grid module docstring).
    area_ids, polygons = [], []
    for area_id in sorted(populations):
        geom = _utm_geometry(geometries.get(area_id))
        if geom is not None and area_id in dataset.areas:
            area_ids.append(area_id)
            polygons.append(geom)
    if not area_ids:
        return empty
    # Cells are built once from the total population of all phases, then each cell carries
    # every phase's share of its area (the same even spread as per-phase grids give).
    totals = []
    for area_id in area_ids:
        values = populations[area_id]
        totals.append(sum(v for c in codes if (v := values.get(c)) is not None and v > 0))
    xy, total_pop, index = grid.population_grid(
        list(zip(polygons, totals, strict=True)), cell_m=CELL_M
    )
    n = len(xy)
    demand = np.zeros((n, k))
    if n:
        cells_per_area = np.bincount(index, minlength=len(area_ids))
        for j, code in enumerate(codes):
            pop = np.array([max(populations[a].get(code) or 0.0, 0.0) for a in area_ids])
            demand[:, j] = pop[index] / np.maximum(cells_per_area[index], 1)
    cell_area = np.array(area_ids, dtype=np.int64)[index] if n else np.zeros(0, dtype=np.int64)

    zones: dict[str, list[int]] = {}
    cell_zone: dict[str, np.ndarray] = {}
    for lvl in dataset.levels():
        ordered = [a.id for a in dataset.areas_at(lvl)]
        position = {a: i for i, a in enumerate(ordered)}
        mapping = {a: position.get(_ancestor_at(dataset, a, lvl), -1) for a in area_ids}
        zones[lvl] = ordered
        cell_zone[lvl] = (
            np.array([mapping[a] for a in cell_area], dtype=np.int64) if n else np.zeros(0, int)
        )

    # --- supply ---
    level_cells = {lvl: cell_zone[lvl] for lvl in cell_zone}
    centroids: dict[str, np.ndarray] = {}

    @functools.cache
    def centroid_of(area_id: int) -> tuple[float, float] | None:
        node = dataset.areas[area_id]
        lvl = node.level
        if lvl in zones and n:
            if lvl not in centroids:
                z = level_cells[lvl]
                inside = z >= 0
                centroids[lvl] = grid.population_centroids(
                    xy[inside], total_pop[inside], z[inside], len(zones[lvl])
                )
            point = centroids[lvl][zones[lvl].index(area_id)]
            if np.isfinite(point).all():
                return float(point[0]), float(point[1])
        if node.centroid is not None:
            p = accessibility.to_utm32([node.centroid[0]], [node.centroid[1]])[0]
            return float(p[0]), float(p[1])
        return None

    def cells_of(area_ids_served: set[int]) -> np.ndarray:
        mask = np.zeros(n, dtype=bool)
        for area_id in area_ids_served:
            lvl = dataset.areas[area_id].level
            if lvl in zones:
                mask |= level_cells[lvl] == zones[lvl].index(area_id)
        return np.flatnonzero(mask)

    roots = [a for a in dataset.children.get(None, [])]
    # Every location converted to metres in one call (one call per offer took ~0.25 s
    # at 10,000 offers).
    located = [o for o in dataset.offers if o.state == CURRENT and o.points]
    lonlat = np.array([p for o in located for p in o.points], dtype=np.float64).reshape(-1, 2)
    metric = accessibility.to_utm32(lonlat[:, 0], lonlat[:, 1]) if len(lonlat) else lonlat
    offer_xy: dict[int, np.ndarray] = {}
    start = 0
    for o in located:
        offer_xy[o.id] = metric[start : start + len(o.points)]
        start += len(o.points)
    points: list[tuple[float, float]] = []
    values: list[np.ndarray] = []
    outreach = np.zeros((n, k))
    for offer in dataset.offers:
        if offer.state != CURRENT or (dimension and dimension not in offer.dimensions):
            continue
        row = np.zeros(k)
        for code in offer.phases:
            if code in column:
                row[column[code]] = _supply_value(offer)
        if not row.any():
            continue
        if offer.kind == ServiceAreaKind.OUTREACH:
            cells = cells_of(offer.served or set(roots))
            if len(cells):
                outreach[cells] += row / len(cells)
                continue
        if offer.points:
            xy_pts = offer_xy[offer.id]
            for p in xy_pts:
                points.append((float(p[0]), float(p[1])))
                values.append(row / len(xy_pts))
            continue
        served = offer.served if offer.kind != ServiceAreaKind.WHOLE_TENANT else set(roots)
        spots = [c for c in (centroid_of(a) for a in sorted(served or roots)) if c is not None]
        for spot in spots:
            points.append(spot)
            values.append(row / len(spots))
    supply_xy = np.array(points, dtype=np.float64).reshape(-1, 2)
    supply = np.array(values, dtype=np.float64).reshape(-1, k)
    block_xy, block_supply = _pool_outreach(xy, outreach)
    if len(block_xy):
        supply_xy = np.vstack([supply_xy, block_xy])
        supply = np.vstack([supply, block_supply])
    return AccessInputs(codes, level, xy, demand, supply_xy, supply, zones, cell_zone)


def _pool_outreach(xy: np.ndarray, outreach: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Outreach supply per cell pooled into square blocks of ``OUTREACH_BLOCK_M``: one
    supply point per block at the supply-weighted centre of its cells, carrying their sum.
    Every cell of 100 m as a supply point would multiply the pairs (and the time) by about
    nine for a shift of at most ~150 m; the total supply is unchanged."""
    reached = np.flatnonzero(outreach.any(axis=1))
    if not len(reached):
        return np.zeros((0, 2)), np.zeros((0, outreach.shape[1]))
    cells = np.floor(xy[reached] / OUTREACH_BLOCK_M).astype(np.int64)
    _keys, block = np.unique(cells, axis=0, return_inverse=True)
    block = block.ravel()
    blocks = int(block.max()) + 1
    weight = outreach[reached].sum(axis=1)
    total = np.bincount(block, weights=weight, minlength=blocks)
    centre = np.column_stack(
        [
            np.bincount(block, weights=weight * xy[reached, d], minlength=blocks) / total
            for d in (0, 1)
        ]
    )
    pooled = np.column_stack(
        [np.bincount(block, weights=outreach[reached, j], minlength=blocks)
         for j in range(outreach.shape[1])]
    )  # fmt: skip
    return centre, pooled


# --- computation ---------------------------------------------------------------------


def run_method(inputs: AccessInputs, params: AccessParams) -> tuple[np.ndarray, int]:
    """Accessibility per cell and phase ((n, k)) and the number of pairs used."""
    n, k = inputs.demand.shape
    if n == 0 or len(inputs.supply_xy) == 0:
        return np.zeros((n, k)), 0
    if params.method == "2sfca":
        options: dict = {"weights": "uniform"}
    elif params.method == "gaussian":
        options = {"weights": "gaussian"}
    else:
        options = {"weights": "stepwise"}
    catchment = accessibility.build_catchment(
        inputs.demand_xy, inputs.supply_xy, catchment_m=params.catchment_m, **options
    )
    return accessibility.floating_catchment(
        catchment, inputs.demand, inputs.supply
    ), catchment.n_pairs


def _weighted_median(values: list[float], weights: list[float]) -> float | None:
    pairs = sorted((v, w) for v, w in zip(values, weights, strict=True) if w > 0)
    if not pairs:
        return None
    half, running = sum(w for _v, w in pairs) / 2, 0.0
    for v, w in pairs:
        running += w
        if running >= half:
            return v
    return pairs[-1][0]


def compute_accessibility(
    *, tenant: Tenant, params: AccessParams, dataset: PlanningDataset | None = None,
    dimension: str | None = None,
) -> AccessResult:  # fmt: skip
    """Accessibility per area (every level) and life phase, uncached."""
    dataset = dataset or planning_dataset(tenant=tenant)
    inputs = accessibility_inputs(tenant=tenant, dataset=dataset, dimension=dimension)
    cell_values, pairs = run_method(inputs, params)
    by_level: dict[str, list[AreaAccess]] = {}
    medians: dict[str, dict[str, float | None]] = {c: {} for c in inputs.phase_codes}
    for level, ordered in inputs.zones.items():
        z = inputs.cell_zone[level]
        inside = z >= 0
        rows = [
            AreaAccess(a, dataset.areas[a].code, dataset.areas[a].name, level, {}, {})
            for a in ordered
        ]
        for j, code in enumerate(inputs.phase_codes):
            weights = inputs.demand[inside, j]
            means = grid.aggregate_mean(cell_values[inside, j], weights, z[inside], len(ordered))
            pops = np.bincount(z[inside], weights=weights, minlength=len(ordered))
            for row, mean, pop in zip(rows, means, pops, strict=True):
                row.values[code] = float(mean) if np.isfinite(mean) else None
                row.population[code] = float(pop)
            present = [
                (r.values[code], r.population[code]) for r in rows if r.values[code] is not None
            ]
            medians[code][level] = _weighted_median(
                [v for v, _ in present], [w for _, w in present]
            )
        by_level[level] = rows
    return AccessResult(
        params=params,
        phase_codes=inputs.phase_codes,
        demand_level=inputs.demand_level,
        cells=len(inputs.demand_xy),
        supply_points=len(inputs.supply_xy),
        pairs=pairs,
        by_level=by_level,
        medians=medians,
    )


def catalogue_version(*, tenant: Tenant) -> str:
    """A short fingerprint of what the accessibility depends on: offers, areas and
    indicators of the tenant (counts and last change), and today's date (currency)."""
    scope = tenant.scope_ids()
    offers = Offer.all_tenants.filter(tenant_id__in=scope, status=OfferStatus.PUBLISHED).aggregate(
        n=Count("pk"), t=Max("updated_at")
    )
    areas = Area.all_tenants.filter(tenant_id__in=tenant.lineage_ids()).aggregate(
        n=Count("pk"), t=Max("updated_at")
    )
    indicators = Indicator.all_tenants.filter(tenant=tenant).aggregate(n=Count("pk"), y=Max("year"))
    raw = f"{offers}|{areas}|{indicators}|{timezone.localdate()}"
    return hashlib.sha1(raw.encode(), usedforsecurity=False).hexdigest()[:16]


def accessibility_by_area(
    *, tenant: Tenant, params: AccessParams | None = None, dataset: PlanningDataset | None = None,
    dimension: str | None = None, use_cache: bool = True,
) -> AccessResult:  # fmt: skip
    """Accessibility per area and life phase, cached per tenant, parameters, dimension
    and catalogue version (an offer edit changes the version, so nothing stale is shown).
    A dataset as of an earlier day is computed afresh and not cached."""
    params = params or AccessParams()
    if not use_cache or (dataset is not None and dataset.today != timezone.localdate()):
        return compute_accessibility(
            tenant=tenant, params=params, dataset=dataset, dimension=dimension
        )
    key = "praevnav:access:{}:{}:{:.1f}:{}:{}".format(
        tenant.pk, params.method, float(params.catchment_m), dimension or "-",
        catalogue_version(tenant=tenant),
    )  # fmt: skip
    result = cache.get(key)
    if result is None:
        result = compute_accessibility(
            tenant=tenant, params=params, dataset=dataset, dimension=dimension
        )
        cache.set(key, result, CACHE_SECONDS)
    return result
