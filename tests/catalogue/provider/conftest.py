"""Fixtures of the provider workspace tests: two organisations of one tenant, an editor
of the first, offers and locations of both."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from factories import (
    LocationFactory,
    MembershipFactory,
    OfferFactory,
    OrganisationFactory,
    UserFactory,
)
from praevnav.accounts.enums import Role
from praevnav.catalogue.enums import OfferStatus
from praevnav.taxonomy.enums import Vocabulary
from praevnav.taxonomy.models import Term


@pytest.fixture
def other_org(tenant):
    return OrganisationFactory(tenant=tenant, name="Jugendhilfe Süd gGmbH")


@pytest.fixture
def editor(tenant, organisation):
    user = UserFactory(username="e.editor", email="editor@example.org")
    MembershipFactory(user=user, tenant=tenant, role=Role.TRAEGER_EDITOR, organisation=organisation)
    return user


def english(client: Client) -> Client:
    """Pages in English (the msgids), so assertions hold before and after translation."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return english(client)


@pytest.fixture
def planner_client(tenant):
    user = UserFactory(username="p.planer")
    MembershipFactory(user=user, tenant=tenant, role=Role.PLANER)
    client = Client()
    client.force_login(user)
    return english(client)


@pytest.fixture
def published(tenant, organisation):
    return OfferFactory(
        tenant=tenant,
        organisation=organisation,
        status=OfferStatus.PUBLISHED,
        title="Elterncafé Nord",
        description="Offenes Treffen für Eltern mit Babys.",
    )


@pytest.fixture
def foreign_offer(tenant, other_org):
    return OfferFactory(
        tenant=tenant,
        organisation=other_org,
        status=OfferStatus.DRAFT,
        title="Geheimer Entwurf Süd",
    )


@pytest.fixture
def own_location(tenant, organisation):
    return LocationFactory(tenant=tenant, organisation=organisation, name="Familienzentrum Nord")


@pytest.fixture
def foreign_location(tenant, other_org):
    return LocationFactory(tenant=tenant, organisation=other_org, name="Jugendtreff Süd")


def term(tenant, vocabulary, code=None):
    qs = Term.all_tenants.filter(tenant=tenant, vocabulary=vocabulary)
    return qs.get(code=code) if code else qs.order_by("position").first()


def form_post(**overrides) -> dict:
    """A complete, valid POST of the offer form (no sessions, no translations)."""
    data = {
        "title": "Babytreff Rath",
        "description": "Wöchentliches Treffen für Eltern mit Babys.",
        "summary_plain": "",
        "age_unit": "years",
        "age_from": "0",
        "age_to": "3",
        "service_area_kind": "locations",
        "closed_on_public_holidays": "on",
        "sessions-TOTAL_FORMS": "2",
        "sessions-INITIAL_FORMS": "0",
        "sessions-MIN_NUM_FORMS": "0",
        "sessions-MAX_NUM_FORMS": "1000",
        "translations-TOTAL_FORMS": "1",
        "translations-INITIAL_FORMS": "0",
        "translations-MIN_NUM_FORMS": "0",
        "translations-MAX_NUM_FORMS": "1000",
        "action": "save",
    }
    data.update(overrides)
    return data


@pytest.fixture
def dimension(tenant):
    return term(tenant, Vocabulary.DIMENSION)
