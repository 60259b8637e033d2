"""``GET /api/v1/offers`` (search) and ``GET /api/v1/offers/{id}`` (detail)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from ninja import Path, Router

from praevnav.api import serializers
from praevnav.api.common import COMMON_PARAMS, query_param, request_tenant, response_language
from praevnav.api.errors import bad_parameter, not_found
from praevnav.api.schemas import Error, OfferDetail, OfferPage
from praevnav.catalogue.search.output import facets_as_json, place_as_json
from praevnav.catalogue.search.params import (
    DEFAULT_PAGE_SIZE,
    FACETS,
    MAX_AGE_MONTHS,
    MAX_AGE_YEARS,
    MAX_PAGE,
    MAX_PAGE_SIZE,
    MAX_RADIUS,
    MAX_TEXT,
    MAX_VALUES,
    MIN_RADIUS,
    SORTS,
    ParamError,
    SearchParams,
)
from praevnav.catalogue.search.service import offer_search
from praevnav.catalogue.selectors import published_offers

try:  # written in parallel; the API works (without demand signals) until it lands
    from praevnav.catalogue.signals_log import search_event_record
except ImportError:  # pragma: no cover - depends on the checkout
    search_event_record = None

logger = logging.getLogger(__name__)
router = Router(tags=["offers"])

MAX_ID = 2**63 - 1

_CODE = {"type": "string", "maxLength": 60, "pattern": "^[A-Za-z0-9][A-Za-z0-9_.:+-]{0,59}$"}
_FACET_DOCS = {
    "life_phase": "Life phase (Lebensphase) code, e.g. `0-3`, `65plus`, `schwangerschaft` "
    "(see `/taxonomy` → `life_phases`).",
    "dimension": "Prevention dimension code: `bildung`, `gesundheit`, `erziehung`, `teilhabe`.",
    "transition": "Transition (Übergang) code, e.g. `kita-grundschule`.",
    "prevention_level": "Prevention level: `universell`, `selektiv`, `indiziert`.",
    "target_group": "Target group (Zielgruppe / Lebenslage) code.",
    "topic": "Topic (Thema) code; matches the topic and all topics below it in the tree.",
    "setting": "Setting code (where the offer happens: Kita, Schule, …).",
    "format": "Format code (Angebotsformat: Beratung, Kurs, …).",
    "access": "Access and cost code (kostenlos, Düsselpass, anonym, …).",
    "language": "Language code of the offer (ISO 639-1 where possible, e.g. `tr`, `ar`).",
    "accessibility": "Accessibility feature code (stufenlos, Leichte Sprache, …).",
}
OFFER_PARAMS = [
    query_param(
        "q",
        "Free text, German analysis: inflection, compounds (Familienberatung finds "
        "Beratung), synonyms (Kita = Kindertagesstätte) and typos. A Stadtteil name in the "
        "text acts as an area filter (see `notes`).",
        {"type": "string", "maxLength": MAX_TEXT},
        example="Sprachförderung Kita",
    ),
    query_param(
        "age",
        "Age of the person in focus in years: offers whose age range contains it.",
        {"type": "integer", "minimum": 0, "maximum": MAX_AGE_YEARS},
    ),
    query_param(
        "age_months",
        "Age in months instead of `age` (not both).",
        {"type": "integer", "minimum": 0, "maximum": MAX_AGE_MONTHS},
    ),
    query_param(
        "pregnant",
        "`1`: offers for pregnancy and birth (Schwangerschaft & Geburt).",
        {"type": "string", "enum": ["0", "1"]},
    ),
    *[
        query_param(
            key,
            _FACET_DOCS[key] + " Unknown codes match nothing.",
            _CODE,
            repeatable=True,
        )
        for key in FACETS
        if key in _FACET_DOCS
    ],
    query_param(
        "childcare",
        "`1`: childcare during the offer (Kinderbetreuung).",
        {"type": "string", "enum": ["0", "1"]},
    ),
    query_param(
        "organisation",
        "Provider (Träger) id (`organisation.id` in the results).",
        {"type": "integer", "minimum": 0},
        repeatable=True,
    ),
    query_param(
        "area",
        "Area code (see `/areas`): offers located in or serving the area, at any level "
        "(Stadtbezirk, Stadtteil, Sozialraum, member town of a Kreis).",
        {"type": "string", "maxLength": 40},
        repeatable=True,
    ),
    query_param(
        "open",
        "Open on: `weekday-0` … `weekday-6` (Monday … Sunday) or `evening` (a session "
        "ending after 18:00).",
        {"type": "string", "pattern": "^(weekday-[0-6]|evening)$"},
        repeatable=True,
    ),
    query_param(
        "near",
        "An address or Stadtteil name; distances (`distance_m`) are measured from it.",
        {"type": "string", "maxLength": MAX_TEXT},
    ),
    query_param(
        "lat",
        "Latitude of a map point (WGS84), with `lon`.",
        {"type": "number", "minimum": -90, "maximum": 90},
    ),
    query_param(
        "lon",
        "Longitude of a map point (WGS84), with `lat`.",
        {"type": "number", "minimum": -180, "maximum": 180},
    ),
    query_param(
        "radius",
        "Radius in metres around the place (`near` or `lat`/`lon`).",
        {"type": "integer", "minimum": MIN_RADIUS, "maximum": MAX_RADIUS},
    ),
    query_param(
        "sort",
        "Order: `relevance` (default: text, then distance, then freshness), `distance`, "
        "`title`, `updated`.",
        {"type": "string", "enum": list(SORTS), "default": "relevance"},
    ),
    query_param(
        "page",
        "Page number, from 1. A page beyond the last has empty `results`.",
        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
    ),
    query_param(
        "page_size",
        "Results per page.",
        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": DEFAULT_PAGE_SIZE},
    ),
    *COMMON_PARAMS,
]


def parse_search(request: HttpRequest) -> SearchParams:
    """The page's parser; a ``ParamError`` becomes a 400 naming the parameter (English)."""
    try:
        return SearchParams.from_query(request.GET)
    except ParamError as exc:
        with translation.override("en"):
            raise bad_parameter(exc.field, exc.message)


