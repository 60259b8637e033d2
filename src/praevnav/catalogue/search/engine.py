"""Running one search: place, text, filters, facets, ranking, paging."""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from praevnav.catalogue.models import Offer
from praevnav.catalogue.search.data import Snapshot, catalogue_snapshot
from praevnav.catalogue.search.geo import to_metric
from praevnav.catalogue.search.params import FACETS, SearchParams
from praevnav.catalogue.search.place import resolve_place
from praevnav.catalogue.search.reference import reference_search
from praevnav.core.models import Tenant


def icontains_ids(*, tenant: Tenant, q: str) -> dict[int, float]:
    """Baseline text match: every word of ``q`` in title, description or provider name
    (case-insensitive substring), score = number of words found in the title."""
    words = [w for w in q.split() if w]
    qs = Offer.all_tenants.filter(tenant_id__in=tenant.scope_ids())
    for word in words:
        qs = qs.filter(
            Q(title__icontains=word)
            | Q(description__icontains=word)
            | Q(organisation__name__icontains=word)
        )
    out = {}
    for pk, title in qs.values_list("pk", "title"):
        low = title.casefold()
        out[pk] = float(sum(1 for w in words if w.casefold() in low))
    return out


def build_facets(snapshot: Snapshot, counts, filters):
    """``FacetValue`` lists in display order. Vocabularies list every value (also with
    count 0); providers and areas only those with hits or selected."""
    from praevnav.catalogue.search.service import FacetValue
    from praevnav.taxonomy.models import current_language_is_english

    english = current_language_is_english()
    facets = {}
    for facet in FACETS:
        selected = set(filters.get(facet, ()))
        per_value = counts.get(facet, {})
        sparse = facet in {"organisation", "area"}
        values = []
        for info in snapshot.vocab.get(facet, []):
            count = int(per_value.get(info.value, 0))
            is_selected = info.value in selected
            if sparse and not count and not is_selected:
                continue
            label = info.label_en if english and info.label_en else info.label
            values.append(
                FacetValue(info.value, label, count, is_selected, info.depth, info.parent)
            )
        if facet == "organisation":
            values.sort(key=lambda v: (-v.count, v.label.casefold()))
        facets[facet] = values
    return facets


def run_search(*, tenant: Tenant, params: SearchParams, today: date):
    from praevnav.catalogue.search.service import Hit, SearchResult, offers_for_hits

    notes: list[str] = []
    snapshot = catalogue_snapshot(tenant=tenant)
    filters = dict(params.filters)
    place = resolve_place(tenant=tenant, params=params, snapshot=snapshot, notes=notes)
    point_xy = None
    if place is not None:
        x, y = to_metric(place.lat, place.lon)
        point_xy = (float(x), float(y))
    text_scores = icontains_ids(tenant=tenant, q=params.q) if params.q else None

    def xy_of(lat, lon):
        x, y = to_metric(lat, lon)
        return float(x), float(y)

    ranked, counts = reference_search(
        snapshot=snapshot,
        params=params,
        filters=filters,
        text_scores=text_scores,
        point_xy=point_xy,
        xy_of=xy_of,
        today=today,
    )
    start = (params.page - 1) * params.page_size
    hits = [Hit(i, s, d) for i, s, d in ranked[start : start + params.page_size]]
    return SearchResult(
        params=params,
        count=len(ranked),
        hits=hits,
        offers=offers_for_hits(hits),
        facets=build_facets(snapshot, counts, filters),
        place=place,
        notes=notes,
        effective=params,
    )
