"""The official HSDS 3.0 examples (``PRAEVNAV_DATA_DIR``) parse; expected values are read
from the example files themselves."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.conf import settings

from praevnav.exchange.hsds_import import parse_hsds_csv, parse_hsds_json

EXAMPLES = Path(settings.DATA_DIR) / "openreferral" / "hsds_3.0" / "examples"
SERVICE_EXAMPLES = [
    "service_full.json",
    "service_list.json",
    "service_at_location_full.json",
    "service_at_location_list.json",
    "organization_full.json",
    "tabular.json",
]
NO_SERVICE_EXAMPLES = [
    "base.json",
    "location.json",
    "organization_list.json",
    "taxonomy.json",
    "taxonomy_list.json",
    "taxonomy_term.json",
    "taxonomy_term_list.json",
]


def load(name: str):
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


def service_of(name: str) -> dict:
    """The (first) service object of an example, found as the parser should find it."""
    data = load(name)
    if name == "tabular.json":
        return data["services.csv"][0]
    item = data["contents"][0] if "contents" in data else data
    if "service" in item:
        return item["service"]
    if "services" in item:
        return item["services"][0]
    return item


def test_every_json_example_is_covered():
    assert {p.name for p in EXAMPLES.glob("*.json")} == set(SERVICE_EXAMPLES + NO_SERVICE_EXAMPLES)


@pytest.mark.parametrize("name", SERVICE_EXAMPLES)
def test_service_examples_parse_without_errors(name):
    result = parse_hsds_json((EXAMPLES / name).read_bytes())
    service = service_of(name)
    assert result.errors == []
    assert len(result.records) == 1
    record = result.records[0]
    assert record.external_id == service["id"]
    assert record.fields["title"] == service["name"]
    assert record.fields["description"] == service["description"].strip()
    assert record.fields["website"] == service["url"]
    assert record.fields["age_min_months"] == service["minimum_age"] * 12
    assert record.fields["age_max_months"] == (service["maximum_age"] + 1) * 12


@pytest.mark.parametrize("name", NO_SERVICE_EXAMPLES)
def test_examples_without_services_report_one_clear_error(name):
    result = parse_hsds_json((EXAMPLES / name).read_bytes())
    assert result.records == []
    assert [p.message for p in result.errors] == [
        "Die Datei enthält keine HSDS-Angebote (services)."
    ]
    assert any("kein Angebot (service)" in p.message for p in result.problems)


def test_service_full_maps_organisation_location_schedule_and_terms():
    data = load("service_full.json")
    record = parse_hsds_json((EXAMPLES / "service_full.json").read_bytes()).records[0]
    org = data["organization"]
    assert (record.organisation.name, record.organisation.external_id) == (org["name"], org["id"])
    sal = data["service_at_locations"][0]
    location = sal["location"]
    address = location["addresses"][0]
    [loc] = record.locations
    assert loc.external_id == location["id"]
    assert loc.name == location["name"]
    assert loc.street.startswith(address["address_1"])
    assert (loc.postcode, loc.city) == (address["postal_code"], address["city"])
    # The example's coordinates (100/101) are out of range: dropped with a warning.
    assert not -90 <= location["latitude"] <= 90
    assert (loc.latitude, loc.longitude) == (None, None)
    assert any(
        p.source == "$.service_at_locations[0].location.latitude" and p.severity == "warning"
        for p in record_problems(data)
    )
    schedule = data["schedules"][0]
    days = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
    expected_days = sorted(days[d] for d in schedule["byday"].split(","))
    assert sorted(s["weekday"] for s in record.sessions) == expected_days
    assert {s["opens"] for s in record.sessions} == {schedule["opens_at"][:5]}
    assert {s["closes"] for s in record.sessions} == {schedule["closes_at"][:5]}
    # The same schedule is listed under the service and its service-at-location: once,
    # with the location.
    assert {s["location_external_id"] for s in record.sessions} == {location["id"]}
    assert schedule["description"] in record.fields["schedule_note"]
    language = data["languages"][0]
    assert {"taxonomy": "ISO 639", "code": language["code"], "name": language["name"]} in (
        record.external_terms
    )
    term = data["attributes"][0]["taxonomy_term"]
    assert {"taxonomy": term["taxonomy"], "code": term["code"], "name": term["name"]} in (
        record.external_terms
    )
    phone = data["phones"][0]["number"].strip('"')
    assert record.fields["public_phone"] == phone
    assert data["cost_options"][0]["option"] in record.fields["cost_note"]


def record_problems(data):
    return parse_hsds_json(json.dumps(data).encode()).problems


def test_service_at_location_list_gives_the_service_at_that_location():
    data = load("service_at_location_list.json")
    sal = data["contents"][0]
    record = parse_hsds_json((EXAMPLES / "service_at_location_list.json").read_bytes()).records[0]
    assert record.external_id == sal["service"]["id"]
    assert [loc.external_id for loc in record.locations] == [sal["location"]["id"]]


def test_two_service_at_locations_of_one_service_merge_into_one_record():
    data = load("service_at_location_list.json")
    first = data["contents"][0]
    second = json.loads(json.dumps(first))
    second["id"] = "second-sal"
    second["location"]["id"] = "second-location"
    second["location"]["latitude"], second["location"]["longitude"] = "51.22", "6.77"
    data["contents"].append(second)
    result = parse_hsds_json(json.dumps(data).encode())
    assert len(result.records) == 1
    locations = result.records[0].locations
    assert [loc.external_id for loc in locations] == [first["location"]["id"], "second-location"]
    assert (locations[1].latitude, locations[1].longitude) == (51.22, 6.77)


def _csv_expectations():
    import csv

    def rows(name):
        with (EXAMPLES / "csv" / name).open(encoding="utf-8-sig", newline="") as handle:
            return list(csv.DictReader(handle))

    return rows


def test_csv_example_directory_parses():
    rows = _csv_expectations()
    service, org, location = (
        rows("services.csv")[0],
        rows("organizations.csv")[0],
        rows("locations.csv")[0],
    )
    schedule, address = rows("schedules.csv")[0], rows("addresses.csv")[0]
    result = parse_hsds_csv(EXAMPLES / "csv")
    assert result.errors == []
    [record] = result.records
    assert record.source == "services.csv, Zeile 2"
    assert (record.external_id, record.fields["title"]) == (service["id"], service["name"])
    assert record.organisation.external_id == org["id"] == service["organization_id"]
    assert record.organisation.name == org["name"]
    [loc] = record.locations
    assert (loc.external_id, loc.name, loc.city) == (
        location["id"],
        location["name"],
        address["city"],
    )
    assert record.fields["age_min_months"] == int(service["minimum_age"]) * 12
    assert (
        sorted(s["weekday"] for s in record.sessions)
        == [3, 4]
        == sorted({"TH": 3, "FR": 4}[d] for d in schedule["byday"].split(","))
    )
    assert {s["location_external_id"] for s in record.sessions} == {schedule["location_id"]}
    assert any(
        p.source == "locations.csv, Zeile 2" and p.field == "latitude" and p.severity == "warning"
        for p in result.problems
    )
    assert all(p.record == record.source for p in result.problems)


def test_csv_example_as_zip_parses_like_the_directory():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in (EXAMPLES / "csv").iterdir():
            archive.write(path, f"hsds/{path.name}")
    from_zip = parse_hsds_csv(buffer.getvalue())
    from_dir = parse_hsds_csv(EXAMPLES / "csv")
    assert from_zip.records == from_dir.records
    assert from_zip.errors == []


def test_tabular_json_example_matches_the_csv_example():
    from_json = parse_hsds_json((EXAMPLES / "tabular.json").read_bytes()).records[0]
    from_csv = parse_hsds_csv(EXAMPLES / "csv").records[0]
    assert from_json.external_id == from_csv.external_id
    assert from_json.fields["title"] == from_csv.fields["title"]
    assert [loc.name for loc in from_json.locations] == [loc.name for loc in from_csv.locations]
