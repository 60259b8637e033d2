"""Writes of the provider workspace on locations: edited directly (no review), audited.

``Location.save`` assigns the areas from the coordinates; the audit entry records the
changed fields old → new.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from praevnav.accounts.models import Organisation
from praevnav.core.audit import audit
from praevnav.core.models import AuditEntry
from praevnav.geography.enums import CoordinateSource
from praevnav.geography.models import Location

LOCATION_FIELDS = ("name", "street", "postcode", "city", "latitude", "longitude")


@transaction.atomic
def location_save(
    *, location: Location | None, organisation: Organisation, data: dict, by
) -> Location:
    """Create (``location`` None) or update a location of ``organisation``.

    Coordinates given by hand mark the source as manual; removed coordinates clear it.
    Raises ``ValidationError`` keyed by field (e.g. latitude out of range) and then
    changes nothing.
    """
    created = location is None
    if created:
        location = Location(tenant_id=organisation.tenant_id, organisation=organisation)
    elif location.organisation_id != organisation.pk:
        raise ValidationError(_("This location belongs to another organisation."))
    before = {name: getattr(location, name) for name in LOCATION_FIELDS}
    for name in LOCATION_FIELDS:
        if name in data:
            value = data[name]
            if value is None and name not in ("latitude", "longitude"):
                value = ""
            setattr(location, name, value)
    if (location.latitude, location.longitude) != (before["latitude"], before["longitude"]):
        location.coordinate_source = (
            CoordinateSource.MANUAL if location.latitude is not None else CoordinateSource.NONE
        )
    location.full_clean(exclude=["tenant", "organisation", "areas"])
    location.save()
    changes = {
        name: [before[name], getattr(location, name)]
        for name in LOCATION_FIELDS
        if before[name] != getattr(location, name)
    }
    audit(
        action="location.create" if created else "location.update",
        obj=location,
        actor=by,
        channel=AuditEntry.Channel.UI,
        summary=location.name,
        changes=changes,
    )
    return location
