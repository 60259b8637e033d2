"""Shared set-up of ``test_end_to_end.py``: a realistic tenant with every field kind,
and snapshots made comparable across tenants (ids replaced by codes and names).

The demo generator gives providers, locations, sessions, service areas, every
vocabulary, internal contacts, validity dates and capacities; it has no translations,
foreign terms, second locations or sessions without a location, so ``enrich`` adds
those to a regular share of the offers.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict

from django.utils import timezone

from catalogue.demo_fixtures import synthetic_areas
from factories import AreaFactory, TenantFactory
from praevnav.accounts.models import Organisation
from praevnav.catalogue.demo.generator import generate_dataset
from praevnav.catalogue.demo.loader import persist_dataset
from praevnav.catalogue.demo.providers import DUESSELDORF
from praevnav.catalogue.models import Offer, OfferTranslation, OpeningSession
from praevnav.catalogue.revisions import FK_FIELDS, M2M_FIELDS, offer_snapshots
from praevnav.geography.enums import CoordinateSource
from praevnav.geography.models import Area, Location
from praevnav.taxonomy.models import Term, Transition

TRANSLATION_LANGUAGES = ("en", "tr", "ar", "uk")
FOREIGN_TERMS = (
    {"taxonomy": "Open Eligibility", "code": "1102", "name": "Single Parents"},
    {"taxonomy": "211/AIRS", "code": "PH-1000.5000", "name": "Parenting Education"},
    {"taxonomy": "Stadt Köln", "code": "K-17", "name": "Elternberatung"},
)


def add_areas(tenant) -> None:
    """The synthetic Stadtteile (and their Stadtbezirke) of the demo tests."""
    inputs = synthetic_areas()
    for group in sorted({a.group for a in inputs}):
        AreaFactory(tenant=tenant, level="stadtbezirk", code=group, name=f"Bezirk {group}")
    for a in inputs:
        AreaFactory(tenant=tenant, level="stadtteil", code=a.code, name=a.name, geometry=a.geometry)


def fresh_tenant(slug: str):
    """A new tenant with the same seeded taxonomy and the same areas as the source."""
    tenant = TenantFactory(slug=slug, name=f"Ziel {slug}", official_code="05111000")
    add_areas(tenant)
    return tenant


def realistic_tenant(slug: str, *, offers: int, seed: int = 11):
    """A tenant with ``offers`` generated demo offers (current as of today), enriched."""
    tenant = TenantFactory(slug=slug, name="Quellstadt", official_code="05111000")
    add_areas(tenant)
    dataset = generate_dataset(
        region=DUESSELDORF,
        areas=synthetic_areas(),
        offers=offers,
        seed=seed,
        reference_date=timezone.localdate(),
    )
    persist_dataset(root=tenant, dataset=dataset)
    enrich(tenant)
    return tenant


def enrich(tenant) -> dict[str, int]:
    """Translations on every 3rd offer, foreign terms on every 4th, a second location
    with a session there on every 5th, a session without location on every 7th."""
    offers = list(Offer.all_tenants.filter(tenant=tenant).order_by("pk"))
    counts = defaultdict(int)
    for i, offer in enumerate(offers):
        if i % 3 == 0:
            language = TRANSLATION_LANGUAGES[i % len(TRANSLATION_LANGUAGES)]
            OfferTranslation.objects.create(
                offer=offer,
                language=language,
                title=f"{offer.title} ({language})",
                description=f"Übersetzung {i}: {offer.description[:80]}",
                summary_plain="" if i % 2 else f"Kurz gesagt {i}.",
            )
            counts["translations"] += 1
        if i % 4 == 0:
            terms = [FOREIGN_TERMS[i % 3], FOREIGN_TERMS[(i + 1) % 3]]
            Offer.all_tenants.filter(pk=offer.pk).update(external_terms=terms)
            counts["external_terms"] += 1
        if i % 5 == 0:
            branch = Location.all_tenants.create(
                tenant=tenant,
                organisation_id=offer.organisation_id,
                name=f"Zweigstelle {i}",
                street=f"Nebenweg {i}",
                postcode="40210",
                city="Düsseldorf",
                latitude=51.2 + (i % 10) * 0.0005,
                longitude=6.705 + (i % 12) * 0.02,
                coordinate_source=CoordinateSource.IMPORT,
                external_id=f"zweig-{i}",
            )
            offer.locations.add(branch)
            OpeningSession.objects.create(
                offer=offer,
                location=branch,
                weekday=i % 6,
                opens=dt.time(15),
                closes=dt.time(17, 30),
                note="in der Zweigstelle",
            )
            counts["second_locations"] += 1
        if i % 7 == 0:
            OpeningSession.objects.create(
                offer=offer, weekday=(i + 2) % 7, opens=dt.time(10), closes=dt.time(11)
            )
            counts["sessions_without_location"] += 1
    return dict(counts)


class Names:
    """Ids of one tenant's rows → the keys that identify them in any tenant."""

    def __init__(self, tenant):
        scope = [tenant.pk]
        self.terms = {
            pk: (vocabulary, code)
            for pk, vocabulary, code in Term.all_tenants.filter(tenant_id__in=scope).values_list(
                "pk", "vocabulary", "code"
            )
        }
        self.transitions = dict(
            Transition.all_tenants.filter(tenant_id__in=scope).values_list("pk", "code")
        )
        self.locations = {
            pk: (name, street)
            for pk, name, street in Location.all_tenants.filter(tenant_id__in=scope).values_list(
                "pk", "name", "street"
            )
        }
        self.areas = {
            pk: (level, code)
            for pk, level, code in Area.all_tenants.filter(tenant_id__in=scope).values_list(
                "pk", "level", "code"
            )
        }
        self.organisations = dict(
            Organisation.all_tenants.filter(tenant_id__in=scope).values_list("pk", "name")
        )

    def of(self, field: str) -> dict:
        if field == "organisation":
            return self.organisations
        if field == "transitions":
            return self.transitions
        if field == "locations":
            return self.locations
        if field == "service_areas":
            return self.areas
        return self.terms


