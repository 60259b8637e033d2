"""Spatial accessibility (2SFCA, E2SFCA, Gaussian 2SFCA) — speed, memory, ratio to PySAL.

    python bench/accessibility.py              all three parts, writes the result and doc
    python bench/accessibility.py large METHOD one 10⁶ × 2·10⁵ run (child process, JSON out)

1. **Düsseldorf**: demand = the 100 m population grid of the 171 real Sozialräume
   (``PRAEVNAV_DATA_DIR``, Quartiersatlas population by age apportioned to the 8 life
   phases of the default taxonomy), supply = 10,000 offers placed at random inside the city
   (each serving 1–3 life phases, 30 % with a known capacity of 5–60 places, else 1).
   Catchment 1,500 m. One run = pairs + all 8 phases (8 demand and 8 supply columns).
2. **Large**: 10⁶ demand cells (a 100 km × 100 km lattice of 100 m cells) × 2·10⁵ offers
   uniform over it (20 offers/km², Düsseldorf has 46/km²), catchment 1,000 m (≈ 63 offers in
   reach per cell, 6.3·10⁷ pairs), one phase. Each method runs in its own process so its
   peak RSS (``resource.getrusage``) is its own.
3. **Ratio to PySAL access** on growing subsets of the Düsseldorf input (both shrunk by the
   same factor), one phase, E2SFCA and 2SFCA. access gets the pairs within the catchment
   as its cost table (built by us, not timed for it); ours is timed end to end including
   the neighbour search. Sizes grow until access would exceed a time cap.
"""

from __future__ import annotations

import csv
import json
import os
import resource
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "src"))

from common import append_doc, machine, write_result  # noqa: E402

from praevnav.geography.apportion import population_in_range  # noqa: E402
from praevnav.planning.accessibility import (  # noqa: E402
    build_catchment,
    e2sfca,
    floating_catchment,
    to_utm32,
)
from praevnav.planning.grid import population_grid  # noqa: E402

DATA = Path(os.environ.get("PRAEVNAV_DATA_DIR", ROOT.parent / "shared" / "data"))
METHODS = {"2sfca": "uniform", "e2sfca": "stepwise", "gaussian": "gaussian"}
CITY_CATCHMENT = 1500.0
LARGE_CATCHMENT = 1000.0
ACCESS_CAP_S = 20.0
#: Quartiersatlas age groups (column, from, to years; None = open).
AGE_GROUPS = [
    ("< 6 Jahre", 0, 6),
    ("6–17", 6, 18),
    ("18–29", 18, 30),
    ("30–49", 30, 50),
    ("50–64", 50, 65),
    ("65–79", 65, 80),
    ("80+", 80, None),
]


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- Düsseldorf input ----------------------------------------------------------------


def _number(text: str) -> float:
    text = (text or "").strip().replace(",", ".")
    return float(text) if text else 0.0


