"""Running one search: query analysis, place, text match, facets, ranking, paging.

Database work per search: the state version (1 query), the text match (1 query, only
with text), the page's offers with their related rows (1 + prefetches). Everything
else runs on the in-memory index of ``state.py``.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q
from django.utils.translation import gettext as _

from praevnav.catalogue.models import Offer
from praevnav.catalogue.search.backends import get_backend
from praevnav.catalogue.search.data import Snapshot
from praevnav.catalogue.search.geo import to_metric
from praevnav.catalogue.search.index import FacetIndex, TextMatch, distance_or_none
from praevnav.catalogue.search.params import FACETS, SearchParams
from praevnav.catalogue.search.place import resolve_place
from praevnav.catalogue.search.query import AnalysedQuery
from praevnav.catalogue.search.state import tenant_state
from praevnav.core.models import Tenant


def icontains_ids(*, tenant: Tenant, q: str) -> dict[int, float]:
    """Baseline text match for benchmarks: every word of ``q`` in title, description or
    provider name (case-insensitive substring); score = words found in the title."""
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


MAX_ORGANISATIONS = 100  # provider facet: the largest counts (plus selected ones)


def build_facets(snapshot: Snapshot, counts, filters):
    """``FacetValue`` lists in display order. Vocabularies list every value (also with
    count 0); areas only those with hits or selected; providers the
    ``MAX_ORGANISATIONS`` with most hits plus the selected ones."""
    from praevnav.catalogue.search.service import FacetValue
    from praevnav.taxonomy.models import current_language_is_english

    english = current_language_is_english()
    facets = {}
    for facet in FACETS:
        selected = set(filters.get(facet, ()))
        per_value = counts.get(facet, {})
        sparse_facet = facet in {"organisation", "area"}
        values = []
        infos = snapshot.vocab.get(facet, [])
        if facet == "organisation":
            # only the counted and the selected ones, not thousands of providers
            by_value = snapshot.vocab_index("organisation")
            wanted = list(dict.fromkeys([*per_value, *selected]))
            infos = [by_value[v] for v in wanted if v in by_value]
        for info in infos:
            count = int(per_value.get(info.value, 0))
            is_selected = info.value in selected
            if sparse_facet and not count and not is_selected:
                continue
            label = info.label_en if english and info.label_en else info.label
            values.append(
                FacetValue(info.value, label, count, is_selected, info.depth, info.parent)
            )
        if facet == "organisation":
            values.sort(key=lambda v: (-v.count, v.label.casefold()))
        facets[facet] = values
    return facets


def text_match(
    *, index: FacetIndex, query: AnalysedQuery, scope_ids: list[int]
) -> TextMatch | None:
    """Match the analysed query in the database backend and score it in Python."""
    if not query.concepts:
        return None
    alt_of = [(c, alt) for c, concept in enumerate(query.concepts) for alt in concept.alternatives]
    rows = get_backend().match([alt.tokens for _c, alt in alt_of], scope_ids)
    return index.score_text(query, rows, alt_of)


def run_search(*, tenant: Tenant, params: SearchParams, today: date):
    from praevnav.catalogue.search.service import Hit, SearchResult, offers_for_hits

    state = tenant_state(tenant)
    index = state.index
    notes: list[str] = []
    filters = {k: tuple(v) for k, v in params.filters.items()}
    effective = params
    query = state.context.analyse(params.q) if params.q else AnalysedQuery()
    notes.extend(query.notes)
    if query.area_codes:
        filters["area"] = tuple(sorted(set(filters.get("area", ())) | set(query.area_codes)))
        effective = params.replace(q=query.remaining, filters=filters)
    place = resolve_place(
        tenant=tenant,
        params=params,
        snapshot=state.snapshot,
        notes=notes,
        area_index=state.area_index,
    )
    point_xy = None
    if place is not None:
        x, y = to_metric(place.lat, place.lon)
        point_xy = (float(x), float(y))
    text = text_match(index=index, query=query, scope_ids=state.scope_ids)
    if text is not None and text.relaxed:
        notes.append(_("No offer contains all search words; showing those with the most."))
    order, scores, dist, counts = index.search(
        params=params,
        filters=filters,
        text=text,
        point_xy=point_xy,
        today=today,
        limits={"organisation": MAX_ORGANISATIONS},
    )
    start = (params.page - 1) * params.page_size
    page = order[start : start + params.page_size]
    hits = [Hit(int(index.ids[i]), float(scores[i]), distance_or_none(dist, int(i))) for i in page]
    return SearchResult(
        params=params,
        count=int(len(order)),
        hits=hits,
        offers=offers_for_hits(hits, state.terms, state.areas),
        facets=build_facets(state.snapshot, counts, filters),
        place=place,
        notes=notes,
        effective=effective,
    )
