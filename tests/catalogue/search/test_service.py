"""offer_search on the small world: text, filters, facets, place, refresh, query count.

The expected rankings are written out, so the same test passing on SQLite and on
PostgreSQL proves that both databases give identical results.
"""

from __future__ import annotations

import pytest
from django.http import QueryDict
from pyproj import Geod

from praevnav.catalogue.enums import OfferStatus
from praevnav.catalogue.models import Offer
from praevnav.catalogue.search.params import SearchParams
from praevnav.catalogue.search.service import offer_search
from praevnav.taxonomy.models import Synonym, Term

pytestmark = pytest.mark.django_db


def search(world, qs: str = ""):
    return offer_search(tenant=world["tenant"], params=SearchParams.from_query(QueryDict(qs)))


def titles(result) -> list[str]:
    return [o.title for o in result.offers]


def test_empty_search_lists_visible_offers_freshest_first(world):
    result = search(world)
    assert result.count == 8
    assert "Schuldnerberatung Entwurf" not in titles(result)
    assert "Schuldnerberatung abgelaufen" not in titles(result)
    assert titles(result)[:3] == [
        "Sprachförderung in der Kindertagesstätte",
        "Familienberatungsstelle Bilk",
        "Beratungen für Familien",
    ]


def test_inflection_and_compounds_rank_identically_on_every_database(world):
    # Equal title matches: the fresher confirmation first.
    assert titles(search(world, "q=Beratung")) == [
        "Familienberatungsstelle Bilk",
        "Beratungen für Familien",
        "Schuldnerberatung",
    ]
    assert titles(search(world, "q=Familienberatung")) == [
        "Familienberatungsstelle Bilk",
        "Beratungen für Familien",
    ]


def test_query_compound_finds_the_parts_and_part_finds_the_compound(world):
    assert "Sprachförderung in der Kindertagesstätte" in titles(search(world, "q=Förderung"))
    assert titles(search(world, "q=Kindergarten"))[0] == "Sprachförderung in der Kindertagesstätte"


def test_typo_is_corrected_and_reported(world):
    result = search(world, "q=schuldnerbratung")
    assert titles(result) == ["Schuldnerberatung"]
    assert any("schuldnerberatung" in note for note in result.notes)


def test_planner_added_synonym_row_is_used_and_inactive_one_ignored(world):
    tenant = world["tenant"]
    assert search(world, "q=Zwergentreff").count == 0
    group = Synonym.all_tenants.create(tenant=tenant, terms="Zwergentreff, Seniorentreff")
    assert titles(search(world, "q=Zwergentreff")) == ["Seniorentreff Garath"]
    group.is_active = False
    group.save()
    assert search(world, "q=Zwergentreff").count == 0


def test_stadtteil_name_in_query_filters_by_area(world):
    result = search(world, "q=Beratung+in+Bilk")
    assert set(titles(result)) == {"Familienberatungsstelle Bilk", "Beratungen für Familien"}
    assert result.effective.filters["area"] == ("036",)
    assert result.effective.q == "Beratung"
    assert any("Bilk" in note for note in result.notes)


def test_area_filter_includes_outreach_and_whole_tenant_offers(world):
    found = set(titles(search(world, "area=101")))
    assert found == {
        "Sprachförderung in der Kindertagesstätte",
        "Seniorentreff Garath",
        "Aufsuchende Familienhilfe",
        "Beratungen für Familien",
    }


def test_age_filter_matches_ranges_containing_it_and_pregnant_flag(world):
    assert set(titles(search(world, "age=4"))) == {
        "Familienberatungsstelle Bilk",
        "Sprachförderung in der Kindertagesstätte",
        "Beratungen für Familien",
        "Elternkurs Starke Eltern",
    }
    assert set(titles(search(world, "pregnant=1"))) == {"Hebammensprechstunde"}


def test_facet_counts_are_disjunctive(world):
    result = search(world, "language=tr")
    counts = {v.value: v.count for v in result.facets["language"]}
    assert counts["de"] == 3 and counts["tr"] == 1 and counts["ar"] == 1
    assert next(v for v in result.facets["language"] if v.value == "tr").selected
    dims = {v.value: v.count for v in result.facets["dimension"]}
    assert dims["erziehung"] == 1 and dims["bildung"] == 0


def test_topic_facet_rolls_up_to_the_parent(world):
    topics = {v.value: v for v in search(world).facets["topic"]}
    assert topics["erziehungsberatung"].count == 1
    assert topics["erziehungsberatung"].parent == "erziehung-familie"
    assert topics["erziehung-familie"].count == 2  # Erziehungsberatung + Elternkurs
    assert set(titles(search(world, "topic=erziehung-familie"))) == {
        "Familienberatungsstelle Bilk",
        "Elternkurs Starke Eltern",
    }


def test_open_childcare_and_organisation_facets(world):
    assert titles(search(world, "open=evening")) == ["Seniorentreff Garath"]
    assert titles(search(world, "open=weekday-0")) == ["Familienberatungsstelle Bilk"]
    assert titles(search(world, "childcare=1")) == ["Elternkurs Starke Eltern"]
    org = world["offers"]["schuld"].organisation_id
    assert set(titles(search(world, f"organisation={org}"))) == {
        "Schuldnerberatung",
        "Beratungen für Familien",
        "Elternkurs Starke Eltern",
    }


