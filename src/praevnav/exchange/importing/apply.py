"""``import_apply``: write a plan all or nothing.

New offers take the bulk path (organisations, locations, offers, links, sessions and
revision number 1 in a few queries each); updates go one by one through the review
services. A planner's import is applied at once (approved revisions); a provider's
import creates submitted offers and submitted revisions, so everything is reviewed.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from praevnav.accounts.models import Organisation
from praevnav.catalogue.enums import OfferStatus, RevisionStatus
from praevnav.catalogue.models import Offer, OfferRevision, OfferTranslation, OpeningSession
from praevnav.catalogue.revisions import (
    M2M_FIELDS,
    SCALAR_FIELDS,
    _sort_key,
    normalise_snapshot,
    snapshot_diff,
)
from praevnav.catalogue.services import (
    locations_bulk_create,
    offers_bulk_create,
    organisations_bulk_create,
)
from praevnav.catalogue.services_revisions import (
    offer_change_direct,
    offer_draft_save,
    offer_revision_submit,
)
from praevnav.core.audit import audit
from praevnav.core.tenancy import tenant_context
from praevnav.exchange.importing.plan import ImportPlan, PlannedOffer
from praevnav.exchange.importing.report import ImportReport
from praevnav.exchange.records import Problem
from praevnav.geography.enums import CoordinateSource
from praevnav.geography.models import Location

# The revision a bulk-created offer starts with, per offer status.
REVISION_STATUS = {
    OfferStatus.PUBLISHED: RevisionStatus.APPROVED,
    OfferStatus.ARCHIVED: RevisionStatus.APPROVED,
    OfferStatus.SUBMITTED: RevisionStatus.SUBMITTED,
    OfferStatus.DRAFT: RevisionStatus.DRAFT,
}


class _Rollback(Exception):
    def __init__(self, planned: PlannedOffer, message: str) -> None:
        self.planned, self.message = planned, message


def _author(by):
    return by if getattr(by, "is_authenticated", False) else None


def import_apply(
    *, plan: ImportPlan, by=None, only_valid: bool = False, channel: str = "import"
) -> ImportReport:
    """Write ``plan`` in one transaction and return the report.

    Nothing is written when the plan has any error, unless ``only_valid`` (then only
    offers without errors are written). Should a write fail unexpectedly (a service's
    ``ValidationError``), everything is rolled back and the offer is reported.
    """
    if plan.has_errors and not only_valid:
        return plan.report(applied=False, only_valid=only_valid)
    report = plan.report(applied=False, only_valid=only_valid)
    new_orgs = [o for o in plan.organisations.values() if o.pk is None]
    new_locs = [loc for loc in plan.locations.values() if loc.pk is None]
    try:
        with tenant_context(plan.tenant), transaction.atomic():
            _write(plan, by=by, channel=channel)
    except _Rollback as exc:
        exc.planned.problems.append(Problem(exc.planned.source, "", exc.message, "error"))
        exc.planned.action = "rejected"
        for item in (*new_orgs, *new_locs):
            item.pk = None  # rolled back
        return plan.report(applied=False, only_valid=only_valid)
    report.applied = True
    return report


def _org_details(planned) -> dict:
    """The contact details a file gives for a new organisation (HSDS ``organization``:
    description, website, e-mail, phone); values that do not fit a column are left out."""
    record = planned.record
    if record is None:
        return {}
    details = {
        "description": getattr(record, "description", "") or "",
        "website": getattr(record, "website", "") or "",
        "email": getattr(record, "email", "") or "",
        "phone": getattr(record, "phone", "") or "",
    }
    for name in ("website", "email", "phone"):
        if len(details[name]) > Organisation._meta.get_field(name).max_length:
            details[name] = ""
    return details


def _write(plan: ImportPlan, *, by, channel: str) -> None:
    tenant = plan.tenant
    used_orgs, used_locs = plan.used_keys()
    new_orgs = [o for k, o in plan.organisations.items() if o.pk is None and k in used_orgs]
    if new_orgs:
        rows = [
            Organisation(tenant=tenant, name=o.name, external_id=o.external_id, **_org_details(o))
            for o in new_orgs
        ]
        for planned_org, row in zip(
            new_orgs,
            organisations_bulk_create(tenant=tenant, organisations=rows, by=by, channel=channel),
            strict=True,
        ):
            planned_org.pk = row.pk
    new_locs = [loc for k, loc in plan.locations.items() if loc.pk is None and k in used_locs]
    if new_locs:
        rows = [
            Location(
                tenant=tenant,
                organisation_id=plan.organisations[loc.org_key].pk,
                name=loc.record.name,
                street=loc.record.street or "",
                postcode=loc.record.postcode or "",
                city=loc.record.city or "",
                latitude=loc.record.latitude,
                longitude=loc.record.longitude,
                coordinate_source=CoordinateSource.IMPORT
                if loc.record.latitude is not None
                else CoordinateSource.NONE,
                external_id=loc.record.external_id or "",
            )
            for loc in new_locs
        ]
        for planned_loc, row in zip(
            new_locs,
            locations_bulk_create(tenant=tenant, locations=rows, by=by, channel=channel),
            strict=True,
        ):
            planned_loc.pk = row.pk
    for key, loc in plan.locations.items():
        if loc.pk and loc.update and key in used_locs:
            existing = Location.all_tenants.get(pk=loc.pk)
            for name, value in loc.update.items():
                setattr(existing, name, value)
            existing.save()
            audit(
                action="location.import_update",
                obj=existing,
                actor=by,
                channel=channel,
                changes={k: str(v) for k, v in loc.update.items()},
            )
    ids = {k: loc.pk for k, loc in plan.locations.items()}
    creates = [o for o in plan.offers if o.action == "create"]
    updates = [o for o in plan.offers if o.action == "update"]
    if creates:
        _bulk_create(plan, creates, ids, by=by, channel=channel)
    for planned in updates:
        _update(plan, planned, ids, by=by, channel=channel)
    audit(
        action="exchange.import",
        object_type="catalogue.offer",
        tenant=tenant,
        actor=by,
        channel=channel,
        summary=f"{len(creates)} created, {len(updates)} updated",
    )


def _resolved(plan: ImportPlan, planned: PlannedOffer, ids: dict) -> dict:
    data = dict(planned.data)
    data["organisation"] = plan.organisations[planned.org_key].pk
    data["locations"] = [ids[k] for k in planned.data["locations"]]
    data["sessions"] = [
        {**s, "location": ids.get(s["location"]) if s["location"] else None}
        for s in planned.data["sessions"]
    ]
    return normalise_snapshot(data)


def _written_snapshot(data: dict) -> dict:
    """The snapshot of a new offer written from ``data`` (a resolved, normalised
    snapshot whose scalars the planner converted with the fields): equal to what
    ``offer_snapshots`` reads back, without reading 10,000 offers back. Only the
    session times are brought into the stored form (``HH:MM``)."""
    snap = dict(data)
    snap["sessions"] = sorted(
        (
            {
                "weekday": s["weekday"],
                "opens": dt.time.fromisoformat(s["opens"]).strftime("%H:%M"),
                "closes": dt.time.fromisoformat(s["closes"]).strftime("%H:%M"),
                "location": s["location"],
                "note": s["note"] or "",
            }
            for s in data["sessions"]
        ),
        key=_sort_key,
    )
    return snap


def _bulk_create(plan: ImportPlan, creates: list[PlannedOffer], ids: dict, *, by, channel) -> None:
    tenant = plan.tenant
    today = timezone.localdate()
    rows, sessions, translations, snapshots = [], [], [], []
    links: dict[str, list[list[int]]] = {name: [] for name in M2M_FIELDS}
    for planned in creates:
        data = _resolved(plan, planned, ids)
        snapshots.append(_written_snapshot(data))
        values = {name: data[name] for name in SCALAR_FIELDS}
        for name in ("valid_from", "valid_until"):
            if values[name]:
                values[name] = dt.date.fromisoformat(values[name])
        published = planned.status in (OfferStatus.PUBLISHED, OfferStatus.ARCHIVED)
        rows.append(
            Offer(
                tenant=tenant,
                organisation_id=data["organisation"],
                prevention_level_id=data["prevention_level"],
                evidence_programme_id=data["evidence_programme"],
                status=planned.status,
                last_confirmed_at=today if published else None,
                **values,
            )
        )
        for name in M2M_FIELDS:
            links[name].append(data[name])
        sessions.append(
            [
                OpeningSession(
                    location_id=s["location"],
                    weekday=s["weekday"],
                    opens=dt.time.fromisoformat(s["opens"]),
                    closes=dt.time.fromisoformat(s["closes"]),
                    note=s["note"] or "",
                )
                for s in data["sessions"]
            ]
        )
        translations.append(data["translations"])
    created = offers_bulk_create(
        tenant=tenant, offers=rows, links=links, sessions=sessions, by=by, channel=channel
    )
    OfferTranslation.objects.bulk_create(
        [
            OfferTranslation(offer_id=offer.pk, **t)
            for offer, items in zip(created, translations, strict=True)
            for t in items
        ],
        batch_size=2000,
    )
    now = timezone.now()
    author = _author(by)
    revisions = []
    for planned, offer, snap in zip(creates, created, snapshots, strict=True):
        planned.offer_id = offer.pk
        status = REVISION_STATUS[OfferStatus(planned.status)]
        revisions.append(
            OfferRevision(
                tenant=tenant,
                offer_id=offer.pk,
                number=1,
                status=status,
                data=snap,
                base=None,
                changes=snapshot_diff(None, snap),
                channel=channel,
                author=author,
                submitted_at=now if status != RevisionStatus.DRAFT else None,
                reviewer=author if status == RevisionStatus.APPROVED else None,
                reviewed_at=now if status == RevisionStatus.APPROVED else None,
            )
        )
    OfferRevision.all_tenants.bulk_create(revisions, batch_size=1000)


def _update(plan: ImportPlan, planned: PlannedOffer, ids: dict, *, by, channel) -> None:
    offer = Offer.all_tenants.get(pk=planned.offer_id)
    data = _resolved(plan, planned, ids)
    try:
        if plan.provider_mode:
            revision = offer_draft_save(offer=offer, data=data, by=by, channel=channel)
            offer_revision_submit(revision=revision, by=by, channel=channel)
        else:
            offer_change_direct(offer=offer, data=data, by=by, channel=channel)
    except ValidationError as exc:
        raise _Rollback(planned, "; ".join(exc.messages)) from exc
    except (ValueError, TypeError) as exc:  # a value the checks let through
        raise _Rollback(
            planned, _("The offer could not be saved (%(error)s).") % {"error": exc}
        ) from exc
