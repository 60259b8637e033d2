"""load_indicators on small real-looking CSVs: sums, roll-up, joint rows, suppression."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from geography.geofiles import collection, stadtteil_features
from geography.test_broken_input import AGE_HEADER, AGE_ROWS
from praevnav.geography.indicators import load_indicators
from praevnav.geography.indicators_csv import TableMapping, pad, parse_number
from praevnav.geography.loaders import LoadError, derive_union_level, ensure_root_area, load_areas
from praevnav.geography.models import Indicator
from praevnav.geography.selectors import population_by_phase


@pytest.fixture
def areas(tenant, write_json):
    path = write_json("stadtteile.geojson", collection(stadtteil_features()))
    load_areas(tenant=tenant, path=path, level="stadtteil", code_field="Nummer", name_field="Name")
    derive_union_level(
        tenant=tenant, child_level="stadtteil", parent_level="stadtbezirk", code_length=2
    )
    ensure_root_area(tenant=tenant, level="kommune", code="05111000", name="Düsseldorf")
    return tenant


def value(code, key, year):
    return Indicator.all_tenants.get(area__code=code, key=key, year=year).value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,5", 1234.5),
        ("12,5", 12.5),
        ("44.1", 44.1),
        ("-19", -19.0),
        ("X", None),
        ("", None),
        (" 658245 ", 658245.0),
    ],
)
def test_parse_number_reads_german_and_point_decimals_and_suppression(text, expected):
    assert parse_number(text, where="t") == expected


@pytest.mark.django_db
def test_wohnquartiere_sum_to_stadtteil_bezirk_and_city(areas, write_text):
    path = write_text("alter.csv", "\n".join([AGE_HEADER, *AGE_ROWS]))
    report = load_indicators(tenant=areas, path=path, year=2024, mapping="wohnquartiere-alter")
    row1 = [86, 52, 86, 212, 284, 895, 517, 187, 168]
    row3 = [64, 44, 104, 131, 173, 661, 515, 228, 291]
    assert value("011", "population_total_age_bands", 2024) == sum(row1)
    assert value("01", "population_total_age_bands", 2024) == sum(row1) + sum(row3)
    assert value("05111000", "pop_age_0_6", 2024) == 86 + 64 + 7
    assert report.areas == {"stadtteil": 3, "stadtbezirk": 2, "kommune": 1}
    assert "9 of 36 Wohnquartier cells are empty" in report.warnings[0]
    # no Sozialraum areas: that level is skipped and said so
    assert any("no sozialraum areas" in w for w in report.warnings)


@pytest.mark.django_db
def test_life_phase_population_is_stored_and_read_back_per_area(areas, write_text):
    path = write_text("alter.csv", "\n".join([AGE_HEADER, *AGE_ROWS]))
    load_indicators(tenant=areas, path=path, year=2024, mapping="wohnquartiere-alter")
    phases = population_by_phase(tenant=areas, level="stadtteil")  # latest year: 2024
    altstadt = phases[Indicator.all_tenants.get(area__code="011", key="pop_age_0_6").area_id]
    assert altstadt["0-3"] == pytest.approx(43)
    assert altstadt["schwangerschaft"] == pytest.approx(86 / 6, abs=1e-3)
    non_pregnancy = sum(v for k, v in altstadt.items() if k != "schwangerschaft")
    assert non_pregnancy == pytest.approx(86 + 52 + 86 + 212 + 284 + 895 + 517 + 187 + 168)


@pytest.mark.django_db
def test_reloading_updates_changed_values_only(areas, write_text):
    path = write_text("alter.csv", "\n".join([AGE_HEADER, *AGE_ROWS]))
    first = load_indicators(tenant=areas, path=path, year=2024, mapping="wohnquartiere-alter")
    again = load_indicators(tenant=areas, path=path, year=2024, mapping="wohnquartiere-alter")
    assert first.created > 0
    assert (again.created, again.updated, again.unchanged) == (0, 0, first.created)


SERIES = """Stadtteilnummer;Stadtteilname;Jahr_2023;_Jahr_2024
11;Altstadt;2505;2487
012/021;Carlstadt/Flingern;2000;2100
22;Flingern Nord;X;26386
"""


@pytest.mark.django_db
def test_joint_row_is_stored_on_neither_area_but_counted_where_both_belong(areas, write_text):
    path = write_text("stadtteile.csv", SERIES)
    report = load_indicators(tenant=areas, path=path, mapping="stadtteile-bevoelkerung")
    assert report.years == [2023, 2024]  # stray "_Jahr_2024" read as Jahr_2024
    assert not Indicator.all_tenants.filter(area__code__in=["012", "021"]).exists()
    # 012 is in Bezirk 01, 021 in Bezirk 02: only the city contains both
    assert value("01", "population_total", 2024) == 2487
    assert value("05111000", "population_total", 2024) == 2487 + 2100 + 26386
    knittkuhl_like = Indicator.all_tenants.get(area__code="022", year=2023)
    assert (knittkuhl_like.value, knittkuhl_like.suppressed) == (None, True)
    assert any("012/021 (Carlstadt/Flingern) is one value for 2 areas" in n for n in report.notes)


@pytest.mark.django_db
def test_year_option_picks_one_column_and_names_a_missing_one(areas, write_text):
    path = write_text("stadtteile.csv", SERIES)
    report = load_indicators(tenant=areas, path=path, year=2024, mapping="stadtteile-bevoelkerung")
    assert report.years == [2024]
    with pytest.raises(LoadError, match="column 'Jahr_2019' is missing"):
        load_indicators(tenant=areas, path=path, year=2019, mapping="stadtteile-bevoelkerung")


@pytest.mark.django_db
def test_generic_table_mapping_with_decimal_commas_and_ratio_rollup(areas, write_text):
    mapping = TableMapping(
        name="test-sgb2",
        description="SGB II",
        level="stadtteil",
        code_column="Nr",
        code_transform=pad(3),
        columns={"Personen": "sgb2_persons", "Quote": "sgb2_rate"},
        rollup_from="stadtteil",
    )
    path = write_text("sgb2.csv", "Nr;Personen;Quote\n11;100;10,0\n12;300;20,0\n21;X;X\n")
    load_indicators(tenant=areas, path=path, year=2021, mapping=mapping)
    assert value("012", "sgb2_rate", 2021) == 20.0
    # denominators 1,000 and 1,500: 400 / 2,500 = 16 %, not the mean of 10 and 20
    assert value("01", "sgb2_rate", 2021) == pytest.approx(16.0)
    # Bezirk 02 has no published child value: no aggregate rather than a made-up 0
    assert not Indicator.all_tenants.filter(area__code="02").exists()


@pytest.mark.django_db
def test_load_indicators_command_prints_report_and_consistency(areas, write_text, capsys):
    write_text("alter.csv", "\n".join([AGE_HEADER, *AGE_ROWS]))
    series = write_text(
        "st.csv",
        "Stadtteilnummer;Stadtteilname;Jahr_2024\n11;A;1700\n12;B;1800\n21;C;200\n22;D;10\n",
    )
    call_command(
        "load_indicators", str(series), tenant=areas.slug, mapping="stadtteile-bevoelkerung"
    )
    call_command(
        "load_indicators",
        str(series.parent / "alter.csv"),
        tenant=areas.slug,
        year=2024,
        mapping="wohnquartiere-alter",
    )
    out = capsys.readouterr().out
    assert "wohnquartiere-alter (alter.csv), year(s) 2024:" in out
    # 2,487 + 2,211 + 224 = 4,922 in age bands against 3,710 "official" (made-up figures)
    assert (
        "consistency: 2024 Düsseldorf: age bands per Wohnquartier sum to 4,922, "
        "official Stadtteil total 3,710: difference -1,212" in out
    )
    assert "011 Altstadt -787" in out
