"""A realistic small catalogue for the HSDS export and API tests.

Tenant ``duesseldorf`` (AGS 05111000): two Stadtteile, three locations, two providers;
offers with sessions (at a location and without), translations, served areas, foreign
taxonomy terms, every vocabulary linked, internal contacts; plus a draft, an expired
offer and an offer of another tenant, which must never appear.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from factories import AreaFactory, LocationFactory, OfferFactory, OrganisationFactory, square
from praevnav.catalogue.enums import OfferStatus, ServiceAreaKind
from praevnav.catalogue.models import OfferTranslation, OpeningSession
from praevnav.taxonomy.models import Term, Transition

INTERNAL = {
    "internal_contact_name": "Geheim Kontaktperson",
    "internal_phone": "0211 999999",
    "internal_email": "intern-only@example.org",
    "internal_note": "Nur für Fachkräfte: Hintertür benutzen",
}
EXTERNAL_UUID = "0B3D1C2E-4F5A-4B6C-8D7E-9F0A1B2C3D4E"


def term(tenant, vocabulary, code) -> Term:
    return Term.all_tenants.get(tenant=tenant, vocabulary=vocabulary, code=code)


@pytest.fixture
def hsds_catalogue(tenant, other_tenant):
    tenant.official_code = "05111000"
    tenant.save()
    a1 = AreaFactory(tenant=tenant, code="011", name="Altstadt", geometry=square(6.70, 51.20, 0.01))
    a2 = AreaFactory(tenant=tenant, code="021", name="Bilk", geometry=square(6.80, 51.20, 0.01))
    org1 = OrganisationFactory(
        tenant=tenant,
        name="Familienhilfe Nord e. V.",
        description="Hilfe für Familien im Norden.",
        website="https://familienhilfe.example.org",
        email="info@familienhilfe.example.org",
        phone="0211 12345",
        external_id="org-7",
    )
    org2 = OrganisationFactory(tenant=tenant, name="Stadtteilbüro Bilk")
    l1 = LocationFactory(
        tenant=tenant, organisation=org1, name="Kita Sonnenschein", latitude=51.205, longitude=6.705
    )
    l2 = LocationFactory(tenant=tenant, name="Bürgerhaus", latitude=51.205, longitude=6.805)
    l3 = LocationFactory(tenant=tenant, name="Ohne Adresse", street="", postcode="", city="")

    full = OfferFactory(
        tenant=tenant,
        organisation=org1,
        title="Beratung für Alleinerziehende",
        description="Offene Beratung und Begleitung für Alleinerziehende mit kleinen Kindern.",
        summary_plain="Wir helfen Ihnen.",
        pregnancy=True,
        age_min_months=6,
        age_max_months=72,
        prevention_level=term(tenant, "prevention_level", "selektiv"),
        evidence_programme=term(tenant, "evidence_programme", "opstapje"),
        cost_note="Material 5 Euro",
        childcare=True,
        service_area_kind=ServiceAreaKind.AREAS,
        schedule_note="In den Ferien geschlossen",
        by_appointment=True,
        valid_from=dt.date(2020, 1, 1),
        capacity_per_year=40,
        public_contact_name="Frau Muster",
        public_phone="0211 555",
        public_email="beratung@example.org",
        website="https://beratung.example.org/alleinerziehende",
        last_confirmed_at=dt.date.today() - dt.timedelta(days=30),
        external_terms=[
            {"taxonomy": "Open Eligibility", "code": "1102", "name": "Single Parents"},
            {"taxonomy": "Stadt Köln", "code": "K-17", "name": "Elternberatung"},
        ],
        **INTERNAL,
    )
    links = {
        "dimensions": [
            term(tenant, "dimension", "erziehung"),
            term(tenant, "dimension", "teilhabe"),
        ],
        "participants": [term(tenant, "participant", "eltern")],
        "target_groups": [term(tenant, "target_group", "alleinerziehende")],
        "topics": [term(tenant, "topic", "erziehung-familie")],
        "settings": [term(tenant, "setting", "beratungsstelle")],
        "formats": [term(tenant, "format", "beratung")],
        "access_options": [
            term(tenant, "access", "kostenlos"),
            term(tenant, "access", "anmeldung"),
        ],
        "languages": [term(tenant, "language", "de"), term(tenant, "language", "tr")],
        "accessibility": [term(tenant, "accessibility", "stufenlos")],
        "funding_programmes": [term(tenant, "funding", "fruehe-hilfen")],
        "transitions": [Transition.all_tenants.get(tenant=tenant, code="familie-kita")],
        "locations": [l1, l2],
        "service_areas": [a1, a2],
    }
    for name, values in links.items():
        getattr(full, name).set(values)
    OpeningSession.objects.create(
        offer=full,
        location=l1,
        weekday=0,
        opens=dt.time(9),
        closes=dt.time(12),
        note="Offene Sprechstunde",
    )
    OpeningSession.objects.create(
        offer=full, location=l2, weekday=2, opens=dt.time(14), closes=dt.time(17)
    )
    OpeningSession.objects.create(offer=full, weekday=4, opens=dt.time(10), closes=dt.time(11))
    OfferTranslation.objects.create(
        offer=full,
        language="tr",
        title="Tek ebeveynler için danışmanlık",
        description="Açık danışmanlık.",
    )

    plain = OfferFactory(
        tenant=tenant,
        organisation=org2,
        title="Schwimmkurs für Kinder",
        description="Schwimmen lernen im Stadtteil.",
        external_id=EXTERNAL_UUID,
        service_area_kind=ServiceAreaKind.WHOLE_TENANT,
    )
    plain.dimensions.set([term(tenant, "dimension", "gesundheit")])
    plain.topics.set([term(tenant, "topic", "gesundheit-ernaehrung")])
    plain.locations.set([l3])

    senior = OfferFactory(
        tenant=tenant,
        organisation=org2,
        title="Seniorentreff",
        description="Kaffee und Gespräche.",
        age_min_months=780,
    )
    senior.dimensions.set([term(tenant, "dimension", "teilhabe")])

    draft = OfferFactory(
        tenant=tenant, organisation=org1, title="Entwurf", status=OfferStatus.DRAFT
    )
    expired = OfferFactory(
        tenant=tenant, organisation=org1, title="Abgelaufen", valid_until=dt.date(2001, 1, 1)
    )
    foreign = OfferFactory(tenant=other_tenant, title="Fremdangebot Anderswo")
    return SimpleNamespace(
        tenant=tenant,
        other_tenant=other_tenant,
        full=full,
        plain=plain,
        senior=senior,
        draft=draft,
        expired=expired,
        foreign=foreign,
        orgs=(org1, org2),
        locations=(l1, l2, l3),
        areas=(a1, a2),
    )
