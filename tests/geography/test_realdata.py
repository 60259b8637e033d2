"""The real Düsseldorf and Kreis Düren files from PRAEVNAV_DATA_DIR, loaded once per module."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.db.models import Sum

from factories import TenantFactory
from praevnav.core.models import TenantKind
from praevnav.geography.demo_geodata import load_duesseldorf_geodata, load_kreis_dueren_geodata
from praevnav.geography.indicators import population_consistency
from praevnav.geography.models import Area, Indicator
from praevnav.geography.selectors import area_tree, areas_at_level, population_by_phase

pytestmark = [pytest.mark.realdata, pytest.mark.django_db]

UNTERBILK_HAFEN_2024 = 19_709  # the joint row "032/033"


@pytest.fixture(scope="module")
def dus(django_db_setup, django_db_blocker, data_dir):
    """Düsseldorf loaded once; rolled back after the module's tests."""
    with django_db_blocker.unblock(), transaction.atomic():
        tenant = TenantFactory(slug="duesseldorf", name="Landeshauptstadt Düsseldorf")
        reports = load_duesseldorf_geodata(tenant=tenant, data_dir=data_dir)
        yield tenant, reports
        transaction.set_rollback(True)


def indicator(tenant, code, key, year, level=None):
    qs = Indicator.all_tenants.filter(tenant=tenant, area__code=code, key=key, year=year)
    if level:
        qs = qs.filter(area__level=level)
    return qs.get().value


def test_duesseldorf_has_50_stadtteile_10_bezirke_171_sozialraeume_under_one_kommune(dus):
    tenant, _reports = dus
    counts = {
        lv: areas_at_level(tenant=tenant, level=lv).count()
        for lv in ("kommune", "stadtbezirk", "stadtteil", "sozialraum")
    }
    assert counts == {"kommune": 1, "stadtbezirk": 10, "stadtteil": 50, "sozialraum": 171}
    (root,) = area_tree(tenant=tenant)
    assert (root.area.code, root.area.name) == ("05111000", "Düsseldorf")
    assert sorted(n.area.name for n in root.children)[:2] == ["Stadtbezirk 1", "Stadtbezirk 10"]
    assert sum(len(b.children) for b in root.children) == 50
    for stadtteil in Area.all_tenants.filter(tenant=tenant, level="stadtteil"):
        assert stadtteil.parent.code == stadtteil.code[:2]
    for sozialraum in Area.all_tenants.filter(tenant=tenant, level="sozialraum"):
        assert sozialraum.parent.code == sozialraum.code[:3]


def test_city_area_is_about_217_km2_and_equals_the_sum_of_its_bezirke(dus):
    tenant, _r = dus
    root = Area.all_tenants.get(tenant=tenant, level="kommune")
    bezirke = Area.all_tenants.filter(tenant=tenant, level="stadtbezirk")
    assert 216 < root.area_km2 < 219  # official: 217.4 km²
    assert root.area_km2 == pytest.approx(sum(b.area_km2 for b in bezirke), rel=1e-3)


def test_four_self_intersecting_sozialraeume_are_repaired_and_named_with_atlas_names(dus):
    tenant, reports = dus
    assert reports["sozialraeume"].repaired == ["013002", "064002", "081004", "082003"]
    assert Area.all_tenants.get(tenant=tenant, code="071009").name == "Glasmacherviertel"
    assert not Area.all_tenants.filter(
        tenant=tenant, level="sozialraum", name__startswith="Sozialraum "
    ).exists()


def test_stadtteil_population_2024_sums_to_658245_with_the_joint_unterbilk_hafen_row(dus):
    tenant, reports = dus
    stadtteile = Indicator.all_tenants.filter(
        tenant=tenant, key="population_total", year=2024, area__level="stadtteil"
    )
    assert stadtteile.count() == 48  # 032 and 033 only exist jointly
    assert stadtteile.aggregate(s=Sum("value"))["s"] + UNTERBILK_HAFEN_2024 == 658_245
    assert indicator(tenant, "05111000", "population_total", 2024) == 658_245
    assert indicator(tenant, "03", "population_total", 2024) == 123_572  # official Bezirk 3
    assert any("032/033 (Unterbilk/Hafen)" in n for n in reports["bevoelkerung_stadtteile"].notes)


