"""``make bench``: build the benchmark databases if needed, run every benchmark, write
``bench/results/*.json`` and a dated section in ``docs/benchmarks.md``.

Each speed benchmark runs in its own process (one database per process). Set
``BENCH_QUICK=1`` for fewer repetitions.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import RESULTS, append_doc  # noqa: E402
from datasets import ensure  # noqa: E402

SPEED = [("sqlite-10k", 10, 30.0), ("pg-10k", 10, 30.0), ("pg-100k", 5, 150.0)]


def run(script: str, *args: str) -> None:
    subprocess.run([sys.executable, str(HERE / script), *args], check=True)


def speed_table() -> str:
    lines = [
        "| dataset | visible offers | index build | p50 | p95 | target p95 | icontains p50 | "
        "icontains p95 | ratio p50 | ratio p95 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    machine = None
    for name, _repeats, target in SPEED:
        path = RESULTS / f"search_speed-{name}.json"
        if not path.exists():
            continue
        d = json.loads(path.read_text())
        machine = machine or d["machine"]
        lines.append(
            f"| {name} ({d['machine']['database']}) | {d['visible_offers']:,} | "
            f"{d['index_build_s']} s | {d['p50_ms']} ms | {d['p95_ms']} ms | ≤ {target:.0f} ms | "
            f"{d['baseline_p50_ms']} ms | {d['baseline_p95_ms']} ms | {d['ratio_p50']} | "
            f"{d['ratio_p95']} |"
        )
    head = ""
    if machine:
        head = (
            f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['ram']} RAM; "
            f"Python {machine['python']}, SQLite {machine['sqlite']}.\n\n"
            "20 searches (text, facets, age, place/radius, sorting; see "
            "`bench/search_speed.py`), each timed warm, all facet counts included; ratio = "
            "ours / plain ORM `icontains` baseline in the same process (smaller is better).\n\n"
        )
    return head + "\n".join(lines)


def quality_table() -> str:
    path = RESULTS / "search_quality.json"
    if not path.exists():
        return ""
    d = json.loads(path.read_text())
    lines = [
        f"{d['queries']} queries over {d['offers']:,} visible demo offers "
        "(`bench/quality/queries.json`).\n",
        "| group | queries | nDCG@10 analyser | nDCG@10 icontains | recall@10 analyser | "
        "recall@10 icontains |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for group, g in {**d["groups"], "all": {**d["overall"], "queries": d["queries"]}}.items():
        lines.append(
            f"| {group} | {g['queries']} | {g['analyser_ndcg']} | {g['baseline_ndcg']} | "
            f"{g['analyser_recall']} | {g['baseline_recall']} |"
        )
    return "\n".join(lines)


def main() -> None:
    quick = os.environ.get("BENCH_QUICK") == "1"
    for name, _r, _t in SPEED:
        ensure(name)
    for name, repeats, _t in SPEED:
        run("search_speed.py", name, str(max(2, repeats // 3) if quick else repeats))
    run("quality.py")
    body = (
        "### Search speed (`offer_search` server time)\n\n"
        + speed_table()
        + "\n\n### Search quality\n\n"
        + quality_table()
    )
    append_doc("search (bench/run_all.py)", body)
    print(body)
    # Pure numpy/scipy, no database: writes its own result file and section.
    run("accessibility.py")
    # duplicate detection needs no database; it writes its own section
    run("duplicates.py", *(["10000"] if quick else []))
    # import/export of 10,000 offers on its own SQLite copies; writes its own section
    run("exchange.py", *(["quick"] if quick else []))
    # coverage matrix and chain view pages at 10,000 offers; writes its own section
    run("planning_pages.py", "sqlite-10k", "5" if quick else "15")


if __name__ == "__main__":
    main()
