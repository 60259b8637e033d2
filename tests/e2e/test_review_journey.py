"""Review in a real browser (issue 4, “Done when”): a planner opens the queue, reads the
diff of a submitted change and approves it, and the public search shows the change; a
rejected change carries its note into the provider's history. Runs in English (msgids),
so it holds before and after the German catalogue is updated; axe-core checks every page.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.test import Client
from playwright.sync_api import expect

from catalogue.review.helpers import published_offer, submit_change
from e2e.helpers import assert_accessible, assert_one_h1
from factories import MembershipFactory, UserFactory
from praevnav.accounts.enums import Role
from praevnav.catalogue.enums import RevisionStatus

pytestmark = pytest.mark.e2e


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
def pending(tenant, organisation, people):
    cache.clear()
    editor, _ = people
    offer = published_offer(tenant, organisation, title="Elterncafé Nord")
    revision = submit_change(offer, editor, title="Familienfrühstück Nord")
    return offer, revision


def open_diff_from_queue(page, revision):
    page.goto("/")
    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Review"
    ).click()
    assert assert_one_h1(page) == "Review of offers"
    queue = page.locator("#review-queue")
    expect(queue).to_contain_text("Familienfrühstück Nord")
    expect(queue).to_contain_text("Rita Redaktion")
    assert_accessible(page, context="review queue")
    page.get_by_role("link", name="Familienfrühstück Nord").click()
    expect(page).to_have_url(re.compile(rf"/verwaltung/pruefung/{revision.pk}/$"))
    title_row = page.locator('#review-diff tr[data-field="title"]')
    expect(title_row.locator("td").nth(0)).to_have_text("Elterncafé Nord")
    expect(title_row.locator("td").nth(1)).to_have_text("Familienfrühstück Nord")
    assert_accessible(page, context="review diff")


def test_planner_approves_and_the_search_shows_the_change(
    page, new_context, pending, people, live_server
):
    offer, revision = pending
    _, planner = people
    log_in(page, planner, live_server)

    # Before the decision the published version is what the public finds.
    public = new_context(js=True).new_page()
    public.goto("/angebote/?q=Elterncafé")
    expect(public.locator(".pn-result__title a")).to_have_text(["Elterncafé Nord"])

    open_diff_from_queue(page, revision)
    page.get_by_label("Note to the provider").first.fill("Danke, passt.")
    page.get_by_role("button", name="Approve").click()

    expect(page).to_have_url(re.compile(r"/verwaltung/pruefung/$"))
    expect(page.locator(".kern-alert--success")).to_contain_text("Familienfrühstück Nord")
    expect(page.locator("#review-queue")).to_have_count(0)
    assert_accessible(page, context="review queue after approving")
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.APPROVED

    public.goto("/angebote/?q=Familienfrühstück")
    expect(public.locator(".pn-result__title a")).to_have_text(["Familienfrühstück Nord"])
    assert_accessible(public, context="public search after approval")


def test_rejected_change_reaches_the_provider_with_the_note(
    page, new_context, pending, people, live_server
):
    offer, revision = pending
    editor, planner = people
    log_in(page, planner, live_server)
    open_diff_from_queue(page, revision)

    # Without a note nothing happens but a clear message at the field.
    reject_form = page.locator('form[action$="/ablehnen/"]')
    reject_form.get_by_role("button", name="Reject").click()
    expect(page.locator("#error-summary")).to_contain_text(
        "Please tell the provider why the change is rejected."
    )
    assert page.title().startswith("Error:")
    assert_accessible(page, context="reject without a note")
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.SUBMITTED

    note = "Bitte den bisherigen Titel behalten."
    page.locator('form[action$="/ablehnen/"]').get_by_label("Note to the provider").fill(note)
    page.locator('form[action$="/ablehnen/"]').get_by_role("button", name="Reject").click()
    expect(page.locator(".kern-alert--success")).to_contain_text("returned to the provider")
    assert_accessible(page, context="review queue after rejecting")
    assert any(note in m.body and editor.email in m.bcc for m in mail.outbox)

    editor_page = log_in(new_context(js=True).new_page(), editor, live_server)
    editor_page.goto(f"/verwaltung/pruefung/angebote/{offer.pk}/verlauf/")
    assert assert_one_h1(editor_page) == "History: Elterncafé Nord"
    rejected = editor_page.locator(f"#revision-{revision.number}")
    expect(rejected).to_have_attribute("data-kind", "rejected")
    expect(rejected).to_contain_text(note)
    expect(rejected).to_contain_text("Paul Planer")
    expect(rejected.locator('tr[data-field="title"]')).to_contain_text("Familienfrühstück Nord")
    assert_accessible(editor_page, context="offer history as the provider's editor")
