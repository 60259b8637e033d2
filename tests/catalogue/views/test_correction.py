"""“Fehler melden”: stored, audited, e-mailed to the right people, rate-limited, bot-proof."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from factories import MembershipFactory, OrganisationFactory, UserFactory
from praevnav.accounts.enums import Role
from praevnav.catalogue.models import CorrectionNote
from praevnav.catalogue.services_correction import correction_note_create
from praevnav.catalogue.views_offer import CORRECTION_LIMIT
from praevnav.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(tenant, organisation, other_tenant):
    """Who should and who should not get the note."""
    editor = UserFactory(username="editor", email="editor@traeger.example")
    MembershipFactory(
        user=editor, tenant=tenant, role=Role.TRAEGER_EDITOR, organisation=organisation
    )
    planner = UserFactory(username="planner", email="planung@stadt.example")
    MembershipFactory(user=planner, tenant=tenant, role=Role.PLANER)
    other_editor = UserFactory(username="other-editor", email="other@traeger.example")
    MembershipFactory(
        user=other_editor,
        tenant=tenant,
        role=Role.TRAEGER_EDITOR,
        organisation=OrganisationFactory(tenant=tenant, name="Anderer Träger"),
    )
    fachkraft = UserFactory(username="fk", email="fk@stadt.example")
    MembershipFactory(user=fachkraft, tenant=tenant, role=Role.FACHKRAFT)
    foreign_planner = UserFactory(username="fp", email="planung@andere.example")
    MembershipFactory(user=foreign_planner, tenant=other_tenant, role=Role.PLANER)
    return {"editor": editor, "planner": planner}


def post(client, offer, **data):
    url = reverse("catalogue:offer_correction", args=[offer.pk])
    return client.post(url, {"message": "Die Telefonnummer stimmt nicht.", **data})


def test_correction_note_is_stored_and_sent_to_editors_and_planners(
    client, catalogue, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, catalogue.elterncafe, contact_email="leser@example.org")

    assert response.status_code == 302
    assert response["Location"] == reverse("catalogue:offer_detail", args=[catalogue.elterncafe.pk])
    note = CorrectionNote.all_tenants.get()
    assert note.offer == catalogue.elterncafe
    assert note.tenant == catalogue.tenant
    assert note.message == "Die Telefonnummer stimmt nicht."
    assert note.contact_email == "leser@example.org"
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert sorted(email.bcc) == ["editor@traeger.example", "planung@stadt.example"]
    assert email.to == []
    assert email.reply_to == ["leser@example.org"]
    assert "Elterncafé Bilk" in email.subject
    assert "Die Telefonnummer stimmt nicht." in email.body
    assert f"/angebote/{catalogue.elterncafe.pk}/" in email.body
    assert AuditEntry.objects.filter(
        action="correction_note.create", object_id=str(note.pk), tenant=catalogue.tenant
    ).exists()


def test_success_message_after_redirect(client, catalogue, staff):
    response = post(client, catalogue.elterncafe)
    page = client.get(response["Location"])

    assert 'class="kern-alert kern-alert--success"' in page.content.decode()


def test_e_mail_is_in_german_whatever_the_reader_language(
    client, catalogue, staff, django_capture_on_commit_callbacks, settings
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with django_capture_on_commit_callbacks(execute=True):
        post(client, catalogue.elterncafe)

    # Rendered under translation.override("de"): the German catalogue, where it has the
    # strings; the offer data is German anyway.
    assert mail.outbox[0].body.count("Elterncafé Bilk") >= 1


def test_message_is_required_and_limited(client, catalogue, staff):
    empty = post(client, catalogue.elterncafe, message="")
    too_long = post(client, catalogue.elterncafe, message="x" * 2001)

    assert empty.status_code == 400 and too_long.status_code == 400
    assert 'id="error-summary"' in empty.content.decode()
    assert CorrectionNote.all_tenants.count() == 0
    assert mail.outbox == []


def test_invalid_reply_address_is_rejected(client, catalogue, staff):
    response = post(client, catalogue.elterncafe, contact_email="keine-adresse")

    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    assert CorrectionNote.all_tenants.count() == 0


def test_honeypot_drops_the_note_silently(client, catalogue, staff):
    response = post(client, catalogue.elterncafe, homepage="http://spam.example")

    assert response.status_code == 302
    assert CorrectionNote.all_tenants.count() == 0
    assert mail.outbox == []


def test_rate_limit_per_session(client, catalogue, staff):
    for _ in range(CORRECTION_LIMIT):
        assert post(client, catalogue.elterncafe).status_code == 302

    blocked = post(client, catalogue.elterncafe)

    assert blocked.status_code == 429
    assert 'id="error-summary"' in blocked.content.decode()
    assert CorrectionNote.all_tenants.count() == CORRECTION_LIMIT


def test_notes_only_for_visible_offers(client, catalogue, staff):
    for offer in (catalogue.draft, catalogue.expired, catalogue.foreign):
        assert post(client, offer).status_code == 404
    assert CorrectionNote.all_tenants.count() == 0


def test_get_is_not_allowed(client, catalogue):
    url = reverse("catalogue:offer_correction", args=[catalogue.elterncafe.pk])

    assert client.get(url).status_code == 405


def test_service_without_recipients_stores_the_note_and_sends_nothing(
    catalogue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        note = correction_note_create(
            offer=catalogue.sprachkita, message="  Adresse falsch  ", contact_email=""
        )

    assert note.message == "Adresse falsch"
    assert mail.outbox == []


def test_inactive_users_get_no_mail(catalogue, staff, django_capture_on_commit_callbacks):
    staff["planner"].is_active = False
    staff["planner"].save()

    with django_capture_on_commit_callbacks(execute=True):
        correction_note_create(offer=catalogue.elterncafe, message="Falsch", contact_email="")

    assert mail.outbox[0].bcc == ["editor@traeger.example"]
