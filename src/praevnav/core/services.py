"""Writes of the core app: tenants."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from praevnav.core.audit import audit
from praevnav.core.models import AuditEntry, Tenant, TenantKind
from praevnav.core.signals import tenant_created


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
    """Create a tenant with the shipped taxonomy; validates slug, kind and parent.

    Raises ``ValidationError`` (keyed by field) and creates nothing on bad input.
    """
    if kind not in TenantKind.values:
        raise ValidationError(
            {
                "kind": _("Unknown kind “%(kind)s”; use one of: %(kinds)s.")
                % {"kind": kind, "kinds": ", ".join(TenantKind.values)}
            }
        )
    parent = None
    if parent_slug:
        parent = Tenant.objects.filter(slug=parent_slug).first()
        if parent is None:
            raise ValidationError(
                {"parent": _("Parent tenant “%(slug)s” does not exist.") % {"slug": parent_slug}}
            )
    # Kind/parent rules live in Tenant.clean() so the admin applies them too.
    tenant = Tenant(slug=slug, name=name, kind=kind, parent=parent, official_code=official_code)
    tenant.full_clean()
    tenant.save()
    tenant_created.send(sender=Tenant, tenant=tenant)
    audit(action="tenant.create", obj=tenant, tenant=tenant, actor=by, channel=channel)
    return tenant
