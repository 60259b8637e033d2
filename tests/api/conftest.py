"""A small catalogue with known answers for the API tests.

Two Stadtbezirke (1, 2) with Stadtteile (011, 012 in 1; 021 in 2); four visible offers
in the default tenant, one draft, one expired and one offer of another tenant, which
must never appear.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.test import Client

from factories import AreaFactory, LocationFactory, OfferFactory, OrganisationFactory, square
from praevnav.catalogue.enums import OfferStatus
from praevnav.catalogue.models import OpeningSession
from praevnav.taxonomy.models import Term, Transition


def terms(tenant, vocabulary: str, *codes: str) -> list[Term]:
    found = {
        t.code: t
        for t in Term.all_tenants.filter(tenant=tenant, vocabulary=vocabulary, code__in=codes)
    }
    assert set(found) == set(codes), (vocabulary, codes)
    return [found[c] for c in codes]


def area(tenant, level, code, name, lon, lat, size, parent=None):
    return AreaFactory(
        tenant=tenant,
        level=level,
        code=code,
        name=name,
        parent=parent,
        geometry=square(lon, lat, size),
        centroid_lon=lon + size / 2,
        centroid_lat=lat + size / 2,
        min_lon=lon,
        min_lat=lat,
        max_lon=lon + size,
        max_lat=lat + size,
        area_km2=round(size * 70 * size * 111, 3),
    )


def make_offer(tenant, organisation, *, title, links=None, **fields):
    offer = OfferFactory(tenant=tenant, organisation=organisation, title=title, **fields)
    for field, values in (links or {}).items():
        getattr(offer, field).set(values)
    return offer


@dataclass
class Catalogue:
    tenant: object
    other_tenant: object
    orgs: SimpleNamespace
    areas: SimpleNamespace
    offers: SimpleNamespace

    def ids(self, *names: str) -> set[int]:
        return {getattr(self.offers, n).pk for n in names}


@pytest.fixture
def catalogue(tenant, other_tenant) -> Catalogue:
    """Build the fixture catalogue (see the module docstring)."""
    b1 = area(tenant, "stadtbezirk", "1", "Stadtbezirk 1", 6.70, 51.20, 0.02)
    b2 = area(tenant, "stadtbezirk", "2", "Stadtbezirk 2", 6.80, 51.20, 0.02)
    s011 = area(tenant, "stadtteil", "011", "Altstadt", 6.70, 51.20, 0.01, b1)
    s012 = area(tenant, "stadtteil", "012", "Carlstadt", 6.71, 51.20, 0.01, b1)
    s021 = area(tenant, "stadtteil", "021", "Bilk", 6.80, 51.20, 0.01, b2)
    other_area = area(other_tenant, "stadtteil", "011", "Fremdviertel", 7.0, 50.0, 0.01)

    l1 = LocationFactory(tenant=tenant, name="Kita Sonnenschein", latitude=51.205, longitude=6.705)
    l2 = LocationFactory(tenant=tenant, name="Hebammenpraxis", latitude=51.205, longitude=6.715)
    l3 = LocationFactory(
        tenant=tenant, name="Beratungsstelle Bilk", latitude=51.205, longitude=6.805
    )
    lo = LocationFactory(tenant=other_tenant, name="Anderswo", latitude=50.005, longitude=7.005)

    org1 = OrganisationFactory(tenant=tenant, name="Familienhilfe Nord e. V.")
    org2 = OrganisationFactory(tenant=tenant, name="Caritas <Düsseldorf> & Co")
    org_other = OrganisationFactory(tenant=other_tenant, name="Fremder Träger")
    t = tenant
    kita = make_offer(
        t,
        org1,
        title="Sprachförderung in der Kita",
        age_min_months=36,
        age_max_months=72,
        childcare=True,
        prevention_level=terms(t, "prevention_level", "universell")[0],
        external_id="ext-kita",
        summary_plain="Deutsch lernen beim Spielen.",
        links={
            "dimensions": terms(t, "dimension", "bildung"),
            "languages": terms(t, "language", "de", "tr"),
            "access_options": terms(t, "access", "kostenlos"),
            "topics": terms(t, "topic", "bildung-lernen"),
            "target_groups": terms(t, "target_group", "zugewanderte"),
            "settings": terms(t, "setting", "familienzentrum"),
            "formats": terms(t, "format", "gruppe"),
            "accessibility": terms(t, "accessibility", "stufenlos"),
            "transitions": list(Transition.all_tenants.filter(tenant=t, code="kita-grundschule")),
            "locations": [l1],
        },
    )
    beratung = make_offer(
        t,
        org2,
        title="Familienberatung Bilk",
        age_min_months=0,
        age_max_months=216,
        prevention_level=terms(t, "prevention_level", "selektiv")[0],
        internal_contact_name="Frau Intern",
        internal_phone="0211 999999",
        internal_email="intern@example.org",
        internal_note="Nur für Fachkräfte: Rückruf binnen 24 h.",
        public_contact_name="Team Beratung",
        public_phone="0211 123456",
        description="<script>alert('x')</script> Beratung für Familien & Alleinerziehende.",
        links={
            "dimensions": terms(t, "dimension", "erziehung", "gesundheit"),
            "languages": terms(t, "language", "de", "ar"),
            "access_options": terms(t, "access", "kostenlos", "anonym"),
            "topics": terms(t, "topic", "erziehung-familie"),
            "target_groups": terms(t, "target_group", "alleinerziehende"),
            "formats": terms(t, "format", "beratung"),
            "locations": [l3],
        },
    )
    OpeningSession.objects.create(
        offer=beratung, weekday=0, opens=dt.time(9), closes=dt.time(12), location=l3
    )
    hebamme = make_offer(
        t,
        org1,
        title="Hebammensprechstunde",
        pregnancy=True,
        links={
            "dimensions": terms(t, "dimension", "gesundheit"),
            "languages": terms(t, "language", "de"),
            "access_options": terms(t, "access", "anmeldung"),
            "topics": terms(t, "topic", "fruehe-hilfen"),
            "accessibility": terms(t, "accessibility", "wc"),
            "locations": [l2],
        },
    )
    OpeningSession.objects.create(
        offer=hebamme, weekday=2, opens=dt.time(17), closes=dt.time(19, 30), location=l2
    )
    senioren = make_offer(
        t,
        org2,
        title="Seniorentreff am Markt",
        age_min_months=780,
        links={
            "dimensions": terms(t, "dimension", "teilhabe"),
            "languages": terms(t, "language", "de"),
            "locations": [l1],
        },
    )
    draft = make_offer(
        t,
        org1,
        title="Sprachförderung Entwurf",
        status=OfferStatus.DRAFT,
        links={"dimensions": terms(t, "dimension", "bildung"), "locations": [l1]},
    )
    expired = make_offer(
        t,
        org1,
        title="Sprachförderung abgelaufen",
        valid_until=dt.date(2000, 1, 1),
        links={"dimensions": terms(t, "dimension", "bildung"), "locations": [l1]},
    )
    foreign = make_offer(
        other_tenant,
        org_other,
        title="Sprachförderung anderswo",
        links={
            "dimensions": terms(other_tenant, "dimension", "bildung"),
            "locations": [lo],
        },
    )
    return Catalogue(
        tenant=tenant,
        other_tenant=other_tenant,
        orgs=SimpleNamespace(org1=org1, org2=org2, other=org_other),
        areas=SimpleNamespace(b1=b1, b2=b2, s011=s011, s012=s012, s021=s021, other=other_area),
        offers=SimpleNamespace(
            kita=kita,
            beratung=beratung,
            hebamme=hebamme,
            senioren=senioren,
            draft=draft,
            expired=expired,
            foreign=foreign,
        ),
    )


@pytest.fixture
def api_client() -> Client:
    """A client that returns 500 responses instead of raising, as a real server would."""
    return Client(raise_request_exception=False)
