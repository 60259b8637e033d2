"""Every planning page in a real browser (issue 5): as a planner each page has one h1, shows
the data of ``planning_world`` and is axe-clean (WCAG 2.1 A/AA); the coverage and chain
pages also without JavaScript; both maps have a table alternative with the same areas;
Koordination reads the pages but gets no buttons or links to change anything.

Runs in English (msgids, language cookie), so it holds before and after the German
catalogue is filled in. The pages are visited in one test per persona and mode (the data
is built once per test, as live_server tests flush the database afterwards); a page that
fails does not hide the others: all problems are reported together.
"""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from playwright.sync_api import expect

from e2e.helpers import AccessibilityError, assert_accessible, assert_one_h1
from e2e.planning_world import GAP_AREA, GAP_AREA_NAME, GAP_PHASE, STADTTEILE, build_world
from factories import MembershipFactory, UserFactory
from praevnav.accounts.enums import Role
from praevnav.planning.selectors_coverage import clear_cache

pytestmark = pytest.mark.e2e

CODES = sorted(code for code, *_rest in STADTTEILE)
CURRENT_OFFERS = 4 * 8 - 1 + 5  # one per Stadtteil × phase but the gap; hotline, 2 + 2 pairs


@pytest.fixture
def world(tenant):
    cache.clear()
    clear_cache()
    yield build_world(tenant)
    clear_cache()


def person(tenant, role: Role):
    user = UserFactory(username=f"{role.value}-e2e", first_name="Pat", last_name=role.label)
    MembershipFactory(user=user, tenant=tenant, role=role)
    return user


def log_in(page, user, live_server):
    """Give ``page`` the session of ``user`` (a test client's cookie), in English."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            },
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url},
        ]
    )
    return page


def main_text(page) -> str:
    return page.locator("main").inner_text()


def planner_pages(world) -> list[tuple[str, object]]:
    """(path, check) for every planning page; ``check(page)`` asserts the page's content."""
    measure, goal = world.measure, world.goal
    old, new = world.snapshots

    def figures(page):
        expect(page.locator('[data-figure="current"] dd')).to_have_text(str(CURRENT_OFFERS))
        expect(page.locator('[data-figure="overdue"] dd')).to_have_text("1")
        assert page.locator("[data-page]").count() == 11

    def coverage(page):
        for code, name, *_rest in STADTTEILE:
            expect(page.locator(f'#coverage-table tr[data-area="{code}"] th')).to_contain_text(name)

    def chain_all(page):
        expect(page.locator("#chain-list > li")).to_have_count(8)

    def chain_area(page):
        assert GAP_AREA_NAME in assert_one_h1(page)
        expect(page.locator(f'#chain-list li[data-phase="{GAP_PHASE}"]')).to_have_attribute(
            "data-rating", "gap"
        )

    def offers_area(page):
        expect(page.locator("#offer-count")).to_have_attribute("data-total", "1")

    def offers_all(page):
        # one located offer in each Stadtteil but Rath, and the city-wide hotline
        expect(page.locator("#offer-count")).to_have_attribute("data-total", "4")

    def accessibility(page):
        rows = page.locator("#access-table tbody tr")
        expect(rows).to_have_count(len(STADTTEILE))
        assert "NaN" not in main_text(page)

    def need(page):
        expect(page.locator("#need-table")).to_contain_text(GAP_AREA_NAME)
        expect(page.locator("#qualitative-table")).to_contain_text("alleinlebende Senior")

    def gaps(page):
        top = page.locator("#gap-table tbody tr").first
        expect(top).to_have_attribute("data-area", GAP_AREA)
        expect(top).to_have_attribute("data-phase", GAP_PHASE)

    def measures(page):
        expect(page.locator(f'tr[data-measure="{measure.pk}"]')).to_contain_text(measure.title)

    def measure_form(page):
        expect(page.locator("#id_title")).to_be_editable()
        expect(page.locator("#id_owner")).to_be_editable()

    def measure_detail(page):
        assert assert_one_h1(page) == measure.title
        expect(page.locator("#measure-fields")).to_contain_text(measure.owner)

    def measure_edit(page):
        expect(page.locator("#id_title")).to_have_value(measure.title)

    def goals(page):
        expect(page.locator("#goal-tree")).to_contain_text(goal.title)
        expect(page.locator("#goal-tree")).to_contain_text(measure.title)

    def goal_form(page):
        expect(page.locator("#id_title")).to_be_editable()

    def snapshots(page):
        expect(page.locator("#snapshot-table")).to_contain_text(old.label)
        expect(page.locator("#snapshot-table")).to_contain_text(new.label)

    def snapshot(page):
        assert old.label in main_text(page)
        expect(page.locator("#snapshot-figures")).to_be_visible()

    def compare(page):
        expect(page.locator("#compare-dates")).to_be_visible()
        expect(page.locator("#compare-error")).to_have_count(0)

    def duplicates(page):
        expect(page.locator("#duplicate-pairs")).to_contain_text("Sonnenblume")

    def overlaps(page):
        expect(page.locator("#overlap-groups")).to_contain_text("Sprachförderung")

    def demand(page):
        # three zero-result searches in Rath: shown as "< 5", never as 3
        expect(page.locator("main")).to_contain_text(GAP_AREA_NAME)
        expect(page.locator("main")).to_contain_text("< 5")

    return [
        ("/planung/", figures),
        ("/planung/abdeckung/", coverage),
        ("/planung/kette/", chain_all),
        (f"/planung/kette/{GAP_AREA}/", chain_area),
        (f"/planung/kette/{GAP_AREA}/angebote/{GAP_PHASE}/", offers_area),
        (f"/planung/kette/angebote/{GAP_PHASE}/", offers_all),
        ("/planung/erreichbarkeit/", accessibility),
        ("/planung/bedarf/", need),
        ("/planung/luecken/", gaps),
        ("/planung/massnahmen/", measures),
        ("/planung/massnahmen/neu/", measure_form),
        (f"/planung/massnahmen/{measure.pk}/", measure_detail),
        (f"/planung/massnahmen/{measure.pk}/bearbeiten/", measure_edit),
        ("/planung/ziele/", goals),
        ("/planung/ziele/neu/", goal_form),
        ("/planung/stichtage/", snapshots),
        (f"/planung/stichtage/{old.pk}/", snapshot),
        (f"/planung/stichtage/vergleich/?a={old.pk}&b={new.pk}", compare),
        ("/planung/dubletten/", duplicates),
        ("/planung/doppelstrukturen/", overlaps),
        ("/planung/nachfrage/", demand),
    ]


