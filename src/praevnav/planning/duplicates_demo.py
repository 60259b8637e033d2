"""Duplicate-detection features straight from the demo generator's records (no ORM).

The tests and ``bench/duplicates.py`` use this to run the pure detection on generated
data without a database; in the application ``selectors_duplicates.offer_features``
builds the same features from the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from praevnav.catalogue.demo.generator import phases_of
from praevnav.catalogue.demo.records import AreaInput, GeneratedDataset, OfferRecord
from praevnav.planning.duplicates import OfferFeatures


def features_from_dataset(
    dataset: GeneratedDataset,
    *,
    areas: Sequence[AreaInput] = (),
    statuses: Iterable[str] | None = ("published",),
) -> list[OfferFeatures]:
    """One :class:`OfferFeatures` per offer (of ``statuses``; ``None`` = all), with id =
    position in ``dataset.offers`` + 1 and the offer key as external id.

    Served areas of a coarser level (a Stadtbezirk) are expanded to the ``areas`` in
    that group, so that every offer lists the finest areas it is located in or serves.
    """
    groups: dict[str, set[str]] = {}
    for area in areas:
        if area.group:
            groups.setdefault(area.group, set()).add(area.code)
    orgs = {o.key: (i + 1, o) for i, o in enumerate(dataset.organisations)}
    locations = {loc.key: loc for loc in dataset.locations}
    wanted = None if statuses is None else set(statuses)
    out = []
    for index, offer in enumerate(dataset.offers):
        if wanted is not None and offer.status not in wanted:
            continue
        out.append(_features(index + 1, offer, orgs, locations, groups))
    return out


def _features(
    offer_id: int, offer: OfferRecord, orgs: dict, locations: dict, groups: dict
) -> OfferFeatures:
    org_id, org = orgs[offer.organisation_key]
    locs = [locations[k] for k in offer.location_keys if k in locations]
    served: set[str] = {loc.area_code for loc in locs}
    for level, code in offer.service_areas:
        served |= groups.get(code, {code}) if level != "stadtteil" else {code}
    first = locs[0] if locs else None
    return OfferFeatures(
        id=offer_id,
        external_id=offer.key,
        title=offer.title,
        description=offer.description,
        organisation_name=org.name,
        organisation_id=org_id,
        address=first.street if first else "",
        phones=tuple(p for p in (offer.public_phone,) if p),
        emails=tuple(e for e in (offer.public_email,) if e),
        urls=tuple(u for u in (offer.website,) if u),
        life_phases=phases_of(offer.pregnancy, offer.age_min_months, offer.age_max_months),
        topics=frozenset(offer.topics),
        target_groups=frozenset(offer.target_groups),
        areas=frozenset(served),
        lat=first.latitude if first else None,
        lon=first.longitude if first else None,
    )


__all__ = ["features_from_dataset"]
