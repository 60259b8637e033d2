"""Who may do what: `rules` predicates, object-level and tenant-scoped.

The tenant of a check is the object's tenant when an object is given, otherwise
the active tenant of the request or command. Each permission name is listed in
``PERMISSIONS`` so that the role × action matrix test covers every one.
"""

from __future__ import annotations

from typing import Any

import rules

from praevnav.accounts.enums import Role
from praevnav.core.models import Tenant
from praevnav.core.tenancy import current_tenant


def _tenant_of(obj: Any) -> Tenant | None:
    if isinstance(obj, Tenant):
        return obj
    if obj is not None and getattr(obj, "tenant_id", None):
        return obj.tenant
    return current_tenant()


def _has_role(*roles: str):
    names = "_or_".join(roles)

    @rules.predicate(name=f"has_role_{names}")
    def predicate(user: Any, obj: Any = None) -> bool:
        # The rules backend, unlike Django's ModelBackend, does not skip inactive
        # users: a deactivated account (even a superuser) must lose every right.
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return False
        if user.is_superuser:
            return True
        return bool(user.roles_in(_tenant_of(obj)) & set(roles))

    return predicate


is_fachkraft = _has_role(Role.FACHKRAFT)
is_traeger_editor = _has_role(Role.TRAEGER_EDITOR)
is_planer = _has_role(Role.PLANER)
is_koordination = _has_role(Role.KOORDINATION)
is_admin = _has_role(Role.ADMIN)
is_professional = _has_role(
    Role.FACHKRAFT, Role.TRAEGER_EDITOR, Role.PLANER, Role.KOORDINATION, Role.ADMIN
)


@rules.predicate
def is_own_organisation(user: Any, obj: Any = None) -> bool:
    """The object is the user's organisation, or belongs to it."""
    if obj is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    # Objects without a provider (a tenant, an area, a location of nobody) are
    # nobody's own.
    meta = getattr(obj, "_meta", None)
    if meta is not None and meta.label_lower == "accounts.organisation":
        org_id = obj.pk
    else:
        org_id = getattr(obj, "organisation_id", None)
    return org_id is not None and org_id in user.organisation_ids_in(_tenant_of(obj))


PERMISSIONS: dict[str, Any] = {
    # Catalogue
    "catalogue.view_internal_contacts": is_professional,
    "catalogue.add_offer": is_planer | is_admin | is_traeger_editor,
    "catalogue.change_offer": is_planer | is_admin | (is_traeger_editor & is_own_organisation),
    "catalogue.review_offer": is_planer | is_admin,
    "catalogue.view_offer_history": is_planer
    | is_admin
    | (is_traeger_editor & is_own_organisation),
    "catalogue.confirm_offer": is_planer | is_admin | (is_traeger_editor & is_own_organisation),
    "catalogue.view_currency": is_planer | is_admin,
    "accounts.invite_editor": is_planer | is_admin | (is_traeger_editor & is_own_organisation),
    "catalogue.keep_offer_list": is_professional,
    "accounts.change_organisation": is_planer
    | is_admin
    | (is_traeger_editor & is_own_organisation),
    # Planning data
    "taxonomy.manage": is_planer | is_admin,
    "geography.manage": is_planer | is_admin,
    "exchange.import": is_planer | is_admin | is_traeger_editor,
    "exchange.export": is_planer | is_admin | is_traeger_editor,
    "planning.view": is_planer | is_admin | is_koordination,
    "planning.manage": is_planer | is_admin,
    "catalogue.merge_offers": is_planer | is_admin,
    # Coordination
    "network.manage": is_koordination | is_admin,
    "cases.report": is_fachkraft | is_koordination | is_planer | is_admin,
    "cases.view_statistics": is_koordination | is_planer | is_admin,
    # Administration
    "accounts.manage_users": is_admin,
    "core.access_admin_site": is_admin,
}

for _name, _predicate in PERMISSIONS.items():
    rules.add_perm(_name, _predicate)
