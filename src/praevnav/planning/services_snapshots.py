"""Writes for snapshots: ``snapshot_create`` freezes the planning state of a tenant for a
reporting date (content from ``planning.snapshots``). Snapshots are immutable: the model
refuses to save an existing row or to delete one, and there is no update service."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from praevnav.core.audit import audit
from praevnav.core.models import AuditEntry, Tenant
from praevnav.planning.models import PlanningSnapshot
from praevnav.planning.snapshots import snapshot_content

LABEL_MAX = 200


def snapshot_create(
    *,
    tenant: Tenant,
    reference_date: dt.date | None = None,
    label: str = "",
    by=None,
    channel: str = AuditEntry.Channel.UI,
) -> PlanningSnapshot:
    """Freeze ``tenant``'s coverage, accessibility, gaps, overlaps, currency, demand
    counts and current offers as of ``reference_date`` (default: today). The date cannot
    lie in the future; the label is at most 200 characters. Audited."""
    today = timezone.localdate()
    reference_date = reference_date or today
    if reference_date > today:
        raise ValidationError({"reference_date": _("The reporting date cannot lie in the future.")})
    label = (label or "").strip()
    if len(label) > LABEL_MAX:
        raise ValidationError(
            {"label": _("The label can have at most %(n)s characters.") % {"n": LABEL_MAX}}
        )
    data = snapshot_content(tenant=tenant, reference_date=reference_date)
    with transaction.atomic():
        snapshot = PlanningSnapshot.all_tenants.create(
            tenant=tenant,
            reference_date=reference_date,
            label=label,
            data=data,
            created_by=by if getattr(by, "is_authenticated", False) else None,
        )
        audit(
            action="snapshot.create",
            obj=snapshot,
            tenant=tenant,
            actor=by,
            channel=channel,
            summary=f"{reference_date.isoformat()} {label}".strip(),
            changes={
                "reference_date": [None, reference_date.isoformat()],
                "offers": [None, len(data["offers"])],
            },
        )
    return snapshot