def _sort_key(item) -> str:
    return json.dumps(item, sort_keys=True, ensure_ascii=False, default=str)


def portable_snapshots(tenant, *, exclude: tuple[str, ...] = ()) -> dict[str, dict]:
    """Snapshots of the tenant's offers keyed by external id, every id replaced by the
    key of what it points at (terms by vocabulary and code, locations by name and
    street, organisations by name), without the fields in ``exclude``."""
    names = Names(tenant)
    offers = dict(Offer.all_tenants.filter(tenant=tenant).values_list("pk", "external_id"))
    out = {}
    for pk, snap in offer_snapshots(offers).items():
        snap = dict(snap)
        for name in FK_FIELDS:
            if snap[name] is not None:
                snap[name] = names.of(name)[snap[name]]
        for name in M2M_FIELDS:
            snap[name] = sorted((names.of(name)[v] for v in snap[name]), key=_sort_key)
        snap["sessions"] = sorted(
            (
                {**s, "location": names.locations[s["location"]] if s["location"] else None}
                for s in snap["sessions"]
            ),
            key=_sort_key,
        )
        # Order carries no meaning; stored lists keep the order they were written in,
        # imports write them sorted (``normalise_snapshot``).
        snap["external_terms"] = sorted(snap["external_terms"], key=_sort_key)
        for name in exclude:
            snap.pop(name)
        assert offers[pk], f"offer {pk} has no external id to match it by"
        out[offers[pk]] = snap
    return out


def first_differences(source: dict[str, dict], target: dict[str, dict], limit: int = 5):
    """Readable differences ``[(external id, field, source value, target value)]``."""
    out = []
    for key in sorted(source):
        for name, value in source[key].items():
            if target.get(key, {}).get(name) != value:
                out.append((key, name, value, target.get(key, {}).get(name)))
                if len(out) >= limit:
                    return out
    return out
