"""Population grid and area aggregation for the accessibility calculation."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString, Point, Polygon, box

from praevnav.planning.grid import (
    aggregate_mean,
    area_centroids,
    population_centroids,
    population_grid,
)


def test_square_kilometre_gets_100_cells_of_equal_share_at_cell_centres():
    xy, pop, index = population_grid([(box(0, 0, 1000, 1000), 2500.0)])
    assert len(xy) == 100
    assert set(np.unique(xy[:, 0])) == {50.0 + 100 * k for k in range(10)}
    assert set(np.unique(xy[:, 1])) == {50.0 + 100 * k for k in range(10)}
    np.testing.assert_allclose(pop, 25.0)
    assert (index == 0).all()


def test_neighbouring_areas_share_no_cell_and_keep_their_populations():
    areas = [(box(0, 0, 500, 300), 150.0), (box(500, 0, 1000, 300), 30.0)]
    xy, pop, index = population_grid(areas)
    assert len({tuple(p) for p in xy}) == len(xy) == 30
    assert (xy[index == 0, 0] < 500).all() and (xy[index == 1, 0] > 500).all()
    assert pop[index == 0].sum() == 150.0 and pop[index == 1].sum() == 30.0


def test_total_is_preserved_for_shares_that_do_not_divide_evenly():
    xy, pop, _ = population_grid([(box(0, 0, 300, 100), 7.0), (box(0, 200, 700, 300), 1.0)])
    assert len(xy) == 10
    assert math.fsum(pop[:3]) == 7.0
    assert math.fsum(pop[3:]) == 1.0


def test_area_smaller_than_a_cell_gets_one_cell_at_a_point_inside_it():
    tiny = box(10, 10, 40, 40)  # contains no cell centre (the nearest is at 50, 50)
    xy, pop, index = population_grid([(tiny, 12.0), (box(0, 100, 200, 200), 4.0)])
    assert pop[index == 0].tolist() == [12.0]
    assert tiny.contains(Point(xy[index == 0][0]))


def test_grid_is_aligned_to_the_cell_size_not_to_each_area():
    xy, _pop, _ = population_grid([(box(130, 260, 530, 660), 1.0)], cell_m=200)
    assert set(np.unique(xy[:, 0])) == {300.0, 500.0}
    assert set(np.unique(xy[:, 1])) == {300.0, 500.0}


def test_areas_without_population_produce_no_cells():
    xy, pop, index = population_grid([(box(0, 0, 200, 200), 0.0), (box(0, 300, 200, 500), 8.0)])
    assert len(xy) == 4 and (index == 1).all() and pop.sum() == 8.0


def test_self_intersecting_polygon_is_repaired_before_gridding():
    bowtie = Polygon([(0, 0), (1000, 1000), (1000, 0), (0, 1000)])
    xy, pop, _ = population_grid([(bowtie, 100.0)])
    assert len(xy) > 0 and math.fsum(pop) == 100.0


def test_empty_input_gives_empty_arrays():
    xy, pop, index = population_grid([])
    assert xy.shape == (0, 2) and pop.shape == (0,) and index.shape == (0,)


@pytest.mark.parametrize(
    ("areas", "kwargs", "message"),
    [
        ([(box(0, 0, 1, 1), -1.0)], {}, "area 0: the population must be 0 or more"),
        ([(box(0, 0, 1, 1), math.nan)], {}, "area 0: the population must be 0 or more"),
        ([(box(0, 0, 1, 1), "viele")], {}, "area 0: the population 'viele' is not a number"),
        ([(box(0, 0, 1, 1), 1), (Point(0, 0), 1)], {}, "area 1: the geometry is not a polygon"),
        ([(Polygon(), 1)], {}, "area 0: the geometry is missing or empty"),
        ([(LineString([(0, 0), (1, 1)]), 1)], {}, "not a polygon"),
        ([box(0, 0, 1, 1)], {}, r"area 0: expected \(geometry, population\)"),
        ([(box(0, 0, 1, 1), 1)], {"cell_m": 0}, "cell_m must be a finite number"),
        ([(box(0, 0, 1, 1), 1)], {"cell_m": "100m"}, "cell_m must be a number"),
    ],
)
def test_bad_areas_raise_a_clear_value_error(areas, kwargs, message):
    with pytest.raises(ValueError, match=message):
        population_grid(areas, **kwargs)


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 3000),
            st.integers(0, 3000),
            st.integers(1, 900),
            st.integers(1, 900),
            st.floats(0, 1e6, allow_nan=False),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_grid_total_equals_input_total(rects):
    areas = [(box(x, y, x + w, y + h), p) for x, y, w, h, p in rects]
    _xy, pop, index = population_grid(areas)
    for number, (_geometry, population) in enumerate(areas):
        assert math.fsum(pop[index == number]) == pytest.approx(population, rel=1e-12, abs=0)
    assert (pop >= 0).all()


def test_area_centroids_stay_inside_concave_areas():
    u_shape = Polygon([(0, 0), (300, 0), (300, 300), (200, 300), (200, 100), (100, 100),
                       (100, 300), (0, 300)])  # fmt: skip
    assert not u_shape.contains(u_shape.centroid)
    xy, pop, index = area_centroids(
        [(u_shape, 50.0), (box(0, 0, 10, 10), 0.0), (box(0, 0, 4, 4), 3)]
    )
    assert u_shape.contains(Point(xy[0]))
    assert xy[1].tolist() == [2.0, 2.0]
    assert pop.tolist() == [50.0, 3.0] and index.tolist() == [0, 2]


def test_aggregate_mean_is_population_weighted_per_zone():
    values = np.array([1.0, 3.0, 10.0, 7.0])
    weights = np.array([1.0, 3.0, 2.0, 0.0])
    means = aggregate_mean(values, weights, [0, 0, 1, 1], 3)
    assert means[0] == pytest.approx(2.5)  # (1·1 + 3·3) / 4
    assert means[1] == 10.0  # the weightless cell does not count
    assert math.isnan(means[2])  # no population: NaN, shown as "no population" by views


def test_aggregate_mean_handles_life_phase_columns():
    values = np.array([[1.0, 2.0], [3.0, 4.0]])
    means = aggregate_mean(values, [1.0, 1.0], [0, 0], 1)
    assert means.tolist() == [[2.0, 3.0]]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (([1.0], [1.0], [2], 2), "zone_index must hold whole numbers from 0 to 1"),
        (([1.0], [1.0], [-1], 2), "zone_index"),
        (([1.0], [1.0], [0.5], 2), "zone_index"),
        (([1.0], [-1.0], [0], 1), "weights must not be negative"),
        (([math.nan], [1.0], [0], 1), "must be finite"),
        (([1.0, 2.0], [1.0], [0], 1), "one row per point"),
        (([1.0], [1.0], [0], -1), "n_zones"),
    ],
)
def test_aggregate_mean_rejects_bad_input(args, message):
    with pytest.raises(ValueError, match=message):
        aggregate_mean(*args)


def test_population_centroid_leans_towards_the_populated_cells():
    xy = np.array([[0.0, 0.0], [100.0, 0.0], [500.0, 500.0]])
    centres = population_centroids(xy, [1.0, 3.0, 0.0], [0, 0, 1], 2)
    assert centres[0].tolist() == [75.0, 0.0]
    assert np.isnan(centres[1]).all()
