"""Reads of the provider workspace (/traeger/): the organisations a user works for, their
offers with review and currency state, locations, colleagues and invitations.

Object rule used throughout: an object of an organisation the viewer may not work for
is treated as missing (the views answer 404), never shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from praevnav.accounts.enums import Role
from praevnav.accounts.models import Invitation, Membership, Organisation
from praevnav.catalogue.currency import currency_state
from praevnav.catalogue.enums import CurrencyState, OfferStatus, RevisionStatus
from praevnav.catalogue.models import Offer, OfferRevision
from praevnav.core.models import Tenant
from praevnav.geography.models import Location

#: How many organisations a planner's chooser lists at most (the demo has thousands).
ORGANISATION_CHOICES_LIMIT = 50


def may_use_workspace(user, tenant: Tenant | None) -> bool:
    """Editors, planners and administrators of ``tenant`` (``catalogue.add_offer``)."""
    return (
        tenant is not None
        and user.is_authenticated
        and user.has_perm("catalogue.add_offer", tenant)
    )


def is_tenant_wide(user, tenant: Tenant) -> bool:
    """Planners and administrators work for every organisation of the tenant."""
    return user.has_perm("catalogue.review_offer", tenant)


def editor_organisations(*, user, tenant: Tenant) -> list[Organisation]:
    """The organisations ``user`` is an editor of (in ``tenant``'s lineage)."""
    ids = user.organisation_ids_in(tenant)
    return list(Organisation.all_tenants.filter(pk__in=ids).order_by("name"))


def organisation_choices(*, user, tenant: Tenant, query: str = "") -> list[Organisation]:
    """Organisations offered in the chooser: an editor's own, or for planners the
    tenant's organisations matching ``query`` (at most ``ORGANISATION_CHOICES_LIMIT``)."""
    if not is_tenant_wide(user, tenant):
        return editor_organisations(user=user, tenant=tenant)
    qs = Organisation.all_tenants.filter(tenant_id__in=tenant.scope_ids())
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(short_name__icontains=query))
    return list(qs.order_by("name")[:ORGANISATION_CHOICES_LIMIT])


