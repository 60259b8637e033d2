"""Reading the real integration-counselling offers of Düsseldorf."""

from __future__ import annotations

import pytest
from django.conf import settings

from praevnav.catalogue.demo.real_offers import (
    RELATIVE_PATH,
    RealOffersError,
    read_integration_offers,
)

HEADER = (
    "LATITUDE;LONGITUDE;ART;NAME;EINRICHTUNG;STRASSE;HAUSNUMMER;PLZ;STADT;STADTTEIL;TELEFON;URL;"
    "STADTBEZIRK;STADTTEILNR;OSTWERT;NORDWERT"
)
GOOD = (
    "51.24121751;6.7824794;Welcome Point;Diakonie Düsseldorf;;Münsterstraße;6;40477;Düsseldorf;"
    "Pempelfort;0211 000000;https://example.org;01;014;32345214;5678986"
)


def _write(tmp_path, *lines: str):
    path = tmp_path / "integrationsberatung.csv"
    path.write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.realdata
def test_real_integration_csv_gives_36_published_counselling_offers():
    result = read_integration_offers(settings.DATA_DIR / RELATIVE_PATH)
    assert len(result.offers) == 36
    assert len({o.key for o in result.offers}) == 36
    assert result.offers[0].key == "duesseldorf-integrationsberatung-1"
    assert {o.status for o in result.offers} == {"published"}
    assert all(o.topics[0] == "migrationsberatung" for o in result.offers)
    assert all(
        o.dimensions == ["teilhabe"] and o.target_groups == ["zugewanderte"] for o in result.offers
    )
    assert all(o.age_min_months is not None and o.age_min_months >= 12 * 12 for o in result.offers)
    assert sum(1 for o in result.offers if o.title.startswith("Welcome Point")) == 17
    assert "Caritasverband Düsseldorf e.V." in {org.name for org in result.organisations}
    assert all(51.1 < loc.latitude < 51.4 and 6.6 < loc.longitude < 7.0 for loc in result.locations)
    # One location per provider and address: repeated rows share it.
    assert len(result.locations) < 36


def test_row_with_unreadable_latitude_is_reported_with_its_line(tmp_path):
    broken = GOOD.replace("51.24121751", "einundfünfzig")
    path = _write(tmp_path, HEADER, GOOD, broken)
    with pytest.raises(RealOffersError, match=r"line 3: LATITUDE “einundfünfzig” is not a number"):
        read_integration_offers(path)


def test_row_with_missing_fields_is_reported_with_its_line(tmp_path):
    path = _write(tmp_path, HEADER, GOOD, GOOD, ";".join(GOOD.split(";")[:10]))
    with pytest.raises(RealOffersError, match=r"line 4: 10 fields instead of 16"):
        read_integration_offers(path)


def test_row_with_coordinates_outside_duesseldorf_is_reported(tmp_path):
    path = _write(tmp_path, HEADER, GOOD.replace("6.7824794", "13.4"))
    with pytest.raises(RealOffersError, match=r"line 2: LONGITUDE 13.4 lies outside Düsseldorf"):
        read_integration_offers(path)


def test_file_without_name_column_is_reported_with_the_column(tmp_path):
    path = _write(tmp_path, HEADER.replace(";NAME;", ";TRAEGER;"), GOOD)
    with pytest.raises(RealOffersError, match=r"line 1: missing columns NAME"):
        read_integration_offers(path)


def test_decimal_comma_coordinates_are_accepted(tmp_path):
    path = _write(tmp_path, HEADER, GOOD.replace("51.24121751", "51,24121751"))
    result = read_integration_offers(path)
    assert result.locations[0].latitude == pytest.approx(51.24121751)
