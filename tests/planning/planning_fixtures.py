"""A tiny planning world: two Stadtteile with populations and need indicators, one offer."""

from __future__ import annotations

from factories import AreaFactory, OfferFactory, square
from praevnav.catalogue.enums import OfferStatus, ServiceAreaKind
from praevnav.geography.models import Indicator


def small_world(tenant):
    """Stadtteil 001 (poor, one offer for 0–3 via its listed area), 002 (better off, none)."""
    a = AreaFactory(tenant=tenant, level="stadtteil", code="001", name="Nordviertel",
                    geometry=square(6.70, 51.20, 0.01))  # fmt: skip
    b = AreaFactory(tenant=tenant, level="stadtteil", code="002", name="Südviertel",
                    geometry=square(6.72, 51.20, 0.01))  # fmt: skip
    for area, sgb2 in ((a, 20.0), (b, 5.0)):
        for code in ("schwangerschaft", "0-3", "3-6", "6-10", "10-16", "16-27", "27-65", "65plus"):
            Indicator.all_tenants.create(tenant=tenant, area=area, year=2024,
                                         key=f"pop_phase_{code}", value=300.0)  # fmt: skip
        Indicator.all_tenants.create(
            tenant=tenant, area=area, year=2021, key="sgb2_rate", value=sgb2
        )
    offer = OfferFactory(tenant=tenant, status=OfferStatus.PUBLISHED, age_min_months=0,
                         age_max_months=35, service_area_kind=ServiceAreaKind.AREAS)  # fmt: skip
    offer.service_areas.add(a)
    return a, b, offer
