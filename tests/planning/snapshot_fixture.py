"""A small constructed tenant whose snapshot figures are computed by hand (see
test_snapshots.py): one Stadtbezirk "01" with Stadtteile "011" and "012", six offers,
demand signals in and around the 365 days before the reporting date 2025-06-30."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from factories import AreaFactory, LocationFactory, OfferFactory, OrganisationFactory
from praevnav.catalogue.enums import OfferStatus, ServiceAreaKind
from praevnav.catalogue.models import GapReport, SearchEvent
from praevnav.taxonomy.models import Term

DAY = dt.date(2025, 6, 30)
CONFIRMED = dt.date(2025, 3, 1)  # due 2026-03-01: current on DAY


def _dims(tenant, *codes):
    return list(Term.all_tenants.filter(tenant=tenant, vocabulary="dimension", code__in=codes))


def _at(day: dt.date, hour: int = 10):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def build(tenant) -> dict:
    bezirk = AreaFactory(tenant=tenant, level="stadtbezirk", code="01", name="Bezirk 1")
    nord = AreaFactory(tenant=tenant, level="stadtteil", code="011", name="Nord", parent=bezirk)
    sued = AreaFactory(tenant=tenant, level="stadtteil", code="012", name="Süd", parent=bezirk)
    place = LocationFactory(tenant=tenant, latitude=51.205, longitude=6.705)
    place.areas.set([nord, bezirk])
    a = OrganisationFactory(tenant=tenant, name="Alpha e. V.")
    b = OrganisationFactory(tenant=tenant, name="Beta gGmbH")

    def offer(org, title, lo, hi, dims, **kw):
        o = OfferFactory(
            tenant=tenant,
            organisation=org,
            title=title,
            age_min_months=lo,
            age_max_months=hi,
            last_confirmed_at=kw.pop("confirmed", CONFIRMED),
            **kw,
        )
        o.dimensions.set(_dims(tenant, *dims))
        return o

    babymassage = offer(a, "Babymassage", 0, 12, ["gesundheit"])
    babymassage.locations.set([place])
    cafe = offer(
        b, "Elterncafé", 0, 72, ["erziehung", "gesundheit"], service_area_kind=ServiceAreaKind.AREAS
    )
    cafe.service_areas.set([sued])
    hotline = offer(
        b,
        "Stadtweite Hotline",
        324,
        780,
        ["teilhabe"],
        service_area_kind=ServiceAreaKind.WHOLE_TENANT,
    )
    overdue = offer(a, "Alte Krabbelgruppe", 0, 12, ["gesundheit"], confirmed=dt.date(2024, 1, 1))
    overdue.locations.set([place])
    ended = offer(b, "Projekt beendet", 0, 12, ["bildung"], valid_until=dt.date(2025, 1, 31))
    ended.locations.set([place])
    draft = offer(a, "Entwurf", 0, 12, ["bildung"], status=OfferStatus.DRAFT)
    draft.locations.set([place])

    def event(day, area, phases, results):
        SearchEvent.all_tenants.create(
            tenant=tenant,
            occurred_hour=_at(day),
            area=area,
            life_phase_codes=phases,
            result_count=results,
        )

    for _ in range(3):
        event(dt.date(2025, 5, 1), nord, ["0-3"], 0)
    event(dt.date(2025, 5, 2), nord, ["0-3"], 2)
    for _ in range(6):
        event(dt.date(2025, 1, 15), sued, ["3-6"], 10)
    event(dt.date(2024, 6, 1), nord, ["0-3"], 0)  # before the 365 days
    event(dt.date(2025, 7, 1), nord, ["0-3"], 0)  # after the reporting date
    GapReport.all_tenants.create(
        tenant=tenant,
        occurred_hour=_at(dt.date(2025, 6, 30), 23),
        sought="Babyschwimmen",
        area=nord,
        life_phase_codes=["0-3"],
    )
    return {
        "areas": (bezirk, nord, sued),
        "orgs": (a, b),
        "offers": (babymassage, cafe, hotline, overdue, ended, draft),
    }
