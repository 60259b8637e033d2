"""GET /api/v1/offers/{id}: visibility, tenant, internal fields, escaping."""

from __future__ import annotations

import json

import pytest

from api.helpers import assert_matches, get, get_json
from factories import MembershipFactory, UserFactory
from praevnav.accounts.enums import Role


def detail(offer) -> str:
    return f"/api/v1/offers/{offer.pk}"


def test_offer_detail_has_the_documented_shape(api_client, catalogue):
    body = get_json(api_client, detail(catalogue.offers.beratung))

    assert_matches("OfferDetail", body)
    assert body["id"] == catalogue.offers.beratung.pk
    assert body["public_contact"]["phone"] == "0211 123456"
    assert [(s["weekday"], s["opens"], s["closes"]) for s in body["sessions"]] == [
        (0, "09:00:00", "12:00:00")
    ]
    assert [t["code"] for t in body["access"]] == ["kostenlos", "anonym"]


@pytest.mark.parametrize("name", ["draft", "expired", "foreign"])
def test_offer_detail_of_hidden_offer_is_404(api_client, catalogue, name):
    body = get_json(api_client, detail(getattr(catalogue.offers, name)), status=404)

    assert body["parameter"] == "id"


def test_offer_detail_of_other_tenant_with_its_tenant_parameter(client, catalogue):
    body = get_json(client, detail(catalogue.offers.foreign), {"tenant": "andere-stadt"})

    assert body["title"] == "Sprachförderung anderswo"
    assert body["url"].endswith("?tenant=andere-stadt")


@pytest.mark.parametrize(
    ("path_id", "status"),
    [
        ("abc", 400),
        ("-1", 400),
        ("1.5", 400),
        ("0", 404),
        ("99999999", 404),
        ("9" * 19, 404),
        ("9" * 40, 400),
        ("%D9%A3", 400),
    ],
)
def test_offer_detail_bad_ids_are_4xx_json(api_client, catalogue, path_id, status):
    response = api_client.get(f"/api/v1/offers/{path_id}")

    assert response.status_code == status
    body = json.loads(response.content)
    assert body["parameter"] == "id"


def test_offer_detail_hides_internal_contact_from_anonymous(api_client, catalogue):
    response = get(api_client, detail(catalogue.offers.beratung))

    assert json.loads(response.content)["internal_contact"] is None
    for secret in (b"Frau Intern", b"intern@example.org", b"0211 999999", b"Nur f"):
        assert secret not in response.content


def test_offer_detail_shows_internal_contact_to_fachkraft(persona_client, catalogue):
    body = get_json(persona_client("fachkraft"), detail(catalogue.offers.beratung))

    assert body["internal_contact"] == {
        "name": "Frau Intern",
        "phone": "0211 999999",
        "email": "intern@example.org",
        "note": "Nur für Fachkräfte: Rückruf binnen 24 h.",
    }


def test_offer_detail_hides_internal_contact_from_professional_of_other_tenant(client, catalogue):
    user = UserFactory(username="fachkraft-fremd")
    MembershipFactory(user=user, tenant=catalogue.other_tenant, role=Role.FACHKRAFT)
    client.force_login(user)

    body = get_json(client, detail(catalogue.offers.beratung), {"tenant": "duesseldorf"})

    assert body["internal_contact"] is None


def test_offer_detail_escapes_markup_in_json(api_client, catalogue):
    response = get(api_client, detail(catalogue.offers.beratung))

    assert b"<script>" not in response.content
    assert b"<D" not in response.content
    body = json.loads(response.content)
    assert body["description"].startswith("<script>alert('x')</script>")
    assert body["organisation"]["name"] == "Caritas <Düsseldorf> & Co"
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
