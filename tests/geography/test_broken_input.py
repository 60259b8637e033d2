"""Bad input files stop the load with file, line or feature and reason — and write nothing."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from factories import square
from geography.geofiles import collection, feature, stadtteil_features
from praevnav.geography.indicators import load_indicators
from praevnav.geography.loaders import LoadError, derive_union_level, load_areas

AGE_HEADER = (
    "wohnquartier;unter_6_Jahren;6_bis_unter_10_jahre;10_bis_unter_18_jahre;"
    "18_bis_unter_25_jahre;25_bis_unter_30_jahre;30_bis_unter_50_jahre;"
    "50_bis_unter_65_jahre;65_bis unter_75_jahre;75_jahre_und_aelter"
)
AGE_ROWS = [
    "011001001;86;52;86;212;284;895;517;187;168",
    "011001002;;;;;;;;;",
    "012001001;64;44;104;131;173;661;515;228;291",
    "021001001;7;3;9;27;37;69;40;19;13",
]


@pytest.fixture
def loaded(tenant, write_json, write_text, db_counts):
    """Four Stadtteile, two Bezirke and one year of age bands already in the database."""
    path = write_json("stadtteile.geojson", collection(stadtteil_features()))
    load_areas(tenant=tenant, path=path, level="stadtteil", code_field="Nummer", name_field="Name")
    derive_union_level(
        tenant=tenant, child_level="stadtteil", parent_level="stadtbezirk", code_length=2
    )
    csv_path = write_text("alter_2024.csv", "\n".join([AGE_HEADER, *AGE_ROWS]) + "\n")
    load_indicators(tenant=tenant, path=csv_path, year=2024, mapping="wohnquartiere-alter")
    return db_counts()


def load_stadtteile(tenant, path, **kwargs):
    return load_areas(
        tenant=tenant,
        path=path,
        level="stadtteil",
        code_field="Nummer",
        name_field="Name",
        **kwargs,
    )


def assert_refused(call, *fragments, before, db_counts):
    with pytest.raises(LoadError) as info:
        call()
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, message
    assert db_counts() == before, "a refused load changed the database"
    return message


# --- GeoJSON ------------------------------------------------------------------------


@pytest.mark.django_db
def test_truncated_json_names_file_line_and_column(tenant, loaded, write_text, db_counts):
    text = json.dumps(collection(stadtteil_features()), indent=1)
    path = write_text("truncated.geojson", text[: len(text) // 2], bom=False)
    assert_refused(
        lambda: load_stadtteile(tenant, path),
        "truncated.geojson",
        "malformed JSON at line",
        "column",
        before=loaded,
        db_counts=db_counts,
    )


@pytest.mark.django_db
def test_missing_code_property_names_feature(tenant, loaded, write_json, db_counts):
    features = stadtteil_features()
    features.append(feature({"Name": "Ohne Nummer"}, square(6.8, 51.2)))
    path = write_json("ohne_nummer.geojson", collection(features))
    assert_refused(
        lambda: load_stadtteile(tenant, path),
        "ohne_nummer.geojson",
        "feature 4",
        "property 'Nummer' is missing",
        before=loaded,
        db_counts=db_counts,
    )


@pytest.mark.django_db
def test_point_geometry_is_refused(tenant, loaded, write_json, db_counts):
    features = stadtteil_features()
    features[2]["geometry"] = {"type": "Point", "coordinates": [6.75, 51.2]}
    path = write_json("punkt.geojson", collection(features))
    assert_refused(
        lambda: load_stadtteile(tenant, path),
        "punkt.geojson",
        "feature 2 (code 021)",
        "Point is not a Polygon",
        before=loaded,
        db_counts=db_counts,
    )


@pytest.mark.django_db
def test_duplicate_code_names_both_features(tenant, loaded, write_json, db_counts):
    features = stadtteil_features()
    features[3]["properties"]["Nummer"] = "011"
    path = write_json("doppelt.geojson", collection(features))
    assert_refused(
        lambda: load_stadtteile(tenant, path),
        "doppelt.geojson",
        "feature 3 (code 011)",
        "duplicate code",
        "feature 0",
        before=loaded,
        db_counts=db_counts,
    )


@pytest.mark.django_db
def test_unknown_parent_code_is_refused(tenant, loaded, write_json, db_counts):
    sozialraeume = [
        feature({"SOZIALRAUM_ID": "011001"}, square(6.701, 51.201, 0.002)),
        feature({"SOZIALRAUM_ID": "099001"}, square(6.721, 51.201, 0.002)),
    ]
    path = write_json("sozialraeume.geojson", collection(sozialraeume))
    assert_refused(
        lambda: load_areas(
            tenant=tenant,
            path=path,
            level="sozialraum",
            code_field="SOZIALRAUM_ID",
            name_field=None,
            parent_by="prefix:3",
            parent_level="stadtteil",
        ),
        "sozialraeume.geojson",
        "feature 1 (code 099001)",
        "unknown parent code '099'",
        before=loaded,
        db_counts=db_counts,
    )


@pytest.mark.django_db
def test_projected_coordinates_are_refused(tenant, loaded, write_json, db_counts):
    features = stadtteil_features()
    features[1]["geometry"] = square(343_000.0, 5_675_000.0, 500.0)  # UTM 32N metres
    data = collection(features)
    del data["crs"]
    path = write_json("utm.geojson", data)
    assert_refused(
        lambda: load_stadtteile(tenant, path),
        "utm.geojson",
        "feature 1 (code 012)",
        "not WGS84 lon/lat",
        before=loaded,
        db_counts=db_counts,
    )


@pytest.mark.django_db
def test_polygon_without_area_cannot_be_repaired(tenant, loaded, write_json, db_counts):
    features = stadtteil_features()
    features[0]["geometry"] = {  # a ring collapsed onto a line
        "type": "Polygon",
        "coordinates": [[[6.7, 51.2], [6.71, 51.21], [6.72, 51.22], [6.7, 51.2]]],
    }
    path = write_json("linie.geojson", collection(features))
    assert_refused(
        lambda: load_stadtteile(tenant, path),
        "linie.geojson",
        "feature 0 (code 011)",
        "make_valid leaves no polygon",
        before=loaded,
        db_counts=db_counts,
    )


@pytest.mark.django_db
def test_load_areas_command_turns_load_error_into_command_error(tenant, loaded, write_text):
    path = write_text("kaputt.geojson", '{"type": "FeatureCollection", "features": [', bom=False)
    with pytest.raises(CommandError, match=r"kaputt\.geojson: malformed JSON at line 1"):
        call_command(
            "load_areas",
            str(path),
            tenant=tenant.slug,
            level="stadtteil",
            code_field="Nummer",
            name_field="Name",
        )


# --- CSV ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_csv_missing_column_is_named(tenant, loaded, write_text, db_counts):
    header = AGE_HEADER.replace(";75_jahre_und_aelter", "")
    rows = [r.rsplit(";", 1)[0] for r in AGE_ROWS]
    path = write_text("ohne_75.csv", "\n".join([header, *rows]))
    assert_refused(
        lambda: load_indicators(tenant=tenant, path=path, year=2024, mapping="wohnquartiere-alter"),
        "ohne_75.csv",
        "line 1",
        "column '75_jahre_und_aelter' is missing",
        before=loaded,
        db_counts=db_counts,
    )


@pytest.mark.django_db
def test_csv_unknown_area_code_names_line_and_code(tenant, loaded, write_text, db_counts):
    rows = [*AGE_ROWS, "099001001;1;2;3;4;5;6;7;8;9"]
    path = write_text("unbekannt.csv", "\n".join([AGE_HEADER, *rows]))
    assert_refused(
        lambda: load_indicators(tenant=tenant, path=path, year=2024, mapping="wohnquartiere-alter"),
        "unbekannt.csv",
        "line 6",
        "unknown stadtteil code 099",
        before=loaded,
        db_counts=db_counts,
    )


@pytest.mark.django_db
def test_csv_with_wrong_separator_is_refused(tenant, loaded, write_text, db_counts):
    text = "\n".join([AGE_HEADER, *AGE_ROWS]).replace(";", ",")
    path = write_text("komma.csv", text)
    assert_refused(
        lambda: load_indicators(tenant=tenant, path=path, year=2024, mapping="wohnquartiere-alter"),
        "komma.csv",
        "line 1",
        "separator ','",
        before=loaded,
        db_counts=db_counts,
    )


@pytest.mark.django_db
def test_csv_text_in_number_column_names_line_and_column(tenant, loaded, write_text, db_counts):
    rows = [*AGE_ROWS[:2], AGE_ROWS[2].replace(";661;", ";sechshundert;"), AGE_ROWS[3]]
    path = write_text("text.csv", "\n".join([AGE_HEADER, *rows]))
    assert_refused(
        lambda: load_indicators(tenant=tenant, path=path, year=2024, mapping="wohnquartiere-alter"),
        "text.csv",
        "line 4",
        "30_bis_unter_50_jahre",
        "'sechshundert' is not a number",
        before=loaded,
        db_counts=db_counts,
    )


@pytest.mark.django_db
def test_csv_short_row_names_line(tenant, loaded, write_text, db_counts):
    rows = [*AGE_ROWS[:3], "021001001;7;3;9"]
    path = write_text("kurz.csv", "\n".join([AGE_HEADER, *rows]))
    assert_refused(
        lambda: load_indicators(tenant=tenant, path=path, year=2024, mapping="wohnquartiere-alter"),
        "kurz.csv",
        "line 5",
        "4 fields where the header has 10",
        before=loaded,
        db_counts=db_counts,
    )


@pytest.mark.django_db
def test_load_indicators_command_reports_error_as_command_error(tenant, loaded, write_text):
    path = write_text("leer.csv", "", bom=False)
    with pytest.raises(CommandError, match=r"leer\.csv: the file is empty"):
        call_command(
            "load_indicators",
            str(path),
            tenant=tenant.slug,
            year=2024,
            mapping="wohnquartiere-alter",
        )
