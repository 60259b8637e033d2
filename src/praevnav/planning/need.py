"""The need index per area and life phase: a weighted combination of social indicators.

Pure functions, no ORM (``selectors_need`` reads the indicators and weights).

Formula (shown on the need page):

* per indicator ``i`` and the areas ``a`` of one level that have a value:
  ``n_ia = (x_ia − min_i) / (max_i − min_i)`` (min-max normalisation to 0…1; when all
  areas have the same value, ``n_ia = 0.5``);
* ``need_a = Σ_i w_i · n_ia / Σ_i w_i`` over the indicators the area has a value for.

Missing values (suppressed or not published): the index is computed from the remaining
indicators with their weights (so it stays on the 0…1 scale); an area with none of the
weighted indicators gets the median index of the other areas of its level and is marked
``imputed``. No area ever gets NaN.

Default weights (used while a planner has not set any for the phase): the young phases
combine SGB-II share, child poverty and single-parent households equally; 27–65 uses the
SGB-II share; 65+ old-age poverty and single senior households equally.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping
from dataclasses import dataclass

YOUNG_PHASES = ("schwangerschaft", "0-3", "3-6", "6-10", "10-16", "16-27")
YOUNG_WEIGHTS = {"sgb2_rate": 1.0, "child_poverty_rate": 1.0, "single_parent_households_rate": 1.0}
ADULT_WEIGHTS = {"sgb2_rate": 1.0}
SENIOR_WEIGHTS = {"old_age_poverty_rate": 1.0, "single_senior_households_rate": 1.0}
#: Indicators a planner may weigh (keys of ``geography.indicators_keys``).
NEED_INDICATORS = (
    "sgb2_rate",
    "child_poverty_rate",
    "single_parent_households_rate",
    "old_age_poverty_rate",
    "single_senior_households_rate",
    "unemployment_rate",
    "minimum_income_rate",
    "housing_benefit_households_rate",
    "migration_background_rate",
    "foreigners_rate",
)


class NeedWeightError(ValueError):
    """Weights that cannot form an index (negative, not a number, all zero, unknown key)."""


@dataclass(frozen=True)
class NeedValue:
    value: float  # 0…1
    imputed: bool  # True: no weighted indicator for the area, the level median is used
    missing: tuple[str, ...]  # weighted indicators the area has no value for


def default_weights(phase_code: str) -> dict[str, float]:
    """The shipped weights of a life phase (young phases, 27–65, 65+); other (tenant-
    defined) phases use the young-phase weights when they start before 27, else SGB II."""
    if phase_code in YOUNG_PHASES:
        return dict(YOUNG_WEIGHTS)
    if phase_code == "65plus":
        return dict(SENIOR_WEIGHTS)
    if phase_code == "27-65":
        return dict(ADULT_WEIGHTS)
    return dict(YOUNG_WEIGHTS)


def validate_weights(weights: Mapping[str, object]) -> dict[str, float]:
    """Checked weights (zeros dropped). Raises :class:`NeedWeightError` with a message
    naming the problem: an unknown indicator, a value that is no finite number, a
    negative weight, or weights that add up to 0."""
    checked: dict[str, float] = {}
    for key, raw in weights.items():
        if key not in NEED_INDICATORS:
            raise NeedWeightError(f"Unknown indicator {key!r}.")
        try:
            value = float(raw)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise NeedWeightError(f"The weight of {key} is not a number: {raw!r}.")
        if not math.isfinite(value):
            raise NeedWeightError(f"The weight of {key} must be a finite number.")
        if value < 0:
            raise NeedWeightError(f"The weight of {key} must not be negative ({value:g}).")
        if value > 0:
            checked[key] = value
    if not checked:
        raise NeedWeightError("The weights add up to 0: at least one weight must be above 0.")
    return checked


def normalise(values: Mapping[int, float | None]) -> dict[int, float]:
    """Min-max normalisation to 0…1 over the areas that have a value (``None`` and
    non-finite values are left out); 0.5 for every area when all values are equal."""
    present = {a: float(v) for a, v in values.items() if v is not None and math.isfinite(v)}
    if not present:
        return {}
    low, high = min(present.values()), max(present.values())
    if high == low:
        return {a: 0.5 for a in present}
    return {a: (v - low) / (high - low) for a, v in present.items()}


def need_index(
    indicators: Mapping[int, Mapping[str, float | None]], weights: Mapping[str, object]
) -> dict[int, NeedValue]:
    """Need index (0…1) per area of one level. ``indicators`` is ``{area: {key: value}}``
    for every area of the level (an area may lack keys); see the module docstring."""
    checked = validate_weights(weights)
    areas = list(indicators)
    normalised = {key: normalise({a: indicators[a].get(key) for a in areas}) for key in checked}
    result: dict[int, NeedValue] = {}
    pending: list[tuple[int, tuple[str, ...]]] = []
    for area in areas:
        available = [k for k in checked if area in normalised[k]]
        missing = tuple(k for k in checked if k not in available)
        total = sum(checked[k] for k in available)
        if total > 0:
            value = sum(checked[k] * normalised[k][area] for k in available) / total
            result[area] = NeedValue(value, False, missing)
        else:
            pending.append((area, missing))
    fallback = statistics.median(v.value for v in result.values()) if result else 0.5
    for area, missing in pending:
        result[area] = NeedValue(fallback, True, missing)
    return result
