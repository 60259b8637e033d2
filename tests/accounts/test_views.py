"""Login, logout, password reset and profile views."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse

from core.pagetext import headings, table_rows
from factories import MembershipFactory, OrganisationFactory, TenantFactory, UserFactory
from praevnav.accounts.enums import Role

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


@pytest.fixture
def fachkraft(tenant):
    user = UserFactory(username="f.mueller", email="f.mueller@example.org")
    MembershipFactory(user=user, tenant=tenant, role=Role.FACHKRAFT)
    return user


def test_login_with_e_mail_address_logs_the_user_in(client, fachkraft):
    response = client.post(
        reverse("accounts:login"), {"username": "F.Mueller@Example.org", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("catalogue:home")
    assert int(client.session[SESSION_KEY]) == fachkraft.pk


def test_login_with_user_name_follows_next(client, fachkraft):
    response = client.post(
        reverse("accounts:login") + "?next=/impressum/",
        {"username": "f.mueller", "password": PASSWORD, "next": "/impressum/"},
    )

    assert response["Location"] == "/impressum/"


def test_wrong_password_rerenders_with_error_summary_and_linked_field_errors(client, fachkraft):
    response = client.post(
        reverse("accounts:login"), {"username": "f.mueller@example.org", "password": "falsch"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert SESSION_KEY not in client.session
    assert 'id="error-summary"' in html
    assert "Benutzername, E-Mail-Adresse oder Passwort sind nicht korrekt." in html
    assert headings(html, "h1") == ["Anmelden"]


def test_missing_password_is_named_in_summary_and_at_the_field(client, fachkraft):
    response = client.post(reverse("accounts:login"), {"username": "f.mueller", "password": ""})

    html = response.content.decode()
    assert '<a class="kern-link" href="#id_password">Passwort: ' in html
    assert 'id="id_password_error"' in html
    field = re.search(r"<input[^>]*id=\"id_password\"[^>]*>", html).group(0)
    assert 'aria-invalid="true"' in field
    assert 'aria-describedby="id_password_error"' in field


def test_logout_requires_post(client, fachkraft):
    client.force_login(fachkraft)

    response = client.get(reverse("accounts:logout"))

    assert response.status_code == 200
    assert SESSION_KEY in client.session  # still logged in: GET only asks
    assert "Möchten Sie sich jetzt abmelden?" in response.content.decode()

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert SESSION_KEY not in client.session


def test_password_reset_sends_a_german_mail_with_a_working_link(client, fachkraft):
    response = client.post(reverse("accounts:password_reset"), {"email": "f.mueller@example.org"})

    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["f.mueller@example.org"]
    assert message.subject == "Präventionsnavigator: Neues Passwort festlegen"
    assert "Ihr Benutzername: f.mueller" in message.body
    path = re.search(r"http://testserver(/konto/passwort-neu/\S+/)", message.body).group(1)

    form_url = client.get(path)["Location"]  # Django swaps the token for a session marker
    response = client.post(
        form_url,
        {"new_password1": "Sonnenblumenfeld-2026", "new_password2": "Sonnenblumenfeld-2026"},
    )

    assert response["Location"] == reverse("accounts:password_reset_complete")
    fachkraft.refresh_from_db()
    assert fachkraft.check_password("Sonnenblumenfeld-2026")


def test_password_reset_for_unknown_address_reveals_nothing(client, fachkraft):
    response = client.post(reverse("accounts:password_reset"), {"email": "niemand@example.org"})

    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_invalid_reset_link_explains_what_to_do(client, fachkraft):
    response = client.get(
        reverse("accounts:password_reset_confirm", args=["MQ", "abc-def"]), follow=True
    )

    assert headings(response.content.decode(), "h1") == ["Dieser Link ist nicht mehr gültig"]


def test_profile_lists_roles_per_tenant(client, tenant):
    kreis = TenantFactory(slug="kreis-dueren", name="Kreis Düren", kind="kreis")
    organisation = OrganisationFactory(tenant=kreis, name="Familienzentrum Düren e. V.")
    user = UserFactory(username="planerin")
    MembershipFactory(user=user, tenant=tenant, role=Role.PLANER)
    MembershipFactory(user=user, tenant=kreis, role=Role.TRAEGER_EDITOR, organisation=organisation)
    client.force_login(user)

    html = client.get(reverse("accounts:profile")).content.decode()

    rows = table_rows(html)
    assert ["Kreis Düren", "Träger-Redaktion", "Familienzentrum Düren e. V."] in rows
    assert ["Landeshauptstadt Düsseldorf", "Planung/Redaktion", "–"] in rows
    assert headings(html, "h1") == ["Mein Konto"]


def test_profile_requires_login(client, tenant):
    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
