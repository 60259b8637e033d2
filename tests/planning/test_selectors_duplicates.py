"""offer_features builds the pure detection's input from the database."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factories import AreaFactory, LocationFactory, OfferFactory, OrganisationFactory
from praevnav.catalogue.enums import OfferStatus
from praevnav.planning.duplicates import duplicate_pairs
from praevnav.planning.selectors_duplicates import offer_features
from praevnav.taxonomy.models import Term

pytestmark = pytest.mark.django_db


@pytest.fixture
def place(tenant):
    district = AreaFactory(tenant=tenant, level="stadtbezirk", code="03", name="Bezirk 3")
    oberbilk = AreaFactory(tenant=tenant, code="037", name="Oberbilk", parent=district)
    AreaFactory(tenant=tenant, code="038", name="Lierenfeld", parent=district)
    location = LocationFactory(
        tenant=tenant, street="Kölner Straße 5", latitude=51.21, longitude=6.80
    )
    location.areas.set([oberbilk])
    return district, location


def _offer(tenant, org, location, title, **kw):
    offer = OfferFactory(
        tenant=tenant, organisation=org, title=title, public_phone="0211 555 12 34",
        public_email="kurse@sonnenblume.de", website="https://sonnenblume.de/baby", **kw,
    )  # fmt: skip
    offer.locations.set([location])
    offer.topics.set(
        [Term.all_tenants.get(tenant=tenant, vocabulary="topic", code="fruehe-hilfen")]
    )
    return offer


def test_offer_features_carry_fields_areas_phases_and_topics(tenant, place):
    district, location = place
    org = OrganisationFactory(tenant=tenant, name="Familienzentrum Sonnenblume")
    offer = _offer(tenant, org, location, "Babymassage", age_min_months=0, age_max_months=12)
    offer.service_areas.set([district])
    _offer(tenant, org, location, "Entwurf", status=OfferStatus.DRAFT)

    [features] = offer_features(tenant=tenant)

    assert features.id == offer.pk
    assert features.title == "Babymassage"
    assert features.organisation_id == org.pk
    assert features.organisation_name == "Familienzentrum Sonnenblume"
    assert features.address == "Kölner Straße 5"
    assert (features.lat, features.lon) == (51.21, 6.80)
    assert features.phones == ("0211 555 12 34",)
    assert features.life_phases == {"0-3"}
    assert features.topics == {"fruehe-hilfen"}
    # located in 037, serves Bezirk 03 and so its Stadtteile 037 and 038
    assert features.areas == {"03", "037", "038"}


def test_offer_features_feed_duplicate_detection(tenant, place):
    _, location = place
    org = OrganisationFactory(tenant=tenant)
    first = _offer(tenant, org, location, "Babymassage für Eltern mit Säuglingen")
    second = _offer(tenant, org, location, "Baby-Massage für Eltern mit Säuglngen")
    [match] = duplicate_pairs(offer_features(tenant=tenant))
    assert {match.a, match.b} == {first.pk, second.pk}


def test_offer_features_query_count_does_not_grow_with_offers(tenant, place):
    _, location = place
    org = OrganisationFactory(tenant=tenant)
    _offer(tenant, org, location, "Eins")
    with CaptureQueriesContext(connection) as few:
        offer_features(tenant=tenant)
    for i in range(20):
        _offer(tenant, org, location, f"Angebot {i}")
    with CaptureQueriesContext(connection) as many:
        assert len(offer_features(tenant=tenant)) == 21
    assert len(many.captured_queries) == len(few.captured_queries)
