"""Snapshot content on a constructed tenant (numbers computed by hand), immutability,
and the comparison of two snapshots."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.core.exceptions import ValidationError

from planning.snapshot_fixture import DAY, build
from praevnav.planning.models import PlanningSnapshot
from praevnav.planning.services_snapshots import snapshot_create
from praevnav.planning.snapshots import compare, snapshot_content, suppress_small

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tenant):
    return build(tenant)


def test_snapshot_coverage_counts_current_offers_per_area_phase_and_dimension(tenant, world):
    data = snapshot_content(tenant=tenant, reference_date=DAY)
    cov = data["coverage"]
    assert cov["levels"] == ["stadtbezirk", "stadtteil"]
    # Babymassage, Elterncafé, Hotline are current; the overdue and the ended offer not.
    assert cov["current"] == 3
    assert cov["left_out"] == {"overdue": 1, "invalid": 1}
    nord = cov["by_level"]["stadtteil"]["011"]["phases"]
    sued = cov["by_level"]["stadtteil"]["012"]["phases"]
    bezirk = cov["by_level"]["stadtbezirk"]["01"]["phases"]
    assert nord["0-3"]["offers"] == 1  # Babymassage (located in Nord)
    assert nord["0-3"]["dims"] == {"bildung": 0, "erziehung": 0, "gesundheit": 1, "teilhabe": 0}
    assert nord["3-6"]["offers"] == 0
    assert sued["0-3"]["offers"] == 1 and sued["3-6"]["offers"] == 1  # Elterncafé serves Süd
    assert sued["0-3"]["dims"]["erziehung"] == 1
    assert nord["27-65"]["offers"] == 1 and sued["27-65"]["offers"] == 1  # the city-wide hotline
    assert bezirk["0-3"]["offers"] == 2 and bezirk["3-6"]["offers"] == 1
    assert nord["0-3"]["per_1000"] is None  # no population figures: no rate, never NaN
    assert cov["totals"]["0-3"]["offers"] == 2
    assert cov["totals"]["27-65"]["dims"]["teilhabe"] == 1


def test_snapshot_offers_list_holds_current_offers_with_areas_and_phases(tenant, world):
    data = snapshot_content(tenant=tenant, reference_date=DAY)
    babymassage, cafe, hotline, *_ = world["offers"]
    offers = {o["id"]: o for o in data["offers"]}
    assert set(offers) == {babymassage.pk, cafe.pk, hotline.pk}
    assert offers[babymassage.pk] == {
        "id": babymassage.pk,
        "title": "Babymassage",
        "organisation": "Alpha e. V.",
        "areas": ["01", "011"],
        "phases": ["0-3"],
    }
    assert offers[cafe.pk]["areas"] == ["012"]
    assert offers[cafe.pk]["phases"] == ["0-3", "3-6"]
    assert offers[hotline.pk]["areas"] == ["*"]


def test_snapshot_currency_is_evaluated_on_the_reporting_date(tenant, world):
    data = snapshot_content(tenant=tenant, reference_date=DAY)
    cur = data["currency"]
    # 5 published; the one confirmed 2024-01-01 was due 2025-01-01, hidden from 2025-03-02.
    assert (cur["total"], cur["current"], cur["overdue"], cur["hidden"]) == (5, 4, 0, 1)
    assert cur["share_current"] == 80.0
    providers = {p["name"]: p for p in cur["by_provider"]}
    assert providers["Alpha e. V."] == {
        "name": "Alpha e. V.",
        "total": 2,
        "current": 1,
        "overdue": 0,
        "hidden": 1,
    }
    assert providers["Beta gGmbH"]["total"] == 3
    # On 2025-01-15 the old offer was overdue but not yet hidden; validity also moves:
    # "Projekt beendet" (valid until 2025-01-31) was still current then.
    early = snapshot_content(tenant=tenant, reference_date=dt.date(2025, 1, 15))
    assert (early["currency"]["overdue"], early["currency"]["hidden"]) == (1, 0)
    assert early["coverage"]["current"] == 4
    assert early["coverage"]["left_out"] == {"overdue": 1, "invalid": 0}


def test_snapshot_demand_counts_the_365_days_up_to_the_reporting_date(tenant, world):
    demand = snapshot_content(tenant=tenant, reference_date=DAY)["demand"]
    assert demand["totals"] == {
        "searches": 10,
        "zero_results": 3,
        "few_results": 1,
        "gap_reports": 1,
    }
    assert demand["by_phase"]["0-3"] == {
        "searches": 4,
        "zero_results": 3,
        "few_results": 1,
        "gap_reports": 1,
    }
    assert demand["by_level"]["stadtteil"]["012"]["searches"] == 6
    assert demand["by_level"]["stadtbezirk"]["01"]["searches"] == 10


def test_snapshot_overlaps_gaps_and_accessibility_are_recorded(tenant, world):
    data = snapshot_content(tenant=tenant, reference_date=DAY)
    assert data["overlaps"]["available"] is True
    assert data["overlaps"]["groups"] == []  # no two providers offer the same here
    gaps = data["gaps"]
    assert gaps["available"] is True
    assert set(gaps["levels"]) == {"stadtbezirk", "stadtteil"}
    # the snapshot holds what the gap list shows (here: no population, so no rows)
    from praevnav.planning.selectors_gaps import gap_list

    for level in ("stadtbezirk", "stadtteil"):
        expected = [r.as_dict() for r in gap_list(tenant=tenant, level=level).rows]
        assert gaps["levels"][level] == {"total": len(expected), "rows": expected[:100]}
    assert isinstance(data["accessibility"]["available"], bool)
    if not data["accessibility"]["available"]:
        assert data["accessibility"]["reason"]


def test_a_failing_analysis_is_recorded_and_the_rest_still_frozen(tenant, world):
    with mock.patch(
        "praevnav.planning.selectors_accessibility.compute_accessibility",
        side_effect=RuntimeError("kaputt"),
    ):
        data = snapshot_content(tenant=tenant, reference_date=DAY)
    assert data["accessibility"] == {"available": False, "reason": "RuntimeError: kaputt"}
    assert data["coverage"]["current"] == 3


def test_snapshot_create_stores_and_audits(tenant, world, persona_user):
    planer = persona_user("planer")
    snapshot = snapshot_create(tenant=tenant, reference_date=DAY, label="JHA Juli", by=planer)
    stored = PlanningSnapshot.all_tenants.get(pk=snapshot.pk)
    assert stored.reference_date == DAY and stored.label == "JHA Juli"
    assert stored.created_by == planer
    assert len(stored.data["offers"]) == 3
    from praevnav.core.models import AuditEntry

    entry = AuditEntry.objects.get(action="snapshot.create", object_id=str(snapshot.pk))
    assert entry.actor == planer and entry.changes["offers"] == [None, 3]


def test_snapshot_create_refuses_a_future_date(tenant):
    with pytest.raises(ValidationError) as info:
        snapshot_create(tenant=tenant, reference_date=dt.date.today() + dt.timedelta(days=2))
    assert "reference_date" in info.value.message_dict
    assert not PlanningSnapshot.all_tenants.exists()


def test_snapshots_are_immutable(tenant, world):
    snapshot = snapshot_create(tenant=tenant, reference_date=DAY)
    snapshot.label = "changed"
    with pytest.raises(ValidationError):
        snapshot.save()
    with pytest.raises(ValidationError):
        snapshot.delete()
    assert PlanningSnapshot.all_tenants.get(pk=snapshot.pk).label == ""


def test_suppress_small_shows_one_to_four_as_below_five():
    assert [suppress_small(n) for n in (0, 1, 4, 5, 17)] == ["0", "< 5", "< 5", "5", "17"]


def _snap(offers, cells, demand=None, share=50.0):
    return {
        "phases": [{"code": "0-3", "name": "0–3"}, {"code": "3-6", "name": "3–6"}],
        "coverage": {
            "levels": ["stadtteil"],
            "totals": {
                "0-3": {"offers": sum(c[0] for c in cells.values())},
                "3-6": {"offers": sum(c[1] for c in cells.values())},
            },
            "by_level": {
                "stadtteil": {
                    code: {
                        "name": f"Teil {code}",
                        "phases": {"0-3": {"offers": c[0]}, "3-6": {"offers": c[1]}},
                    }
                    for code, c in cells.items()
                }
            },
        },
        "currency": {"share_current": share, "total": 10},
        "demand": demand or {"totals": {}, "by_phase": {}},
        "offers": [{"id": i, "title": t, "organisation": "X"} for i, t in offers],
    }


def test_compare_lists_opened_and_closed_offers_and_coverage_deltas():
    a = _snap([(1, "Alt"), (2, "Bleibt")], {"011": (2, 1), "012": (0, 0)})
    b = _snap([(2, "Bleibt"), (3, "Neu"), (4, "Auch neu")], {"011": (2, 3), "012": (1, 0)})
    result = compare(a, b)
    assert [o["title"] for o in result.opened] == ["Auch neu", "Neu"]
    assert [o["title"] for o in result.closed] == ["Alt"]
    assert [(d.area_code, d.phase, d.a, d.b, d.delta) for d in result.coverage] == [
        ("011", "3-6", 1, 3, 2),
        ("012", "0-3", 0, 1, 1),
    ]
    assert result.unchanged_cells == 2
    assert result.totals == [("0-3", 2, 3), ("3-6", 1, 3)]


def test_compare_handles_areas_present_in_one_snapshot_only():
    a = _snap([], {"011": (1, 0)})
    b = _snap([], {"011": (1, 0), "013": (0, 0)})
    result = compare(a, b)
    assert [(d.area_code, d.phase, d.a, d.b) for d in result.coverage] == [
        ("013", "0-3", None, 0),
        ("013", "3-6", None, 0),
    ]


def test_compare_suppresses_small_demand_counts_and_withholds_revealing_totals():
    a = _snap(
        [],
        {},
        demand={
            "totals": {"searches": 40, "zero_results": 7, "gap_reports": 3},
            "by_phase": {"0-3": {"zero_results": 3, "gap_reports": 3}, "3-6": {"zero_results": 4}},
        },
    )
    b = _snap(
        [],
        {},
        demand={
            "totals": {"searches": 2, "zero_results": 12},
            "by_phase": {"0-3": {"zero_results": 12}},
        },
    )
    rows = {(r["kind"], r["phase"]): (r["a"], r["b"]) for r in compare(a, b).demand}
    assert rows[("searches", None)] == ("40", "< 5")
    assert rows[("zero_results", None)] == ("·", "12")  # 7 = 3 + 4 would reveal both
    assert rows[("gap_reports", None)] == ("< 5", "0")
    assert rows[("zero_results", "0-3")] == ("< 5", "12")
    assert rows[("zero_results", "3-6")] == ("< 5", "0")
    shown = [v for pair in rows.values() for v in pair]
    assert not any(v in {"1", "2", "3", "4"} for v in shown)


def test_a_snapshot_as_of_today_computes_the_accessibility_once(tenant, world):
    from django.core.cache import cache
    from django.utils import timezone

    from praevnav.planning import selectors_accessibility

    original = selectors_accessibility.compute_accessibility
    cache.clear()
    with mock.patch.object(
        selectors_accessibility, "compute_accessibility", wraps=original
    ) as computed:
        today = snapshot_content(tenant=tenant, reference_date=timezone.localdate())
    # The accessibility section and the gap list share one computation.
    assert computed.call_count == 1
    assert today["gaps"]["available"] is True
    cache.clear()
    with mock.patch.object(
        selectors_accessibility, "compute_accessibility", wraps=original
    ) as computed:
        snapshot_content(tenant=tenant, reference_date=DAY)
    # An earlier reporting date is computed on its own data; the gap list (as of today)
    # does not take it from the cache.
    assert computed.call_count == 2
    assert computed.call_args_list[0].kwargs["dataset"].today == DAY
