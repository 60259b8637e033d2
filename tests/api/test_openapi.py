"""The OpenAPI document at /api/v1/openapi.json is the API's contract."""

from __future__ import annotations

import json

import pytest

from api.helpers import openapi_document
from praevnav.catalogue.search.params import FACETS

CONTRACT_PARAMS = {
    "q",
    "age",
    "age_months",
    "pregnant",
    *FACETS,
    "near",
    "lat",
    "lon",
    "radius",
    "sort",
    "page",
    "page_size",
    "tenant",
    "lang",
}
ENDPOINTS = ["/api/v1/offers", "/api/v1/offers/{id}", "/api/v1/areas", "/api/v1/taxonomy"]


@pytest.fixture
def doc(db):
    return openapi_document()


def test_openapi_is_version_3_with_title_and_version(client, db):
    response = client.get("/api/v1/openapi.json")

    assert response["Content-Type"].startswith("application/json")
    doc = json.loads(response.content)
    assert doc["openapi"].startswith("3.")
    assert doc["info"]["title"] == "Präventionsnavigator API"
    assert doc["info"]["version"]
    assert "Träger" in doc["info"]["description"]


def test_openapi_lists_every_endpoint_as_get(doc):
    for path in ENDPOINTS:
        assert "get" in doc["paths"][path], path


def test_openapi_offers_documents_every_search_parameter(doc):
    params = doc["paths"]["/api/v1/offers"]["get"]["parameters"]
    by_name = {p["name"]: p for p in params}

    assert set(by_name) == CONTRACT_PARAMS
    for param in params:
        assert param["in"] == "query"
        assert param["description"].strip(), param["name"]
        assert "schema" in param
    for facet in FACETS:
        if facet != "childcare":
            assert by_name[facet]["schema"]["type"] == "array", facet
            assert by_name[facet]["explode"] is True
    assert by_name["page_size"]["schema"]["maximum"] == 100


@pytest.mark.parametrize("path", ENDPOINTS)
def test_openapi_every_endpoint_takes_tenant_and_documents_errors(doc, path):
    operation = doc["paths"][path]["get"]
    names = {p["name"] for p in operation["parameters"]}

    assert "tenant" in names
    assert {"200", "404"} <= set(operation["responses"])
    if path != "/api/v1/taxonomy":
        assert "400" in operation["responses"]
    for param in operation["parameters"]:
        assert param.get("description"), (path, param["name"])


def test_openapi_offer_detail_path_parameter(doc):
    params = doc["paths"]["/api/v1/offers/{id}"]["get"]["parameters"]

    (id_param,) = [p for p in params if p["in"] == "path"]
    assert id_param["name"] == "id"
    assert id_param["required"] is True


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def test_openapi_every_reference_resolves(doc):
    schemas = doc["components"]["schemas"]
    refs = set(_refs(doc))

    assert refs, "responses should reference component schemas"
    for ref in refs:
        assert ref.startswith("#/components/schemas/"), ref
        assert ref.rsplit("/", 1)[1] in schemas, ref


def test_openapi_responses_reference_the_documented_shapes(doc):
    def response_ref(path, status):
        content = doc["paths"][path]["get"]["responses"][status]["content"]
        return content["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]

    assert response_ref("/api/v1/offers", "200") == "OfferPage"
    assert response_ref("/api/v1/offers", "400") == "Error"
    assert response_ref("/api/v1/offers/{id}", "200") == "OfferDetail"
    assert response_ref("/api/v1/areas", "200") == "AreaList"
    assert response_ref("/api/v1/taxonomy", "200") == "Taxonomy"
    page = doc["components"]["schemas"]["OfferPage"]
    assert {"count", "page", "page_size", "results", "facets"} <= set(page["required"])
    summary = doc["components"]["schemas"]["OfferSummary"]
    for field in (
        "id",
        "external_id",
        "title",
        "organisation",
        "life_phases",
        "dimensions",
        "areas",
        "distance_m",
        "score",
    ):
        assert field in summary["properties"], field


def test_openapi_docs_page_is_not_served(client, db):
    # Swagger UI would load scripts from a CDN; nothing is fetched at run time.
    response = client.get("/api/v1/docs")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


def test_wrong_method_is_json_405(api_client, db):
    response = api_client.post("/api/v1/offers")

    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert json.loads(response.content)["detail"].startswith("Method POST")


def test_unknown_path_is_json_404(api_client, db):
    response = api_client.get("/api/v1/angebote")

    assert response.status_code == 404
    assert "No endpoint" in json.loads(response.content)["detail"]
