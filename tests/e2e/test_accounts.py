"""Journeys of logging in and resetting a password, in a real browser."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from e2e.helpers import assert_accessible, assert_one_h1
from factories import MembershipFactory, UserFactory
from praevnav.accounts.enums import Role

pytestmark = pytest.mark.e2e

PASSWORD = "correct horse battery"


@pytest.fixture
def fachkraft(tenant):
    user = UserFactory(username="f.mueller", email="f.mueller@example.org")
    MembershipFactory(user=user, tenant=tenant, role=Role.FACHKRAFT)
    return user


def test_wrong_password_shows_an_accessible_error_summary(page, fachkraft):
    page.goto("/konto/anmelden/")
    assert_accessible(page, context="login form")

    page.get_by_label("Benutzername oder E-Mail-Adresse").fill("f.mueller")
    page.get_by_label("Passwort").fill("falsch")
    page.get_by_role("button", name="Anmelden").click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Bitte prüfen Sie Ihre Eingaben")
    expect(summary).to_contain_text("Passwort sind nicht korrekt")
    # The summary receives focus, so screen reader users hear it first.
    expect(summary).to_be_focused()
    assert page.title().startswith("Fehler:")
    assert_accessible(page, context="login with wrong password")


def test_login_by_e_mail_lands_on_the_start_page_with_the_user_menu(page, fachkraft):
    page.goto("/konto/anmelden/")

    page.get_by_label("Benutzername oder E-Mail-Adresse").fill("F.Mueller@example.org")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()

    expect(page).to_have_url(re.compile(r"/$"))
    user_menu = page.get_by_role("list", name="Benutzermenü")
    expect(user_menu).to_contain_text("f.mueller")
    expect(user_menu.get_by_role("link", name="Mein Konto")).to_be_visible()
    assert_accessible(page, context="start page, logged in")

    user_menu.get_by_role("link", name="Mein Konto").click()
    assert assert_one_h1(page) == "Mein Konto"
    expect(page.locator("table")).to_contain_text("Fachkraft")
    assert_accessible(page, context="profile")

    page.get_by_role("button", name="Abmelden").click()
    expect(page.locator(".kern-alert--success")).to_contain_text("Sie wurden abgemeldet.")
    expect(page.get_by_role("list", name="Benutzermenü")).to_contain_text("Anmelden")


def test_password_reset_by_e_mail_link_sets_a_new_password(page, fachkraft, live_server):
    page.goto("/konto/anmelden/")
    page.get_by_role("link", name="Passwort vergessen?").click()
    assert assert_one_h1(page) == "Passwort zurücksetzen"
    assert_accessible(page, context="password reset form")

    page.get_by_label("E-Mail").fill("f.mueller@example.org")
    page.get_by_role("button", name="Link senden").click()

    assert assert_one_h1(page) == "Bitte prüfen Sie Ihr E-Mail-Postfach"
    assert_accessible(page, context="password reset sent")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Präventionsnavigator: Neues Passwort festlegen"
    assert "Guten Tag," in message.body
    link = re.search(r"http://\S+/konto/passwort-neu/\S+/", message.body).group(0)
    assert link.startswith(live_server.url)

    page.goto(link)
    assert assert_one_h1(page) == "Neues Passwort festlegen"
    page.get_by_label("Neues Passwort", exact=True).fill("kurz")
    page.get_by_label("Neues Passwort bestätigen").fill("kurz")
    page.get_by_role("button", name="Passwort speichern").click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert_accessible(page, context="new password too short")

    page.get_by_label("Neues Passwort", exact=True).fill("Sonnenblumenfeld-2026")
    page.get_by_label("Neues Passwort bestätigen").fill("Sonnenblumenfeld-2026")
    page.get_by_role("button", name="Passwort speichern").click()
    assert assert_one_h1(page) == "Passwort gespeichert"
    assert_accessible(page, context="password saved")

    fachkraft.refresh_from_db()
    assert fachkraft.check_password("Sonnenblumenfeld-2026")
