"""Demand signals by month, area, life phase and topic, with small-cell suppression."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from factories import AreaFactory
from praevnav.catalogue.models import GapReport, SearchEvent
from praevnav.planning.selectors_demand import (
    DemandRow,
    add_months,
    default_range,
    demand_signals_view,
    shown,
    suppress_tables,
)

pytestmark = pytest.mark.django_db

JAN, FEB, MAR = dt.date(2025, 1, 1), dt.date(2025, 2, 1), dt.date(2025, 3, 1)


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _search(tenant, day, results=0, area=None, phases=("3-6",), topics=(), n=1):
    for _ in range(n):
        SearchEvent.all_tenants.create(
            tenant=tenant, occurred_hour=_at(day), result_count=results, area=area,
            life_phase_codes=list(phases), filters={"topic": list(topics)} if topics else {},
        )  # fmt: skip


def _gap(tenant, day, area=None, phases=("3-6",), n=1):
    for _ in range(n):
        GapReport.all_tenants.create(
            tenant=tenant, occurred_hour=_at(day), sought="Schwimmkurs", area=area,
            life_phase_codes=list(phases),
        )  # fmt: skip


@pytest.fixture
def areas(tenant):
    bezirk = AreaFactory(tenant=tenant, level="stadtbezirk", code="03", name="Bezirk 3")
    oberbilk = AreaFactory(
        tenant=tenant, level="stadtteil", code="037", name="Oberbilk", parent=bezirk
    )
    lierenfeld = AreaFactory(
        tenant=tenant, level="stadtteil", code="038", name="Lierenfeld", parent=bezirk
    )
    sozialraum = AreaFactory(
        tenant=tenant, level="sozialraum", code="03701", name="SR 1", parent=oberbilk
    )
    return bezirk, oberbilk, lierenfeld, sozialraum


def test_shown_suppresses_one_to_four_only():
    assert [shown(n).text for n in (0, 1, 4, 5, 17)] == ["0", "< 5", "< 5", "5", "17"]
    assert shown(3).value is None and shown(3).suppressed
    assert shown(0).value == 0 and not shown(0).suppressed


def test_counts_by_month_area_phase_and_topic(tenant, areas):
    bezirk, oberbilk, lierenfeld, sozialraum = areas
    _search(tenant, JAN, results=0, area=sozialraum, topics=("sprache",), n=6)
    _search(tenant, FEB, results=2, area=oberbilk, n=5)
    _search(tenant, FEB, results=9, area=oberbilk, n=3)  # enough results: not a signal
    _gap(tenant, MAR, area=lierenfeld, phases=("6-10",), n=7)
    _search(tenant, dt.date(2024, 12, 1), results=0, n=9)  # before the period

    view = demand_signals_view(tenant=tenant, start=JAN, end=MAR, level="stadtteil")

    months = {r.key: r.counts for r in view.tables["month"].rows}
    assert months == {
        "2025-01-01": {"zero_results": 6, "few_results": 0, "gap_reports": 0},
        "2025-02-01": {"zero_results": 0, "few_results": 5, "gap_reports": 0},
        "2025-03-01": {"zero_results": 0, "few_results": 0, "gap_reports": 7},
    }
    by_area = {r.key: r.counts for r in view.tables["area"].rows}
    # the Sozialraum rolls up into its Stadtteil
    assert by_area["037"] == {"zero_results": 6, "few_results": 5, "gap_reports": 0}
    assert by_area["038"]["gap_reports"] == 7
    by_phase = {r.key: r.counts for r in view.tables["phase"].rows}
    assert by_phase["6-10"]["gap_reports"] == 7
    assert by_phase["3-6"]["zero_results"] == 6
    by_topic = {r.key: r.counts["zero_results"] for r in view.tables["topic"].rows}
    assert by_topic["sprache"] == 6
    assert {k: v.text for k, v in view.totals.items()} == {
        "zero_results": "6", "few_results": "5", "gap_reports": "7"
    }  # fmt: skip

    bezirke = demand_signals_view(tenant=tenant, start=JAN, end=MAR, level="stadtbezirk")
    assert {r.key: r.counts["zero_results"] for r in bezirke.tables["area"].rows} == {"03": 6}


def test_life_phase_filter_keeps_only_its_signals(tenant, areas):
    _search(tenant, JAN, phases=("0-3",), n=5)
    _search(tenant, JAN, phases=("6-10",), n=6)
    view = demand_signals_view(tenant=tenant, start=JAN, end=JAN, life_phase="6-10")
    assert view.tables["month"].rows[0].counts["zero_results"] == 6


def test_small_counts_are_suppressed_and_totals_that_would_reveal_them_withheld(tenant, areas):
    _, oberbilk, lierenfeld, _ = areas
    _search(tenant, JAN, area=oberbilk, n=9)
    _search(tenant, FEB, area=lierenfeld, n=2)  # a small cell: 2

    view = demand_signals_view(tenant=tenant, start=JAN, end=FEB)

    months = {r.key: r.cells["zero_results"].text for r in view.tables["month"].rows}
    assert months == {"2025-01-01": "9", "2025-02-01": "< 5"}
    assert {r.key: r.cells["zero_results"].text for r in view.tables["area"].rows} == {
        "037": "9", "038": "< 5"
    }  # fmt: skip
    # 11 − 9 would give the 2 away: the total is withheld, not shown
    assert view.totals["zero_results"].text == "·"
    assert view.totals["zero_results"].value is None
    # kinds without any small cell keep their exact total
    assert view.totals["gap_reports"].text == "0"


def test_a_small_total_is_shown_as_less_than_five(tenant):
    _gap(tenant, JAN, n=3)
    view = demand_signals_view(tenant=tenant, start=JAN, end=JAN)
    assert view.totals["gap_reports"].text == "< 5"


def test_suppress_tables_checks_every_table_for_the_totals():
    rows = {"month": [DemandRow("m", "m", {"zero_results": 8, "few_results": 0, "gap_reports": 0})],
            "topic": [DemandRow("t", "t", {"zero_results": 3, "few_results": 0, "gap_reports": 0}),
                      DemandRow("u", "u", {"zero_results": 5, "few_results": 0, "gap_reports": 0})]}  # fmt: skip  # noqa: E501
    tables, totals = suppress_tables(rows, {"zero_results": 8, "few_results": 0, "gap_reports": 0})
    assert totals["zero_results"].withheld
    assert tables["month"].maximum == 8  # bars scale by shown values only


def test_every_month_of_the_range_is_listed_and_ranges_are_whole_months(tenant):
    view = demand_signals_view(tenant=tenant, start=dt.date(2025, 3, 15), end=JAN)
    assert [r.key for r in view.tables["month"].rows] == ["2025-01-01", "2025-02-01", "2025-03-01"]
    start, end = default_range(dt.date(2025, 6, 20))
    assert (start, end) == (dt.date(2024, 7, 1), dt.date(2025, 6, 1))
    assert add_months(dt.date(2025, 12, 1), 1) == dt.date(2026, 1, 1)


def test_query_count_does_not_grow_with_the_events(tenant, areas):
    _, oberbilk, _, _ = areas

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            demand_signals_view(tenant=tenant, start=JAN, end=MAR)
        return len(ctx.captured_queries)

    _search(tenant, JAN, area=oberbilk, topics=("sprache",))
    few = queries()
    _search(tenant, FEB, area=oberbilk, topics=("sprache", "bewegung"), n=30)
    _gap(tenant, MAR, n=20)
    assert queries() == few <= 8


def test_other_tenants_signals_are_not_counted(tenant, other_tenant):
    _search(other_tenant, JAN, n=7)
    view = demand_signals_view(tenant=tenant, start=JAN, end=JAN)
    assert view.tables["month"].rows[0].counts["zero_results"] == 0
