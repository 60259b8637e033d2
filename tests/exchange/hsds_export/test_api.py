"""The HSDS 3.0 API profile at /api/hsds/: shapes, paging, filters, errors, isolation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from jsonschema import Draft202012Validator

from factories import OfferFactory
from praevnav.catalogue.models import Offer

from .conftest import INTERNAL
from .hsds_schema import errors, page_schema

pytestmark = pytest.mark.django_db


def get(path: str, **params):
    params.setdefault("tenant", "duesseldorf")
    response = Client().get(f"/api/hsds/{path}", params)
    assert response["Content-Type"].startswith("application/json")
    return response.status_code, response.json()


def page_ok(body: dict, item_schema: str) -> list:
    assert list(Draft202012Validator(page_schema()).iter_errors(body)) == []
    assert [e for item in body["contents"] for e in errors(item_schema, item)] == []
    return body["contents"]


def names(body: dict) -> set[str]:
    return {item["name"] for item in body["contents"]}


def test_root_answers_the_spec_metadata(hsds_catalogue):
    status, body = get("")
    assert status == 200
    assert body["version"] == "3.0"
    assert body["openapi_url"].endswith("/api/hsds/openapi.json")
    assert body["profile"].startswith("http://")
    status, profile = get("profile")
    assert "praevnav:field" in profile["description"]


def test_services_list_validates_and_pages_correctly(hsds_catalogue):
    seen = []
    expected = [(1, 2, True, False), (2, 1, False, True)]
    for page, size, first, last in expected:
        status, body = get("services", page=page, per_page=2)
        assert status == 200
        items = page_ok(body, "compiled/service_list")
        assert (body["total_items"], body["total_pages"], body["page_number"]) == (3, 2, page)
        assert (body["size"], body["first_page"], body["last_page"], body["empty"]) == (
            size, first, last, False,
        )  # fmt: skip
        seen += [i["id"] for i in items]
    assert len(set(seen)) == 3
    status, beyond = get("services", page=9, per_page=2)
    assert (beyond["contents"], beyond["size"], beyond["last_page"]) == ([], 0, True)


def test_services_full_list_and_detail_validate_as_full_services(hsds_catalogue):
    status, body = get("services", full="true")
    items = page_ok(body, "service")
    full = next(i for i in items if i["name"] == "Beratung für Alleinerziehende")
    assert full["service_at_locations"] and full["attributes"]
    status, detail = get(f"services/{full['id']}")
    assert status == 200 and errors("service", detail) == []
    assert detail == full
    for value in INTERNAL.values():
        assert value not in str(detail)


def test_services_filter_by_taxonomy_term_modified_after_and_german_search(hsds_catalogue):
    _s, terms = get("taxonomy_terms", search="erziehung-familie", per_page=50)
    topic = next(t for t in terms["contents"] if t["taxonomy"] == "praevnav:topic")
    _s, body = get("services", taxonomy_term_id=topic["id"])
    assert names(body) == {"Beratung für Alleinerziehende"}
    # life phases are derived from the age range: 65+ is only the Seniorentreff (the
    # Schwimmkurs has no age range: all ages)
    _s, phases = get("taxonomy_terms", search="65plus")
    _s, body = get("services", taxonomy_term_id=phases["contents"][0]["id"])
    assert names(body) == {"Seniorentreff", "Schwimmkurs für Kinder"}
    _s, foreign = get("taxonomy_terms", search="K-17")
    _s, body = get("services", taxonomy_term_id=foreign["contents"][0]["id"])
    assert names(body) == {"Beratung für Alleinerziehende"}

    old = timezone.now() - dt.timedelta(days=10)
    Offer.all_tenants.exclude(pk=hsds_catalogue.senior.pk).update(updated_at=old)
    since = (timezone.now() - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    _s, body = get("services", modified_after=since)
    assert names(body) == {"Seniorentreff"}
    _s, body = get(
        "services", modified_after=(timezone.localdate() - dt.timedelta(days=30)).isoformat()
    )
    assert body["total_items"] == 3

    # "Beratungen" (plural) finds "Beratung …" through the German analysis
    _s, body = get("services", search="Beratungen")
    assert names(body) == {"Beratung für Alleinerziehende"}
    _s, body = get("services", search="Schwimmkurse")
    assert names(body) == {"Schwimmkurs für Kinder"}


def test_unknown_taxonomy_term_matches_nothing_and_taxonomy_id_filters(hsds_catalogue):
    _s, body = get("services", taxonomy_term_id="00000000-0000-4000-8000-000000000000")
    assert body["empty"] is True and body["total_pages"] == 0
    _s, taxonomies = get("taxonomies", search="praevnav:evidence_programme")
    tax_id = taxonomies["contents"][0]["id"]
    _s, body = get("services", taxonomy_id=tax_id)
    assert names(body) == {"Beratung für Alleinerziehende"}
    _s, terms = get("taxonomy_terms", taxonomy_id=tax_id, per_page=500)
    items = page_ok(terms, "taxonomy_term")
    assert items and {t["taxonomy"] for t in items} == {"praevnav:evidence_programme"}


@pytest.mark.parametrize(
    ("path", "params", "parameter"),
    [
        ("services", {"page": "zwei"}, "page"),
        ("services", {"page": "0"}, "page"),
        ("services", {"per_page": "5000"}, "per_page"),
        ("services", {"taxonomy_term_id": "topic:schutz"}, "taxonomy_term_id"),
        ("services", {"modified_after": "letzte Woche"}, "modified_after"),
        ("services", {"full": "vielleicht"}, "full"),
        ("taxonomy_terms", {"taxonomy_id": "x"}, "taxonomy_id"),
        ("service_at_locations", {"organization_id": "42"}, "organization_id"),
    ],
)
def test_bad_parameters_answer_400_naming_the_parameter(hsds_catalogue, path, params, parameter):
    status, body = get(path, **params)
    assert status == 400
    assert body["parameter"] == parameter and parameter in body["detail"]


def test_unknown_ids_and_other_tenants_services_are_404(hsds_catalogue):
    for path in (
        "services",
        "organizations",
        "service_at_locations",
        "taxonomies",
        "taxonomy_terms",
    ):
        status, body = get(f"{path}/6a1b8a0e-0000-4000-8000-000000000000")
        assert (status, body["parameter"]) == (404, "id")
        status, body = get(f"{path}/kein-uuid")
        assert status == 404
    _s, theirs = get("services", tenant="andere-stadt")
    assert names(theirs) == {"Fremdangebot Anderswo"}
    status, _b = get(f"services/{theirs['contents'][0]['id']}")
    assert status == 404
    _s, ours = get("services", per_page=500)
    assert "Fremdangebot Anderswo" not in names(ours)


def test_organizations_and_service_at_locations_validate(hsds_catalogue):
    _s, orgs = get("organizations")
    items = page_ok(orgs, "compiled/organization_list")
    assert {o["name"] for o in items} == {"Familienhilfe Nord e. V.", "Stadtteilbüro Bilk"}
    nord = next(o for o in items if o["name"] == "Familienhilfe Nord e. V.")
    status, detail = get(f"organizations/{nord['id']}")
    assert status == 200 and errors("organization", detail) == []
    assert [s["name"] for s in detail["services"]] == ["Beratung für Alleinerziehende"]
    _s, search = get("organizations", search="bilk")
    assert names(search) == {"Stadtteilbüro Bilk"}

    _s, sals = get("service_at_locations", per_page=500)
    items = page_ok(sals, "compiled/service_at_location_list")
    assert sorted(i["location"]["name"] for i in items) == [
        "Bürgerhaus", "Kita Sonnenschein", "Ohne Adresse",
    ]  # fmt: skip
    kita = next(i for i in items if i["location"]["name"] == "Kita Sonnenschein")
    status, detail = get(f"service_at_locations/{kita['id']}")
    assert status == 200 and errors("service_at_location", detail) == []
    assert detail["schedules"][0]["byday"] == "MO"
    assert detail["service"]["name"] == "Beratung für Alleinerziehende"


def test_services_page_query_count_does_not_grow_with_the_page_size(hsds_catalogue):
    tenant = hsds_catalogue.tenant
    for i in range(12):
        OfferFactory(tenant=tenant, organisation=hsds_catalogue.orgs[1], title=f"Kurs {i}")
    client = Client()
    counts = []
    for per_page in (2, 15):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(
                "/api/hsds/services",
                {"tenant": "duesseldorf", "per_page": per_page, "full": "true"},
            )
        assert len(response.json()["contents"]) == per_page
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
