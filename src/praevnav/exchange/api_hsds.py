"""The Open Referral HSDS 3.0 API profile, mounted at ``/api/hsds/`` (docs/api.md, HSDS).

Read-only, published offers only, the tenant chosen as in API v1 (``tenant=<slug>``).
Lists answer the specification's page object (``total_items``, ``total_pages``,
``page_number``, ``size``, ``first_page``, ``last_page``, ``empty``, ``contents``);
errors are JSON ``{"detail", "parameter"}`` like API v1 (its helpers are reused).
"""

from __future__ import annotations

import math
import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import re_path, reverse

from praevnav.api.api import PraevnavAPI, SafeJSONRenderer
from praevnav.api.common import TENANT_PARAM, flag, query_param, request_tenant, single
from praevnav.api.errors import bad_parameter, error_body, install_handlers, not_found
from praevnav.exchange.hsds.load import load_bundle
from praevnav.exchange.hsds.query import ServiceQuery, parse_modified_after
from praevnav.exchange.hsds.serialise import ServiceWriter
from praevnav.exchange.hsds.vocabularies import FIELD_TERMS

HSDS_VERSION = "3.0"
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500
MAX_PAGE = 1_000_000


class HsdsAPI(PraevnavAPI):
    def _get_urls(self):
        # v1's patterns with its JSON 405; our own JSON 404 for unknown paths.
        patterns = super()._get_urls()[:-1]
        return [*patterns, re_path(r"^.*$", _unknown_path)]