def city_input(seed: int = 7):
    """Population grid (cells × 8 phases) of the real Sozialräume and 10,000 offers."""
    import shapely
    from shapely.geometry import shape

    phases = json.loads(
        (ROOT / "src/praevnav/taxonomy/data/default_taxonomy.json").read_text(encoding="utf-8")
    )["life_phases"]
    stat = DATA / "duesseldorf" / "statistik" / "quartiersatlas_2024_sozialraeume.csv"
    by_phase: dict[str, list[float]] = {}
    with stat.open(encoding="utf-8-sig") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            counts = [_number(row[col]) for col, _lo, _hi in AGE_GROUPS]
            shares = [_number(row[col.replace(" Jahre", "") + " %"]) for col, _l, _h in AGE_GROUPS]
            # The extracted sheet has a few broken counts (digits of two cells run together):
            # where a count is implausible, rebuild it from its percentage.
            plausible = [c for c, s in zip(counts, shares, strict=True) if 0 < c < 30_000 and s]
            per_pct = (sum(plausible) / sum(s for c, s in zip(counts, shares, strict=True)
                       if 0 < c < 30_000 and s)) if plausible else 0.0  # fmt: skip
            counts = [c if c < 30_000 else s * per_pct for c, s in zip(counts, shares, strict=True)]
            bands = [(lo, hi, c) for (_col, lo, hi), c in zip(AGE_GROUPS, counts, strict=True)]
            by_phase[row["Sozialraum-ID"]] = [
                population_in_range(bands, 0, 12)  # pregnancy: the infants of a year
                if p.get("is_pregnancy")
                else population_in_range(bands, p.get("min_age_months"), p.get("max_age_months"))
                for p in phases
            ]
    geo = json.loads(
        (DATA / "duesseldorf" / "sozialraeume_2021_wgs84.geojson").read_text(encoding="utf-8-sig")
    )
    polygons, codes = [], []
    for feature in geo["features"]:
        geom = shapely.transform(shape(feature["geometry"]), lambda c: to_utm32(c[:, 0], c[:, 1]))
        polygons.append(geom)
        codes.append(feature["properties"]["SOZIALRAUM_ID"])
    totals = [sum(by_phase.get(code, [0.0])[1:]) for code in codes]  # phases but pregnancy
    xy, _pop, index = population_grid(list(zip(polygons, totals, strict=True)))
    # Each cell carries its area's phase populations in the area's cell share.
    cells_per_area = np.bincount(index, minlength=len(codes))
    phase_table = np.array([by_phase.get(code, [0.0] * len(phases)) for code in codes])
    demand = phase_table[index] / cells_per_area[index][:, None]

    rng = np.random.default_rng(seed)
    city = shapely.union_all(polygons)
    minx, miny, maxx, maxy = city.bounds
    offers = np.zeros((0, 2))
    while len(offers) < 10_000:
        cand = rng.uniform((minx, miny), (maxx, maxy), (20_000, 2))
        offers = np.vstack([offers, cand[shapely.contains_xy(city, cand[:, 0], cand[:, 1])]])
    offers = offers[:10_000]
    capacity = np.where(rng.random(10_000) < 0.3, rng.integers(5, 61, 10_000), 1).astype(float)
    serves = np.zeros((10_000, len(phases)), dtype=bool)
    for k in range(10_000):
        first = rng.integers(0, len(phases))
        serves[k, first : first + rng.integers(1, 4)] = True
    supply = capacity[:, None] * serves
    return xy, demand, offers, supply, [p["code"] for p in phases]


# --- parts ---------------------------------------------------------------------------


def bench_city(repeats: int) -> dict:
    xy, demand, offers, supply, codes = city_input()
    result = {
        "cells": len(xy),
        "offers": len(offers),
        "phases": codes,
        "population": round(float(demand[:, 1:].sum())),
        "catchment_m": CITY_CATCHMENT,
        "methods": {},
    }
    for name, weights in METHODS.items():
        times, cpus, pairs = [], [], 0
        for _ in range(repeats):
            start, cpu = time.perf_counter(), time.process_time()
            catchment = build_catchment(xy, offers, catchment_m=CITY_CATCHMENT, weights=weights)
            values = floating_catchment(catchment, demand, supply)
            times.append(time.perf_counter() - start)
            cpus.append(time.process_time() - cpu)
            pairs = catchment.n_pairs
        # The identity of the property tests, on the benchmark data as a sanity check.
        weighted = (demand * values).sum(axis=0)
        result["methods"][name] = {
            "seconds_median": round(statistics.median(times), 3),
            "seconds_min": round(min(times), 3),
            "cpu_seconds_median": round(statistics.median(cpus), 3),
            "load": round(os.getloadavg()[0], 1),
            "pairs": pairs,
            "pairs_per_cell": round(pairs / len(xy), 1),
            "population_weighted_sum_over_supply": round(float(weighted.sum() / supply.sum()), 4),
        }
        print(name, result["methods"][name], flush=True)
    result["target_seconds"] = 2.0
    result["peak_rss_mb"] = round(rss_mb())
    return result


def large_input():
    rng = np.random.default_rng(3)
    g = np.arange(1000) * 100.0 + 50.0
    gx, gy = np.meshgrid(g, g)
    demand_xy = np.column_stack([gx.ravel(), gy.ravel()])
    demand = rng.uniform(0, 40, len(demand_xy))
    supply_xy = rng.uniform(0, 100_000, (200_000, 2))
    supply = np.where(rng.random(200_000) < 0.3, rng.integers(5, 61, 200_000), 1).astype(float)
    return demand_xy, demand, supply_xy, supply


