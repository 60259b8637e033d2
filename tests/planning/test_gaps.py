"""Gap score on hand fixtures: formula, demand signals, reasons, ranking."""

from __future__ import annotations

import math

import pytest
from django.utils import translation

from praevnav.planning.gaps import GapInput, demand_bonus, gap_score, rank_gaps, shortfall


def item(**kw):
    base = dict(area_code="001", area_name="A", life_phase="0-3", dimension=None, population=400.0)
    base.update(offers=2, accessibility=0.5, median=1.0, need_index=0.5)
    base.update(kw)
    return GapInput(**base)


def test_shortfall_against_median():
    assert shortfall(0.25, 1.0) == pytest.approx(0.75)
    assert shortfall(2.0, 1.0) == 0.0
    assert shortfall(0.0, 0.0) == 1.0  # nothing reachable anywhere
    assert shortfall(None, 1.0) == 0.0


def test_gap_score_hand_computed():
    score, s = gap_score(item())
    assert s == pytest.approx(0.5)
    assert score == pytest.approx(1.5 * math.sqrt(400) * 0.5)  # 15.0
    no_local, _ = gap_score(item(offers=0))
    assert no_local == pytest.approx(1.5 * 20 * 1.5)


def test_demand_signals_raise_the_score():
    plain, _ = gap_score(item())
    raised, _ = gap_score(item(zero_results=1, few_results=1, gap_reports=1, qualitative=1))
    assert demand_bonus(
        zero_results=1, few_results=1, gap_reports=1, qualitative=1
    ) == pytest.approx(0.7)
    assert raised == pytest.approx(1.5 * 20 * (0.5 + 0.7))
    assert raised > plain
    assert demand_bonus(zero_results=50, few_results=0, gap_reports=0, qualitative=0) == 1.0
    # Signals raise a row even without any accessibility shortfall.
    ok, _ = gap_score(item(accessibility=2.0))
    ok_signals, _ = gap_score(item(accessibility=2.0, gap_reports=2))
    assert ok == 0 and ok_signals == pytest.approx(1.5 * 20 * 0.4)


def test_no_population_scores_zero():
    assert gap_score(item(population=0, offers=0))[0] == 0.0


def test_rank_gaps_sorts_by_score_and_gives_reasons():
    with translation.override("en"):
        rows = rank_gaps(
            [
                item(area_code="001", offers=3, accessibility=0.9),
                item(area_code="002", offers=0, accessibility=0.1, need_index=0.9, gap_reports=1),
                item(area_code="003", population=0),
            ]
        )
    assert [r.area_code for r in rows] == ["002", "001", "003"]
    assert [r.score for r in rows] == sorted((r.score for r in rows), reverse=True)
    codes = [x.code for x in rows[0].reasons]
    assert codes == ["no_local_offer", "accessibility_shortfall", "high_need", "gap_reports"]
    assert "90 %" in rows[0].reasons[1].text
    assert [x.code for x in rows[2].reasons] == ["no_population"]
    assert rows[0].as_dict()["reasons"][0] == {
        "code": "no_local_offer",
        "text": rows[0].reasons[0].text,
    }
    assert rows[0].demand_signals == 1
