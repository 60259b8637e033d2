"""SearchParams: strict parsing, clear errors naming the parameter, canonical URLs."""

from __future__ import annotations

import pytest
from django.http import QueryDict
from django.utils import translation

from praevnav.catalogue.search.params import FACETS, ParamError, SearchParams


def parse(qs: str) -> SearchParams:
    return SearchParams.from_query(QueryDict(qs))


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("q=" + "a" * 201, "q"),
        ("q=a&q=b", "q"),
        ("near=" + "x" * 201, "near"),
        ("age=abc", "age"),
        ("age=-1", "age"),
        ("age=131", "age"),
        ("age=4.5", "age"),
        ("age_months=1561", "age_months"),
        ("age=3&age_months=40", "age_months"),
        ("pregnant=2", "pregnant"),
        ("childcare=maybe", "childcare"),
        ("language=%3Cscript%3E", "language"),
        ("topic=a%20b", "topic"),
        ("topic=" + "x" * 61, "topic"),
        ("organisation=abc", "organisation"),
        ("area=%27%3B%20DROP%20TABLE", "area"),
        ("open=weekday-7", "open"),
        ("open=monday", "open"),
        ("lat=51.2", "lon"),
        ("lon=6.7", "lat"),
        ("lat=91&lon=6", "lat"),
        ("lat=51&lon=181", "lon"),
        ("lat=nan&lon=6", "lat"),
        ("lat=1e3&lon=6", "lat"),
        ("radius=99", "radius"),
        ("radius=50001", "radius"),
        ("radius=1km", "radius"),
        ("sort=price", "sort"),
        ("sort=relevance&sort=title", "sort"),
        ("page=0", "page"),
        ("page=-3", "page"),
        ("page=100001", "page"),
        ("page=x", "page"),
        ("page_size=0", "page_size"),
        ("page_size=101", "page_size"),
        ("&".join(f"language=l{i}" for i in range(51)), "language"),
    ],
)
def test_bad_parameter_raises_param_error_naming_it(query, field):
    with pytest.raises(ParamError) as info:
        parse(query)
    assert info.value.field == field
    with translation.override("en"):
        assert f"“{field}”" in info.value.message or field in ("lat", "lon", "age_months")
    with translation.override("de"):
        assert field in info.value.message or field in ("lat", "lon", "age_months")


def test_param_error_message_is_translatable_and_names_the_limit():
    with pytest.raises(ParamError) as info:
        parse("page_size=500")
    with translation.override("en"):
        assert info.value.message == "“page_size” must be between 1 and 100."


def test_empty_values_count_as_absent_like_an_empty_form_field():
    params = parse("q=&age=&lat=&lon=&radius=&sort=&page=&language=&near=")
    assert params == SearchParams()


def test_unknown_parameters_and_codes_are_accepted():
    params = parse("tenant=duesseldorf&csrfmiddlewaretoken=x&language=xx")
    assert params.filters == {"language": ("xx",)}


def test_parse_reads_every_parameter_of_the_contract():
    params = parse(
        "q=Kita+Bilk&age=4&pregnant=1&life_phase=3-6&dimension=bildung&transition=x"
        "&prevention_level=universell&target_group=alleinerziehende&topic=sprachfoerderung"
        "&setting=schule&format=kurs&access=kostenlos&language=tr&language=ar"
        "&accessibility=stufenlos&childcare=1&organisation=12&area=036&open=weekday-2"
        "&open=evening&near=Bilk&lat=51.2&lon=6.78&radius=2000&sort=distance&page=3&page_size=50"
    )
    assert params.q == "Kita Bilk"
    assert params.age_months == 48
    assert params.pregnant is True
    assert set(params.filters) == set(FACETS)
    assert params.filters["language"] == ("ar", "tr")
    assert params.filters["childcare"] == ("1",)
    assert (params.lat, params.lon, params.radius_m) == (51.2, 6.78, 2000)
    assert (params.sort, params.page, params.page_size) == ("distance", 3, 50)


def test_age_months_is_kept_when_not_whole_years():
    assert parse("age_months=18").age_months == 18
    assert parse("age_months=18").to_query() == "age_months=18"
    assert parse("age_months=24").to_query() == "age=2"


def test_to_query_is_canonical_and_round_trips():
    params = parse("language=tr&q=Beratung&language=ar&page=2&sort=relevance")
    assert params.to_query() == "q=Beratung&language=ar&language=tr&page=2"
    assert parse(params.to_query()) == params


def test_to_query_applies_changes_to_fields_and_single_facets():
    params = parse("q=Kita&language=tr&page=4")
    assert params.to_query(page=1) == "q=Kita&language=tr"
    assert params.to_query(language=["de", "tr"], page=1) == "q=Kita&language=de&language=tr"
    assert params.to_query(language=()) == "q=Kita&page=4"


def test_query_text_is_collapsed_and_stripped_of_control_characters():
    assert parse("q=%00Kita%09%0A++Bilk").q == "Kita Bilk"
