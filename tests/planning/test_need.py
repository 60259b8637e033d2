"""Need index: min-max normalisation, weights, bad weights, missing indicators."""

from __future__ import annotations

import math

import pytest

from praevnav.planning.need import (
    NeedWeightError,
    default_weights,
    need_index,
    normalise,
    validate_weights,
)


def test_normalise_is_min_max_over_areas_with_values():
    assert normalise({1: 10.0, 2: 20.0, 3: 15.0, 4: None}) == {1: 0.0, 2: 1.0, 3: 0.5}
    assert normalise({1: 7.0, 2: 7.0}) == {1: 0.5, 2: 0.5}
    assert normalise({1: None}) == {}


def test_need_index_weights_hand_computed():
    indicators = {
        1: {"sgb2_rate": 10.0, "child_poverty_rate": 30.0},
        2: {"sgb2_rate": 20.0, "child_poverty_rate": 10.0},
        3: {"sgb2_rate": 15.0, "child_poverty_rate": 20.0},
    }
    # sgb2 scaled: 0, 1, 0.5; child poverty scaled: 1, 0, 0.5; weights 3:1.
    result = need_index(indicators, {"sgb2_rate": 3, "child_poverty_rate": 1})
    assert result[1].value == pytest.approx((3 * 0 + 1 * 1) / 4)
    assert result[2].value == pytest.approx((3 * 1 + 1 * 0) / 4)
    assert result[3].value == pytest.approx(0.5)
    assert not any(v.imputed for v in result.values())


def test_need_index_missing_indicator_uses_the_others_and_all_missing_gets_median():
    indicators = {
        1: {"sgb2_rate": 10.0, "child_poverty_rate": 30.0},
        2: {"sgb2_rate": 20.0, "child_poverty_rate": None},
        3: {"sgb2_rate": 15.0, "child_poverty_rate": 10.0},
        4: {},
    }
    result = need_index(indicators, {"sgb2_rate": 1, "child_poverty_rate": 1})
    assert result[2].value == pytest.approx(1.0)  # only sgb2 (scaled 1) counts
    assert result[2].missing == ("child_poverty_rate",)
    # area 1: (0 + 1)/2, area 3: (0.5 + 0)/2 → median of 0.5, 1.0, 0.25 is 0.5
    assert result[4].imputed and result[4].value == pytest.approx(0.5)
    assert all(math.isfinite(v.value) for v in result.values())


@pytest.mark.parametrize(
    "weights, message",
    [
        ({"sgb2_rate": -1}, "negative"),
        ({"sgb2_rate": 0, "child_poverty_rate": 0}, "add up to 0"),
        ({}, "add up to 0"),
        ({"sgb2_rate": "x"}, "not a number"),
        ({"sgb2_rate": float("nan")}, "finite"),
        ({"unknown_key": 1}, "Unknown indicator"),
    ],
)
def test_validate_weights_rejects_bad_weights(weights, message):
    with pytest.raises(NeedWeightError, match=message):
        validate_weights(weights)


def test_default_weights_per_phase():
    assert default_weights("0-3") == {
        "sgb2_rate": 1.0, "child_poverty_rate": 1.0, "single_parent_households_rate": 1.0,
    }  # fmt: skip
    assert default_weights("27-65") == {"sgb2_rate": 1.0}
    assert set(default_weights("65plus")) == {
        "old_age_poverty_rate",
        "single_senior_households_rate",
    }
