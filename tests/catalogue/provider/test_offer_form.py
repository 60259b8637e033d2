"""The offer form: create, edit, draft, submit, withdraw, discard, returned changes — all as
plain POSTs without JavaScript."""

from __future__ import annotations

import pytest
from django.core import mail

from catalogue.provider.conftest import form_post, term
from praevnav.catalogue.enums import OfferStatus, RevisionStatus
from praevnav.catalogue.models import Offer, OfferRevision
from praevnav.catalogue.revisions import offer_snapshot
from praevnav.catalogue.services_revisions import (
    offer_draft_save,
    offer_revision_reject,
    offer_revision_submit,
)
from praevnav.core.tenancy import tenant_context
from praevnav.taxonomy.enums import Vocabulary

pytestmark = pytest.mark.django_db


def test_create_form_renders_fieldsets_and_vocabularies(editor_client, tenant, own_location):
    html = editor_client.get("/traeger/angebote/neu/").content.decode()
    assert html.count("<legend") >= 10
    assert term(tenant, Vocabulary.DIMENSION).name in html
    assert "Familienzentrum Nord" in html  # the organisation's location is a choice
    # Sub-topics are indented in the topic tree.
    assert "— " in html
    assert 'name="sessions-TOTAL_FORMS"' in html


def test_create_draft_in_years_stores_months(
    editor_client, tenant, organisation, dimension, own_location
):
    language = term(tenant, Vocabulary.LANGUAGE, "tr")
    response = editor_client.post(
        "/traeger/angebote/neu/",
        form_post(
            dimensions=[str(dimension.pk)],
            languages=[str(language.pk)],
            locations=[str(own_location.pk)],
            **{
                "sessions-0-weekday": "1",
                "sessions-0-opens": "09:00",
                "sessions-0-closes": "11:30",
                "sessions-0-location": str(own_location.pk),
                "translations-0-language": "tr",
                "translations-0-title": "Bebek buluşması",
                "translations-0-description": "Haftalık buluşma.",
            },
        ),
    )
    offer = Offer.all_tenants.get(title="Babytreff Rath")
    assert (
        response.status_code == 302
        and response["Location"] == f"/traeger/angebote/{offer.pk}/bearbeiten/"
    )
    assert offer.status == OfferStatus.DRAFT
    assert offer.organisation == organisation
    assert (offer.age_min_months, offer.age_max_months) == (0, 36)
    assert list(offer.dimensions.all()) == [dimension]
    assert list(offer.languages.all()) == [language]
    session = offer.sessions.get()
    assert (session.weekday, session.opens.hour, session.closes.minute, session.location_id) == (
        1,
        9,
        30,
        own_location.pk,
    )
    assert offer.translations.get().title == "Bebek buluşması"
    revision = OfferRevision.all_tenants.get(offer=offer)
    assert revision.status == RevisionStatus.DRAFT
    # Derived life phases are shown after saving.
    html = editor_client.get(response["Location"]).content.decode()
    assert 'id="life-phases"' in html and "0" in html
    assert "Draft in progress" in html


def test_age_in_months(editor_client, tenant, dimension):
    editor_client.post(
        "/traeger/angebote/neu/",
        form_post(dimensions=[str(dimension.pk)], age_unit="months", age_from="6", age_to="18"),
    )
    offer = Offer.all_tenants.get(title="Babytreff Rath")
    assert (offer.age_min_months, offer.age_max_months) == (6, 18)


