"""The German analyser: normalisation, stems, compounds, synonyms, typos, area names."""

from __future__ import annotations

from praevnav.catalogue.search.analysis import Lexicon, fold, index_tokens, stem, words
from praevnav.catalogue.search.query import QueryContext, damerau


def context(extra_words=(), synonyms=(), areas=()):
    vocabulary = {
        "familienberatungsstelle": 3, "schuldnerberatung": 5, "beratung": 20,
        "kindertagesstatte": 2, "senioren": 4, "eltern": 9, "sprachforderung": 2,
        "hausaufgabenhilfe": 2, "garath": 2, "bilk": 3,
    }  # fmt: skip
    vocabulary.update({w: 1 for w in extra_words})
    tokens = {t for w in vocabulary for t in index_tokens(w, Lexicon())}
    return QueryContext(
        word_freq=vocabulary,
        tokens=tokens,
        lexicon_words=(),
        synonym_groups=synonyms,
        area_names=areas,
    )


def alternatives(ctx, text):
    return [
        sorted(a.tokens for a in concept.alternatives) for concept in ctx.analyse(text).concepts
    ]


def test_fold_lowercases_and_folds_umlauts_and_sharp_s():
    assert fold("Straße ÄÖÜ  Café") == "strasse aou cafe"


def test_inflected_forms_share_the_stem():
    assert stem("Beratungen") == stem("Beratung")
    assert stem("Kindergärten") == stem("Kindergarten")
    assert stem("Familien") == stem("Familie")
    assert stem("Zentren") == stem("Zentrum")
    assert stem("Kitas") == stem("Kita")


def test_umlaut_spelled_as_ae_matches_the_umlaut():
    assert stem("Kindertagesstaette") == stem("Kindertagesstätte")


def test_compound_is_decomposed_with_linking_elements():
    lexicon = Lexicon()
    assert lexicon.split("familienberatungsstelle") == ("familien", "beratung", "stelle")
    assert lexicon.split("hausaufgabenhilfe") == ("haus", "aufgaben", "hilfe")
    assert lexicon.split("beratung") is None


def test_document_compound_is_indexed_with_its_parts():
    tokens = index_tokens("Familienberatungsstelle", Lexicon())
    assert stem("Familienberatungsstelle") in tokens
    assert {stem("Familie"), stem("Beratung"), stem("Stelle")} <= set(tokens)


def test_query_compound_matches_its_parts_in_any_order():
    ctx = context()
    [alts] = alternatives(ctx, "Familienberatung")
    assert (stem("Familienberatung"),) in alts
    assert (stem("Familie"), stem("Beratung")) in alts


def test_hyphenated_words_give_joined_word_and_parts():
    assert words("Eltern-Kind-Gruppe") == [["elternkindgruppe", "eltern", "kind", "gruppe"]]


def test_stopwords_are_dropped():
    assert words("Beratung für die Eltern") == [["beratung"], ["eltern"]]


def test_synonym_group_expands_a_word():
    ctx = context(synonyms=[["Kita", "Kindertagesstätte", "Kindergarten"]])
    [alts] = alternatives(ctx, "Kita")
    assert (stem("Kindertagesstätte"),) in alts and (stem("Kindergarten"),) in alts


def test_multiword_synonym_phrase_is_one_concept():
    ctx = context(synonyms=[["Senioren", "ältere Menschen"]])
    [alts] = alternatives(ctx, "ältere Menschen")
    assert (stem("Senioren"),) in alts
    assert (stem("ältere"), stem("Menschen")) in alts


def test_typo_is_corrected_to_the_nearest_indexed_word_and_noted():
    ctx = context()
    result = ctx.analyse("schuldnerbratung")
    assert (stem("Schuldnerberatung"),) in [a.tokens for a in result.concepts[0].alternatives]
    assert any("schuldnerberatung" in note for note in result.notes)


def test_existing_word_is_never_corrected():
    ctx = context(extra_words=["beratungen", "beraten"])
    result = ctx.analyse("beraten")
    assert result.notes == []
    assert result.concepts[0].alternatives[0].tokens == (stem("beraten"),)


def test_short_unknown_word_is_not_corrected():
    ctx = context(extra_words=["bild"])
    assert ctx.analyse("bilf").notes == []


def test_damerau_counts_a_transposition_as_one_edit():
    assert damerau("beartung", "beratung", 2) == 1
    assert damerau("schuldnerbratung", "schuldnerberatung", 2) == 1


def test_stadtteil_name_becomes_an_area_filter_and_leaves_the_text():
    ctx = context(areas=[("036", "Bilk", "stadtteil"), ("037", "Flingern-Nord", "stadtteil")])
    result = ctx.analyse("Beratung in Flingern Nord und Bilk")
    assert result.area_codes == ["037", "036"]
    assert [c.text for c in result.concepts] == ["beratung"]
    assert result.remaining == "Beratung"
    assert len(result.notes) == 2


def test_tokens_are_ascii_even_for_other_scripts():
    for word in ("ƀ", "𩐬", "Русский", "العربية", "Türkçe"):
        token = stem(word)
        assert token.isascii() and token.isalnum()
    assert stem("Türkçe") == "turkc"
