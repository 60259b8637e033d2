"""A small, deterministic catalogue for the search and offer page tests (views and e2e).

Düsseldorf-like: one Stadtbezirk with two Stadtteile (Bilk, Flingern), five published
offers in different life phases and languages, plus offers that must never show up
(a draft, an expired one, one of another municipality).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from factories import AreaFactory, LocationFactory, OfferFactory, OrganisationFactory, square
from praevnav.catalogue.enums import OfferStatus
from praevnav.catalogue.models import OfferTranslation, OpeningSession
from praevnav.taxonomy.models import Term


def term(tenant, vocabulary: str, code: str) -> Term:
    return Term.all_tenants.get(tenant=tenant, vocabulary=vocabulary, code=code)


@dataclass
class Catalogue:
    tenant: object
    bilk: object
    flingern: object
    elterncafe: object
    sprachkita: object
    beratung: object
    senioren: object
    hebamme: object
    draft: object
    expired: object
    foreign: object

    @property
    def published(self) -> list:
        return [self.elterncafe, self.sprachkita, self.beratung, self.senioren, self.hebamme]


def _offer(tenant, organisation, *, languages=(), access=(), location=None, **kwargs):
    offer = OfferFactory(tenant=tenant, organisation=organisation, **kwargs)
    offer.dimensions.add(term(tenant, "dimension", "erziehung"))
    for code in languages:
        offer.languages.add(term(tenant, "language", code))
    for code in access:
        offer.access_options.add(term(tenant, "access", code))
    if location is not None:
        offer.locations.add(location)
    return offer


def build_catalogue(tenant, organisation, other_tenant) -> Catalogue:
    bezirk = AreaFactory(
        tenant=tenant,
        level="stadtbezirk",
        code="03",
        name="Stadtbezirk 3",
        geometry=square(6.70, 51.20, 0.04),
    )
    bilk = AreaFactory(
        tenant=tenant,
        level="stadtteil",
        code="036",
        name="Bilk",
        parent=bezirk,
        geometry=square(6.70, 51.20, 0.02),
    )
    flingern = AreaFactory(
        tenant=tenant,
        level="stadtteil",
        code="037",
        name="Flingern",
        parent=bezirk,
        geometry=square(6.72, 51.20, 0.02),
    )
    in_bilk = LocationFactory(
        tenant=tenant,
        name="Familienzentrum Bilk",
        street="Bilker Allee 1",
        latitude=51.205,
        longitude=6.705,
    )
    in_flingern = LocationFactory(
        tenant=tenant,
        name="Stadtteiltreff Flingern",
        street="Ackerstraße 10",
        latitude=51.205,
        longitude=6.735,
    )
    second = OrganisationFactory(tenant=tenant, name="Caritas Düsseldorf")
    confirmed = date.today() - timedelta(days=30)
    elterncafe = _offer(
        tenant,
        organisation,
        title="Elterncafé Bilk",
        age_min_months=0,
        age_max_months=36,
        languages=("de", "tr"),
        access=("kostenlos", "offen"),
        location=in_bilk,
        description="Offener Treff für Eltern mit Babys und Kleinkindern.",
        summary_plain="Eltern treffen sich mit ihren Babys.",
        public_phone="0211 123456",
        public_email="cafe@example.org",
        internal_contact_name="Frau Intern",
        internal_phone="0211 999",
        internal_note="Direkter Draht für Fachkräfte.",
        last_confirmed_at=confirmed,
        childcare=True,
    )
    elterncafe.topics.add(term(tenant, "topic", "babytreff"))
    OpeningSession.objects.create(offer=elterncafe, weekday=0, opens=time(9), closes=time(12))
    OpeningSession.objects.create(offer=elterncafe, weekday=0, opens=time(14), closes=time(16))
    OpeningSession.objects.create(offer=elterncafe, weekday=2, opens=time(10), closes=time(12))
    OfferTranslation.objects.create(
        offer=elterncafe,
        language="tr",
        title="Ebeveyn Kafe Bilk",
        description="Bebekli ebeveynler için açık buluşma.",
    )
    sprachkita = _offer(
        tenant,
        second,
        title="Sprachförderung Flingern",
        age_min_months=36,
        age_max_months=72,
        languages=("de", "ar"),
        access=("anmeldung",),
        location=in_flingern,
    )
    beratung = _offer(
        tenant,
        second,
        title="Familienberatung Bilk",
        age_min_months=0,
        age_max_months=324,
        languages=("de", "tr", "en"),
        access=("kostenlos",),
        location=in_bilk,
        by_appointment=True,
    )
    senioren = _offer(
        tenant,
        organisation,
        title="Seniorentreff Flingern",
        age_min_months=780,
        languages=("de",),
        location=in_flingern,
    )
    hebamme = _offer(
        tenant,
        organisation,
        title="Hebammensprechstunde",
        pregnancy=True,
        languages=("de", "tr"),
        location=in_bilk,
    )
    draft = _offer(
        tenant,
        organisation,
        title="Entwurf Bilk",
        status=OfferStatus.DRAFT,
        age_min_months=0,
        age_max_months=36,
        location=in_bilk,
    )
    expired = _offer(
        tenant,
        organisation,
        title="Abgelaufenes Projekt",
        age_min_months=0,
        age_max_months=36,
        valid_until=date.today() - timedelta(days=1),
        location=in_bilk,
    )
    foreign_org = OrganisationFactory(tenant=other_tenant, name="Fremder Träger")
    foreign = _offer(other_tenant, foreign_org, title="Angebot der anderen Stadt")
    return Catalogue(
        tenant=tenant,
        bilk=bilk,
        flingern=flingern,
        elterncafe=elterncafe,
        sprachkita=sprachkita,
        beratung=beratung,
        senioren=senioren,
        hebamme=hebamme,
        draft=draft,
        expired=expired,
        foreign=foreign,
    )
