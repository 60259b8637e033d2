"""Named lists of professionals: create from the Merkliste, edit, share, owner only."""

from __future__ import annotations

import pytest
from django.test import Client

from conftest import make_persona
from factories import OfferFactory
from praevnav.catalogue.lists import NamedList, offer_list_create
from praevnav.catalogue.models import OfferList, OfferListItem

ADD = "/merkliste/hinzufuegen/"


@pytest.fixture
def offers(tenant):
    return [OfferFactory(tenant=tenant, title=t) for t in ["Elterncafé", "Kita-Sozialarbeit"]]


def _named(pk: int, suffix: str = "") -> str:
    return f"/merkliste/listen/{pk}/{suffix}"


def test_fachkraft_saves_the_merkliste_as_a_named_list(persona_client, offers):
    client = persona_client("fachkraft")
    for offer in offers:
        client.post(ADD, {"offer": offer.pk})
    client.post("/merkliste/aendern/", {"offer": offers[0].pk, "action": "note", "note": "Mo."})

    response = client.post("/merkliste/listen/neu/", {"new-name": "  Familie  Fall 12 "})

    offer_list = OfferList.all_tenants.get()
    assert response["Location"] == _named(offer_list.pk)
    assert offer_list.name == "Familie Fall 12"
    assert offer_list.owner.username.startswith("fachkraft")
    assert len(offer_list.share_token) >= 30
    assert list(offer_list.items.values_list("offer_id", "position", "note")) == [
        (offers[0].pk, 0, "Mo."),
        (offers[1].pk, 1, ""),
    ]
    html = client.get(_named(offer_list.pk)).content.decode()
    assert "Familie Fall 12" in html and "Kita-Sozialarbeit" in html
    assert f"/merkliste/l/{offer_list.share_token}/" in html


def test_named_list_reorder_note_remove_rename_and_delete(persona_client, offers):
    client = persona_client("fachkraft")
    client.post("/merkliste/listen/neu/", {"new-name": "Liste"})
    offer_list = OfferList.all_tenants.get()
    for offer in offers:
        NamedList(offer_list).add(offer.pk)

    client.post(_named(offer_list.pk, "aendern/"), {"offer": offers[1].pk, "action": "up"})
    assert [e.offer_id for e in NamedList(offer_list).entries] == [offers[1].pk, offers[0].pk]
    client.post(
        _named(offer_list.pk, "aendern/"),
        {"offer": offers[0].pk, "action": "note", "note": "x" * 10},
    )
    assert NamedList(offer_list).entries[1].note == "x" * 10
    too_long = client.post(
        _named(offer_list.pk, "aendern/"),
        {"offer": offers[0].pk, "action": "note", "note": "x" * 301},
    )
    assert too_long.status_code == 400
    client.post(_named(offer_list.pk, "aendern/"), {"offer": offers[1].pk, "action": "remove"})
    assert [e.offer_id for e in NamedList(offer_list).entries] == [offers[0].pk]
    client.post(_named(offer_list.pk, "umbenennen/"), {"name": "Neuer Name"})
    offer_list.refresh_from_db()
    assert offer_list.name == "Neuer Name"
    assert client.get(_named(offer_list.pk, "loeschen/")).status_code == 200
    client.post(_named(offer_list.pk, "loeschen/"))
    assert not OfferList.all_tenants.exists()
    assert not OfferListItem.objects.exists()


def test_named_list_takes_over_the_current_merkliste(persona_client, offers):
    client = persona_client("planer")
    client.post("/merkliste/listen/neu/", {"new-name": "Leer"})
    offer_list = OfferList.all_tenants.get()
    for offer in offers:
        client.post(ADD, {"offer": offer.pk})

    client.post(_named(offer_list.pk, "ergaenzen/"))

    assert [e.offer_id for e in NamedList(offer_list).entries] == [o.pk for o in offers]


def test_another_professional_cannot_see_or_change_my_list(tenant, persona_user, offers):
    owner = persona_user("fachkraft")
    offer_list = offer_list_create(owner=owner, tenant=tenant, name="Liste Quittenweg", entries=[])
    other = make_persona("koordination", tenant)
    client = Client()
    client.force_login(other)

    assert client.get(_named(offer_list.pk)).status_code == 404
    assert client.get(_named(offer_list.pk, "pdf/")).status_code == 404
    assert client.post(_named(offer_list.pk, "loeschen/")).status_code == 404
    assert client.post(_named(offer_list.pk, "umbenennen/"), {"name": "X"}).status_code == 404
    assert "Liste Quittenweg" not in client.get("/merkliste/listen/").content.decode()
    offer_list.refresh_from_db()
    assert offer_list.name == "Liste Quittenweg"


def test_owner_in_another_tenant_does_not_see_the_list(tenant, other_tenant, persona_user):
    owner = persona_user("fachkraft")
    offer_list = offer_list_create(owner=owner, tenant=tenant, name="Liste Quittenweg", entries=[])
    client = Client()
    client.force_login(owner)

    assert client.get(_named(offer_list.pk), {"tenant": other_tenant.slug}).status_code in (
        403,
        404,
    )


def test_citizens_cannot_keep_named_lists(client, tenant, offers):
    anonymous = client.get("/merkliste/listen/")
    create = client.post("/merkliste/listen/neu/", {"new-name": "X"})

    assert anonymous.status_code == 302 and "/konto/" in anonymous["Location"]
    assert create.status_code == 302 and "/konto/" in create["Location"]
    assert not OfferList.all_tenants.exists()
    client.post(ADD, {"offer": offers[0].pk})
    assert "named_list_create" not in client.get("/merkliste/").content.decode()
    assert "/merkliste/listen/neu/" not in client.get("/merkliste/").content.decode()


def test_logged_in_user_without_role_is_refused(db, tenant):
    from factories import UserFactory

    client = Client()
    client.force_login(UserFactory(username="ohne-rolle"))

    assert client.get("/merkliste/listen/").status_code == 403
    assert client.post("/merkliste/listen/neu/", {"new-name": "X"}).status_code == 403


def test_public_share_link_is_read_only_and_tenant_scoped(
    tenant, other_tenant, persona_user, offers
):
    owner = persona_user("fachkraft")
    offer_list = offer_list_create(owner=owner, tenant=tenant, name="Für Familie", entries=[])
    NamedList(offer_list).add(offers[0].pk, "Hinweis für die Familie")
    path = f"/merkliste/l/{offer_list.share_token}/"

    html = Client().get(path).content.decode()
    assert "Für Familie" in html and "Hinweis für die Familie" in html
    assert "<textarea" not in html
    assert Client().get(path + "pdf/").content.startswith(b"%PDF")
    assert Client().get(path, {"tenant": other_tenant.slug}).status_code == 404
    assert Client().get("/merkliste/l/erfunden/").status_code == 404

    visitor = Client()
    visitor.post(path + "uebernehmen/")
    assert visitor.session["praevnav_merkliste"][str(tenant.pk)] == [
        [offers[0].pk, "Hinweis für die Familie"]
    ]
