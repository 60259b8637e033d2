"""Yearly indicators per area: load from CSV, roll up the area tree, check consistency.

``load_indicators`` reads a statistics CSV through a named mapping
(``indicators_mappings.MAPPINGS``) or a ``TableMapping``, resolves every code to an
area of the tenant, rolls values up the tree (Sozialraum → Stadtteil → Stadtbezirk
→ Kommune, per the rule of each key in ``indicators_keys``), computes population
per life phase from the age bands (``apportion``) and upserts by (area, year, key)
in one transaction. Nothing is written when anything is wrong.

Precedence: a value read from a file for an area ("direct") always replaces what is
stored; a rolled-up value (its source ends in "(aggregiert …)") never replaces a
direct one, and does not replace a rolled-up value of another source either (the
first aggregate stays, so load order of different files does not flip values back
and forth). ``population_consistency`` states where the sources disagree.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from praevnav.core.models import Tenant
from praevnav.geography.apportion import bands_from_values, population_by_phase
from praevnav.geography.indicators_csv import TableMapping
from praevnav.geography.indicators_keys import KEYS, phase_key
from praevnav.geography.indicators_mappings import MAPPINGS
from praevnav.geography.loaders import LEVEL_NAME_DE, LoadError
from praevnav.geography.models import Area, Indicator
from praevnav.taxonomy.models import LifePhase

AGGREGATE_MARK = "(aggregiert"

# (area_id, year, key) → (value, suppressed, aggregated)
Values = dict[tuple[int, int, str], tuple[float | None, bool, bool]]


@dataclass
class IndicatorLoadReport:
    mapping: str
    file: str
    years: list[int] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0  # aggregated values not written over a direct or older aggregate
    suppressed: int = 0  # stored values that are suppressed
    suppressed_cells: int = 0  # empty / X cells in the file
    areas: dict[str, int] = field(default_factory=dict)  # level → areas with values
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        years = ", ".join(str(y) for y in self.years)
        out = [
            f"{self.mapping} ({self.file}), year(s) {years}: {self.created} created, "
            f"{self.updated} updated, {self.unchanged} unchanged, {self.suppressed} suppressed",
            "  areas with values: "
            + ", ".join(f"{lv} {n}" for lv, n in sorted(self.areas.items())),
        ]
        if self.kept:
            out.append(f"  {self.kept} aggregated value(s) kept out in favour of stored values")
        out.extend(f"  note: {n}" for n in self.notes)
        out.extend(f"  warning: {w}" for w in self.warnings)
        return out


def get_mapping(mapping: str | object) -> object:
    if isinstance(mapping, str):
        try:
            return MAPPINGS[mapping]
        except KeyError:
            raise LoadError(f"unknown mapping {mapping!r}; known: {', '.join(sorted(MAPPINGS))}")
    return mapping


def _area_tree(tenant: Tenant) -> tuple[dict[str, dict[str, Area]], dict[int, int | None]]:
    by_level: dict[str, dict[str, Area]] = defaultdict(dict)
    parent: dict[int, int | None] = {}
    for area in Area.all_tenants.filter(tenant=tenant).only(
        "id", "level", "code", "name", "parent_id"
    ):
        by_level[area.level][area.code] = area
        parent[area.pk] = area.parent_id
    return by_level, parent


def _ancestors(area_id: int, parent: dict[int, int | None]) -> list[int]:
    result = []
    node = parent.get(area_id)
    while node is not None and node not in result:
        result.append(node)
        node = parent.get(node)
    return result


def _rollup(
    direct: Values,
    base_ids: set[int],
    joint: list[tuple[list[int], int, str, float | None]],
    parent: dict[int, int | None],
    warnings: list[str],
    code_of: dict[int, str],
) -> Values:
    """Values of the ancestors of ``base_ids`` from their direct values."""
    sums: dict[tuple[int, int, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0, 0])
    # slot: [numerator, denominator, children with value, children suppressed]
    missing: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    dataset_keys = {k for (_a, _y, k) in direct}
    for (area_id, year, key), (value, _sup, _agg) in direct.items():
        if area_id not in base_ids:
            continue
        info = KEYS.get(key)
        if info is None or info.rollup is None:
            continue
        # A rate whose count or weight this file lacks cannot be rolled up at all.
        if info.rollup == "ratio" and info.count not in dataset_keys:
            continue
        if info.rollup == "weighted" and not set(info.weight) <= dataset_keys:
            continue
        num = den = None
        if info.rollup == "sum" and value is not None:
            num, den = value, 1.0
        elif info.rollup == "ratio" and value:
            count = direct.get((area_id, year, info.count), (None,))[0]
            if count is not None:
                num, den = count, count / (value / 100.0)
        elif info.rollup == "weighted" and value is not None:
            weights = [direct.get((area_id, year, w), (None,))[0] for w in info.weight]
            if all(w is not None for w in weights):
                weight = float(sum(weights))  # type: ignore[arg-type]
                num, den = value * weight, weight
        if num is None:
            missing[year][area_id] += 1
        for anc in _ancestors(area_id, parent):
            slot = sums[(anc, year, key)]
            if num is None:
                slot[3] += 1
            else:
                slot[0] += num
                slot[1] += den  # type: ignore[operator]
                slot[2] += 1
    for member_ids, year, key, value in joint:
        if value is None:
            continue
        common = set(_ancestors(member_ids[0], parent))
        for other in member_ids[1:]:
            common &= set(_ancestors(other, parent))
        for anc in common:
            slot = sums[(anc, year, key)]
            slot[0] += value
            slot[1] += 1.0
            slot[2] += 1
    result: Values = {}
    for (anc, year, key), (num, den, n_value, _n_missing) in sums.items():
        info = KEYS[key]
        if n_value == 0 or den == 0:
            continue  # no child has this value: nothing to say about the parent
        if info.rollup == "sum":
            value = num
        elif info.rollup == "weighted":
            value = round(num / den, 4)
        else:
            value = round(100.0 * num / den, 4)
        result[(anc, year, key)] = (value, False, True)
    for year, by_child in sorted(missing.items()):
        items = sorted(by_child.items(), key=lambda item: str(code_of.get(item[0])))
        detail = ", ".join(
            f"{code_of.get(a, a)} ({n} key{'s' if n > 1 else ''})" for a, n in items[:15]
        ) + (", …" if len(items) > 15 else "")
        warnings.append(
            f"{year}: {len(by_child)} area(s) lack values that are rolled up: {detail}; "
            "the totals above them cover the published values only"
        )
    return result


def _phase_values(values: Values, bands: tuple, phases: list[LifePhase]) -> Values:
    """``pop_phase_<code>`` for every area and year with age-band values."""
    by_area: dict[tuple[int, int], dict[str, float | None]] = defaultdict(dict)
    aggregated: dict[tuple[int, int], bool] = {}
    band_keys = {b[0] for b in bands}
    for (area_id, year, key), (value, _sup, agg) in values.items():
        if key in band_keys:
            by_area[(area_id, year)][key] = value
            aggregated[(area_id, year)] = agg
    result: Values = {}
    for (area_id, year), band_values in by_area.items():
        age_bands = bands_from_values(bands, band_values)
        agg = aggregated[(area_id, year)]
        if age_bands is None:
            for phase in phases:
                result[(area_id, year, phase_key(phase.code))] = (None, True, agg)
            continue
        for code, value in population_by_phase(age_bands, phases).items():
            result[(area_id, year, phase_key(code))] = (round(value, 3), False, agg)
    return result


def load_indicators(
    *,
    tenant: Tenant,
    path: Path | str,
    year: int | None = None,
    mapping: str | TableMapping | object,
    source: str = "",
) -> IndicatorLoadReport:
    """Load one statistics CSV for ``tenant`` (see the module docstring).

    ``year``: the year of a single-year file (default: the mapping's reference
    year or the year in the file name) or the one year to take from a multi-year
    file (default: all). Raises ``LoadError`` and writes nothing on bad input.
    """
    path = Path(path)
    m = get_mapping(mapping)
    parsed = m.parse(path, year)  # type: ignore[attr-defined]
    source = source or path.name
    report = IndicatorLoadReport(mapping=m.name, file=path.name)  # type: ignore[attr-defined]
    report.warnings.extend(parsed.warnings)
    report.suppressed_cells = parsed.suppressed_cells
    by_level, parent = _area_tree(tenant)

    # Resolve codes. A row that is wholly suppressed may name an area we lack.
    direct: Values = {}
    missing_levels: set[str] = set()
    rows_by_line: dict[tuple[str, str, int], list] = defaultdict(list)
    for rec in parsed.records:
        rows_by_line[(rec.level, rec.code, rec.line)].append(rec)
    for (level, code, line), recs in rows_by_line.items():
        areas = by_level.get(level)
        if not areas:
            if level in m.optional_levels:  # type: ignore[attr-defined]
                missing_levels.add(level)
                continue
            raise LoadError(
                f"{path}: tenant {tenant.slug} has no {level} areas; load the areas first"
            )
        area = areas.get(code)
        if area is None:
            if all(r.suppressed for r in recs):
                report.warnings.append(f"line {line}: unknown {level} {code} skipped (all empty)")
                continue
            raise LoadError(f"{path}: line {line}: unknown {level} code {code}")
        for rec in recs:
            direct[(area.pk, rec.year, rec.key)] = (rec.value, rec.suppressed, False)
    for level in sorted(missing_levels):
        report.warnings.append(f"tenant has no {level} areas; values for that level skipped")
    joint = []
    for j in parsed.joint:
        ids = []
        for code in j.codes:
            area = by_level.get(j.level, {}).get(code)
            if area is None:
                raise LoadError(f"{path}: line {j.line}: unknown {j.level} code {code}")
            ids.append(area.pk)
        joint.append((ids, j.year, j.key, j.value))
    for line, codes, name in sorted({(j.line, j.codes, j.label) for j in parsed.joint}):
        report.notes.append(
            f"line {line}: {'/'.join(codes)} ({name}) is one value for {len(codes)} areas; "
            "stored on none of them, counted in the totals of the areas containing all of them"
        )

    values: Values = dict(direct)
    rollup_from = m.rollup_from  # type: ignore[attr-defined]
    if rollup_from:
        base_ids = {a.pk for a in by_level.get(rollup_from, {}).values()}
        code_of = {a.pk: a.code for a in by_level.get(rollup_from, {}).values()}
        values.update(_rollup(direct, base_ids, joint, parent, report.warnings, code_of))
    bands = tuple(m.age_bands)  # type: ignore[attr-defined]
    if bands:
        phases = list(LifePhase.all_tenants.filter(tenant=tenant).order_by("position"))
        if phases:
            values.update(_phase_values(values, bands, phases))
        else:
            report.warnings.append("tenant has no life phases; population per phase skipped")

    level_of = {a.pk: a.level for areas in by_level.values() for a in areas.values()}
    with transaction.atomic():
        _write(
            tenant=tenant,
            values=values,
            source=source,
            rollup_from=rollup_from,
            level_of=level_of,
            report=report,
        )
    report.years = sorted({y for (_a, y, _k) in values})
    areas_seen: dict[str, set[int]] = defaultdict(set)
    for (area_id, _y, _k), (value, _s, _a) in values.items():
        if value is not None:
            areas_seen[level_of[area_id]].add(area_id)
    report.areas = {lv: len(ids) for lv, ids in areas_seen.items()}
    return report


def _write(*, tenant, values: Values, source: str, rollup_from, level_of, report) -> None:
    area_ids = {a for (a, _y, _k) in values}
    existing = {
        (i.area_id, i.year, i.key): i
        for i in Indicator.all_tenants.filter(
            tenant=tenant,
            area_id__in=area_ids,
            year__in={y for (_a, y, _k) in values},
            key__in={k for (_a, _y, k) in values},
        )
    }
    to_create, to_update = [], []
    for (area_id, year, key), (value, suppressed, aggregated) in sorted(values.items()):
        src = source
        if aggregated:
            label = LEVEL_NAME_DE[rollup_from][1] if rollup_from else ""
            src = f"{source} {AGGREGATE_MARK} aus {label})"[:300]
        current = existing.get((area_id, year, key))
        if current is None:
            to_create.append(
                Indicator(
                    tenant=tenant,
                    area_id=area_id,
                    year=year,
                    key=key,
                    value=value,
                    suppressed=suppressed,
                    source=src,
                )
            )
            report.created += 1
        elif aggregated and current.source != src:
            report.kept += 1
            continue
        elif (current.value, current.suppressed, current.source) == (value, suppressed, src):
            report.unchanged += 1
        else:
            current.value, current.suppressed, current.source = value, suppressed, src
            to_update.append(current)
            report.updated += 1
        if suppressed:
            report.suppressed += 1
    Indicator.all_tenants.bulk_create(to_create, batch_size=1000)
    Indicator.all_tenants.bulk_update(to_update, ["value", "suppressed", "source"], batch_size=1000)


# --- consistency ------------------------------------------------------------------------


@dataclass(frozen=True)
class PopulationDifference:
    level: str
    code: str
    name: str
    year: int
    official: float
    compared: float
    compared_key: str

    @property
    def difference(self) -> float:
        return self.official - self.compared


@dataclass
class ConsistencyReport:
    year: int
    differences: list[PopulationDifference] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


def _fmt(n: float) -> str:
    return f"{n:,.0f}"


def population_consistency(*, tenant: Tenant, year: int) -> ConsistencyReport:
    """Where population figures of ``year`` disagree, and by how much.

    Compares the official population (``population_total``) with the sum of the
    published age bands (``population_total_age_bands``) on every area having
    both, and the Sozialraum sum of ``population_total`` (Quartiersatlas) with the
    root area's total. Differences are stated, never hidden or smoothed.
    """
    report = ConsistencyReport(year=year)
    rows = Indicator.all_tenants.filter(
        tenant=tenant, year=year, key__in=["population_total", "population_total_age_bands"]
    ).select_related("area")
    by_area: dict[int, dict[str, Indicator]] = defaultdict(dict)
    for ind in rows:
        by_area[ind.area_id][ind.key] = ind
    order = {
        lv: i
        for i, lv in enumerate(
            ["kreis", "kommune", "gemeinde", "stadtbezirk", "stadtteil", "sozialraum"]
        )
    }
    diffs = []
    for pair in by_area.values():
        official, bands = pair.get("population_total"), pair.get("population_total_age_bands")
        if official is None or bands is None or official.value is None or bands.value is None:
            continue
        area = official.area
        diffs.append(
            PopulationDifference(
                area.level,
                area.code,
                area.name,
                year,
                official.value,
                bands.value,
                "population_total_age_bands",
            )
        )
    diffs.sort(key=lambda d: (order.get(d.level, 9), d.code))
    report.differences.extend(diffs)
    for level in order:
        level_diffs = [d for d in diffs if d.level == level]
        if not level_diffs:
            continue
        off = [d for d in level_diffs if round(d.difference) != 0]
        if level in ("kommune", "kreis"):
            for d in level_diffs:
                report.messages.append(
                    f"{year} {d.name}: age bands per Wohnquartier sum to {_fmt(d.compared)}, "
                    f"official Stadtteil total {_fmt(d.official)}: difference "
                    f"{_fmt(d.difference)}"
                    + (" from suppressed small cells" if d.difference > 0 else "")
                )
        else:
            detail = ", ".join(f"{d.code} {d.name} {d.difference:+.0f}" for d in off[:12])
            report.messages.append(
                f"{year} {level}: {len(off)} of {len(level_diffs)} areas differ between the "
                f"official total and the age-band sum"
                + (f" ({detail}" if off else "")
                + (", …)" if len(off) > 12 else (")" if off else ""))
            )
    soz = [
        ind.value
        for ind in Indicator.all_tenants.filter(
            tenant=tenant, year=year, key="population_total", area__level="sozialraum"
        )
    ]
    roots = [
        d
        for d in by_area.values()
        if (ind := d.get("population_total")) is not None
        and ind.area.parent_id is None
        and ind.value is not None
    ]
    if soz and roots:
        root = roots[0]["population_total"]
        total = sum(v for v in soz if v is not None)
        diff = root.value - total  # type: ignore[operator]
        report.differences.append(
            PopulationDifference(
                root.area.level,
                root.area.code,
                root.area.name,
                year,
                root.value,
                total,
                "sozialraum population_total",
            )
        )
        report.messages.append(
            f"{year} {root.area.name}: Sozialraum populations sum to {_fmt(total)}, official "
            f"total {_fmt(root.value)}: difference {_fmt(diff)}"  # type: ignore[arg-type]
        )
    return report
