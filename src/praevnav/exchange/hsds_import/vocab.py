"""Which HSDS taxonomy terms are ours, and how HSDS languages map to our language codes.

Our HSDS export names its taxonomies ``praevnav:<vocabulary>`` (see
``exchange.hsds.vocabularies``). A term of such a taxonomy is one of our codes and goes
into ``OfferRecord.codes`` under the offer field; ``praevnav:field`` terms carry offer
fields HSDS has no column for; ``praevnav:life_phase`` is derived from the age range and
ignored. Every other taxonomy is foreign and kept as an external term.
"""

from __future__ import annotations

import json
from functools import cache

from praevnav.taxonomy.services import DEFAULT_TAXONOMY_FILE

PREFIX = "praevnav:"
FIELD_TAXONOMY = "field"
LIFE_PHASE_TAXONOMY = "life_phase"

# Our vocabulary (HSDS taxonomy name after the prefix) → the offer field of its codes.
VOCABULARY_FIELDS = {
    "dimension": "dimensions",
    "prevention_level": "prevention_level",
    "participant": "participants",
    "target_group": "target_groups",
    "topic": "topics",
    "setting": "settings",
    "format": "formats",
    "access": "access_options",
    "language": "languages",
    "accessibility": "accessibility",
    "funding": "funding_programmes",
    "evidence_programme": "evidence_programme",
    "transition": "transitions",
}

# Taxonomy under which languages our vocabulary does not ship are kept as external terms,
# so that a planner can map them (e.g. to a language the tenant added).
LANGUAGE_TAXONOMY = "ISO 639"

# ISO 639-2/3 codes of the languages we ship (639-1) that HSDS files may use instead.
_THREE_LETTER = {
    "deu": "de",
    "ger": "de",
    "eng": "en",
    "tur": "tr",
    "ara": "ar",
    "rus": "ru",
    "ukr": "uk",
    "pol": "pl",
    "fas": "fa",
    "per": "fa",
    "prs": "fa",
    "ron": "ro",
    "rum": "ro",
    "bul": "bg",
    "ell": "el",
    "gre": "el",
    "ita": "it",
    "spa": "es",
    "fra": "fr",
    "fre": "fr",
    "kur": "ku",
    "kmr": "ku",
    "ckb": "ku",
    "tir": "ti",
    "sqi": "sq",
    "alb": "sq",
    "jpn": "ja",
    "zho": "zh",
    "chi": "zh",
    "gsg": "sgn-de",
    "urd": "ur",
}


@cache
def shipped_languages() -> dict[str, str]:
    """Our shipped language codes and, for matching by name, their lower-cased names
    (German and English) → code."""
    with DEFAULT_TAXONOMY_FILE.open(encoding="utf-8") as handle:
        terms = json.load(handle)["vocabularies"]["language"]
    by_key: dict[str, str] = {}
    for term in terms:
        by_key[term["code"].lower()] = term["code"]
        for name in (term.get("name"), term.get("name_en")):
            if name:
                by_key[name.lower()] = term["code"]
    return by_key


def language_code(code: str, name: str) -> str | None:
    """Our language code for an HSDS language (by code, then by name), or None."""
    known = shipped_languages()
    key = code.strip().lower().replace("_", "-")
    key = _THREE_LETTER.get(key, key)
    if key in known:
        return known[key]
    base = key.split("-")[0]
    if base in known and base != "sgn":
        return known[base]
    return known.get(name.strip().lower())


def our_taxonomy(names: list[str]) -> str | None:
    """The key of our taxonomy (``dimension``, ``field`` …) among the given names."""
    for name in names:
        if name.lower().startswith(PREFIX):
            key = name[len(PREFIX) :].strip().lower()
            if key in VOCABULARY_FIELDS or key in (FIELD_TAXONOMY, LIFE_PHASE_TAXONOMY):
                return key
    return None