def test_age_bands_sum_to_658130_and_the_difference_of_115_is_reported(dus):
    tenant, _r = dus
    assert indicator(tenant, "05111000", "population_total_age_bands", 2024) == 658_130
    report = population_consistency(tenant=tenant, year=2024)
    city = [d for d in report.differences if d.level == "kommune"][0]
    assert (city.official, city.compared, city.difference) == (658_245, 658_130, 115)
    assert (
        "age bands per Wohnquartier sum to 658,130, official Stadtteil total 658,245: "
        "difference 115 from suppressed small cells" in report.messages[0]
    )


def test_life_phases_of_each_stadtteil_add_up_to_its_age_bands(dus):
    tenant, _r = dus
    phases = population_by_phase(tenant=tenant, level="stadtteil")  # newest year: 2024
    bands = dict(
        Indicator.all_tenants.filter(
            tenant=tenant, key="population_total_age_bands", year=2024, area__level="stadtteil"
        ).values_list("area_id", "value")
    )
    assert len(phases) == 50
    for area_id, by_phase in phases.items():
        chain = sum(v for code, v in by_phase.items() if code != "schwangerschaft")
        assert chain == pytest.approx(bands[area_id], abs=0.01)


def test_quartiersatlas_2021_sums_to_the_official_2021_total_after_oberrath_repair(dus):
    tenant, reports = dus
    assert indicator(tenant, "063007", "population_total", 2021) == 2036
    assert any("063007" in w and "2036643" in w for w in reports["quartiersatlas_2021"].warnings)
    soz = Indicator.all_tenants.filter(
        tenant=tenant, key="population_total", year=2021, area__level="sozialraum"
    )
    assert soz.aggregate(s=Sum("value"))["s"] == 643_753
    assert indicator(tenant, "05111000", "population_total", 2021) == 643_753
    # SGB-II rate of a Stadtteil rolled up from counts, between its Sozialräume's rates
    rates = Indicator.all_tenants.filter(
        tenant=tenant, key="sgb2_rate", year=2021, area__parent__code="013"
    ).values_list("value", flat=True)
    assert min(rates) <= indicator(tenant, "013", "sgb2_rate", 2021) <= max(rates)


def test_migration_shares_per_stadtteil_2020_to_2024(dus):
    tenant, _r = dus
    years = set(
        Indicator.all_tenants.filter(
            tenant=tenant, key="migration_background_rate", area__level="stadtteil"
        ).values_list("year", flat=True)
    )
    assert years == {2020, 2021, 2022, 2023, 2024}
    assert indicator(tenant, "033", "migration_background_rate", 2024) == pytest.approx(
        100 * 247 / 398, abs=1e-3
    )


def test_second_load_changes_nothing(dus, data_dir):
    tenant, _r = dus
    again = load_duesseldorf_geodata(tenant=tenant, data_dir=data_dir)
    for name, report in again.items():
        if name == "consistency":
            continue
        assert (report.created, report.updated) == (0, 0), name


def test_kreis_dueren_has_15_gemeinden_and_their_2011_population(data_dir):
    tenant = TenantFactory(slug="kreis-dueren", name="Kreis Düren", kind=TenantKind.KREIS)
    load_kreis_dueren_geodata(tenant=tenant, data_dir=data_dir)
    kreis = Area.all_tenants.get(tenant=tenant, level="kreis")
    assert (kreis.code, kreis.children.count()) == ("05358", 15)
    assert 935 < kreis.area_km2 < 945  # official: 941.5 km²
    assert indicator(tenant, "05358", "population_total", 2011) == 258_524
    assert indicator(tenant, "05358008", "population_total", 2011) == 88_567  # Stadt Düren


def test_sozialraum_names_have_no_pdf_glyph_artefacts(settings):
    from praevnav.geography.demo_geodata import sozialraum_names

    names = sozialraum_names(
        settings.DATA_DIR / "duesseldorf" / "statistik" / "quartiersatlas_2024_sozialraeume.csv"
    )
    assert len(names) >= 170
    assert not [n for n in names.values() if "(cid:" in n]
    assert any(n.startswith("Gewerbeflächen") for n in names.values())
