"""The demo offer generator: deterministic, complete, and with planted structure."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import timedelta
from difflib import SequenceMatcher

import pytest
import shapely
from shapely.geometry import shape

from catalogue.demo_fixtures import (
    REFERENCE_DATE,
    duesseldorf_areas,
    kreis_dueren_areas,
    synthetic_areas,
)
from praevnav.catalogue.demo.generator import TAXONOMY_FILE, generate_dataset, phases_of
from praevnav.catalogue.demo.providers import DUESSELDORF, KREIS_DUEREN

PHASES = ["schwangerschaft", "0-3", "3-6", "6-10", "10-16", "16-27", "27-65", "65plus"]
DIMENSIONS = ["bildung", "gesundheit", "erziehung", "teilhabe"]


def _generate(areas, offers=1720, seed=2024, region=DUESSELDORF):
    return generate_dataset(
        region=region, areas=areas, offers=offers, seed=seed, reference_date=REFERENCE_DATE
    )


@pytest.fixture(scope="module")
def dus():
    return _generate(duesseldorf_areas())


@pytest.fixture(scope="module")
def dus_areas():
    return {a.code: a for a in duesseldorf_areas()}


def _local_areas(offer, locations, areas_by_group):
    """Areas where an offer counts as local supply (see ``Planted``)."""
    if offer.service_area_kind == "whole":
        return set()
    codes = {locations[k].area_code for k in offer.location_keys}
    for level, code in offer.service_areas:
        codes |= set(areas_by_group.get(code, [])) if level == "stadtbezirk" else {code}
    return codes


def test_generator_with_same_seed_returns_identical_dataset():
    first = _generate(synthetic_areas(), offers=400, seed=7)
    second = _generate(synthetic_areas(), offers=400, seed=7)
    assert first == second


def test_generator_with_different_seed_returns_different_dataset():
    first = _generate(synthetic_areas(), offers=400, seed=7)
    second = _generate(synthetic_areas(), offers=400, seed=8)
    assert [o.title for o in first.offers] != [o.title for o in second.offers]
    assert [(loc.longitude, loc.latitude) for loc in first.locations] != [
        (loc.longitude, loc.latitude) for loc in second.locations
    ]


def test_generator_places_synthetic_locations_inside_their_square():
    areas = synthetic_areas()
    dataset = _generate(areas, offers=300, seed=3)
    polygons = {a.code: shape(a.geometry) for a in areas}
    for loc in dataset.locations:
        assert polygons[loc.area_code].contains(shapely.Point(loc.longitude, loc.latitude))


def test_generator_scales_to_ten_thousand_offers_with_a_provider_per_ten_offers():
    dataset = _generate(synthetic_areas(), offers=10_000, seed=1)
    assert len(dataset.offers) == 10_000
    assert len(dataset.organisations) == 1_000
    assert len({o.key for o in dataset.offers}) == 10_000


@pytest.mark.realdata
def test_duesseldorf_dataset_has_1500_published_offers_from_150_providers(dus):
    statuses = dus.status_counts()
    assert statuses["published"] >= 1500
    assert {"draft", "submitted", "archived"} <= set(statuses)
    assert len({o.name for o in dus.organisations}) >= 150
    assert len({o.organisation_key for o in dus.offers}) >= 150


@pytest.mark.realdata
def test_published_offers_cover_every_life_phase_and_dimension(dus):
    published = [o for o in dus.offers if o.status == "published"]
    phases = Counter(
        p for o in published for p in phases_of(o.pregnancy, o.age_min_months, o.age_max_months)
    )
    assert all(phases[p] >= 40 for p in PHASES), phases
    dimensions = Counter(d for o in published for d in o.dimensions)
    assert all(dimensions[d] >= 100 for d in DIMENSIONS), dimensions


@pytest.mark.realdata
def test_published_offers_lie_in_all_50_stadtteile_and_10_stadtbezirke(dus, dus_areas):
    locations = {loc.key: loc for loc in dus.locations}
    stadtteile = {
        locations[k].area_code
        for o in dus.offers
        if o.status == "published"
        for k in o.location_keys
    }
    assert stadtteile == set(dus_areas)
    assert {code[:2] for code in stadtteile} == {f"{i:02d}" for i in range(1, 11)}


@pytest.mark.realdata
def test_locations_lie_inside_their_stadtteil_polygon(dus, dus_areas):
    polygons = {code: shapely.make_valid(shape(a.geometry)) for code, a in dus_areas.items()}
    for loc in dus.locations:
        point = shapely.Point(loc.longitude, loc.latitude)
        assert polygons[loc.area_code].contains(point), loc
        assert re.fullmatch(r"40\d{3}", loc.postcode)


@pytest.mark.realdata
def test_planted_gaps_have_no_local_offer_of_that_life_phase(dus, dus_areas):
    assert len(dus.planted.gaps) >= 10
    by_name = {a.name: code for code, a in dus_areas.items()}
    assert (by_name["Hafen"], "65plus") in dus.planted.gaps
    assert (by_name["Hassels"], "10-16") in dus.planted.gaps
    groups: dict[str, list[str]] = {}
    for code in dus_areas:
        groups.setdefault(code[:2], []).append(code)
    locations = {loc.key: loc for loc in dus.locations}
    gaps = set(dus.planted.gaps)
    for offer in dus.offers:
        phases = phases_of(offer.pregnancy, offer.age_min_months, offer.age_max_months)
        for area in _local_areas(offer, locations, groups):
            assert not {(area, p) for p in phases} & gaps, offer
    # The gap areas still have offers for other life phases.
    local = {locations[k].area_code for o in dus.offers for k in o.location_keys}
    assert {code for code, _ in gaps} <= local


@pytest.mark.realdata
def test_planted_overlaps_are_one_kind_in_one_area_by_different_providers(dus):
    offers = {o.key: o for o in dus.offers}
    assert len(dus.planted.overlaps) == 6
    oberbilk = dus.planted.overlaps[0]
    assert (oberbilk.area_name, oberbilk.kind, oberbilk.life_phase) == (
        "Oberbilk",
        "babytreff",
        "0-3",
    )
    for cluster in dus.planted.overlaps:
        members = [offers[k] for k in cluster.offer_keys]
        assert len(members) >= 3
        assert len({m.organisation_key for m in members}) == len(members)
        assert (
            len({(m.kind, m.age_min_months, m.age_max_months, m.area_code) for m in members}) == 1
        )
        assert len({tuple(m.target_groups) for m in members}) == 1
        assert all(m.status == "published" for m in members)


@pytest.mark.realdata
def test_planted_duplicates_repeat_an_offer_of_the_same_provider_with_other_spelling(dus):
    offers = {o.key: o for o in dus.offers}
    assert len(dus.planted.duplicates) == 12
    for pair in dus.planted.duplicates:
        original, copy = offers[pair.original_key], offers[pair.duplicate_key]
        assert copy.organisation_key == original.organisation_key
        assert copy.location_keys == original.location_keys
        assert (copy.age_min_months, copy.topics) == (original.age_min_months, original.topics)
        assert copy.title != original.title
        similarity = SequenceMatcher(None, copy.title.lower(), original.title.lower()).ratio()
        assert similarity > 0.8, (original.title, copy.title)
        assert copy.status == original.status == "published"


@pytest.mark.realdata
def test_offer_fields_use_default_taxonomy_codes(dus):
    with TAXONOMY_FILE.open(encoding="utf-8") as handle:
        taxonomy = json.load(handle)
    codes: dict[str, set[str]] = {}

    def walk(vocabulary, items, leaf_only):
        for item in items:
            if item.get("children"):
                walk(vocabulary, item["children"], leaf_only)
                if leaf_only:
                    continue
            codes.setdefault(vocabulary, set()).add(item["code"])

    for vocabulary, items in taxonomy["vocabularies"].items():
        walk(vocabulary, items, leaf_only=vocabulary == "topic")
    transitions = {t["code"] for t in taxonomy["transitions"]}
    fields = {
        "dimensions": "dimension", "participants": "participant", "target_groups": "target_group",
        "topics": "topic", "settings": "setting", "formats": "format", "access": "access",
        "languages": "language", "accessibility": "accessibility", "funding": "funding",
    }  # fmt: skip
    for offer in dus.offers:
        for attr, vocabulary in fields.items():
            assert set(getattr(offer, attr)) <= codes[vocabulary], (offer.key, attr)
        assert offer.prevention_level in codes["prevention_level"]
        assert offer.evidence_programme in codes["evidence_programme"] | {""}
        assert set(offer.transitions) <= transitions


@pytest.mark.realdata
def test_offers_fill_the_offer_record_with_plausible_variety(dus):
    offers = dus.offers
    assert {o.service_area_kind for o in offers} == {"locations", "whole", "areas", "outreach"}
    assert any(o.pregnancy for o in offers)
    assert sum(1 for o in offers if o.evidence_programme) >= 20
    assert sum(1 for o in offers if "ermaessigt-sozialpass" in o.access) >= 100
    assert sum(1 for o in offers if o.capacity_per_year) >= 100
    assert sum(1 for o in offers if o.valid_until) >= 100
    assert sum(1 for o in offers if o.childcare) >= 20
    assert sum(1 for o in offers if o.by_appointment) >= 50
    assert any(len({s.weekday for s in o.sessions}) < len(o.sessions) for o in offers)
    assert sum(1 for o in offers if len(o.languages) > 1) >= 200
    assert all(o.dimensions and o.topics and o.description for o in offers)
    assert all(o.key.startswith("demo-dus-") for o in offers)
    assert all(o.public_phone.startswith("0211 555 ") for o in offers)
    assert all(
        o.public_email.endswith(("beispiel-traeger.de", "beispiel-kommune.de")) for o in offers
    )
    confirmed = [o.last_confirmed_at for o in offers]
    assert min(confirmed) >= REFERENCE_DATE - timedelta(days=549)
    # Most offers are current; some are overdue, so the currency dashboard has work.
    overdue = sum(1 for d in confirmed if d < REFERENCE_DATE - timedelta(days=365))
    assert 0.04 < overdue / len(offers) < 0.2
    # Varied German: many distinct titles, compounds and inflected forms for search.
    assert len({o.title for o in offers}) >= 400
    text = " ".join(o.title + " " + o.description for o in offers)
    for word in ("Familienberatungsstelle", "Erziehungsberatung", "Schuldnerberatung",
                 "Sprachförderung", "Babymassage", "PEKiP-Gruppe", "Hausaufgabenhilfe",
                 "Bewerbungstraining", "Seniorentreff", "Demenzcafé", "Pflegeberatung",
                 "Beratung", "Kita", "Düsselpass"):  # fmt: skip
        assert word in text, word


@pytest.mark.realdata
def test_kreis_dueren_dataset_has_300_published_offers_in_all_15_gemeinden():
    areas = kreis_dueren_areas()
    dataset = _generate(areas, offers=360, region=KREIS_DUEREN)
    assert dataset.status_counts()["published"] >= 300
    assert len(dataset.organisations) >= 40
    locations = {loc.key: loc for loc in dataset.locations}
    used = {locations[k].area_code for o in dataset.offers for k in o.location_keys}
    assert used == {a.code for a in areas}
    assert {loc.city for loc in dataset.locations} >= {"Düren", "Jülich", "Heimbach"}
    text = " ".join(o.description for o in dataset.offers)
    assert "Gut aufwachsen im Kreis Düren" in text
    assert "Düsselpass" not in text
