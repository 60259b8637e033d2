"""Coverage: current offers per area × life phase (× dimension), per 1,000 inhabitants.

Pure aggregation over the rows of :func:`praevnav.planning.supply.planning_dataset` and a
population table ``{area_id: {phase_code: inhabitants}}``; no ORM here.

Rules (documented on the coverage page):

* An offer counts in an area when ``SupplyRow.counts_in`` holds the area (location in it,
  serving it, a coarser area or a part of it, or the whole tenant), and in every life
  phase derived from its age range. An offer of several phases counts once per phase.
* Only *current* offers count; overdue and out-of-validity offers are counted apart
  (``CoverageMatrix.left_out``).
* ``per_1000`` = offers / inhabitants of the phase × 1,000. Without a population (no
  figure, suppressed, or zero) the value is ``None`` and the page says so — never NaN.
* ``places_per_1000`` uses only offers with a known capacity (places per year); the
  cell also says how many offers had one.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from praevnav.planning.supply import CURRENT, AreaNode, PlanningDataset, SupplyRow

Population = Mapping[int, Mapping[str, float | None]]


@dataclass(frozen=True)
class CoverageFilters:
    """Which current offers take part. Empty sets mean "no restriction".

    ``topics`` must already contain the sub-topics of every chosen topic.
    """

    topics: frozenset[str] = frozenset()
    target_groups: frozenset[str] = frozenset()
    prevention_levels: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    free_only: bool = False

    def matches(self, row: SupplyRow) -> bool:
        if self.topics and not (row.topics & self.topics):
            return False
        if self.target_groups and not (row.target_groups & self.target_groups):
            return False
        if self.prevention_levels and row.prevention_level not in self.prevention_levels:
            return False
        if self.languages and not (row.languages & self.languages):
            return False
        return not (self.free_only and not row.is_free)

    @property
    def active(self) -> bool:
        return (
            bool(self.topics or self.target_groups or self.prevention_levels or self.languages)
            or self.free_only
        )


@dataclass
class Cell:
    """One area × life phase: offers, inhabitants, offers and places per 1,000."""

    offers: int = 0
    population: float | None = None
    places: int = 0
    with_capacity: int = 0
    phase: str = ""

    @property
    def has_population(self) -> bool:
        return _usable(self.population)

    @property
    def per_1000(self) -> float | None:
        return per_thousand(self.offers, self.population)

    @property
    def places_per_1000(self) -> float | None:
        if not self.with_capacity:
            return None
        return per_thousand(self.places, self.population)


@dataclass
class CoverageRow:
    area: AreaNode
    cells: dict[str, Cell]  # phase code → cell
    offers: int = 0  # distinct matching offers counting in the area (any phase)


@dataclass
class CoverageMatrix:
    level: str
    phase_codes: list[str]
    dimension: str | None
    rows: list[CoverageRow]
    left_out: dict[str, int]
    matching: int  # current offers passing the filters (and dimension)
    current: int  # current offers before filters
    totals: dict[str, Cell] = field(default_factory=dict)  # per phase, the whole tenant

    def values(self, phase: str, measure: str) -> list[float | None]:
        """The chosen measure of every row for one phase (for the map's classes)."""
        return [cell_value(r.cells[phase], measure) for r in self.rows]


MEASURES = ("offers", "per_1000", "places_per_1000")


def _usable(population: float | None) -> bool:
    return population is not None and math.isfinite(population) and population > 0


def per_thousand(count: float, population: float | None) -> float | None:
    """``count`` per 1,000 inhabitants, or ``None`` without a usable population."""
    if not _usable(population):
        return None
    value = count / population * 1000.0  # type: ignore[operator]
    return value if math.isfinite(value) else None


def cell_value(cell: Cell, measure: str) -> float | None:
    if measure == "offers":
        return float(cell.offers)
    if measure == "places_per_1000":
        return cell.places_per_1000
    return cell.per_1000


def selected_offers(
    dataset: PlanningDataset, filters: CoverageFilters, dimension: str | None = None
) -> list[SupplyRow]:
    """Current offers passing the filters (and carrying ``dimension``, if given)."""
    return [
        o
        for o in dataset.offers
        if o.state == CURRENT
        and filters.matches(o)
        and (dimension is None or dimension in o.dimensions)
    ]


@dataclass
class _Index:
    """The current offers of a dataset as arrays, built once per dataset (and level)."""

    rows: list[SupplyRow]
    phases: np.ndarray  # (offers, phases) 0/1
    capacity: np.ndarray  # (offers,) places, 0 where unknown
    has_capacity: np.ndarray  # (offers,) 0/1
    everywhere: np.ndarray  # (offers,) bool: counts in every area
    dims: list[str]
    dim_matrix: np.ndarray  # (offers, dimensions) 0/1
    transitions: list[str]
    transition_matrix: np.ndarray  # (offers, transitions) 0/1
    levels: dict[str, tuple[list[int], sparse.csr_matrix]] = field(default_factory=dict)

    def incidence(
        self, dataset: PlanningDataset, level: str
    ) -> tuple[list[int], sparse.csr_matrix]:
        """Area ids of ``level`` and the (offers × areas) matrix of where each counts
        (offers counting everywhere left out: they are added to every area at once)."""
        if level not in self.levels:
            ids = [a.id for a in dataset.areas_at(level)]
            col = {aid: j for j, aid in enumerate(ids)}
            r_idx, c_idx = [], []
            for i, o in enumerate(self.rows):
                if self.everywhere[i]:
                    continue
                for aid in o.counts_in:
                    j = col.get(aid)
                    if j is not None:
                        r_idx.append(i)
                        c_idx.append(j)
            matrix = sparse.csr_matrix(
                (np.ones(len(r_idx)), (r_idx, c_idx)), shape=(len(self.rows), len(ids))
            )
            self.levels[level] = (ids, matrix)
        return self.levels[level]


def _membership(
    rows: list[SupplyRow], values_of: Callable[[SupplyRow], Iterable[str]]
) -> tuple[list[str], np.ndarray]:
    """The codes ``values_of`` gives over ``rows`` (sorted) and the (rows × codes) 0/1
    matrix of which row has which."""
    codes = sorted({v for o in rows for v in values_of(o)})
    col = {v: j for j, v in enumerate(codes)}
    matrix = np.zeros((len(rows), len(codes)))
    for i, o in enumerate(rows):
        for v in values_of(o):
            matrix[i, col[v]] = 1.0
    return codes, matrix


def _index(dataset: PlanningDataset) -> _Index:
    cached = dataset.__dict__.get("_coverage_index")
    if cached is not None:
        return cached
    rows = [o for o in dataset.offers if o.state == CURRENT]
    codes = [p.code for p in dataset.phases]
    n_areas = len(dataset.areas)
    phases = np.zeros((len(rows), len(codes)))
    for i, o in enumerate(rows):
        for j, c in enumerate(codes):
            if c in o.phases:
                phases[i, j] = 1.0
    dims, dim_matrix = _membership(rows, lambda o: o.dimensions)
    transitions, transition_matrix = _membership(rows, lambda o: o.transitions)
    capacity = np.array([o.capacity if o.capacity and o.capacity > 0 else 0 for o in rows], float)
    index = _Index(
        rows=rows,
        phases=phases,
        capacity=capacity,
        has_capacity=(capacity > 0).astype(float),
        everywhere=np.array([len(o.counts_in) == n_areas for o in rows], bool),
        dims=dims,
        dim_matrix=dim_matrix,
        transitions=transitions,
        transition_matrix=transition_matrix,
    )
    dataset.__dict__["_coverage_index"] = index
    return index


def _mask(index: _Index, filters: CoverageFilters, dimension: str | None) -> np.ndarray:
    if not filters.active and dimension is None:
        return np.ones(len(index.rows))
    return np.array(
        [
            1.0 if filters.matches(o) and (dimension is None or dimension in o.dimensions) else 0.0
            for o in index.rows
        ]
    )


def coverage_matrix(
    dataset: PlanningDataset,
    *,
    level: str,
    population: Population,
    filters: CoverageFilters | None = None,
    dimension: str | None = None,
    tenant_population: Mapping[str, float | None] | None = None,
    include_everywhere: bool = True,
) -> CoverageMatrix:
    """Offers per area of ``level`` × life phase, with population-based rates.

    ``population`` holds the inhabitants per area id and phase code at ``level``;
    ``tenant_population`` (per phase) feeds the whole-tenant totals row.
    ``include_everywhere=False`` leaves out offers that count in every area (offers for
    the whole municipality): what remains is the *local* supply of each area.
    Sparse products over the dataset's arrays: a fixed small cost per call.
    """
    filters = filters or CoverageFilters()
    index = _index(dataset)
    ids, inc = index.incidence(dataset, level)
    areas = [dataset.areas[i] for i in ids]
    phase_codes = [p.code for p in dataset.phases]
    mask = _mask(index, filters, dimension)
    has_phase = (index.phases.sum(axis=1) > 0).astype(float)
    w = mask[:, None] * index.phases  # (offers, phases)
    local_offers = inc.T @ w
    local_places = inc.T @ (w * index.capacity[:, None])
    local_cap = inc.T @ (w * index.has_capacity[:, None])
    local_distinct = inc.T @ (mask * has_phase)
    ev = (mask * index.everywhere)[:, None] * index.phases if include_everywhere else w * 0
    ev_offers = ev.sum(axis=0)
    ev_places = (ev * index.capacity[:, None]).sum(axis=0)
    ev_cap = (ev * index.has_capacity[:, None]).sum(axis=0)
    ev_distinct = float((mask * has_phase * index.everywhere).sum()) if include_everywhere else 0.0
    rows = []
    for j, a in enumerate(areas):
        pop = population.get(a.id, {})
        cells = {
            p: Cell(
                offers=int(local_offers[j, k] + ev_offers[k]),
                population=pop.get(p),
                places=int(local_places[j, k] + ev_places[k]),
                with_capacity=int(local_cap[j, k] + ev_cap[k]),
                phase=p,
            )
            for k, p in enumerate(phase_codes)
        }
        rows.append(CoverageRow(area=a, cells=cells, offers=int(local_distinct[j] + ev_distinct)))
    tenant_population = tenant_population or {}
    tot_offers = w.sum(axis=0)
    tot_places = (w * index.capacity[:, None]).sum(axis=0)
    tot_cap = (w * index.has_capacity[:, None]).sum(axis=0)
    return CoverageMatrix(
        level=level,
        phase_codes=phase_codes,
        dimension=dimension,
        rows=rows,
        left_out=dataset.left_out(),
        matching=int(mask.sum()),
        current=len(index.rows),
        totals={
            p: Cell(
                offers=int(tot_offers[k]),
                population=tenant_population.get(p),
                places=int(tot_places[k]),
                with_capacity=int(tot_cap[k]),
                phase=p,
            )
            for k, p in enumerate(phase_codes)
        },
    )


def sort_rows(rows: list[CoverageRow], key: str, *, descending: bool = False) -> list[CoverageRow]:
    """Rows sorted by ``"area"`` (code), ``"name"`` or ``"<phase>:<measure>"``.

    Cells without a value (no population) always sort last, in either direction.
    """
    if key == "name":
        return sorted(rows, key=lambda r: r.area.name.casefold(), reverse=descending)
    if ":" not in key:
        return sorted(rows, key=lambda r: r.area.code, reverse=descending)
    phase, measure = key.split(":", 1)
    with_value = [
        r for r in rows if phase in r.cells and cell_value(r.cells[phase], measure) is not None
    ]
    without = [r for r in rows if r not in with_value]
    with_value.sort(
        key=lambda r: (cell_value(r.cells[phase], measure), r.area.code), reverse=descending
    )
    return with_value + sorted(without, key=lambda r: r.area.code)


def quantile_breaks(values: Iterable[float | None], classes: int = 5) -> list[float]:
    """Upper bounds of up to ``classes`` quantile classes over the finite values
    (duplicates merged); empty when there is no value."""
    finite = sorted(v for v in values if v is not None and math.isfinite(v))
    if not finite:
        return []
    breaks: list[float] = []
    n = len(finite)
    for k in range(1, classes + 1):
        idx = min(n - 1, math.ceil(k * n / classes) - 1)
        b = finite[idx]
        if not breaks or b > breaks[-1]:
            breaks.append(b)
    return breaks


def class_of(value: float | None, breaks: list[float]) -> int | None:
    """Index of the class ``value`` falls in (0 = lowest), ``None`` without a value."""
    if value is None or not breaks:
        return None
    for i, b in enumerate(breaks):
        if value <= b:
            return i
    return len(breaks) - 1


def median(values: Iterable[float | None]) -> float | None:
    finite = sorted(v for v in values if v is not None and math.isfinite(v))
    if not finite:
        return None
    n = len(finite)
    mid = n // 2
    return finite[mid] if n % 2 else (finite[mid - 1] + finite[mid]) / 2


# --- the chain view ------------------------------------------------------------------------

GAP, LOW, OK, UNKNOWN = "gap", "low", "ok", "unknown"
GAP_BELOW = 0.5  # × the median of all areas of the level: "Lücke"
LOW_BELOW = 1.0  # below the median: "knapp"
TENANT_GAP_SHARE = 0.25  # whole tenant: share of the phase's people living in gap areas


def rate(value: float | None, reference: float | None) -> tuple[float | None, str]:
    """``(ratio, rating)`` of a link: its value against the median of all areas.

    < 0.5 × median → ``gap``, < 1 × → ``low``, ≥ 1 × → ``ok``. Without a value or
    median → ``unknown``. A median of 0 (most areas have nothing): 0 is a ``gap``,
    anything above ``ok``.
    """
    if value is None or reference is None:
        return None, UNKNOWN
    if reference <= 0:
        return None, (OK if value > 0 else GAP)
    ratio = value / reference
    if ratio < GAP_BELOW:
        return ratio, GAP
    if ratio < LOW_BELOW:
        return ratio, LOW
    return ratio, OK


@dataclass
class ChainLink:
    phase_code: str
    offers: int  # all current offers counting here (incl. those for the whole tenant)
    local: int  # without offers for the whole tenant
    by_dimension: dict[str, int]
    population: float | None
    value: float | None  # local offers per 1,000 (or local offers without population)
    reference: float | None  # median of ``value`` over the areas of the level
    ratio: float | None
    rating: str
    areas_by_rating: dict[str, int] = field(default_factory=dict)  # whole tenant only


@dataclass
class Chain:
    level: str
    area: AreaNode | None  # None: the whole tenant
    basis: str  # "per_1000" or "offers" (no population figures at this level)
    links: list[ChainLink]
    # Current offers counting here that accompany each transition, by transition code.
    transitions: dict[str, int] = field(default_factory=dict)


def _local_values(local: CoverageMatrix, phase: str, basis: str) -> dict[int, float | None]:
    if basis == "per_1000":
        return {r.area.id: r.cells[phase].per_1000 for r in local.rows}
    return {r.area.id: float(r.cells[phase].offers) for r in local.rows}


def chain(
    dataset: PlanningDataset,
    *,
    level: str,
    population: Population,
    area_id: int | None = None,
) -> Chain:
    """The life phases as links of the chain for one area (or the whole tenant).

    Coverage against need compares the *local* offers per 1,000 inhabitants of the phase
    (offers located in or serving the area; offers for the whole municipality reach
    every area alike and are shown but not rated) with the median over all areas of
    ``level``. Without any population figure at the level, the number of local offers
    is compared instead. The whole tenant is rated by the share of the phase's
    inhabitants living in areas rated ``gap``: ≥ 25 % → gap, > 0 → low, none → ok.
    """
    basis = "per_1000" if any(population.values()) else "offers"
    local = coverage_matrix(dataset, level=level, population=population, include_everywhere=False)
    phase_codes = [p.code for p in dataset.phases]
    index = _index(dataset)
    if area_id is None:
        here = np.ones(len(index.rows))
        local_here = here
    else:
        ids, inc = index.incidence(dataset, level)
        j = ids.index(area_id) if area_id in ids else None
        local_here = (
            np.asarray(inc[:, j].todense()).ravel() if j is not None else np.zeros(len(index.rows))
        )
        here = np.maximum(local_here, index.everywhere.astype(float))
    w = here[:, None] * index.phases
    local_w = local_here[:, None] * index.phases
    offers = {p: int(v) for p, v in zip(phase_codes, w.sum(axis=0), strict=True)}
    loc = {p: int(v) for p, v in zip(phase_codes, local_w.sum(axis=0), strict=True)}
    per_dim = w.T @ index.dim_matrix  # (phases, dimensions)
    dims = {
        p: {d: int(per_dim[k, m]) for m, d in enumerate(index.dims)}
        for k, p in enumerate(phase_codes)
    }
    links = []
    area_row = next((r for r in local.rows if r.area.id == area_id), None)
    for p in phase_codes:
        values = _local_values(local, p, basis)
        reference = median(values.values())
        by_rating: dict[str, int] = {}
        if area_id is not None:
            cell = area_row.cells[p] if area_row else None
            value = values.get(area_id)
            ratio, rating = rate(value, reference)
            pop = cell.population if cell else None
        else:
            pops = {r.area.id: r.cells[p].population for r in local.rows}
            gap_people = known_people = 0.0
            for aid, v in values.items():
                r_ = rate(v, reference)[1]
                by_rating[r_] = by_rating.get(r_, 0) + 1
                if r_ == UNKNOWN:
                    continue
                people = pops.get(aid) if _usable(pops.get(aid)) else None
                if basis == "offers":
                    people = 1.0  # no population: every area weighs the same
                if people is None:
                    continue
                known_people += people
                if r_ == GAP:
                    gap_people += people
            value = ratio = None
            pop = sum(v for v in pops.values() if _usable(v)) or None
            if not known_people:
                rating = UNKNOWN
            else:
                share = gap_people / known_people
                ratio = share
                rating = GAP if share >= TENANT_GAP_SHARE else LOW if share > 0 else OK
            value = per_thousand(offers[p], pop) if basis == "per_1000" else float(offers[p])
        links.append(
            ChainLink(
                phase_code=p,
                offers=offers[p],
                local=loc[p],
                by_dimension=dict(dims[p]),
                population=pop,
                value=value,
                reference=reference,
                ratio=ratio,
                rating=rating,
                areas_by_rating=by_rating,
            )
        )
    area = dataset.areas.get(area_id) if area_id is not None else None
    per_transition = here @ index.transition_matrix
    transitions = {c: int(n) for c, n in zip(index.transitions, per_transition, strict=True)}
    return Chain(level=level, area=area, basis=basis, links=links, transitions=transitions)