def _record_signal(*, tenant, params: SearchParams, result) -> None:
    if search_event_record is None:
        return
    try:
        search_event_record(tenant=tenant, params=params, result=result, channel="api")
    except Exception:  # a lost demand signal must not cost the client its answer
        logger.exception("Could not record the search event of an API search")


@router.get(
    "/offers",
    response={200: OfferPage, 400: Error, 404: Error},
    summary="Search offers (Angebote)",
    description=(
        "The same search as the search page `/angebote/`, with the same parameters: free "
        "text, facet filters (repeat a parameter for several values: OR within a facet, "
        "AND across facets), age, place and radius. `facets` has live counts for every "
        "facet: a facet's counts ignore its own selection, so they show what choosing "
        "another value would give. Only published offers valid today. "
        f"At most {MAX_VALUES} values per repeatable parameter."
    ),
    openapi_extra={"parameters": OFFER_PARAMS},
)
def search_offers(request: HttpRequest):
    tenant = request_tenant(request)
    params = parse_search(request)
    with response_language(request):
        result = offer_search(tenant=tenant, params=params, viewer=request.user)
        _record_signal(tenant=tenant, params=params, result=result)
        offers = list(result.offers)
        serializers.prefetch_offers(offers)
        phases = serializers.phases_by_tenant({o.tenant_id for o in offers})
        hits = {hit.offer_id: hit for hit in result.hits}
        results = []
        for offer in offers:
            hit = hits.get(offer.pk)
            item = serializers.offer_base(
                offer,
                phases=phases[offer.tenant_id],
                url=serializers.detail_url(request, offer.pk, tenant.slug, settings.DEFAULT_TENANT),
            )
            item["distance_m"] = (
                round(hit.distance_m, 1) if hit and hit.distance_m is not None else None
            )
            item["score"] = round(float(hit.score), 6) if hit else 0.0
            results.append(item)
        return {
            "count": result.count,
            "page": params.page,
            "page_size": params.page_size,
            "results": results,
            "facets": facets_as_json(result),
            "place": place_as_json(result.place),
            "notes": [str(note) for note in result.notes],
        }


@router.get(
    "/offers/{id}",
    response={200: OfferDetail, 400: Error, 404: Error},
    summary="One offer (Angebot)",
    description=(
        "Everything public about a published offer valid today. `internal_contact` is "
        "filled only for a logged-in professional (session cookie; permission "
        "`catalogue.view_internal_contacts`), otherwise null. Drafts, archived and "
        "expired offers and offers of another tenant are 404."
    ),
    openapi_extra={"parameters": COMMON_PARAMS},
)
def get_offer(
    request: HttpRequest,
    id: str = Path(  # noqa: A002 - the documented path name
        ...,
        description="The offer's id (`id` in the search results).",
        example="42",
    ),
):
    tenant = request_tenant(request)
    if not id.isascii() or not id.isdigit() or len(id) > 19:
        raise bad_parameter("id", "id must be the number of an offer.")
    offer_id = int(id)
    with response_language(request):
        offer = None
        if 0 < offer_id <= MAX_ID:
            offer = published_offers(tenant=tenant).filter(pk=offer_id).first()
        if offer is None:
            raise not_found(f"No published offer with id {offer_id} in {tenant.slug}.", "id")
        serializers.prefetch_offers([offer], serializers.DETAIL_PREFETCH)
        phases = serializers.phases_by_tenant([offer.tenant_id])
        show_internal = request.user.has_perm("catalogue.view_internal_contacts", offer)
        data = serializers.offer_detail(
            offer,
            phases=phases[offer.tenant_id],
            url=serializers.detail_url(request, offer.pk, tenant.slug, settings.DEFAULT_TENANT),
            show_internal=show_internal,
        )
    return data
