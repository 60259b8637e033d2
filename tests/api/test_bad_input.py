"""Bad input never breaks the API: hypothesis over every parameter of every endpoint.

Whatever a client sends (random text, SQL, HTML, huge or negative numbers, unknown
codes, repeated parameters, any Unicode), the answer is 200, 400 or 404, never 500;
the body is JSON; a 400 names a parameter the client actually sent; every 200 of
``/offers`` matches the documented ``OfferPage`` schema.
"""

from __future__ import annotations

import json
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from api.helpers import assert_matches
from praevnav.catalogue.search.params import FACETS

SEARCH_PARAMS = [
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
    "lang",
]
PARTNERS = {"lat": "lon", "lon": "lat", "age": "age_months", "age_months": "age"}
NOISE_NAMES = ["unknown", "Q", "page[]", "age ", "tenant_", "format_"]

SQL = [
    "' OR 1=1 --",
    "1; DROP TABLE catalogue_offer; --",
    '" OR ""="',
    "1' UNION SELECT username, password FROM accounts_user --",
    "%",
    "_",
    "\\",
    "'",
    "0) OR (1=1",
]
HTML = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "&lt;b&gt;",
    "</p><h1>x",
    "{{ 7*7 }}",
    "{% debug %}",
]
ODD = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\t\n\r",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "1e309",
    "1e-400",
    "-1",
    "0",
    "-0",
    "+5",
    "1.5",
    "0x10",
    "1_000",
    "٣",
    "١٢٣",
    "²",
    "9" * 30,
    "9" * 13,
    "2147483648",
    "9223372036854775808",
    "-" * 10,
    "true",
    "[]",
    "{}",
    "null",
    "%00",
    "%2F",
    "😀" * 60,
    "a" * 199,
    "a" * 201,
    "a" * 5000,
    "Düsseldorf-Bilk",
    "ẞtraße",
    "\u202eevil",
    "\ufeff1",
    "weekday-7",
    "weekday-0",
    "evening",
    "1",
    "65plus",
    "0-3",
    "bildung",
    "011",
    "distance",
    "title",
    "stadtteil",
    "en",
]

values = st.one_of(
    st.sampled_from(SQL + HTML + ODD),
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=250),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)


def query_pairs(names: list[str]):
    return st.lists(st.tuples(st.sampled_from(names + NOISE_NAMES), values), min_size=1, max_size=8)


FUZZ = settings(
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def check_response(response, pairs, *, schema: str | None = None):
    """The properties every answer has, whatever was asked."""
    assert response.status_code in {200, 400, 404}, (pairs, response.content[:300])
    assert response["Content-Type"] == "application/json; charset=utf-8", pairs
    body = json.loads(response.content)
    assert b"<" not in response.content  # markup is escaped even inside JSON strings
    if response.status_code == 400:
        sent = {name for name, _ in pairs}
        # A missing partner is named too: "lat" without "lon" is an error of "lon".
        sent |= {PARTNERS[name] for name in sent if name in PARTNERS}
        assert body["parameter"] in sent, (pairs, body)
        assert body["parameter"] in body["detail"], body
    elif response.status_code == 404:
        assert body["detail"]
    elif schema:
        assert_matches(schema, body)
    return body


@FUZZ
@given(pairs=query_pairs(SEARCH_PARAMS))
# Letters outside ASCII that the German analyser must cope with (found by this test).
@example(pairs=[("q", "ƀ")])
@example(pairs=[("q", "İstanbul ﬁsch ² 𩐬")])
@example(pairs=[("near", "Straße ẞ 1")])
@example(pairs=[("q", "' OR 1=1 --"), ("language", "tr"), ("page", "2")])
def test_offers_answers_any_query_with_json_and_no_500(api_client, catalogue, pairs):
    response = api_client.get("/api/v1/offers?" + urlencode(pairs))

    body = check_response(response, pairs, schema="OfferPage")
    if response.status_code == 200:
        assert len(body["results"]) <= body["page_size"]
        assert catalogue.offers.foreign.pk not in {r["id"] for r in body["results"]}
        assert catalogue.offers.draft.pk not in {r["id"] for r in body["results"]}


@FUZZ
@given(
    name=st.sampled_from(SEARCH_PARAMS),
    value=values,
    times=st.integers(min_value=1, max_value=60),
)
def test_offers_repeated_parameters(api_client, catalogue, name, value, times):
    pairs = [(name, value)] * times
    response = api_client.get("/api/v1/offers?" + urlencode(pairs))

    check_response(response, pairs, schema="OfferPage")


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"page": "0"}, "page"),
        ({"page": "-1"}, "page"),
        ({"page": "1e3"}, "page"),
        ({"page": "99999999999999999999"}, "page"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "101"}, "page_size"),
        ({"age": "abc"}, "age"),
        ({"age": "131"}, "age"),
        ({"lat": "NaN", "lon": "6.7"}, "lat"),
        ({"lat": "51.2"}, "lon"),
        ({"radius": "5"}, "radius"),
        ({"sort": "<b>"}, "sort"),
        ({"q": "x" * 201}, "q"),
        ({"language": "'; DROP TABLE x; --"}, "language"),
        ({"open": "weekday-9"}, "open"),
        ({"organisation": "abc"}, "organisation"),
        ({"lang": "xx"}, "lang"),
    ],
)
def test_offers_bad_parameter_is_400_naming_it(api_client, catalogue, params, parameter):
    pairs = list(params.items())
    response = api_client.get("/api/v1/offers?" + urlencode(pairs))

    assert response.status_code == 400
    body = check_response(response, pairs)
    assert body["parameter"] == parameter


