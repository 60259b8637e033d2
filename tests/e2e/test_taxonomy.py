"""A planner keeps the taxonomy: overview, a new topic under a parent, a synonym group
edited with an error first. Runs in English (msgids), so it holds before and after the
German catalogue is updated; every page touched is checked with axe."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from e2e.helpers import assert_accessible, assert_one_h1
from factories import MembershipFactory, UserFactory
from praevnav.accounts.enums import Role
from praevnav.taxonomy.models import Synonym, Term

pytestmark = pytest.mark.e2e


@pytest.fixture
def planner_page(page, tenant, live_server):
    """``page`` logged in as a planner of ``tenant`` (session cookie of a test client)."""
    user = UserFactory(username="p.planer")
    MembershipFactory(user=user, tenant=tenant, role=Role.PLANER)
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


def test_planner_adds_a_topic_and_edits_a_synonym_group(planner_page, tenant):
    page = planner_page
    page.goto("/")
    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Taxonomy"
    ).click()

    assert assert_one_h1(page) == "Taxonomy"
    expect(page.get_by_role("table").first).to_contain_text("Evidence-based programme")
    assert_accessible(page, context="taxonomy overview")

    # A new topic below “Frühe Hilfen”.
    page.get_by_role("link", name="Topic", exact=True).click()
    assert assert_one_h1(page) == "Topic"
    assert_accessible(page, context="topic list")
    page.get_by_role("link", name="Add term").click()
    assert_accessible(page, context="new topic form")
    page.get_by_label("Name (German)").fill("Familienpatenschaften")
    page.get_by_label("Name (English)").fill("Family mentoring")
    page.get_by_label("Parent topic").select_option(label="Frühe Hilfen")
    page.get_by_role("button", name="Add").click()

    expect(page.locator(".kern-alert--success")).to_contain_text(
        "“Familienpatenschaften” has been added."
    )
    row = page.get_by_role("row", name=re.compile("Familienpatenschaften"))
    expect(row).to_contain_text("Frühe Hilfen")
    expect(row).to_contain_text("familienpatenschaften")
    term = Term.all_tenants.get(tenant=tenant, name="Familienpatenschaften")
    assert term.parent.code == "fruehe-hilfen"
    assert_accessible(page, context="topic list after adding")

    # The synonym group of “Kita”: first with a word of another group, then correctly.
    page.get_by_role("link", name="Back to the taxonomy overview").click()
    page.get_by_role("link", name="Manage synonym groups").click()
    assert assert_one_h1(page) == "Synonyms for the search"
    assert_accessible(page, context="synonym list")
    page.get_by_role("link", name=re.compile(r"^Edit\W+Kita, Kindertagesstätte")).click()
    assert_accessible(page, context="synonym form")

    words = page.get_by_label("Words with the same meaning")
    words.fill("Kita\nKindertagesstätte\nSenioren")
    page.get_by_role("button", name="Save").click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("“Senioren” is already in the active group")
    assert page.title().startswith("Error:")
    expect(words).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, context="synonym form with error")

    summary.get_by_role("link").first.click()
    expect(words).to_be_focused()
    words.fill("Kita\nKindertagesstätte\nKindergarten\nKindertageseinrichtung\nKiTa-Platz")
    page.get_by_role("button", name="Save").click()

    expect(page.locator(".kern-alert--success")).to_contain_text("has been saved")
    expect(page.get_by_role("row", name=re.compile("KiTa-Platz"))).to_contain_text("active")
    group = next(g for g in Synonym.all_tenants.filter(tenant=tenant) if "Kita" in g.term_list)
    assert group.term_list[-1] == "KiTa-Platz"
    assert_accessible(page, context="synonym list after saving")
