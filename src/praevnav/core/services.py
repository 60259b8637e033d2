"""Writes of the core app: tenants."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from praevnav.core.audit import audit
from praevnav.core.models import AuditEntry, Tenant, TenantKind


@transaction.atomic
def tenant_create(
    *,
    slug: str,
    name: str,
    kind: str,
    parent_slug: str | None = None,
    official_code: str = "",
    by=None,
    channel: str = AuditEntry.Channel.COMMAND,
) -> Tenant:
    """Create a tenant with the shipped taxonomy; validates kind and parent."""
    if kind not in TenantKind.values:
        raise ValidationError(
            _("Unknown kind “%(kind)s”; use one of: %(kinds)s.")
            % {"kind": kind, "kinds": ", ".join(TenantKind.values)}
        )
    parent = None
    if parent_slug:
        parent = Tenant.objects.filter(slug=parent_slug).first()
        if parent is None:
            raise ValidationError(
                _("Parent tenant “%(slug)s” does not exist.") % {"slug": parent_slug}
            )
        if parent.kind != TenantKind.KREIS:
            raise ValidationError(_("Only a Kreis can have member municipalities."))
    if kind == TenantKind.GEMEINDE and parent is None:
        raise ValidationError(_("A member municipality needs its Kreis as parent (--parent)."))
    if kind != TenantKind.GEMEINDE and parent is not None:
        raise ValidationError(_("Only a member municipality (gemeinde) has a parent."))
    tenant = Tenant(slug=slug, name=name, kind=kind, parent=parent, official_code=official_code)
    tenant.full_clean()
    tenant.save()
    from praevnav.taxonomy.services import taxonomy_seed

    taxonomy_seed(tenant=tenant)
    audit(action="tenant.create", obj=tenant, tenant=tenant, actor=by, channel=channel)
    return tenant