def _unknown_path(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    return api.create_response(
        request,
        error_body(f"No endpoint at {request.path[:200]}. See /api/hsds/openapi.json."),
        status=404,
    )


api = HsdsAPI(
    title="Präventionsnavigator HSDS 3.0 API",
    version=HSDS_VERSION,
    description=(
        "Open Referral Human Services Data Specification 3.0 profile of the "
        "Präventionsnavigator: published prevention offers (services), providers "
        "(organizations), their locations and our vocabularies as taxonomies. Every "
        "endpoint takes `tenant=<slug>`. Errors: JSON `{detail, parameter}`, 400 for a "
        "bad parameter, 404 for an unknown id or tenant."
    ),
    urls_namespace="api-hsds",
    docs_url=None,
    renderer=SafeJSONRenderer(),
)
install_handlers(api)

PAGE_PARAMS = [
    query_param("page", "Page number, from 1.", {"type": "integer", "minimum": 1}),
    query_param(
        "per_page",
        f"Items per page (default {DEFAULT_PER_PAGE}, at most {MAX_PER_PAGE}).",
        {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
    ),
    TENANT_PARAM,
]
SEARCH_PARAM = query_param(
    "search",
    "Full text search with the German analysis of the search page (inflection, "
    "compounds, synonyms).",
    {"type": "string", "maxLength": 200},
)
FILTER_PARAMS = [
    SEARCH_PARAM,
    query_param(
        "taxonomy_term_id",
        "Services with this taxonomy term (HSDS id).",
        {"type": "string", "format": "uuid"},
    ),
    query_param(
        "taxonomy_id",
        "Services with any term of this taxonomy.",
        {"type": "string", "format": "uuid"},
    ),
    query_param(
        "organization_id", "Services of this organization.", {"type": "string", "format": "uuid"}
    ),
    query_param(
        "modified_after",
        "Services changed on or after this ISO 8601 date or date-time (local time unless "
        "a zone is given).",
        {"type": "string"},
    ),
    query_param(
        "full", "`true`: fully nested services instead of the list form.", {"type": "boolean"}
    ),
]


# --- parameters ------------------------------------------------------------------------


def _integer(request: HttpRequest, name: str, default: int, high: int) -> int:
    raw = single(request, name, 12)
    if not raw:
        return default
    if not raw.isascii() or not raw.isdigit():
        raise bad_parameter(name, f"{name} must be a whole number from 1 to {high}.")
    value = int(raw)
    if not 1 <= value <= high:
        raise bad_parameter(name, f"{name} must be a whole number from 1 to {high}.")
    return value


def _uuid(request: HttpRequest, name: str) -> str | None:
    raw = single(request, name, 60)
    if not raw:
        return None
    try:
        return str(uuid.UUID(raw))
    except ValueError:
        raise bad_parameter(name, f"{name} must be a UUID, e.g. 0b3d1c2e-….") from None


def _path_uuid(value: str, what: str) -> str:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise not_found(f"No {what} with id {value[:60]!r}: ids are UUIDs.", "id") from None


def _paging(request: HttpRequest) -> tuple[int, int]:
    return (
        _integer(request, "page", 1, MAX_PAGE),
        _integer(request, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE),
    )


def paged(items: list, page: int, per_page: int, build) -> dict:
    """The spec's page object over ``items``; ``build`` turns one page's slice into
    its contents."""
    total = len(items)
    total_pages = math.ceil(total / per_page) if total else 0
    chunk = items[(page - 1) * per_page : page * per_page]
    contents = build(chunk) if chunk else []
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": total == 0,
        "contents": contents,
    }


def _search(request: HttpRequest, name: str = "search") -> str:
    return single(request, name, 200)


# --- list forms --------------------------------------------------------------------------


def _scalars(obj: dict) -> dict:
    return {k: v for k, v in obj.items() if not isinstance(v, list | dict)}


def service_list_item(service: dict) -> dict:
    """The list form (compiled ``service_list``): one-to-one fields and the organization."""
    item = _scalars(service)
    item["organization"] = _scalars(service["organization"])
    return item


def _services(query: ServiceQuery, offer_ids: list[int]) -> list[dict]:
    bundle = load_bundle(tenant=query.tenant, offers=offer_ids, vocab=query.vocab)
    writer = ServiceWriter(bundle)
    return [writer.service(row) for row in bundle.offers]


def _service_filters(request: HttpRequest, query: ServiceQuery) -> list[int]:
    search = _search(request)
    term_id = _uuid(request, "taxonomy_term_id")
    taxonomy_id = _uuid(request, "taxonomy_id")
    organization_id = _uuid(request, "organization_id")
    raw_modified = single(request, "modified_after", 40)
    modified_after = None
    if raw_modified:
        try:
            modified_after = parse_modified_after(raw_modified)
        except ValueError:
            raise bad_parameter(
                "modified_after",
                "modified_after must be an ISO 8601 date or date-time, e.g. 2025-06-01 or "
                "2025-06-01T12:00:00Z.",
            ) from None
    term_ids = None
    if term_id is not None:
        term_ids = [term_id]
    if taxonomy_id is not None:
        in_taxonomy = query.terms.terms_of_taxonomy(taxonomy_id)
        term_ids = in_taxonomy if term_ids is None else [t for t in term_ids if t in in_taxonomy]
    organisation_pk = None
    if organization_id is not None:
        organisation_pk = query.organisation_ids().get(organization_id, -1)
    return query.filtered(
        search=search,
        term_ids=term_ids,
        organisation_pk=organisation_pk,
        modified_after=modified_after,
    )


# --- endpoints -----------------------------------------------------------------------


@api.get("/", summary="API metadata", tags=["meta"], openapi_extra={"parameters": [TENANT_PARAM]})
def index(request: HttpRequest):
    return {
        "version": HSDS_VERSION,
        "profile": request.build_absolute_uri(reverse("api-hsds:profile")),
        "openapi_url": request.build_absolute_uri(reverse("api-hsds:openapi-json")),
    }


@api.get("/profile", summary="Our HSDS profile", tags=["meta"], url_name="profile")
def profile(request: HttpRequest):
    return {
        "name": "praevnav",
        "hsds_version": HSDS_VERSION,
        "description": (
            "Präventionsnavigator profile: every vocabulary of the offer record is a "
            "taxonomy `praevnav:<vocabulary>`; an attribute's `link_type` names the offer "
            "field it fills; fields without an HSDS column are attributes of the "
            "`praevnav:field` taxonomy whose value holds the field's value."
        ),
        "field_terms": FIELD_TERMS,
        "ids": "uuid5 of namespace 6f0e4a52-3c1b-5d8e-9a57-1b2c3d4e5f60 and "
        "'<tenant slug>/<type>/<key>'; a UUID external id is used unchanged.",
    }


@api.get(
    "/services",
    summary="Services (Angebote)",
    tags=["services"],
    openapi_extra={"parameters": [*FILTER_PARAMS, *PAGE_PARAMS]},
)
def list_services(request: HttpRequest):
    tenant = request_tenant(request)
    page, per_page = _paging(request)
    full = flag(request, "full")
    query = ServiceQuery(tenant)
    offer_ids = _service_filters(request, query)

    def build(chunk):
        services = _services(query, chunk)
        return services if full else [service_list_item(s) for s in services]

    return paged(offer_ids, page, per_page, build)


@api.get(
    "/services/{id}",
    summary="One service, fully nested",
    tags=["services"],
    openapi_extra={"parameters": [TENANT_PARAM]},
)
def get_service(request: HttpRequest, id: str):  # noqa: A002 - the spec's path name
    tenant = request_tenant(request)
    service_id = _path_uuid(id, "service")
    query = ServiceQuery(tenant)
    pk = query.ids_of_offers().get(service_id)
    if pk is None:
        raise not_found(f"No published service with id {service_id} in {tenant.slug}.", "id")
    return _services(query, [pk])[0]


def _organisation_pks(request: HttpRequest, query: ServiceQuery) -> list[tuple[str, int]]:
    from praevnav.accounts.models import Organisation

    search = _search(request).casefold()
    by_id = query.organisation_ids()
    names = dict(Organisation.all_tenants.filter(pk__in=by_id.values()).values_list("pk", "name"))
    rows = sorted(by_id.items(), key=lambda item: (names[item[1]].casefold(), item[0]))
    if search:
        rows = [r for r in rows if search in names[r[1]].casefold()]
    return rows


def _organisations(query: ServiceQuery, pks: list[int], *, full: bool) -> list[dict]:
    """Organisation objects built by the service writer (one offer each is enough)."""
    offer_ids = {}
    for offer_pk, org_pk in query.offers.filter(organisation_id__in=pks).values_list(
        "pk", "organisation_id"
    ):
        offer_ids.setdefault(org_pk, offer_pk)
    bundle = load_bundle(tenant=query.tenant, offers=sorted(offer_ids.values()), vocab=query.vocab)
    writer = ServiceWriter(bundle)
    out = []
    for pk in pks:
        org = dict(writer.organization(pk))
        out.append(org if full else _scalars(org))
    return out


@api.get(
    "/organizations",
    summary="Organizations (Träger) with published services",
    tags=["organizations"],
    openapi_extra={"parameters": [SEARCH_PARAM, *PAGE_PARAMS]},
)
def list_organizations(request: HttpRequest):
    tenant = request_tenant(request)
    page, per_page = _paging(request)
    full = flag(request, "full")
    query = ServiceQuery(tenant)
    rows = _organisation_pks(request, query)
    return paged(
        rows,
        page,
        per_page,
        lambda chunk: _organisations(query, [pk for _i, pk in chunk], full=full),
    )


@api.get(
    "/organizations/{id}",
    summary="One organization, with the ids and names of its services",
    tags=["organizations"],
    openapi_extra={"parameters": [TENANT_PARAM]},
)
def get_organization(request: HttpRequest, id: str):  # noqa: A002
    tenant = request_tenant(request)
    org_id = _path_uuid(id, "organization")
    query = ServiceQuery(tenant)
    pk = query.organisation_ids().get(org_id)
    if pk is None:
        raise not_found(f"No organization with published services with id {org_id}.", "id")
    org = _organisations(query, [pk], full=True)[0]
    offers = query.offers.filter(organisation_id=pk)
    titles = dict(offers.values_list("pk", "title"))
    org["services"] = sorted(
        ({"id": sid, "name": titles[opk]} for sid, opk in query.ids_of_offers(offers).items()),
        key=lambda s: (s["name"], s["id"]),
    )
    return org


def _service_at_location_rows(query: ServiceQuery, offer_ids: list[int]) -> list[tuple[int, int]]:
    from praevnav.catalogue.models import Offer

    through = Offer.locations.through
    per_offer: dict[int, list[int]] = {}
    for offer_pk, loc_pk in (
        through.objects.filter(offer_id__in=query.offers.values("pk"))
        .order_by("location_id")
        .values_list("offer_id", "location_id")
    ):
        per_offer.setdefault(offer_pk, []).append(loc_pk)
    return [(o, loc) for o in offer_ids for loc in per_offer.get(o, [])]


def _service_at_locations(query: ServiceQuery, rows: list[tuple[int, int]], *, full: bool):
    services = {s["_pk"]: s for s in _services_with_pk(query, sorted({o for o, _l in rows}))}
    out = []
    for offer_pk, loc_pk in rows:
        service = services[offer_pk]
        for sal in service.get("service_at_locations", []):
            if sal["_location_pk"] == loc_pk:
                item = {k: v for k, v in sal.items() if not k.startswith("_")}
                if not full:
                    item["location"] = _scalars(item["location"])
                    item.pop("schedules", None)
                item["service"] = service_list_item(
                    {k: v for k, v in service.items() if k != "_pk"}
                )
                out.append(item)
    return out


def _services_with_pk(query: ServiceQuery, offer_ids: list[int]) -> list[dict]:
    bundle = load_bundle(tenant=query.tenant, offers=offer_ids, vocab=query.vocab)
    writer = ServiceWriter(bundle)
    out = []
    for row in bundle.offers:
        service = writer.service(row)
        locations = [
            lp for lp in bundle.links["locations"].get(row["pk"], []) if lp in bundle.locations
        ]
        for sal, loc_pk in zip(service.get("service_at_locations", []), locations, strict=True):
            sal["_location_pk"] = loc_pk
        service["_pk"] = row["pk"]
        out.append(service)
    return out


@api.get(
    "/service_at_locations",
    summary="Services at their locations",
    tags=["services"],
    openapi_extra={"parameters": [*FILTER_PARAMS, *PAGE_PARAMS]},
)
def list_service_at_locations(request: HttpRequest):
    tenant = request_tenant(request)
    page, per_page = _paging(request)
    full = flag(request, "full")
    query = ServiceQuery(tenant)
    rows = _service_at_location_rows(query, _service_filters(request, query))
    return paged(rows, page, per_page, lambda chunk: _service_at_locations(query, chunk, full=full))


@api.get(
    "/service_at_locations/{id}",
    summary="One service at one location, fully nested",
    tags=["services"],
    openapi_extra={"parameters": [TENANT_PARAM]},
)
def get_service_at_location(request: HttpRequest, id: str):  # noqa: A002
    tenant = request_tenant(request)
    sal_id = _path_uuid(id, "service_at_location")
    query = ServiceQuery(tenant)
    slugs = query.slugs
    from praevnav.exchange.hsds import ids

    rows = _service_at_location_rows(
        query, list(query.offers.order_by("pk").values_list("pk", flat=True))
    )
    tenant_of = dict(query.offers.values_list("pk", "tenant_id"))
    for offer_pk, loc_pk in rows:
        if (
            ids.derived(slugs[tenant_of[offer_pk]], "service_at_location", f"{offer_pk}/{loc_pk}")
            == sal_id
        ):
            return _service_at_locations(query, [(offer_pk, loc_pk)], full=True)[0]
    raise not_found(f"No service_at_location with id {sal_id} in {tenant.slug}.", "id")


def _taxonomy_query(request: HttpRequest) -> ServiceQuery:
    return ServiceQuery(request_tenant(request))


@api.get(
    "/taxonomies",
    summary="Taxonomies: our vocabularies and the foreign ones on offers",
    tags=["taxonomies"],
    openapi_extra={"parameters": [SEARCH_PARAM, *PAGE_PARAMS]},
)
def list_taxonomies(request: HttpRequest):
    page, per_page = _paging(request)
    search = _search(request).casefold()
    query = _taxonomy_query(request)
    items = list(query.vocab.taxonomies.values())
    if search:
        items = [t for t in items if search in f"{t['name']} {t['description']}".casefold()]
    return paged(items, page, per_page, lambda chunk: chunk)


@api.get(
    "/taxonomies/{id}",
    summary="One taxonomy",
    tags=["taxonomies"],
    openapi_extra={"parameters": [TENANT_PARAM]},
)
def get_taxonomy(request: HttpRequest, id: str):  # noqa: A002
    taxonomy_id = _path_uuid(id, "taxonomy")
    query = _taxonomy_query(request)
    for taxonomy in query.vocab.taxonomies.values():
        if taxonomy["id"] == taxonomy_id:
            return taxonomy
    raise not_found(f"No taxonomy with id {taxonomy_id}.", "id")


@api.get(
    "/taxonomy_terms",
    summary="Taxonomy terms of every vocabulary",
    tags=["taxonomies"],
    openapi_extra={
        "parameters": [
            SEARCH_PARAM,
            query_param(
                "taxonomy_id", "Terms of this taxonomy.", {"type": "string", "format": "uuid"}
            ),
            query_param(
                "parent_id", "Terms below this term.", {"type": "string", "format": "uuid"}
            ),
            query_param("top_only", "`true`: terms without a parent.", {"type": "boolean"}),
            *PAGE_PARAMS,
        ]
    },
)
def list_taxonomy_terms(request: HttpRequest):
    page, per_page = _paging(request)
    search = _search(request).casefold()
    taxonomy_id = _uuid(request, "taxonomy_id")
    parent_id = _uuid(request, "parent_id")
    top_only = flag(request, "top_only")
    query = _taxonomy_query(request)
    items = list(query.vocab.terms.values())
    if taxonomy_id:
        items = [t for t in items if t["taxonomy_id"] == taxonomy_id]
    if parent_id:
        items = [t for t in items if t.get("parent_id") == parent_id]
    if top_only:
        items = [t for t in items if not t.get("parent_id")]
    if search:
        items = [t for t in items if search in f"{t['code']} {t['name']}".casefold()]
    return paged(items, page, per_page, lambda chunk: chunk)


@api.get(
    "/taxonomy_terms/{id}",
    summary="One taxonomy term",
    tags=["taxonomies"],
    openapi_extra={"parameters": [TENANT_PARAM]},
)
def get_taxonomy_term(request: HttpRequest, id: str):  # noqa: A002
    term_id = _path_uuid(id, "taxonomy_term")
    query = _taxonomy_query(request)
    term = query.vocab.terms.get(term_id)
    if term is None:
        raise not_found(f"No taxonomy term with id {term_id}.", "id")
    return term


# Included by praevnav/urls.py: ``path("api/hsds/", include("praevnav.exchange.api_hsds"))``.
app_name = api.urls_namespace
urlpatterns = api.urls[0]

__all__ = ["api", "app_name", "urlpatterns"]
