"""AreaIndex: point-in-polygon, one area per level, deterministic on borders."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factories import square
from praevnav.geography.spatial import AreaIndex, AreaShape

# A 2 × 1 grid of Stadtteile (codes 011, 021) in two Stadtbezirke (01, 02):
#   lon 6.70–6.71 | 6.71–6.72 , lat 51.20–51.21
BEZIRK_1 = AreaShape(1, "stadtbezirk", square(6.70, 51.20), None, "01")
BEZIRK_2 = AreaShape(2, "stadtbezirk", square(6.71, 51.20), None, "02")
TEIL_11 = AreaShape(11, "stadtteil", square(6.70, 51.20), 1, "011")
TEIL_21 = AreaShape(21, "stadtteil", square(6.71, 51.20), 2, "021")
GRID = [BEZIRK_1, BEZIRK_2, TEIL_11, TEIL_21]


def test_point_inside_nested_areas_gets_both_levels():
    index = AreaIndex(GRID)
    assert index.areas_containing(6.705, 51.205) == [1, 11]
    assert index.areas_containing(6.715, 51.205) == [2, 21]


def test_point_outside_all_areas_gets_none():
    index = AreaIndex(GRID)
    assert index.areas_containing(7.5, 50.0) == []


def test_empty_index_answers_nothing():
    index = AreaIndex([])
    assert len(index) == 0
    assert index.areas_containing(6.7, 51.2) == []
    assert index.bulk_areas_containing([6.7, 6.8], [51.2, 51.3]) == [[], []]


def test_areas_without_geometry_are_ignored():
    index = AreaIndex([AreaShape(5, "stadtteil", None), TEIL_11])
    assert len(index) == 1


def test_point_on_shared_border_goes_to_exactly_one_area_per_level():
    index = AreaIndex(GRID)
    # lon 6.71 is the border between both Bezirke and both Stadtteile.
    assert index.areas_containing(6.71, 51.205) == [1, 11]


def test_border_choice_does_not_depend_on_load_order():
    expected = AreaIndex(GRID).areas_containing(6.71, 51.205)
    for seed in range(5):
        shuffled = GRID[:]
        random.Random(seed).shuffle(shuffled)
        assert AreaIndex(shuffled).areas_containing(6.71, 51.205) == expected


def test_border_choice_keeps_the_hierarchy_consistent():
    # Codes that do not sort alike on both levels: the Stadtteil follows its
    # Bezirk, not its own code order.
    bezirk_a = AreaShape(1, "stadtbezirk", square(6.70, 51.20), None, "A")
    bezirk_b = AreaShape(2, "stadtbezirk", square(6.71, 51.20), None, "B")
    teil_in_a = AreaShape(11, "stadtteil", square(6.70, 51.20), 1, "Z")
    teil_in_b = AreaShape(21, "stadtteil", square(6.71, 51.20), 2, "A")
    index = AreaIndex([bezirk_a, bezirk_b, teil_in_a, teil_in_b])
    assert index.areas_containing(6.71, 51.205) == [1, 11]


def test_vertex_where_four_areas_meet_goes_to_one():
    teile = [
        AreaShape(i, "stadtteil", square(lon, lat), None, f"{i:03d}")
        for i, (lon, lat) in enumerate(
            [(6.70, 51.20), (6.71, 51.20), (6.70, 51.21), (6.71, 51.21)], start=1
        )
    ]
    assert AreaIndex(teile).areas_containing(6.71, 51.21) == [1]


def test_interior_beats_boundary_on_the_same_level():
    # Overlapping areas of one level (bad data): the one whose interior holds the
    # point wins over the one it only touches.
    outer = AreaShape(1, "sozialraum", square(6.70, 51.20, 0.02), None, "9")
    touching = AreaShape(2, "sozialraum", square(6.71, 51.20), None, "1")
    assert AreaIndex([outer, touching]).areas_containing(6.71, 51.205) == [1]


def test_outer_border_of_the_tenant_counts_as_inside():
    assert AreaIndex(GRID).areas_containing(6.70, 51.205) == [1, 11]


def test_polygon_with_hole_and_multipolygon():
    donut = {
        "type": "Polygon",
        "coordinates": [
            [[6.70, 51.20], [6.73, 51.20], [6.73, 51.23], [6.70, 51.23], [6.70, 51.20]],
            [[6.71, 51.21], [6.72, 51.21], [6.72, 51.22], [6.71, 51.22], [6.71, 51.21]],
        ],
    }
    multi = {
        "type": "MultiPolygon",
        "coordinates": [square(6.80, 51.20)["coordinates"], square(6.90, 51.20)["coordinates"]],
    }
    index = AreaIndex(
        [AreaShape(1, "stadtteil", donut, None, "1"), AreaShape(2, "stadtbezirk", multi, None, "2")]
    )
    assert index.areas_containing(6.715, 51.215) == []  # in the hole
    assert index.areas_containing(6.705, 51.205) == [1]
    assert index.areas_containing(6.905, 51.205) == [2]


coordinate = st.floats(min_value=6.695, max_value=6.725, allow_nan=False)
latitude = st.floats(min_value=51.195, max_value=51.215, allow_nan=False)
border_lon = st.sampled_from([6.70, 6.71, 6.72])
border_lat = st.sampled_from([51.20, 51.21])


@settings(max_examples=200, deadline=None)
@given(
    points=st.lists(
        st.tuples(st.one_of(coordinate, border_lon), st.one_of(latitude, border_lat)),
        max_size=30,
    )
)
def test_bulk_equals_single_and_one_area_per_level(points):
    index = AreaIndex(GRID)
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    bulk = index.bulk_areas_containing(lons, lats)
    levels = {s.area_id: s.level for s in GRID}
    parents = {s.area_id: s.parent_id for s in GRID}
    for (lon, lat), ids in zip(points, bulk, strict=True):
        assert ids == index.areas_containing(lon, lat)
        assert len({levels[i] for i in ids}) == len(ids)
        # The chosen Stadtteil lies in the chosen Bezirk.
        for i in ids:
            if parents[i] is not None:
                assert parents[i] in ids


@pytest.mark.parametrize("lon,lat", [(6.705, 51.205), (6.71, 51.205), (6.72, 51.21)])
def test_single_point_is_a_bulk_of_one(lon, lat):
    index = AreaIndex(GRID)
    assert index.bulk_areas_containing([lon], [lat]) == [index.areas_containing(lon, lat)]
