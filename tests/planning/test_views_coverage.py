"""The planning start page and the coverage matrix: permissions, numbers on screen, CSV,
map data, query count and tenant isolation."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from factories import AreaFactory, LocationFactory, OfferFactory
from praevnav.catalogue.enums import ServiceAreaKind
from praevnav.geography.models import Indicator
from praevnav.planning import selectors_coverage
from praevnav.taxonomy.models import Term

pytestmark = pytest.mark.django_db
URL = "/planung/abdeckung/"


@pytest.fixture(autouse=True)
def _fresh_cache():
    selectors_coverage.clear_cache()
    yield
    selectors_coverage.clear_cache()


@pytest.fixture
def city(tenant):
    """Bezirk 03 with Hafen (population 0-3: 200) and Bilk (400); Sozialraum figures only
    for Hafen Nord; two offers in Hafen, one in Bilk, one for the whole city."""
    bezirk = AreaFactory(tenant=tenant, level="stadtbezirk", code="03", name="Bezirk 3")
    hafen = AreaFactory(tenant=tenant, code="033", name="Hafen", parent=bezirk)
    bilk = AreaFactory(tenant=tenant, code="034", name="Bilk", parent=bezirk)
    nord = AreaFactory(
        tenant=tenant, level="sozialraum", code="0331", name="Hafen Nord", parent=hafen
    )
    for area, value in ((hafen, 200), (bilk, 400)):
        Indicator.all_tenants.create(
            tenant=tenant, area=area, year=2024, key="pop_phase_0-3", value=value
        )
    Indicator.all_tenants.create(
        tenant=tenant, area=nord, year=2021, key="pop_phase_0-3", value=150
    )
    free = Term.all_tenants.get(tenant=tenant, vocabulary="access", code="kostenlos")

    def located(area, **kw):
        location = LocationFactory(tenant=tenant, latitude=51.2, longitude=6.78)
        location.areas.set([area])
        offer = OfferFactory(tenant=tenant, age_min_months=0, age_max_months=36, **kw)
        offer.locations.set([location])
        return offer

    first = located(hafen, capacity_per_year=30)
    first.access_options.set([free])
    located(hafen)
    located(bilk)
    OfferFactory(tenant=tenant, age_min_months=0, age_max_months=36,
                 service_area_kind=ServiceAreaKind.WHOLE_TENANT)  # fmt: skip
    return {"bezirk": bezirk, "hafen": hafen, "bilk": bilk, "nord": nord}


def _cells(html: str, area: str) -> dict[str, str]:
    row = re.search(rf'<tr data-area="{area}">(.*?)</tr>', html, re.S).group(1)
    return {
        m: re.sub(r"<[^>]+>", "", text).strip()
        for m, text in re.findall(r'data-p="0-3" data-m="([a-z_0-9]+)"[^>]*>(.*?)</td>', row, re.S)
    }


@pytest.mark.parametrize(("persona", "allowed"), [
    ("fachkraft", False), ("traeger_editor", False), ("koordination", True), ("planer", True),
    ("admin", True),
])  # fmt: skip
def test_planning_pages_are_for_planning_and_coordination(persona_client, city, persona, allowed):
    client = persona_client(persona)
    for url in ("/planung/", URL, URL + "abdeckung.csv"):
        response = client.get(url)
        assert response.status_code == (200 if allowed else 403), (persona, url)


def test_anonymous_is_sent_to_login(client, city):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].endswith(
        "?next=/planung/abdeckung/"
    )


def test_start_page_links_planning_pages_and_shows_key_figures(persona_client, city):
    client = persona_client("planer")
    html = client.get("/planung/").content.decode()
    assert 'data-page="planning:coverage"' in html and 'data-page="planning:chain"' in html
    figures = dict(re.findall(r'data-figure="(\w+)"><dt>[^<]*</dt><dd>([^<]*)</dd>', html))
    assert figures["current"] == "4" and figures["overdue"] == "0" and figures["providers"] == "4"
    assert 'href="/planung/"' in client.get(URL).content.decode()  # nav link


def test_matrix_counts_per_1000_and_places_at_stadtteil_level(persona_client, city):
    with translation.override("en"):
        html = persona_client("planer").get(URL + "?level=stadtteil").content.decode()
    hafen = _cells(html, "033")
    # two local offers plus the city-wide one; 3 / 200 × 1,000 = 15; 30 places / 200 × 1,000
    assert hafen["offers"] == "3" and hafen["per_1000"] in ("15,00", "15.00")
    assert hafen["places_per_1000"].startswith(("150,0", "150.0"))
    bilk = _cells(html, "034")
    assert bilk["offers"] == "2" and bilk["per_1000"] in ("5,00", "5.00")
    assert "keine Kapazität bekannt" in bilk["places_per_1000"]
    assert 'id="population-source"' in html and "2024" in html


def test_sozialraum_uses_its_own_older_figures_and_bezirk_sums_stadtteile(persona_client, city):
    client = persona_client("planer")
    with translation.override("en"):
        html = client.get(URL + "?level=sozialraum").content.decode()
        # only the city-wide offer counts in Hafen Nord (the others are located in Hafen,
        # which counts upwards, not downwards): 1 / 150 × 1,000
        assert _cells(html, "0331")["offers"] == "1"
        assert _cells(html, "0331")["per_1000"] in ("6.67", "6,67")
        assert "Zahlen von 2021" in html
        html = client.get(URL + "?level=stadtbezirk").content.decode()
    assert _cells(html, "03")["offers"] == "4"
    assert _cells(html, "03")["per_1000"] in ("6.67", "6,67")  # 4 / 600 (200 + 400 summed)
    assert "aufsummiert" in html


def test_matrix_without_population_says_so_never_nan(persona_client, city):
    Indicator.all_tenants.all().delete()
    selectors_coverage.clear_cache()
    with translation.override("en"):
        html = persona_client("planer").get(URL + "?level=stadtteil").content.decode()
    assert "keine Bevölkerungsdaten" in _cells(html, "033")["per_1000"]
    assert not re.search(r"\b(nan|inf)\b", html.lower())


def test_filters_free_only_and_dimension(persona_client, city):
    client = persona_client("planer")
    html = client.get(URL + "?level=stadtteil&free=on").content.decode()
    assert _cells(html, "033")["offers"] == "1" and _cells(html, "034")["offers"] == "0"
    html = client.get(URL + "?level=stadtteil&dimension=bildung").content.decode()
    assert _cells(html, "033")["offers"] == "0"


def test_overdue_offers_are_counted_apart(persona_client, city):
    from praevnav.catalogue.models import Offer

    offer = Offer.all_tenants.filter(locations__areas=city["bilk"]).get()
    Offer.all_tenants.filter(pk=offer.pk).update(confirmation_due="2000-01-01")
    selectors_coverage.clear_cache()
    html = persona_client("planer").get(URL + "?level=stadtteil").content.decode()
    assert re.search(r'data-count="overdue" data-value="1"', html)
    assert _cells(html, "034")["offers"] == "1"


def test_sorting_by_a_cell_and_aria_sort(persona_client, city):
    client = persona_client("planer")
    html = client.get(URL + "?level=stadtteil&sort=-0-3:offers").content.decode()
    assert html.index('data-area="033"') < html.index('data-area="034"')
    assert 'aria-sort="descending"' in html
    html = client.get(URL + "?level=stadtteil&sort=0-3:offers").content.decode()
    assert html.index('data-area="034"') < html.index('data-area="033"')


def test_map_data_classes_and_legend(persona_client, city):
    client = persona_client("planer")
    html = client.get(URL + "?level=stadtteil&phase=0-3&measure=offers").content.decode()
    data = json.loads(re.search(r'id="coverage-map-data"[^>]*>(.*?)</script>', html, re.S).group(1))
    assert data["033"]["c"] > data["034"]["c"]
    assert 'id="map-desc"' in html and 'aria-describedby="map-desc"' in html
    assert html.count("data-class=") >= 3  # two classes and "no value"
    geo = client.get("/planung/abdeckung/gebiete.json?level=stadtteil").json()
    assert {f["properties"]["code"] for f in geo["features"]} == {"033", "034"}


def test_csv_has_one_row_per_area_and_phase(persona_client, city):
    response = persona_client("planer").get(URL + "abdeckung.csv?level=stadtteil")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    hafen = next(r for r in rows if r["area_code"] == "033" and r["life_phase"] == "0-3")
    assert hafen["offers"] == "3" and hafen["offers_per_1000"] == "15,000"
    assert hafen["places"] == "30" and hafen["offers_with_capacity"] == "1"
    assert hafen["population_year"] == "2024"
    assert len(rows) == 2 * 8


def test_query_count_does_not_grow_with_offers(persona_client, city, tenant):
    client = persona_client("planer")
    client.get(URL)
    selectors_coverage.clear_cache()
    with CaptureQueriesContext(connection) as few:
        client.get(URL + "?level=stadtteil")
    for _ in range(12):
        offer = OfferFactory(tenant=tenant, service_area_kind=ServiceAreaKind.AREAS)
        offer.service_areas.set([city["bezirk"]])
    selectors_coverage.clear_cache()
    with CaptureQueriesContext(connection) as many:
        html = client.get(URL + "?level=stadtteil").content.decode()
    assert _cells(html, "033")["offers"] == "15"
    assert len(many) == len(few)


def test_other_tenants_offers_and_areas_never_appear(persona_client, city, other_tenant):
    area = AreaFactory(tenant=other_tenant, code="999", name="Fremdstadt")
    location = LocationFactory(tenant=other_tenant, latitude=51.2, longitude=6.78)
    location.areas.set([area])
    OfferFactory(tenant=other_tenant).locations.set([location])
    html = persona_client("planer").get(URL + "?level=stadtteil").content.decode()
    assert "Fremdstadt" not in html and 'data-area="999"' not in html
    assert _cells(html, "033")["offers"] == "3"
