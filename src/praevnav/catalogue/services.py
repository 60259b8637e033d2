"""Writes of the catalogue: bulk creation of organisations, locations and offers.

The bulk services take unsaved model instances (plus the many-to-many links and
opening sessions of each offer as plain id lists), write them with a handful of
queries and record one audit entry per call. They serve imports and the demo
load, where thousands of rows are written at once; the review workflow for single
offers lives in its own services.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from django.db import connections, router, transaction

from praevnav.accounts.models import Organisation
from praevnav.catalogue.models import Offer, OpeningSession
from praevnav.core.audit import audit
from praevnav.core.models import AuditEntry, Tenant
from praevnav.geography.models import Location
from praevnav.geography.services import locations_assign_areas_bulk

BATCH = 2000
INSERT_CHUNK = 20_000  # rows per executemany call: bounded memory for the prepared rows

SESSION_FIELDS = ("offer", "location", "weekday", "opens", "closes", "note")

# Many-to-many fields of ``Offer`` and the column of the target in their through table.
OFFER_M2M_FIELDS = {
    "dimensions": "term_id",
    "participants": "term_id",
    "target_groups": "term_id",
    "topics": "term_id",
    "settings": "term_id",
    "formats": "term_id",
    "access_options": "term_id",
    "languages": "term_id",
    "accessibility": "term_id",
    "funding_programmes": "term_id",
    "transitions": "transition_id",
    "locations": "location_id",
    "service_areas": "area_id",
}


def _insert_rows(model, fields: Sequence[str], rows: Iterable[Sequence], *, prepare=True) -> None:
    """INSERT plain value rows into ``model``'s table with one prepared statement.

    ``bulk_create`` builds a model instance and compiles SQL for every few hundred rows
    (SQLite allows 999 parameters per statement); for the 200,000 link rows of a
    10,000-offer import that was a third of the write time. ``executemany`` sends the
    same statement with all rows. Values are converted by the fields
    (``get_db_prep_save``) unless ``prepare`` is False (plain integers). No signals are
    sent, as with ``bulk_create``.
    """
    connection = connections[router.db_for_write(model)]
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    # Table and column names come from the model (quoted); values are parameters.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(meta.db_table),
        ", ".join(quote(f.column) for f in columns),
        ", ".join(["%s"] * len(columns)),
    )
    batch: list[tuple] = []
    with connection.cursor() as cursor:
        for row in rows:
            if prepare:
                row = tuple(
                    f.get_db_prep_save(v, connection) for f, v in zip(columns, row, strict=True)
                )
            batch.append(tuple(row))
            if len(batch) >= INSERT_CHUNK:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


@transaction.atomic
def organisations_bulk_create(
    *,
    tenant: Tenant,
    organisations: Sequence[Organisation],
    by=None,
    channel: str = AuditEntry.Channel.IMPORT,
) -> list[Organisation]:
    """Insert ``organisations`` (their own ``tenant`` set, or ``tenant``); returns them with ids."""
    for org in organisations:
        if org.tenant_id is None:
            org.tenant = tenant
    created = Organisation.all_tenants.bulk_create(list(organisations), batch_size=BATCH)
    audit(
        action="organisation.bulk_create",
        object_type="accounts.organisation",
        tenant=tenant,
        actor=by,
        channel=channel,
        summary=f"{len(created)} organisations",
    )
    return created


@transaction.atomic
def locations_bulk_create(
    *,
    tenant: Tenant,
    locations: Sequence[Location],
    by=None,
    channel: str = AuditEntry.Channel.IMPORT,
) -> list[Location]:
    """Insert ``locations`` and assign each to its areas by point-in-polygon.

    Each location is matched against its own tenant's areas (and those of its
    Kreis), as ``Location.save`` would do one by one.
    """
    for loc in locations:
        if loc.tenant_id is None:
            loc.tenant = tenant
    created = Location.all_tenants.bulk_create(list(locations), batch_size=BATCH)
    locations_assign_areas_bulk(tenant=tenant, locations=created)
    audit(
        action="location.bulk_create",
        object_type="geography.location",
        tenant=tenant,
        actor=by,
        channel=channel,
        summary=f"{len(created)} locations",
    )
    return created


@transaction.atomic
def offers_bulk_create(
    *,
    tenant: Tenant,
    offers: Sequence[Offer],
    links: Mapping[str, Sequence[Sequence[int]]] | None = None,
    sessions: Sequence[Sequence[OpeningSession]] | None = None,
    by=None,
    channel: str = AuditEntry.Channel.IMPORT,
) -> list[Offer]:
    """Insert ``offers`` with their many-to-many links and opening sessions.

    ``links`` maps an Offer many-to-many field name (see ``OFFER_M2M_FIELDS``) to one
    list of target ids per offer, in the order of ``offers``; ``sessions`` holds the
    unsaved opening sessions of each offer. Unknown field names raise ``ValueError``
    before anything is written.
    """
    links = links or {}
    unknown = set(links) - set(OFFER_M2M_FIELDS)
    if unknown:
        raise ValueError(f"Unknown offer link fields: {', '.join(sorted(unknown))}")
    for name, per_offer in links.items():
        if len(per_offer) != len(offers):
            raise ValueError(f"Links “{name}”: {len(per_offer)} entries for {len(offers)} offers")
    if sessions is not None and len(sessions) != len(offers):
        raise ValueError(f"Sessions: {len(sessions)} entries for {len(offers)} offers")
    tenants = {tenant.pk: tenant}
    for offer in offers:
        if offer.tenant_id is None:
            offer.tenant = tenant
        if offer.tenant_id not in tenants:
            tenants[offer.tenant_id] = Tenant.objects.get(pk=offer.tenant_id)
        offer.refresh_currency(tenants[offer.tenant_id])
    created = Offer.all_tenants.bulk_create(list(offers), batch_size=BATCH)
    for name, per_offer in links.items():
        through = getattr(Offer, name).through
        column = OFFER_M2M_FIELDS[name].removesuffix("_id")
        _insert_rows(
            through,
            ("offer", column),
            (
                (offer.pk, int(target))
                for offer, targets in zip(created, per_offer, strict=True)
                for target in dict.fromkeys(targets)
            ),
            prepare=False,
        )
    if sessions is not None:
        for offer, offer_sessions in zip(created, sessions, strict=True):
            for session in offer_sessions:
                session.offer_id = offer.pk
        _insert_rows(
            OpeningSession,
            SESSION_FIELDS,
            (
                tuple(
                    getattr(session, f"{name}_id" if name in ("offer", "location") else name)
                    for name in SESSION_FIELDS
                )
                for offer_sessions in sessions
                for session in offer_sessions
            ),
        )
    audit(
        action="offer.bulk_create",
        object_type="catalogue.offer",
        tenant=tenant,
        actor=by,
        channel=channel,
        summary=f"{len(created)} offers",
    )
    return created
