"""Reads for the duplicates and overlaps pages and the ``duplicates`` command.

:func:`findings` runs the pure detection (``planning.duplicates``) on the tenant's
current published offers (``selectors_duplicates.offer_features``) and joins what the
planners decided: dismissed duplicate pairs are left out, overlap groups carry their
stored verdict (``OverlapAssessment``). Archived offers are never features, so a merged
(archived) offer is never suggested again.

Doppelstrukturen are computed on one area level — the Stadtteil in a city, the Gemeinde
in a Kreis (the finest level that exists, else every area the offer counts in) — so that
one overlap is not listed again for its Stadtbezirk and each Sozialraum.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from praevnav.core.models import Tenant
from praevnav.geography.models import Area
from praevnav.planning.duplicates import (
    OfferFeatures,
    duplicate_pairs,
    overlap_groups,
    prepare,
)
from praevnav.planning.duplicates_reasons import reasons_with_text
from praevnav.planning.models import DuplicateDismissal, OverlapAssessment
from praevnav.planning.selectors_duplicates import offer_features
from praevnav.taxonomy.selectors import life_phases_for_tenant

OVERLAP_LEVELS = ("stadtteil", "gemeinde")


@dataclass(frozen=True)
class DuplicateFinding:
    """A suggested duplicate pair: features of both offers, score and reasons (with text)."""

    a: OfferFeatures
    b: OfferFeatures
    score: float
    reasons: tuple[dict, ...]


@dataclass(frozen=True)
class OverlapFinding:
    """A Doppelstruktur in one area and life phase, with the planners' verdict if any."""

    key: str
    offers: tuple[OfferFeatures, ...]
    area_code: str
    area_name: str
    life_phase: str
    life_phase_name: str
    score: float
    reasons: tuple[dict, ...]
    assessment: OverlapAssessment | None = None

    @property
    def offer_ids(self) -> list[int]:
        return [f.id for f in self.offers]

    @property
    def verdict(self) -> str:
        return self.assessment.verdict if self.assessment else "open"


@dataclass
class Findings:
    duplicates: list[DuplicateFinding] = field(default_factory=list)
    overlaps: list[OverlapFinding] = field(default_factory=list)
    overlap_level: str = ""
    areas: list[tuple[str, str]] = field(default_factory=list)  # (code, name) of that level
    phases: list[tuple[str, str]] = field(default_factory=list)  # (code, name), chain order
    offers: int = 0


def overlap_key(offer_ids: Iterable[int], area_code: str, life_phase: str) -> str:
    """Stable key of an overlap group: SHA-256 of the sorted offer ids, area and phase."""
    ids = ",".join(str(i) for i in sorted({int(i) for i in offer_ids}))
    return hashlib.sha256(f"{ids}|{area_code}|{life_phase}".encode()).hexdigest()


def offer_json(f: OfferFeatures) -> dict:
    """``{"id", "external_id", "title"}``; ``id`` is the id of ``/api/v1/offers/{id}``."""
    return {"id": f.id, "external_id": f.external_id, "title": f.title}


def _overlap_areas(tenant: Tenant) -> tuple[str, dict[str, str]]:
    rows = list(
        Area.all_tenants.filter(tenant_id__in=tenant.lineage_ids()).values_list(
            "level", "code", "name"
        )
    )
    levels = {level for level, _c, _n in rows}
    level = next((lvl for lvl in OVERLAP_LEVELS if lvl in levels), "")
    names = {code: name for lvl, code, name in rows if not level or lvl == level}
    return level, names


#: The last detection per tenant and variant, kept in this process (besides Django's
#: cache, which pickles it: reading 10,000 offers' features back took ~250 ms a request).
#: Kept like the planning dataset (``selectors_coverage``): replaced when its key changes.
_LOCAL_SECONDS = 600
_local: dict[tuple[int, bool], tuple[str, float, tuple]] = {}
_local_lock = threading.Lock()


def clear_cache() -> None:
    """Forget the detection results kept in this process (Django's cache is separate)."""
    with _local_lock:
        _local.clear()


