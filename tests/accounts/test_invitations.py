"""Inviting colleagues as editors: the service, the colleagues page and the accept page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from factories import MembershipFactory, OrganisationFactory, UserFactory
from praevnav.accounts.enums import Role
from praevnav.accounts.models import Invitation, Membership, User
from praevnav.accounts.services_invitations import (
    RATE_LIMIT,
    invitation_accept,
    invitation_create,
    invitation_revoke,
    token_hash,
)
from praevnav.core.models import AuditEntry

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def editor(tenant, organisation):
    user = UserFactory(username="e.editor", email="editor@example.org")
    MembershipFactory(user=user, tenant=tenant, role=Role.TRAEGER_EDITOR, organisation=organisation)
    return user


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _english() -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_create_stores_only_hash_and_mails_link(
    organisation, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = invitation_create(
            organisation=organisation,
            email=" Neu@Example.org ",
            by=editor,
            base_url="http://testserver/",
        )
    assert invitation.email == "neu@example.org"
    assert invitation.token_hash == token_hash(token) and token not in invitation.token_hash
    assert timedelta(days=13) < invitation.expires_at - timezone.now() <= timedelta(days=14)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["neu@example.org"]
    assert f"http://testserver/konto/einladung/{token}/" in mail.outbox[0].body
    assert AuditEntry.objects.filter(
        action="invitation.create", object_id=str(invitation.pk)
    ).exists()


def test_reinvite_replaces_open_invitation(organisation, editor):
    first, old_token = invitation_create(
        organisation=organisation, email="a@example.org", by=editor
    )
    Invitation.all_tenants.filter(pk=first.pk).update(
        created_at=timezone.now() - timedelta(hours=1)
    )
    second, _ = invitation_create(organisation=organisation, email="a@example.org", by=editor)
    assert list(Invitation.all_tenants.values_list("pk", flat=True)) == [second.pk]
    response = _english().get(f"/konto/einladung/{old_token}/")
    assert response.status_code == 404


def test_rate_limits(organisation, editor):
    invitation_create(organisation=organisation, email="b@example.org", by=editor)
    with pytest.raises(ValidationError) as exc:
        invitation_create(organisation=organisation, email="b@example.org", by=editor)
    assert "email" in exc.value.message_dict
    for i in range(RATE_LIMIT - 1):
        invitation_create(organisation=organisation, email=f"p{i}@example.org", by=editor)
    with pytest.raises(ValidationError):
        invitation_create(organisation=organisation, email="one-too-many@example.org", by=editor)
    assert Invitation.all_tenants.count() == RATE_LIMIT


def test_colleagues_page_lists_editors_and_invites(editor_client, organisation, tenant):
    colleague = UserFactory(username="k.kollegin", email="kollegin@example.org")
    MembershipFactory(
        user=colleague, tenant=tenant, role=Role.TRAEGER_EDITOR, organisation=organisation
    )
    response = editor_client.post("/traeger/kolleginnen/", {"email": "neu@example.org"})
    assert response.status_code == 302
    html = editor_client.get("/traeger/kolleginnen/").content.decode()
    assert "kollegin@example.org" in html and "editor@example.org" in html
    assert "neu@example.org" in html  # open invitation
    assert Invitation.all_tenants.get().organisation == organisation


def test_colleagues_page_rejects_bad_address_and_existing_editor(editor_client):
    html = editor_client.post("/traeger/kolleginnen/", {"email": "kein-mail"}).content.decode()
    assert 'href="#id_email"' in html
    html = editor_client.post(
        "/traeger/kolleginnen/", {"email": "EDITOR@example.org"}
    ).content.decode()
    assert "already an editor" in html
    assert not Invitation.all_tenants.exists()


def test_accept_as_new_user(organisation, editor, tenant):
    invitation, token = invitation_create(
        organisation=organisation, email="neu@example.org", by=editor
    )
    client = _english()
    page = client.get(f"/konto/einladung/{token}/").content.decode()
    assert organisation.name in page and "neu@example.org" in page
    # A weak password is refused by Django's validators; nothing is created.
    html = client.post(
        f"/konto/einladung/{token}/",
        {"username": "n.neu", "password1": "123", "password2": "123"},
    ).content.decode()
    assert 'href="#id_password1"' in html
    assert not User.objects.filter(username="n.neu").exists()
    response = client.post(
        f"/konto/einladung/{token}/",
        {
            "username": "n.neu",
            "first_name": "Nora",
            "password1": "Sonnenblume-1984!",
            "password2": "Sonnenblume-1984!",
        },
    )
    assert (
        response.status_code == 302
        and response["Location"] == f"/traeger/?organisation={organisation.pk}"
    )
    user = User.objects.get(username="n.neu")
    assert user.email == "neu@example.org" and user.check_password("Sonnenblume-1984!")
    assert Membership.all_tenants.filter(
        user=user, role=Role.TRAEGER_EDITOR, organisation=organisation
    ).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_by == user and invitation.accepted_at is not None
    assert AuditEntry.objects.filter(
        action="invitation.accept", object_id=str(invitation.pk)
    ).exists()
    # Logged in now: the workspace shows the organisation.
    assert organisation.name in client.get(response["Location"]).content.decode()
    # The link is used up.
    again = _english().get(f"/konto/einladung/{token}/")
    assert again.status_code == 410 and "already been used" in again.content.decode()


def test_accept_as_logged_in_user_with_invited_address(organisation, editor, tenant):
    existing = UserFactory(username="b.bestand", email="bestand@example.org")
    _, token = invitation_create(organisation=organisation, email="bestand@example.org", by=editor)
    client = _english()
    client.force_login(existing)
    assert "Accept invitation" in client.get(f"/konto/einladung/{token}/").content.decode()
    client.post(f"/konto/einladung/{token}/")
    assert existing.organisation_ids_in(tenant) == {organisation.pk}


def test_logged_in_user_with_other_address_cannot_accept(organisation, editor, tenant):
    _, token = invitation_create(organisation=organisation, email="jemand@example.org", by=editor)
    other = UserFactory(username="x.fremd", email="fremd@example.org")
    client = _english()
    client.force_login(other)
    html = client.post(f"/konto/einladung/{token}/").content.decode()
    assert "Another account is logged in" in html
    assert other.organisation_ids_in(tenant) == set()
    assert Invitation.all_tenants.get().accepted_at is None


def test_expired_and_forged_tokens_change_nothing(organisation, editor):
    invitation, token = invitation_create(
        organisation=organisation, email="alt@example.org", by=editor
    )
    Invitation.all_tenants.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    client = _english()
    response = client.post(
        f"/konto/einladung/{token}/",
        {"username": "a.alt", "password1": "Sonnenblume-1984!", "password2": "Sonnenblume-1984!"},
    )
    assert response.status_code == 410 and "has expired" in response.content.decode()
    forged = client.post(
        f"/konto/einladung/{token[:-2]}xx/",
        {"username": "a.alt", "password1": "Sonnenblume-1984!", "password2": "Sonnenblume-1984!"},
    )
    assert forged.status_code == 404 and "link is not valid" in forged.content.decode()
    assert not User.objects.filter(username="a.alt").exists()
    with pytest.raises(ValidationError):
        invitation_accept(invitation=invitation, username="a.alt", password="Sonnenblume-1984!")


def test_invitation_of_other_organisation_grants_only_that_one(tenant, editor):
    other = OrganisationFactory(tenant=tenant)
    _, token = invitation_create(organisation=other, email="z@example.org", by=None)
    _english().post(
        f"/konto/einladung/{token}/",
        {"username": "z.z", "password1": "Sonnenblume-1984!", "password2": "Sonnenblume-1984!"},
    )
    user = User.objects.get(username="z.z")
    assert user.organisation_ids_in(tenant) == {other.pk}


ACCEPT_FORM = {
    "username": "w.weg",
    "password1": "Sonnenblume-1984!",
    "password2": "Sonnenblume-1984!",
}


def test_withdrawn_invitation_leaves_the_list_and_its_link_says_so(
    editor_client, organisation, editor
):
    invitation, token = invitation_create(
        organisation=organisation, email="weg@example.org", by=editor
    )
    page = editor_client.get("/traeger/kolleginnen/").content.decode()
    withdraw_url = f"/traeger/einladungen/{invitation.pk}/zurueckziehen/"
    assert f'action="{withdraw_url}"' in page
    response = editor_client.post(withdraw_url, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/traeger/kolleginnen/?organisation={organisation.pk}"
    assert "The invitation to weg@example.org has been withdrawn" in html
    assert f'id="invitation-{invitation.pk}"' not in html and "No open invitations." in html
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None and invitation.revoked_by == editor
    assert AuditEntry.objects.filter(
        action="invitation.revoke", object_id=str(invitation.pk), actor=editor
    ).exists()
    # The link no longer works, says why, and accepting through it creates nothing.
    client = _english()
    opened = client.get(f"/konto/einladung/{token}/")
    assert opened.status_code == 410 and "has been withdrawn" in opened.content.decode()
    assert client.post(f"/konto/einladung/{token}/", ACCEPT_FORM).status_code == 410
    assert not User.objects.filter(username="w.weg").exists()
    with pytest.raises(ValidationError, match="withdrawn"):
        invitation_accept(invitation=invitation, username="w.weg", password="Sonnenblume-1984!")
    assert not Membership.all_tenants.filter(user__username="w.weg").exists()


def test_withdrawing_twice_or_after_acceptance_changes_nothing(editor_client, organisation, editor):
    invitation, _ = invitation_create(
        organisation=organisation, email="zwei@example.org", by=editor
    )
    invitation_revoke(invitation=invitation, by=editor)
    invitation.refresh_from_db()
    first_revoked_at = invitation.revoked_at
    html = editor_client.post(
        f"/traeger/einladungen/{invitation.pk}/zurueckziehen/", follow=True
    ).content.decode()
    assert "has been withdrawn already" in html
    invitation.refresh_from_db()
    assert invitation.revoked_at == first_revoked_at
    assert AuditEntry.objects.filter(action="invitation.revoke").count() == 1

    accepted, token = invitation_create(
        organisation=organisation, email="angenommen@example.org", by=editor
    )
    _english().post(f"/konto/einladung/{token}/", {**ACCEPT_FORM, "username": "a.angenommen"})
    accepted.refresh_from_db()
    assert accepted.accepted_at is not None
    with pytest.raises(ValidationError, match="already been accepted"):
        invitation_revoke(invitation=accepted, by=editor)
    accepted.refresh_from_db()
    assert accepted.revoked_at is None
    assert User.objects.get(username="a.angenommen").organisation_ids_in(organisation.tenant) == {
        organisation.pk
    }


def test_reinviting_after_withdrawal_sends_a_working_link(organisation, editor):
    invitation, old_token = invitation_create(
        organisation=organisation, email="nochmal@example.org", by=editor
    )
    invitation_revoke(invitation=invitation, by=editor)
    Invitation.all_tenants.filter(pk=invitation.pk).update(
        created_at=timezone.now() - timedelta(hours=1)
    )
    _, new_token = invitation_create(
        organisation=organisation, email="nochmal@example.org", by=editor
    )
    assert _english().get(f"/konto/einladung/{old_token}/").status_code == 404
    assert _english().get(f"/konto/einladung/{new_token}/").status_code == 200
