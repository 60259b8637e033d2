"""The one-click confirmation link: GET shows, POST confirms; every broken link says why
with 400/410 and changes nothing."""

from __future__ import annotations

import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from catalogue.currency.conftest import CONFIRMED, DUE
from factories import OfferFactory
from praevnav.catalogue.currency import add_months
from praevnav.catalogue.enums import OfferStatus
from praevnav.catalogue.models import Offer
from praevnav.catalogue.selectors import published_offers
from praevnav.catalogue.services_currency import LINK_SALT, confirmation_token
from praevnav.catalogue.services_revisions import offer_archive, offer_confirm
from praevnav.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def url(token: str) -> str:
    return reverse("currency:confirm", args=[token])


def csrf_client() -> Client:
    return Client(enforce_csrf_checks=True)


def post_with_csrf(client: Client, path: str):
    page = client.get(path)
    token = (
        page.cookies["csrftoken"].value
        if "csrftoken" in page.cookies
        else client.cookies["csrftoken"].value
    )
    return client.post(path, {"csrfmiddlewaretoken": token})


def test_get_shows_the_offer_and_changes_nothing(due_offer):
    client = csrf_client()
    page = client.get(url(confirmation_token(offer_id=due_offer.pk, due=DUE)))
    html = page.content.decode()
    assert "Elterncafé Nord" in html and due_offer.organisation.name in html
    assert 'method="post"' in html and "csrfmiddlewaretoken" in html
    assert f"/traeger/angebote/{due_offer.pk}/bearbeiten/" in html
    due_offer.refresh_from_db()
    assert due_offer.last_confirmed_at == CONFIRMED
    assert not AuditEntry.objects.filter(action="offer.confirm").exists()


def test_post_without_csrf_token_is_refused(due_offer):
    response = csrf_client().post(url(confirmation_token(offer_id=due_offer.pk, due=DUE)))
    assert response.status_code == 403
    due_offer.refresh_from_db()
    assert due_offer.last_confirmed_at == CONFIRMED


def test_post_confirms_audits_and_shows_the_new_due_date(due_offer):
    path = url(confirmation_token(offer_id=due_offer.pk, due=DUE))
    response = post_with_csrf(csrf_client(), path)
    due_offer.refresh_from_db()
    today = timezone.localdate()
    assert due_offer.last_confirmed_at == today
    assert due_offer.confirmation_due == add_months(today, 12)
    assert due_offer.confirmation_due.strftime("%d.%m.%Y") in response.content.decode()
    entry = AuditEntry.objects.get(action="offer.confirm", object_id=str(due_offer.pk))
    assert entry.actor is None and entry.channel == "ui"
    assert entry.summary == "via reminder link" and entry.changes["via"] == "reminder_link"


def test_confirming_makes_a_hidden_offer_visible_again(tenant, organisation):
    hidden = OfferFactory(
        tenant=tenant,
        organisation=organisation,
        last_confirmed_at=timezone.localdate() - timedelta(days=500),
    )
    assert not published_offers(tenant=tenant).filter(pk=hidden.pk).exists()
    post_with_csrf(
        csrf_client(), url(confirmation_token(offer_id=hidden.pk, due=hidden.confirmation_due))
    )
    assert published_offers(tenant=tenant).filter(pk=hidden.pk).exists()


def _assert_refused(client, path, *, status, words, offer):
    for response in (client.get(path), post_with_csrf(client, path)):
        assert response.status_code == status
        assert f'data-problem="{words}"' in response.content.decode()
    offer.refresh_from_db()
    assert offer.last_confirmed_at != timezone.localdate()
    assert not AuditEntry.objects.filter(
        action="offer.confirm", summary="via reminder link"
    ).exists()


def test_forged_token_is_refused(due_offer):
    forged = signing.TimestampSigner(salt="another-salt").sign_object(
        {"o": due_offer.pk, "d": DUE.isoformat()}
    )
    _assert_refused(csrf_client(), url(forged), status=400, words="invalid", offer=due_offer)


def test_tampered_token_is_refused(due_offer, tenant, organisation):
    other = OfferFactory(tenant=tenant, organisation=organisation, last_confirmed_at=CONFIRMED)
    token = confirmation_token(offer_id=due_offer.pk, due=DUE)
    payload, rest = token.split(":", 1)
    tampered_payload = (
        signing.TimestampSigner(salt=LINK_SALT)
        .sign_object({"o": other.pk, "d": DUE.isoformat()})
        .split(":", 1)[0]
    )
    _assert_refused(
        csrf_client(), url(f"{tampered_payload}:{rest}"), status=400, words="invalid", offer=other
    )
    _assert_refused(csrf_client(), url("kaputt"), status=400, words="invalid", offer=due_offer)


def test_expired_token_is_refused(due_offer):
    token = confirmation_token(offer_id=due_offer.pk, due=DUE)
    # 61 days later the link (valid for 60 days by default) has expired.
    with mock.patch("time.time", return_value=time.time() + 61 * 86400):
        _assert_refused(csrf_client(), url(token), status=410, words="expired", offer=due_offer)


def test_link_works_until_its_maximum_age(due_offer):
    token = confirmation_token(offer_id=due_offer.pk, due=DUE)
    with mock.patch("time.time", return_value=time.time() + 59 * 86400):
        assert 'id="confirm-button"' in csrf_client().get(url(token)).content.decode()


def test_used_link_is_refused_after_confirmation(due_offer):
    path = url(confirmation_token(offer_id=due_offer.pk, due=DUE))
    post_with_csrf(csrf_client(), path)
    due_offer.refresh_from_db()
    confirmed = due_offer.confirmation_due
    client = csrf_client()
    for response in (client.get(path), post_with_csrf(client, path)):
        assert response.status_code == 410
        assert 'data-problem="used"' in response.content.decode()
    assert AuditEntry.objects.filter(action="offer.confirm").count() == 1
    due_offer.refresh_from_db()
    assert due_offer.confirmation_due == confirmed


def test_link_is_useless_once_the_offer_was_confirmed_otherwise(due_offer):
    path = url(confirmation_token(offer_id=due_offer.pk, due=DUE))
    offer_confirm(offer=due_offer, by=None)
    response = csrf_client().get(path)
    assert response.status_code == 410 and 'data-problem="used"' in response.content.decode()


def test_archived_offer_is_refused(due_offer):
    path = url(confirmation_token(offer_id=due_offer.pk, due=DUE))
    offer_archive(offer=due_offer, by=None)
    _assert_refused(csrf_client(), path, status=410, words="archived", offer=due_offer)
    assert Offer.all_tenants.get(pk=due_offer.pk).status == OfferStatus.ARCHIVED


def test_deleted_offer_is_refused(due_offer):
    path = url(confirmation_token(offer_id=due_offer.pk, due=DUE))
    Offer.all_tenants.filter(pk=due_offer.pk).delete()
    response = csrf_client().get(path)
    assert response.status_code == 410 and 'data-problem="gone"' in response.content.decode()
