"""The search page /angebote/: facets with counts, filters, shareable URLs, htmx, bad input."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from factories import OfferFactory

pytestmark = pytest.mark.django_db

URL = "/angebote/"


def result_titles(html: str) -> list[str]:
    """Titles of the listed results, in order."""
    return [
        unescape(t) for t in re.findall(r'class="pn-result__title"[^>]*><a [^>]*>([^<]+)</a>', html)
    ]


def facet_label(html: str, key: str, value: str) -> str:
    """The label text of one facet checkbox (e.g. “Türkisch (2)”), or "" if not shown."""
    match = re.search(
        rf'<label><input type="checkbox" name="{key}" value="{re.escape(value)}"'
        r"(?: checked)?> ([^<]+)</label>",
        html,
    )
    return unescape(match.group(1)) if match else ""


def facet_checked(html: str, key: str, value: str) -> bool:
    return f'name="{key}" value="{value}" checked>' in html


def test_search_url_name_is_the_german_path():
    assert reverse("catalogue:search") == URL


def test_search_lists_only_published_valid_offers_of_the_tenant(client, catalogue):
    html = client.get(URL).content.decode()

    assert sorted(result_titles(html)) == sorted(o.title for o in catalogue.published)
    for hidden in (catalogue.draft, catalogue.expired, catalogue.foreign):
        assert hidden.title not in html


def test_facet_counts_match_the_data(client, catalogue):
    html = client.get(URL).content.decode()

    # Turkish: Elterncafé, Familienberatung, Hebammensprechstunde.
    assert facet_label(html, "language", "tr") == "Türkisch (3)"
    assert facet_label(html, "language", "ar") == "Arabisch (1)"
    assert facet_label(html, "language", "de") == "Deutsch (5)"
    # Values without matches are not offered (Russian is in the vocabulary).
    assert facet_label(html, "language", "ru") == ""
    assert facet_label(html, "access", "kostenlos") == "Kostenlos (2)"
    assert facet_label(html, "life_phase", "0-3") == "0–3 Jahre (2)"
    assert facet_label(html, "childcare", "1").endswith("(1)")
    # Topics as a tree: the subtopic sits inside its parent's list item.
    assert re.search(
        r'value="fruehe-hilfen"> Frühe Hilfen \(1\)</label><ul><li><label><input [^>]*'
        r'value="babytreff"> Eltern-Baby-Treff \(1\)</label>',
        html,
    )
    # Areas: the single Stadtbezirk (all of the city here) gives way to its Stadtteile.
    assert facet_label(html, "area", "036") == "Bilk (3)"
    assert facet_label(html, "area", "037") == "Flingern (2)"


def test_every_facet_group_is_a_fieldset_with_a_legend(client, catalogue):
    html = client.get(URL).content.decode()

    legends = re.findall(r'<legend class="pn-facet__legend">([^<]+)</legend>', html)
    fieldsets = html.count('<fieldset class="pn-facet">')
    assert fieldsets == len(legends) >= 8


def test_filters_narrow_the_results_and_counts(client, catalogue):
    html = client.get(URL, {"language": "tr", "age": "2"}).content.decode()

    assert sorted(result_titles(html)) == ["Elterncafé Bilk", "Familienberatung Bilk"]
    assert facet_checked(html, "language", "tr")
    # Disjunctive counts: other languages still show what choosing them would add.
    assert facet_label(html, "language", "en") == "Englisch (1)"
    assert "2 offers found" in html or "2 Angebote gefunden" in html


def test_pregnancy_filter(client, catalogue):
    html = client.get(URL, {"pregnant": "1"}).content.decode()

    assert result_titles(html) == ["Hebammensprechstunde"]


def test_near_a_stadtteil_shows_distances_and_sorts_by_distance(client, catalogue):
    html = client.get(URL, {"near": "Flingern", "sort": "distance"}).content.decode()

    titles = result_titles(html)
    assert titles[:2] == ["Seniorentreff Flingern", "Sprachförderung Flingern"] or titles[:2] == [
        "Sprachförderung Flingern",
        "Seniorentreff Flingern",
    ]
    assert re.search(r"<dd>\d+ m</dd>", html)


def test_share_url_round_trips(client, catalogue):
    first = client.get(URL, {"language": ["tr", "de"], "age": "2", "sort": "title"})
    query = re.search(r'id="search-results-body" data-query="([^"]*)"', first.content.decode())
    canonical = unescape(query.group(1))

    again = client.get(f"{URL}?{canonical}")

    assert canonical == "age=2&language=de&language=tr&sort=title"
    assert result_titles(again.content.decode()) == result_titles(first.content.decode())


def test_form_submission_with_empty_fields_redirects_to_the_tidy_url(client, catalogue):
    response = client.get(URL, {"q": "", "age": "2", "near": "", "radius": "", "sort": "relevance"})

    assert response.status_code == 302
    assert response["Location"] == f"{URL}?age=2"


def test_chips_link_to_the_search_without_that_filter(client, catalogue):
    html = client.get(URL, {"language": ["tr", "de"], "age": "2"}).content.decode()

    chips = re.findall(r'<a class="pn-chip" href="\?([^"]*)">([^<]+)<', html)
    by_label = {unescape(label): unescape(href) for href, label in chips}
    assert by_label["Sprache: Türkisch"] == "age=2&language=de"
    assert by_label["Sprache: Deutsch"] == "age=2&language=tr"
    assert len(chips) == 3


def test_htmx_request_gets_only_the_results_partial(client, catalogue):
    response = client.get(URL, {"language": "tr"}, headers={"HX-Request": "true"})
    html = response.content.decode()

    assert response.status_code == 200
    assert "<html" not in html and "<header" not in html
    assert html.lstrip().startswith('<div id="search-results-body"')
    assert 'id="search-status" hx-swap-oob="innerHTML"' in html
    assert 'id="search-facets" class="pn-facets" hx-swap-oob="true"' in html
    assert response["HX-Push-Url"] == f"{URL}?language=tr"


def test_htmx_request_from_the_form_leaves_the_typed_fields_alone(client, catalogue):
    html = client.get(
        URL, {"q": "Eltern"}, headers={"HX-Request": "true", "HX-Trigger": "search-form"}
    ).content.decode()

    assert 'id="search-fields"' not in html


def test_table_view_lists_offer_district_and_address(client, catalogue):
    html = client.get(URL, {"view": "table", "near": "Bilk"}).content.decode()

    table = html[html.index("<table") : html.index("</table>")]
    assert "<caption" in table and 'scope="col"' in table
    row = re.search(r"Elterncafé Bilk</a></th>\s*<td[^>]*>([^<]*)</td><td[^>]*>([^<]*)</td>", table)
    assert row.group(1) == "Bilk"
    assert "Bilker Allee 1" in row.group(2)
    # The table view is kept on page and chip links.
    assert 'name="view" value="table"' in html


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ({"age": "abc"}, "age"),
        ({"age": "999"}, "age"),
        ({"page": "0"}, "page"),
        ({"radius": "5"}, "radius"),
        ({"sort": "<script>alert(1)</script>"}, "sort"),
        ({"language": "<script>alert(1)</script>"}, "language"),
        ({"q": "x" * 201}, "q"),
        ({"lat": "51.2"}, "lon"),
    ],
)
def test_bad_parameters_give_a_400_page_naming_the_parameter(client, catalogue, query, param):
    response = client.get(URL, query)
    html = response.content.decode()

    assert response.status_code == 400
    # German (default) quotes the parameter as „…“.
    assert f"„{param}“" in unescape(html)
    assert "<script>alert(1)</script>" not in html


def test_script_in_the_query_text_is_escaped(client, catalogue):
    response = client.get(URL, {"q": "<script>alert(1)</script>"})
    html = response.content.decode()

    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_bad_parameter_in_an_htmx_request_returns_the_message_as_partial(client, catalogue):
    response = client.get(URL, {"age": "abc"}, headers={"HX-Request": "true"})

    assert response.status_code == 400
    assert "<html" not in response.content.decode()
    assert "„age“" in unescape(response.content.decode())


def test_paging_links_mark_the_current_page(client, catalogue):
    html = client.get(URL, {"page_size": "2", "page": "2", "sort": "title"}).content.decode()

    pager = html[html.index('class="pn-pager"') :]
    current = [unescape(q) for q in re.findall(r'href="\?([^"]*)" aria-current="page"', pager)]
    assert current == ["sort=title&page=2&page_size=2"]
    assert 'rel="next"' in pager and 'rel="prev"' in pager
    assert len(result_titles(html)) == 2


def test_internal_contacts_hidden_for_anonymous(client, catalogue):
    html = client.get(URL).content.decode()

    assert "Frau Intern" not in html


def test_internal_contacts_shown_to_fachkraft(persona_client, catalogue):
    html = persona_client("fachkraft").get(URL).content.decode()

    assert "Frau Intern" in html


def test_search_page_query_count_is_bounded(client, catalogue, django_assert_max_num_queries):
    client.get(URL)  # warm caches (sessions, taxonomy)
    with django_assert_max_num_queries(40):
        response = client.get(URL, {"near": "Bilk", "language": "tr"})
    assert response.status_code == 200


def test_search_page_query_count_does_not_grow_with_results(
    client, catalogue, tenant, organisation
):
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for i in range(10):
        OfferFactory(tenant=tenant, organisation=organisation, title=f"Zusatz {i}").locations.add(
            catalogue.elterncafe.locations.first()
        )
    client.get(URL)  # the search service refreshes its snapshot once after changes
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(many.captured_queries) <= len(few.captured_queries)


def test_a_search_is_logged_once_as_a_demand_signal(client, catalogue):
    from praevnav.catalogue.models import SearchEvent

    client.get(URL, {"language": "tr"})
    client.get(URL, {"language": "tr", "page": "2", "page_size": "1"})  # paging: same search
    client.get("/angebote/karte/treffer.json", {"language": "tr"})  # the map: same search

    event = SearchEvent.all_tenants.get()
    assert event.filters == {"language": ["tr"]}
    assert event.result_count == 3
