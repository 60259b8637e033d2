"""A provider editor edits an offer (new title, one more language) and submits it; the
workspace then shows "waiting for review". The editor invites a colleague and withdraws
the invitation; its link then says so. Runs in English (msgids) except where the
colleague opens the link; every page touched is checked with axe."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from playwright.sync_api import expect

from e2e.helpers import assert_accessible, assert_one_h1
from factories import MembershipFactory, OfferFactory, UserFactory
from praevnav.accounts.enums import Role
from praevnav.accounts.models import Invitation, Membership
from praevnav.catalogue.enums import OfferStatus, RevisionStatus
from praevnav.catalogue.models import OfferRevision
from praevnav.taxonomy.enums import Vocabulary
from praevnav.taxonomy.models import Term

pytestmark = pytest.mark.e2e


@pytest.fixture
def editor_page(page, tenant, organisation, live_server):
    user = UserFactory(username="e.editor")
    MembershipFactory(user=user, tenant=tenant, role=Role.TRAEGER_EDITOR, organisation=organisation)
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


def test_editor_edits_and_submits_an_offer(editor_page, tenant, organisation):
    offer = OfferFactory(
        tenant=tenant,
        organisation=organisation,
        status=OfferStatus.PUBLISHED,
        title="Elterncafé Nord",
        description="Offenes Treffen für Eltern mit Babys.",
    )
    dimension = Term.all_tenants.filter(tenant=tenant, vocabulary=Vocabulary.DIMENSION).first()
    offer.dimensions.add(dimension)
    turkish = Term.all_tenants.get(tenant=tenant, vocabulary=Vocabulary.LANGUAGE, code="tr")
    page = editor_page

    page.goto("/")
    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Provider area"
    ).click()
    assert assert_one_h1(page) == f"Offers of {organisation.name}"
    expect(page.locator(f"#offer-{offer.pk}")).to_contain_text("Elterncafé Nord")
    assert_accessible(page, context="provider dashboard")

    page.get_by_role("link", name="Elterncafé Nord").click()
    assert assert_one_h1(page) == "Edit “Elterncafé Nord”"
    assert_accessible(page, context="offer form")
    page.locator("#fs-text").get_by_label("Title", exact=True).fill(
        "Elterncafé Nord – jetzt auch samstags"
    )
    page.locator("#fs-access").get_by_label(turkish.name_en or turkish.name, exact=True).check()
    page.get_by_role("button", name="Submit for review").click()

    expect(page.locator(".kern-alert--success")).to_contain_text("submitted for review")
    assert assert_one_h1(page) == f"Offers of {organisation.name}"
    expect(page.locator(f"#offer-{offer.pk}")).to_contain_text("waiting for review")
    assert_accessible(page, context="dashboard after submitting")

    revision = OfferRevision.all_tenants.get(offer=offer, status=RevisionStatus.SUBMITTED)
    assert revision.data["title"] == "Elterncafé Nord – jetzt auch samstags"
    assert turkish.pk in revision.data["languages"]
    offer.refresh_from_db()
    assert offer.title == "Elterncafé Nord"

    page.get_by_role("link", name="Elterncafé Nord").click()
    expect(page.locator("#waiting")).to_contain_text("Waiting for review")
    assert_accessible(page, context="offer waiting for review")


def test_editor_invites_a_colleague_and_withdraws_the_invitation(
    editor_page, new_context, organisation
):
    page = editor_page
    page.goto(f"/traeger/?organisation={organisation.pk}")
    page.get_by_role("navigation", name="Provider area").get_by_role(
        "link", name="Colleagues"
    ).click()
    assert assert_one_h1(page) == f"Colleagues at {organisation.name}"
    assert_accessible(page, context="colleagues")

    page.get_by_label("E-mail address of your colleague").fill("kollegin@example.org")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator(".kern-alert--success")).to_contain_text("kollegin@example.org")
    expect(page.locator("#invitations")).to_contain_text("kollegin@example.org")
    assert_accessible(page, context="colleagues with an open invitation")
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/konto/einladung/\S+/", mail.outbox[0].body).group(0)

    page.get_by_role("button", name="Withdraw invitation to kollegin@example.org").click()
    expect(page.locator(".kern-alert--success")).to_contain_text("has been withdrawn")
    expect(page.locator("#invitations")).to_have_count(0)
    assert_accessible(page, context="colleagues after withdrawing")
    invitation = Invitation.all_tenants.get(email="kollegin@example.org")
    assert invitation.revoked_at is not None

    # The colleague opens the mailed link (German, not logged in): it says why it fails.
    visitor = new_context(js=True).new_page()
    visitor.goto(link)
    assert assert_one_h1(visitor) == "Diese Einladung kann nicht verwendet werden"
    expect(visitor.locator("#invitation-problem")).to_contain_text("zurückgezogen")
    assert_accessible(visitor, context="withdrawn invitation link")
    assert not Membership.all_tenants.filter(user__email="kollegin@example.org").exists()
