"""Duplicate records and Doppelstrukturen: normalisation, blocking, scoring, grouping,
and the planted structure of the Düsseldorf demo generator (no database needed)."""

from __future__ import annotations

import random
from dataclasses import replace

import numpy as np
import pytest
from django.utils import translation

from catalogue.demo_fixtures import REFERENCE_DATE, duesseldorf_areas
from praevnav.catalogue.demo.generator import generate_dataset
from praevnav.catalogue.demo.providers import DUESSELDORF
from praevnav.planning.duplicates import (
    OfferFeatures,
    candidate_pairs,
    duplicate_pairs,
    overlap_groups,
    prepare,
    reduction,
)
from praevnav.planning.duplicates_demo import features_from_dataset
from praevnav.planning.duplicates_reasons import reason_text, reasons_with_text
from praevnav.planning.text_norm import (
    fold,
    norm_email,
    norm_phone,
    norm_street,
    norm_url,
    number_tokens,
    sorted_token_key,
)

# --- normalisation ------------------------------------------------------------------


@pytest.mark.parametrize(
    "street",
    [
        "Kölner Straße 5a",
        "Kölner Str. 5a",
        "Kölner Strasse 5 a",
        "Koelner Str 5A",
        "kölner straße 5a",
    ],
)
def test_norm_street_folds_strasse_spellings_and_house_number(street):
    assert norm_street(street) == "koelnerstrasse5a"


def test_norm_street_keeps_different_house_numbers_apart():
    assert norm_street("Hauptstr. 12") != norm_street("Hauptstraße 14")
    assert norm_street("Am Strand 3") == "amstrand3"  # "Str" inside a word stays


@pytest.mark.parametrize(
    "phone",
    ["+49 211 8912345", "0049 (0)211 8912345", "(0211) 89 12 345", "0211/8912345", "0211-8912345",
     "+49 (0)211 89-12345"],
)  # fmt: skip
def test_norm_phone_gives_national_digits(phone):
    assert norm_phone(phone) == "02118912345"


def test_norm_phone_keeps_foreign_numbers_and_drops_fragments():
    assert norm_phone("+31 20 1234567") == "0031201234567"
    assert norm_phone("12") == ""
    assert norm_phone(None) == ""


def test_norm_url_and_email_ignore_scheme_www_slash_and_case():
    assert {norm_url(u) for u in ["https://www.Caritas.de/kurs/", "http://caritas.de/kurs",
                                  "www.caritas.de/kurs?utm=1"]} == {"caritas.de/kurs"}  # fmt: skip
    assert norm_email(" MAILTO:Info@Caritas.DE ") == "info@caritas.de"
    assert norm_email("keine Adresse") == ""


def test_fold_and_sorted_token_key_handle_umlauts_and_word_order():
    assert fold("Straße für Söhne – Café") == "strasse fuer soehne cafe"
    assert sorted_token_key("Kurs für Eltern") == sorted_token_key("Eltern-Kurs für")
    assert number_tokens("Deutschkurs A1 (2025)") == {"a1", "2025"}


# --- building blocks --------------------------------------------------------------


def _offer(i, title, **kw):
    defaults = dict(
        id=i,
        external_id=f"x-{i}",
        title=title,
        description=kw.pop("description", f"Ein Angebot mit dem Titel {title}."),
        organisation_name=kw.pop("organisation_name", f"Träger {i}"),
        organisation_id=kw.pop("organisation_id", 1000 + i),
        address=kw.pop("address", f"Teststraße {i}"),
        phones=kw.pop("phones", (f"0211 {100000 + i}",)),
        emails=kw.pop("emails", (f"info{i}@example.org",)),
        urls=kw.pop("urls", (f"https://example.org/{i}",)),
        lat=kw.pop("lat", 51.2 + i * 0.001),
        lon=kw.pop("lon", 6.78),
    )
    return OfferFeatures(**{**defaults, **kw})


BABY = _offer(
    1,
    "Babymassage für Eltern mit Säuglingen",
    description=(
        "In der Babymassage lernen Eltern, ihr Baby sanft zu massieren. Der Kurs stärkt "
        "die Bindung und hilft bei Unruhe. Bitte bringen Sie ein Handtuch mit."
    ),
    organisation_name="Familienzentrum Sonnenblume e. V.",
    organisation_id=7,
    address="Kölner Straße 5",
    phones=("0211 555 12 34",),
    emails=("kurse@sonnenblume.de",),
    urls=("https://www.sonnenblume.de/babymassage",),
)


def _pair_found(features, a_id, b_id):
    return any({m.a, m.b} == {a_id, b_id} for m in duplicate_pairs(features))


