"""The search service: ``offer_search(*, tenant, params, viewer=None) -> SearchResult``.

Shared by the search page, the API, the CLI and the Merkliste (contract:
docs/dev/search-contract.md; design: docs/search.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from praevnav.catalogue.models import Offer
from praevnav.catalogue.search.params import SearchParams
from praevnav.core.models import Tenant


@dataclass
class Hit:
    offer_id: int
    score: float
    distance_m: float | None


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    depth: int = 0
    parent: str | None = None


@dataclass
class ResolvedPlace:
    label: str
    lat: float
    lon: float
    area_code: str | None
    source: str


@dataclass
class SearchResult:
    params: SearchParams
    count: int
    hits: list[Hit]
    offers: list[Offer]
    facets: dict[str, list[FacetValue]]
    place: ResolvedPlace | None
    notes: list[str] = field(default_factory=list)
    # Extension (docs/dev/search-contract.md): the parameters as applied, i.e. with
    # area names taken out of ``q`` and added as ``area`` filters.
    effective: SearchParams | None = None


PREFETCH = (
    "dimensions",
    "topics",
    "target_groups",
    "languages",
    "access_options",
    "accessibility",
)


def offers_for_hits(hits: list[Hit], terms=None, areas=None) -> list[Offer]:
    """The offers of ``hits`` in the same order, with related rows prefetched
    (``related.load_page``; ``terms`` and ``areas``: the tenant's cached instances).

    Each offer also gets ``search_distance_m`` and ``search_score`` attributes.
    """
    ids = [h.offer_id for h in hits]
    if not ids:
        return []
    from praevnav.catalogue.search.related import load_page, term_cache

    if terms is None:
        tenant_ids = set(Offer.all_tenants.filter(pk__in=ids).values_list("tenant_id", flat=True))
        terms = term_cache(tenant_ids)
    by_id = load_page(ids, terms, areas)
    out = []
    for hit in hits:
        offer = by_id.get(hit.offer_id)
        if offer is not None:
            offer.search_distance_m = hit.distance_m
            offer.search_score = hit.score
            out.append(offer)
    return out


def offer_search(*, tenant: Tenant, params: SearchParams, viewer=None) -> SearchResult:
    """Search the tenant's visible offers (published and valid today).

    Returns one page of ranked hits with their offers, disjunctive facet counts, the
    resolved place and notes on how the query was read. ``viewer`` does not change
    what is found (internal fields are hidden by templates and serializers).
    """
    from praevnav.catalogue.search.engine import run_search

    today = timezone.localdate()
    return run_search(tenant=tenant, params=params, today=today)
