"""Search quality: nDCG@10 and recall@10 of the analyser vs a plain ``icontains`` search.

    python bench/quality.py

Data: the demo (``load-demo``, seed 2024) in its own database. Judgments:
``bench/quality/queries.json`` — rules over the generator's offer kinds (each demo offer's
kind is known by re-running the deterministic generator with the loader's arguments),
never over engine output. Metrics per query, averaged per group:

* nDCG@10 with gains 2^grade − 1, the ideal ranking taken over all judged offers;
* recall@10 = relevant offers (grade ≥ 2) in the top 10 / min(10, relevant offers).

Baseline: every query word must occur (case-insensitive substring) in title,
description or provider name; ranked by the number of words in the title, then the
freshest confirmation (what a plain ORM search would do).
"""

from __future__ import annotations

import json
import math
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import setup_django, write_result  # noqa: E402
from datasets import ensure  # noqa: E402

QUERIES = Path(__file__).resolve().parent / "quality" / "queries.json"
K = 10


def dcg(gains: list[int]) -> float:
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains))


def main() -> dict:
    spec = ensure("quality")
    setup_django(spec["url"])
    from django.http import QueryDict

    from praevnav.catalogue.demo.generator import generate_dataset
    from praevnav.catalogue.demo.loader import DEFAULT_OFFERS, DEFAULT_SEED, area_inputs
    from praevnav.catalogue.demo.providers import DUESSELDORF
    from praevnav.catalogue.enums import ServiceAreaKind
    from praevnav.catalogue.models import Offer
    from praevnav.catalogue.search.engine import icontains_ids
    from praevnav.catalogue.search.params import SearchParams
    from praevnav.catalogue.search.service import offer_search
    from praevnav.catalogue.selectors import published_offers
    from praevnav.core.models import Tenant
    from praevnav.core.tenancy import tenant_context
    from praevnav.geography.models import Area

    tenant = Tenant.objects.get(slug="duesseldorf")
    dataset = generate_dataset(
        region=DUESSELDORF,
        areas=area_inputs(tenant, "stadtteil", group_level="stadtbezirk"),
        offers=DEFAULT_OFFERS,
        seed=DEFAULT_SEED,
    )
    kind_of_key = {o.key: o.kind for o in dataset.offers}
    visible = published_offers(tenant=tenant)
    rows = list(visible.values_list("pk", "external_id", "service_area_kind"))
    kind = {pk: kind_of_key.get(ext, "") for pk, ext, _k in rows}
    whole = {pk for pk, _e, k in rows if k == ServiceAreaKind.WHOLE_TENANT}
    areas = {a.name: a for a in Area.all_tenants.filter(tenant=tenant, level="stadtteil")}
    # Offer -> Stadtteile it is in or serves (a served Stadtbezirk serves its Stadtteile).
    in_area: dict[int, set[int]] = defaultdict(set)
    for pk, area_id in Offer.locations.through.objects.filter(
        offer__in=visible, location__areas__level="stadtteil"
    ).values_list("offer_id", "location__areas"):
        in_area[pk].add(area_id)
    children = defaultdict(set)
    for a in areas.values():
        children[a.parent_id].add(a.pk)
    for pk, area_id in Offer.service_areas.through.objects.filter(offer__in=visible).values_list(
        "offer_id", "area_id"
    ):
        in_area[pk].add(area_id)
        in_area[pk] |= children.get(area_id, set())

    doc = json.loads(QUERIES.read_text(encoding="utf-8"))
    per_query = []
    with tenant_context(tenant):
        for item in doc["queries"]:
            area = areas.get(item["area"]) if item.get("area") else None
            if item.get("area") and area is None:
                raise SystemExit(f"Unknown Stadtteil in {item['id']}: {item['area']}")

            def grade(pk: int, item=item, area=area) -> int:
                g = item["grades"].get(kind.get(pk, ""), 0)
                if area is None or g == 0:
                    return g
                if area.pk in in_area.get(pk, set()):
                    return g
                return max(g - 1, 0) if pk in whole else 0

            judged = sorted((grade(pk) for pk in kind), reverse=True)
            ideal = dcg(judged[:K]) or 1.0
            relevant = sum(1 for g in judged if g >= 2)
            params = SearchParams.from_query(QueryDict(f"q={item['q']}&page_size={K}"))
            ours = [h.offer_id for h in offer_search(tenant=tenant, params=params).hits]
            scores = icontains_ids(tenant=tenant, q=item["q"])
            confirmed = dict(visible.values_list("pk", "last_confirmed_at"))

            def base_key(pk, scores=scores, confirmed=confirmed):
                fresh = confirmed[pk].toordinal() if confirmed[pk] else 0
                return (-scores[pk], -fresh, pk)

            base = sorted((pk for pk in scores if pk in kind), key=base_key)[:K]
            result = {"id": item["id"], "group": item["group"], "q": item["q"]}
            for name, ranked in (("analyser", ours), ("baseline", base)):
                gains = [grade(pk) for pk in ranked]
                result[f"{name}_ndcg"] = round(dcg(gains) / ideal, 4)
                hits = sum(1 for g in gains if g >= 2)
                result[f"{name}_recall"] = round(hits / min(K, relevant), 4) if relevant else 0.0
            result["relevant"] = relevant
            per_query.append(result)
    groups: dict[str, dict] = {}
    for group in dict.fromkeys(r["group"] for r in per_query):
        rs = [r for r in per_query if r["group"] == group]
        groups[group] = {
            key: round(sum(r[key] for r in rs) / len(rs), 3)
            for key in ("analyser_ndcg", "baseline_ndcg", "analyser_recall", "baseline_recall")
        }
        groups[group]["queries"] = len(rs)
    overall = {
        key: round(sum(r[key] for r in per_query) / len(per_query), 3)
        for key in ("analyser_ndcg", "baseline_ndcg", "analyser_recall", "baseline_recall")
    }
    data = {
        "queries": len(per_query),
        "offers": len(kind),
        "groups": groups,
        "overall": overall,
        "per_query": per_query,
    }
    write_result("search_quality", data)
    return data


if __name__ == "__main__":
    out = main()
    for group, figures in out["groups"].items():
        print(group, figures)
    print("overall", out["overall"])
