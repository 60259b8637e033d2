"""Journeys through the UI shell: start page, language, keyboard, legal and error pages."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from e2e.helpers import assert_accessible, assert_one_h1
from factories import AreaFactory, LocationFactory, OfferFactory, square

pytestmark = pytest.mark.e2e


@pytest.fixture
def chain_data(tenant):
    """Two boroughs, offers in several life phases, one borough without 6–10 offers."""
    nord = AreaFactory(
        tenant=tenant, level="stadtbezirk", code="01", name="Bezirk 1", geometry=square(6.7, 51.2)
    )
    AreaFactory(
        tenant=tenant, level="stadtbezirk", code="02", name="Bezirk 2", geometry=square(6.8, 51.2)
    )
    location = LocationFactory(tenant=tenant, latitude=51.205, longitude=6.705)
    assert list(location.areas.all()) == [nord]
    for lo, hi in [(0, 36), (0, 72), (120, 192), (324, None)]:
        OfferFactory(tenant=tenant, age_min_months=lo, age_max_months=hi).locations.add(location)
    return tenant


def test_start_page_shows_the_chain_in_german_and_is_accessible(page, chain_data):
    page.goto("/")

    assert page.locator("html").get_attribute("lang") == "de"
    assert assert_one_h1(page) == "Präventionskette – Landeshauptstadt Düsseldorf"
    links = page.locator("ol.pn-chain > li")
    expect(links).to_have_count(8)
    expect(page.locator("li[data-phase='0-3'] .pn-chain__number")).to_have_text("2")
    expect(page.locator("li[data-phase='6-10'] .pn-chain__number")).to_have_text("0")
    expect(page.locator("table caption")).to_have_text("Angebote je Lebensphase und Stadtbezirk")
    expect(page.locator("table tbody th[scope=row]")).to_have_count(2)
    assert_accessible(page, context="start page (German)")


def test_vendor_styles_load_from_the_live_server(page, tenant):
    responses = []
    page.on("response", lambda r: responses.append((r.url, r.status)))

    page.goto("/")

    css = {url.rsplit("/", 1)[-1]: status for url, status in responses if url.endswith(".css")}
    assert css == {"fira-sans.css": 200, "kern.min.css": 200, "praevnav.css": 200}
    # KERN is applied: the primary font family comes from its tokens.
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Fira Sans" in font


def test_switching_to_english_keeps_the_page_and_translates_it(page, chain_data):
    page.goto("/impressum/")

    page.get_by_role("button", name="English").click()

    expect(page).to_have_url(re.compile(r"/impressum/$"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert assert_one_h1(page) == "Legal notice"
    page.goto("/")
    assert assert_one_h1(page) == "Prevention chain – Landeshauptstadt Düsseldorf"
    expect(page.locator("table caption")).to_have_text(
        "Offers per life phase and borough (Stadtbezirk)"
    )
    assert_accessible(page, context="start page (English)")
    page.get_by_role("button", name="Deutsch").click()
    assert assert_one_h1(page) == "Präventionskette – Landeshauptstadt Düsseldorf"


def test_skip_link_is_the_first_stop_and_moves_focus_to_main(page, tenant):
    page.goto("/")

    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Zum Inhalt springen"
    expect(page.locator(".pn-skip-link")).to_be_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/impressum/", "Impressum"),
        ("/datenschutz/", "Datenschutzerklärung"),
        ("/barrierefreiheit/", "Erklärung zur Barrierefreiheit"),
    ],
)
def test_legal_pages_are_reachable_from_the_footer_and_accessible(page, tenant, path, title):
    page.goto("/")

    page.locator("footer").get_by_role("link", name=title).click()

    expect(page).to_have_url(re.compile(re.escape(path) + "$"))
    assert assert_one_h1(page) == title
    assert_accessible(page, context=title)


def test_404_page_helps_back_to_the_start_and_is_accessible(page, tenant):
    response = page.goto("/diese-seite-gibt-es-nicht/")

    assert response.status == 404
    assert assert_one_h1(page) == "Seite nicht gefunden"
    assert_accessible(page, context="404")
    page.get_by_role("link", name="Zur Startseite").click()
    assert assert_one_h1(page).startswith("Präventionskette")


def test_start_page_works_on_a_small_screen(page, chain_data):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/")

    # Nothing but the table region scrolls sideways.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert_accessible(page, context="start page on a phone")


def test_tenant_switch_offers_kreis_members_and_keeps_the_choice(page, tenant):
    from factories import TenantFactory
    from praevnav.core.models import TenantKind

    kreis = TenantFactory(slug="kreis-dueren", name="Kreis Düren", kind=TenantKind.KREIS)
    TenantFactory(slug="juelich", name="Jülich", kind=TenantKind.GEMEINDE, parent=kreis)
    page.goto("/")
    assert_accessible(page, context="start page with tenant switch")

    page.get_by_label("Kommune").select_option("juelich")
    page.get_by_role("button", name="Wechseln").click()

    assert assert_one_h1(page) == "Präventionskette – Jülich"
    page.goto("/impressum/")
    expect(page.locator(".pn-brand__tenant")).to_have_text("Jülich")
