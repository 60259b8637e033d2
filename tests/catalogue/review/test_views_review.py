"""The review queue and the diff page: scope, permissions, approve, reject, stale pages."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalogue.review.helpers import published_offer, submit_change, submit_new, terms
from factories import MembershipFactory, OrganisationFactory, TenantFactory, UserFactory
from praevnav.accounts.enums import Role
from praevnav.catalogue.enums import OfferStatus, RevisionStatus
from praevnav.catalogue.selectors import published_offers
from praevnav.catalogue.services_revisions import offer_revision_withdraw
from praevnav.core.models import TenantKind

pytestmark = pytest.mark.django_db

QUEUE = "/verwaltung/pruefung/"


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor(persona_user):
    return persona_user("traeger_editor")


@pytest.fixture
def planner(persona_user):
    return persona_user("planer")


@pytest.fixture
def offer(tenant, organisation):
    return published_offer(tenant, organisation)


@pytest.fixture
def pending(offer, editor):
    return submit_change(offer, editor, title="Elterncafé Nord-Ost")


def queue_titles(html: str) -> list[str]:
    return [unescape(t) for t in re.findall(r'<th scope="row"[^>]*><a [^>]*>([^<]+)</a>', html)]


def search_titles(client, q: str) -> list[str]:
    html = client.get("/angebote/", {"q": q}).content.decode()
    return [
        unescape(t) for t in re.findall(r'class="pn-result__title"[^>]*><a [^>]*>([^<]+)</a>', html)
    ]


def test_queue_url_is_the_german_path():
    assert reverse("review:queue") == QUEUE


@pytest.mark.parametrize("persona", ["fachkraft", "traeger_editor", "koordination"])
def test_queue_and_diff_are_closed_to_other_roles(persona, persona_client, pending, editor):
    # The editor who submitted the change must not review it either.
    client = login(editor) if persona == "traeger_editor" else persona_client(persona)
    assert client.get(QUEUE).status_code == 403
    assert client.get(f"{QUEUE}{pending.pk}/").status_code == 403
    response = client.post(f"{QUEUE}{pending.pk}/freigeben/", {"approve-submitted": "x"})
    assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.status == RevisionStatus.SUBMITTED


def test_anonymous_goes_to_login(client, pending):
    response = client.get(QUEUE)
    assert response.status_code == 302 and response["Location"].startswith("/konto/")
    assert "next=" in response["Location"]


@pytest.mark.parametrize("persona", ["planer", "admin"])
def test_queue_lists_submissions_oldest_first_with_details(
    persona, persona_client, tenant, organisation, editor, offer
):
    other_org = OrganisationFactory(tenant=tenant, name="Kinderschutzbund")
    first = submit_change(offer, editor, title="Elterncafé Nord-Ost")
    second_offer = published_offer(tenant, other_org, title="Babyschwimmen")
    submit_change(second_offer, editor, channel="import", childcare=True)
    submit_new(tenant, organisation, editor, title="Familienpatenschaft")

    client = persona_client(persona)
    html = client.get(QUEUE).content.decode()

    assert queue_titles(html) == ["Elterncafé Nord-Ost", "Babyschwimmen", "Familienpatenschaft"]
    row = re.search(rf'<tr[^>]*id="revision-{first.pk}".*?</tr>', html, re.S).group(0)
    assert "Familienhilfe Nord e. V." in row and "Titel" in row
    assert editor.username in row
    baby = re.search(r"<tr[^>]*>(?:(?!</tr>).)*Babyschwimmen.*?</tr>", html, re.S).group(0)
    assert "Kinderschutzbund" in baby and "Kinderbetreuung" in baby
    assert re.search(r"[Ii]mport", baby)
    new = re.search(r"<tr[^>]*>(?:(?!</tr>).)*Familienpatenschaft.*?</tr>", html, re.S).group(0)
    assert "New offer" in new or "Neues Angebot" in new


def test_queue_filters_by_provider_and_kind(persona_client, tenant, organisation, editor, offer):
    other_org = OrganisationFactory(tenant=tenant, name="Kinderschutzbund")
    submit_change(offer, editor, title="Elterncafé Nord-Ost")
    submit_change(published_offer(tenant, other_org, title="Babyschwimmen"), editor, childcare=True)
    submit_new(tenant, organisation, editor, title="Familienpatenschaft")
    client = persona_client("planer")

    by_provider = client.get(QUEUE, {"organisation": other_org.pk}).content.decode()
    assert queue_titles(by_provider) == ["Babyschwimmen"]
    new_only = client.get(QUEUE, {"kind": "new"}).content.decode()
    assert queue_titles(new_only) == ["Familienpatenschaft"]
    changes = client.get(
        QUEUE, {"kind": "change", "organisation": organisation.pk}
    ).content.decode()
    assert queue_titles(changes) == ["Elterncafé Nord-Ost"]


def test_queue_query_count_does_not_grow_with_the_queue(
    persona_client, tenant, organisation, editor
):
    client = persona_client("planer")
    for i in range(2):
        submit_change(published_offer(tenant, organisation, title=f"A{i}"), editor, childcare=True)
    client.get(QUEUE)  # session, tenant and permission caches warm
    with CaptureQueriesContext(connection) as small:
        assert len(queue_titles(client.get(QUEUE).content.decode())) == 2
    for i in range(6):
        org = OrganisationFactory(tenant=tenant)
        submit_change(published_offer(tenant, org, title=f"B{i}"), editor, childcare=True)
    with CaptureQueriesContext(connection) as large:
        assert len(queue_titles(client.get(QUEUE).content.decode())) == 8
    assert len(large.captured_queries) == len(small.captured_queries)
    assert len(large.captured_queries) <= 10


def test_planner_of_another_tenant_neither_sees_nor_decides(other_tenant, pending):
    stranger = UserFactory(username="planer-anderswo")
    MembershipFactory(user=stranger, tenant=other_tenant, role=Role.PLANER)
    client = login(stranger)
    html = client.get(QUEUE, {"tenant": other_tenant.slug}).content.decode()
    assert queue_titles(html) == []
    assert client.get(f"{QUEUE}{pending.pk}/").status_code == 404
    response = client.post(
        f"{QUEUE}{pending.pk}/freigeben/",
        {"approve-submitted": pending.submitted_at.isoformat()},
    )
    assert response.status_code == 404
    pending.refresh_from_db()
    assert pending.status == RevisionStatus.SUBMITTED


def test_kreis_planner_reviews_the_member_towns_submissions(db):
    kreis = TenantFactory(slug="kreis-test", kind=TenantKind.KREIS, name="Kreis Test")
    town = TenantFactory(slug="stadt-im-kreis", kind=TenantKind.GEMEINDE, parent=kreis)
    org = OrganisationFactory(tenant=town, name="Träger im Ort")
    author = UserFactory(username="redaktion-ort")
    MembershipFactory(user=author, tenant=town, role=Role.TRAEGER_EDITOR, organisation=org)
    revision = submit_change(published_offer(town, org), author, title="Treff im Ort")
    planner = UserFactory(username="planer-kreis")
    MembershipFactory(user=planner, tenant=kreis, role=Role.PLANER)
    client = login(planner)

    assert queue_titles(client.get(QUEUE, {"tenant": kreis.slug}).content.decode()) == [
        "Treff im Ort"
    ]
    assert "Treff im Ort" in client.get(f"{QUEUE}{revision.pk}/").content.decode()


def test_diff_page_shows_before_and_after_and_list_names(persona_client, tenant, offer, editor):
    topic_a, topic_b = terms(tenant)
    offer.topics.set([topic_b])
    revision = submit_change(
        offer, editor, title="Elterncafé Nord-Ost", topics=[topic_a.pk], childcare=True
    )
    html = unescape(persona_client("planer").get(f"{QUEUE}{revision.pk}/").content.decode())

    table = re.search(r'<table[^>]*id="review-diff".*?</table>', html, re.S).group(0)
    title_row = re.search(r'data-field="title".*?</tr>', table, re.S).group(0)
    assert "Elterncafé Nord" in title_row and "Elterncafé Nord-Ost" in title_row
    topic_row = re.search(r'data-field="topics".*?</tr>', table, re.S).group(0)
    assert re.search(rf"pn-diff__added.*{re.escape(topic_a.name)}", topic_row, re.S)
    assert re.search(rf"pn-diff__removed.*{re.escape(topic_b.name)}", topic_row, re.S)
    childcare = re.search(r'data-field="childcare".*?</tr>', table, re.S).group(0)
    assert "Nein" in childcare and "Ja" in childcare
    assert 'data-field="description"' not in table  # unchanged fields are not listed


def test_new_offer_shows_every_filled_field(persona_client, tenant, organisation, editor):
    revision = submit_new(
        tenant, organisation, editor, title="Familienpatenschaft", website="https://example.org"
    )
    html = persona_client("planer").get(f"{QUEUE}{revision.pk}/").content.decode()
    table = re.search(r'<table[^>]*id="review-diff".*?</table>', html, re.S).group(0)
    fields = re.findall(r'data-field="([a-z_]+)"', table)
    assert {"title", "description", "organisation", "website"} <= set(fields)
    assert "childcare" not in fields and "public_phone" not in fields


def test_published_version_stays_in_search_while_pending(client, tenant, pending, offer):
    assert list(published_offers(tenant=tenant).values_list("title", flat=True)) == [
        "Elterncafé Nord"
    ]
    assert search_titles(client, "Elterncafé") == ["Elterncafé Nord"]
    page = unescape(client.get("/angebote/", {"q": "Elterncafé"}).content.decode())
    assert "Elterncafé Nord-Ost" not in page


def test_approve_publishes_and_search_sees_the_new_title(
    persona_client, client, tenant, offer, editor, django_capture_on_commit_callbacks
):
    revision = submit_change(offer, editor, title="Familienfrühstück Nord")
    planner_client = persona_client("planer")
    with django_capture_on_commit_callbacks(execute=True):
        response = planner_client.post(
            f"{QUEUE}{revision.pk}/freigeben/",
            {"approve-note": "Danke!", "approve-submitted": revision.submitted_at.isoformat()},
        )
    assert response.status_code == 302 and response["Location"] == QUEUE
    revision.refresh_from_db()
    offer.refresh_from_db()
    assert revision.status == RevisionStatus.APPROVED and revision.review_note == "Danke!"
    assert offer.title == "Familienfrühstück Nord"
    assert search_titles(client, "Familienfrühstück") == ["Familienfrühstück Nord"]
    page = planner_client.get(response["Location"]).content.decode()
    assert "Familienfrühstück Nord" in unescape(page)  # the success message names it
    assert len(mail.outbox) == 1 and editor.email in mail.outbox[0].bcc


def test_reject_without_note_is_a_form_error_and_changes_nothing(
    persona_client, pending, offer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = persona_client("planer").post(
            f"{QUEUE}{pending.pk}/ablehnen/",
            {"reject-note": "   ", "reject-submitted": pending.submitted_at.isoformat()},
        )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="error-summary"' in html and 'href="#id_reject-note"' in html
    pending.refresh_from_db()
    assert pending.status == RevisionStatus.SUBMITTED and pending.review_note == ""
    assert mail.outbox == []


def test_reject_keeps_published_version_and_mails_the_note(
    persona_client, client, pending, offer, editor, django_capture_on_commit_callbacks
):
    note = "Bitte die Uhrzeiten ergänzen."
    with django_capture_on_commit_callbacks(execute=True):
        response = persona_client("planer").post(
            f"{QUEUE}{pending.pk}/ablehnen/",
            {"reject-note": note, "reject-submitted": pending.submitted_at.isoformat()},
        )
    assert response.status_code == 302 and response["Location"] == QUEUE
    pending.refresh_from_db()
    offer.refresh_from_db()
    assert pending.status == RevisionStatus.REJECTED and pending.review_note == note
    assert offer.title == "Elterncafé Nord" and offer.status == OfferStatus.PUBLISHED
    assert search_titles(client, "Elterncafé") == ["Elterncafé Nord"]
    assert len(mail.outbox) == 1
    assert note in mail.outbox[0].body and editor.email in mail.outbox[0].bcc


def test_withdrawn_meanwhile_the_post_says_so_and_changes_nothing(
    persona_client, pending, offer, editor
):
    stamp = pending.submitted_at.isoformat()
    client = persona_client("planer")
    client.get(f"{QUEUE}{pending.pk}/")  # the planner opens the page …
    offer_revision_withdraw(revision=pending, by=editor)  # … the provider withdraws
    response = client.post(
        f"{QUEUE}{pending.pk}/freigeben/", {"approve-note": "", "approve-submitted": stamp}
    )
    assert response.status_code == 409
    assert 'id="stale-error"' in response.content.decode()
    pending.refresh_from_db()
    offer.refresh_from_db()
    assert pending.status == RevisionStatus.DRAFT and offer.title == "Elterncafé Nord"


def test_resubmitted_meanwhile_is_not_decided_blindly(persona_client, pending, offer, editor):
    from praevnav.catalogue.services_revisions import offer_draft_save, offer_revision_submit

    stamp = pending.submitted_at.isoformat()
    offer_revision_withdraw(revision=pending, by=editor)
    data = dict(pending.data, title="Etwas ganz anderes")
    offer_revision_submit(revision=offer_draft_save(offer=offer, data=data, by=editor), by=editor)
    response = persona_client("planer").post(
        f"{QUEUE}{pending.pk}/freigeben/", {"approve-submitted": stamp}
    )
    assert response.status_code == 409
    pending.refresh_from_db()
    offer.refresh_from_db()
    assert pending.status == RevisionStatus.SUBMITTED and offer.title == "Elterncafé Nord"
