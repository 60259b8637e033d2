"""The apportioning rule: age bands → population per life phase."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from praevnav.geography.apportion import (
    OPEN_BAND_CAP_YEARS,
    AgeBand,
    PhaseRange,
    bands_from_values,
    population_by_phase,
    population_in_range,
)

DUS_BANDS = [
    (0, 6, 600),
    (6, 10, 400),
    (10, 18, 800),
    (18, 25, 700),
    (25, 30, 500),
    (30, 50, 2000),
    (50, 65, 1500),
    (65, 75, 1000),
    (75, None, 900),
]
DEFAULT_PHASES = [
    PhaseRange("schwangerschaft", None, None, is_pregnancy=True),
    PhaseRange("0-3", 0, 36),
    PhaseRange("3-6", 36, 72),
    PhaseRange("6-10", 72, 120),
    PhaseRange("10-16", 120, 192),
    PhaseRange("16-27", 192, 324),
    PhaseRange("27-65", 324, 780),
    PhaseRange("65plus", 780, None),
]


def test_zero_to_three_is_half_of_under_six():
    assert population_in_range([(0, 6, 600)], 0, 36) == pytest.approx(300)


def test_default_phases_split_duesseldorf_bands_by_age_share():
    result = population_by_phase(DUS_BANDS, DEFAULT_PHASES)
    assert result["0-3"] == pytest.approx(300)
    assert result["3-6"] == pytest.approx(300)
    assert result["6-10"] == pytest.approx(400)  # aligned with a band: exact
    assert result["10-16"] == pytest.approx(800 * 6 / 8)
    assert result["16-27"] == pytest.approx(800 * 2 / 8 + 700 + 500 * 2 / 5)
    assert result["27-65"] == pytest.approx(500 * 3 / 5 + 2000 + 1500)
    assert result["65plus"] == pytest.approx(1000 + 900)


def test_pregnancy_is_estimated_as_infants_under_one():
    result = population_by_phase([(0, 6, 600)], DEFAULT_PHASES[:1])
    assert result["schwangerschaft"] == pytest.approx(100)


def test_open_band_is_capped_only_when_a_phase_ends_inside_it():
    bands = [(75, None, 250)]
    # 75–100 assumed for splitting: 80–85 gets 5/25 of the band
    assert population_in_range(bands, 80 * 12, 85 * 12) == pytest.approx(50)
    # an open phase starting below the band takes it whole
    assert population_in_range(bands, 65 * 12, None) == pytest.approx(250)
    assert population_in_range(bands, OPEN_BAND_CAP_YEARS * 12, None) == 0


def test_overlapping_bands_are_rejected():
    with pytest.raises(ValueError, match="overlap"):
        population_in_range([(0, 6, 1), (5, 10, 1)], 0, None)


def test_bands_from_values_counts_suppressed_as_zero_unless_all_are_suppressed():
    definitions = [("a", 0, 6), ("b", 6, None)]
    assert bands_from_values(definitions, {"a": None, "b": None}) is None
    bands = bands_from_values(definitions, {"a": None, "b": 7})
    assert bands == [AgeBand(0, 6, 0.0), AgeBand(6, None, 7.0)]


@st.composite
def band_sets(draw):
    """Contiguous bands from 0 with an open last band, random cut points and counts."""
    cuts = sorted(draw(st.sets(st.integers(1, 95), min_size=1, max_size=10)))
    counts = draw(st.lists(st.integers(0, 50_000), min_size=len(cuts) + 1, max_size=len(cuts) + 1))
    lows = [0, *cuts]
    highs = [*cuts, None]
    return [(lo, hi, c) for lo, hi, c in zip(lows, highs, counts, strict=True)]


@st.composite
def phase_partitions(draw):
    """Life phases that cover every age exactly once (month cut points)."""
    cuts = sorted(draw(st.sets(st.integers(1, 1300), min_size=0, max_size=8)))
    lows = [0, *cuts]
    highs = [*cuts, None]
    return [PhaseRange(f"p{i}", lo, hi) for i, (lo, hi) in enumerate(zip(lows, highs, strict=True))]


@given(band_sets(), phase_partitions())
def test_total_is_preserved_when_phases_cover_all_ages(bands, phases):
    total = sum(c for _lo, _hi, c in bands)
    result = population_by_phase(bands, phases)
    assert math.isclose(sum(result.values()), total, rel_tol=1e-9, abs_tol=1e-6)


@given(band_sets(), st.integers(0, 1300), st.integers(1, 1300), st.integers(0, 400))
def test_widening_a_phase_never_lowers_its_population(bands, lo, length, extra):
    narrow = population_in_range(bands, lo, lo + length)
    wide = population_in_range(bands, max(0, lo - extra), lo + length + extra)
    assert wide >= narrow - 1e-6
    assert population_in_range(bands, lo, None) >= narrow - 1e-6


@given(band_sets(), st.data())
def test_phase_aligned_with_band_bounds_gets_exactly_those_bands(bands, data):
    i = data.draw(st.integers(0, len(bands) - 1))
    j = data.draw(st.integers(i, len(bands) - 1))
    lo, hi = bands[i][0], bands[j][1]
    expected = sum(c for _lo, _hi, c in bands[i : j + 1])
    got = population_in_range(bands, lo * 12, None if hi is None else hi * 12)
    assert math.isclose(got, expected, rel_tol=1e-9, abs_tol=1e-6)
