"""Facet groups and chips of the search form (pure, no database)."""

from __future__ import annotations

from praevnav.catalogue.forms_search import active_chips, facet_groups
from praevnav.catalogue.search.params import SearchParams
from praevnav.catalogue.search.service import FacetValue


def providers(n: int, selected: str = "") -> list[FacetValue]:
    return [FacetValue(str(i), f"Träger {i}", 100 - i, str(i) == selected) for i in range(1, n + 1)]


def areas() -> list[FacetValue]:
    """City › 2 boroughs › 2 districts each › 1 social area each."""
    out = [FacetValue("1", "Stadt", 9, False, 0, None)]
    for b in ("01", "02"):
        out.append(FacetValue(b, f"Bezirk {b}", 4, False, 1, "1"))
        for t in ("1", "2"):
            out.append(FacetValue(b + t, f"Teil {b}{t}", 2, False, 2, b))
            out.append(FacetValue(b + t + "1", f"Raum {b}{t}", 1, b + t == "012", 3, b + t))
    return out


def test_long_provider_list_shows_the_top_values_and_a_link_for_the_rest():
    group = facet_groups({"organisation": providers(30)})[0]

    assert [n.value.value for n in group.visible] == [str(i) for i in range(1, 9)]
    assert group.more == [] and group.hidden_count == 22


def test_a_chosen_provider_in_the_tail_stays_visible():
    group = facet_groups({"organisation": providers(30, selected="25")})[0]

    assert group.visible[-1].value.value == "25"
    assert group.hidden_count == 21


def test_expanded_provider_list_shows_everything_in_an_open_details():
    group = facet_groups({"organisation": providers(30)}, expand="organisation")[0]

    assert len(group.visible) + len(group.more) == 30
    assert group.more_open and group.hidden_count == 0


def test_area_tree_drops_the_single_root_and_shows_two_levels():
    group = facet_groups({"area": areas()})[0]

    assert [n.value.label for n in group.visible] == ["Bezirk 01", "Bezirk 02"]
    assert [c.value.label for c in group.visible[0].children] == ["Teil 011", "Teil 012"]
    # Social areas are left out, except a chosen one.
    assert group.visible[0].children[0].children == []
    assert [c.value.label for c in group.visible[0].children[1].children] == ["Raum 012"]
    assert group.hidden_count == 3


def test_zero_count_values_are_hidden_unless_chosen():
    values = [
        FacetValue("tr", "Türkisch", 0, False),
        FacetValue("ar", "Arabisch", 0, True),
        FacetValue("de", "Deutsch", 3, False),
    ]
    group = facet_groups({"language": values})[0]

    assert [n.value.value for n in group.visible] == ["ar", "de"]


def test_chips_remove_one_value_and_reset_the_page():
    params = SearchParams.from_query({"language": ["tr", "ar"], "age": ["4"], "page": ["3"]})
    facets = {
        "language": [FacetValue("tr", "Türkisch", 1, True), FacetValue("ar", "Arabisch", 1, True)]
    }

    chips = {c.label: c.remove_query for c in active_chips(params, facets)}

    assert (
        chips["Sprache: Türkisch"] == "age=4&language=ar"
        or chips.get("Language: Türkisch") == "age=4&language=ar"
    )
    assert len(chips) == 3
    assert all("page=" not in q for q in chips.values())
