"""The gap list: area × life phase (× dimension) ranked by unmet need. Pure, no ORM.

Score (shown on the gap page)::

    score = (1 + N) × √P × (S + L + D)

* ``N`` need index of the area and phase (0…1, ``planning.need``): the need factor runs
  from 1 (least need in the tenant) to 2 (most), so low need lowers but never erases a gap;
* ``P`` population of the life phase in the area. It enters as its square root, so that a
  complete gap in a small Stadtteil is not hidden behind a slight shortfall in a large one;
* ``S = max(0, 1 − A / M)`` shortfall of the area's accessibility ``A`` against the
  tenant median ``M`` (population-weighted over the areas of the level). With ``M = 0``
  (no reachable supply anywhere) ``S = 1``;
* ``L = 1`` when no offer is located in or serves the area for the phase (offers for the
  whole municipality are not local supply), else 0;
* ``D = min(1, 0.1 × (2 × zero-result searches + few-result searches + 2 × reported gaps
  + 2 × qualitative needs))`` — demand signals raise the score by up to one unit.

An area without population of the phase scores 0. Every row carries its reasons as
machine-readable codes with a German text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

HIGH_NEED = 2 / 3
DEMAND_STEP = 0.1
DEMAND_CAP = 1.0


@dataclass(frozen=True)
class GapInput:
    area_code: str
    area_name: str
    life_phase: str
    dimension: str | None
    population: float
    offers: int
    accessibility: float | None
    median: float | None
    need_index: float
    need_imputed: bool = False
    zero_results: int = 0
    few_results: int = 0
    gap_reports: int = 0
    qualitative: int = 0


@dataclass
class Reason:
    code: str
    text: str

    def as_dict(self) -> dict:
        return {"code": self.code, "text": self.text}


@dataclass
class GapRow:
    area_code: str
    area_name: str
    life_phase: str
    dimension: str | None
    population: float
    offers: int
    accessibility: float | None
    need_index: float
    demand_signals: int
    score: float
    shortfall: float
    reasons: list[Reason] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "area_code": self.area_code,
            "area_name": self.area_name,
            "life_phase": self.life_phase,
            "dimension": self.dimension,
            "population": round(self.population, 1),
            "offers": self.offers,
            "accessibility": None if self.accessibility is None else round(self.accessibility, 6),
            "need_index": round(self.need_index, 4),
            "demand_signals": self.demand_signals,
            "score": round(self.score, 4),
            "reasons": [r.as_dict() for r in self.reasons],
        }


def shortfall(accessibility: float | None, median: float | None) -> float:
    """``max(0, 1 − A/M)``; 1 when nothing is reachable anywhere (M = 0 or unknown) and
    the area has no accessibility either; 0 for an area without a value."""
    if accessibility is None:
        return 0.0
    if median is None or median <= 0:
        return 1.0 if accessibility <= 0 else 0.0
    return max(0.0, 1.0 - accessibility / median)


def demand_bonus(
    *, zero_results: int, few_results: int, gap_reports: int, qualitative: int
) -> float:
    weighted = 2 * zero_results + few_results + 2 * gap_reports + 2 * qualitative
    return min(DEMAND_CAP, DEMAND_STEP * weighted)


def gap_score(item: GapInput) -> tuple[float, float]:
    """``(score, shortfall)`` of one area × phase (see the module docstring)."""
    s = shortfall(item.accessibility, item.median)
    if item.population <= 0:
        return 0.0, s
    local = 1.0 if item.offers == 0 else 0.0
    d = demand_bonus(
        zero_results=item.zero_results,
        few_results=item.few_results,
        gap_reports=item.gap_reports,
        qualitative=item.qualitative,
    )
    return (1.0 + item.need_index) * math.sqrt(item.population) * (s + local + d), s


def _reasons(item: GapInput, s: float) -> list[Reason]:
    out: list[Reason] = []
    if item.population <= 0:
        return [Reason("no_population", _("Nobody of this life phase lives here."))]
    if item.offers == 0:
        out.append(Reason("no_local_offer", _("No offer is located in or serves this area.")))
    if s > 0:
        out.append(
            Reason(
                "accessibility_shortfall",
                _("Accessibility is %(share)d %% below the median of the municipality.")
                % {"share": round(100 * s)},
            )
        )
    elif item.accessibility is not None:
        out.append(Reason("accessibility_ok", _("Accessibility is at or above the median.")))
    if item.need_index >= HIGH_NEED:
        out.append(
            Reason(
                "high_need",
                _("High need index (%(value)s of 1).") % {"value": f"{item.need_index:.2f}"},
            )
        )
    if item.need_imputed:
        out.append(
            Reason("need_imputed", _("No need indicators for this area: the median is used."))
        )
    if item.zero_results:
        out.append(
            Reason(
                "zero_results",
                _("%(count)d searches found nothing.") % {"count": item.zero_results},
            )
        )
    if item.few_results:
        out.append(
            Reason(
                "few_results",
                _("%(count)d searches found only a few offers.") % {"count": item.few_results},
            )
        )
    if item.gap_reports:
        out.append(
            Reason("gap_reports", _("%(count)d gaps reported.") % {"count": item.gap_reports})
        )
    if item.qualitative:
        out.append(
            Reason(
                "qualitative_needs",
                _("%(count)d qualitative needs recorded.") % {"count": item.qualitative},
            )
        )
    return out


def rank_gaps(items: list[GapInput]) -> list[GapRow]:
    """Score every item and sort by score descending (ties: area code, phase)."""
    rows = []
    for item in items:
        score, s = gap_score(item)
        rows.append(
            GapRow(
                area_code=item.area_code,
                area_name=item.area_name,
                life_phase=item.life_phase,
                dimension=item.dimension,
                population=item.population,
                offers=item.offers,
                accessibility=item.accessibility,
                need_index=item.need_index,
                demand_signals=item.zero_results
                + item.few_results
                + item.gap_reports
                + item.qualitative,
                score=score,
                shortfall=s,
                reasons=_reasons(item, s),
            )
        )
    rows.sort(key=lambda r: (-r.score, r.area_code, r.life_phase))
    return rows