def _noise(n=60, seed=5):
    """Unrelated offers so that TF-IDF weights are realistic."""
    words = [
        "Sprachcafé",
        "Hausaufgabenhilfe",
        "Seniorentreff",
        "Schuldnerberatung",
        "Jugendtreff",
        "Elterncafé",
        "Lernhilfe",
        "Stadtteilfest",
        "Yoga",
        "Schwimmkurs",
    ]
    rng = random.Random(seed)
    return [
        _offer(
            100 + i,
            f"{rng.choice(words)} {rng.choice(['am Abend', 'für alle', 'im Quartier', ''])}",
            description=f"{rng.choice(words)} mit Angeboten für {rng.choice(words)}.",
        )
        for i in range(n)
    ]


@pytest.mark.parametrize(
    "change",
    [
        {"title": "Babymassgae für Eltern mit Säuglingen"},  # swapped letters
        {"title": "Babymasage für Eltern mit Säuglingen"},  # dropped letter
        {"title": "Für Eltern mit Säuglingen: Babymassage"},  # reordered words
        {"title": "Baby-Massage für Eltern mit Säuglingen"},  # hyphenated compound
        {"address": "Kölner Str. 5", "title": "Babymassage für Eltern mit Sauglingen"},
        {"phones": ("+49 211 5551234",), "emails": (), "urls": ()},
        {"phones": ("(0211) 555 12 34",), "address": "Koelner Strasse 5"},
        {"urls": ("http://sonnenblume.de/babymassage/",), "phones": ()},
        {"emails": ("KURSE@SONNENBLUME.DE",), "lat": None, "lon": None},
        {"organisation_id": 99, "organisation_name": "Familienzentrum Sonnenblume e.V."},
    ],
)
def test_duplicate_pairs_detects_each_perturbation(change):
    copy = replace(BABY, id=2, external_id="copy", **change)
    features = [BABY, *_noise(), copy]
    assert _pair_found(features, 1, 2)


def test_duplicate_pairs_keeps_different_courses_of_one_provider_apart():
    """Same Familienzentrum, same address, phone, e-mail: different titles are two
    offers, and so are courses differing only in their level."""
    common = dict(
        organisation_name=BABY.organisation_name,
        organisation_id=7,
        address=BABY.address,
        phones=BABY.phones,
        emails=BABY.emails,
        lat=BABY.lat,
        lon=BABY.lon,
    )
    pekip = _offer(2, "PEKiP – Prager-Eltern-Kind-Programm", description=(
        "Im PEKiP treffen sich Eltern mit ihren Babys im ersten Lebensjahr zum Spielen "
        "und Bewegen."), **common)  # fmt: skip
    german_a1 = _offer(3, "Deutschkurs für Mütter A1", description="Deutsch lernen.", **common)
    german_a2 = _offer(4, "Deutschkurs für Mütter A2", description="Deutsch lernen.", **common)
    matches = duplicate_pairs([BABY, pekip, german_a1, german_a2, *_noise()])
    pairs = [{m.a, m.b} for m in matches]
    assert {1, 2} not in pairs
    assert {3, 4} not in pairs


def test_duplicate_pairs_keeps_same_course_at_two_places_apart():
    elsewhere = replace(
        BABY, id=2, address="Benrather Schlossallee 100", lat=51.16, lon=6.87,
        phones=("0211 555 99 99",), emails=(),
    )  # fmt: skip
    assert not _pair_found([BABY, elsewhere, *_noise()], 1, 2)


def test_duplicate_pairs_reasons_are_codes_with_values_and_render_as_text():
    copy = replace(BABY, id=2, title="Babymassage für Eltern mit Säuglngen")
    match = next(m for m in duplicate_pairs([BABY, copy, *_noise()]) if {m.a, m.b} == {1, 2})
    codes = {r["code"]: r["value"] for r in match.reasons}
    assert codes["same_phone"] == "02115551234"
    assert codes["same_organisation"] == "Familienzentrum Sonnenblume e. V."
    assert 0.7 < codes["title_similar"] < 1.0
    assert 0.0 <= match.score <= 1.0
    with translation.override("en"):
        texts = reasons_with_text(match.reasons)
    assert {"code": "same_phone", "value": "02115551234",
            "text": "Same phone number (02115551234)"} in texts  # fmt: skip
    assert reason_text({"code": "unknown", "value": 3}) == "unknown: 3"


def test_candidate_pairs_never_compares_all_pairs_on_two_thousand_offers(dus_features):
    features = dus_features[:2000]
    n = len(features)
    candidates = candidate_pairs(features)
    assert candidates.shape[1] == 2
    assert (candidates[:, 0] < candidates[:, 1]).all()
    assert len(candidates) < n * n / 2 / 100  # far below all pairs
    assert len(np.unique(candidates, axis=0)) == len(candidates)


def test_candidate_pairs_of_tiny_inputs_are_empty():
    assert candidate_pairs([]).shape == (0, 2)
    assert candidate_pairs([BABY]).shape == (0, 2)
    assert duplicate_pairs([BABY]) == []
    assert overlap_groups([BABY]) == []


def test_reduction_is_share_of_pairs_not_compared():
    assert reduction(1000, 0) == 1.0
    assert reduction(1000, 499_500) == 0.0
    assert reduction(1, 0) == 1.0


