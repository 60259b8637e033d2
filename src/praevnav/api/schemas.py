"""Response shapes of API v1 (they are the OpenAPI components).

Adding a field is a compatible change; removing or renaming one needs ``/api/v2/``
(see docs/api.md#versioning).
"""

from __future__ import annotations

from datetime import date, datetime, time

from ninja import Field, Schema


class Error(Schema):
    detail: str = Field(description="What went wrong, naming the parameter (English).")
    parameter: str | None = Field(
        None, description="The query or path parameter at fault, if one is."
    )


class CodeLabel(Schema):
    """A term of a vocabulary, a life phase or a transition."""

    code: str
    label: str = Field(description="Name in the response language (German by default).")


class OrganisationRef(Schema):
    """The provider (Träger)."""

    id: int
    name: str


class AreaRef(Schema):
    """An area (Gebiet) an offer is located in or serves."""

    code: str
    name: str
    level: str = Field(description="kreis, kommune, gemeinde, stadtbezirk, stadtteil, sozialraum")


class LocationOut(Schema):
    """A place where the offer takes place (Standort)."""

    id: int
    name: str
    street: str
    postcode: str
    city: str
    lat: float | None = Field(description="WGS84 latitude; null when not geocoded.")
    lon: float | None = Field(description="WGS84 longitude; null when not geocoded.")
    areas: list[AreaRef] = Field(description="The areas the location lies in, one per level.")


class OfferBase(Schema):
    id: int
    external_id: str = Field(description="The provider's or an import's id; may be empty.")
    title: str
    summary: str = Field(
        description="Plain-language summary (Einfache Sprache) or the start of the description."
    )
    url: str = Field(description="The offer's public detail page.")
    organisation: OrganisationRef
    life_phases: list[CodeLabel] = Field(
        description="Life phases (Lebensphasen) derived from the age range and pregnancy flag."
    )
    dimensions: list[CodeLabel] = Field(
        description="Prevention dimensions (Bildung, Gesundheit, Erziehung, Teilhabe)."
    )
    prevention_level: CodeLabel | None = Field(
        description="universell / selektiv / indiziert (universal, selective, indicated)."
    )
    target_groups: list[CodeLabel] = Field(description="Target groups (Zielgruppe / Lebenslage).")
    topics: list[CodeLabel] = Field(description="Topics (Themen).")
    access: list[CodeLabel] = Field(description="Access and cost (Zugang und Kosten).")
    languages: list[CodeLabel]
    accessibility: list[CodeLabel] = Field(description="Accessibility features (Barrierefreiheit).")
    childcare: bool = Field(description="Childcare during the offer (Kinderbetreuung).")
    pregnancy: bool = Field(description="For pregnancy and birth (Schwangerschaft & Geburt).")
    age_min_months: int | None = Field(description="Lower age bound in months, inclusive.")
    age_max_months: int | None = Field(description="Upper age bound in months, exclusive.")
    areas: list[AreaRef] = Field(description="Areas of the offer's locations (all levels).")
    locations: list[LocationOut]
    last_confirmed_at: date | None = Field(
        description="When the provider last confirmed the offer as current (Stand)."
    )


class OfferSummary(OfferBase):
    """One search result."""

    distance_m: float | None = Field(
        description="Metres from the place (near / lat+lon) to the nearest location; "
        "null without a place."
    )
    score: float = Field(description="Ranking score; higher is better. Only for ordering.")


class FacetValue(Schema):
    value: str = Field(description="The value to pass in the parameter of the same name.")
    label: str
    count: int = Field(
        description="Matching offers with this value, given all other selected filters."
    )
    selected: bool
    depth: int = Field(0, description="Depth in a tree facet (topic, area); 0 at the top.")
    parent: str | None = Field(None, description="Value of the parent in a tree facet.")


class Place(Schema):
    """The place the search measured distances from."""

    label: str
    lat: float
    lon: float
    area_code: str | None
    source: str = Field(description="How it was resolved: point, area, address, …")


class OfferPage(Schema):
    count: int = Field(description="All matching offers (not just this page).")
    page: int
    page_size: int
    results: list[OfferSummary]
    facets: dict[str, list[FacetValue]] = Field(
        description="Per facet parameter (life_phase, dimension, …) its values with live counts."
    )
    place: Place | None = None
    notes: list[str] = Field(
        default_factory=list,
        description="Hints about how the query was read, e.g. a Stadtteil name taken as area.",
    )


class SessionOut(Schema):
    """An opening time slot (weekday 0 = Monday … 6 = Sunday)."""

    weekday: int
    opens: time
    closes: time
    note: str
    location_id: int | None


class PublicContact(Schema):
    name: str
    phone: str
    email: str
    website: str


class InternalContact(Schema):
    """Contact for professionals only (Fachkräfte); never shown to the public."""

    name: str
    phone: str
    email: str
    note: str


class Translation(Schema):
    language: str
    title: str
    description: str
    summary: str


class OfferDetail(OfferBase):
    description: str
    participants: list[CodeLabel] = Field(description="Who takes part (child, parents, family …).")
    transitions: list[CodeLabel] = Field(description="Transitions supported (Übergänge).")
    settings: list[CodeLabel]
    formats: list[CodeLabel]
    funding_programmes: list[CodeLabel]
    evidence_programme: CodeLabel | None
    cost_note: str
    service_area_kind: str = Field(description="locations, whole, areas or outreach.")
    service_areas: list[AreaRef]
    schedule_note: str
    by_appointment: bool
    closed_on_public_holidays: bool
    sessions: list[SessionOut]
    valid_from: date | None
    valid_until: date | None
    capacity_per_year: int | None
    public_contact: PublicContact
    internal_contact: InternalContact | None = Field(
        description="Only for logged-in professionals (permission "
        "catalogue.view_internal_contacts); null otherwise."
    )
    translations: list[Translation]
    updated_at: datetime


class Centroid(Schema):
    lat: float
    lon: float


class AreaOut(Schema):
    code: str
    name: str
    level: str
    parent: str | None = Field(description="Code of the parent area.")
    parent_level: str | None
    centroid: Centroid | None
    bbox: list[float] | None = Field(description="[min_lon, min_lat, max_lon, max_lat]")
    area_km2: float | None
    geometry: dict | None = Field(
        None,
        description="Simplified GeoJSON geometry (WGS84), only with geometry=1.",
    )


class AreaList(Schema):
    count: int
    results: list[AreaOut]


class TermOut(Schema):
    code: str
    name: str = Field(description="German name.")
    name_en: str
    label: str
    parent: str | None = Field(description="Code of the parent term (topic tree).")
    depth: int
    hsds_id: str = Field(description="Id of the term in an Open Referral HSDS taxonomy, if set.")


class VocabularyOut(Schema):
    code: str = Field(description="Also the offers filter parameter, where there is one.")
    label: str
    terms: list[TermOut]


class LifePhaseOut(Schema):
    code: str
    name: str
    name_en: str
    label: str
    is_pregnancy: bool
    min_age_months: int | None
    max_age_months: int | None = Field(description="Exclusive; null = open-ended.")
    age_label: str
    hsds_id: str


class TransitionOut(Schema):
    code: str
    name: str
    name_en: str
    label: str
    from_phase: str | None
    to_phase: str | None
    hsds_id: str


class Taxonomy(Schema):
    vocabularies: list[VocabularyOut]
    life_phases: list[LifePhaseOut]
    transitions: list[TransitionOut]


class Index(Schema):
    name: str
    version: str
    tenant: str | None
    openapi: str
    endpoints: list[str]
