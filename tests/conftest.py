"""Shared fixtures: tenants and one logged-in client per persona."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from factories import MembershipFactory, OrganisationFactory, TenantFactory, UserFactory
from praevnav.accounts.enums import Role
from praevnav.core.tenancy import tenant_context


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """A request activates its language for the thread; never let it leak into the next test."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


PERSONAS = ["anonymous", "fachkraft", "traeger_editor", "planer", "koordination", "admin"]


@pytest.fixture
def tenant(db):
    return TenantFactory(slug="duesseldorf", name="Landeshauptstadt Düsseldorf")


@pytest.fixture
def other_tenant(db):
    return TenantFactory(slug="andere-stadt", name="Andere Stadt")


@pytest.fixture
def active_tenant(tenant):
    """Run the test body with ``tenant`` active, as a request or command would."""
    with tenant_context(tenant):
        yield tenant


@pytest.fixture
def organisation(tenant):
    return OrganisationFactory(tenant=tenant, name="Familienhilfe Nord e. V.")


def make_persona(name: str, tenant, organisation=None):
    """A user holding the persona's role in ``tenant`` (None for anonymous)."""
    if name == "anonymous":
        return None
    user = UserFactory(username=f"{name}-{tenant.slug}", is_staff=(name == "admin"))
    MembershipFactory(
        user=user,
        tenant=tenant,
        role=Role(name),
        organisation=organisation if name == Role.TRAEGER_EDITOR else None,
    )
    return user


@pytest.fixture
def persona_user(tenant, organisation):
    def factory(name: str):
        return make_persona(name, tenant, organisation)

    return factory


@pytest.fixture
def persona_client(persona_user):
    """``persona_client("planer")`` → a Django test client logged in as that persona."""

    def factory(name: str) -> Client:
        client = Client()
        user = persona_user(name)
        if user is not None:
            client.force_login(user)
        return client

    return factory
