"""Upkeep end to end in a real browser (issue 4, “Done when”), across the provider
workspace, the review and the public search — each person logs in through the login
form, moves through the navigation and logs out again; axe-core checks every page.

1. A provider's editor renames a published offer and submits it; a planner sees old and
   new title in the diff and approves; an anonymous visitor finds the offer by the new
   title's unique word, and no longer by the old one.
2. A planner rejects a submitted change with a note; the editor's workspace shows
   “returned with a note” with the note, and the form shows the whole note.

The third journey of the issue (a reminder e-mail's link confirms an offer) is
``test_currency_journey.py::test_reminder_link_confirms_the_offer``: the daily command
sends the e-mail, its link is opened in Chromium and confirms the offer — not repeated.

Runs in English (msgids, language cookie), so it holds before and after the German
catalogue is filled in.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from playwright.sync_api import expect

from catalogue.review.helpers import published_offer, submit_change, terms
from e2e.helpers import assert_accessible, assert_one_h1, texts
from factories import MembershipFactory, UserFactory
from praevnav.accounts.enums import Role
from praevnav.catalogue.enums import RevisionStatus
from praevnav.catalogue.models import Offer, OfferRevision
from praevnav.taxonomy.enums import Vocabulary

pytestmark = pytest.mark.e2e

PASSWORD = "correct horse battery"  # tests/factories.py: UserFactory
OLD_TITLE = "Babytreff Sonnenschein"
NEW_TITLE = "Krabbelgruppe Wirbelwind"
OLD_WORD, NEW_WORD = "Sonnenschein", "Wirbelwind"


@pytest.fixture
def people(tenant, organisation):
    editor = UserFactory(username="r.redaktion", first_name="Rita", last_name="Redaktion")
    MembershipFactory(
        user=editor, tenant=tenant, role=Role.TRAEGER_EDITOR, organisation=organisation
    )
    planner = UserFactory(username="p.planer", first_name="Paul", last_name="Planer")
    MembershipFactory(user=planner, tenant=tenant, role=Role.PLANER)
    return editor, planner


@pytest.fixture
def offer(tenant, organisation):
    # Search results may be cached between tests; the journeys depend on fresh results.
    cache.clear()
    offer = published_offer(
        tenant,
        organisation,
        title=OLD_TITLE,
        # No word of either title in the description: the search must find the title.
        description="Offenes Treffen für Eltern mit Babys im Stadtteil, mit Frühstück.",
    )
    # A complete offer, as the form requires one prevention dimension at least.
    offer.dimensions.set(terms(tenant, Vocabulary.DIMENSION, 1))
    return offer


def log_in(page, live_server, user, context: str):
    """Log ``user`` in through the login form (English UI) and land on the start page."""
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}]
    )
    page.goto("/konto/anmelden/")
    assert_accessible(page, context=f"login form ({context})")
    page.locator("input[name=username]").fill(user.username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    user_menu = page.get_by_role("list", name="User menu")
    expect(user_menu).to_contain_text(user.get_full_name())
    assert_accessible(page, context=f"start page logged in ({context})")


def log_out(page, context: str):
    page.get_by_role("list", name="User menu").get_by_role("button", name="Log out").click()
    expect(page.get_by_role("list", name="User menu").get_by_role("link", name="Log in"))
    assert_accessible(page, context=f"after logging out ({context})")


def nav(page):
    return page.get_by_role("navigation", name="Main navigation")


def search_titles(page, query: str) -> list[str]:
    page.goto(f"/angebote/?q={query}")
    assert_accessible(page, context=f"public search for “{query}”")
    return texts(page, ".pn-result__title a")


def open_submission(page, revision):
    """From the navigation to the queue and into the diff of ``revision``."""
    nav(page).get_by_role("link", name="Review").click()
    assert assert_one_h1(page) == "Review of offers"
    expect(page.locator("#review-queue")).to_contain_text("Rita Redaktion")
    assert_accessible(page, context="review queue")
    page.locator("#review-queue").get_by_role("link", name=NEW_TITLE).click()
    expect(page).to_have_url(re.compile(rf"/verwaltung/pruefung/{revision.pk}/$"))
    title_row = page.locator('#review-diff tr[data-field="title"]')
    expect(title_row.locator("td").nth(0)).to_have_text(OLD_TITLE)
    expect(title_row.locator("td").nth(1)).to_have_text(NEW_TITLE)
    assert_accessible(page, context="review diff")


def test_edit_submit_approve_and_the_public_search_shows_the_new_title(
    page, new_context, live_server, people, offer, organisation
):
    editor, planner = people
    visitor = new_context(js=True).new_page()
    assert search_titles(visitor, OLD_WORD) == [OLD_TITLE]
    assert search_titles(visitor, NEW_WORD) == []

    # The provider's editor edits the published offer and submits the change.
    log_in(page, live_server, editor, "editor")
    nav(page).get_by_role("link", name="Provider area").click()
    assert assert_one_h1(page) == f"Offers of {organisation.name}"
    expect(page.locator(f"#offer-{offer.pk}")).to_contain_text(OLD_TITLE)
    assert_accessible(page, context="provider workspace")
    page.locator(f"#offer-{offer.pk}").get_by_role("link", name=OLD_TITLE).click()
    assert assert_one_h1(page) == f"Edit “{OLD_TITLE}”"
    assert_accessible(page, context="offer form")
    page.locator("#fs-text").get_by_label("Title", exact=True).fill(NEW_TITLE)
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".kern-alert--success")).to_contain_text("submitted for review")
    expect(page.locator(f"#offer-{offer.pk}")).to_contain_text("waiting for review")
    assert_accessible(page, context="provider workspace after submitting")
    log_out(page, "editor")

    revision = OfferRevision.all_tenants.get(offer=offer, status=RevisionStatus.SUBMITTED)
    assert revision.author == editor and revision.data["title"] == NEW_TITLE
    # While the change waits, the published version is what the public finds.
    assert search_titles(visitor, NEW_WORD) == []
    assert search_titles(visitor, OLD_WORD) == [OLD_TITLE]

    # The planner finds the submission through the navigation, reads the diff, approves.
    log_in(page, live_server, planner, "planner")
    open_submission(page, revision)
    page.get_by_role("button", name="Approve").click()
    expect(page).to_have_url(re.compile(r"/verwaltung/pruefung/$"))
    expect(page.locator(".kern-alert--success")).to_contain_text(NEW_TITLE)
    expect(page.locator("#review-queue")).to_have_count(0)
    assert_accessible(page, context="review queue after approving")
    log_out(page, "planner")

    revision.refresh_from_db()
    assert (revision.status, revision.reviewer) == (RevisionStatus.APPROVED, planner)
    assert Offer.all_tenants.get(pk=offer.pk).title == NEW_TITLE

    # An anonymous visitor finds the offer by the new word, and the old title is gone.
    assert search_titles(visitor, NEW_WORD) == [NEW_TITLE]
    assert search_titles(visitor, OLD_WORD) == []
    search_titles(visitor, NEW_WORD)
    visitor.locator(".pn-result__title").get_by_role("link", name=NEW_TITLE).click()
    assert assert_one_h1(visitor) == NEW_TITLE
    expect(visitor.locator("main")).not_to_contain_text(OLD_TITLE)
    assert_accessible(visitor, context="public offer page after approval")


def test_rejected_change_reaches_the_provider_workspace_with_the_note(
    page, live_server, people, offer, organisation
):
    editor, planner = people
    revision = submit_change(offer, editor, title=NEW_TITLE)
    note = "Bitte den bisherigen Namen behalten, die Familien kennen ihn."

    log_in(page, live_server, planner, "planner")
    open_submission(page, revision)
    reject = page.locator('form[action$="/ablehnen/"]')
    reject.get_by_label("Note to the provider").fill(note)
    reject.get_by_role("button", name="Reject").click()
    expect(page.locator(".kern-alert--success")).to_contain_text("returned to the provider")
    assert_accessible(page, context="review queue after rejecting")
    log_out(page, "planner")
    revision.refresh_from_db()
    assert (revision.status, revision.review_note) == (RevisionStatus.REJECTED, note)
    assert any(note in m.body and editor.email in m.bcc for m in mail.outbox)

    log_in(page, live_server, editor, "editor")
    nav(page).get_by_role("link", name="Provider area").click()
    row = page.locator(f"#offer-{offer.pk}")
    # The published title is unchanged; the row says why the change came back.
    expect(row.locator("th")).to_have_text(OLD_TITLE)
    expect(row).to_contain_text("returned with a note")
    expect(row.locator("q")).to_have_text(note)
    assert_accessible(page, context="provider workspace with a returned change")
    row.get_by_role("link", name=OLD_TITLE).click()
    expect(page.locator("#returned #review-note")).to_have_text(note)
    # The returned proposal is in the form, ready to be corrected.
    expect(page.locator("#fs-text").get_by_label("Title", exact=True)).to_have_value(NEW_TITLE)
    assert_accessible(page, context="offer form with the review note")
