"""GET /api/v1/offers: filters, facets, paging, place, tenant and query count."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.helpers import assert_matches, get, get_json, result_ids
from factories import OfferFactory, TenantFactory
from praevnav.catalogue.search.params import SearchParams
from praevnav.catalogue.search.service import offer_search
from praevnav.core.tenancy import tenant_context

OFFERS = "/api/v1/offers"
VISIBLE = ("kita", "beratung", "hebamme", "senioren")


def test_offers_lists_visible_offers_of_the_tenant_only(api_client, catalogue):
    body = get_json(api_client, OFFERS)

    assert body["count"] == 4
    assert result_ids(body) == catalogue.ids(*VISIBLE)
    assert_matches("OfferPage", body)


# (parameters, offers expected) over the fixture catalogue (tests/api/conftest.py)
FILTER_CASES = [
    ({"dimension": "bildung"}, {"kita"}),
    ({"dimension": "gesundheit"}, {"beratung", "hebamme"}),
    ({"dimension": ["bildung", "teilhabe"]}, {"kita", "senioren"}),
    ({"life_phase": "3-6"}, {"kita", "beratung"}),
    ({"life_phase": "schwangerschaft"}, {"hebamme"}),
    ({"life_phase": "65plus"}, {"senioren"}),
    ({"age": "4"}, {"kita", "beratung"}),
    ({"age_months": "20"}, {"beratung"}),
    ({"pregnant": "1"}, {"hebamme"}),
    ({"transition": "kita-grundschule"}, {"kita"}),
    ({"prevention_level": "selektiv"}, {"beratung"}),
    ({"target_group": "zugewanderte"}, {"kita"}),
    ({"topic": "fruehe-hilfen"}, {"hebamme"}),
    ({"setting": "familienzentrum"}, {"kita"}),
    ({"format": "beratung"}, {"beratung"}),
    ({"access": "anonym"}, {"beratung"}),
    ({"access": ["anonym", "anmeldung"]}, {"beratung", "hebamme"}),
    ({"language": "tr"}, {"kita"}),
    ({"language": ["tr", "ar"]}, {"kita", "beratung"}),
    ({"accessibility": "wc"}, {"hebamme"}),
    ({"childcare": "1"}, {"kita"}),
    ({"area": "011"}, {"kita", "senioren"}),
    ({"area": "021"}, {"beratung"}),
    ({"area": "1"}, {"kita", "hebamme", "senioren"}),
    ({"open": "evening"}, {"hebamme"}),
    ({"open": "weekday-0"}, {"beratung"}),
    ({"dimension": "gesundheit", "area": "1"}, {"hebamme"}),
    ({"language": "de", "dimension": "teilhabe"}, {"senioren"}),
    ({"dimension": "no-such-code"}, set()),
    ({"area": "999"}, set()),
]


@pytest.mark.parametrize(("params", "expected"), FILTER_CASES, ids=lambda v: str(v))
def test_offers_filter_narrows_to_matching_offers(api_client, catalogue, params, expected):
    body = get_json(api_client, OFFERS, params)

    assert result_ids(body) == catalogue.ids(*expected)
    assert body["count"] == len(expected)


def test_offers_filter_by_organisation(api_client, catalogue):
    body = get_json(api_client, OFFERS, {"organisation": catalogue.orgs.org1.pk})

    assert result_ids(body) == catalogue.ids("kita", "hebamme")
    assert {r["organisation"]["id"] for r in body["results"]} == {catalogue.orgs.org1.pk}


def test_offers_of_another_tenants_organisation_are_not_found(api_client, catalogue):
    body = get_json(api_client, OFFERS, {"organisation": catalogue.orgs.other.pk})

    assert body["count"] == 0


def test_offers_text_query_finds_by_title_word(api_client, catalogue):
    body = get_json(api_client, OFFERS, {"q": "Hebammensprechstunde"})

    assert catalogue.offers.hebamme.pk in result_ids(body)
    assert catalogue.offers.draft.pk not in result_ids(body)


def test_offers_result_carries_the_documented_fields(api_client, catalogue):
    body = get_json(api_client, OFFERS, {"dimension": "bildung"})
    (item,) = body["results"]

    assert item["external_id"] == "ext-kita"
    assert item["title"] == "Sprachförderung in der Kita"
    assert item["summary"] == "Deutsch lernen beim Spielen."
    assert item["url"].endswith(f"/angebote/{catalogue.offers.kita.pk}/")
    assert item["organisation"] == {
        "id": catalogue.orgs.org1.pk,
        "name": "Familienhilfe Nord e. V.",
    }
    assert [p["code"] for p in item["life_phases"]] == ["3-6"]
    assert item["dimensions"] == [{"code": "bildung", "label": "Bildung"}]
    assert {(a["code"], a["level"]) for a in item["areas"]} == {
        ("1", "stadtbezirk"),
        ("011", "stadtteil"),
    }
    assert item["locations"][0]["lat"] == pytest.approx(51.205)
    assert item["locations"][0]["lon"] == pytest.approx(6.705)
    assert {lang["code"] for lang in item["languages"]} == {"de", "tr"}
    assert [a["code"] for a in item["access"]] == ["kostenlos"]
    assert item["distance_m"] is None
    assert isinstance(item["score"], float)


def test_offers_results_never_carry_internal_contacts(persona_client, catalogue):
    response = get(persona_client("fachkraft"), OFFERS)

    assert b"Frau Intern" not in response.content
    assert b"intern@example.org" not in response.content


def test_offers_labels_follow_lang_parameter(api_client, catalogue):
    body = get_json(api_client, OFFERS, {"dimension": "bildung", "lang": "en"})

    assert body["results"][0]["dimensions"] == [{"code": "bildung", "label": "Education"}]
    labels = {v["value"]: v["label"] for v in body["facets"]["dimension"]}
    assert labels["gesundheit"] == "Health"


# --- facets ---------------------------------------------------------------------------


def facet_counts(body: dict, facet: str) -> dict[str, int]:
    return {v["value"]: v["count"] for v in body["facets"][facet]}


def test_offers_facets_count_every_value_over_the_matches(api_client, catalogue):
    body = get_json(api_client, OFFERS)

    dimensions = facet_counts(body, "dimension")
    assert {
        k: dimensions.get(k, 0) for k in ("bildung", "gesundheit", "erziehung", "teilhabe")
    } == {
        "bildung": 1,
        "gesundheit": 2,
        "erziehung": 1,
        "teilhabe": 1,
    }
    languages = facet_counts(body, "language")
    assert (languages.get("de"), languages.get("tr"), languages.get("ar")) == (4, 1, 1)
    assert facet_counts(body, "area").get("1") == 3
    assert not any(v["selected"] for values in body["facets"].values() for v in values)


def test_offers_facet_ignores_its_own_selection_and_narrows_the_others(api_client, catalogue):
    body = get_json(api_client, OFFERS, {"dimension": "bildung"})

    dimensions = {v["value"]: v for v in body["facets"]["dimension"]}
    assert dimensions["bildung"]["selected"] is True
    assert dimensions["gesundheit"]["count"] == 2  # what choosing it as well would add
    assert dimensions["gesundheit"]["selected"] is False
    languages = facet_counts(body, "language")
    assert languages.get("tr", 0) == 1
    assert languages.get("ar", 0) == 0


def test_offers_facets_cover_the_contract_keys(api_client, catalogue):
    body = get_json(api_client, OFFERS)

    assert {"life_phase", "dimension", "language", "area", "access"} <= set(body["facets"])


# --- paging ---------------------------------------------------------------------------


def test_offers_paging_splits_results_without_overlap(api_client, catalogue):
    pages = [
        get_json(api_client, OFFERS, {"page": n, "page_size": 3, "sort": "title"})
        for n in (1, 2, 3)
    ]

    assert [p["count"] for p in pages] == [4, 4, 4]
    assert [len(p["results"]) for p in pages] == [3, 1, 0]
    assert [(p["page"], p["page_size"]) for p in pages] == [(1, 3), (2, 3), (3, 3)]
    seen = [i for p in pages for i in [r["id"] for r in p["results"]]]
    assert sorted(seen) == sorted(catalogue.ids(*VISIBLE))
    titles = [r["title"] for p in pages for r in p["results"]]
    assert titles == sorted(titles)


def test_offers_page_far_beyond_the_last_is_empty(api_client, catalogue):
    body = get_json(api_client, OFFERS, {"page": 100000})

    assert body["results"] == []
    assert body["count"] == 4
    assert body["page"] == 100000


def test_offers_default_paging(api_client, catalogue):
    body = get_json(api_client, OFFERS)

    assert (body["page"], body["page_size"]) == (1, 20)


# --- place ----------------------------------------------------------------------------


def test_offers_near_point_with_radius_gives_distances(api_client, catalogue):
    body = get_json(
        api_client, OFFERS, {"lat": "51.205", "lon": "6.705", "radius": "500", "sort": "distance"}
    )

    assert result_ids(body) == catalogue.ids("kita", "senioren")
    assert all(r["distance_m"] is not None and r["distance_m"] < 500 for r in body["results"])
    assert body["place"]["lat"] == pytest.approx(51.205)


def test_offers_sorted_by_distance_nearest_first(api_client, catalogue):
    body = get_json(api_client, OFFERS, {"lat": "51.205", "lon": "6.716", "sort": "distance"})

    distances = [r["distance_m"] for r in body["results"]]
    assert distances == sorted(distances)
    assert body["results"][0]["id"] == catalogue.offers.hebamme.pk


# --- tenant ---------------------------------------------------------------------------


def test_offers_tenant_parameter_selects_the_other_tenant_without_leaks(catalogue, client):
    body = get_json(client, OFFERS, {"tenant": "andere-stadt"})

    assert result_ids(body) == catalogue.ids("foreign")
    area_values = {v["value"] for v in body["facets"].get("area", [])}
    assert "1" not in area_values


def test_offers_default_tenant_does_not_see_the_other_tenant(catalogue, client):
    body = get_json(client, OFFERS, {"q": "Sprachförderung"})

    assert catalogue.offers.foreign.pk not in result_ids(body)


def test_offers_unknown_tenant_is_404(catalogue, api_client):
    response = get(api_client, OFFERS, {"tenant": "gibt-es-nicht"})

    assert response.status_code == 404
    assert b"gibt-es-nicht" in response.content


# --- query count ----------------------------------------------------------------------


def _queries_for_search(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = get(client, OFFERS, {"page_size": 100})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _queries_of_the_service(tenant) -> int:
    with tenant_context(tenant, strict=True), CaptureQueriesContext(connection) as ctx:
        offer_search(tenant=tenant, params=SearchParams(page_size=100))
    return len(ctx.captured_queries)


def _add_offers(catalogue, n: int) -> None:
    for _ in range(n):
        offer = OfferFactory(tenant=catalogue.tenant, organisation=catalogue.orgs.org1)
        offer.dimensions.set(catalogue.offers.kita.dimensions.all())
        offer.locations.set(catalogue.offers.kita.locations.all())
        offer.languages.set(catalogue.offers.beratung.languages.all())


def test_offers_query_count_does_not_grow_with_results(api_client, catalogue):
    few = _queries_for_search(api_client)
    _add_offers(catalogue, 12)
    many = _queries_for_search(api_client)

    assert many <= few + 2, (few, many)


def test_offers_api_adds_a_fixed_handful_of_queries_to_the_search(api_client, catalogue):
    _add_offers(catalogue, 12)
    _queries_for_search(api_client)  # warm whatever the service caches

    service = _queries_of_the_service(catalogue.tenant)
    api = _queries_for_search(api_client)

    # Tenant lookup, life phases of the page, the demand signal (insert in a savepoint).
    assert api - service <= 8, (service, api)
    assert api <= 40  # 18 today: 12 in the search service (index warm), 6 in the API layer


def test_offers_search_of_a_fresh_tenant_works_without_any_data(db, client):
    TenantFactory(slug="duesseldorf")

    body = get_json(client, OFFERS)

    assert body["count"] == 0
    assert body["results"] == []


def test_offers_search_records_an_anonymous_demand_signal(api_client, catalogue):
    pytest.importorskip("praevnav.catalogue.signals_log")
    from praevnav.catalogue.models import SearchEvent

    get_json(api_client, OFFERS, {"language": "tr", "age": "4"})

    event = SearchEvent.all_tenants.get()
    assert event.channel == "api"
    assert event.tenant_id == catalogue.tenant.pk
    assert event.result_count == 1
    assert event.age_months == 48
