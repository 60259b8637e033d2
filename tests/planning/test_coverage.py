"""Coverage matrix and chain ratings on a small hand-built dataset (numbers by hand)."""

from __future__ import annotations

from datetime import date

import pytest

from praevnav.planning import coverage as cov
from praevnav.planning.supply import CURRENT, OVERDUE, AreaNode, PlanningDataset, SupplyRow
from praevnav.taxonomy.models import LifePhase

CITY, BEZIRK, HAFEN, BILK, ELLER = 1, 2, 3, 4, 5
ALL = {CITY, BEZIRK, HAFEN, BILK, ELLER}


def _row(pk, phases, counts_in, *, state=CURRENT, **kw):
    values = dict(
        id=pk, title=f"Angebot {pk}", organisation_id=1, external_id="", state=state,
        kind="locations", phases=frozenset(phases), dimensions=frozenset(),
        topics=frozenset(), target_groups=frozenset(), prevention_level="",
        access=frozenset(), languages=frozenset(), capacity=None, counts_in=set(counts_in),
    )  # fmt: skip
    values.update(kw)
    return SupplyRow(**values)


@pytest.fixture
def dataset():
    areas = {
        CITY: AreaNode(CITY, "05111000", "Stadt", "kommune", None, 1, None),
        BEZIRK: AreaNode(BEZIRK, "03", "Bezirk 3", "stadtbezirk", CITY, 1, None),
        HAFEN: AreaNode(HAFEN, "033", "Hafen", "stadtteil", BEZIRK, 1, None),
        BILK: AreaNode(BILK, "034", "Bilk", "stadtteil", BEZIRK, 1, None),
        ELLER: AreaNode(ELLER, "035", "Eller", "stadtteil", BEZIRK, 1, None),
    }
    offers = [
        _row(1, {"0-3"}, {HAFEN, BEZIRK, CITY}, capacity=20, dimensions=frozenset({"bildung"}),
             topics=frozenset({"babymassage"}), access=frozenset({"kostenlos"})),
        _row(2, {"0-3", "65plus"}, {BILK, BEZIRK, CITY}, dimensions=frozenset({"gesundheit"}),
             languages=frozenset({"tr"}), target_groups=frozenset({"alleinerziehende"})),
        _row(3, {"65plus"}, ALL, kind="whole", capacity=10, prevention_level="universell"),
        _row(4, {"0-3"}, {HAFEN, BEZIRK, CITY}, state=OVERDUE, capacity=99),
    ]  # fmt: skip
    return PlanningDataset(
        tenant=None, today=date(2025, 6, 1),
        phases=[LifePhase(code="0-3", position=1), LifePhase(code="65plus", position=2)],
        areas=areas, children={}, offers=offers, dimension_names={},
    )  # fmt: skip


POPULATION = {
    HAFEN: {"0-3": 200.0, "65plus": 0.0},
    BILK: {"0-3": 400.0, "65plus": 1000.0},
    ELLER: {"0-3": 300.0, "65plus": None},
}


def _cells(matrix):
    return {(r.area.code, code): c for r in matrix.rows for code, c in r.cells.items()}


def test_counts_rates_and_places_per_area_and_phase(dataset):
    matrix = cov.coverage_matrix(dataset, level="stadtteil", population=POPULATION)
    cells = _cells(matrix)
    hafen_young = cells[("033", "0-3")]
    assert (hafen_young.offers, hafen_young.per_1000) == (1, 5.0)  # 1 / 200 × 1000
    assert (hafen_young.places, hafen_young.with_capacity, hafen_young.places_per_1000) == (
        20, 1, 100.0
    )  # fmt: skip
    bilk_young = cells[("034", "0-3")]
    assert (bilk_young.offers, bilk_young.per_1000) == (1, 2.5)
    assert bilk_young.with_capacity == 0 and bilk_young.places_per_1000 is None
    bilk_old = cells[("034", "65plus")]  # offer 2 plus the city-wide offer 3
    assert (bilk_old.offers, bilk_old.per_1000, bilk_old.places_per_1000) == (2, 2.0, 10.0)
    eller_young = cells[("035", "0-3")]
    assert (eller_young.offers, eller_young.per_1000) == (0, 0.0)
    assert {r.area.code: r.offers for r in matrix.rows} == {"033": 2, "034": 2, "035": 1}
    assert matrix.left_out == {"overdue": 1, "invalid": 0}
    assert (matrix.current, matrix.matching) == (3, 3)


def test_empty_or_zero_population_gives_no_rate_never_nan(dataset):
    cells = _cells(cov.coverage_matrix(dataset, level="stadtteil", population=POPULATION))
    assert cells[("033", "65plus")].offers == 1
    assert cells[("033", "65plus")].per_1000 is None  # population 0
    assert cells[("033", "65plus")].places_per_1000 is None
    assert cells[("035", "65plus")].per_1000 is None  # suppressed
    empty = _cells(cov.coverage_matrix(dataset, level="stadtteil", population={}))
    assert all(c.per_1000 is None for c in empty.values())


