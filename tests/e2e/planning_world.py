"""A small but realistic planning world for the planning browser journeys.

One Stadtbezirk "05" with four Stadtteile in a 2 × 2 grid of ~700 m × 1.1 km squares,
each with population per life phase and need indicators, and 40-odd current offers:
one located offer per Stadtteil × life phase, except **Rath (053) × 3–6**, which has
none. Rath also has the largest population of that phase, the highest SGB-II and child
poverty rates and a few zero-result searches, so that row tops the gap list by a wide
margin: (1 + 1) × √900 × (shortfall + 1 + demand) ≥ 60, while every other row scores
at most (1 + 1) × √300 × 1 ≈ 35.

Besides that: a city-wide hotline (counted, not local), one overdue offer (left out), a
duplicate pair (same offer entered twice), an overlap pair (two providers, the same thing
in the same Stadtteil), a qualitative need, a goal with one measure and two snapshots,
so that every planning page has something real to show.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from factories import AreaFactory, LocationFactory, OfferFactory, OrganisationFactory, square
from praevnav.catalogue.enums import ServiceAreaKind
from praevnav.catalogue.models import SearchEvent
from praevnav.geography.models import Indicator
from praevnav.planning import selectors_coverage
from praevnav.planning.enums import MeasureSource, MeasureStatus, NeedSource
from praevnav.planning.services_measures import goal_create, measure_create
from praevnav.planning.services_need import qualitative_need_create
from praevnav.planning.services_snapshots import snapshot_create
from praevnav.taxonomy.models import LifePhase, Term

# (code, name, south-west corner, population of each phase, SGB-II %, child poverty %)
STADTTEILE = [
    ("051", "Lichtenbroich", (6.80, 51.27), 300, 6.0, 8.0),
    ("052", "Unterrath", (6.81, 51.27), 300, 9.0, 12.0),
    ("053", "Rath", (6.80, 51.28), 300, 24.0, 31.0),
    ("054", "Mörsenbroich", (6.81, 51.28), 300, 12.0, 15.0),
]
GAP_AREA, GAP_AREA_NAME, GAP_PHASE = "053", "Rath", "3-6"
GAP_POPULATION = 900
# Age range in months per life phase code (pregnancy: the pregnancy flag).
AGES = {
    "0-3": (0, 35),
    "3-6": (36, 71),
    "6-10": (72, 119),
    "10-16": (120, 191),
    "16-27": (192, 323),
    "27-65": (324, 779),
    "65plus": (780, 1200),
}
PHASES = ["schwangerschaft", *AGES]
TITLES = {
    "schwangerschaft": "Hebammensprechstunde",
    "0-3": "Krabbelgruppe",
    "3-6": "Kita-Sozialberatung",
    "6-10": "Hausaufgabenhilfe",
    "10-16": "Jugendtreff",
    "16-27": "Ausbildungslotsen",
    "27-65": "Familienberatung",
    "65plus": "Seniorentreff",
}
DIMENSIONS = ["gesundheit", "erziehung", "bildung", "teilhabe"]


@dataclass
class World:
    tenant: object
    bezirk: object
    areas: dict  # code -> Area
    offers: list
    measure: object
    goal: object
    snapshots: list


def build_world(tenant) -> World:
    """Create the world in ``tenant`` (see the module docstring); 2–3 s, a third of it
    the two snapshots."""
    today = timezone.localdate()
    confirmed = today - dt.timedelta(days=30)
    bezirk = AreaFactory(
        tenant=tenant, level="stadtbezirk", code="05", name="Stadtbezirk 5",
        geometry=square(6.80, 51.27, 0.02),
    )  # fmt: skip
    dims = {t.code: t for t in Term.all_tenants.filter(tenant=tenant, vocabulary="dimension")}
    phases = {p.code: p for p in LifePhase.all_tenants.filter(tenant=tenant)}
    orgs = [
        OrganisationFactory(tenant=tenant, name=name)
        for name in ("Diakonie Nord", "AWO Rath", "Caritas Unterrath", "SKFM Mörsenbroich")
    ]
    areas, places, offers, indicators = {}, {}, [], []
    for i, (code, name, (lon, lat), pop, sgb2, child) in enumerate(STADTTEILE):
        area = AreaFactory(tenant=tenant, level="stadtteil", code=code, name=name,
                           parent=bezirk, geometry=square(lon, lat, 0.01))  # fmt: skip
        areas[code] = area
        for phase in PHASES:
            value = GAP_POPULATION if (code, phase) == (GAP_AREA, GAP_PHASE) else pop
            indicators.append((area, f"pop_phase_{phase}", 2024, value))
        indicators += [(area, "sgb2_rate", 2023, sgb2), (area, "child_poverty_rate", 2023, child)]
        place = LocationFactory(tenant=tenant, name=f"Stadtteilzentrum {name}",
                                latitude=lat + 0.005, longitude=lon + 0.005)  # fmt: skip
        place.areas.set([area, bezirk])
        places[code] = place
        for j, phase in enumerate(PHASES):
            if (code, phase) == (GAP_AREA, GAP_PHASE):
                continue  # the planted gap
            lo_hi = AGES.get(phase, (None, None))
            offer = OfferFactory(
                tenant=tenant, organisation=orgs[(i + j) % len(orgs)],
                title=f"{TITLES[phase]} {name}", pregnancy=phase == "schwangerschaft",
                age_min_months=lo_hi[0], age_max_months=lo_hi[1], last_confirmed_at=confirmed,
            )  # fmt: skip
            offer.dimensions.set([dims[DIMENSIONS[(i + j) % len(DIMENSIONS)]]])
            offer.locations.set([place])
            offers.append(offer)
    Indicator.all_tenants.bulk_create(
        Indicator(tenant=tenant, area=a, key=k, year=y, value=v) for a, k, y, v in indicators
    )
    lichtenbroich, unterrath = areas["051"], areas["052"]
    hotline = OfferFactory(
        tenant=tenant, organisation=orgs[0], title="Familientelefon (stadtweit)",
        age_min_months=0, age_max_months=323, last_confirmed_at=confirmed,
        service_area_kind=ServiceAreaKind.WHOLE_TENANT,
    )  # fmt: skip
    hotline.dimensions.set([dims["erziehung"]])
    overdue = OfferFactory(
        tenant=tenant, organisation=orgs[1], title="Alte Spielgruppe Rath",
        age_min_months=36, age_max_months=71, last_confirmed_at=today - dt.timedelta(days=900),
        service_area_kind=ServiceAreaKind.AREAS,
    )  # fmt: skip
    overdue.service_areas.set([areas[GAP_AREA]])
    # The same offer entered twice by its provider, and two providers doing the same thing.
    twins = []
    for title in ("Elterncafé Sonnenblume", "Elterncafe Sonnenblume"):
        twin = OfferFactory(
            tenant=tenant, organisation=orgs[2], title=title,
            description="Offenes Elterncafé mit Frühstück und Beratung für Eltern mit Babys.",
            age_min_months=0, age_max_months=35, last_confirmed_at=confirmed,
            public_email="cafe@caritas-unterrath.example", public_phone="0211 123456",
        )  # fmt: skip
        twin.dimensions.set([dims["erziehung"]])
        twin.locations.set([places["052"]])
        twins.append(twin)
    learning = Term.all_tenants.get(tenant=tenant, vocabulary="topic", code="bildung-lernen")
    for org in (orgs[0], orgs[3]):
        twin = OfferFactory(
            tenant=tenant, organisation=org,
            title=f"Sprachförderung für Grundschulkinder ({org.name})",
            description="Sprachförderung in Kleingruppen für Kinder im Grundschulalter, "
            "nachmittags nach der Schule, kostenlos.",
            age_min_months=72, age_max_months=119, last_confirmed_at=confirmed,
            service_area_kind=ServiceAreaKind.AREAS,
        )  # fmt: skip
        twin.dimensions.set([dims["bildung"]])
        twin.topics.set([learning])
        twin.service_areas.set([lichtenbroich])
    offers += [hotline, overdue, *twins]
    # Demand: a few zero-result searches for 3–6 in Rath (shown as "< 5").
    for hour in range(3):
        SearchEvent.all_tenants.create(
            tenant=tenant, occurred_hour=timezone.now().replace(minute=0, second=0,
            microsecond=0) - dt.timedelta(days=3, hours=hour), area=areas[GAP_AREA],
            life_phase_codes=[GAP_PHASE], result_count=0,
        )  # fmt: skip
    qualitative_need_create(
        tenant=tenant, area=unterrath, life_phase=phases["65plus"],
        text="Mehr Treffpunkte für alleinlebende Seniorinnen und Senioren",
        recorded_on=today - dt.timedelta(days=60), source=NeedSource.CONFERENCE,
    )  # fmt: skip
    goal = goal_create(tenant=tenant, data={"title": "Frühe Hilfen in allen Stadtteilen"})
    measure = measure_create(
        tenant=tenant,
        data={
            "title": "Seniorentreff Unterrath erweitern", "description": "", "goal": goal,
            "source": MeasureSource.OTHER, "area": unterrath, "life_phase": phases["65plus"],
            "dimension": None, "offers": [], "owner": "Amt für Soziales",
            "decision_body": "", "decision_date": None, "status": MeasureStatus.PROPOSED,
            "recheck_on": None,
        },
    )  # fmt: skip
    snapshots = [
        snapshot_create(tenant=tenant, reference_date=today - dt.timedelta(days=90),
                        label="Jugendhilfeausschuss Frühjahr"),
        snapshot_create(tenant=tenant, label="Heute"),
    ]  # fmt: skip
    selectors_coverage.clear_cache()
    return World(tenant=tenant, bezirk=bezirk, areas=areas, offers=offers, measure=measure,
                 goal=goal, snapshots=snapshots)  # fmt: skip
