"""load_areas, derive_union_level, ensure_root_area on small real-looking files."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from factories import square
from geography.geofiles import collection, feature, stadtteil_features
from praevnav.geography.loaders import (
    derive_union_level,
    ensure_root_area,
    load_areas,
)
from praevnav.geography.models import Area

BOWTIE = {  # self-intersecting ring, as in four of Düsseldorf's Sozialräume
    "type": "Polygon",
    "coordinates": [[[6.70, 51.20], [6.71, 51.21], [6.71, 51.20], [6.70, 51.21], [6.70, 51.20]]],
}


def load_stadtteile(tenant, path, **kwargs):
    return load_areas(
        tenant=tenant,
        path=path,
        level="stadtteil",
        code_field="Nummer",
        name_field="Name",
        **kwargs,
    )


@pytest.mark.django_db
def test_load_areas_reads_bom_file_and_stores_geometry_centroid_bbox_and_area(tenant, write_json):
    path = write_json("stadtteile.geojson", collection(stadtteil_features()), bom=True)
    report = load_stadtteile(tenant, path, source="Testquelle")
    assert (report.created, report.updated, report.repaired) == (4, 0, [])
    altstadt = Area.all_tenants.get(tenant=tenant, level="stadtteil", code="011")
    assert altstadt.name == "Altstadt"
    assert altstadt.geometry["type"] == "Polygon"
    assert (altstadt.centroid_lon, altstadt.centroid_lat) == pytest.approx((6.705, 51.205))
    assert altstadt.bbox == pytest.approx((6.70, 51.20, 6.71, 51.21))
    # 0.01° × 0.01° at 51.2° N ≈ 0.697 km × 1.112 km
    assert altstadt.area_km2 == pytest.approx(0.775, rel=0.01)
    assert altstadt.source == "Testquelle"


@pytest.mark.django_db
def test_load_areas_twice_updates_nothing_and_reports_changed_names(tenant, write_json):
    features = stadtteil_features()
    path = write_json("stadtteile.geojson", collection(features))
    load_stadtteile(tenant, path, source="Stadtteile")
    ids = set(Area.all_tenants.values_list("id", flat=True))
    again = load_stadtteile(tenant, path, source="Stadtteile")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    features[0]["properties"]["Name"] = "Altstadt (neu)"
    v2 = write_json("v2.geojson", collection(features))
    changed = load_stadtteile(tenant, v2, source="Stadtteile")
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 3)
    assert set(Area.all_tenants.values_list("id", flat=True)) == ids


@pytest.mark.django_db
def test_self_intersecting_polygon_is_repaired_and_reported(tenant, write_json):
    features = stadtteil_features()[:1] + [feature({"Nummer": "012", "Name": "X"}, BOWTIE)]
    report = load_stadtteile(tenant, write_json("bowtie.geojson", collection(features)))
    assert report.repaired == ["012"]
    repaired = Area.all_tenants.get(code="012")
    assert repaired.geometry["type"] == "MultiPolygon"  # the two triangles
    assert repaired.area_km2 > 0


@pytest.mark.django_db
def test_derive_union_level_creates_bezirke_named_without_leading_zero(tenant, write_json):
    load_stadtteile(tenant, write_json("st.geojson", collection(stadtteil_features())))
    report = derive_union_level(
        tenant=tenant, child_level="stadtteil", parent_level="stadtbezirk", code_length=2
    )
    assert report.created == 2
    bezirk = Area.all_tenants.get(level="stadtbezirk", code="01")
    assert bezirk.name == "Stadtbezirk 1"
    assert sorted(bezirk.children.values_list("code", flat=True)) == ["011", "012"]
    assert bezirk.bbox == pytest.approx((6.70, 51.20, 6.72, 51.21))
    children_km2 = sum(c.area_km2 for c in bezirk.children.all())
    assert bezirk.area_km2 == pytest.approx(children_km2, rel=1e-6)


@pytest.mark.django_db
def test_root_area_unites_top_level_and_becomes_their_parent(tenant, write_json):
    load_stadtteile(tenant, write_json("st.geojson", collection(stadtteil_features())))
    derive_union_level(
        tenant=tenant, child_level="stadtteil", parent_level="stadtbezirk", code_length=2
    )
    ensure_root_area(tenant=tenant, level="kommune", code="05111000", name="Düsseldorf")
    root = Area.all_tenants.get(level="kommune")
    assert set(root.children.values_list("code", flat=True)) == {"01", "02"}
    assert root.bbox == pytest.approx((6.70, 51.20, 6.74, 51.21))


@pytest.mark.django_db
def test_parent_by_prefix_field_and_contains_find_the_same_parents(tenant, write_json):
    load_stadtteile(tenant, write_json("st.geojson", collection(stadtteil_features())))
    small = [
        feature({"ID": "011001", "ST": "011"}, square(6.701, 51.201, 0.002)),
        feature({"ID": "021001", "ST": "021"}, square(6.721, 51.201, 0.002)),
    ]
    path = write_json("soz.geojson", collection(small))
    for rule in ("prefix:3", "field:ST", "contains"):
        load_areas(
            tenant=tenant,
            path=path,
            level="sozialraum",
            code_field="ID",
            name_field=None,
            parent_by=rule,
            parent_level="stadtteil",
        )
        parents = dict(
            Area.all_tenants.filter(level="sozialraum").values_list("code", "parent__code")
        )
        assert parents == {"011001": "011", "021001": "021"}, rule
    # without a name field or names, the name is the level and the code
    assert Area.all_tenants.get(code="011001").name.endswith(" 011001")


@pytest.mark.django_db
def test_load_areas_command_prints_report(tenant, write_json, capsys):
    path = write_json("st.geojson", collection(stadtteil_features()))
    call_command(
        "load_areas",
        str(path),
        tenant=tenant.slug,
        level="stadtteil",
        code_field="Nummer",
        name_field="Name",
    )
    out = capsys.readouterr().out
    assert "stadtteil: 4 created, 0 updated, 0 unchanged" in out