def large_child(method: str) -> None:
    demand_xy, demand, supply_xy, supply = large_input()
    base = rss_mb()
    load = os.getloadavg()[0]
    start, cpu = time.perf_counter(), time.process_time()
    # What two_sfca / e2sfca / gaussian_2sfca do, split to report the pair count.
    catchment = build_catchment(
        demand_xy, supply_xy, catchment_m=LARGE_CATCHMENT, weights=METHODS[method]
    )
    values = floating_catchment(catchment, demand, supply)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(
        json.dumps(
            {
                "seconds": round(seconds, 2),
                "cpu_seconds": round(cpu, 2),
                "load_before": round(load, 1),
                "peak_rss_mb": round(rss_mb()),
                "input_rss_mb": round(base),
                "pairs": catchment.n_pairs,
                "finite": bool(np.isfinite(values).all()),
            }
        )
    )


def bench_large() -> dict:
    result = {
        "demand_cells": 1_000_000,
        "offers": 200_000,
        "catchment_m": LARGE_CATCHMENT,
        "area_km2": 10_000,
        "methods": {},
        "target_seconds": 10.0,
        "target_rss_mb": 6144,
    }
    for name in METHODS:
        out = subprocess.run(
            [sys.executable, __file__, "large", name], capture_output=True, text=True, check=True
        )
        result["methods"][name] = json.loads(out.stdout.strip().splitlines()[-1])
        print(name, result["methods"][name], flush=True)
    return result


def access_run(xy, demand, offers, supply, weights):
    """PySAL access' two-stage FCA over the pairs within the catchment."""
    import pandas as pd
    from access import Access
    from access import weights as access_weights

    catchment = build_catchment(xy, offers, catchment_m=CITY_CATCHMENT)
    rows, cols, dist = [], [], []
    for tile in catchment.tiles:
        pairs = tile.weights
        origin = tile.rows[pairs.row]
        rows.append(origin)
        cols.append(pairs.col)
        dist.append(np.hypot(*(xy[origin] - offers[pairs.col]).T))
    cost = pd.DataFrame(
        {"origin": np.concatenate(rows), "dest": np.concatenate(cols), "cost": np.concatenate(dist)}
    )
    c = CITY_CATCHMENT
    weight_fn = access_weights.step_fn({c / 3: 1.0, 2 * c / 3: 0.68, c: 0.22})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = Access(
            demand_df=pd.DataFrame({"geoid": np.arange(len(xy)), "pop": demand}),
            demand_index="geoid",
            demand_value="pop",
            supply_df=pd.DataFrame({"geoid": np.arange(len(offers)), "cap": supply}),
            supply_index="geoid",
            supply_value="cap",
            cost_df=cost,
            cost_origin="origin",
            cost_dest="dest",
            cost_name="cost",
        )
        start = time.perf_counter()
        if weights == "stepwise":
            out = model.enhanced_two_stage_fca(name="e", max_cost=c, weight_fn=weight_fn)
        else:
            out = model.two_stage_fca(name="t", max_cost=c)
        seconds = time.perf_counter() - start
    values = out.iloc[:, 0].reindex(np.arange(len(xy))).fillna(0.0).to_numpy()
    return seconds, values, catchment.n_pairs


def bench_access() -> dict:
    try:
        import access  # noqa: F401
    except ImportError as exc:
        return {"skipped": f"PySAL access not installed: {exc}"}
    xy, demand, offers, supply, _codes = city_input()
    rng = np.random.default_rng(1)
    p = demand[:, 4]  # 10–16
    s = supply[:, 4]
    runs = []
    for method, weights in (("e2sfca", "stepwise"), ("2sfca", "uniform")):
        last = 0.0
        for share in (1 / 64, 1 / 32, 1 / 16, 1 / 8, 1 / 4, 1 / 2, 1.0):
            if last * 4.2 > ACCESS_CAP_S:  # pairs grow with the square of the share
                break
            d_pick = rng.permutation(len(xy))[: int(len(xy) * share)]
            s_pick = rng.permutation(len(offers))[: int(len(offers) * share)]
            dxy, dp, sxy, ss = xy[d_pick], p[d_pick], offers[s_pick], s[s_pick]
            theirs_s, theirs, pairs = access_run(dxy, dp, sxy, ss, weights)
            if theirs_s < 2:  # best of two against noise from other processes
                theirs_s = min(theirs_s, access_run(dxy, dp, sxy, ss, weights)[0])
            ours_times = []
            for _ in range(3):
                start = time.perf_counter()
                ours = e2sfca(dxy, dp, sxy, ss, catchment_m=CITY_CATCHMENT, weights=weights)
                ours_times.append(time.perf_counter() - start)
            ours_s = min(ours_times)
            scale = max(float(np.abs(theirs).max()), 1e-300)
            runs.append(
                {
                    "method": method,
                    "cells": len(dxy),
                    "offers": len(sxy),
                    "pairs": pairs,
                    "access_seconds": round(theirs_s, 3),
                    "ours_seconds": round(ours_s, 4),
                    "ratio": round(theirs_s / ours_s, 1),
                    "max_abs_diff_rel_to_max": float(np.abs(ours - theirs).max() / scale),
                }
            )
            print(runs[-1], flush=True)
            last = theirs_s
    largest = {m: [r for r in runs if r["method"] == m][-1] for m in ("e2sfca", "2sfca")}
    return {"runs": runs, "largest": largest, "cap_seconds": ACCESS_CAP_S}


