"""Object-level rules: an editor never sees or changes another organisation's offers,
drafts, locations or invitations (404 on every URL), and the public API never shows
drafts or submitted offers."""

from __future__ import annotations

import pytest

from catalogue.provider.conftest import form_post
from factories import OfferFactory
from praevnav.accounts.models import Invitation
from praevnav.catalogue.enums import OfferStatus
from praevnav.catalogue.models import Offer, OfferRevision
from praevnav.catalogue.revisions import offer_snapshot
from praevnav.catalogue.services_revisions import offer_draft_save, offer_revision_submit
from praevnav.core.models import AuditEntry
from praevnav.core.tenancy import tenant_context

pytestmark = pytest.mark.django_db


def test_foreign_offer_pages_are_404_and_change_nothing(editor_client, foreign_offer, dimension):
    pk = foreign_offer.pk
    response = editor_client.get(f"/traeger/angebote/{pk}/bearbeiten/")
    assert response.status_code == 404
    assert "Geheimer Entwurf Süd" not in response.content.decode()
    for url, data in [
        (
            f"/traeger/angebote/{pk}/bearbeiten/",
            form_post(title="Gekapert", dimensions=[str(dimension.pk)]),
        ),
        (f"/traeger/angebote/{pk}/zurueckziehen/", {}),
        (f"/traeger/angebote/{pk}/verwerfen/", {}),
        (f"/traeger/angebote/{pk}/bestaetigen/", {}),
    ]:
        assert editor_client.post(url, data).status_code == 404, url
    foreign_offer.refresh_from_db()
    assert foreign_offer.title == "Geheimer Entwurf Süd"
    assert foreign_offer.last_confirmed_at is None
    assert not OfferRevision.all_tenants.filter(offer=foreign_offer).exists()
    assert not AuditEntry.objects.filter(object_id=str(pk), object_type="catalogue.offer").exists()


def test_foreign_submitted_revision_cannot_be_withdrawn(
    editor_client, tenant, foreign_offer, persona_user
):
    planner = persona_user("planer")
    with tenant_context(tenant):
        rev = offer_draft_save(offer=foreign_offer, data=offer_snapshot(foreign_offer), by=planner)
        offer_revision_submit(revision=rev, by=planner)
    assert (
        editor_client.post(f"/traeger/angebote/{foreign_offer.pk}/zurueckziehen/").status_code
        == 404
    )
    rev.refresh_from_db()
    assert rev.status == "submitted"


def test_create_for_foreign_organisation_is_404(editor_client, other_org, dimension):
    url = f"/traeger/angebote/neu/?organisation={other_org.pk}"
    assert editor_client.get(url).status_code == 404
    assert editor_client.post(url, form_post(dimensions=[str(dimension.pk)])).status_code == 404
    # Also when the organisation is smuggled in as a form field.
    editor_client.post(
        "/traeger/angebote/neu/",
        form_post(dimensions=[str(dimension.pk)], organisation_id=str(other_org.pk)),
    )
    assert not Offer.all_tenants.filter(organisation=other_org).exists()


def test_foreign_locations_are_404(editor_client, other_org, foreign_location):
    assert editor_client.get(f"/traeger/standorte/?organisation={other_org.pk}").status_code == 404
    assert (
        editor_client.get(f"/traeger/standorte/neu/?organisation={other_org.pk}").status_code == 404
    )
    assert (
        editor_client.get(f"/traeger/standorte/{foreign_location.pk}/bearbeiten/").status_code
        == 404
    )
    response = editor_client.post(
        f"/traeger/standorte/{foreign_location.pk}/bearbeiten/", {"name": "Gekapert"}
    )
    assert response.status_code == 404
    foreign_location.refresh_from_db()
    assert foreign_location.name == "Jugendtreff Süd"
    html = editor_client.get("/traeger/standorte/").content.decode()
    assert "Jugendtreff Süd" not in html


def test_foreign_colleagues_and_invitations_are_404(editor_client, other_org):
    url = f"/traeger/kolleginnen/?organisation={other_org.pk}"
    assert editor_client.get(url).status_code == 404
    assert editor_client.post(url, {"email": "x@example.org"}).status_code == 404
    assert not Invitation.all_tenants.exists()


def test_offer_of_another_tenant_is_404_for_planner(planner_client, other_tenant):
    offer = OfferFactory(tenant=other_tenant, status=OfferStatus.DRAFT)
    assert planner_client.get(f"/traeger/angebote/{offer.pk}/bearbeiten/").status_code == 404


def test_api_never_exposes_drafts_or_submissions(client, tenant, organisation, editor):
    live = OfferFactory(
        tenant=tenant,
        organisation=organisation,
        title="Sichtbar live",
        status=OfferStatus.PUBLISHED,
    )
    draft = OfferFactory(
        tenant=tenant,
        organisation=organisation,
        title="Unsichtbar Entwurf",
        status=OfferStatus.DRAFT,
    )
    submitted = OfferFactory(
        tenant=tenant,
        organisation=organisation,
        title="Unsichtbar eingereicht",
        status=OfferStatus.SUBMITTED,
    )
    with tenant_context(tenant):
        # A pending change of the live offer must not leak either.
        rev = offer_draft_save(
            offer=live, data=offer_snapshot(live) | {"title": "Geheimer Vorschlag"}, by=editor
        )
        offer_revision_submit(revision=rev, by=editor)
    body = client.get("/api/v1/offers?tenant=duesseldorf&page_size=100").json()
    ids = {item["id"] for item in body["results"]}
    assert str(live.pk) in {str(i) for i in ids}
    assert not {str(draft.pk), str(submitted.pk)} & {str(i) for i in ids}
    text = str(body)
    assert "Unsichtbar" not in text and "Geheimer Vorschlag" not in text
    assert client.get(f"/api/v1/offers/{draft.pk}?tenant=duesseldorf").status_code == 404
    assert client.get(f"/api/v1/offers/{submitted.pk}?tenant=duesseldorf").status_code == 404
    detail = client.get(f"/api/v1/offers/{live.pk}?tenant=duesseldorf").json()
    assert detail["title"] == "Sichtbar live"


def test_invitation_of_a_foreign_organisation_cannot_be_withdrawn(
    editor_client, other_org, other_tenant
):
    from factories import OrganisationFactory
    from praevnav.accounts.services_invitations import invitation_create

    foreign = [
        invitation_create(organisation=org, email="y@example.org", by=None)[0]
        for org in (other_org, OrganisationFactory(tenant=other_tenant))
    ]
    for invitation in foreign:
        url = f"/traeger/einladungen/{invitation.pk}/zurueckziehen/"
        assert editor_client.post(url).status_code == 404
        assert editor_client.get(url).status_code == 405
    assert not Invitation.all_tenants.filter(revoked_at__isnull=False).exists()
    assert not AuditEntry.objects.filter(action="invitation.revoke").exists()