# --- overlaps ---------------------------------------------------------------------------

TREFF_TEXT = (
    "Im Babytreff treffen sich Eltern mit Babys und Kleinkindern zum Spielen, Singen "
    "und Austauschen. Eine Fachkraft beantwortet Fragen zu Schlaf und Ernährung."
)


def _treff(i, org, *, area="037", phase="0-3", topics=("bindung",), targets=("zugewandert",),
           title="Babytreff", description=TREFF_TEXT):  # fmt: skip
    return _offer(
        i, title, description=description, organisation_id=org,
        organisation_name=f"Anbieter {'ABCDEFGH'[org]}", life_phases=frozenset({phase}),
        topics=frozenset(topics), target_groups=frozenset(targets), areas=frozenset({area}),
    )  # fmt: skip


def test_overlap_groups_joins_different_providers_in_same_area_and_phase():
    features = [
        _treff(1, 1),
        _treff(2, 2, title="Krabbelgruppe für Familien"),
        _treff(3, 3, title="Eltern-Baby-Treff", topics=("bindung", "gesundheit")),
        *_noise(),
    ]
    groups = overlap_groups(features)
    assert [(g.offers, g.area_code, g.life_phase) for g in groups] == [((1, 2, 3), "037", "0-3")]
    codes = {r["code"]: r["value"] for r in groups[0].reasons}
    assert codes["different_providers"] == 3
    assert 0 < groups[0].score <= 1


@pytest.mark.parametrize(
    "other",
    [
        {"org": 1},  # same provider: not a Doppelstruktur
        {"area": "038"},  # another area
        {"phase": "65plus"},  # another life phase
        {"topics": ("sprache",)},  # other topic
        {"targets": ("senioren",)},  # other target group
        {"description": "Schuldnerberatung für Haushalte mit Mietschulden und Inkasso."},
    ],
)
def test_overlap_groups_requires_other_provider_same_area_phase_topic_target_and_text(other):
    second = _treff(2, other.pop("org", 2), **other)
    assert overlap_groups([_treff(1, 1), second, *_noise()]) == []


def test_overlap_groups_leaves_out_duplicate_records():
    """One provider registered twice enters the same offer: a duplicate, not an overlap."""
    first = _treff(1, 1)
    twin = replace(_treff(2, 2), organisation_name=first.organisation_name)
    assert overlap_groups([first, twin, *_noise()]) == []
    # and given duplicates are excluded too
    other = _treff(2, 2)
    from praevnav.planning.duplicates import DuplicateMatch

    assert overlap_groups([first, other], duplicates=[DuplicateMatch(1, 2, 0.9)]) == []


# --- the Düsseldorf demo -------------------------------------------------------------------


@pytest.fixture(scope="module")
def dus_dataset():
    areas = duesseldorf_areas()
    dataset = generate_dataset(
        region=DUESSELDORF, areas=areas, offers=1720, seed=2024, reference_date=REFERENCE_DATE
    )
    return dataset, features_from_dataset(dataset, areas=areas)


@pytest.fixture(scope="module")
def dus_features(dus_dataset):
    return dus_dataset[1]


def test_demo_planted_duplicates_are_found(dus_dataset):
    dataset, features = dus_dataset
    ids = {f.external_id: f.id for f in features}
    found = {frozenset((m.a, m.b)) for m in duplicate_pairs(features)}
    planted = [
        frozenset((ids[p.original_key], ids[p.duplicate_key])) for p in dataset.planted.duplicates
    ]
    assert len(planted) == 12
    recall = sum(p in found for p in planted) / len(planted)
    assert recall >= 0.85


def test_demo_planted_overlaps_are_found(dus_dataset):
    dataset, features = dus_dataset
    ids = {f.external_id: f.id for f in features}
    groups = overlap_groups(features)
    hit = total = 0
    for cluster in dataset.planted.overlaps:
        members = {ids[k] for k in cluster.offer_keys}
        total += len(members) * (len(members) - 1) // 2
        for g in groups:
            if g.area_code == cluster.area_code and g.life_phase == cluster.life_phase:
                inside = len(members & set(g.offers))
                hit += inside * (inside - 1) // 2
    assert len(dataset.planted.overlaps) == 6
    assert hit / total >= 0.85


def test_demo_detection_is_deterministic(dus_dataset):
    _, features = dus_dataset
    first = duplicate_pairs(features)
    second = duplicate_pairs(list(features))
    assert first == second  # same input, same matches in the same order
    assert [m.score for m in first] == sorted((m.score for m in first), reverse=True)
    shuffled = list(features)
    random.Random(3).shuffle(shuffled)
    assert {frozenset((m.a, m.b)) for m in duplicate_pairs(shuffled)} == {
        frozenset((m.a, m.b)) for m in first
    }
    prep = prepare(features)
    assert overlap_groups(features, prepared=prep) == overlap_groups(features)
