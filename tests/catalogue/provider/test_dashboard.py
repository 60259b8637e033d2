"""The provider dashboard: the editor's offers with status, open change and currency."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factories import MembershipFactory, OfferFactory, OrganisationFactory
from praevnav.accounts.enums import Role
from praevnav.catalogue.enums import OfferStatus, RevisionStatus
from praevnav.catalogue.models import Offer
from praevnav.catalogue.revisions import offer_snapshot
from praevnav.catalogue.services_revisions import (
    offer_draft_save,
    offer_revision_reject,
    offer_revision_submit,
)
from praevnav.core.tenancy import tenant_context

pytestmark = pytest.mark.django_db


def _row(html: str, offer) -> str:
    start = html.index(f'id="offer-{offer.pk}"')
    return html[start : html.index("</tr>", start)]


def test_anonymous_is_sent_to_login(client, tenant):
    response = client.get("/traeger/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/anmelden/?next=/traeger/")


def test_fachkraft_may_not_enter(persona_client):
    response = persona_client("fachkraft").get("/traeger/")
    assert response.status_code == 403
    assert b"offer-table" not in response.content


def test_dashboard_lists_only_own_offers_with_states(
    editor_client, editor, tenant, published, foreign_offer
):
    with tenant_context(tenant):
        draft = offer_draft_save(
            offer=published, data=offer_snapshot(published) | {"title": "Neu"}, by=editor
        )
    overdue = OfferFactory(
        tenant=tenant,
        organisation=published.organisation,
        title="Alter Kurs",
        status=OfferStatus.PUBLISHED,
    )
    Offer.all_tenants.filter(pk=overdue.pk).update(
        confirmation_due=dt.date(2020, 1, 1),
        hidden_from=dt.date(2020, 3, 1),
        last_confirmed_at=dt.date(2019, 1, 1),
    )
    response = editor_client.get("/traeger/")
    html = response.content.decode()
    assert "Elterncafé Nord" in html
    assert "Geheimer Entwurf Süd" not in html
    assert "draft in progress" in _row(html, published)
    overdue_row = _row(html, overdue)
    assert "Overdue" in overdue_row
    assert "hidden from public search since" in overdue_row
    assert "01.03.2020" in overdue_row or "2020" in overdue_row
    # The flagged list at the top names it too.
    assert 'id="overdue"' in html
    assert draft.status == RevisionStatus.DRAFT


def test_dashboard_shows_waiting_and_returned(
    editor_client, editor, tenant, published, persona_user
):
    second = OfferFactory(
        tenant=tenant, organisation=published.organisation, title="Zweites Angebot"
    )
    planner = persona_user("planer")
    with tenant_context(tenant):
        rev = offer_draft_save(
            offer=published, data=offer_snapshot(published) | {"title": "X"}, by=editor
        )
        offer_revision_submit(revision=rev, by=editor)
        rev2 = offer_draft_save(
            offer=second, data=offer_snapshot(second) | {"title": "Y"}, by=editor
        )
        offer_revision_submit(revision=rev2, by=editor)
        offer_revision_reject(revision=rev2, reviewer=planner, note="Bitte Zeiten ergänzen.")
    html = editor_client.get("/traeger/").content.decode()
    assert "waiting for review" in _row(html, published)
    returned = _row(html, second)
    assert "returned with a note" in returned
    assert "Bitte Zeiten ergänzen." in returned


def test_dashboard_filters_by_status_and_currency(editor_client, tenant, published, organisation):
    draft = OfferFactory(
        tenant=tenant, organisation=organisation, title="Nur Entwurf", status=OfferStatus.DRAFT
    )
    html = editor_client.get("/traeger/?status=draft").content.decode()
    assert "Nur Entwurf" in html and "Elterncafé Nord" not in html
    Offer.all_tenants.filter(pk=published.pk).update(
        confirmation_due=dt.date(2020, 1, 1), hidden_from=dt.date(2099, 1, 1)
    )
    html = editor_client.get("/traeger/?currency=overdue").content.decode()
    assert "Elterncafé Nord" in _row(html, published)
    assert f'id="offer-{draft.pk}"' not in html


def test_dashboard_query_count_does_not_grow_with_offers(editor_client, tenant, organisation):
    OfferFactory.create_batch(2, tenant=tenant, organisation=organisation)
    with CaptureQueriesContext(connection) as few:
        editor_client.get("/traeger/")
    OfferFactory.create_batch(15, tenant=tenant, organisation=organisation)
    with CaptureQueriesContext(connection) as many:
        response = editor_client.get("/traeger/")
    assert response.content.decode().count('<tr class="kern-table__row" id="offer-') == 17
    assert len(many) == len(few)


def test_editor_of_two_organisations_chooses(
    editor_client, editor, tenant, other_org, foreign_offer
):
    MembershipFactory(user=editor, tenant=tenant, role=Role.TRAEGER_EDITOR, organisation=other_org)
    html = editor_client.get("/traeger/").content.decode()
    assert "organisation-choices" in html and "Jugendhilfe Süd gGmbH" in html
    html = editor_client.get(f"/traeger/?organisation={other_org.pk}").content.decode()
    assert "Geheimer Entwurf Süd" in html


def test_editor_cannot_open_other_organisation(editor_client, other_org, foreign_offer):
    response = editor_client.get(f"/traeger/?organisation={other_org.pk}")
    assert response.status_code == 404
    assert "Geheimer Entwurf Süd" not in response.content.decode()


def test_planner_opens_any_organisation_of_the_tenant(
    planner_client, other_org, foreign_offer, other_tenant
):
    html = planner_client.get("/traeger/").content.decode()
    assert "Jugendhilfe Süd gGmbH" in html
    html = planner_client.get(f"/traeger/?organisation={other_org.pk}").content.decode()
    assert "Geheimer Entwurf Süd" in html
    foreign_tenant_org = OrganisationFactory(tenant=other_tenant)
    assert planner_client.get(f"/traeger/?organisation={foreign_tenant_org.pk}").status_code == 404


def test_nav_shows_provider_link_for_editor_only(editor_client, persona_client):
    assert 'href="/traeger/"' in editor_client.get("/").content.decode()
    html = persona_client("fachkraft").get("/").content.decode()
    assert 'href="/traeger/"' not in html
