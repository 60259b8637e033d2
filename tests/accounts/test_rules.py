"""Role × action matrix over every permission, object-level and tenant-scoped.

The expected table is written out by hand from PRODUCT.md (who does what), not
derived from ``accounts/rules.py``: a change to the rules that is not also a
deliberate change here fails.
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from conftest import PERSONAS, make_persona
from factories import (
    AreaFactory,
    LocationFactory,
    MembershipFactory,
    OfferFactory,
    OrganisationFactory,
    TenantFactory,
    UserFactory,
)
from praevnav.accounts.enums import Role
from praevnav.accounts.rules import PERMISSIONS
from praevnav.core.models import TenantKind
from praevnav.core.tenancy import tenant_context

pytestmark = pytest.mark.django_db

Y, N = True, False
#                                    anon fach  edit  plan  koord admin
EXPECTED: dict[str, tuple[bool, ...]] = {
    "catalogue.view_internal_contacts": (N, Y, Y, Y, Y, Y),
    "catalogue.add_offer": (N, N, Y, Y, N, Y),
    # Without an object an editor may not change "offers" in general.
    "catalogue.change_offer": (N, N, N, Y, N, Y),
    "catalogue.review_offer": (N, N, N, Y, N, Y),
    "catalogue.view_offer_history": (N, N, N, Y, N, Y),
    "catalogue.confirm_offer": (N, N, N, Y, N, Y),
    "catalogue.view_currency": (N, N, N, Y, N, Y),
    "accounts.invite_editor": (N, N, N, Y, N, Y),
    "catalogue.keep_offer_list": (N, Y, Y, Y, Y, Y),
    "accounts.change_organisation": (N, N, N, Y, N, Y),
    "taxonomy.manage": (N, N, N, Y, N, Y),
    "geography.manage": (N, N, N, Y, N, Y),
    "exchange.import": (N, N, Y, Y, N, Y),
    "exchange.export": (N, N, Y, Y, N, Y),
    "planning.view": (N, N, N, Y, Y, Y),
    "planning.manage": (N, N, N, Y, N, Y),
    "catalogue.merge_offers": (N, N, N, Y, N, Y),
    "network.manage": (N, N, N, N, Y, Y),
    "cases.report": (N, Y, N, Y, Y, Y),
    "cases.view_statistics": (N, N, N, Y, Y, Y),
    "accounts.manage_users": (N, N, N, N, N, Y),
    "core.access_admin_site": (N, N, N, N, N, Y),
}
OBJECT_PERMISSIONS = {
    "catalogue.change_offer",
    "catalogue.view_offer_history",
    "catalogue.confirm_offer",
    "accounts.change_organisation",
    "accounts.invite_editor",
}


def test_matrix_covers_every_permission():
    assert set(EXPECTED) == set(PERMISSIONS)


def _user(persona, tenant, organisation):
    return make_persona(persona, tenant, organisation) or AnonymousUser()


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("perm", sorted(EXPECTED))
def test_role_action_matrix(perm, persona, tenant, organisation):
    user = _user(persona, tenant, organisation)
    expected = EXPECTED[perm][PERSONAS.index(persona)]
    with tenant_context(tenant):
        assert user.has_perm(perm) is expected
    # The tenant given as object means the same as the active tenant.
    assert user.has_perm(perm, tenant) is expected


# Object-level: an offer / the organisation itself, own vs. another provider.
#                           anon fach  edit  plan  koord admin
OWN_OBJECT = (N, N, Y, Y, N, Y)
FOREIGN_OBJECT = (N, N, N, Y, N, Y)


@pytest.mark.parametrize("persona", PERSONAS)
def test_offer_and_organisation_of_own_vs_other_provider(persona, tenant, organisation):
    user = _user(persona, tenant, organisation)
    other_org = OrganisationFactory(tenant=tenant, name="Anderer Träger")
    own_offer = OfferFactory(tenant=tenant, organisation=organisation)
    foreign_offer = OfferFactory(tenant=tenant, organisation=other_org)
    index = PERSONAS.index(persona)
    assert user.has_perm("catalogue.change_offer", own_offer) is OWN_OBJECT[index]
    for perm in ("catalogue.view_offer_history", "catalogue.confirm_offer"):
        assert user.has_perm(perm, own_offer) is OWN_OBJECT[index]
        assert user.has_perm(perm, foreign_offer) is FOREIGN_OBJECT[index]
    assert user.has_perm("accounts.invite_editor", organisation) is OWN_OBJECT[index]
    assert user.has_perm("accounts.invite_editor", other_org) is FOREIGN_OBJECT[index]
    assert user.has_perm("accounts.change_organisation", organisation) is OWN_OBJECT[index]
    assert user.has_perm("catalogue.change_offer", foreign_offer) is FOREIGN_OBJECT[index]
    assert user.has_perm("accounts.change_organisation", other_org) is FOREIGN_OBJECT[index]


def test_editor_object_check_uses_the_objects_tenant_not_the_active_one(
    tenant, other_tenant, organisation
):
    editor = make_persona("traeger_editor", tenant, organisation)
    own_offer = OfferFactory(tenant=tenant, organisation=organisation)
    with tenant_context(other_tenant):
        assert editor.has_perm("catalogue.change_offer", own_offer)


def test_editor_may_not_change_other_tenants_offer_even_of_same_named_provider(
    tenant, other_tenant, organisation
):
    editor = make_persona("traeger_editor", tenant, organisation)
    twin = OrganisationFactory(tenant=other_tenant, name=organisation.name)
    assert not editor.has_perm(
        "catalogue.change_offer", OfferFactory(tenant=other_tenant, organisation=twin)
    )


@pytest.mark.parametrize("persona", PERSONAS[1:])
def test_roles_in_one_tenant_give_nothing_in_another(persona, tenant, other_tenant, organisation):
    user = make_persona(persona, tenant, organisation)
    foreign_org = OrganisationFactory(tenant=other_tenant)
    foreign_offer = OfferFactory(tenant=other_tenant, organisation=foreign_org)
    with tenant_context(other_tenant):
        granted = [p for p in PERMISSIONS if user.has_perm(p)]
    assert granted == []
    assert [p for p in PERMISSIONS if user.has_perm(p, other_tenant)] == []
    assert not user.has_perm("catalogue.change_offer", foreign_offer)
    assert not user.has_perm("accounts.change_organisation", foreign_org)


@pytest.fixture
def kreis_and_towns(db):
    kreis = TenantFactory(slug="kreis-dueren", kind=TenantKind.KREIS, taxonomy=False)
    town = TenantFactory(slug="nideggen", kind=TenantKind.GEMEINDE, parent=kreis, taxonomy=False)
    sibling = TenantFactory(slug="heimbach", kind=TenantKind.GEMEINDE, parent=kreis, taxonomy=False)
    return kreis, town, sibling


@pytest.mark.parametrize("persona", PERSONAS[1:])
def test_kreis_role_applies_to_member_towns(persona, kreis_and_towns):
    kreis, town, _sibling = kreis_and_towns
    kreis_org = OrganisationFactory(tenant=kreis)
    user = make_persona(persona, kreis, kreis_org)
    index = PERSONAS.index(persona)
    for perm, row in EXPECTED.items():
        with tenant_context(town):
            assert user.has_perm(perm) is row[index], perm
    # A Kreis-wide provider's offer in a member town is the editor's own.
    offer = OfferFactory(tenant=town, organisation=kreis_org)
    assert user.has_perm("catalogue.change_offer", offer) is OWN_OBJECT[index]


@pytest.mark.parametrize("persona", PERSONAS[1:])
def test_town_role_gives_nothing_in_the_kreis_or_a_sibling(persona, kreis_and_towns):
    kreis, town, sibling = kreis_and_towns
    user = make_persona(persona, town, OrganisationFactory(tenant=town))
    for other in (kreis, sibling):
        with tenant_context(other):
            assert [p for p in PERMISSIONS if user.has_perm(p)] == []


@pytest.mark.parametrize("persona", PERSONAS[1:])
def test_inactive_user_has_no_permission(persona, tenant, organisation):
    user = make_persona(persona, tenant, organisation)
    user.is_active = False
    user.save()
    own_offer = OfferFactory(tenant=tenant, organisation=organisation)
    with tenant_context(tenant):
        assert [p for p in PERMISSIONS if user.has_perm(p)] == []
    assert not user.has_perm("catalogue.change_offer", own_offer)


def test_superuser_has_every_permission_everywhere(tenant, other_tenant):
    root = UserFactory(username="root", is_superuser=True)
    with tenant_context(other_tenant):
        assert all(root.has_perm(p) for p in PERMISSIONS)
    assert all(root.has_perm(p, tenant) for p in PERMISSIONS)
    assert root.has_perm("catalogue.change_offer", OfferFactory(tenant=tenant))


def test_inactive_superuser_has_no_permission(tenant):
    root = UserFactory(username="root", is_superuser=True, is_active=False)
    with tenant_context(tenant):
        assert [p for p in PERMISSIONS if root.has_perm(p)] == []


def test_objects_without_organisation_are_nobodys_own(tenant, organisation):
    editor = make_persona("traeger_editor", tenant, organisation)
    location = LocationFactory(tenant=tenant, organisation=None)
    assert not PERMISSIONS["catalogue.change_offer"].test(editor, location)


# --- the Django admin is for administrators only -------------------------------


def _admin_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _has_admin(user) -> bool:
    response = _admin_client(user).get(reverse("admin:index"))
    if response.status_code == 302:
        assert "/admin/login/" in response["Location"]
        return False
    assert response.status_code == 200
    return "app_list" in response.context or "app-list" in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS[1:])
def test_admin_site_only_for_administrators_even_with_is_staff(persona, tenant, organisation):
    user = make_persona(persona, tenant, organisation)
    user.is_staff = True
    user.save()
    assert _has_admin(user) is (persona == "admin")


def test_admin_role_without_is_staff_has_no_admin(tenant):
    user = make_persona("admin", tenant)
    user.is_staff = False
    user.save()
    assert not _has_admin(user)


def test_admin_role_of_another_tenant_has_no_admin_here(tenant, other_tenant):
    assert not _has_admin(make_persona("admin", other_tenant))


def test_superuser_has_admin(tenant):
    assert _has_admin(UserFactory(username="root", is_superuser=True, is_staff=True))


def _registered_tenant_admins():
    from praevnav.core.admin_site import TenantScopedAdmin

    return [
        pytest.param(model, id=model._meta.label)
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, TenantScopedAdmin)
    ]


@pytest.mark.parametrize("model", _registered_tenant_admins())
def test_administrator_lists_only_the_requests_tenant_in_admin(model, tenant, other_tenant):
    from core.test_tenancy import build_row

    user = make_persona("admin", tenant)
    own, foreign = build_row(model, tenant), build_row(model, other_tenant)
    client = _admin_client(user)
    opts = model._meta
    changelist = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert changelist.status_code == 200
    shown = set(changelist.context["cl"].result_list)
    assert own in shown and foreign not in shown
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[own.pk])
    assert client.get(change).status_code == 200
    foreign_change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[foreign.pk])
    # Django answers an object outside the queryset with a redirect to the index.
    assert client.get(foreign_change).status_code == 302
    assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 200


def test_tenant_parameter_does_not_break_admin_changelist(tenant):
    client = _admin_client(make_persona("admin", tenant))
    response = client.get(reverse("admin:catalogue_offer_changelist"), {"tenant": tenant.slug})
    assert response.status_code == 200


def test_kreis_administrator_sees_member_town_rows_in_admin(kreis_and_towns):
    kreis, town, _ = kreis_and_towns
    user = make_persona("admin", kreis)
    town_org = OrganisationFactory(tenant=town, name="Träger in Nideggen")
    client = _admin_client(user)
    client.get("/admin/", {"tenant": kreis.slug})
    response = client.get(reverse("admin:accounts_organisation_changelist"))
    assert town_org in response.context["cl"].result_list


def test_tenant_administrator_cannot_make_anyone_superuser(tenant):
    admin_user = make_persona("admin", tenant)
    target = make_persona("planer", tenant)
    client = _admin_client(admin_user)
    url = reverse("admin:accounts_user_change", args=[target.pk])
    form = client.get(url).context["adminform"].form
    assert "is_superuser" not in form.fields
    assert "user_permissions" not in form.fields


def test_tenant_administrator_cannot_open_a_superuser(tenant):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    MembershipFactory(user=root, tenant=tenant, role=Role.PLANER)
    client = _admin_client(make_persona("admin", tenant))
    response = client.get(reverse("admin:accounts_user_change", args=[root.pk]))
    assert response.status_code in (302, 403)


def test_admin_area_list_does_not_load_geometry(tenant):
    AreaFactory.create_batch(3, tenant=tenant)
    client = _admin_client(make_persona("admin", tenant))
    response = client.get(reverse("admin:geography_area_changelist"))
    for area in response.context["cl"].result_list:
        assert "geometry" in area.get_deferred_fields()


def test_tenant_administrator_grants_memberships_only_in_own_scope(tenant, other_tenant):
    admin_user = make_persona("admin", tenant)
    target = make_persona("fachkraft", tenant)
    MembershipFactory(user=target, tenant=other_tenant, role=Role.PLANER)
    client = _admin_client(admin_user)
    response = client.get(reverse("admin:accounts_user_change", args=[target.pk]))
    formset = response.context["inline_admin_formsets"][0].formset
    assert {m.tenant for m in formset.queryset} == {tenant}
    assert list(formset.form.base_fields["tenant"].queryset) == [tenant]
