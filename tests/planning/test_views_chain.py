"""The chain view: ratings by rule, text equivalents of the SVG, the offer list of a link,
permissions; and the planted gaps of the Düsseldorf demo show up as gaps."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from factories import AreaFactory, LocationFactory, OfferFactory
from praevnav.catalogue.enums import ServiceAreaKind
from praevnav.geography.models import Indicator
from praevnav.planning import selectors_coverage

URL = "/planung/kette/"


@pytest.fixture(autouse=True)
def _fresh_cache():
    selectors_coverage.clear_cache()
    yield
    selectors_coverage.clear_cache()


@pytest.fixture
def city(tenant):
    """Three Stadtteile with 300 children 0-3 each: Hafen 2 local offers, Bilk 1, Eller 0."""
    bezirk = AreaFactory(tenant=tenant, level="stadtbezirk", code="03", name="Bezirk 3")
    areas = {}
    for code, name, n in (("033", "Hafen", 2), ("034", "Bilk", 1), ("035", "Eller", 0)):
        area = areas[code] = AreaFactory(tenant=tenant, code=code, name=name, parent=bezirk)
        Indicator.all_tenants.create(
            tenant=tenant, area=area, year=2024, key="pop_phase_0-3", value=300
        )
        for _ in range(n):
            location = LocationFactory(tenant=tenant, latitude=51.2, longitude=6.78)
            location.areas.set([area])
            OfferFactory(tenant=tenant, title=f"Krabbelgruppe {name}", age_min_months=0,
                         age_max_months=36).locations.set([location])  # fmt: skip
    OfferFactory(tenant=tenant, title="Stadtweite Hotline", age_min_months=0, age_max_months=36,
                 service_area_kind=ServiceAreaKind.WHOLE_TENANT)  # fmt: skip
    return areas


def _ratings(html: str) -> dict[str, str]:
    return dict(re.findall(r'<li data-phase="([^"]+)" data-rating="([^"]+)"', html))


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "status"), [
    ("fachkraft", 403), ("traeger_editor", 403), ("koordination", 200), ("planer", 200)
])  # fmt: skip
def test_chain_permission_per_persona(persona_client, city, persona, status):
    client = persona_client(persona)
    assert client.get(URL).status_code == status
    assert client.get(URL + "035/").status_code == status


@pytest.mark.django_db
def test_links_are_rated_against_the_median_of_the_areas(persona_client, city):
    client = persona_client("planer")
    # local offers per 1,000: Hafen 6.67, Bilk 3.33, Eller 0 → median 3.33
    assert _ratings(client.get(URL + "035/").content.decode())["0-3"] == "gap"
    assert _ratings(client.get(URL + "034/").content.decode())["0-3"] == "ok"
    assert _ratings(client.get(URL + "033/").content.decode())["0-3"] == "ok"
    # no population for 65+: never a colour without data
    assert _ratings(client.get(URL + "033/").content.decode())["65plus"] == "unknown"
    # whole city: a third of the children live in a gap area (≥ 25 %)
    assert _ratings(client.get(URL).content.decode())["0-3"] == "gap"


@pytest.mark.django_db
def test_svg_has_title_desc_and_a_text_equivalent_with_labels(persona_client, city):
    from django.utils import translation

    with translation.override("en"):
        html = persona_client("planer").get(URL + "035/").content.decode()
    svg = re.search(r"<svg[^>]*>.*?</svg>", html, re.S).group(0)
    # a group, not an image: it holds the links to the offer lists (axe nested-interactive)
    assert 'role="group"' in svg and 'aria-labelledby="chain-svg-title"' in svg
    assert 'aria-describedby="chain-svg-desc"' in svg
    assert '<title id="chain-svg-title">' in svg and '<desc id="chain-svg-desc">' in svg
    assert re.search(r'data-phase="0-3" data-rating="gap"', svg)
    assert 'fill="url(#pn-hatch)"' in svg  # a pattern, not colour alone
    item = re.search(r'<li data-phase="0-3" data-rating="gap">(.*?)</li>', html, re.S).group(1)
    assert "pn-rating--gap" in item and "Nach Präventionsdimension:" in item
    # the count (only the city-wide offer reaches Eller) links the link's offer list
    assert re.search(r'href="/planung/kette/035/angebote/0-3/">1 ', item)
    assert "/angebote/?life_phase=0-3&amp;area=035" in item
    assert html.index('id="chain-svg"') < html.index('id="chain-list"')
    # printable: the page links the planning stylesheet, which has print rules
    from django.contrib.staticfiles import finders

    assert "css/planning.css" in html
    assert "@media print" in Path(finders.find("css/planning.css")).read_text()


@pytest.mark.django_db
def test_link_offer_list_lists_the_offers_that_count_there(persona_client, city):
    html = persona_client("planer").get(URL + "034/angebote/0-3/").content.decode()
    titles = re.findall(r'data-offer="\d+">\s*<th[^>]*><a[^>]*>([^<]+)</a>', html)
    assert sorted(titles) == ["Krabbelgruppe Bilk", "Stadtweite Hotline"]
    assert 'data-total="2"' in html


def _transition_counts(html: str) -> dict[str, int]:
    return {
        code: int(n)
        for code, n in re.findall(r'data-transition="([^"]+)" data-offers="(\d+)"', html)
    }


@pytest.mark.django_db
def test_transitions_count_the_current_offers_that_accompany_them(persona_client, city, tenant):
    from praevnav.catalogue.enums import OfferStatus
    from praevnav.catalogue.models import Offer
    from praevnav.taxonomy.models import Transition

    transitions = list(
        Transition.all_tenants.filter(
            tenant=tenant, from_phase__isnull=False, to_phase__isnull=False
        ).order_by("position")
    )
    assert len(transitions) >= 2, "the seeded taxonomy has transitions between phases"
    first, second = transitions[0], transitions[1]
    hafen = Offer.all_tenants.filter(title="Krabbelgruppe Hafen").first()
    hafen.transitions.set([first, second])
    Offer.all_tenants.get(title="Stadtweite Hotline").transitions.set([first])
    # Neither a draft nor an offer past its validity counts.
    bilk = Offer.all_tenants.get(title="Krabbelgruppe Bilk")
    for status_or_validity in ({"status": OfferStatus.DRAFT}, {"valid_until": "2001-01-01"}):
        extra = OfferFactory(tenant=tenant, title="Nicht mitgezählt", **status_or_validity)
        extra.locations.set(bilk.locations.all())
        extra.transitions.set([first, second])
    client = persona_client("planer")
    with_counts = {
        url: _transition_counts(client.get(url).content.decode())
        for url in (URL, URL + "033/", URL + "034/", URL + "035/")
    }
    assert with_counts[URL + "033/"][first.code] == 2  # Hafen's own offer and the hotline
    assert with_counts[URL + "033/"][second.code] == 1
    assert with_counts[URL + "034/"][first.code] == 1  # only the hotline reaches Bilk
    assert with_counts[URL + "034/"][second.code] == 0
    assert with_counts[URL][first.code] == 2 and with_counts[URL][second.code] == 1
    html = client.get(URL + "033/").content.decode()
    assert f"/angebote/?transition={first.code}&amp;area=033" in html
    # The arc in the SVG carries the count too.
    svg = re.search(r"<svg[^>]*>.*?</svg>", html, re.S).group(0)
    from django.utils.html import escape
    from django.utils.text import Truncator

    assert escape(Truncator(f"{first.label} (2)").chars(36)) in svg


@pytest.mark.django_db
def test_unknown_area_or_phase_is_404(persona_client, city):
    client = persona_client("planer")
    assert client.get(URL + "999/").status_code == 404
    assert client.get(URL + "033/angebote/unbekannt/").status_code == 404


@pytest.mark.django_db
def test_area_picker_lists_the_areas_and_selects_the_chosen(persona_client, city):
    html = persona_client("planer").get(URL + "?area=034").content.decode()
    assert '<option value="034" selected>Bilk</option>' in html
    assert '<option value="035">Eller</option>' in html


# --- the Düsseldorf demo ----------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_pages(django_db_setup, django_db_blocker):
    """Chain ratings of every planted gap and the Stadtteil matrix, on the demo."""
    if not (Path(settings.DATA_DIR) / "duesseldorf").exists():
        pytest.skip("demo geodata not available (PRAEVNAV_DATA_DIR)")
    with django_db_blocker.unblock():
        from django.db import transaction

        from praevnav.accounts.models import User
        from praevnav.catalogue.demo.providers import DUESSELDORF
        from praevnav.geography.models import Area

        with transaction.atomic():
            call_command("load_demo", "--kreis-offers", "20", stdout=StringIO())
            selectors_coverage.clear_cache()
            client = Client()
            client.force_login(User.objects.get(username="planung"))
            by_name = {
                a.name: a.code
                for a in Area.all_tenants.filter(tenant__slug="duesseldorf", level="stadtteil")
            }
            gaps = [(by_name[n], phase) for phase, names in DUESSELDORF.gap_spec for n in names]
            chains = {code: client.get(f"{URL}{code}/").content.decode() for code, _ in gaps}
            matrix = client.get("/planung/abdeckung/?level=stadtteil&local=on").content.decode()
            transaction.set_rollback(True)
    selectors_coverage.clear_cache()
    return gaps, chains, matrix


@pytest.mark.realdata
def test_planted_gaps_of_the_demo_are_red_links(demo_pages):
    gaps, chains, _ = demo_pages
    assert len(gaps) >= 10
    for code, phase in gaps:
        assert _ratings(chains[code])[phase] == "gap", (code, phase)


@pytest.mark.realdata
def test_planted_gaps_are_the_lowest_cells_of_their_column(demo_pages):
    """With local offers only, a planted gap has no generated offer; at most one of the
    real (not generated) offers lies there. At most a tenth of the areas have fewer."""
    gaps, _, matrix = demo_pages
    for code, phase in gaps:
        column = {
            area: int(n)
            for area, n in re.findall(
                rf'<tr data-area="(\d+)">.*?'
                rf'<td data-p="{re.escape(phase)}" data-m="offers">(\d+)</td>',
                matrix,
                re.S,
            )
        }
        ordered = sorted(column.values())
        assert column[code] <= 1, (code, phase, column[code])
        lower = sum(1 for v in ordered if v < column[code])
        assert lower <= len(ordered) // 10, (code, phase, lower)
        assert ordered[len(ordered) // 2] > column[code], (code, phase)