def test_level_choice_counts_at_that_level(dataset):
    matrix = cov.coverage_matrix(
        dataset, level="stadtbezirk", population={BEZIRK: {"0-3": 1000.0, "65plus": 500.0}}
    )
    [row] = matrix.rows
    assert row.area.code == "03"
    assert row.cells["0-3"].offers == 2 and row.cells["0-3"].per_1000 == 2.0
    assert row.cells["65plus"].offers == 2 and row.cells["65plus"].per_1000 == 4.0


@pytest.mark.parametrize(
    ("filters", "dimension", "expected"),
    [
        (cov.CoverageFilters(free_only=True), None, {"033": 1, "034": 0}),
        (cov.CoverageFilters(languages=frozenset({"tr"})), None, {"033": 0, "034": 1}),
        (cov.CoverageFilters(topics=frozenset({"babymassage"})), None, {"033": 1, "034": 0}),
        (
            cov.CoverageFilters(target_groups=frozenset({"alleinerziehende"})),
            None,
            {"033": 0, "034": 1},
        ),
        (
            cov.CoverageFilters(prevention_levels=frozenset({"universell"})),
            None,
            {"033": 0, "034": 0},
        ),
        (cov.CoverageFilters(), "bildung", {"033": 1, "034": 0}),
        (cov.CoverageFilters(), "gesundheit", {"033": 0, "034": 1}),
    ],
)
def test_filters_and_dimension_restrict_the_offers(dataset, filters, dimension, expected):
    matrix = cov.coverage_matrix(
        dataset, level="stadtteil", population=POPULATION, filters=filters, dimension=dimension
    )
    young = {r.area.code: r.cells["0-3"].offers for r in matrix.rows if r.area.code in expected}
    assert young == expected


def test_local_supply_leaves_out_whole_tenant_offers(dataset):
    local = cov.coverage_matrix(
        dataset, level="stadtteil", population=POPULATION, include_everywhere=False
    )
    assert _cells(local)[("033", "65plus")].offers == 0
    assert _cells(local)[("034", "65plus")].offers == 1


def test_sort_puts_cells_without_value_last_in_both_directions(dataset):
    rows = cov.coverage_matrix(dataset, level="stadtteil", population=POPULATION).rows
    up = [r.area.code for r in cov.sort_rows(rows, "65plus:per_1000")]
    down = [r.area.code for r in cov.sort_rows(rows, "65plus:per_1000", descending=True)]
    assert up[0] == "034" and down[0] == "034"
    assert set(up[1:]) == {"033", "035"} and set(down[1:]) == {"033", "035"}
    assert [r.area.code for r in cov.sort_rows(rows, "0-3:offers", descending=True)][-1] == "035"
    assert [r.area.name for r in cov.sort_rows(rows, "name")] == ["Bilk", "Eller", "Hafen"]


def test_quantile_breaks_and_classes():
    breaks = cov.quantile_breaks([None, 1.0, 2.0, 3.0, 4.0, 5.0], classes=5)
    assert breaks == [1.0, 2.0, 3.0, 4.0, 5.0]
    assert cov.class_of(2.5, breaks) == 2 and cov.class_of(None, breaks) is None
    assert cov.quantile_breaks([0.0, 0.0, 0.0, 7.0], classes=4) == [0.0, 7.0]
    assert cov.quantile_breaks([None, float("nan")]) == []


@pytest.mark.parametrize(
    ("value", "reference", "rating"),
    [(0.49, 1.0, cov.GAP), (0.5, 1.0, cov.LOW), (0.99, 1.0, cov.LOW), (1.0, 1.0, cov.OK),
     (None, 1.0, cov.UNKNOWN), (1.0, None, cov.UNKNOWN), (0.0, 0.0, cov.GAP), (2.0, 0.0, cov.OK)],
)  # fmt: skip
def test_rating_rule(value, reference, rating):
    assert cov.rate(value, reference)[1] == rating


def test_chain_rates_local_offers_per_1000_against_the_median(dataset):
    # local 0-3 per 1,000: Hafen 5.0, Bilk 2.5, Eller 0.0 → median 2.5
    eller = cov.chain(dataset, level="stadtteil", population=POPULATION, area_id=ELLER)
    young = {link.phase_code: link for link in eller.links}["0-3"]
    assert (young.value, young.reference, young.rating) == (0.0, 2.5, cov.GAP)
    assert young.offers == 0
    old = {link.phase_code: link for link in eller.links}["65plus"]
    assert old.rating == cov.UNKNOWN and old.offers == 1 and old.local == 0
    bilk = cov.chain(dataset, level="stadtteil", population=POPULATION, area_id=BILK)
    links = {link.phase_code: link for link in bilk.links}
    assert links["0-3"].rating == cov.OK and links["0-3"].ratio == 1.0
    assert links["65plus"].by_dimension == {"bildung": 0, "gesundheit": 1}


def test_whole_tenant_chain_rates_by_share_of_people_in_gap_areas(dataset):
    whole = cov.chain(dataset, level="stadtteil", population=POPULATION)
    young = {link.phase_code: link for link in whole.links}["0-3"]
    # Eller (300 of 900 inhabitants 0-3) is a gap: 33 % ≥ 25 %
    assert young.rating == cov.GAP and young.ratio == pytest.approx(300 / 900)
    assert young.offers == 2 and young.areas_by_rating == {cov.OK: 2, cov.GAP: 1}
