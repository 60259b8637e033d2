"""A reminder e-mail's link confirms an offer (issue 4, “Done when”): the daily command
sends the reminder, the editor opens the link from the e-mail in Chromium, sees the offer
and presses the one button; the thank-you page shows the new due date. axe-core checks
both pages, with and without JavaScript; a second visit of the used link says so.
"""

from __future__ import annotations

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from catalogue.currency.conftest import add_editor
from e2e.helpers import assert_one_h1
from factories import OfferFactory
from praevnav.catalogue.currency import add_months
from praevnav.catalogue.models import Offer

pytestmark = pytest.mark.e2e


@pytest.fixture
def reminded(tenant, organisation, live_server, settings):
    """An offer due in 7 days, its editor, and the reminder e-mail of today's run."""
    settings.BASE_URL = live_server.url
    today = timezone.localdate()
    editor = add_editor(tenant, organisation, "editor-nord")
    offer = OfferFactory(
        tenant=tenant,
        organisation=organisation,
        title="Elterncafé Nord",
        last_confirmed_at=add_months(today + timedelta(days=7), -12),
    )
    assert offer.confirmation_due == today + timedelta(days=7)
    call_command("currency", stdout=StringIO())
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [editor.email]
    link = re.search(
        re.escape(live_server.url) + r"/aktualitaet/bestaetigen/\S+/", mail.outbox[0].body
    )
    assert link, mail.outbox[0].body
    return offer, link.group(0)


@pytest.mark.parametrize("js", [True, False])
def test_reminder_link_confirms_the_offer(new_context, check, reminded, js):
    offer, link = reminded
    page = new_context(js=js).new_page()
    page.goto(link)
    assert_one_h1(page)
    expect(page.locator("h2#offer-heading")).to_have_text("Elterncafé Nord")
    expect(page.locator(f'a[href="/traeger/angebote/{offer.pk}/bearbeiten/"]')).to_be_visible()
    check(page, "confirmation link page", js)
    # Opening the page changed nothing (mail scanners prefetch links).
    assert Offer.all_tenants.get(pk=offer.pk).last_confirmed_at == offer.last_confirmed_at

    page.locator("#confirm-button").click()
    expect(page.locator("#confirm-result")).to_be_visible()
    confirmed = Offer.all_tenants.get(pk=offer.pk)
    assert confirmed.last_confirmed_at == timezone.localdate()
    expect(page.locator("#confirm-result")).to_contain_text(
        confirmed.confirmation_due.strftime("%d.%m.%Y")
    )
    assert_one_h1(page)
    check(page, "confirmation thank-you page", js)

    # The link is used up now: a clear page, nothing changes.
    response = page.goto(link)
    assert response.status == 410
    expect(page.locator("[data-problem=used]")).to_be_visible()
    check(page, "used confirmation link", js)


def test_planner_dashboard_is_accessible_and_sorts_without_javascript(
    new_context, check, reminded, tenant
):
    from praevnav.accounts.enums import Role

    add_editor(tenant, None, "planerin", role=Role.PLANER)
    Offer.all_tenants.filter(pk=reminded[0].pk).update(
        confirmation_due=timezone.localdate() - timedelta(days=3)
    )
    page = new_context(js=False).new_page()
    page.goto("/konto/anmelden/?next=/verwaltung/aktualitaet/")
    page.locator("input[name=username]").fill("planerin")
    page.locator("input[name=password]").fill("correct horse battery")
    page.locator("form button[type=submit]").last.click()
    expect(page.locator("#overdue-table")).to_contain_text("Elterncafé Nord")
    expect(page.locator('.pn-nav a[href="/verwaltung/aktualitaet/"]')).to_have_attribute(
        "aria-current", "page"
    )
    check(page, "currency dashboard", False)
    page.locator("#provider-table thead a").first.click()
    expect(page).to_have_url(re.compile(r"sort_provider=name"))
    expect(page.locator("#provider-table th[aria-sort=ascending]")).to_have_count(1)
    check(page, "currency dashboard sorted", False)