def visit_all(page, pages, check_axe) -> list[str]:
    """Visit each page; return one line per problem (status, h1, content, axe)."""
    problems = []
    for path, check in pages:
        try:
            response = page.goto(path)
            assert response.status == 200, f"HTTP {response.status}"
            assert_one_h1(page)
            assert "NaN" not in main_text(page), "NaN on screen"
            check(page)
            check_axe(page, path)
        except (AssertionError, AccessibilityError) as error:
            problems.append(f"{path}: {error}")
    return problems


def test_every_planning_page_shows_its_data_and_is_axe_clean(page, live_server, world, tenant):
    log_in(page, person(tenant, Role.PLANER), live_server)
    problems = visit_all(
        page, planner_pages(world), lambda p, path: assert_accessible(p, context=path)
    )
    assert not problems, "\n\n".join(problems)


NO_JS_PAGES = [
    ("/planung/abdeckung/", "#coverage-table", "#coverage-map"),
    ("/planung/kette/", "#chain-list", "#chain-svg"),
    (f"/planung/kette/{GAP_AREA}/", "#chain-list", "#chain-svg"),
    ("/planung/erreichbarkeit/", "#access-table", "#access-map"),
]


def test_coverage_chain_and_accessibility_work_without_javascript(
    new_context, check, live_server, world, tenant
):
    page = log_in(new_context(js=False).new_page(), person(tenant, Role.PLANER), live_server)
    for path, text_equivalent, graphic in NO_JS_PAGES:
        page.goto(path)
        assert_one_h1(page)
        expect(page.locator(text_equivalent)).to_be_visible()
        if graphic.endswith("-map"):
            # The map needs JavaScript and stays hidden; the table carries every value.
            expect(page.locator(graphic)).to_be_hidden()
        else:
            expect(page.locator(graphic)).to_be_visible()
        check(page, f"{path} without JavaScript", js=False)
    # The area picker of the chain view is a plain form: it works without JavaScript.
    page.goto("/planung/kette/")
    page.locator("#area-picker").select_option(GAP_AREA)
    page.get_by_role("button", name="Show chain").click()
    assert GAP_AREA_NAME in assert_one_h1(page)
    # The gap list's filters are a GET form too: life phase 3–6, Rath first.
    page.goto("/planung/luecken/")
    page.locator("#id_life_phase").select_option(GAP_PHASE)
    page.locator("#gap-filters").get_by_role("button").click()
    rows = page.locator("#gap-table tbody tr")
    expect(rows.first).to_have_attribute("data-area", GAP_AREA)
    assert set(rows.evaluate_all("rs => rs.map(r => r.dataset.phase)")) == {GAP_PHASE}


