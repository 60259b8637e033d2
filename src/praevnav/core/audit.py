"""Writing the audit log: one function, called by services."""

from __future__ import annotations

from typing import Any

from praevnav.core.models import AuditEntry, Tenant


def audit(
    *,
    action: str,
    obj: Any = None,
    object_type: str = "",
    object_id: str = "",
    tenant: Tenant | None = None,
    actor: Any = None,
    channel: str = AuditEntry.Channel.SYSTEM,
    summary: str = "",
    changes: dict | None = None,
) -> AuditEntry:
    """Record that ``actor`` did ``action`` to ``obj`` (or the named object)."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        if tenant is None:
            tenant = getattr(obj, "tenant", None) if getattr(obj, "tenant_id", None) else None
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEntry.objects.create(
        action=action,
        object_type=object_type,
        object_id=object_id,
        tenant=tenant,
        actor=actor,
        channel=channel,
        summary=summary[:300],
        changes=changes or {},
    )
