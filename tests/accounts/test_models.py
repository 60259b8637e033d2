"""Memberships, role lookup with Kreis lineage, and the account services."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from factories import MembershipFactory, OrganisationFactory, TenantFactory, UserFactory
from praevnav.accounts.enums import Role
from praevnav.accounts.models import Membership, User
from praevnav.accounts.services import membership_grant, membership_revoke, user_create
from praevnav.core.models import AuditEntry, TenantKind
from praevnav.core.tenancy import tenant_context

pytestmark = pytest.mark.django_db


@pytest.fixture
def kreis_and_towns(db):
    kreis = TenantFactory(slug="kreis-dueren", kind=TenantKind.KREIS, taxonomy=False)
    town = TenantFactory(slug="nideggen", kind=TenantKind.GEMEINDE, parent=kreis, taxonomy=False)
    sibling = TenantFactory(slug="heimbach", kind=TenantKind.GEMEINDE, parent=kreis, taxonomy=False)
    return kreis, town, sibling


# --- Membership constraints -----------------------------------------------------


def test_editor_membership_needs_an_organisation_in_clean(tenant):
    membership = Membership(user=UserFactory(), tenant=tenant, role=Role.TRAEGER_EDITOR)
    with pytest.raises(ValidationError) as excinfo:
        membership.full_clean()
    assert "organisation" in excinfo.value.message_dict


def test_editor_membership_needs_an_organisation_in_the_database(tenant):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.all_tenants.create(user=UserFactory(), tenant=tenant, role=Role.TRAEGER_EDITOR)


def test_membership_rejects_organisation_of_another_tenant(tenant, other_tenant):
    foreign = OrganisationFactory(tenant=other_tenant)
    membership = Membership(
        user=UserFactory(), tenant=tenant, role=Role.TRAEGER_EDITOR, organisation=foreign
    )
    with translation.override("en"):
        with pytest.raises(ValidationError) as excinfo:
            membership.full_clean()
        assert excinfo.value.message_dict["organisation"] == [
            "The organisation belongs to another tenant."
        ]


def test_membership_accepts_organisation_of_a_member_town_for_a_kreis_role(kreis_and_towns):
    kreis, town, _ = kreis_and_towns
    membership = Membership(
        user=UserFactory(),
        tenant=kreis,
        role=Role.TRAEGER_EDITOR,
        organisation=OrganisationFactory(tenant=town),
    )
    membership.full_clean()


def test_membership_rejects_organisation_of_a_sibling_town(kreis_and_towns):
    _kreis, town, sibling = kreis_and_towns
    membership = Membership(
        user=UserFactory(),
        tenant=town,
        role=Role.TRAEGER_EDITOR,
        organisation=OrganisationFactory(tenant=sibling),
    )
    with pytest.raises(ValidationError):
        membership.full_clean()


def test_same_role_without_organisation_cannot_be_stored_twice(tenant):
    user = UserFactory()
    MembershipFactory(user=user, tenant=tenant, role=Role.PLANER)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.all_tenants.create(user=user, tenant=tenant, role=Role.PLANER)


def test_same_editor_role_for_two_organisations_is_allowed(tenant):
    user = UserFactory()
    for org in OrganisationFactory.create_batch(2, tenant=tenant):
        MembershipFactory(user=user, tenant=tenant, role=Role.TRAEGER_EDITOR, organisation=org)
    assert user.organisation_ids_in(tenant) == set(
        Membership.all_tenants.filter(user=user).values_list("organisation_id", flat=True)
    )


def test_duplicate_membership_is_a_validation_error_not_a_crash(tenant, other_tenant):
    user = UserFactory()
    MembershipFactory(user=user, tenant=tenant, role=Role.PLANER)
    duplicate = Membership(user=user, tenant=tenant, role=Role.PLANER)
    with tenant_context(other_tenant), pytest.raises(ValidationError):
        duplicate.full_clean()


# --- User.roles_in ----------------------------------------------------------------


def test_roles_in_includes_the_kreis_roles_for_member_towns(kreis_and_towns):
    kreis, town, sibling = kreis_and_towns
    user = UserFactory()
    MembershipFactory(user=user, tenant=kreis, role=Role.PLANER)
    MembershipFactory(user=user, tenant=town, role=Role.KOORDINATION)
    assert user.roles_in(kreis) == {Role.PLANER}
    assert user.roles_in(town) == {Role.PLANER, Role.KOORDINATION}
    assert user.roles_in(sibling) == {Role.PLANER}


def test_roles_in_is_empty_for_none_other_tenant_and_inactive_users(tenant, other_tenant):
    user = UserFactory()
    MembershipFactory(user=user, tenant=tenant, role=Role.ADMIN)
    assert user.roles_in(None) == set()
    assert user.roles_in(other_tenant) == set()
    user.is_active = False
    assert user.roles_in(tenant) == set()
    assert user.organisation_ids_in(tenant) == set()


def test_organisation_ids_in_follows_editor_memberships_only(tenant, organisation):
    user = UserFactory()
    MembershipFactory(user=user, tenant=tenant, role=Role.FACHKRAFT, organisation=organisation)
    assert user.organisation_ids_in(tenant) == set()
    MembershipFactory(user=user, tenant=tenant, role=Role.TRAEGER_EDITOR, organisation=organisation)
    assert user.organisation_ids_in(tenant) == {organisation.pk}


# --- user_create -----------------------------------------------------------------


def test_user_create_stores_a_usable_password_and_audits():
    admin = UserFactory(username="chef")
    user = user_create(
        username="planerin",
        email=" Planerin@Example.ORG ",
        password="Präventionskette-2025",
        first_name="Pia",
        by=admin,
    )
    assert user.email == "planerin@example.org"
    assert user.check_password("Präventionskette-2025")
    entry = AuditEntry.objects.get(action="user.create", object_id=str(user.pk))
    assert entry.actor == admin


def test_user_create_without_password_cannot_log_in():
    user = user_create(username="neu", email="neu@example.org", by=None)
    assert not user.has_usable_password()


@pytest.mark.parametrize(
    "kwargs,field",
    [
        ({"username": "a b", "email": "x@example.org"}, "username"),
        ({"username": "ok", "email": "kein-mail"}, "email"),
        ({"username": "ok", "email": "ok@example.org", "password": "12345"}, "password"),
        ({"username": "dup", "email": "neu@example.org"}, "username"),
        ({"username": "neu", "email": "DUP@example.org"}, "email"),
    ],
)
def test_user_create_rejects_bad_input_naming_the_field(kwargs, field):
    UserFactory(username="dup", email="dup@example.org")
    before = (User.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError) as excinfo:
        user_create(by=None, **kwargs)
    assert field in excinfo.value.message_dict
    assert (User.objects.count(), AuditEntry.objects.count()) == before


def test_user_create_can_skip_password_strength_for_demo_accounts():
    user = user_create(
        username="demo",
        email="demo@example.org",
        password="demo",
        check_password_strength=False,
        by=None,
    )
    assert user.check_password("demo")


# --- membership_grant / membership_revoke -------------------------------------


def test_membership_grant_creates_audits_and_updates_roles(tenant):
    admin = UserFactory(username="chef")
    user = UserFactory()
    assert user.roles_in(tenant) == set()  # fills the per-instance cache
    membership = membership_grant(user=user, tenant=tenant, role=Role.PLANER, by=admin)
    assert membership.pk and membership.tenant == tenant
    assert user.roles_in(tenant) == {Role.PLANER}
    entry = AuditEntry.objects.get(action="membership.grant")
    assert (entry.tenant, entry.actor, entry.changes["role"]) == (tenant, admin, "planer")


def test_membership_grant_is_idempotent(tenant, organisation):
    user = UserFactory()
    first = membership_grant(
        user=user, tenant=tenant, role=Role.TRAEGER_EDITOR, organisation=organisation, by=None
    )
    second = membership_grant(
        user=user, tenant=tenant, role="traeger_editor", organisation=organisation, by=None
    )
    assert first == second
    assert Membership.all_tenants.filter(user=user).count() == 1
    assert AuditEntry.objects.filter(action="membership.grant").count() == 1


def test_membership_grant_admin_role_makes_user_staff(tenant):
    user = UserFactory()
    membership_grant(user=user, tenant=tenant, role=Role.ADMIN, by=None)
    user.refresh_from_db()
    assert user.is_staff


@pytest.mark.parametrize(
    "role,org_tenant,field",
    [
        (Role.TRAEGER_EDITOR, None, "organisation"),
        (Role.TRAEGER_EDITOR, "other", "organisation"),
        ("hausmeister", None, "role"),
    ],
)
def test_membership_grant_rejects_bad_input_and_changes_nothing(
    role, org_tenant, field, tenant, other_tenant
):
    user = UserFactory()
    organisation = OrganisationFactory(tenant=other_tenant) if org_tenant else None
    with pytest.raises(ValidationError) as excinfo:
        membership_grant(user=user, tenant=tenant, role=role, organisation=organisation, by=None)
    assert field in excinfo.value.message_dict
    assert not Membership.all_tenants.filter(user=user).exists()
    assert not AuditEntry.objects.filter(action="membership.grant").exists()


def test_membership_grant_works_from_another_active_tenant(tenant, other_tenant):
    user = UserFactory()
    with tenant_context(other_tenant):
        membership = membership_grant(user=user, tenant=tenant, role=Role.FACHKRAFT, by=None)
        again = membership_grant(user=user, tenant=tenant, role=Role.FACHKRAFT, by=None)
    assert membership == again
    assert membership.tenant == tenant


def test_membership_revoke_removes_role_and_audits(tenant):
    user = UserFactory()
    membership = membership_grant(user=user, tenant=tenant, role=Role.KOORDINATION, by=None)
    assert user.roles_in(tenant) == {Role.KOORDINATION}
    membership_revoke(membership=membership, by=None)
    assert user.roles_in(tenant) == set()
    assert AuditEntry.objects.filter(action="membership.revoke").count() == 1