def map_values(page, script_id: str) -> dict:
    return json.loads(page.locator(f"#{script_id}").text_content())


def test_maps_draw_every_area_and_have_a_table_alternative(page, live_server, world, tenant):
    log_in(page, person(tenant, Role.PLANER), live_server)

    page.goto("/planung/abdeckung/")
    coverage_map = page.locator("#coverage-map")
    expect(coverage_map).to_be_visible()
    expect(coverage_map.locator("path.leaflet-interactive")).to_have_count(len(STADTTEILE))
    expect(page.locator("#map-legend li")).not_to_have_count(0)
    # Every area of the map is a row of the table.
    table_codes = page.locator("#coverage-table tbody tr").evaluate_all(
        "rows => rows.map(r => r.dataset.area)"
    )
    assert sorted(table_codes) == sorted(map_values(page, "coverage-map-data")) == CODES
    for code, name, *_rest in STADTTEILE:
        expect(page.locator(f'#coverage-table tr[data-area="{code}"] th')).to_contain_text(name)
    assert_accessible(page, context="coverage matrix with the map drawn")

    page.goto(f"/planung/erreichbarkeit/?phase={GAP_PHASE}")
    access_map = page.locator("#access-map")
    expect(access_map).to_be_visible()
    expect(access_map.locator("path.leaflet-interactive")).to_have_count(len(STADTTEILE))
    values = map_values(page, "access-map-data")
    assert sorted(values) == CODES
    # The map's value of each area is the table's value in the same life phase.
    for code, item in values.items():
        cell = page.locator(f'#access-table tr[data-area="{code}"] td[data-phase="{GAP_PHASE}"]')
        assert float(cell.get_attribute("data-value")) == pytest.approx(item["value"], abs=1e-6)
    assert_accessible(page, context="accessibility with the map drawn")


def test_koordination_reads_the_planning_pages_without_edit_controls(
    page, live_server, world, tenant
):
    log_in(page, person(tenant, Role.KOORDINATION), live_server)
    measure = world.measure
    problems = []

    def read_only(path: str, *absent: str) -> None:
        page.goto(path)
        assert_one_h1(page)
        for selector in absent:
            if page.locator(selector).count():
                problems.append(f"{path}: {selector} shown to Koordination")

    read_only("/planung/luecken/", "a[data-measure]")
    expect(page.locator("#gap-table tbody tr").first).to_have_attribute("data-area", GAP_AREA)
    read_only("/planung/massnahmen/", 'a[href$="/planung/massnahmen/neu/"]')
    expect(page.locator(f'tr[data-measure="{measure.pk}"]')).to_be_visible()
    read_only(f"/planung/massnahmen/{measure.pk}/", "#edit-link", 'a[href$="/bearbeiten/"]')
    read_only("/planung/ziele/", 'a[href*="/planung/ziele/"][href$="/neu/"]',
              'a[href$="/loeschen/"]')  # fmt: skip
    read_only("/planung/stichtage/", "main form[method=post]")
    read_only("/planung/bedarf/", "main form[method=post]")
    read_only("/planung/dubletten/", "main form[method=post]")
    read_only("/planung/doppelstrukturen/", "main form[method=post]")
    expect(page.locator("#overlap-groups")).to_contain_text("Sprachförderung")
    assert_accessible(page, context="overlaps as Koordination")
    assert not problems, "\n".join(problems)
    # And the forms themselves are closed to Koordination.
    response = page.goto("/planung/massnahmen/neu/")
    assert response.status == 403


def test_koordination_gets_no_measure_link_on_the_overlaps_page(page, live_server, world, tenant):
    log_in(page, person(tenant, Role.KOORDINATION), live_server)
    page.goto("/planung/doppelstrukturen/")
    expect(page.locator("#overlap-groups")).to_contain_text("Sprachförderung")
    expect(page.locator("a.pn-measure-link")).to_have_count(0, timeout=1000)