@FUZZ
@given(pairs=query_pairs(["level", "code", "geometry", "lang"]))
@example(pairs=[("code", "\x00")])
@example(pairs=[("code", "011"), ("code", "' OR 1=1 --")])
def test_areas_answers_any_query_with_json_and_no_500(api_client, catalogue, pairs):
    response = api_client.get("/api/v1/areas?" + urlencode(pairs))

    check_response(response, pairs, schema="AreaList")


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(pairs=query_pairs(["lang"]))
def test_taxonomy_answers_any_query_with_json_and_no_500(api_client, tenant, pairs):
    response = api_client.get("/api/v1/taxonomy?" + urlencode(pairs))

    check_response(response, pairs, schema="Taxonomy")


@FUZZ
@given(offer_id=values, pairs=query_pairs(["lang"]))
def test_offer_detail_answers_any_id_with_json_and_no_500(api_client, catalogue, offer_id, pairs):
    response = api_client.get(f"/api/v1/offers/{quote(offer_id, safe='')}?" + urlencode(pairs))

    assert response.status_code in {200, 400, 404}, (offer_id, response.content[:300])
    body = json.loads(response.content)
    assert b"<" not in response.content
    if response.status_code == 200:
        assert_matches("OfferDetail", body)
    elif response.status_code == 400:
        assert body["parameter"] in {"id", "lang"}


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# NUL bytes: see test_tenant_with_nul_byte_is_not_a_500 below.
@given(slug=values.filter(lambda s: "\x00" not in s))
def test_tenant_parameter_never_breaks_any_endpoint(catalogue, slug):
    from django.test import Client

    for path in ("/api/v1/offers", "/api/v1/areas", "/api/v1/taxonomy"):
        response = Client(raise_request_exception=False).get(
            path + "?" + urlencode([("tenant", slug)])
        )
        assert response.status_code in {200, 404}, (slug, response.status_code)
        assert slug.strip() in {"", "duesseldorf", "andere-stadt"} or (response.status_code == 404)


def test_unknown_tenant_is_json_404_naming_the_parameter(api_client, catalogue):
    response = api_client.get("/api/v1/offers?tenant=gibt-es-nicht")

    assert response.status_code == 404
    body = json.loads(response.content)
    assert body["parameter"] == "tenant"


@pytest.mark.parametrize("slug", ["\x00", "a\x00b"])
def test_tenant_with_nul_byte_is_not_a_500(catalogue, slug):
    from django.test import Client

    response = Client(raise_request_exception=False).get(
        "/api/v1/offers?" + urlencode([("tenant", slug)])
    )

    assert response.status_code == 404


def test_api_calls_do_not_remember_the_tenant_in_the_session(api_client, catalogue):
    from praevnav.core.middleware import SESSION_KEY

    response = api_client.get("/api/v1/offers?tenant=andere-stadt")

    assert response.status_code == 200
    assert SESSION_KEY not in api_client.session
    assert "sessionid" not in response.cookies
