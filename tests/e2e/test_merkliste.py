"""Merkliste journey in a real browser, with and without JavaScript: add two offers from
their detail pages, reorder, add a note, open the print view, open the share link in a
fresh browser context and take the list over. Every page is checked with axe-core."""

from __future__ import annotations

from datetime import time

import pytest
from playwright.sync_api import expect

from e2e.helpers import assert_accessible, assert_one_h1, texts
from factories import AreaFactory, LocationFactory, OfferFactory, square
from praevnav.catalogue.models import OpeningSession

pytestmark = pytest.mark.e2e


@pytest.fixture
def two_offers(tenant):
    AreaFactory(
        tenant=tenant, level="stadtteil", code="031", name="Bilk", geometry=square(6.7, 51.2)
    )
    location = LocationFactory(
        tenant=tenant,
        name="Familienzentrum Bilk",
        street="Bachstraße 5",
        postcode="40217",
        latitude=51.205,
        longitude=6.705,
    )
    first = OfferFactory(
        tenant=tenant,
        title="Elterncafé Bilk",
        summary_plain="Treffen für Eltern mit Babys.",
        public_phone="0211 123456",
        age_min_months=0,
        age_max_months=36,
    )
    first.locations.add(location)
    OpeningSession.objects.create(offer=first, weekday=2, opens=time(9), closes=time(11))
    second = OfferFactory(tenant=tenant, title="Schuldnerberatung für Familien")
    second.locations.add(location)
    return first, second


def _entry_titles(page) -> list[str]:
    return texts(page, "[data-testid=list-entries] > li h2")


def _add_from_detail_page(page, offer, label: str, check, js: bool) -> None:
    page.goto(f"/angebote/{offer.pk}/")
    check(page, f"offer detail ({label})", js)
    page.locator("form[action='/merkliste/hinzufuegen/'] button[type=submit]").first.click()
    # Back on the detail page (``next``), with a confirmation.
    expect(page).to_have_url(f"{page.url.split('/angebote/')[0]}/angebote/{offer.pk}/")
    expect(page.locator(".pn-messages")).to_contain_text(offer.title)


@pytest.mark.parametrize("js", [True, False], ids=["with-js", "without-js"])
def test_merkliste_journey(new_context, check, two_offers, js):
    first, second = two_offers
    label = "JS" if js else "no JS"
    page = new_context(js=js).new_page()

    _add_from_detail_page(page, first, label, check, js)
    _add_from_detail_page(page, second, label, check, js)

    page.goto("/merkliste/")
    assert_one_h1(page)
    assert _entry_titles(page) == ["Elterncafé Bilk", "Schuldnerberatung für Familien"]
    check(page, f"Merkliste with two offers ({label})", js)

    # Reorder: the second offer moves up.
    page.locator(f"#eintrag-{second.pk} button[value=up]").click()
    expect(page.locator("[data-testid=list-entries] > li h2").first).to_have_text(
        "Schuldnerberatung für Familien"
    )

    # A note on the first offer (now second in the list).
    page.locator(f"#note-{first.pk}").fill("Termin am Donnerstag um 9 Uhr")
    page.locator(f"#eintrag-{first.pk} button[value=note]").click()
    expect(page.locator(f"#note-{first.pk}")).to_have_value("Termin am Donnerstag um 9 Uhr")
    check(page, f"Merkliste after reorder and note ({label})", js)

    # Print view.
    share_href = page.locator("[data-testid=share-link]").get_attribute("href")
    page.locator("#handout-heading ~ form button[type=submit]").first.click()
    expect(page.locator("h1")).to_have_count(1)
    body = page.locator("main").inner_text()
    assert body.index("Schuldnerberatung für Familien") < body.index("Elterncafé Bilk")
    assert "Termin am Donnerstag um 9 Uhr" in body
    assert "Bachstraße 5" in body and "0211 123456" in body
    assert "Landeshauptstadt Düsseldorf" in body
    if js:
        expect(page.locator("#print-button")).to_be_visible()
    check(page, f"handout print view ({label})", js)

    # The share link in a fresh context: read-only, same order and note; take it over.
    other = new_context(js=js).new_page()
    other.goto(share_href)
    assert _entry_titles(other) == ["Schuldnerberatung für Familien", "Elterncafé Bilk"]
    expect(other.locator("main")).to_contain_text("Termin am Donnerstag um 9 Uhr")
    expect(other.locator("textarea")).to_have_count(0)
    check(other, f"shared Merkliste ({label})", js)
    other.locator("form[action$='/uebernehmen/'] button").click()
    expect(other).to_have_url(f"{share_href.split('/merkliste/')[0]}/merkliste/")
    assert _entry_titles(other) == ["Schuldnerberatung für Familien", "Elterncafé Bilk"]
    check(other, f"Merkliste taken over ({label})", js)


def test_add_with_htmx_shows_the_confirmation_in_place(page, two_offers):
    first, _ = two_offers
    page.goto(f"/angebote/{first.pk}/")
    # Turn the detail page's form into an htmx form, as the search results do.
    page.evaluate(
        """() => {
            const form = document.querySelector("form[action='/merkliste/hinzufuegen/']");
            form.setAttribute("hx-post", form.action);
            form.setAttribute("hx-swap", "outerHTML");
            htmx.process(form);
        }"""
    )
    page.locator("form[action='/merkliste/hinzufuegen/'] button[type=submit]").first.click()

    expect(page.locator("[data-testid=list-added]")).to_contain_text("✓")
    assert_accessible(page, context="offer detail after htmx add")


def test_gap_report_page_is_accessible_and_thanks(page, two_offers):
    page.goto("/angebote/luecke-melden/?q=Babyschwimmen&age=1&near=Bachstra%C3%9Fe+5")
    expect(page.locator("[data-testid=described-search]")).to_contain_text("Babyschwimmen")
    expect(page.locator("select[name=area]")).to_have_value("031")
    assert_accessible(page, context="gap report form")

    page.locator("textarea[name=sought]").fill("Schwimmkurs für Babys am Wochenende")
    page.locator("form.pn-form button[type=submit]").click()

    assert_one_h1(page)
    assert_accessible(page, context="gap report thanks")


def test_pin_correction_page_is_accessible_and_the_map_fills_the_fields(
    context, page, tenant, organisation, live_server
):
    """The pin form (geography) works by typing; with JS a click on the map fills it."""
    from django.test import Client

    from conftest import make_persona

    AreaFactory(
        tenant=tenant, level="stadtteil", code="031", name="Bilk", geometry=square(6.7, 51.2)
    )
    location = LocationFactory(
        tenant=tenant, organisation=organisation, latitude=51.205, longitude=6.705
    )
    client = Client()
    client.force_login(make_persona("planer", tenant))
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )

    page.goto(f"/standorte/{location.pk}/pin/")
    expect(page.locator("#pin-map")).to_be_visible()
    assert_accessible(page, context="pin correction")

    page.locator("#pin-map").click(position={"x": 120, "y": 300})
    assert page.locator("#id_latitude").input_value() != "51.205"
    page.locator("#id_latitude").fill("51.2052")
    page.locator("#id_longitude").fill("6.7052")
    page.locator("form.pn-form button[type=submit]").click()

    expect(page.locator("[data-testid=current-position]")).to_contain_text("51.205200")
    assert_accessible(page, context="pin correction saved")
