"""Bad HSDS input: every problem is reported with its place, nothing raises."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from praevnav.exchange.hsds_import import parse_hsds_csv, parse_hsds_json
from praevnav.exchange.hsds_import.files import MAX_MEMBERS

MINIMAL = {
    "id": "svc-1",
    "name": "Elterncafé",
    "description": "Offener Treff",
    "status": "active",
    "organization": {"id": "org-1", "name": "Familienhilfe e. V.", "description": "x"},
}


def service(**changes):
    return {**json.loads(json.dumps(MINIMAL)), **changes}


def parse(obj):
    return parse_hsds_json(json.dumps(obj).encode())


def test_truncated_json_is_one_error_with_line_and_column():
    data = json.dumps([MINIMAL], indent=2).encode()[:-15]
    result = parse_hsds_json(data)
    assert result.records == []
    [error] = result.errors
    assert error.source.startswith("Zeile ") and ", Spalte " in error.source
    assert "kein gültiges JSON" in error.message


def test_latin1_file_is_reported_not_guessed():
    result = parse_hsds_json(
        json.dumps(service(name="Müttercafé"), ensure_ascii=False).encode("latin-1")
    )
    assert [e.message for e in result.errors] == [
        "Die Datei ist nicht UTF-8-kodiert (HSDS verlangt UTF-8); bitte als UTF-8 speichern."
    ]


def test_bom_is_accepted():
    result = parse_hsds_json(b"\xef\xbb\xbf" + json.dumps(MINIMAL).encode())
    assert result.errors == [] and result.records[0].external_id == "svc-1"


def test_wrong_type_is_an_error_on_its_path_and_the_rest_is_parsed():
    bad = service(
        id="svc-2",
        minimum_age="zwölf",
        service_at_locations=[
            {
                "id": "sal",
                "location": {"id": "loc", "name": "Haus", "latitude": [1], "longitude": 6},
            }
        ],
    )
    result = parse([MINIMAL, bad])
    sources = {e.source for e in result.errors}
    assert sources == {"$[1].minimum_age", "$[1].service_at_locations[0].location.latitude"}
    assert all(e.record == "$[1]" for e in result.errors)
    assert result.records[1].fields["title"] == "Elterncafé"
    assert result.records[1].locations[0].name == "Haus"


def test_coordinates_accept_numeric_strings_and_decimal_commas():
    obj = service(
        service_at_locations=[
            {
                "location": {
                    "id": "l",
                    "name": "Haus",
                    "latitude": "51,2277",
                    "longitude": " 6.7735 ",
                }
            }
        ]
    )
    loc = parse(obj).records[0].locations[0]
    assert (loc.latitude, loc.longitude) == (51.2277, 6.7735)


def test_missing_id_and_name_are_errors():
    result = parse([{"status": "active", "description": "ohne alles"}])
    assert {(e.source, e.field) for e in result.errors} == {
        ("$[0].id", "id"),
        ("$[0].name", "name"),
    }


def test_inactive_and_defunct_services_are_not_imported_but_reported():
    result = parse([service(id="a", status="inactive"), service(id="b", status="defunct"), MINIMAL])
    assert [r.external_id for r in result.records] == ["svc-1"]
    warnings = [p for p in result.problems if p.field == "status"]
    assert [(w.source, w.severity) for w in warnings] == [
        ("$[0].status", "warning"),
        ("$[1].status", "warning"),
    ]


def test_duplicate_service_ids_are_an_error_on_the_second():
    result = parse([MINIMAL, MINIMAL])
    [error] = result.errors
    assert error.source == "$[1].id" and "mehrfach" in error.message


def test_our_taxonomy_terms_become_codes_and_foreign_ones_external_terms():
    def attribute(taxonomy, code, name="", value=""):
        return {
            "taxonomy_term": {"id": code, "code": code, "name": name, "taxonomy": taxonomy},
            "value": value,
        }

    obj = service(
        attributes=[
            attribute("praevnav:dimension", "bildung"),
            attribute("praevnav:transition", "kita-grundschule"),
            attribute("praevnav:life_phase", "0-3"),
            attribute("praevnav:field", "pregnancy", value="true"),
            attribute("praevnav:field", "external_id", value="ALT-7"),
            attribute("praevnav:field", "service_area", value="stadtteil:011"),
            attribute("Open Eligibility", "1102", "Parenting Education"),
        ],
        languages=[{"code": "tr", "name": "Turkish"}, {"code": "deu"}, {"name": "Arabic"}],
    )
    record = parse(obj).records[0]
    assert record.codes["dimensions"] == ["bildung"]
    assert record.codes["transitions"] == ["kita-grundschule"]
    assert record.codes["languages"] == ["tr", "de", "ar"]
    assert record.fields["pregnancy"] is True
    assert record.external_id == "ALT-7"
    assert record.service_area_codes == ["stadtteil:011"]
    assert record.external_terms == [
        {"taxonomy": "Open Eligibility", "code": "1102", "name": "Parenting Education"}
    ]


def test_monthly_schedule_keeps_the_occurrence_as_note():
    obj = service(
        schedules=[
            {"freq": "MONTHLY", "byday": "2MO,-1FR", "opens_at": "09:00", "closes_at": "11:30Z"}
        ]
    )
    sessions = parse(obj).records[0].sessions
    assert [(s["weekday"], s["opens"], s["closes"], s["note"]) for s in sessions] == [
        (0, "09:00", "11:30", "jeden 2. Montag im Monat"),
        (4, "09:00", "11:30", "jeden letzten Freitag im Monat"),
    ]


def test_schedule_ending_before_it_starts_is_an_error():
    obj = service(schedules=[{"byday": "MO", "opens_at": "18:00", "closes_at": "09:00"}])
    result = parse(obj)
    assert [(e.source, e.field) for e in result.errors] == [
        ("$.schedules[0].closes_at", "closes_at")
    ]
    assert result.records[0].sessions == []


# --- tabular CSV ------------------------------------------------------------------------


def write(directory: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        (directory / name).write_bytes(content if isinstance(content, bytes) else content.encode())
    return directory


ORGS = "id,name,description\norg-1,Familienhilfe,x\n"
SERVICES = "id,organization_id,name,description,status\nsvc-1,org-1,Elterncafé,Treff,active\n"


def test_missing_required_table_is_a_clear_error(tmp_path):
    result = parse_hsds_csv(write(tmp_path, {"services.csv": SERVICES}))
    assert [(e.source, e.message) for e in result.errors] == [
        (
            "organizations.csv",
            "Die Tabelle „organizations.csv“ fehlt; sie ist für den Import nötig.",
        )
    ]
    assert result.records == []


def test_csv_with_bom_and_singular_names(tmp_path):
    result = parse_hsds_csv(
        write(tmp_path, {"service.csv": "\ufeff" + SERVICES, "organization.csv": ORGS})
    )
    assert result.errors == []
    assert result.records[0].organisation.name == "Familienhilfe"


def test_csv_reference_errors_name_file_row_and_service(tmp_path):
    files = {
        "services.csv": SERVICES + "svc-2,org-404,Zweites,Treff,active\n",
        "organizations.csv": ORGS,
        "locations.csv": "id,location_type,name,latitude,longitude\nloc-1,physical,Haus,abc,6.7\n",
        "service_at_location.csv": (
            "id,service_id,location_id\nsal-1,svc-1,loc-1\nsal-2,svc-1,loc-9\n"
        ),
    }
    result = parse_hsds_csv(write(tmp_path, files))
    got = {(e.source, e.field, e.record) for e in result.errors}
    assert got == {
        ("services.csv, Zeile 3", "organization_id", "services.csv, Zeile 3"),
        ("service_at_location.csv, Zeile 3", "location_id", "services.csv, Zeile 2"),
        ("locations.csv, Zeile 2", "latitude", "services.csv, Zeile 2"),
    }


def test_latin1_csv_is_reported(tmp_path):
    result = parse_hsds_csv(
        write(tmp_path, {"services.csv": SERVICES.encode("latin-1"), "organizations.csv": ORGS})
    )
    assert any(e.source == "services.csv, Zeile 2" and "UTF-8" in e.message for e in result.errors)


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_zip_with_path_traversal_is_refused():
    result = parse_hsds_csv(
        zip_bytes({"../services.csv": SERVICES.encode(), "organizations.csv": ORGS.encode()})
    )
    assert result.records == []
    assert "unzulässigen Dateipfad" in result.errors[0].message


def test_zip_with_too_many_members_is_refused():
    result = parse_hsds_csv(zip_bytes({f"f{i}.csv": b"x" for i in range(MAX_MEMBERS + 1)}))
    assert result.records == [] and "höchstens" in result.errors[0].message


def test_zip_bomb_is_refused_by_its_uncompressed_size(monkeypatch):
    from praevnav.exchange.hsds_import import files

    monkeypatch.setattr(files, "MAX_TOTAL_BYTES", 1000)
    bomb = zip_bytes({"services.csv": b"a" * 100_000, "organizations.csv": ORGS.encode()})
    assert len(bomb) < 2000
    result = parse_hsds_csv(bomb)
    assert result.records == [] and "größer als" in result.errors[0].message


def test_not_a_zip_is_reported():
    result = parse_hsds_csv(b"PK\x03\x04 kaputt")
    assert [e.message for e in result.errors] == ["Die Datei ist kein lesbares ZIP-Archiv."]


# --- fuzzing ----------------------------------------------------------------------------

FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "name",
                    "status",
                    "description",
                    "latitude",
                    "longitude",
                    "schedules",
                    "byday",
                    "opens_at",
                    "closes_at",
                    "service_at_locations",
                    "location",
                    "languages",
                    "attributes",
                    "taxonomy_term",
                    "organization",
                    "contents",
                    "service",
                    "services",
                    "addresses",
                    "phones",
                    "minimum_age",
                    "cost_options",
                    "amount",
                    "code",
                ]
            ),
            children,
            max_size=6,
        )
    ),
    max_leaves=40,
)


@FUZZ
@given(json_values)
def test_fuzz_random_structures_never_raise(value):
    result = parse_hsds_json(json.dumps(value).encode())
    assert result.records or result.problems


@FUZZ
@given(st.integers(min_value=0, max_value=400))
def test_fuzz_truncated_official_like_json_reports_position(cut):
    data = json.dumps([MINIMAL, service(id="svc-2")]).encode()
    truncated = data[: min(cut, len(data) - 1)]
    result = parse_hsds_json(truncated)
    assert result.records == []
    assert len(result.errors) == 1


@FUZZ
@given(
    st.sampled_from(
        [
            "name",
            "description",
            "minimum_age",
            "schedules",
            "organization",
            "service_at_locations",
            "languages",
            "attributes",
            "phones",
        ]
    ),
    json_values,
)
def test_fuzz_wrong_types_in_known_fields(key, value):
    result = parse([service(**{key: value})])
    assert len(result.records) <= 1
    for problem in result.problems:
        assert problem.source.startswith("$")


@FUZZ
@given(st.text(min_size=1, max_size=200).map(lambda s: s * 2000))
def test_fuzz_huge_strings(text):
    result = parse([service(name=text, description=text)])
    assert len(result.records) == 1
    if len(text.strip()) > 250:
        assert any(e.source == "$[0].name" for e in result.errors)


@FUZZ
@given(st.binary(max_size=400))
def test_fuzz_random_bytes_as_csv_package(data):
    result = parse_hsds_csv(data)
    assert result.records == [] and result.errors


@FUZZ
@given(st.text(max_size=300))
def test_fuzz_random_services_table(text):
    import tempfile

    with tempfile.TemporaryDirectory() as directory:
        result = parse_hsds_csv(
            write(Path(directory), {"services.csv": text, "organizations.csv": ORGS})
        )
    assert all(p.source.startswith(("services.csv", "organizations.csv")) for p in result.problems)
