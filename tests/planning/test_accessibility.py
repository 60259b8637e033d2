"""Spatial accessibility (2SFCA, E2SFCA, Gaussian 2SFCA): oracle tests against PySAL
``access``, property tests, bad input and the documented edge cases."""

from __future__ import annotations

import math
import os
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from praevnav.planning.accessibility import (
    build_catchment,
    e2sfca,
    floating_catchment,
    gaussian_2sfca,
    to_utm32,
    two_sfca,
)

E_HALF = math.exp(-0.5)


def load_access():
    """PySAL ``access`` is a test dependency: missing locally → skip, missing in CI → fail."""
    try:
        import pandas as pd
        from access import Access
        from access import weights as access_weights
    except ImportError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PySAL access (test dependency) must be installed in CI: {exc}")
        pytest.skip(f"PySAL access is not installed here ({exc}); pip install access")
    return pd, Access, access_weights


def fixture(seed: int, *, n: int | None = None, m: int | None = None):
    rng = np.random.default_rng(seed)
    n = n or int(rng.integers(30, 201))
    m = m or int(rng.integers(5, 41))
    demand_xy = rng.uniform(0, 6000, (n, 2))
    supply_xy = rng.uniform(0, 6000, (m, 2))
    # Positive demand everywhere: access divides by zero where a supply sees only 0.
    demand = rng.uniform(1, 500, n)
    supply = rng.integers(1, 25, m).astype(float)
    return demand_xy, demand, supply_xy, supply