# --- report --------------------------------------------------------------------------


def doc_section(data: dict) -> str:
    m = data["machine"]
    city, large, acc = data["city"], data["large"], data["access"]
    lines = [
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram']} RAM; Python {m['python']}.\n",
        f"**Düsseldorf**: {city['cells']:,} populated 100 m cells of the 171 real Sozialräume "
        f"× {city['offers']:,} offers, catchment {city['catchment_m']:,.0f} m, all "
        f"{len(city['phases'])} life phases per run (pairs built once, 8 demand and 8 supply "
        f"columns). Target ≤ {city['target_seconds']:.0f} s.\n",
        "| method | pairs | pairs per cell | median | min | CPU median | load average |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, r in city["methods"].items():
        lines.append(
            f"| {name} | {r['pairs']:,} | {r['pairs_per_cell']} | {r['seconds_median']} s | "
            f"{r['seconds_min']} s | {r['cpu_seconds_median']} s | {r['load']} |"
        )
    lines += [
        "",
        f"**Large**: {large['demand_cells']:,} demand cells (100 km × 100 km lattice) × "
        f"{large['offers']:,} offers uniform (20/km²), catchment {large['catchment_m']:,.0f} m, "
        f"one phase, each method in its own process. Targets ≤ {large['target_seconds']:.0f} s "
        f"and ≤ {large['target_rss_mb'] / 1024:.0f} GB.\n",
        "| method | pairs | time | CPU (both threads) | load average | peak RSS (input) |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, r in large["methods"].items():
        lines.append(
            f"| {name} | {r['pairs']:,} | {r['seconds']} s | {r['cpu_seconds']} s | "
            f"{r['load_before']} | {r['peak_rss_mb']:,} MB ({r['input_rss_mb']:,} MB) |"
        )
    lines.append(
        "\nPeak RSS is `getrusage` in the child, which on Linux starts from the parent's size "
        "at fork (the large runs go first, while the parent is small): an upper bound. "
        "Wall times depend on what else runs on the machine; the CPU time and the load "
        "average at the start are given for that reason."
    )
    if "runs" in acc:
        lines += [
            "",
            "**Ratio to PySAL `access`** (1.1.10.post3) on random subsets of the Düsseldorf "
            "input, phase 10–16; access gets the pairs within the catchment as its cost table "
            "(not timed for it), ours is timed including the neighbour search; sizes grow "
            f"until access would exceed {acc['cap_seconds']:.0f} s.\n",
            "| method | cells | offers | pairs | access | ours | ratio | max diff / max |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for r in acc["runs"]:
            lines.append(
                f"| {r['method']} | {r['cells']:,} | {r['offers']:,} | {r['pairs']:,} | "
                f"{r['access_seconds']} s | {r['ours_seconds']} s | {r['ratio']}× | "
                f"{r['max_abs_diff_rel_to_max']:.1e} |"
            )
    else:
        lines.append(f"\nPySAL access: {acc['skipped']}")
    return "\n".join(lines)


def main() -> None:
    if sys.argv[1:2] == ["large"]:
        large_child(sys.argv[2])
        return
    quick = os.environ.get("BENCH_QUICK") == "1"
    data = {"machine": machine()}
    data["large"] = bench_large()  # first: the children's peak RSS starts from ours
    data["city"] = bench_city(3 if quick else 7)
    data["access"] = bench_access()
    write_result("accessibility", data)
    body = doc_section(data)
    append_doc("accessibility (bench/accessibility.py)", body)
    print(body)


if __name__ == "__main__":
    main()
