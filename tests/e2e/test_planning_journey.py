"""The planning loop in a real browser (issue 5, “Done when”): a planner logs in, opens the
gap list from the navigation (Planning → Gap list), follows the top row to the chain view
of its area, clicks the gap's link of the chain to its offer list, goes back, and turns the
gap into a measure from the row's “Create measure” link — first with the responsible
person missing (error summary), then complete. The measure is stored with the gap's area,
life phase and origin and is listed as proposed. axe-core checks every page and state.

Data: ``planning_world`` (four Stadtteile, 40-odd offers, Rath × 3–6 deliberately empty).
Runs in English (msgids, language cookie), so it holds before and after the German
catalogue is filled in.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core.cache import cache
from playwright.sync_api import expect

from e2e.helpers import assert_accessible, assert_one_h1
from e2e.planning_world import GAP_AREA, GAP_AREA_NAME, GAP_PHASE, build_world
from factories import MembershipFactory, UserFactory
from praevnav.accounts.enums import Role
from praevnav.planning.enums import MeasureSource, MeasureStatus
from praevnav.planning.models import Measure
from praevnav.planning.selectors_coverage import clear_cache

pytestmark = pytest.mark.e2e

PASSWORD = "correct horse battery"  # tests/factories.py: UserFactory
TITLE = "Kita-Sozialberatung für Rath aufbauen"
OWNER = "Jugendamt, Abteilung Frühe Hilfen"


@pytest.fixture
def world(tenant):
    cache.clear()
    clear_cache()
    yield build_world(tenant)
    clear_cache()


@pytest.fixture
def planner(tenant):
    user = UserFactory(username="p.planer", first_name="Paula", last_name="Planer")
    MembershipFactory(user=user, tenant=tenant, role=Role.PLANER)
    return user


def log_in(page, live_server, user):
    """Log in through the login form with the English UI."""
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}]
    )
    page.goto("/konto/anmelden/")
    page.locator("input[name=username]").fill(user.username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("list", name="User menu")).to_contain_text(user.get_full_name())


def test_planner_walks_from_the_top_gap_to_a_new_measure(page, live_server, world, planner):
    rath = world.areas[GAP_AREA]
    log_in(page, live_server, planner)

    # Planning → Gap list, through the navigation and the planning start page.
    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Planning"
    ).click()
    assert assert_one_h1(page) == "Planning"
    assert_accessible(page, context="planning start page")
    page.locator('[data-page="planning:gaps"]').get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/planung/luecken/$"))
    assert assert_one_h1(page) == "Gap list"
    assert_accessible(page, context="gap list")

    # The planted gap tops the list, with its reasons.
    top = page.locator("#gap-table tbody tr").first
    expect(top).to_have_attribute("data-area", GAP_AREA)
    expect(top).to_have_attribute("data-phase", GAP_PHASE)
    expect(top.locator("th")).to_have_text(GAP_AREA_NAME)
    expect(top.locator('[data-reason="no_local_offer"]')).to_have_count(1)

    # Its chain view names the area and shows the gap's link as a gap with no local offer.
    top.get_by_role("link", name=re.compile(r"^Chain view")).click()
    expect(page).to_have_url(re.compile(rf"/planung/kette/{GAP_AREA}/$"))
    assert GAP_AREA_NAME in assert_one_h1(page)
    link = page.locator(f'#chain-list li[data-phase="{GAP_PHASE}"]')
    expect(link).to_have_attribute("data-rating", "gap")
    expect(link).to_contain_text("0 local")
    expect(page.locator(f'#chain-svg a[data-phase="{GAP_PHASE}"]')).to_have_attribute(
        "data-rating", "gap"
    )
    assert_accessible(page, context="chain view of the gap's area")

    # The link's offer list: only the city-wide hotline counts; the overdue offer of Rath
    # for that phase is left out.
    link.get_by_role("link", name=re.compile(r"^1 offer$")).click()
    expect(page).to_have_url(re.compile(rf"/planung/kette/{GAP_AREA}/angebote/{GAP_PHASE}/$"))
    assert GAP_AREA_NAME in assert_one_h1(page)
    expect(page.locator("#offer-count")).to_have_attribute("data-total", "1")
    expect(page.locator("#link-offers tbody th")).to_have_text(["Familientelefon (stadtweit)"])
    expect(page.locator("#link-offers")).not_to_contain_text("Alte Spielgruppe Rath")
    assert_accessible(page, context="offer list of the gap's link")

    # Back to the chain view, back to the gap list.
    page.go_back()
    expect(page).to_have_url(re.compile(rf"/planung/kette/{GAP_AREA}/$"))
    page.go_back()
    expect(page).to_have_url(re.compile(r"/planung/luecken/$"))

    # “Create measure” from the same row: area, life phase and origin are prefilled.
    top = page.locator("#gap-table tbody tr").first
    expect(top).to_have_attribute("data-area", GAP_AREA)
    top.locator("a[data-measure]").click()
    expect(page).to_have_url(re.compile(r"/planung/massnahmen/neu/\?"))
    assert assert_one_h1(page) == "New measure"
    expect(page.locator("#prefill-note")).to_have_attribute("data-source", "gap")
    expect(page.locator("#id_area")).to_have_value(str(rath.pk))
    phase_pk = page.locator("#id_life_phase").input_value()
    expect(page.locator("input[name=source][value=gap]")).to_be_checked()
    expect(page.locator("input[name=status][value=proposed]")).to_be_checked()
    assert_accessible(page, context="new measure, prefilled from the gap")

    # Without the responsible person: nothing is stored, the error summary names the field.
    page.locator("#id_title").fill(TITLE)
    page.get_by_role("button", name="Create measure").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link")).to_have_count(1)
    expect(summary.get_by_role("link")).to_have_attribute("href", "#id_owner")
    assert page.title().startswith("Error:")
    # The entries survive the round trip.
    expect(page.locator("#id_title")).to_have_value(TITLE)
    expect(page.locator("#id_area")).to_have_value(str(rath.pk))
    expect(page.locator("#id_life_phase")).to_have_value(phase_pk)
    assert_accessible(page, context="new measure with a missing required field")
    assert not Measure.all_tenants.filter(title=TITLE).exists()

    page.locator("#id_owner").fill(OWNER)
    page.get_by_role("button", name="Create measure").click()
    expect(page).to_have_url(re.compile(r"/planung/massnahmen/\d+/$"))
    expect(page.locator(".kern-alert--success")).to_be_visible()
    assert assert_one_h1(page) == TITLE
    assert_accessible(page, context="the new measure")

    measure = Measure.all_tenants.select_related("area", "life_phase").get(title=TITLE)
    assert measure.tenant_id == world.tenant.pk
    assert measure.area == rath
    assert measure.life_phase.code == GAP_PHASE
    assert str(measure.life_phase.pk) == phase_pk
    assert measure.dimension is None
    assert measure.source == MeasureSource.GAP
    assert measure.status == MeasureStatus.PROPOSED
    assert measure.owner == OWNER
    assert measure.created_by == planner

    # Listed among the measures as proposed, next to the one made before.
    page.goto("/planung/massnahmen/")
    row = page.locator(f'#measure-table tr[data-measure="{measure.pk}"]')
    expect(row).to_have_attribute("data-status", MeasureStatus.PROPOSED)
    expect(row.locator("th")).to_have_text(TITLE)
    expect(row).to_contain_text(GAP_AREA_NAME)
    expect(row).to_contain_text(OWNER)
    expect(page.locator("#measure-table tbody tr")).to_have_count(2)
    assert_accessible(page, context="measure list with the new measure")
