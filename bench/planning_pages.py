"""Server time of the planning pages for the whole city at 10,000 offers, and of a snapshot.

    python bench/planning_pages.py [DATASET] [REPEATS]     (default: sqlite-10k, 15)

Each page is requested in-process with Django's test client as the demo planner
(``planung``), through the whole middleware stack, template rendering included.
Reported per page: the *cold* time (first request after a change: the planning dataset is
read from the database and its arrays built) and the *warm* median and p95 (the dataset
is reused while offers, areas and indicators are unchanged, see
``planning/selectors_coverage.py``; accessibility, gaps and findings are cached by
the version of the data they depend on). Before each cold request every cache is cleared.
Target for the coverage matrix and the chain view: ≤ 300 ms. Also timed: creating a
snapshot (``snapshot_create``: coverage, accessibility, gaps, overlaps, currency and
demand computed afresh and stored), median of three.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import append_doc, machine, percentile, setup_django, write_result  # noqa: E402
from datasets import DATASETS, ensure  # noqa: E402

TARGET_MS = 300.0
PAGES = [
    ("coverage, Stadtteile", "/planung/abdeckung/?level=stadtteil"),
    ("coverage, Sozialräume, sorted", "/planung/abdeckung/?level=sozialraum&sort=-65plus:per_1000"),
    (
        "coverage, Stadtbezirke, filtered",
        "/planung/abdeckung/?level=stadtbezirk&free=on&dimension=gesundheit",
    ),
    ("coverage CSV, Sozialräume", "/planung/abdeckung/abdeckung.csv?level=sozialraum"),
    ("chain, whole city", "/planung/kette/"),
    ("chain, one Stadtteil", "/planung/kette/036/"),
    ("chain, one Sozialraum", "/planung/kette/036001/"),
    ("start page", "/planung/"),
    ("gap list, Stadtteile", "/planung/luecken/"),
    ("gap list, Sozialräume, one life phase", "/planung/luecken/?level=sozialraum&life_phase=0-3"),
    ("accessibility (E2SFCA), Stadtteile", "/planung/erreichbarkeit/"),
    ("need index", "/planung/bedarf/"),
    ("demand signals", "/planung/nachfrage/"),
    ("duplicate records", "/planung/dubletten/"),
    ("overlaps (Doppelstrukturen)", "/planung/doppelstrukturen/"),
]
SNAPSHOT_RUNS = 3


def db_version(connection) -> str:
    if connection.vendor == "sqlite":
        return f"SQLite {connection.Database.sqlite_version}"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0]}"


def main() -> None:
    name = sys.argv[1] if len(sys.argv) > 1 else "sqlite-10k"
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    spec = ensure(name)
    setup_django(spec["url"])
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    from praevnav.accounts.models import User
    from praevnav.catalogue.models import Offer
    from praevnav.core.models import Tenant
    from praevnav.planning import selectors_coverage, selectors_findings
    from praevnav.planning.models import PlanningSnapshot
    from praevnav.planning.services_snapshots import snapshot_create

    tenant = Tenant.objects.get(slug="duesseldorf")
    offers = Offer.all_tenants.filter(tenant=tenant, status="published").count()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username="planung"))
    client.get("/planung/?tenant=duesseldorf")
    rows = []
    for label, url in PAGES:
        selectors_coverage.clear_cache()
        selectors_findings.clear_cache()
        cache.clear()
        t0 = time.perf_counter()
        response = client.get(url)
        cold = (time.perf_counter() - t0) * 1000
        assert response.status_code == 200, (url, response.status_code)
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
        rows.append(
            {
                "page": label,
                "url": url,
                "cold_ms": round(cold, 1),
                "p50_ms": round(percentile(times, 50), 1),
                "p95_ms": round(percentile(times, 95), 1),
                "bytes": len(response.content),
            }
        )
        r = rows[-1]
        print(f"{label:40s} cold {cold:7.1f} ms  p50 {r['p50_ms']:7.1f}  p95 {r['p95_ms']:7.1f}")
    snapshot_s = []
    for _ in range(SNAPSHOT_RUNS):
        selectors_coverage.clear_cache()
        selectors_findings.clear_cache()
        cache.clear()
        t0 = time.perf_counter()
        snapshot = snapshot_create(tenant=tenant, label="bench")
        snapshot_s.append(time.perf_counter() - t0)
        PlanningSnapshot.all_tenants.filter(pk=snapshot.pk).delete()
    snapshot_median = round(percentile(snapshot_s, 50), 2)
    print(f"{'snapshot (created and stored)':40s} median {snapshot_median:.2f} s")
    data = {
        "dataset": name,
        "published_offers": offers,
        "snapshot_s": snapshot_median,
        "repeats": repeats,
        "target_ms": TARGET_MS,
        "machine": machine(db_version(connection)),
        "pages": rows,
    }
    write_result(f"planning_pages-{name}", data)
    lines = [
        f"{offers:,} published offers in Düsseldorf ({name}, {data['machine']['database']}); "
        f"{repeats} warm requests per page through the full Django stack as the planner. "
        "Cold = first request after a change (planning dataset read and arrays built); warm = "
        "dataset reused (rebuilt when offers, areas or indicators change). Target ≤ 300 ms.\n",
        "| page | cold | warm p50 | warm p95 | HTML/CSV |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(
            f"| {r['page']} | {r['cold_ms']} ms | {r['p50_ms']} ms | {r['p95_ms']} ms | "
            f"{r['bytes'] / 1024:.0f} KB |"
        )
    lines.append(
        f"\nCreating a snapshot (everything computed afresh and stored): median of "
        f"{SNAPSHOT_RUNS} {snapshot_median:.2f} s."
    )
    m = data["machine"]
    lines.append(
        f"\nMachine: {m['cpu']}, {m['cores']} cores, {m['ram']} RAM; Python {m['python']}."
    )
    if os.environ.get("BENCH_NO_DOC") == "1":
        return
    append_doc(f"planning pages (bench/planning_pages.py, {name})", "\n".join(lines))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] not in DATASETS:
        raise SystemExit(f"unknown dataset {sys.argv[1]}; one of {', '.join(DATASETS)}")
    main()
