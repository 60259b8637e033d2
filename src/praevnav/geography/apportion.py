"""Population per life phase from published age bands (pure functions, no ORM).

The statistics office publishes population in age bands (Düsseldorf's Wohnquartiere:
unter 6, 6–10, 10–18, 18–25, 25–30, 30–50, 50–65, 65–75, 75+) that do not match the
life phases of the prevention chain (0–3, 3–6, 6–10, 10–16, 16–27, 27–65, 65+). The
rule used to translate one into the other:

1. **Uniform within a band.** People in a band are assumed to be spread evenly over
   its ages. A life phase receives from each band the share of the band's age span
   that it overlaps: 0–3 receives 3/6 = half of "unter 6"; 10–16 receives 6/8 of
   "10 bis unter 18"; 16–27 receives 2/8 of 10–18, all of 18–25 and 2/5 of 25–30.
2. **Bounds are exclusive at the top**, in years for bands and in months for phases
   (a phase 0–36 months covers ages 0 ≤ a < 3 years), like the published bands.
3. **Open bands are capped only for splitting.** An open band ("75 und älter") is
   treated as ending at ``OPEN_BAND_CAP_YEARS`` (100) when a phase ends inside it;
   an open phase (65+) always receives the whole open band, so no one is lost.
4. **Pregnancy and birth** has no age range. Its population is estimated as the
   number of children aged 0 to under 1 (apportioned as above, i.e. one sixth of
   "unter 6"): in a year with stable fertility, the infants under one approximate the
   births and hence the pregnancies of the year. It is an estimate of the size of
   the target group, not a count, and it overlaps the 0–3 phase by design.
5. **No rounding.** Results are fractional persons; round only for display.

Consequences that the tests check: when the non-pregnancy phases cover all ages
without overlap, their sum equals the band total; a phase whose bounds coincide with
band bounds receives exactly the sum of those bands; widening a phase never lowers
its population.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

#: Upper age (years, exclusive) assumed for an open band, only when a phase ends inside it.
OPEN_BAND_CAP_YEARS = 100
#: The pregnancy phase is estimated as the population aged 0 to under this many months.
PREGNANCY_PROXY_MONTHS = 12

AgeBandTuple = tuple[float, float | None, float]


@dataclass(frozen=True)
class AgeBand:
    """People aged ``min_years`` ≤ age < ``max_years`` (``None``: open band)."""

    min_years: float
    max_years: float | None
    count: float

    def __post_init__(self) -> None:
        if self.min_years < 0:
            raise ValueError(f"age band starts below 0: {self.min_years}")
        if self.max_years is not None and self.max_years <= self.min_years:
            raise ValueError(f"age band {self.min_years}–{self.max_years} is empty or reversed")
        if self.count < 0 or math.isnan(self.count):
            raise ValueError(f"age band {self.min_years}–{self.max_years} has count {self.count}")


class PhaseLike(Protocol):
    """Anything shaped like a life phase (``taxonomy.LifePhase`` or a test double)."""

    @property
    def code(self) -> str: ...

    @property
    def is_pregnancy(self) -> bool: ...

    @property
    def min_age_months(self) -> int | None: ...

    @property
    def max_age_months(self) -> int | None: ...


@dataclass(frozen=True)
class PhaseRange:
    """A plain life phase for callers without the ORM."""

    code: str
    min_age_months: int | None
    max_age_months: int | None
    is_pregnancy: bool = False


def as_bands(bands: Iterable[AgeBand | AgeBandTuple]) -> list[AgeBand]:
    """Accept ``AgeBand`` objects or ``(min_years, max_years_or_None, count)`` tuples."""
    result = [
        b if isinstance(b, AgeBand) else AgeBand(float(b[0]), b[1], float(b[2])) for b in bands
    ]
    ordered = sorted(result, key=lambda b: b.min_years)
    for left, right in zip(ordered, ordered[1:], strict=False):
        if left.max_years is None or left.max_years > right.min_years:
            raise ValueError(
                f"age bands overlap: {left.min_years}–{left.max_years} and "
                f"{right.min_years}–{right.max_years}"
            )
    return result


def population_in_range(
    bands: Sequence[AgeBand | AgeBandTuple],
    min_months: float | None,
    max_months: float | None,
    *,
    cap_years: float = OPEN_BAND_CAP_YEARS,
) -> float:
    """Population aged ``min_months`` ≤ age < ``max_months`` under the uniform rule.

    ``None`` bounds are open (from birth, without upper limit).
    """
    lo = 0.0 if min_months is None else min_months / 12.0
    hi = math.inf if max_months is None else max_months / 12.0
    total = 0.0
    for band in as_bands(bands):
        if band.count == 0:
            continue
        if band.max_years is None:
            if hi == math.inf and lo <= band.min_years:
                # An open phase takes the open band whole: nobody is lost above the cap.
                total += band.count
                continue
            band_hi = max(cap_years, band.min_years + 1.0)
        else:
            band_hi = band.max_years
        overlap = min(hi, band_hi) - max(lo, band.min_years)
        if overlap > 0:
            total += band.count * overlap / (band_hi - band.min_years)
    return total


def population_by_phase(
    bands: Sequence[AgeBand | AgeBandTuple],
    phases: Iterable[PhaseLike],
    *,
    cap_years: float = OPEN_BAND_CAP_YEARS,
) -> dict[str, float]:
    """Population per life phase code (see the module docstring for the rule)."""
    checked = as_bands(bands)
    result: dict[str, float] = {}
    for phase in phases:
        if phase.is_pregnancy:
            result[phase.code] = population_in_range(
                checked, 0, PREGNANCY_PROXY_MONTHS, cap_years=cap_years
            )
        else:
            result[phase.code] = population_in_range(
                checked, phase.min_age_months, phase.max_age_months, cap_years=cap_years
            )
    return result


def bands_from_values(
    definitions: Sequence[tuple[str, float, float | None]],
    values: Mapping[str, float | None],
) -> list[AgeBand] | None:
    """Age bands from indicator values keyed like ``definitions`` (key, min, max).

    A missing or suppressed band counts as 0 as long as at least one band has a
    value (the published cells are what we know); ``None`` when none has one.
    """
    present = [values.get(key) for key, _lo, _hi in definitions]
    if all(v is None for v in present):
        return None
    return [
        AgeBand(lo, hi, float(v or 0.0))
        for (_key, lo, hi), v in zip(definitions, present, strict=True)
    ]
