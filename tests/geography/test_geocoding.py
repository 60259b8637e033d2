"""Geocoder: offline matching, the remote backend against a local stub, pin correction."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.test import Client

from factories import AreaFactory, LocationFactory, OrganisationFactory, square
from praevnav.core.models import AuditEntry
from praevnav.geography import geocoding
from praevnav.geography.geocoding import RemoteGeocoder, fold, geocode, parse_address
from praevnav.geography.models import Location


@pytest.fixture(autouse=True)
def _fresh_caches():
    geocoding._GAZETTEER_CACHE.clear()
    geocoding._REMOTE_CACHE.clear()
    yield


@pytest.fixture
def places(tenant):
    """Two Stadtteile side by side and locations on two streets."""
    bilk = AreaFactory(
        tenant=tenant, level="stadtteil", code="031", name="Bilk", geometry=square(6.7, 51.2)
    )
    oberbilk = AreaFactory(
        tenant=tenant,
        level="stadtteil",
        code="032",
        name="Oberbilk",
        geometry=square(6.71, 51.2),
    )
    AreaFactory(
        tenant=tenant,
        level="stadtbezirk",
        code="03",
        name="Stadtbezirk 3",
        geometry=square(6.7, 51.2, 0.02),
    )
    a = LocationFactory(
        tenant=tenant,
        street="Düsseldorfer Straße 12",
        postcode="40219",
        latitude=51.201,
        longitude=6.701,
    )
    b = LocationFactory(
        tenant=tenant,
        street="Düsseldorfer Str. 40",
        postcode="40219",
        latitude=51.203,
        longitude=6.705,
    )
    c = LocationFactory(
        tenant=tenant,
        street="Kölner Straße 3a",
        postcode="40227",
        latitude=51.205,
        longitude=6.715,
    )
    return {"bilk": bilk, "oberbilk": oberbilk, "a": a, "b": b, "c": c}


def test_fold_ignores_case_umlauts_and_strasse_spelling():
    assert fold("Düsseldorfer Straße") == fold("duesseldorfer str.") == "dusseldorferstr"
    assert fold("Kölner Strasse") == fold("KOELNER STR") == fold("Kölnerstr.")


def test_parse_address_splits_number_and_postcode():
    parsed = parse_address("Kölner Straße 3 a, 40227 Düsseldorf")
    assert (parsed.street, parsed.number, parsed.postcode) == ("kolnerstr", "3a", "40227")


def test_street_with_matching_number_gives_the_exact_location(places):
    results = geocode(tenant=places["a"].tenant, text="Düsseldorfer Str. 12")

    assert results[0].source == "offline-address"
    assert (results[0].lat, results[0].lon) == (51.201, 6.701)
    assert results[0].area_code == "031"


def test_street_without_number_gives_the_centroid_of_its_locations(places):
    results = geocode(tenant=places["a"].tenant, text="duesseldorfer strasse")

    first = results[0]
    assert first.source == "offline-street"
    assert first.lat == pytest.approx(51.202)
    assert first.lon == pytest.approx(6.703)
    assert first.label.startswith("Düsseldorfer Straße")


def test_unknown_house_number_falls_back_to_the_street(places):
    results = geocode(tenant=places["a"].tenant, text="Düsseldorfer Straße 999")

    assert results[0].source == "offline-street"


def test_street_spelling_variants_and_umlauts_match(places):
    tenant = places["a"].tenant
    for text in ["Kölner Str. 3a", "koelner strasse 3a", "KÖLNERSTR 3A", "Kolner Straße 3 a"]:
        first = geocode(tenant=tenant, text=text)[0]
        assert (first.source, first.lat, first.area_code) == ("offline-address", 51.205, "032"), (
            text
        )


def test_stadtteil_name_resolves_to_its_centroid_and_code(places):
    results = geocode(tenant=places["bilk"].tenant, text="bilk")

    assert results[0].source == "offline-area"
    assert results[0].area_code == "031"
    assert results[0].label == "Bilk"
    # “Oberbilk” contains “bilk” but ranks below the exact name.
    assert [r.label for r in results[:2]] == ["Bilk", "Oberbilk"]


def test_partial_area_name_matches_by_prefix(places):
    results = geocode(tenant=places["bilk"].tenant, text="Oberbi")

    assert results[0].area_code == "032"


def test_unknown_text_and_empty_text_give_nothing(places):
    tenant = places["a"].tenant
    assert geocode(tenant=tenant, text="Hauptbahnhof Timbuktu") == []
    assert geocode(tenant=tenant, text="") == []
    assert geocode(tenant=tenant, text="   ") == []
    assert geocode(tenant=tenant, text="x" * 5000) == []


def test_other_tenants_streets_are_not_found(places, other_tenant):
    LocationFactory(tenant=other_tenant, street="Fremdweg 1", latitude=50.0, longitude=7.0)

    assert geocode(tenant=places["a"].tenant, text="Fremdweg 1") == []


# --- remote backend -------------------------------------------------------------------


class _Stub(BaseHTTPRequestHandler):
    body: bytes = b"[]"
    delay: float = 0.0
    status: int = 200
    seen: list[str] = []

    def do_GET(self):  # noqa: N802
        type(self).seen.append(self.path)
        if self.delay:
            import time

            time.sleep(self.delay)
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


@pytest.fixture
def stub_server():
    handler = type("Handler", (_Stub,), {"seen": []})
    server = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield handler, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_nominatim_answer_is_used_with_the_tenant_bbox(places, stub_server, settings):
    handler, base = stub_server
    handler.body = json.dumps(
        [
            {"lat": "51.2055", "lon": "6.7055", "display_name": "Irgendwo 5, Düsseldorf"},
            {"lat": "48.1", "lon": "11.5", "display_name": "München (outside the box)"},
        ]
    ).encode()
    settings.GEOCODER_URL = base + "/search"
    settings.GEOCODER_KIND = "nominatim"

    results = geocode(tenant=places["a"].tenant, text="Irgendwo 5")

    assert [(r.label, r.source, r.area_code) for r in results] == [
        ("Irgendwo 5, Düsseldorf", "nominatim", "031")
    ]
    assert "viewbox=6.7" in handler.seen[0] and "bounded=1" in handler.seen[0]


def test_photon_answer_is_parsed(places, stub_server, settings):
    handler, base = stub_server
    handler.body = json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [6.715, 51.205]},
                    "properties": {
                        "street": "Irgendweg",
                        "housenumber": "7",
                        "postcode": "40227",
                        "city": "Düsseldorf",
                    },
                }
            ],
        }
    ).encode()
    settings.GEOCODER_URL = base + "/api"
    settings.GEOCODER_KIND = "photon"

    results = geocode(tenant=places["a"].tenant, text="Irgendweg 7")

    assert results[0].label == "Irgendweg 7, 40227 Düsseldorf"
    assert results[0].area_code == "032"
    assert "bbox=6.7" in handler.seen[0]


@pytest.mark.parametrize(
    "body",
    [
        b"<html>Gateway Timeout</html>",
        b'{"unexpected": true}',
        b'[{"lat": "NaN", "lon": "6.7", "display_name": "x"}]',
        b'[{"lat": "95", "lon": "6.7", "display_name": "x"}]',
        b'[{"lat": true, "lon": 6.7}]',
        b"\xff\xfe\x00",
    ],
)
def test_garbage_from_the_remote_falls_back_to_offline(places, stub_server, settings, body, caplog):
    handler, base = stub_server
    handler.body = body
    settings.GEOCODER_URL = base + "/search"

    results = geocode(tenant=places["a"].tenant, text="Kölner Straße 3a")

    assert results[0].source == "offline-address"
    assert "failed" in caplog.text
    assert "Kölner" not in caplog.text  # the searched text is never logged


def test_http_error_falls_back_to_offline(places, stub_server, settings):
    handler, base = stub_server
    handler.status = 503
    settings.GEOCODER_URL = base + "/search"

    assert geocode(tenant=places["a"].tenant, text="Bilk")[0].source == "offline-area"
    assert geocode(tenant=places["a"].tenant, text="Kölner Str 3a")[0].source == "offline-address"


def test_timeout_falls_back_to_offline_quickly(places, stub_server, settings):
    handler, base = stub_server
    handler.delay = 1.0
    settings.GEOCODER_URL = base + "/search"
    settings.GEOCODER_TIMEOUT = 0.2

    results = geocode(tenant=places["a"].tenant, text="Kölner Straße 3a")

    assert results[0].source == "offline-address"


def test_refused_connection_falls_back_to_offline(places, settings):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings.GEOCODER_URL = f"http://127.0.0.1:{port}/search"

    assert geocode(tenant=places["a"].tenant, text="Bilk")[0].area_code == "031"


def test_exact_stadtteil_name_is_answered_offline_without_asking_the_remote(places, settings):
    calls = []

    def opener(*args, **kwargs):
        calls.append(args)
        raise AssertionError("must not be called")

    backend = RemoteGeocoder(url="http://127.0.0.1:9/search", opener=opener)
    assert (
        geocode(tenant=places["a"].tenant, text="Oberbilk", backend=backend)[0].area_code == "032"
    )
    assert calls == []


def test_no_network_is_attempted_when_no_url_is_set(places, settings, monkeypatch):
    settings.GEOCODER_URL = ""

    def forbidden(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(geocoding.urllib.request, "urlopen", forbidden)
    monkeypatch.setattr(socket, "create_connection", forbidden)

    assert geocoding.remote_backend() is None
    assert geocode(tenant=places["a"].tenant, text="Irgendwo 99")[:1] == []
    assert geocode(tenant=places["a"].tenant, text="Bilk")[0].source == "offline-area"


def test_remote_backend_rejects_non_http_urls():
    with pytest.raises(ValueError):
        RemoteGeocoder(url="file:///etc/passwd")


# --- pin correction --------------------------------------------------------------------


@pytest.fixture
def pinned(places, organisation):
    location = places["a"]
    location.organisation = organisation
    location.save()
    return location


def _pin_url(location):
    return f"/standorte/{location.pk}/pin/"


def test_own_organisation_editor_moves_the_pin_areas_follow_and_change_is_audited(
    pinned, persona_client
):
    client = persona_client("traeger_editor")

    page = client.get(_pin_url(pinned))
    assert page.status_code == 200
    assert pinned.street in page.content.decode()

    response = client.post(_pin_url(pinned), {"latitude": "51,205", "longitude": "6.715"})

    assert response.status_code == 302
    location = Location.all_tenants.get(pk=pinned.pk)
    assert (location.latitude, location.longitude) == (51.205, 6.715)
    assert location.coordinate_source == "manual"
    assert sorted(a.code for a in location.areas.all()) == ["03", "032"]
    entry = AuditEntry.objects.get(action="location.pin_corrected")
    assert entry.object_id == str(pinned.pk)
    assert entry.actor.username.startswith("traeger_editor")
    assert entry.changes["latitude"] == [51.201, 51.205]
    assert entry.changes["areas"] == [["03", "031"], ["03", "032"]]


def test_planer_may_correct_any_pin(pinned, persona_client):
    response = persona_client("planer").post(
        _pin_url(pinned), {"latitude": "51.2011", "longitude": "6.7011"}
    )

    assert response.status_code == 302
    assert Location.all_tenants.get(pk=pinned.pk).latitude == 51.2011


def test_editor_of_another_organisation_is_refused(pinned, tenant):
    from conftest import make_persona

    other_org = OrganisationFactory(tenant=tenant, name="Anderer Träger")
    user = make_persona("traeger_editor", tenant, other_org)
    client = Client()
    client.force_login(user)

    assert client.get(_pin_url(pinned)).status_code == 403
    assert client.post(_pin_url(pinned), {"latitude": "51", "longitude": "6"}).status_code == 403
    assert Location.all_tenants.get(pk=pinned.pk).latitude == 51.201


@pytest.mark.parametrize("persona", ["anonymous", "fachkraft"])
def test_citizens_and_fachkraefte_cannot_correct_pins(pinned, persona_client, persona):
    client = persona_client(persona)

    response = client.post(_pin_url(pinned), {"latitude": "51", "longitude": "6"})

    assert response.status_code in (302, 403)
    if persona == "anonymous":
        assert "/konto/" in response["Location"]
    assert Location.all_tenants.get(pk=pinned.pk).latitude == 51.201


def test_location_of_another_tenant_is_not_found(persona_client, other_tenant):
    foreign = LocationFactory(tenant=other_tenant, latitude=50.0, longitude=7.0)

    assert persona_client("planer").get(_pin_url(foreign)).status_code == 404


@pytest.mark.parametrize(
    "data",
    [
        {"latitude": "91", "longitude": "6.7"},
        {"latitude": "51", "longitude": "abc"},
        {"latitude": "", "longitude": "6.7"},
        {"latitude": "nan", "longitude": "6.7"},
    ],
)
def test_invalid_coordinates_are_refused_with_a_message(pinned, persona_client, data):
    response = persona_client("planer").post(_pin_url(pinned), data)

    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert Location.all_tenants.get(pk=pinned.pk).latitude == 51.201


def test_point_outside_the_tenant_is_saved_with_a_warning(pinned, persona_client):
    response = persona_client("planer").post(
        _pin_url(pinned), {"latitude": "52.5", "longitude": "13.4"}, follow=True
    )

    location = Location.all_tenants.get(pk=pinned.pk)
    assert location.outside_tenant is True
    assert location.latitude == 52.5
    assert "außerhalb" in response.content.decode() or "outside" in response.content.decode()
