"""Start page, legal pages, error pages, language and tenant switch."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from core.pagetext import headings, table_rows
from factories import AreaFactory, LocationFactory, OfferFactory, TenantFactory, square
from praevnav.catalogue.enums import OfferStatus
from praevnav.core.models import TenantKind

pytestmark = pytest.mark.django_db

LEGAL_HEADINGS = {
    "core:impressum": (
        "Impressum",
        ["Anbieter", "Kontakt", "Verantwortlich für den Inhalt"],
    ),
    "core:datenschutz": (
        "Datenschutzerklärung",
        [
            "1. Verantwortliche Stelle",
            "2. Datenschutzbeauftragte",
            "4. Anonyme Suchstatistik",
            "5. Cookies",
            "10. Ihre Rechte",
        ],
    ),
    "core:accessibility": (
        "Erklärung zur Barrierefreiheit",
        [
            "Stand der Vereinbarkeit mit den Anforderungen",
            "Nicht barrierefreie Inhalte",
            "Erstellung dieser Erklärung",
            "Feedback und Kontakt",
            "Schlichtungsverfahren",
        ],
    ),
}


@pytest.mark.parametrize("url_name", sorted(LEGAL_HEADINGS))
def test_legal_page_has_one_h1_and_the_german_sections(client, tenant, url_name):
    title, sections = LEGAL_HEADINGS[url_name]

    html = client.get(reverse(url_name)).content.decode()

    assert headings(html, "h1") == [title]
    h2 = headings(html, "h2")
    for section in sections:
        assert section in h2
    assert "Hinweis für den Betreiber" in h2


def test_legal_pages_fill_operator_fields_from_the_tenant(client, tenant):
    html = client.get(reverse("core:impressum")).content.decode()

    assert "Landeshauptstadt Düsseldorf" in html
    assert 'class="pn-placeholder"' in html


def test_accessibility_statement_names_the_nrw_ombudsman_office(client, tenant):
    html = client.get(reverse("core:accessibility")).content.decode()

    assert "ombudsstelle-barrierefreie-it@mags.nrw.de" in html
    assert "Schlichtungsstelle BGG" in html


def test_pages_offer_skip_link_landmarks_and_footer_links(client, tenant):
    html = client.get(reverse("catalogue:home")).content.decode()

    assert html.index('class="pn-skip-link') < html.index("<header")
    for landmark in ("<header", "<nav", '<main id="main"', "<footer"):
        assert landmark in html
    for name in ("core:impressum", "core:datenschutz", "core:accessibility"):
        assert f'href="{reverse(name)}"' in html


def _stadtbezirk(tenant, code, name, lon):
    return AreaFactory(
        tenant=tenant, level="stadtbezirk", code=code, name=name, geometry=square(lon, 51.2)
    )


def _offer_at(tenant, location, **kwargs):
    offer = OfferFactory(tenant=tenant, **kwargs)
    offer.locations.add(location)
    return offer


def test_home_counts_published_offers_per_life_phase_and_borough(client, tenant):
    nord = _stadtbezirk(tenant, "01", "Stadtbezirk Nord", 6.70)
    sued = _stadtbezirk(tenant, "02", "Stadtbezirk Süd", 6.80)
    in_nord = LocationFactory(tenant=tenant, latitude=51.205, longitude=6.705)
    in_sued = LocationFactory(tenant=tenant, latitude=51.205, longitude=6.805)
    assert list(in_nord.areas.all()) == [nord]
    assert list(in_sued.areas.all()) == [sued]
    # 0–3 only, in Nord; 0–6 (two phases), in Süd; 3–6 in Nord; a draft that must not count.
    _offer_at(tenant, in_nord, age_min_months=0, age_max_months=36)
    _offer_at(tenant, in_sued, age_min_months=0, age_max_months=72)
    _offer_at(tenant, in_nord, age_min_months=36, age_max_months=72)
    _offer_at(tenant, in_nord, age_min_months=0, age_max_months=36, status=OfferStatus.DRAFT)

    response = client.get(reverse("catalogue:home"))
    html = response.content.decode()

    totals = {link.phase.code: link.total for link in response.context["overview"].links}
    assert totals["0-3"] == 2
    assert totals["3-6"] == 2
    assert totals["6-10"] == 0
    rows = {row[0]: row[1:] for row in table_rows(html)}
    header = next(row for row in table_rows(html) if row[0] == "Stadtbezirk")
    col = {label: i - 1 for i, label in enumerate(header)}
    assert rows["Stadtbezirk Nord"][col["0–3 Jahre"]] == "1"
    assert rows["Stadtbezirk Nord"][col["3–6 Jahre"]] == "1"
    assert rows["Stadtbezirk Süd"][col["0–3 Jahre"]] == "1"
    assert rows["Stadtbezirk Süd"][col["3–6 Jahre"]] == "1"
    assert rows["Stadtbezirk Süd"][col["6–10 Jahre"]] == "0"
    assert "Angebote je Lebensphase und Stadtbezirk" in headings(html, "h2")
    assert len(headings(html, "h1")) == 1
    assert "Es gibt derzeit 3 veröffentlichte Angebote." in html


def test_home_without_areas_or_offers_explains_what_is_missing(client, tenant):
    html = client.get(reverse("catalogue:home")).content.decode()

    assert "Es wurden noch keine Angebote veröffentlicht." in html
    assert "Für Landeshauptstadt Düsseldorf sind noch keine Gebiete hinterlegt." in html
    assert "<table" not in html


def test_home_without_any_tenant_explains_the_set_up(client):
    html = Client().get(reverse("catalogue:home")).content.decode()

    assert "Es ist noch keine Kommune eingerichtet" in html
    assert len(headings(html, "h1")) == 1


def test_language_switch_renders_english_and_keeps_the_page(client, tenant):
    assert "Erklärung zur Barrierefreiheit" in headings(
        client.get(reverse("core:accessibility")).content.decode(), "h1"
    )

    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("core:accessibility")}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("core:accessibility")
    html = client.get(response["Location"]).content.decode()
    assert headings(html, "h1") == ["Accessibility statement"]
    assert '<html lang="en">' in html


def test_tenant_switch_lists_kreis_members_and_remembers_the_choice(client, tenant):
    kreis = TenantFactory(slug="kreis-dueren", name="Kreis Düren", kind=TenantKind.KREIS)
    TenantFactory(slug="juelich", name="Jülich", kind=TenantKind.GEMEINDE, parent=kreis)

    html = client.get(reverse("catalogue:home"), {"tenant": "juelich"}).content.decode()

    assert '<optgroup label="Kreis Düren">' in html
    assert '<option value="juelich" selected>Jülich</option>' in html
    assert "Kreis Düren (gesamter Kreis)" in html
    # The choice is kept in the session for the next request.
    assert client.get(reverse("core:impressum")).context["tenant"].slug == "juelich"


def test_unknown_tenant_gives_404_with_a_clear_message(client, tenant):
    response = client.get(reverse("catalogue:home"), {"tenant": "gibt-es-nicht"})

    assert response.status_code == 404
    assert "gibt-es-nicht" in response.content.decode()
    assert "Unbekannte Kommune" in response.content.decode()


def test_404_page_is_helpful_and_has_one_h1(client, tenant):
    response = client.get("/gibt-es-nicht/")

    html = response.content.decode()
    assert response.status_code == 404
    assert headings(html, "h1") == ["Seite nicht gefunden"]
    assert f'href="{reverse("catalogue:home")}"' in html


def test_500_page_renders_without_database_or_request(django_assert_num_queries):
    from praevnav.core.views import error_500

    with django_assert_num_queries(0):
        response = error_500(None)

    html = response.content.decode()
    assert response.status_code == 500
    assert headings(html, "h1") == ["Technischer Fehler"]
    assert "kern.min.css" in html


def test_403_page_offers_login_to_anonymous_visitors(rf, tenant):
    from django.contrib.auth.models import AnonymousUser

    from praevnav.core.views import error_403

    request = rf.get("/planung/")
    request.user = AnonymousUser()
    request.tenant = tenant

    response = error_403(request)

    html = response.content.decode()
    assert response.status_code == 403
    assert headings(html, "h1") == ["Zugriff verweigert"]
    assert f'href="{reverse("accounts:login")}?next=/planung/"' in html