def organisation_for(*, user, tenant: Tenant, pk) -> Organisation:
    """The organisation ``pk`` if ``user`` may work for it, else ``Http404``."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    org = (
        Organisation.all_tenants.filter(pk=pk, tenant_id__in=tenant.lineage_ids())
        .select_related("tenant")
        .first()
    )
    if org is None or not user.has_perm("catalogue.change_offer", org):
        raise Http404
    return org


def offer_for(*, user, tenant: Tenant, pk: int) -> Offer:
    """The offer ``pk`` if ``user`` may edit it (own organisation), else ``Http404``."""
    offer = (
        Offer.all_tenants.filter(pk=pk, tenant_id__in=tenant.lineage_ids())
        .select_related("organisation", "tenant")
        .first()
    )
    if offer is None or not user.has_perm("catalogue.change_offer", offer):
        raise Http404
    return offer


def location_for(*, user, tenant: Tenant, pk: int) -> Location:
    """The location ``pk`` if it belongs to an organisation ``user`` works for."""
    location = (
        Location.all_tenants.filter(pk=pk, tenant_id__in=tenant.lineage_ids())
        .select_related("organisation", "tenant")
        .first()
    )
    if (
        location is None
        or location.organisation_id is None
        or not user.has_perm("catalogue.change_offer", location)
    ):
        raise Http404
    return location


# --- offers --------------------------------------------------------------------------


def latest_revision(*, offer: Offer) -> OfferRevision | None:
    """The newest revision that was not withdrawn: an open change, or the last decision."""
    return (
        OfferRevision.all_tenants.filter(offer=offer)
        .exclude(status=RevisionStatus.WITHDRAWN)
        .select_related("author", "reviewer")
        .order_by("-number")
        .first()
    )


@dataclass
class OfferRow:
    offer: Offer
    revision_status: str | None
    revision_note: str
    currency: CurrencyState

    @property
    def has_open_draft(self) -> bool:
        return self.revision_status == RevisionStatus.DRAFT

    @property
    def is_waiting(self) -> bool:
        return self.revision_status == RevisionStatus.SUBMITTED

    @property
    def is_returned(self) -> bool:
        return self.revision_status == RevisionStatus.REJECTED

    @property
    def is_flagged(self) -> bool:
        return self.currency in (CurrencyState.OVERDUE, CurrencyState.HIDDEN)


def _latest_revision_column(column: str) -> Subquery:
    return Subquery(
        OfferRevision.all_tenants.filter(offer_id=OuterRef("pk"))
        .exclude(status=RevisionStatus.WITHDRAWN)
        .order_by("-number")
        .values(column)[:1]
    )


def provider_offer_rows(
    *,
    organisation: Organisation,
    status: str = "",
    currency: str = "",
    today: date | None = None,
) -> list[OfferRow]:
    """The organisation's offers with review and currency state, in one query.

    ``status`` filters by offer status, ``currency`` by ``CurrencyState`` (computed in
    Python from the stored dates, which are already loaded).
    """
    today = today or timezone.localdate()
    qs: QuerySet = Offer.all_tenants.filter(organisation=organisation).annotate(
        latest_status=_latest_revision_column("status"),
        latest_note=_latest_revision_column("review_note"),
    )
    if status in OfferStatus.values:
        qs = qs.filter(status=status)
    qs = qs.only(
        "pk",
        "title",
        "status",
        "last_confirmed_at",
        "confirmation_due",
        "hidden_from",
        "updated_at",
        "organisation_id",
        "tenant_id",
    ).order_by("title", "pk")
    rows = []
    for offer in qs:
        state = (
            currency_state(due=offer.confirmation_due, hidden_from=offer.hidden_from, today=today)
            if offer.status == OfferStatus.PUBLISHED
            else CurrencyState.CURRENT
        )
        if currency and state != currency:
            continue
        rows.append(
            OfferRow(
                offer=offer,
                revision_status=offer.latest_status,
                revision_note=offer.latest_note or "",
                currency=state,
            )
        )
    return rows


def offer_currency(*, offer: Offer, today: date | None = None) -> CurrencyState:
    """The currency state shown on the offer page (only published offers age)."""
    if offer.status != OfferStatus.PUBLISHED:
        return CurrencyState.CURRENT
    return currency_state(
        due=offer.confirmation_due,
        hidden_from=offer.hidden_from,
        today=today or timezone.localdate(),
    )


# --- locations, colleagues, invitations ---------------------------------------------


def provider_locations(*, organisation: Organisation) -> list[Location]:
    """The organisation's locations with their areas (two queries)."""
    return list(
        Location.all_tenants.filter(organisation=organisation)
        .prefetch_related("areas")
        .order_by("name", "pk")
    )


def organisation_editors(*, organisation: Organisation) -> list[Membership]:
    """Editor memberships of the organisation with their users (one query)."""
    return list(
        Membership.all_tenants.filter(organisation=organisation, role=Role.TRAEGER_EDITOR)
        .select_related("user")
        .order_by("user__last_name", "user__username")
    )


def invitation_for(*, user, tenant: Tenant, pk: int) -> Invitation:
    """The invitation ``pk`` if ``user`` may invite for its organisation, else ``Http404``."""
    invitation = (
        Invitation.all_tenants.filter(pk=pk, tenant_id__in=tenant.lineage_ids())
        .select_related("organisation")
        .first()
    )
    if invitation is None or not user.has_perm("accounts.invite_editor", invitation.organisation):
        raise Http404
    return invitation


def open_invitations(*, organisation: Organisation, now=None) -> list[Invitation]:
    """Invitations of the organisation not yet accepted, withdrawn or expired."""
    now = now or timezone.now()
    return list(
        Invitation.all_tenants.filter(
            organisation=organisation,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=now,
        )
        .select_related("invited_by")
        .order_by("-created_at")
    )