def test_invalid_input_names_fields_and_saves_nothing(editor_client, tenant):
    response = editor_client.post(
        "/traeger/angebote/neu/",
        form_post(
            title="",
            age_from="5",
            age_to="2",
            **{
                "sessions-0-weekday": "2",
                "sessions-0-opens": "14:00",
                "sessions-0-closes": "13:00",
            },
        ),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="error-summary"' in html
    assert 'href="#id_title"' in html
    assert 'href="#id_dimensions_0"' in html
    assert "Please choose at least one prevention dimension." in html
    assert "The upper age must be greater than the lower age." in html
    assert "The closing time must be after the opening time." in html
    assert 'href="#id_sessions-0-closes"' in html
    assert not Offer.all_tenants.exists()


def test_foreign_ids_are_rejected(editor_client, tenant, other_tenant, dimension, foreign_location):
    foreign_term = term(other_tenant, Vocabulary.DIMENSION)
    html = editor_client.post(
        "/traeger/angebote/neu/",
        form_post(dimensions=[str(foreign_term.pk)], locations=[str(foreign_location.pk)]),
    ).content.decode()
    assert 'href="#id_dimensions_0"' in html
    assert 'href="#id_locations_0"' in html
    assert not Offer.all_tenants.exists()


def test_edit_published_saves_draft_and_submit_keeps_live_offer(
    editor_client, tenant, published, dimension
):
    published.dimensions.add(dimension)
    form = editor_client.get(f"/traeger/angebote/{published.pk}/bearbeiten/").content.decode()
    assert 'value="Elterncafé Nord"' in form
    response = editor_client.post(
        f"/traeger/angebote/{published.pk}/bearbeiten/",
        form_post(title="Elterncafé Nord (neu)", dimensions=[str(dimension.pk)], action="submit"),
    )
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.title == "Elterncafé Nord"  # live offer unchanged until review
    revision = OfferRevision.all_tenants.get(offer=published, status=RevisionStatus.SUBMITTED)
    assert revision.data["title"] == "Elterncafé Nord (neu)"
    assert {
        "field": "title",
        "old": "Elterncafé Nord",
        "new": "Elterncafé Nord (neu)",
    } in revision.changes
    # The edit page now says "waiting" and offers withdraw instead of the form.
    html = editor_client.get(f"/traeger/angebote/{published.pk}/bearbeiten/").content.decode()
    assert 'id="waiting"' in html and 'name="title"' not in html
    assert f'action="/traeger/angebote/{published.pk}/zurueckziehen/"' in html
    # A POST of the form meanwhile changes nothing.
    editor_client.post(
        f"/traeger/angebote/{published.pk}/bearbeiten/",
        form_post(title="Anders", dimensions=[str(dimension.pk)]),
    )
    revision.refresh_from_db()
    assert revision.data["title"] == "Elterncafé Nord (neu)"


def test_withdraw_then_form_loads_the_draft(editor_client, editor, tenant, published):
    with tenant_context(tenant):
        rev = offer_draft_save(
            offer=published, data=offer_snapshot(published) | {"title": "Entwurfstitel"}, by=editor
        )
        offer_revision_submit(revision=rev, by=editor)
    editor_client.post(f"/traeger/angebote/{published.pk}/zurueckziehen/")
    rev.refresh_from_db()
    assert rev.status == RevisionStatus.DRAFT
    html = editor_client.get(f"/traeger/angebote/{published.pk}/bearbeiten/").content.decode()
    assert 'value="Entwurfstitel"' in html


def test_discard_draft(editor_client, editor, tenant, published):
    with tenant_context(tenant):
        rev = offer_draft_save(
            offer=published, data=offer_snapshot(published) | {"title": "Weg damit"}, by=editor
        )
    response = editor_client.post(f"/traeger/angebote/{published.pk}/verwerfen/")
    assert response.status_code == 302
    rev.refresh_from_db()
    assert rev.status == RevisionStatus.WITHDRAWN
    html = editor_client.get(f"/traeger/angebote/{published.pk}/bearbeiten/").content.decode()
    assert 'value="Elterncafé Nord"' in html


def test_returned_change_shows_note_and_proposal(
    editor_client, editor, tenant, published, persona_user
):
    planner = persona_user("planer")
    with tenant_context(tenant):
        rev = offer_draft_save(
            offer=published, data=offer_snapshot(published) | {"title": "Vorschlag"}, by=editor
        )
        offer_revision_submit(revision=rev, by=editor)
        offer_revision_reject(revision=rev, reviewer=planner, note="Die Öffnungszeiten fehlen.")
    html = editor_client.get(f"/traeger/angebote/{published.pk}/bearbeiten/").content.decode()
    assert 'id="returned"' in html
    assert "Die Öffnungszeiten fehlen." in html
    assert 'value="Vorschlag"' in html


def test_confirm_button_records_confirmation(editor_client, published):
    assert published.last_confirmed_at is None
    html = editor_client.get(f"/traeger/angebote/{published.pk}/bearbeiten/").content.decode()
    assert f'action="/traeger/angebote/{published.pk}/bestaetigen/"' in html
    editor_client.post(f"/traeger/angebote/{published.pk}/bestaetigen/")
    published.refresh_from_db()
    assert published.last_confirmed_at is not None


def test_planner_uses_the_same_workflow(planner_client, tenant, organisation, dimension):
    planner_client.post(
        f"/traeger/angebote/neu/?organisation={organisation.pk}",
        form_post(dimensions=[str(dimension.pk)], action="submit"),
    )
    offer = Offer.all_tenants.get(title="Babytreff Rath")
    assert offer.status == OfferStatus.SUBMITTED
    assert mail.outbox == []
