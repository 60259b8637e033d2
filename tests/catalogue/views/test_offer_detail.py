"""The offer page /angebote/<id>/: content, translations, print view, visibility rules."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def detail(client, offer, **params):
    return client.get(reverse("catalogue:offer_detail", args=[offer.pk]), params)


def text_of(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def test_detail_shows_what_whom_where_when_and_contact(client, catalogue):
    response = detail(client, catalogue.elterncafe)
    html = response.content.decode()
    text = text_of(html)

    assert response.status_code == 200
    assert re.search(r'<h1 [^>]*id="offer-title">Elterncafé Bilk</h1>', html)
    assert "Offener Treff für Eltern mit Babys und Kleinkindern." in text
    assert "Eltern treffen sich mit ihren Babys." in text  # plain-language summary
    assert "Familienhilfe Nord e. V." in text
    assert "0–3 Jahre" in text  # derived life phase
    assert "Familienzentrum Bilk" in text and "Bilker Allee 1" in text
    assert "Stadtteil: Bilk" in text
    # Sessions grouped by weekday, two on Monday.
    assert re.search(r"<dt>Montag</dt><dd>09:00–12:00, 14:00–16:00</dd>", html)
    assert re.search(r"<dt>Mittwoch</dt><dd>10:00–12:00</dd>", html)
    assert "Kostenlos, Offener Zugang ohne Anmeldung" in text
    assert "Deutsch, Türkisch" in text
    assert 'href="tel:0211123456"' in html
    assert 'href="mailto:cafe@example.org"' in html
    confirmed = catalogue.elterncafe.last_confirmed_at.strftime("%d.%m.%Y")
    assert confirmed in text


def test_detail_map_data_is_a_json_script_not_inline_code(client, catalogue):
    html = detail(client, catalogue.elterncafe).content.decode()

    assert '<script id="offer-map-data" type="application/json">' in html
    assert 'id="offer-map"' in html and 'role="region"' in html
    scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert all('type="application/json"' in attrs for attrs in scripts)


def test_translation_is_offered_as_language_link_and_shown_with_lang(client, catalogue):
    html = detail(client, catalogue.elterncafe).content.decode()
    assert re.search(r'href="\?lang=tr" hreflang="tr" lang="tr"', html)

    html_tr = detail(client, catalogue.elterncafe, lang="tr").content.decode()
    assert re.search(r'<h1 [^>]*lang="tr"[^>]*>Ebeveyn Kafe Bilk</h1>', html_tr)
    assert "Bebekli ebeveynler için açık buluşma." in html_tr


def test_unknown_translation_falls_back_to_the_original(client, catalogue):
    html = detail(client, catalogue.elterncafe, lang="xx").content.decode()

    assert re.search(r'<h1 [^>]*id="offer-title">Elterncafé Bilk</h1>', html)


def test_print_view_has_content_but_no_forms_or_map(client, catalogue):
    response = detail(client, catalogue.elterncafe, print="1")
    html = response.content.decode()

    assert response.status_code == 200
    assert "Elterncafé Bilk" in html and "Bilker Allee 1" in html
    assert 'id="offer-map"' not in html
    assert "fehler-melden" not in html
    assert "data-pn-print" in html  # the print button, shown by JavaScript


def test_detail_links_to_print_view(client, catalogue):
    html = detail(client, catalogue.elterncafe).content.decode()

    assert 'href="?print=1"' in html


def test_back_link_returns_to_the_search(client, catalogue):
    html = detail(client, catalogue.elterncafe, suche="age=2&language=tr").content.decode()

    assert 'href="/angebote/?age=2&amp;language=tr"' in html


def test_back_link_cannot_point_elsewhere(client, catalogue):
    html = detail(client, catalogue.elterncafe, suche="//evil.example/").content.decode()

    assert 'href="/angebote/?' in html
    assert 'href="//evil.example' not in html


@pytest.mark.parametrize("which", ["draft", "expired", "foreign"])
def test_unpublished_expired_and_foreign_offers_are_404(client, catalogue, which):
    response = detail(client, getattr(catalogue, which))

    assert response.status_code == 404


def test_unknown_offer_is_404(client, catalogue):
    assert client.get("/angebote/999999/").status_code == 404
    assert client.get("/angebote/abc/").status_code == 404


def test_internal_contact_hidden_for_anonymous(client, catalogue):
    html = detail(client, catalogue.elterncafe).content.decode()

    assert "Frau Intern" not in html
    assert "0211 999" not in html
    assert "Direkter Draht" not in html
    assert 'id="s-internal"' not in html


def test_internal_contact_shown_to_fachkraft_in_a_marked_box(persona_client, catalogue):
    html = detail(persona_client("fachkraft"), catalogue.elterncafe).content.decode()

    box = html[html.index('class="pn-internal"') :]
    box = box[: box.index("</section>")]
    assert "Frau Intern" in box and "0211 999" in box and "Direkter Draht" in box


def test_merkliste_button_posts_the_offer_id(client, catalogue):
    html = detail(client, catalogue.elterncafe).content.decode()

    form = re.search(
        r'<form method="post" action="([^"]+)" class="pn-inline-form">(.*?)</form>', html
    )
    assert form.group(1) == reverse("catalogue:list_add")
    assert f'name="offer" value="{catalogue.elterncafe.pk}"' in form.group(2)


def test_detail_query_count_is_bounded(client, catalogue, django_assert_max_num_queries):
    detail(client, catalogue.elterncafe)
    with django_assert_max_num_queries(30):
        detail(client, catalogue.elterncafe)
