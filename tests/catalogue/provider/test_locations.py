"""Locations in the provider workspace: list, create and edit, directly and audited."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factories import AreaFactory, LocationFactory, square
from praevnav.core.models import AuditEntry
from praevnav.geography.models import Location

pytestmark = pytest.mark.django_db


def test_create_location_assigns_area_and_audits(editor_client, tenant, organisation):
    area = AreaFactory(tenant=tenant, name="Rath", geometry=square(6.80, 51.28, 0.05))
    response = editor_client.post(
        "/traeger/standorte/neu/",
        {
            "name": "Treff Rath",
            "street": "Rather Markt 1",
            "postcode": "40472",
            "city": "Düsseldorf",
            "latitude": "51,29",
            "longitude": "6.81",
        },
    )
    assert response.status_code == 302
    loc = Location.all_tenants.get(name="Treff Rath")
    assert loc.organisation == organisation
    assert (loc.latitude, loc.longitude) == (51.29, 6.81)
    assert loc.coordinate_source == "manual"
    assert list(loc.areas.all()) == [area]
    entry = AuditEntry.objects.get(action="location.create", object_id=str(loc.pk))
    assert entry.changes["name"] == ["", "Treff Rath"]
    html = editor_client.get("/traeger/standorte/").content.decode()
    start = html.index(f'id="location-{loc.pk}"')
    row = html[start : html.index("</tr>", start)]
    assert "Treff Rath" in row and '<td class="kern-table__cell">Rath</td>' in row
    assert f'href="/standorte/{loc.pk}/pin/"' in html


def test_coordinates_out_of_range_are_field_errors(editor_client, organisation):
    html = editor_client.post(
        "/traeger/standorte/neu/", {"name": "Falsch", "latitude": "95", "longitude": "6.8"}
    ).content.decode()
    assert 'href="#id_latitude"' in html
    assert not Location.all_tenants.filter(name="Falsch").exists()
    html = editor_client.post(
        "/traeger/standorte/neu/", {"name": "Halb", "latitude": "51.2"}
    ).content.decode()
    assert 'href="#id_longitude"' in html
    assert not Location.all_tenants.filter(name="Halb").exists()


def test_edit_location(editor_client, own_location):
    html = editor_client.get(f"/traeger/standorte/{own_location.pk}/bearbeiten/").content.decode()
    assert 'value="Familienzentrum Nord"' in html
    editor_client.post(
        f"/traeger/standorte/{own_location.pk}/bearbeiten/",
        {
            "name": "Familienzentrum Nord II",
            "street": "Neue Straße 2",
            "postcode": "40210",
            "city": "Düsseldorf",
        },
    )
    own_location.refresh_from_db()
    assert own_location.name == "Familienzentrum Nord II"
    assert AuditEntry.objects.get(action="location.update").changes["street"] == [
        "Musterstraße 1",
        "Neue Straße 2",
    ]


def test_location_list_query_count_is_flat(editor_client, tenant, organisation):
    LocationFactory.create_batch(2, tenant=tenant, organisation=organisation)
    with CaptureQueriesContext(connection) as few:
        editor_client.get("/traeger/standorte/")
    LocationFactory.create_batch(10, tenant=tenant, organisation=organisation)
    with CaptureQueriesContext(connection) as many:
        html = editor_client.get("/traeger/standorte/").content.decode()
    assert html.count('<tr class="kern-table__row" id="location-') == 12
    assert len(many) == len(few)
