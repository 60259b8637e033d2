"""The readable history of an offer and “restore this version”."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from catalogue.review.helpers import published_offer, submit_change
from factories import MembershipFactory, OrganisationFactory, UserFactory
from praevnav.accounts.enums import Role
from praevnav.catalogue.enums import RevisionStatus
from praevnav.catalogue.models import OfferRevision
from praevnav.catalogue.revisions import offer_snapshot
from praevnav.catalogue.services_revisions import (
    offer_change_direct,
    offer_confirm,
    offer_revision_approve,
    offer_revision_reject,
)

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(offer) -> str:
    return f"/verwaltung/pruefung/angebote/{offer.pk}/verlauf/"


def events(html: str) -> list[tuple[str, str]]:
    """(id, kind) of the history entries, in page order."""
    return re.findall(
        r'<li class="pn-section pn-history__event" id="([^"]+)" data-kind="([^"]+)"', html
    )


def event_html(html: str, event_id: str) -> str:
    return unescape(re.search(rf'id="{event_id}".*?</li>\s*(?=<li|</ol>)', html, re.S).group(0))


@pytest.fixture
def editor(persona_user):
    return persona_user("traeger_editor")


@pytest.fixture
def planner(persona_user):
    planner = persona_user("planer")
    planner.first_name, planner.last_name = "Petra", "Plan"
    planner.save()
    return planner


@pytest.fixture
def offer(tenant, organisation):
    return published_offer(tenant, organisation)


@pytest.fixture
def history(offer, editor, planner):
    """Version 1 (initial), 2 (import), 3 (editor, approved), change 4 rejected, a
    confirmation."""
    offer_change_direct(
        offer=offer,
        data=offer_snapshot(offer) | {"title": "Elterncafé Nord (Import)"},
        by=None,
        channel="import",
    )
    third = submit_change(offer, editor, title="Elterncafé Nord-Ost", childcare=True)
    offer_revision_approve(revision=third, reviewer=planner)
    fourth = submit_change(offer, editor, title="Falscher Titel")
    offer_revision_reject(revision=fourth, reviewer=planner, note="Bitte den Titel lassen.")
    offer_confirm(offer=offer, by=editor)
    return offer


def test_history_lists_versions_rejections_and_confirmations_newest_first(planner, history, editor):
    html = login(planner).get(url(history)).content.decode()
    assert events(html)[:4] == [
        (events(html)[0][0], "confirm"),
        ("revision-4", "rejected"),
        ("revision-3", "approved"),
        ("revision-2", "approved"),
    ]
    assert events(html)[4] == ("revision-1", "approved")

    third = event_html(html, "revision-3")
    assert editor.username in third and "Petra Plan" in third
    title_row = re.search(r'data-field="title".*?</tr>', third, re.S).group(0)
    assert "Elterncafé Nord (Import)" in title_row and "Elterncafé Nord-Ost" in title_row
    assert re.search(r'data-field="childcare".*?Nein.*?Ja', third, re.S)

    imported = event_html(html, "revision-2")
    assert "Import" in imported
    rejected = event_html(html, "revision-4")
    assert "Bitte den Titel lassen." in rejected and "Falscher Titel" in rejected


def test_editor_of_the_provider_reads_the_history_with_the_note(history, editor):
    html = login(editor).get(url(history)).content.decode()
    assert "Bitte den Titel lassen." in unescape(html)
    # Older versions can be proposed again; the current one cannot.
    assert 'action="/verwaltung/pruefung/angebote/' in html
    restore_ids = re.findall(r"/verlauf/(\d+)/wiederherstellen/", html)
    current = OfferRevision.all_tenants.get(offer=history, number=3)
    assert str(current.pk) not in restore_ids and len(restore_ids) == 2


def test_editor_of_another_organisation_is_refused(tenant, history):
    other = OrganisationFactory(tenant=tenant, name="Anderer Träger")
    stranger = UserFactory(username="fremde-redaktion")
    MembershipFactory(user=stranger, tenant=tenant, role=Role.TRAEGER_EDITOR, organisation=other)
    client = login(stranger)
    assert client.get(url(history)).status_code == 403
    first = OfferRevision.all_tenants.get(offer=history, number=1)
    before = OfferRevision.all_tenants.filter(offer=history).count()
    response = client.post(f"{url(history)}{first.pk}/wiederherstellen/")
    assert response.status_code == 403
    assert OfferRevision.all_tenants.filter(offer=history).count() == before


def test_anonymous_goes_to_login_and_fachkraft_is_refused(client, persona_client, history):
    response = client.get(url(history))
    assert response.status_code == 302 and response["Location"].startswith("/konto/")
    assert persona_client("fachkraft").get(url(history)).status_code == 403


def test_planner_of_another_tenant_gets_404(other_tenant, history):
    stranger = UserFactory(username="planer-anderswo")
    MembershipFactory(user=stranger, tenant=other_tenant, role=Role.PLANER)
    client = login(stranger)
    client.get("/", {"tenant": other_tenant.slug})
    assert client.get(url(history)).status_code == 404


def test_restore_creates_a_submitted_revision_for_review(history, editor, planner):
    first = OfferRevision.all_tenants.get(offer=history, number=1)
    response = login(editor).post(f"{url(history)}{first.pk}/wiederherstellen/", follow=True)

    restored = OfferRevision.all_tenants.get(offer=history, number=5)
    assert restored.status == RevisionStatus.SUBMITTED and restored.restored_from == first
    assert restored.data["title"] == "Elterncafé Nord"
    assert restored.author == editor
    history.refresh_from_db()
    assert history.title == "Elterncafé Nord-Ost"  # live until the review approves
    page = unescape(response.content.decode())
    assert response.redirect_chain[-1][0] == url(history)
    assert re.search(r"kern-alert--success.*?\b1\b.*?\b5\b", page, re.S)
    queue = unescape(login(planner).get("/verwaltung/pruefung/").content.decode())
    assert "Elterncafé Nord</a>" in queue


def test_restore_while_a_change_is_open_says_so_and_creates_nothing(history, editor):
    submit_change(history, editor, title="Noch offen")
    first = OfferRevision.all_tenants.get(offer=history, number=1)
    count = OfferRevision.all_tenants.filter(offer=history).count()
    response = login(editor).post(f"{url(history)}{first.pk}/wiederherstellen/", follow=True)
    assert OfferRevision.all_tenants.filter(offer=history).count() == count
    assert "kern-alert--danger" in response.content.decode()


def test_history_query_count_does_not_grow_with_the_versions(offer, editor, planner):
    client = login(editor)
    for i in range(2):
        offer_revision_approve(
            revision=submit_change(offer, editor, title=f"T{i}"), reviewer=planner
        )
    client.get(url(offer))
    with CaptureQueriesContext(connection) as small:
        assert len(events(client.get(url(offer)).content.decode())) == 3
    for i in range(5):
        offer_revision_approve(
            revision=submit_change(offer, editor, title=f"U{i}", childcare=bool(i % 2)),
            reviewer=planner,
        )
        offer_confirm(offer=offer, by=editor)
    with CaptureQueriesContext(connection) as large:
        assert len(events(client.get(url(offer)).content.decode())) == 13
    assert len(large.captured_queries) == len(small.captured_queries)
