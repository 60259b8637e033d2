"""The Merkliste without JavaScript: session list, print view, PDF, shared links."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, time, timedelta

import pytest
from django.core import signing
from django.test import Client

from factories import LocationFactory, OfferFactory, TenantFactory
from praevnav.catalogue.enums import OfferStatus
from praevnav.catalogue.lists import (
    MAX_NOTE,
    SESSION_KEY,
    SHARE_SALT,
    Entry,
    ShareTokenInvalid,
    share_token_make,
    share_token_read,
)
from praevnav.catalogue.models import OfferTranslation, OpeningSession
from praevnav.core.tenancy import tenant_context

LIST = "/merkliste/"
ADD = "/merkliste/hinzufuegen/"
UPDATE = "/merkliste/aendern/"


@pytest.fixture
def offers(tenant):
    location = LocationFactory(
        tenant=tenant, name="Familienzentrum Mitte", street="Musterstraße 5", postcode="40210"
    )
    first = OfferFactory(
        tenant=tenant,
        title="Elterncafé Mitte",
        summary_plain="Treffen für Eltern mit Babys.",
        public_phone="0211 123456",
        public_email="cafe@example.org",
        internal_phone="0211 999999",
        internal_note="Nur für Fachkräfte: Schlüssel beim Hausmeister",
        cost_note="kostenlos",
        schedule_note="außer in den Ferien",
    )
    first.locations.add(location)
    OpeningSession.objects.create(offer=first, weekday=1, opens=time(9), closes=time(11, 30))
    second = OfferFactory(tenant=tenant, title="Schuldnerberatung für Familien")
    third = OfferFactory(tenant=tenant, title="Babyschwimmen")
    return first, second, third


def ids_in(client) -> list[int]:
    data = client.session.get(SESSION_KEY, {})
    return [entry[0] for entries in data.values() for entry in entries]


def entries_in(client) -> list[list]:
    data = client.session.get(SESSION_KEY, {})
    return [entry for entries in data.values() for entry in entries]


def test_add_puts_offers_on_the_list_in_order_and_redirects_back(client, offers):
    first, second, _third = offers

    response = client.post(ADD, {"offer": first.pk, "next": f"/angebote/{first.pk}/"})
    client.post(ADD, {"offer": second.pk})
    client.post(ADD, {"offer": first.pk})  # twice: kept once

    assert response.status_code == 302
    assert response["Location"] == f"/angebote/{first.pk}/"
    assert ids_in(client) == [first.pk, second.pk]
    page = client.get(LIST).content.decode()
    assert page.index("Elterncafé Mitte") < page.index("Schuldnerberatung für Familien")


def test_add_refuses_foreign_next_urls_and_unknown_offers(client, offers, other_tenant):
    foreign = OfferFactory(tenant=other_tenant, title="Fremd")
    draft = OfferFactory(tenant=offers[0].tenant, status=OfferStatus.DRAFT)

    evil = client.post(ADD, {"offer": offers[0].pk, "next": "https://evil.example/"})
    client.post(ADD, {"offer": foreign.pk})
    client.post(ADD, {"offer": draft.pk})
    client.post(ADD, {"offer": "abc"})

    assert evil["Location"] == LIST
    assert ids_in(client) == [offers[0].pk]


def test_add_with_htmx_answers_with_a_small_confirmation(client, offers):
    response = client.post(ADD, {"offer": offers[0].pk}, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="list-added"' in html
    assert "<html" not in html
    assert ids_in(client) == [offers[0].pk]


def test_add_with_htmx_for_a_missing_offer_is_a_400_with_a_message(client, offers):
    response = client.post(ADD, {"offer": 999999}, HTTP_HX_REQUEST="true")

    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_add_only_accepts_post(client, offers):
    assert client.get(ADD, {"offer": offers[0].pk}).status_code == 405
    assert ids_in(client) == []


def test_move_up_and_down_without_javascript(client, offers):
    first, second, third = offers
    for offer in offers:
        client.post(ADD, {"offer": offer.pk})

    client.post(UPDATE, {"offer": third.pk, "action": "up"})
    assert ids_in(client) == [first.pk, third.pk, second.pk]
    client.post(UPDATE, {"offer": first.pk, "action": "down"})
    assert ids_in(client) == [third.pk, first.pk, second.pk]
    client.post(UPDATE, {"offer": third.pk, "action": "up"})  # already first: unchanged
    assert ids_in(client) == [third.pk, first.pk, second.pk]


def test_note_is_saved_shown_and_limited_to_300_characters(client, offers):
    first = offers[0]
    client.post(ADD, {"offer": first.pk})

    ok = client.post(UPDATE, {"offer": first.pk, "action": "note", "note": "Donnerstag  hingehen"})
    assert ok.status_code == 302 and ok["Location"].endswith(f"#eintrag-{first.pk}")
    assert entries_in(client) == [[first.pk, "Donnerstag hingehen"]]

    too_long = client.post(UPDATE, {"offer": first.pk, "action": "note", "note": "x" * 301})
    html = too_long.content.decode()
    assert too_long.status_code == 400
    assert 'id="error-summary"' in html and 'aria-invalid="true"' in html
    assert "x" * 301 in html  # the typed text is kept for correction
    assert entries_in(client) == [[first.pk, "Donnerstag hingehen"]]
    assert MAX_NOTE == 300


def test_list_page_shows_the_privacy_hint_for_notes(client, offers):
    client.post(ADD, {"offer": offers[0].pk})

    html = client.get(LIST).content.decode()

    assert 'id="note-hint"' in html
    assert 'aria-describedby="note-hint"' in html


def test_remove_and_clear(client, offers):
    for offer in offers:
        client.post(ADD, {"offer": offer.pk})

    client.post(UPDATE, {"offer": offers[1].pk, "action": "remove"})
    assert ids_in(client) == [offers[0].pk, offers[2].pk]
    client.post("/merkliste/leeren/")
    assert ids_in(client) == []
    assert 'data-testid="list-empty"' in client.get(LIST).content.decode()


def test_offers_that_ended_are_listed_as_no_longer_available(client, offers):
    first, second, _ = offers
    client.post(ADD, {"offer": first.pk})
    client.post(ADD, {"offer": second.pk})
    client.get(LIST)  # shows (and so consumes) the confirmation messages
    second.valid_until = date.today() - timedelta(days=1)
    second.save()

    html = client.get(LIST).content.decode()

    assert 'data-testid="gone"' in html
    assert "Schuldnerberatung für Familien" not in html
    # It can still be removed.
    client.post(UPDATE, {"offer": second.pk, "action": "remove"})
    assert ids_in(client) == [first.pk]


def test_the_list_is_kept_per_tenant(client, offers):
    client.post(ADD, {"offer": offers[0].pk})
    client.get(LIST)  # consumes the confirmation message
    other = TenantFactory(slug="zweite-stadt", name="Zweite Stadt")

    html = client.get(LIST, {"tenant": other.slug}).content.decode()

    assert "Elterncafé Mitte" not in html


# --- print view and PDF ------------------------------------------------------------------------


def test_print_view_has_every_handout_field_and_no_internal_data(client, offers):
    first = offers[0]
    client.post(ADD, {"offer": first.pk})
    client.post(UPDATE, {"offer": first.pk, "action": "note", "note": "Bitte anrufen"})

    html = client.get("/merkliste/drucken/").content.decode()

    for expected in [
        "Elterncafé Mitte",
        first.organisation.name,
        "Musterstraße 5, 40210 Düsseldorf",
        "09:00–11:30",
        "außer in den Ferien",
        "0211 123456",
        "cafe@example.org",
        "kostenlos",
        "Bitte anrufen",
        "Landeshauptstadt Düsseldorf",
        "Treffen für Eltern mit Babys.",
        "@media print",
    ]:
        assert expected in html, expected
    assert date.today().strftime("%Y") in html
    assert "0211 999999" not in html
    assert "Hausmeister" not in html


def test_pdf_is_an_attachment_with_a_german_filename_and_the_titles(client, offers):
    for offer in offers[:2]:
        client.post(ADD, {"offer": offer.pk})

    response = client.get("/merkliste/pdf/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "Merkliste-" in disposition and ".pdf" in disposition
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        text = subprocess.run(
            [pdftotext, "-", "-"], input=response.content, capture_output=True, check=True
        ).stdout.decode()
        assert "Elterncafé Mitte" in text
        assert "Schuldnerberatung für Familien" in text
        assert "0211 999999" not in text


def test_handout_in_the_familys_language_marks_untranslated_offers(client, offers):
    first, second, _ = offers
    OfferTranslation.objects.create(
        offer=first, language="tr", title="Ebeveyn kafesi", description="Bebekli ebeveynler."
    )
    client.post(ADD, {"offer": first.pk})
    client.post(ADD, {"offer": second.pk})

    list_html = client.get(LIST).content.decode()
    html = client.get("/merkliste/drucken/", {"lang": "tr"}).content.decode()

    assert 'value="tr"' in list_html  # the language is offered where translations exist
    assert '<h2 lang="tr">1. Ebeveyn kafesi</h2>' in html
    assert "Bebekli ebeveynler." in html
    assert 'data-testid="untranslated"' in html
    assert '<span lang="de">Schuldnerberatung für Familien</span>' in html


def test_handout_ignores_a_malformed_language(client, offers):
    client.post(ADD, {"offer": offers[0].pk})

    html = client.get("/merkliste/drucken/", {"lang": '"><script>'}).content.decode()

    assert "<script>alert" not in html
    assert "Elterncafé Mitte" in html


# --- shared links --------------------------------------------------------------------------------


def _share_path(client) -> str:
    html = client.get(LIST).content.decode()
    start = html.index('data-testid="share-link"')
    href = html.rfind('href="', 0, start)
    return html[href + 6 : html.index('"', href + 6)].split("://", 1)[-1].split("/", 1)[1]


def test_shared_token_round_trip_carries_ids_and_notes(tenant):
    token = share_token_make(tenant=tenant, entries=[Entry(3, "Notiz"), Entry(1, "")])

    slug, entries = share_token_read(token)

    assert slug == tenant.slug
    assert entries == [Entry(3, "Notiz"), Entry(1, "")]


@pytest.mark.parametrize("mangle", [lambda t: t[:-2] + "xx", lambda t: "x" + t, lambda t: "abc"])
def test_tampered_tokens_are_rejected(tenant, mangle):
    token = share_token_make(tenant=tenant, entries=[Entry(3, "Notiz")])

    with pytest.raises(ShareTokenInvalid):
        share_token_read(mangle(token))


def test_shared_link_opens_the_same_list_read_only_in_a_fresh_session(client, offers):
    first, second, _ = offers
    client.post(ADD, {"offer": second.pk})
    client.post(ADD, {"offer": first.pk})
    client.post(UPDATE, {"offer": first.pk, "action": "note", "note": "Mit Kinderwagen"})
    path = "/" + _share_path(client)

    fresh = Client()
    response = fresh.get(path)
    html = response.content.decode()

    assert response.status_code == 200
    assert html.index("Schuldnerberatung für Familien") < html.index("Elterncafé Mitte")
    assert "Mit Kinderwagen" in html
    assert "<textarea" not in html  # read-only
    assert ids_in(fresh) == []  # nothing stored for the recipient

    fresh.post(path.split("?")[0] + "uebernehmen/")
    assert ids_in(fresh) == [second.pk, first.pk]
    assert entries_in(fresh)[1] == [first.pk, "Mit Kinderwagen"]


def test_shared_print_and_pdf_work_from_the_token(client, offers):
    client.post(ADD, {"offer": offers[0].pk})
    path = "/" + _share_path(client).split("?")[0]

    assert "Elterncafé Mitte" in Client().get(path + "drucken/").content.decode()
    assert Client().get(path + "pdf/").content.startswith(b"%PDF")


def test_tampered_link_gives_a_clear_400(client, offers):
    client.post(ADD, {"offer": offers[0].pk})
    path = "/" + _share_path(client).split("?")[0]
    broken = path.replace("/geteilt/", "/geteilt/x")

    response = Client().get(broken)

    assert response.status_code == 400
    assert 'data-testid="list-error"' in response.content.decode()


def test_token_of_another_tenant_gives_404(offers, other_tenant):
    token = share_token_make(tenant=other_tenant, entries=[Entry(offers[0].pk, "")])

    response = Client().get(f"/merkliste/geteilt/{token}/")

    assert response.status_code == 404
    assert 'data-testid="list-error"' in response.content.decode()


def test_token_signed_with_another_salt_is_rejected(tenant):
    token = signing.dumps({"t": tenant.slug, "e": [[1, ""]]}, salt="other", compress=True)

    assert Client().get(f"/merkliste/geteilt/{token}/").status_code == 400
    assert SHARE_SALT != "other"


def test_shared_list_hides_offers_that_are_no_longer_published(offers):
    first, second, _ = offers
    token = share_token_make(
        tenant=first.tenant, entries=[Entry(first.pk, ""), Entry(second.pk, "")]
    )
    with tenant_context(first.tenant):
        second.status = OfferStatus.ARCHIVED
        second.save()

    html = Client().get(f"/merkliste/geteilt/{token}/").content.decode()

    assert "Elterncafé Mitte" in html
    assert "Schuldnerberatung für Familien" not in html
    assert 'data-testid="gone"' in html


def test_list_page_and_print_view_query_count_does_not_grow_with_the_list(client, tenant):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for(n: int) -> tuple[int, int]:
        client.post("/merkliste/leeren/")
        for i in range(n):
            offer = OfferFactory(tenant=tenant, title=f"Angebot {n}-{i}")
            offer.locations.add(LocationFactory(tenant=tenant))
            client.post(ADD, {"offer": offer.pk})
        client.get(LIST)  # consume messages
        with CaptureQueriesContext(connection) as page:
            client.get(LIST)
        with CaptureQueriesContext(connection) as sheet:
            client.get("/merkliste/drucken/")
        return len(page), len(sheet)

    assert queries_for(2) == queries_for(12)


def test_navigation_shows_how_many_offers_are_on_the_merkliste(client, tenant):
    from django.urls import reverse

    offers = [OfferFactory(tenant=tenant) for _ in range(2)]
    for offer in offers:
        client.post(reverse("catalogue:list_add"), {"offer": offer.pk})

    html = client.get(reverse("catalogue:home")).content.decode()

    assert 'href="/merkliste/"' in html
    assert "(2<span" in html
