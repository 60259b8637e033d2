"""Reads of the review queue and of an offer's history.

Every selector is scoped to a tenant's scope (a Kreis sees its member towns) and
fetches related rows in bulk, so the pages run a fixed number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q, QuerySet

from praevnav.accounts.models import Organisation
from praevnav.catalogue.diff_display import DiffResolver, DiffRow, diff_rows, field_labels
from praevnav.catalogue.enums import OfferStatus, RevisionStatus
from praevnav.catalogue.models import Offer, OfferRevision
from praevnav.catalogue.revisions import offer_snapshot, snapshot_diff
from praevnav.core.models import AuditEntry, Tenant

KIND_NEW = "new"
KIND_CHANGE = "change"
# Audit actions that belong in the history beside the versions.
HISTORY_AUDIT_ACTIONS = ("offer.confirm", "offer.archive", "offer.merge", "offer.merge_keep")


def _submitted(tenant: Tenant) -> QuerySet[OfferRevision]:
    return OfferRevision.all_tenants.filter(
        tenant_id__in=tenant.scope_ids(), status=RevisionStatus.SUBMITTED
    )


@dataclass
class QueueEntry:
    revision: OfferRevision
    is_new: bool
    fields: list[str]


def review_queue(
    *, tenant: Tenant, organisation_id: int | None = None, kind: str = ""
) -> list[QueueEntry]:
    """Submitted revisions of ``tenant``'s scope, oldest submission first.

    ``kind`` "new" keeps offers never published, "change" changes of published ones.
    """
    qs = _submitted(tenant).select_related("offer", "offer__organisation", "author")
    if organisation_id:
        qs = qs.filter(offer__organisation_id=organisation_id)
    if kind == KIND_NEW:
        qs = qs.exclude(offer__status=OfferStatus.PUBLISHED)
    elif kind == KIND_CHANGE:
        qs = qs.filter(offer__status=OfferStatus.PUBLISHED)
    return [
        QueueEntry(
            revision=r,
            is_new=r.offer.status != OfferStatus.PUBLISHED,
            fields=field_labels(r.changes or []),
        )
        for r in qs.order_by("submitted_at", "pk")
    ]


def review_queue_providers(*, tenant: Tenant) -> list[Organisation]:
    """Providers that have a submission waiting, for the queue's filter."""
    ids = _submitted(tenant).values("offer__organisation_id")
    return list(Organisation.all_tenants.filter(pk__in=ids).order_by("name"))


def review_revision(*, tenant: Tenant, pk: int) -> OfferRevision | None:
    """A revision of ``tenant``'s scope (any status), or None."""
    return (
        OfferRevision.all_tenants.filter(tenant_id__in=tenant.scope_ids(), pk=pk)
        .select_related("offer", "offer__organisation", "author", "reviewer")
        .first()
    )


@dataclass
class RevisionDiff:
    is_new: bool
    rows: list[DiffRow]


def revision_diff(*, revision: OfferRevision) -> RevisionDiff:
    """The revision against the offer as published now (all filled fields for a new
    offer). Computed afresh, because approval applies ``data`` to the live offer."""
    offer = revision.offer
    is_new = offer.status != OfferStatus.PUBLISHED
    if revision.status in (RevisionStatus.DRAFT, RevisionStatus.SUBMITTED):
        live = None if is_new else offer_snapshot(offer)
        changes = snapshot_diff(live, revision.data)
    else:
        changes = revision.changes or []
        is_new = revision.base is None
    resolver = DiffResolver([changes], tenant_ids=offer.tenant.lineage_ids())
    return RevisionDiff(is_new=is_new, rows=diff_rows(changes, resolver, new_offer=is_new))


@dataclass
class HistoryEvent:
    """One line of the history: a revision (version, rejected, withdrawn, pending) or an
    audit event (confirmation, archive)."""

    at: datetime | None
    kind: str
    revision: OfferRevision | None = None
    audit: AuditEntry | None = None
    rows: list[DiffRow] = field(default_factory=list)
    is_latest_version: bool = False


def offer_history(*, offer: Offer) -> list[HistoryEvent]:
    """Versions, rejected and withdrawn revisions and confirmation/archive events of
    ``offer``, newest first. Names in the diffs are resolved in one pass."""
    revisions = list(
        OfferRevision.all_tenants.filter(offer=offer)
        .exclude(status=RevisionStatus.DRAFT)
        .select_related("author", "reviewer", "restored_from")
    )
    entries = list(
        AuditEntry.objects.filter(
            object_type="catalogue.offer",
            object_id=str(offer.pk),
            action__in=HISTORY_AUDIT_ACTIONS,
        ).select_related("actor")
    )
    resolver = DiffResolver(
        (r.changes or [] for r in revisions), tenant_ids=offer.tenant.lineage_ids()
    )
    approved = [r for r in revisions if r.status == RevisionStatus.APPROVED]
    latest = max((r.number for r in approved), default=None)
    events: list[HistoryEvent] = []
    for r in revisions:
        at = r.reviewed_at or r.submitted_at or r.updated_at
        events.append(
            HistoryEvent(
                at=at,
                kind=r.status,
                revision=r,
                rows=diff_rows(r.changes or [], resolver, new_offer=r.base is None),
                is_latest_version=r.status == RevisionStatus.APPROVED and r.number == latest,
            )
        )
    for entry in entries:
        events.append(HistoryEvent(at=entry.at, kind=entry.action.split(".", 1)[1], audit=entry))
    # Newest first; at equal times a revision before the audit entry it caused.
    events.sort(key=lambda e: (e.at, e.revision.number if e.revision else 0), reverse=True)
    return events


def history_offer(*, tenant: Tenant, pk: int) -> Offer | None:
    """An offer of ``tenant``'s scope in any status, with its provider."""
    return (
        Offer.all_tenants.filter(Q(tenant_id__in=tenant.scope_ids()), pk=pk)
        .select_related("organisation")
        .first()
    )
