"""Server time of ``offer_search`` with all facet counts: 20 realistic searches.

    python bench/search_speed.py DATASET [REPEATS]     (DATASET: see bench/datasets.py)

Measured: wall time of ``offer_search`` (query analysis, text match in the database,
in-memory facets and ranking, the page's 20 offers with their related rows), warm
(the per-tenant index is built once before timing, its build time is reported). The
baseline, run in the same process on the same searches, is what a plain ORM
implementation does: ``icontains`` on title, description and provider name per word,
the filters as joins, one ``COUNT … GROUP BY`` per facet over the filtered offers
(not even disjunctive, i.e. cheaper than the real thing), a bounding box for the
radius, and the same page fetch.
"""

from __future__ import annotations

import gc
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import machine, percentile, setup_django, write_result  # noqa: E402
from datasets import DATASETS, ensure  # noqa: E402

SEARCHES = [
    "",
    "q=Beratung",
    "q=Familienberatung",
    "q=Kita&age=4",
    "q=Schuldnerberatung&near=Bilk&radius=3000",
    "age=2&language=tr",
    "topic=fruehe-hilfen&area=036",
    "life_phase=65plus&near=Benrath&sort=distance",
    "q=Sprachförderung&dimension=bildung",
    "q=Elternkurs&childcare=1",
    "near=Oberbilk&radius=2000&sort=distance",
    "lat=51.2277&lon=6.7735&radius=1500",
    "q=Hausaufgabenhilfe+Garath",
    "q=ältere+Menschen",
    "access=kostenlos&format=beratung&open=evening",
    "q=schuldnerbratung",
    "target_group=alleinerziehende&age=5",
    "q=Sucht+Jugendliche",
    "pregnant=1&near=Flingern+Nord",
    "q=Beratung&sort=title&page=3",
]


def baseline_search(tenant, params):
    """The plain ORM implementation the benchmark compares with."""
    from django.db.models import Count, Q

    from praevnav.catalogue.models import Offer
    from praevnav.catalogue.search.service import PREFETCH
    from praevnav.catalogue.selectors import published_offers

    qs = published_offers(tenant=tenant)
    for word in params.q.split():
        qs = qs.filter(
            Q(title__icontains=word)
            | Q(description__icontains=word)
            | Q(organisation__name__icontains=word)
        )
    if params.age_months is not None:
        qs = qs.filter(
            Q(age_min_months__isnull=True) | Q(age_min_months__lte=params.age_months),
            Q(age_max_months__isnull=True) | Q(age_max_months__gt=params.age_months),
        )
    if params.pregnant:
        qs = qs.filter(pregnancy=True)
    m2m = {
        "dimension": "dimensions", "topic": "topics", "language": "languages",
        "access": "access_options", "format": "formats", "target_group": "target_groups",
        "setting": "settings", "accessibility": "accessibility",
    }  # fmt: skip
    for facet, values in params.filters.items():
        if facet in m2m:
            qs = qs.filter(**{f"{m2m[facet]}__code__in": values})
        elif facet == "area":
            qs = qs.filter(locations__areas__code__in=values)
        elif facet == "childcare":
            qs = qs.filter(childcare=True)
        elif facet == "open":
            qs = qs.filter(sessions__closes__gt="18:00")
    if params.lat is not None and params.radius_m:
        d = params.radius_m / 111_000
        qs = qs.filter(
            locations__latitude__range=(params.lat - d, params.lat + d),
            locations__longitude__range=(params.lon - 1.6 * d, params.lon + 1.6 * d),
        )
    qs = qs.distinct()
    count = qs.count()
    counts = {}
    for facet, field in m2m.items():
        counts[facet] = list(
            Offer.objects.filter(pk__in=qs.values("pk"))
            .values(f"{field}__code")
            .annotate(n=Count("pk"))
        )
    start = (params.page - 1) * params.page_size
    page = list(
        qs.order_by("title").select_related("organisation")
        .prefetch_related(*PREFETCH, "locations")[start : start + params.page_size]
    )  # fmt: skip
    return count, counts, page


def main(name: str, repeats: int) -> dict:
    spec = ensure(name)
    setup_django(spec["url"])
    from django.db import connection
    from django.http import QueryDict

    from praevnav.catalogue.search.params import SearchParams
    from praevnav.catalogue.search.service import offer_search
    from praevnav.catalogue.selectors import published_offers
    from praevnav.core.models import Tenant
    from praevnav.core.tenancy import tenant_context

    tenant = Tenant.objects.get(slug="duesseldorf")
    with connection.cursor() as cursor:
        cursor.execute("select version()" if connection.vendor == "postgresql" else "select 1")
        db_version = (
            cursor.fetchone()[0].split(" on ")[0] if connection.vendor == "postgresql" else ""
        )
    if connection.vendor == "sqlite":
        import sqlite3

        db_version = f"SQLite {sqlite3.sqlite_version}"
    params = [SearchParams.from_query(QueryDict(q)) for q in SEARCHES]
    # The baseline takes seconds per search at 100,000 offers: fewer runs of it there.
    base_repeats = 1 if DATASETS[name]["offers"] > 50_000 else max(1, repeats // 2)
    with tenant_context(tenant):
        visible = published_offers(tenant=tenant).count()
        started = time.perf_counter()
        offer_search(tenant=tenant, params=params[0])
        build_s = time.perf_counter() - started
        ours: list[float] = []
        base: list[float] = []
        per_query = []
        for q, p in zip(SEARCHES, params, strict=True):
            offer_search(tenant=tenant, params=p)  # warm the geocoder cache for this place
            # Ours and the baseline in separate blocks, each after a garbage collection:
            # interleaved, the baseline's garbage would be collected during our runs.
            t_ours, t_base = [], []
            gc.collect()
            for _run in range(repeats):
                t0 = time.perf_counter()
                result = offer_search(tenant=tenant, params=p)
                t_ours.append((time.perf_counter() - t0) * 1000)
            gc.collect()
            for _run in range(base_repeats):
                t0 = time.perf_counter()
                baseline_search(tenant, p)
                t_base.append((time.perf_counter() - t0) * 1000)
            ours += t_ours
            base += t_base
            per_query.append(
                {
                    "query": q or "(no filter)",
                    "count": result.count,
                    "p50_ms": round(percentile(t_ours, 50), 2),
                    "baseline_p50_ms": round(percentile(t_base, 50), 2),
                }
            )
    data = {
        "dataset": name,
        "database": connection.vendor,
        "offers_in_tenant": DATASETS[name]["offers"],
        "visible_offers": visible,
        "repeats": repeats,
        "baseline_repeats": base_repeats,
        "index_build_s": round(build_s, 2),
        "p50_ms": round(percentile(ours, 50), 2),
        "p95_ms": round(percentile(ours, 95), 2),
        "baseline_p50_ms": round(percentile(base, 50), 2),
        "baseline_p95_ms": round(percentile(base, 95), 2),
        "machine": machine(db_version),
        "queries": per_query,
    }
    data["ratio_p50"] = round(data["p50_ms"] / data["baseline_p50_ms"], 3)
    data["ratio_p95"] = round(data["p95_ms"] / data["baseline_p95_ms"], 3)
    write_result(f"search_speed-{name}", data)
    return data


if __name__ == "__main__":
    result = main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 10)
    print({k: v for k, v in result.items() if k not in {"queries", "machine"}})
