"""Pages and API responses that name areas but draw no polygons never read the polygons.

An area's GeoJSON is large (a Sozialraum tens of kilobytes); decoding it for every area
an offer touches, or for every choice in an area field, made pages slow.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factories import AreaFactory, LocationFactory, OfferFactory, square
from praevnav.catalogue.enums import OfferStatus, ServiceAreaKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(tenant):
    area = AreaFactory(
        tenant=tenant, level="stadtteil", code="036", name="Bilk", geometry=square(6.77, 51.20)
    )
    served = AreaFactory(
        tenant=tenant, level="stadtteil", code="037", name="Oberbilk", geometry=square(6.79, 51.20)
    )
    location = LocationFactory(tenant=tenant, latitude=51.205, longitude=6.775)
    location.areas.set([area])
    offer = OfferFactory(
        tenant=tenant,
        status=OfferStatus.PUBLISHED,
        title="Elterncafé Bilk",
        service_area_kind=ServiceAreaKind.AREAS,
    )
    offer.locations.set([location])
    offer.service_areas.set([served])
    return offer


def _polygon_reads(queries) -> list[str]:
    return [q["sql"] for q in queries if '"geography_area"."geometry"' in q["sql"]]


def _get(client, url: str) -> str:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    assert not _polygon_reads(ctx.captured_queries), url
    return response.content.decode()


def test_offer_page_and_api_name_the_areas_without_reading_polygons(persona_client, offer):
    client = persona_client("planer")
    page = _get(client, f"/angebote/{offer.pk}/")
    assert "Bilk" in page and "Oberbilk" in page
    detail = _get(client, f"/api/v1/offers/{offer.pk}")
    assert "036" in detail and "037" in detail
    # The first search builds the tenant's search state (its place index reads the
    # polygons once); the searches after it read none.
    client.get("/api/v1/offers?q=Elterncafé")
    listing = _get(client, "/api/v1/offers?q=Elterncafé")
    assert "036" in listing


def test_planning_forms_list_areas_without_reading_polygons(persona_client, offer):
    client = persona_client("planer")
    need = _get(client, "/planung/bedarf/")
    assert "Oberbilk" in need  # a choice of the area field of the qualitative need
    measure = _get(client, "/planung/massnahmen/neu/")
    assert "Oberbilk" in measure


def test_planning_lists_name_areas_without_reading_polygons(persona_client, offer, tenant):
    from praevnav.geography.models import Area
    from praevnav.planning.models import Measure, QualitativeNeed
    from praevnav.taxonomy.models import LifePhase

    oberbilk = Area.all_tenants.get(tenant=tenant, code="037")
    QualitativeNeed.all_tenants.create(
        tenant=tenant, area=oberbilk, text="Mehr Elterncafés", source="conference",
        life_phase=LifePhase.all_tenants.get(tenant=tenant, code="0-3"), recorded_on="2026-01-01",
    )  # fmt: skip
    measure = Measure.all_tenants.create(
        tenant=tenant, title="Elterncafé Oberbilk", owner="Planung", area=oberbilk
    )
    client = persona_client("planer")
    assert "Mehr Elterncafés" in _get(client, "/planung/bedarf/")
    assert "Elterncafé Oberbilk" in _get(client, "/planung/massnahmen/")
    assert "Oberbilk" in _get(client, f"/planung/massnahmen/{measure.pk}/")