def test_unknown_code_gives_an_empty_result_not_an_error(world):
    assert search(world, "language=xx").count == 0


def test_page_beyond_the_last_is_empty(world):
    result = search(world, "page=99")
    assert result.count == 8 and result.hits == [] and result.offers == []


def test_distance_sort_and_radius_use_real_metres(world):
    lat, lon = 51.125, 6.725
    result = search(world, f"lat={lat}&lon={lon}&sort=distance&radius=5000")
    geod = Geod(ellps="GRS80")
    assert result.place.area_code == "036"
    distances = [h.distance_m for h in result.hits]
    assert distances == sorted(distances)
    for hit, offer in zip(result.hits, result.offers, strict=True):
        expected = min(
            geod.inv(lon, lat, loc.longitude, loc.latitude)[2] for loc in offer.locations.all()
        )
        assert hit.distance_m == pytest.approx(expected, rel=0.005)
        assert hit.distance_m <= 5000
    all_located = search(world, f"lat={lat}&lon={lon}&sort=distance")
    assert all_located.count == 8
    assert all_located.hits[-1].distance_m is None  # the outreach offer has no location


def test_near_stadtteil_name_resolves_the_place(world):
    result = search(world, "near=Garath&sort=distance&radius=2000")
    assert result.place is not None and result.place.area_code == "101"
    assert set(titles(result)) == {
        "Sprachförderung in der Kindertagesstätte",
        "Seniorentreff Garath",
    }


def test_index_follows_offer_changes(world):
    offer = world["offers"]["senior"]
    assert search(world, "q=Kaffeeklatsch").count == 0
    offer.title = "Kaffeeklatsch am Markt"
    offer.save()
    assert titles(search(world, "q=Kaffeeklatsch")) == ["Kaffeeklatsch am Markt"]
    assert search(world, "q=Demenz").count == 0
    offer.topics.set(Term.all_tenants.filter(tenant=offer.tenant, code="demenz"))
    assert titles(search(world, "q=Demenz")) == ["Kaffeeklatsch am Markt"]
    draft = world["offers"]["draft"]
    draft.status = OfferStatus.PUBLISHED
    draft.save()
    assert "Schuldnerberatung Entwurf" in titles(search(world, "q=Schuldnerberatung"))
    Offer.all_tenants.filter(pk=draft.pk).delete()
    assert "Schuldnerberatung Entwurf" not in titles(search(world, "q=Schuldnerberatung"))


@pytest.mark.parametrize("page_size", [1, 20])
def test_offer_search_query_count_is_bounded(world, django_assert_max_num_queries, page_size):
    qs = f"q=Beratung&language=de&lat=51.12&lon=6.72&page_size={page_size}"
    search(world, qs)  # build the state
    # version + text match + page offers + one UNION of all links + locations
    with django_assert_max_num_queries(5):
        result = search(world, qs)
        for offer in result.offers:
            list(offer.dimensions.all())
            offer.organisation.name
            [a.code for loc in offer.locations.all() for a in loc.areas.all()]


def test_other_tenants_offers_are_never_found(world, other_tenant):
    from factories import OfferFactory

    OfferFactory(tenant=other_tenant, title="Schuldnerberatung woanders")
    assert "Schuldnerberatung woanders" not in titles(search(world, "q=Schuldnerberatung"))


@pytest.mark.parametrize(
    "q",
    ["ƀ", "𩐬 Beratung", "'; DROP TABLE catalogue_searchdoc; --", "<script>x</script>", '"a" OR'],
)
def test_odd_query_text_gives_a_result_not_an_error(world, q):
    result = offer_search(tenant=world["tenant"], params=SearchParams(q=q))
    assert result.count >= 0


def test_prune_drops_index_rows_of_offers_that_are_gone(world):
    from praevnav.catalogue.search.backends import get_backend
    from praevnav.catalogue.search.backends.base import DocRow

    backend = get_backend()
    ghost = DocRow(999_999, world["tenant"].pk, "geist", "", "", "geist")
    backend.write([ghost])
    assert 999_999 in backend.indexed_ids([world["tenant"].pk])
    backend.prune()
    assert 999_999 not in backend.indexed_ids([world["tenant"].pk])
    assert world["offers"]["famb"].pk in backend.indexed_ids([world["tenant"].pk])


def test_page_offers_carry_their_relations_without_queries_and_filter_correctly(
    world, django_assert_num_queries
):
    result = search(world, "q=Familienberatungsstelle")
    offer = result.offers[0]
    with django_assert_num_queries(0):
        codes = [t.code for t in offer.topics.all()]
        languages = sorted(t.code for t in offer.languages.all())
        areas = [a.code for loc in offer.locations.all() for a in loc.areas.all()]
        assert offer.topics.count() == 1 and offer.topics.exists()
    assert codes == ["erziehungsberatung"]
    assert languages == ["de", "tr"]
    assert "036" in areas
    # a refinement queries the database, scoped to this offer like Django's prefetch
    assert list(offer.languages.filter(code="tr").values_list("code", flat=True)) == ["tr"]
    assert list(offer.languages.order_by("-code").values_list("code", flat=True)) == ["tr", "de"]
    assert offer.dimensions.exclude(code="erziehung").count() == 0
