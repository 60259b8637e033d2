"""The review workflow services: drafts, submission, approval, rejection, restore."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from factories import OfferFactory
from praevnav.catalogue.enums import OfferStatus, RevisionStatus
from praevnav.catalogue.models import Offer, OfferRevision
from praevnav.catalogue.revisions import offer_snapshot, snapshot_diff
from praevnav.catalogue.services_revisions import (
    offer_change_direct,
    offer_draft_save,
    offer_revision_approve,
    offer_revision_reject,
    offer_revision_restore,
    offer_revision_submit,
    offer_revision_withdraw,
)
from praevnav.taxonomy.enums import Vocabulary
from praevnav.taxonomy.models import Term

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def published(active_tenant, organisation):
    offer = OfferFactory(
        tenant=active_tenant,
        organisation=organisation,
        status=OfferStatus.PUBLISHED,
        title="Elterncafé Nord",
        description="Offenes Treffen für Eltern mit Babys.",
    )
    return offer


def _topics(tenant, n=2):
    return list(
        Term.all_tenants.filter(tenant=tenant, vocabulary=Vocabulary.TOPIC).values_list(
            "pk", flat=True
        )[:n]
    )


def test_draft_of_published_offer_leaves_live_offer_unchanged(published, persona_user):
    editor = persona_user("traeger_editor")
    data = offer_snapshot(published) | {"title": "Elterncafé Nord (neu)"}
    revision = offer_draft_save(offer=published, data=data, by=editor)
    offer_revision_submit(revision=revision, by=editor)
    published.refresh_from_db()
    assert published.title == "Elterncafé Nord"
    assert published.status == OfferStatus.PUBLISHED
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.SUBMITTED
    assert revision.changes == [
        {"field": "title", "old": "Elterncafé Nord", "new": "Elterncafé Nord (neu)"}
    ]


def test_approve_applies_change_keeps_initial_version_and_lists_topics(
    published, persona_user, active_tenant, django_capture_on_commit_callbacks
):
    editor, planner = persona_user("traeger_editor"), persona_user("planer")
    topics = _topics(active_tenant)
    data = offer_snapshot(published) | {"topics": topics, "title": "Elterncafé Nord-Ost"}
    revision = offer_draft_save(offer=published, data=data, by=editor)
    offer_revision_submit(revision=revision, by=editor)
    with django_capture_on_commit_callbacks(execute=True):
        offer_revision_approve(revision=revision, reviewer=planner)
    published.refresh_from_db()
    assert published.title == "Elterncafé Nord-Ost"
    assert sorted(published.topics.values_list("pk", flat=True)) == sorted(topics)
    versions = list(published.revisions.filter(status=RevisionStatus.APPROVED).order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].data["title"] == "Elterncafé Nord"
    topic_change = [c for c in versions[-1].changes if c["field"] == "topics"][0]
    assert sorted(topic_change["added"]) == sorted(topics) and topic_change["removed"] == []
    assert len(mail.outbox) == 1 and editor.email in mail.outbox[0].bcc


def test_reject_requires_note_and_keeps_offer(published, persona_user):
    editor, planner = persona_user("traeger_editor"), persona_user("planer")
    revision = offer_draft_save(
        offer=published, data=offer_snapshot(published) | {"title": "X"}, by=editor
    )
    offer_revision_submit(revision=revision, by=editor)
    with pytest.raises(ValidationError):
        offer_revision_reject(revision=revision, reviewer=planner, note="  ")
    offer_revision_reject(revision=revision, reviewer=planner, note="Titel bitte ausschreiben.")
    revision.refresh_from_db()
    published.refresh_from_db()
    assert revision.status == RevisionStatus.REJECTED
    assert revision.review_note == "Titel bitte ausschreiben."
    assert published.title == "Elterncafé Nord"


def test_new_offer_is_draft_until_approved(active_tenant, organisation, persona_user):
    editor, planner = persona_user("traeger_editor"), persona_user("planer")
    dims = list(
        Term.all_tenants.filter(tenant=active_tenant, vocabulary=Vocabulary.DIMENSION).values_list(
            "pk", flat=True
        )[:1]
    )
    data = {
        "organisation": organisation.pk,
        "title": "Babymassage",
        "description": "Kurs für Eltern.",
        "dimensions": dims,
        "age_max_months": 12,
    }
    revision = offer_draft_save(offer=None, data=data, by=editor, tenant=active_tenant)
    offer = revision.offer
    assert offer.status == OfferStatus.DRAFT and offer.title == "Babymassage"
    offer_revision_submit(revision=revision, by=editor)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.SUBMITTED
    offer_revision_withdraw(revision=revision, by=editor)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.DRAFT
    offer_revision_submit(revision=revision, by=editor)
    offer_revision_approve(revision=revision, reviewer=planner)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PUBLISHED
    assert offer.last_confirmed_at is not None


def test_submitted_revision_blocks_new_draft(published, persona_user):
    editor = persona_user("traeger_editor")
    revision = offer_draft_save(offer=published, data=offer_snapshot(published), by=editor)
    offer_revision_submit(revision=revision, by=editor)
    with pytest.raises(ValidationError):
        offer_draft_save(offer=published, data=offer_snapshot(published), by=editor)


def test_restore_proposes_earlier_version_for_review(published, persona_user):
    planner = persona_user("planer")
    offer_change_direct(
        offer=published,
        data=offer_snapshot(published) | {"title": "Zweiter Titel"},
        by=planner,
        channel="import",
    )
    first = published.revisions.filter(status=RevisionStatus.APPROVED).order_by("number").first()
    restored = offer_revision_restore(source=first, by=planner)
    published.refresh_from_db()
    assert published.title == "Zweiter Titel"
    assert restored.status == RevisionStatus.SUBMITTED
    assert restored.changes == [
        {"field": "title", "old": "Zweiter Titel", "new": "Elterncafé Nord"}
    ]
    offer_revision_approve(revision=restored, reviewer=planner)
    published.refresh_from_db()
    assert published.title == "Elterncafé Nord"


def test_snapshot_diff_reports_added_and_removed_links():
    old = {"languages": [1, 2], "title": "A"}
    new = {"languages": [2, 3], "title": "A"}
    assert snapshot_diff(old, new) == [{"field": "languages", "added": [3], "removed": [1]}]


def test_direct_change_records_channel_and_approved_revision(published, persona_user):
    planner = persona_user("planer")
    offer_change_direct(
        offer=published,
        data=offer_snapshot(published) | {"capacity_per_year": 40},
        by=planner,
        channel="import",
    )
    latest = OfferRevision.all_tenants.filter(offer=published).order_by("-number").first()
    assert latest.status == RevisionStatus.APPROVED and latest.channel == "import"
    assert Offer.all_tenants.get(pk=published.pk).capacity_per_year == 40
