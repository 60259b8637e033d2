"""A small searchable world: areas, locations and offers with known meaning."""

from __future__ import annotations

import datetime as dt

import pytest

from factories import AreaFactory, LocationFactory, OfferFactory, OrganisationFactory, square
from praevnav.catalogue.enums import OfferStatus, ServiceAreaKind
from praevnav.catalogue.models import OpeningSession
from praevnav.catalogue.search.state import clear_states
from praevnav.taxonomy.models import Term

TODAY = dt.date.today()


def terms(tenant, vocabulary, *codes):
    return list(Term.all_tenants.filter(tenant=tenant, vocabulary=vocabulary, code__in=codes))


@pytest.fixture(autouse=True)
def _fresh_search_state():
    clear_states()
    yield
    clear_states()


@pytest.fixture
def world(tenant):
    """Areas Düsseldorf ⊃ Stadtbezirk 3 ⊃ {Bilk, Flingern Nord}, Stadtbezirk 10 ⊃ Garath;
    a dozen offers (published, one draft, one expired) in known places."""
    city = AreaFactory(
        tenant=tenant, level="kommune", code="05111000", name="Düsseldorf",
        geometry=square(6.70, 51.10, 0.30),
    )  # fmt: skip
    b3 = AreaFactory(
        tenant=tenant, level="stadtbezirk", code="03", name="Stadtbezirk 3", parent=city,
        geometry=square(6.70, 51.10, 0.10),
    )  # fmt: skip
    b10 = AreaFactory(
        tenant=tenant, level="stadtbezirk", code="10", name="Stadtbezirk 10", parent=city,
        geometry=square(6.90, 51.30, 0.10),
    )  # fmt: skip
    bilk = AreaFactory(
        tenant=tenant, level="stadtteil", code="036", name="Bilk", parent=b3,
        geometry=square(6.70, 51.10, 0.05), centroid_lat=51.125, centroid_lon=6.725,
    )  # fmt: skip
    flingern = AreaFactory(
        tenant=tenant, level="stadtteil", code="037", name="Flingern Nord", parent=b3,
        geometry=square(6.75, 51.10, 0.05), centroid_lat=51.125, centroid_lon=6.775,
    )  # fmt: skip
    garath = AreaFactory(
        tenant=tenant, level="stadtteil", code="101", name="Garath", parent=b10,
        geometry=square(6.90, 51.30, 0.05), centroid_lat=51.325, centroid_lon=6.925,
    )  # fmt: skip
    org = OrganisationFactory(tenant=tenant, name="Diakonie Düsseldorf")
    org2 = OrganisationFactory(tenant=tenant, name="Caritasverband Düsseldorf")

    def loc(name, lat, lon):
        return LocationFactory(
            tenant=tenant, organisation=org, name=name, latitude=lat, longitude=lon
        )

    l_bilk = loc("Haus Bilk", 51.120, 6.720)
    l_bilk2 = loc("Treff Bilk Süd", 51.110, 6.740)
    l_fling = loc("Zentrum Flingern", 51.130, 6.780)
    l_garath = loc("Begegnungsstätte Garath", 51.320, 6.920)

    def offer(title, description, *, org=org, locations=(), **links):
        fields = {k: v for k, v in links.items() if k not in M2M}
        o = OfferFactory(
            tenant=tenant, organisation=org, title=title, description=description, **fields
        )
        for name, values in links.items():
            if name in M2M:
                getattr(o, name).set(values)
        if locations:
            o.locations.set(locations)
        return o

    M2M = {"topics", "languages", "dimensions", "target_groups", "formats", "access_options",
           "service_areas", "accessibility"}  # fmt: skip
    t = lambda v, *c: terms(tenant, v, *c)  # noqa: E731
    o = {}
    o["famb"] = offer(
        "Familienberatungsstelle Bilk",
        "Erziehungsberatung für Eltern, Kinder und Jugendliche.",
        locations=[l_bilk], age_min_months=0, age_max_months=18 * 12,
        topics=t("topic", "erziehungsberatung"), languages=t("language", "de", "tr"),
        dimensions=t("dimension", "erziehung"), last_confirmed_at=TODAY - dt.timedelta(days=10),
    )  # fmt: skip
    o["schuld"] = offer(
        "Schuldnerberatung",
        "Hilfe bei Geldsorgen und Verschuldung, vertraulich.",
        org=org2, locations=[l_fling], age_min_months=18 * 12,
        topics=t("topic", "schuldnerberatung"), languages=t("language", "de"),
        dimensions=t("dimension", "teilhabe"), last_confirmed_at=TODAY - dt.timedelta(days=40),
    )  # fmt: skip
    o["kita"] = offer(
        "Sprachförderung in der Kindertagesstätte",
        "Spielerisch Deutsch lernen im Kindergarten.",
        locations=[l_garath], age_min_months=36, age_max_months=72,
        topics=t("topic", "sprachfoerderung"), languages=t("language", "de", "ar"),
        dimensions=t("dimension", "bildung"), last_confirmed_at=TODAY - dt.timedelta(days=5),
    )  # fmt: skip
    o["senior"] = offer(
        "Seniorentreff Garath",
        "Begegnung und Kaffee für Seniorinnen und Senioren.",
        locations=[l_garath], age_min_months=65 * 12,
        topics=t("topic", "begegnung"), dimensions=t("dimension", "teilhabe"),
        last_confirmed_at=TODAY - dt.timedelta(days=100),
    )  # fmt: skip
    o["beratungen"] = offer(
        "Beratungen für Familien",
        "Wir beraten Familien in allen Lebenslagen.",
        org=org2, locations=[l_bilk2], service_area_kind=ServiceAreaKind.WHOLE_TENANT,
        dimensions=t("dimension", "erziehung"), last_confirmed_at=TODAY - dt.timedelta(days=20),
    )  # fmt: skip
    o["hebamme"] = offer(
        "Hebammensprechstunde",
        "Für Schwangere und junge Mütter.",
        locations=[l_bilk], pregnancy=True,
        topics=t("topic", "familienhebamme"), dimensions=t("dimension", "gesundheit"),
    )  # fmt: skip
    o["outreach"] = offer(
        "Aufsuchende Familienhilfe",
        "Besuche zu Hause für Familien mit kleinen Kindern.",
        service_area_kind=ServiceAreaKind.OUTREACH, service_areas=[garath],
        age_min_months=0, age_max_months=36, dimensions=t("dimension", "erziehung"),
    )  # fmt: skip
    o["kurs"] = offer(
        "Elternkurs Starke Eltern",
        "Kurs mit Kinderbetreuung für Mütter und Väter.",
        org=org2, locations=[l_fling], childcare=True, age_min_months=0, age_max_months=12 * 12,
        formats=t("format", "kurs"), access_options=t("access", "kostenpflichtig"),
        topics=t("topic", "elternkurs"), dimensions=t("dimension", "erziehung"),
    )  # fmt: skip
    o["draft"] = offer(
        "Schuldnerberatung Entwurf", "Noch nicht veröffentlicht.", status=OfferStatus.DRAFT,
        locations=[l_fling],
    )  # fmt: skip
    o["expired"] = offer(
        "Schuldnerberatung abgelaufen", "Projekt beendet.",
        valid_from=TODAY - dt.timedelta(days=400), valid_until=TODAY - dt.timedelta(days=1),
        locations=[l_fling],
    )  # fmt: skip
    OpeningSession.objects.create(
        offer=o["senior"], weekday=1, opens=dt.time(17, 0), closes=dt.time(20, 0)
    )
    OpeningSession.objects.create(
        offer=o["famb"], weekday=0, opens=dt.time(9, 0), closes=dt.time(12, 0)
    )
    return {
        "tenant": tenant,
        "offers": o,
        "areas": {"bilk": bilk, "flingern": flingern, "garath": garath, "b3": b3, "city": city},
        "locations": {"bilk": l_bilk, "bilk2": l_bilk2, "flingern": l_fling, "garath": l_garath},
    }
