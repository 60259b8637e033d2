"""Life phases are derived from an offer's age range (upper bounds exclusive)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from praevnav.taxonomy.services import derive_life_phases, load_default_taxonomy


@dataclass(frozen=True)
class Phase:
    code: str
    is_pregnancy: bool
    min_age_months: int | None
    max_age_months: int | None


DEFAULT_PHASES = [
    Phase(p["code"], p.get("is_pregnancy", False), p.get("min_age_months"), p.get("max_age_months"))
    for p in load_default_taxonomy()["life_phases"]
]
ALL_AGES = ["0-3", "3-6", "6-10", "10-16", "16-27", "27-65", "65plus"]


def codes(pregnancy: bool, lo: int | None, hi: int | None, phases=DEFAULT_PHASES) -> list[str]:
    return [
        p.code
        for p in derive_life_phases(
            phases=phases, pregnancy=pregnancy, min_months=lo, max_months=hi
        )
    ]


def test_default_phases_form_a_gapless_chain():
    ranged = [p for p in DEFAULT_PHASES if not p.is_pregnancy]
    assert ranged[0].min_age_months == 0 and ranged[-1].max_age_months is None
    for before, after in zip(ranged, ranged[1:]):
        assert before.max_age_months == after.min_age_months


@pytest.mark.parametrize(
    "pregnancy,lo,hi,expected",
    [
        # Upper bounds are exclusive: 0–36 months is 0–3 only, not also 3–6.
        (False, 0, 36, ["0-3"]),
        (False, 36, 72, ["3-6"]),
        (False, 30, 40, ["0-3", "3-6"]),
        (False, 35, 36, ["0-3"]),
        (False, 36, 37, ["3-6"]),
        (False, 0, 1, ["0-3"]),
        (False, 72, 192, ["6-10", "10-16"]),
        # Open ranges.
        (False, None, 36, ["0-3"]),
        (False, None, 37, ["0-3", "3-6"]),
        (False, 780, None, ["65plus"]),
        (False, 779, None, ["27-65", "65plus"]),
        (False, 36, None, ALL_AGES[1:]),
        (False, None, None, ALL_AGES),
        # Pregnancy.
        (True, None, None, ["schwangerschaft"]),
        (True, 0, 12, ["schwangerschaft", "0-3"]),
        (True, None, 12, ["schwangerschaft", "0-3"]),
        (True, 324, None, ["schwangerschaft", "27-65", "65plus"]),
    ],
)
def test_derive_life_phases(pregnancy, lo, hi, expected):
    assert codes(pregnancy, lo, hi) == expected


def test_derive_keeps_the_order_of_the_phases_given():
    reversed_phases = list(reversed(DEFAULT_PHASES))
    assert codes(False, 30, 40, reversed_phases) == ["3-6", "0-3"]


def test_phase_without_lower_bound_starts_at_birth():
    phases = [Phase("kinder", False, None, 72), Phase("rest", False, 72, None)]
    assert codes(False, 0, 12, phases) == ["kinder"]
    assert codes(False, 72, 80, phases) == ["rest"]
    assert codes(False, None, None, phases) == ["kinder", "rest"]


def test_pregnancy_phase_only_with_the_flag():
    assert "schwangerschaft" not in codes(False, None, None)
    assert "schwangerschaft" not in codes(False, 0, 12)


def test_no_phases_no_result():
    assert codes(False, 0, 12, []) == []
