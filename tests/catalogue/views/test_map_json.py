"""The map feeds: area polygons and result points, escaped and scoped to the tenant."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from factories import AreaFactory, LocationFactory, OfferFactory, square

pytestmark = pytest.mark.django_db

AREAS = "/angebote/karte/gebiete.json"
HITS = "/angebote/karte/treffer.json"


def test_urls():
    assert reverse("catalogue:map_areas") == AREAS
    assert reverse("catalogue:map_hits") == HITS


def test_areas_are_the_stadtteile_of_the_tenant(client, catalogue, other_tenant):
    AreaFactory(tenant=other_tenant, level="stadtteil", code="999", name="Fremdteil")

    response = client.get(AREAS)
    data = json.loads(response.content)

    assert response["Content-Type"] == "application/json"
    assert sorted(f["properties"]["name"] for f in data["features"]) == ["Bilk", "Flingern"]
    assert data["features"][0]["geometry"]["type"] == "Polygon"
    assert "max-age" in response["Cache-Control"]


def test_areas_are_simplified(client, tenant):
    # A circle-ish polygon with many vertices close together.
    import math

    ring = [
        [
            6.7 + 0.01 * math.cos(2 * math.pi * i / 400),
            51.2 + 0.01 * math.sin(2 * math.pi * i / 400),
        ]
        for i in range(400)
    ]
    ring.append(ring[0])
    AreaFactory(
        tenant=tenant,
        level="stadtteil",
        code="001",
        name="Rund",
        geometry={"type": "Polygon", "coordinates": [ring]},
    )

    data = json.loads(client.get(AREAS).content)

    assert len(data["features"][0]["geometry"]["coordinates"][0]) < 100


def test_kreis_without_stadtteile_draws_gemeinden(client, tenant):
    AreaFactory(
        tenant=tenant, level="gemeinde", code="05358008", name="Düren", geometry=square(6.4, 50.8)
    )

    data = json.loads(client.get(AREAS).content)

    assert [f["properties"]["name"] for f in data["features"]] == ["Düren"]


def test_area_names_are_escaped(client, tenant):
    AreaFactory(tenant=tenant, level="stadtteil", code="001", name="<script>alert(1)</script>")

    body = client.get(AREAS).content.decode()

    assert "<script>" not in body
    assert json.loads(body)["features"][0]["properties"]["name"] == "<script>alert(1)</script>"


def test_hits_follow_the_search_and_carry_links(client, catalogue):
    data = json.loads(client.get(HITS, {"language": "tr", "age": "2"}).content)

    assert data["count"] == 2
    titles = sorted({p["title"] for p in data["points"]})
    assert titles == ["Elterncafé Bilk", "Familienberatung Bilk"]
    point = next(p for p in data["points"] if p["title"] == "Elterncafé Bilk")
    assert point["url"] == reverse("catalogue:offer_detail", args=[catalogue.elterncafe.pk])
    assert (point["lat"], point["lon"]) == (51.205, 6.705)
    assert point["place"] == "Familienzentrum Bilk"


def test_hits_are_tenant_scoped_and_published_only(client, catalogue, other_tenant):
    located = LocationFactory(tenant=other_tenant, latitude=51.2, longitude=6.7)
    catalogue.foreign.locations.add(located)

    data = json.loads(client.get(HITS).content)

    ids = {p["id"] for p in data["points"]}
    assert ids == {o.pk for o in catalogue.published}


def test_hit_titles_are_escaped(client, catalogue, tenant, organisation):
    offer = OfferFactory(
        tenant=tenant, organisation=organisation, title="<img src=x onerror=alert(1)>"
    )
    offer.locations.add(catalogue.elterncafe.locations.first())

    body = client.get(HITS).content.decode()

    assert "<img" not in body
    assert any(p["title"].startswith("<img") for p in json.loads(body)["points"])


def test_hits_with_a_place_carry_it(client, catalogue):
    data = json.loads(client.get(HITS, {"near": "Bilk", "radius": "5000"}).content)

    assert data["place"]["label"]
    assert data["radius"] == 5000


def test_bad_parameter_is_a_json_400(client, catalogue):
    response = client.get(HITS, {"age": "<b>"})

    assert response.status_code == 400
    assert json.loads(response.content)["param"] == "age"
    assert "<b>" not in response.content.decode()
