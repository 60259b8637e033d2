"""The search journey in a real browser, with and without JavaScript (issue 3, “Done when”):
search by age and Stadtteil → filter by language → open an offer → add to the Merkliste →
print view; and a citizen never sees internal fields. axe-core checks every page state.

Selectors use names, values and ids rather than interface text, so the journey holds in
German and English alike.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from catalogue.views.search_data import build_catalogue
from e2e.helpers import assert_one_h1, texts
from factories import MembershipFactory, UserFactory
from praevnav.accounts.enums import Role

pytestmark = pytest.mark.e2e

RESULT_TITLES = ".pn-result__title a"


@pytest.fixture
def catalogue(tenant, organisation, other_tenant):
    from django.core.cache import cache

    cache.clear()
    return build_catalogue(tenant, organisation, other_tenant)


def titles(page) -> list[str]:
    return texts(page, RESULT_TITLES)


def test_search_journey_with_javascript(new_context, check, catalogue):
    page = new_context(js=True).new_page()
    page.goto("/angebote/")
    assert_one_h1(page)
    expect(page.locator(RESULT_TITLES)).to_have_count(5)
    # The map replaces nothing: it appears (with JS) next to the list, markers clustered.
    expect(page.locator("#result-map")).to_be_visible()
    expect(
        page.locator("#result-map .leaflet-interactive, #result-map .pn-cluster").first
    ).to_be_attached()
    check(page, "search page", True)

    # Age and Stadtteil: typed, then Enter — htmx swaps the results and pushes the URL.
    page.locator("#search-age").fill("2")
    page.locator("#search-near").fill("Bilk")
    page.locator("#search-near").press("Enter")
    expect(page).to_have_url(re.compile(r"/angebote/\?age=2&near=Bilk$"))
    expect(page.locator(RESULT_TITLES)).to_have_count(2)
    assert sorted(titles(page)) == ["Elterncafé Bilk", "Familienberatung Bilk"]
    expect(page.locator("#search-status")).to_contain_text("2")
    check(page, "search by age and Stadtteil", True)

    # Language filter: a checkbox change is enough, focus stays on it.
    turkish = page.locator("input[name=language][value=en]")
    turkish.check()
    expect(page).to_have_url(re.compile(r"language=en"))
    expect(page.locator(RESULT_TITLES)).to_have_count(1)
    assert titles(page) == ["Familienberatung Bilk"]
    expect(page.locator("input[name=language][value=en]")).to_be_focused()
    expect(page.locator(".pn-chip")).to_have_count(3)
    check(page, "filtered by language", True)

    # Removing the language chip goes back to two results (htmx, shareable URL).
    page.locator(".pn-chip", has_text="Englisch").click()
    expect(page.locator(RESULT_TITLES)).to_have_count(2)
    expect(page).to_have_url(re.compile(r"/angebote/\?age=2&near=Bilk$"))
    page.locator("input[name=language][value=tr]").check()
    # Wait for htmx to land the new state before following links it rewrote.
    expect(page).to_have_url(re.compile(r"language=tr"))
    expect(page.locator(RESULT_TITLES)).to_have_count(2)

    # The table alternative to the map.
    page.locator(".pn-viewswitch__link").nth(1).click()
    expect(page.locator("table.pn-results-table tbody tr")).to_have_count(2)
    check(page, "table view", True)
    page.locator(".pn-viewswitch__link").nth(0).click()
    expect(page.locator(RESULT_TITLES)).to_have_count(2)

    # Open an offer.
    page.locator(RESULT_TITLES, has_text="Elterncafé Bilk").click()
    expect(page).to_have_url(re.compile(rf"/angebote/{catalogue.elterncafe.pk}/"))
    assert assert_one_h1(page) == "Elterncafé Bilk"
    expect(page.locator("#offer-map")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Frau Intern")
    check(page, "offer detail", True)

    # Add to the Merkliste (view by another engineer: catalogue:list_add).
    page.locator("form[action='/merkliste/hinzufuegen/'] button[type=submit]").click()
    expect(page.locator(".pn-messages")).to_contain_text("Elterncafé Bilk")
    check(page, "offer detail after adding to the Merkliste", True)

    # Print view.
    page.locator("a[href='?print=1']").click()
    assert assert_one_h1(page) == "Elterncafé Bilk"
    expect(page.locator("[data-pn-print]")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Bilker Allee 1")
    check(page, "print view", True)


def test_search_journey_without_javascript(new_context, check, catalogue):
    page = new_context(js=False).new_page()
    page.goto("/angebote/")
    expect(page.locator("#result-map")).to_be_hidden()
    check(page, "search page (no JS)", False)

    # The form submits with GET; the tidy URL comes back (no empty fields).
    page.locator("#search-age").fill("2")
    page.locator("#search-near").fill("Bilk")
    page.locator("#search-fields button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/angebote/\?age=2&near=Bilk$"))
    assert sorted(titles(page)) == ["Elterncafé Bilk", "Familienberatung Bilk"]
    check(page, "search by age and Stadtteil (no JS)", False)

    page.locator("input[name=language][value=en]").check()
    page.locator(".pn-search__apply").click()
    expect(page).to_have_url(re.compile(r"language=en"))
    assert titles(page) == ["Familienberatung Bilk"]
    check(page, "filtered by language (no JS)", False)

    # Sorting works through the form as well.
    page.locator("#search-sort").select_option("title")
    page.locator(".pn-sort button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"sort=title"))

    # Table view without JavaScript.
    page.locator(".pn-viewswitch__link").nth(1).click()
    expect(page.locator("table.pn-results-table tbody tr")).to_have_count(1)
    check(page, "table view (no JS)", False)

    page.locator("table.pn-results-table a", has_text="Familienberatung Bilk").click()
    assert assert_one_h1(page) == "Familienberatung Bilk"
    check(page, "offer detail (no JS)", False)

    page.locator("form[action='/merkliste/hinzufuegen/'] button[type=submit]").click()
    expect(page.locator(".pn-messages")).to_contain_text("Familienberatung Bilk")

    page.locator("a[href='?print=1']").click()
    assert assert_one_h1(page) == "Familienberatung Bilk"
    expect(page.locator("[data-pn-print]")).to_be_hidden()
    check(page, "print view (no JS)", False)


def test_correction_note_without_javascript(new_context, check, catalogue):
    page = new_context(js=False).new_page()
    page.goto(f"/angebote/{catalogue.elterncafe.pk}/")

    page.locator(
        "#s-correction ~ form button[type=submit], .pn-correction form button"
    ).first.click()
    expect(page.locator("#error-summary")).to_be_visible()
    check(page, "correction form with errors (no JS)", False)

    page.locator("#id_message").fill("Die Telefonnummer hat sich geändert.")
    page.locator(".pn-correction form button[type=submit]").click()
    expect(page.locator(".kern-alert--success")).to_be_visible()
    check(page, "offer detail after a correction note (no JS)", False)


def test_citizen_does_not_see_internal_fields_but_a_fachkraft_does(
    new_context, check, catalogue, tenant, live_server
):
    citizen = new_context(js=True).new_page()
    citizen.goto(f"/angebote/{catalogue.elterncafe.pk}/")
    expect(citizen.locator("#s-internal")).to_have_count(0)
    expect(citizen.locator("body")).not_to_contain_text("Frau Intern")
    citizen.goto("/angebote/?age=2")
    expect(citizen.locator("body")).not_to_contain_text("Frau Intern")

    user = UserFactory(username="fachkraft-e2e")
    MembershipFactory(user=user, tenant=tenant, role=Role.FACHKRAFT)
    client = Client()
    client.force_login(user)
    context = new_context(js=True)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    professional = context.new_page()
    professional.goto(f"/angebote/{catalogue.elterncafe.pk}/")
    expect(professional.locator("#s-internal")).to_be_visible()
    expect(professional.locator(".pn-internal")).to_contain_text("Frau Intern")
    check(professional, "offer detail for a Fachkraft", True)