def oracle(demand_xy, demand, supply_xy, supply, *, catchment, weight_fn):
    """PySAL access' two-stage FCA over a Euclidean cost table built here (test side)."""
    pd, Access, _w = load_access()
    n, m = len(demand_xy), len(supply_xy)
    d_ids = [f"d{i}" for i in range(n)]
    s_ids = [f"s{j}" for j in range(m)]
    dist = np.hypot(
        demand_xy[:, None, 0] - supply_xy[None, :, 0], demand_xy[:, None, 1] - supply_xy[None, :, 1]
    )
    origin, dest = np.meshgrid(np.arange(n), np.arange(m), indexing="ij")
    cost = pd.DataFrame(
        {
            "origin": np.array(d_ids)[origin.ravel()],
            "dest": np.array(s_ids)[dest.ravel()],
            "cost": dist.ravel(),
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = Access(
            demand_df=pd.DataFrame({"geoid": d_ids, "pop": demand}),
            demand_index="geoid",
            demand_value="pop",
            supply_df=pd.DataFrame({"geoid": s_ids, "cap": supply}),
            supply_index="geoid",
            supply_value="cap",
            cost_df=cost,
            cost_origin="origin",
            cost_dest="dest",
            cost_name="cost",
        )
        result = model.two_stage_fca(name="fca", max_cost=catchment, weight_fn=weight_fn)
    # access leaves demand points without any supply in reach out (NaN): ours says 0.
    return result.iloc[:, 0].reindex(d_ids).fillna(0.0).to_numpy()


def assert_matches(ours, theirs):
    assert np.isfinite(ours).all()
    assert theirs.max() > 0  # the fixture must reach some supply, or the test proves nothing
    np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-9 * theirs.max())


# --- oracle: PySAL access ------------------------------------------------------------

SEEDS = [1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize("seed", SEEDS)
def test_two_sfca_equals_pysal_access(seed):
    dxy, p, sxy, s = fixture(seed)
    ours = two_sfca(dxy, p, sxy, s, catchment_m=1500)
    assert_matches(ours, oracle(dxy, p, sxy, s, catchment=1500, weight_fn=None))


@pytest.mark.parametrize("seed", SEEDS)
def test_e2sfca_default_zones_equal_access_step_function(seed):
    _pd, _A, access_weights = load_access()
    dxy, p, sxy, s = fixture(seed)
    c = 1800.0
    step = access_weights.step_fn({c / 3: 1.0, 2 * c / 3: 0.68, c: 0.22})
    ours = e2sfca(dxy, p, sxy, s, catchment_m=c)
    assert_matches(ours, oracle(dxy, p, sxy, s, catchment=c, weight_fn=step))


@pytest.mark.parametrize("seed", SEEDS)
def test_e2sfca_custom_zones_equal_access_step_function(seed):
    _pd, _A, access_weights = load_access()
    dxy, p, sxy, s = fixture(seed)
    zones = [(0, 400, 1.0), (400, 900, 0.6), (900, 1200, 0.3), (1200, 1600, 0.05)]
    step = access_weights.step_fn({400: 1.0, 900: 0.6, 1200: 0.3, 1600: 0.05})
    ours = e2sfca(dxy, p, sxy, s, catchment_m=2000, weights="stepwise", zones=zones)
    assert_matches(ours, oracle(dxy, p, sxy, s, catchment=2000, weight_fn=step))


@pytest.mark.parametrize("seed", SEEDS)
def test_gaussian_2sfca_with_sigma_equals_access_gaussian(seed):
    _pd, _A, access_weights = load_access()
    dxy, p, sxy, s = fixture(seed)
    ours = gaussian_2sfca(dxy, p, sxy, s, catchment_m=2000, sigma_m=700)
    theirs = oracle(dxy, p, sxy, s, catchment=2000, weight_fn=access_weights.gaussian(700))
    assert_matches(ours, theirs)


@pytest.mark.parametrize("seed", SEEDS)
def test_gaussian_2sfca_dai_kernel_equals_access_with_that_kernel(seed):
    dxy, p, sxy, s = fixture(seed)
    c = 1700.0

    def dai(d):  # Dai (2010), written out independently of the implementation
        return (math.exp(-0.5 * (d / c) ** 2) - E_HALF) / (1 - E_HALF)

    ours = gaussian_2sfca(dxy, p, sxy, s, catchment_m=c)
    assert_matches(ours, oracle(dxy, p, sxy, s, catchment=c, weight_fn=dai))
    assert np.array_equal(ours, e2sfca(dxy, p, sxy, s, catchment_m=c, weights="gaussian"))


@pytest.mark.parametrize("seed", SEEDS[:3])
def test_e2sfca_with_a_weight_function_equals_access(seed):
    dxy, p, sxy, s = fixture(seed)
    ours = e2sfca(dxy, p, sxy, s, catchment_m=1500, weights=lambda d: 1.0 / (1.0 + d / 300.0))
    theirs = oracle(dxy, p, sxy, s, catchment=1500, weight_fn=lambda d: 1.0 / (1.0 + d / 300.0))
    assert_matches(ours, theirs)


def test_life_phase_columns_equal_one_run_per_phase_and_access():
    dxy, _p, sxy, s = fixture(11, n=120, m=25)
    phases = np.random.default_rng(11).uniform(1, 80, (120, 8))
    together = e2sfca(dxy, phases, sxy, s, catchment_m=1500)
    assert together.shape == (120, 8)
    for k in (0, 7):
        alone = e2sfca(dxy, phases[:, k], sxy, s, catchment_m=1500)
        np.testing.assert_allclose(together[:, k], alone, rtol=1e-12)
    _pd, _A, access_weights = load_access()
    step = access_weights.step_fn({500: 1.0, 1000: 0.68, 1500: 0.22})
    theirs = oracle(dxy, phases[:, 3], sxy, s, catchment=1500, weight_fn=step)
    assert_matches(together[:, 3], theirs)


def test_tiled_threaded_pairs_equal_a_single_tile():
    """Above one tile of demand points the pairs are built per tile in threads; the result
    must not depend on the tiling."""
    rng = np.random.default_rng(5)
    dxy = rng.uniform(0, 20_000, (9000, 2))
    sxy = rng.uniform(0, 20_000, (400, 2))
    p, s = rng.uniform(0, 30, 9000), rng.uniform(1, 5, 400)
    tiled = build_catchment(dxy, sxy, catchment_m=1200, weights="gaussian", workers=2)
    single = build_catchment(dxy, sxy, catchment_m=1200, weights="gaussian", workers=1)
    assert len(tiled.tiles) > 1
    assert tiled.n_pairs == single.n_pairs > 0
    np.testing.assert_allclose(
        floating_catchment(tiled, p, s), floating_catchment(single, p, s), rtol=1e-12
    )


# --- properties (hypothesis) ---------------------------------------------------------

coords = st.integers(min_value=0, max_value=3000)
point = st.tuples(coords, coords)


@st.composite
def scenarios(draw):
    n = draw(st.integers(1, 40))
    m = draw(st.integers(1, 12))
    dxy = np.array(draw(st.lists(point, min_size=n, max_size=n)), dtype=float)
    sxy = np.array(draw(st.lists(point, min_size=m, max_size=m)), dtype=float)
    p = np.array(draw(st.lists(st.integers(0, 500), min_size=n, max_size=n)), dtype=float)
    s = np.array(draw(st.lists(st.integers(0, 30), min_size=m, max_size=m)), dtype=float)
    catchment = float(draw(st.integers(1, 4000)))
    return dxy, p, sxy, s, catchment


def brute_weights(dxy, sxy, catchment, method):
    """W(d_ij) from a dense distance table (fine for the test's few points)."""
    d = np.hypot(dxy[:, None, 0] - sxy[None, :, 0], dxy[:, None, 1] - sxy[None, :, 1])
    inside = d <= catchment
    if method == "2sfca":
        w = np.ones_like(d)
    elif method == "single-zone":
        w = np.full_like(d, 0.5)
    elif method == "stepwise":
        w = np.select([d <= catchment / 3, d <= 2 * catchment / 3], [1.0, 0.68], 0.22)
    else:
        w = (np.exp(-0.5 * (d / catchment) ** 2) - E_HALF) / (1 - E_HALF)
    return np.where(inside, w, 0.0)


def run(method, dxy, p, sxy, s, catchment):
    if method == "2sfca":
        return two_sfca(dxy, p, sxy, s, catchment_m=catchment)
    if method == "single-zone":
        return e2sfca(dxy, p, sxy, s, catchment_m=catchment, zones=[(0, catchment, 0.5)])
    if method == "stepwise":
        return e2sfca(dxy, p, sxy, s, catchment_m=catchment)
    return gaussian_2sfca(dxy, p, sxy, s, catchment_m=catchment)


METHODS = ["2sfca", "single-zone", "stepwise", "gaussian"]


@pytest.mark.parametrize("method", METHODS)
@settings(max_examples=60, deadline=None)
@given(case=scenarios())
def test_population_weighted_sum_equals_supply_with_demand_in_reach(method, case):
    """Σ_i P_i A_i = Σ_i P_i Σ_j W_ij S_j / D_j = Σ_j S_j over the supply whose weighted
    demand D_j = Σ_k W_kj P_k is positive (the same W in both steps cancels)."""
    dxy, p, sxy, s, catchment = case
    a = run(method, dxy, p, sxy, s, catchment)
    weighted_demand = brute_weights(dxy, sxy, catchment, method).T @ p
    served = s[weighted_demand > 0].sum()
    assert np.isfinite(a).all() and (a >= 0).all()
    assert float(p @ a) == pytest.approx(served, rel=1e-9, abs=1e-9)


@pytest.mark.parametrize("method", METHODS)
@settings(max_examples=40, deadline=None)
@given(
    case=scenarios(),
    extra=st.integers(1, 20),
    new_supplier=point,
    which=st.integers(0, 11),
)
def test_adding_supply_never_lowers_any_value(method, case, extra, new_supplier, which):
    dxy, p, sxy, s, catchment = case
    before = run(method, dxy, p, sxy, s, catchment)
    more = s.copy()
    more[which % len(s)] += extra
    raised = run(method, dxy, p, sxy, more, catchment)
    added = run(method, dxy, p, np.vstack([sxy, [new_supplier]]), np.append(s, extra), catchment)
    tolerance = 1e-12 * max(1.0, before.max())
    assert (raised >= before - tolerance).all()
    assert (added >= before - tolerance).all()


# --- documented edge cases -----------------------------------------------------------


def test_supply_with_no_demand_in_reach_has_ratio_zero_not_nan():
    dxy = np.array([[0.0, 0.0], [100.0, 0.0]])
    sxy = np.array([[50.0, 0.0], [10_000.0, 0.0]])
    p = np.array([0.0, 0.0])  # nobody lives near the first offer either
    a = two_sfca(dxy, p, sxy, [3.0, 5.0], catchment_m=500)
    assert a.tolist() == [0.0, 0.0]
    b = e2sfca(dxy, [10.0, 30.0], sxy, [4.0, 5.0], catchment_m=500)
    assert b.tolist() == [0.1, 0.1]  # 4 places for 40 people; the far offer serves nobody


def test_empty_inputs_give_zeros_of_the_right_length():
    assert two_sfca(np.zeros((0, 2)), [], [[0, 0]], [1], catchment_m=100).shape == (0,)
    a = e2sfca([[0, 0], [5, 5]], [1, 2], np.zeros((0, 2)), [], catchment_m=100)
    assert a.tolist() == [0.0, 0.0]


def test_coincident_demand_and_supply_are_within_reach():
    a = two_sfca([[10.0, 10.0]], [4.0], [[10.0, 10.0]], [2.0], catchment_m=1)
    assert a.tolist() == [0.5]


def test_huge_catchment_uses_the_closed_form_without_pairs():
    dxy, p, sxy, s = fixture(3)
    everywhere = build_catchment(dxy, sxy, catchment_m=1e9)
    assert everywhere.everywhere and everywhere.tiles == ()
    a = two_sfca(dxy, p, sxy, s, catchment_m=1e9, max_pairs=10)
    np.testing.assert_allclose(a, s.sum() / p.sum(), rtol=1e-12)
    # The same as an exact pairwise run with a catchment just covering everything:
    exact = two_sfca(dxy, p, sxy, s, catchment_m=9000)
    np.testing.assert_allclose(a, exact, rtol=1e-12)


def test_huge_catchment_gaussian_uses_the_exact_quadratic_form_without_pairs():
    dxy, p, sxy, s = fixture(3)
    c = 1e9
    assert build_catchment(dxy, sxy, catchment_m=c, weights="gaussian").everywhere is not None
    quadratic = gaussian_2sfca(dxy, p, sxy, s, catchment_m=c, max_pairs=10)

    def dai(d):
        return (np.exp(-0.5 * (d / c) ** 2) - E_HALF) / (1 - E_HALF)

    pairwise = e2sfca(dxy, p, sxy, s, catchment_m=c, weights=dai)  # a function: real pairs
    np.testing.assert_allclose(quadratic, pairwise, rtol=1e-12)
    assert not np.allclose(quadratic, quadratic[0], rtol=1e-15, atol=0)  # not just constant


def test_huge_catchment_with_varying_weights_respects_the_pair_budget():
    dxy, p, sxy, s = fixture(4, n=100, m=20)
    with pytest.raises(ValueError, match=r"2,000 demand-supply pairs.*budget of 1,000"):
        e2sfca(dxy, p, sxy, s, catchment_m=1e9, weights=lambda d: d * 0 + 1, max_pairs=1000)
    with pytest.raises(ValueError, match="max_pairs"):
        two_sfca(dxy, p, sxy, s, catchment_m=3000, max_pairs=50)
    # Within the budget the same call is well-defined.
    a = e2sfca(dxy, p, sxy, s, catchment_m=1e9, weights=lambda d: d * 0 + 1)
    np.testing.assert_allclose(a, s.sum() / p.sum(), rtol=1e-12)


def test_zones_beyond_the_catchment_are_cut_by_it():
    dxy, p, sxy, s = fixture(9)
    cut = e2sfca(dxy, p, sxy, s, catchment_m=1000, zones=[(0, 1000, 1.0), (1000, 5000, 0.5)])
    np.testing.assert_allclose(cut, two_sfca(dxy, p, sxy, s, catchment_m=1000), rtol=1e-12)


# --- bad input -----------------------------------------------------------------------

GOOD = {
    "demand_xy": [[0.0, 0.0], [100.0, 0.0]],
    "demand": [10.0, 20.0],
    "supply_xy": [[50.0, 0.0]],
    "supply": [2.0],
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"demand": [1.0]}, "demand has 1 rows but demand_xy has 2 points"),
        ({"supply": [1.0, 2.0]}, "supply has 2 rows but supply_xy has 1 points"),
        ({"demand_xy": [[0.0, 0.0], [math.nan, 1.0]]}, r"demand_xy has NaN.*row 1"),
        ({"supply_xy": [[math.inf, 0.0]]}, "supply_xy has NaN or infinite"),
        ({"demand_xy": [[0.0, 0.0, 0.0], [1.0, 1.0, 1.0]]}, r"\(n, 2\) array"),
        ({"demand": [10.0, -1.0]}, "demand must not be negative"),
        ({"supply": [-2.0]}, "supply must not be negative"),
        ({"demand": [math.nan, 1.0]}, "demand contains NaN"),
        ({"catchment_m": 0}, "catchment_m must be a finite number of metres above 0"),
        ({"catchment_m": -5}, "above 0"),
        ({"catchment_m": math.inf}, "above 0"),
        ({"catchment_m": math.nan}, "above 0"),
        ({"catchment_m": "1500"}, "catchment_m must be a number"),
        ({"catchment_m": True}, "catchment_m must be a number"),
        ({"weights": "cubic"}, "weights must be"),
        ({"weights": "gaussian", "zones": [(0, 10, 1)]}, "zones are only used"),
        ({"sigma_m": 100}, "sigma_m is only used"),
        ({"weights": "gaussian", "sigma_m": 0}, "sigma_m must be a finite"),
        ({"zones": []}, "non-empty"),
        ({"zones": [(10, 100, 1.0)]}, "zone 1: starts at 10 m but must start at 0 m"),
        ({"zones": [(0, 100, 1.0), (150, 300, 0.5)]}, "zone 2: starts at 150 m"),
        ({"zones": [(0, 100, 1.0), (100, 100, 0.5)]}, "zone 2: the end"),
        ({"zones": [(0, 100, -1.0)]}, "zone 1: the weight must not be negative"),
        ({"zones": [("a", 1, 1)]}, "zones must be a list"),
        ({"weights": lambda d: -d}, "negative weights"),
        ({"weights": lambda d: d * math.nan}, "NaN or infinite weights"),
        ({"weights": lambda d: 1.0}, "returned shape"),
    ],
)
def test_bad_input_raises_a_clear_value_error(change, message):
    kwargs = {**GOOD, "catchment_m": 500.0, "weights": "stepwise", **change}
    with pytest.raises(ValueError, match=message):
        e2sfca(
            kwargs.pop("demand_xy"),
            kwargs.pop("demand"),
            kwargs.pop("supply_xy"),
            kwargs.pop("supply"),
            **kwargs,
        )


def test_phase_columns_must_agree():
    with pytest.raises(ValueError, match="demand has 3 columns but supply has 2"):
        two_sfca([[0, 0]], [[1, 2, 3]], [[0, 0]], [[1, 2]], catchment_m=10)


# --- projection ----------------------------------------------------------------------


def test_to_utm32_matches_the_city_s_published_utm_coordinates():
    # Two Düsseldorf integration counselling offices as published by the city's open data
    # (LATITUDE/LONGITUDE and OSTWERT/NORDWERT without the zone prefix 32), rounded to 1 m.
    xy = to_utm32([6.77860546, 6.7824794], [51.24311361, 51.24121751])
    np.testing.assert_allclose(xy, [[344950, 5679205], [345214, 5678986]], atol=1.5)


def test_to_utm32_rejects_bad_coordinates():
    with pytest.raises(ValueError, match=r"lat in \[-90, 90\]"):
        to_utm32([6.7], [95.0])
    with pytest.raises(ValueError, match="same length"):
        to_utm32([6.7, 6.8], [51.2])
    with pytest.raises(ValueError, match="NaN"):
        to_utm32([math.nan], [51.2])
