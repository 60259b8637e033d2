"""Fixtures of the currency tests: offers with a known due date, their editors."""

from __future__ import annotations

from datetime import date

import pytest

from factories import MembershipFactory, OfferFactory, OrganisationFactory, UserFactory
from praevnav.accounts.enums import Role
from praevnav.catalogue.enums import OfferStatus

# Confirmed on 30.06.2025 with the default interval of 12 months: due on 30.06.2026.
CONFIRMED = date(2025, 6, 30)
DUE = date(2026, 6, 30)


def add_editor(
    tenant, organisation, username: str, *, active: bool = True, role=Role.TRAEGER_EDITOR
):
    user = UserFactory(username=username, is_active=active)
    MembershipFactory(
        user=user,
        tenant=tenant,
        role=role,
        organisation=organisation if role == Role.TRAEGER_EDITOR else None,
    )
    return user


@pytest.fixture
def editor(tenant, organisation):
    return add_editor(tenant, organisation, "editor-nord")


@pytest.fixture
def due_offer(tenant, organisation):
    return OfferFactory(
        tenant=tenant,
        organisation=organisation,
        title="Elterncafé Nord",
        status=OfferStatus.PUBLISHED,
        last_confirmed_at=CONFIRMED,
    )


@pytest.fixture
def other_org(tenant):
    return OrganisationFactory(tenant=tenant, name="Jugendhilfe Süd gGmbH")
