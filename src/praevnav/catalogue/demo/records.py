"""Plain records of the demo data set (no ORM): what the generator and the
real-offer reader produce and what the loader persists.

Taxonomy values are term *codes* of ``taxonomy/data/default_taxonomy.json``;
areas are referenced by ``(level, code)``; locations and organisations by their
``key`` (which is also their external id).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class AreaInput:
    """An area the generator may place offers in (finest level used for locations).

    ``group`` is the code of the coarser unit the area belongs to (the Stadtbezirk of
    a Düsseldorf Stadtteil); empty when there is none (a Gemeinde of a Kreis).
    ``weight`` makes populous areas get more providers and offers; the loader
    derives it from the population.
    """

    code: str
    name: str
    geometry: dict
    group: str = ""
    # Relative weight when offers are spread over areas (e.g. from the population).
    weight: float = 1.0


@dataclass
class OrganisationRecord:
    key: str
    name: str
    short_name: str = ""
    kind: str = ""
    legal_status: str = ""
    description: str = ""
    website: str = ""
    email: str = ""
    phone: str = ""
    # Area code of its home (local providers) or "" for city- or Kreis-wide ones.
    home_area: str = ""


@dataclass
class LocationRecord:
    key: str
    organisation_key: str
    name: str
    street: str
    postcode: str
    city: str
    longitude: float
    latitude: float
    area_code: str


@dataclass
class SessionRecord:
    weekday: int  # 0 = Monday
    opens: str  # "HH:MM"
    closes: str
    note: str = ""


@dataclass
class OfferRecord:
    key: str  # also the external id
    organisation_key: str
    status: str
    title: str
    description: str
    summary_plain: str = ""
    kind: str = ""  # the generator's offer kind (template), empty for real offers
    pregnancy: bool = False
    age_min_months: int | None = None
    age_max_months: int | None = None
    prevention_level: str = ""
    dimensions: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    transitions: list[str] = field(default_factory=list)
    target_groups: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    settings: list[str] = field(default_factory=list)
    formats: list[str] = field(default_factory=list)
    access: list[str] = field(default_factory=list)
    cost_note: str = ""
    languages: list[str] = field(default_factory=list)
    accessibility: list[str] = field(default_factory=list)
    childcare: bool = False
    funding: list[str] = field(default_factory=list)
    evidence_programme: str = ""
    location_keys: list[str] = field(default_factory=list)
    service_area_kind: str = "locations"
    # (level, code) pairs, e.g. ("stadtteil", "037") or ("stadtbezirk", "03").
    service_areas: list[tuple[str, str]] = field(default_factory=list)
    schedule_note: str = ""
    by_appointment: bool = False
    closed_on_public_holidays: bool = True
    sessions: list[SessionRecord] = field(default_factory=list)
    valid_from: date | None = None
    valid_until: date | None = None
    capacity_per_year: int | None = None
    public_contact_name: str = ""
    public_phone: str = ""
    public_email: str = ""
    website: str = ""
    internal_contact_name: str = ""
    internal_phone: str = ""
    internal_email: str = ""
    internal_note: str = ""
    last_confirmed_at: date | None = None
    confirmation_interval_months: int | None = None
    # The area (finest level) of the offer's first location: where it counts locally.
    area_code: str = ""


@dataclass(frozen=True)
class OverlapCluster:
    """Very similar offers of different providers for the same people in one area."""

    area_code: str
    area_name: str
    kind: str
    life_phase: str
    offer_keys: tuple[str, ...]


@dataclass(frozen=True)
class DuplicatePair:
    """The same offer entered twice by one provider, spelled slightly differently."""

    original_key: str
    duplicate_key: str


@dataclass
class Planted:
    """The structure planted on purpose, for the planning features to find.

    ``gaps`` are ``(area_code, life_phase_code)`` pairs with no *local* supply: no
    offer of that life phase has a location in the area or lists the area (or its
    group, e.g. the Stadtbezirk) as served or outreach area. Offers serving the
    whole municipality (``service_area_kind == "whole"``) are not local supply.
    """

    gaps: list[tuple[str, str]] = field(default_factory=list)
    overlaps: list[OverlapCluster] = field(default_factory=list)
    duplicates: list[DuplicatePair] = field(default_factory=list)


@dataclass
class GeneratedDataset:
    organisations: list[OrganisationRecord]
    locations: list[LocationRecord]
    offers: list[OfferRecord]
    planted: Planted
    seed: int = 0
    reference_date: date | None = None

    def status_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for offer in self.offers:
            counts[offer.status] = counts.get(offer.status, 0) + 1
        return counts