def _detect(tenant: Tenant, today: date | None, overlaps: bool):
    """The expensive, pure part of ``findings``, cached while offers, areas, indicators,
    dismissals and the date stay the same (the catalogue version changes on any write):
    in this process first, then in Django's cache (shared by the processes)."""
    from django.core.cache import cache
    from django.db.models import Count, Max

    from praevnav.planning.selectors_accessibility import catalogue_version

    dismissals = DuplicateDismissal.all_tenants.filter(tenant_id__in=tenant.scope_ids()).aggregate(
        n=Count("pk"), m=Max("pk")
    )
    key = "praevnav:findings:{}:{}:{}:{}:{}".format(
        tenant.pk, today or "-", int(overlaps), catalogue_version(tenant=tenant),
        f"{dismissals['n']}-{dismissals['m']}",
    )  # fmt: skip
    slot = (tenant.pk, overlaps)
    kept = _local.get(slot)
    if kept is not None and kept[0] == key and time.monotonic() - kept[1] < _LOCAL_SECONDS:
        return kept[2]
    hit = cache.get(key)
    if hit is not None:
        with _local_lock:
            _local[slot] = (key, time.monotonic(), hit)
        return hit
    features = offer_features(tenant=tenant, today=today)
    level, area_names = _overlap_areas(tenant)
    result = (features, level, area_names, [], [])
    if len(features) >= 2:
        dismissed = {
            frozenset(pair)
            for pair in DuplicateDismissal.all_tenants.filter(
                tenant_id__in=tenant.scope_ids()
            ).values_list("offer_a_id", "offer_b_id")
        }
        prepared = prepare(features)
        matches = [
            m
            for m in duplicate_pairs(features, prepared=prepared)
            if frozenset((m.a, m.b)) not in dismissed
        ]
        groups = []
        if overlaps and level:
            codes = set(area_names)
            local = [replace(f, areas=f.areas & codes) for f in features]
            groups = overlap_groups(local, duplicates=matches)
        elif overlaps:
            groups = overlap_groups(features, prepared=prepared, duplicates=matches)
        result = (features, level, area_names, matches, groups)
    cache.set(key, result, _LOCAL_SECONDS)
    with _local_lock:
        _local[slot] = (key, time.monotonic(), result)
    return result


def findings(*, tenant: Tenant, today: date | None = None, overlaps: bool = True) -> Findings:
    """Duplicate pairs (best first, dismissed pairs left out) and overlap groups (best
    first, with verdicts; skipped with ``overlaps=False``) of ``tenant``'s current
    published offers. A fixed number of queries per 900 offers; the detection itself is
    cached (``_detect``)."""
    features, level, area_names, matches, groups = _detect(tenant, today, overlaps)
    phases = [(p.code, p.name) for p in life_phases_for_tenant(tenant_id=tenant.pk)]
    out = Findings(
        overlap_level=level,
        areas=sorted(area_names.items()),
        phases=phases,
        offers=len(features),
    )
    if len(features) < 2:
        return out
    by_id = {f.id: f for f in features}
    out.duplicates = [
        DuplicateFinding(by_id[m.a], by_id[m.b], m.score, tuple(reasons_with_text(m.reasons)))
        for m in matches
    ]
    if not overlaps:
        return out
    phase_names = dict(phases)
    keys = [overlap_key(g.offers, g.area_code, g.life_phase) for g in groups]
    assessments = {
        a.key: a
        for a in OverlapAssessment.all_tenants.filter(tenant_id=tenant.pk).select_related(
            "updated_by"
        )
    }
    out.overlaps = [
        OverlapFinding(
            key=key,
            offers=tuple(by_id[i] for i in g.offers),
            area_code=g.area_code,
            area_name=area_names.get(g.area_code, g.area_code),
            life_phase=g.life_phase,
            life_phase_name=phase_names.get(g.life_phase, g.life_phase),
            score=g.score,
            reasons=tuple(reasons_with_text(g.reasons)),
            assessment=assessments.get(key),
        )
        for g, key in zip(groups, keys, strict=True)
    ]
    return out


def findings_json(result: Findings) -> dict:
    """The ``praevnav duplicates --json`` shape (see the command's docstring)."""
    return {
        "duplicates": [
            {
                "a": offer_json(d.a),
                "b": offer_json(d.b),
                "score": d.score,
                "reasons": list(d.reasons),
            }
            for d in result.duplicates
        ],
        "overlaps": [
            {
                "offers": [offer_json(f) for f in o.offers],
                "area_code": o.area_code,
                "life_phase": o.life_phase,
                "score": o.score,
                "reasons": list(o.reasons),
            }
            for o in result.overlaps
        ],
    }


__all__ = [
    "DuplicateFinding",
    "Findings",
    "OverlapFinding",
    "findings",
    "findings_json",
    "offer_json",
    "overlap_key",
]
