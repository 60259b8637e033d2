"""Merging duplicates, dismissing pairs and judging overlaps (services)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from factories import LocationFactory, OfferFactory, OrganisationFactory
from praevnav.catalogue.enums import OfferStatus, RevisionStatus
from praevnav.catalogue.models import OfferList, OfferListItem, OfferRevision
from praevnav.core.models import AuditEntry
from praevnav.planning.models import DuplicateDismissal, Measure, OverlapAssessment
from praevnav.planning.selectors_findings import overlap_key
from praevnav.planning.services_duplicates import (
    duplicate_dismiss,
    merged_snapshot,
    offer_merge,
    overlap_assess,
)
from praevnav.taxonomy.models import Term

pytestmark = pytest.mark.django_db


def _term(tenant, vocabulary, code):
    return Term.all_tenants.get(tenant=tenant, vocabulary=vocabulary, code=code)


@pytest.fixture
def pair(tenant, persona_user):
    org = OrganisationFactory(tenant=tenant, name="Familienzentrum Sonnenblume")
    here = LocationFactory(tenant=tenant, street="Kölner Straße 5")
    there = LocationFactory(tenant=tenant, street="Kölner Str. 5a")
    keep = OfferFactory(tenant=tenant, organisation=org, title="Babymassage", public_phone="")
    drop = OfferFactory(
        tenant=tenant, organisation=org, title="Baby-Massage", public_phone="0211 555 12 34",
        website="https://sonnenblume.de/baby",
    )  # fmt: skip
    keep.locations.set([here])
    drop.locations.set([here, there])
    keep.topics.set([_term(tenant, "topic", "fruehe-hilfen")])
    drop.languages.set(Term.all_tenants.filter(tenant=tenant, vocabulary="language")[:2])
    return keep, drop, persona_user("planer")


def test_merge_moves_what_the_kept_offer_lacks_as_a_revision(pair):
    keep, drop, planer = pair
    languages = set(drop.languages.values_list("pk", flat=True))

    offer_merge(keep=keep, drop=drop, by=planer)

    keep.refresh_from_db()
    assert keep.title == "Babymassage"  # the kept offer's own values stay
    assert keep.public_phone == "0211 555 12 34"  # filled where it had none
    assert keep.website == "https://sonnenblume.de/baby"
    assert set(keep.languages.values_list("pk", flat=True)) == languages
    assert keep.locations.count() == 2
    assert keep.topics.count() == 1
    latest = OfferRevision.all_tenants.filter(offer=keep, status=RevisionStatus.APPROVED).latest(
        "number"
    )
    changed = {c["field"] for c in latest.changes}
    assert {"public_phone", "website", "languages", "locations"} <= changed
    assert latest.reviewer == planer


def test_merge_archives_the_dropped_offer_and_records_where_it_went(pair):
    keep, drop, planer = pair
    offer_merge(keep=keep, drop=drop, by=planer)
    drop.refresh_from_db()
    assert drop.status == OfferStatus.ARCHIVED
    entry = AuditEntry.objects.get(action="offer.merge", object_id=str(drop.pk))
    assert entry.changes["merged_into"] == keep.pk
    assert entry.summary == f"merged into {keep.pk}"
    assert entry.actor == planer
    assert AuditEntry.objects.filter(action="offer.archive", object_id=str(drop.pk)).exists()
    assert (
        AuditEntry.objects.get(action="offer.merge_keep", object_id=str(keep.pk)).changes[
            "merged_from"
        ]
        == drop.pk
    )


def test_merge_repoints_merkliste_entries_and_measures(tenant, pair):
    keep, drop, planer = pair
    only_drop = OfferList.all_tenants.create(tenant=tenant, owner=planer, name="A", share_token="a")
    both = OfferList.all_tenants.create(tenant=tenant, owner=planer, name="B", share_token="b")
    OfferListItem.objects.create(offer_list=only_drop, offer=drop, note="Mutter fragt")
    OfferListItem.objects.create(offer_list=both, offer=drop, note="Notiz")
    OfferListItem.objects.create(offer_list=both, offer=keep)
    measure = Measure.all_tenants.create(tenant=tenant, title="Prüfen", owner="Planung")
    measure.offers.set([drop])

    offer_merge(keep=keep, drop=drop, by=planer)

    assert list(only_drop.items.values_list("offer_id", "note")) == [(keep.pk, "Mutter fragt")]
    assert list(both.items.values_list("offer_id", "note")) == [(keep.pk, "Notiz")]
    assert list(measure.offers.values_list("pk", flat=True)) == [keep.pk]


def test_merge_refuses_the_same_or_an_archived_offer(pair):
    keep, drop, planer = pair
    with pytest.raises(ValidationError):
        offer_merge(keep=keep, drop=keep, by=planer)
    offer_merge(keep=keep, drop=drop, by=planer)
    with pytest.raises(ValidationError):
        offer_merge(keep=keep, drop=drop, by=planer)


def test_merged_snapshot_unites_links_and_fills_empty_fields_only():
    keep = {"topics": [1], "languages": [], "public_phone": "", "website": "a", "sessions": [],
            "translations": [{"language": "en", "title": "x"}]}  # fmt: skip
    drop = {"topics": [2], "languages": [7], "public_phone": "9", "website": "b",
            "sessions": [{"weekday": 1}], "translations": [{"language": "en", "title": "y"},
                                                          {"language": "tr", "title": "z"}]}  # fmt: skip  # noqa: E501
    data, moved = merged_snapshot(keep, drop)
    assert data["topics"] == [1, 2] and data["languages"] == [7]
    assert data["public_phone"] == "9" and data["website"] == "a"
    assert data["sessions"] == [{"weekday": 1}]
    assert [t["title"] for t in data["translations"]] == ["x", "z"]
    assert set(moved) == {"topics", "languages", "public_phone", "sessions", "translations"}


def test_dismiss_orders_the_pair_and_is_idempotent(tenant, pair):
    keep, drop, planer = pair
    first = duplicate_dismiss(tenant=tenant, offer_a=drop, offer_b=keep, by=planer)
    again = duplicate_dismiss(tenant=tenant, offer_a=keep, offer_b=drop, by=planer)
    assert first.pk == again.pk
    assert (first.offer_a_id, first.offer_b_id) == tuple(sorted((keep.pk, drop.pk)))
    assert DuplicateDismissal.all_tenants.count() == 1
    assert AuditEntry.objects.filter(action="duplicate.dismiss").count() == 2


def test_overlap_verdict_is_stored_under_a_stable_key_and_audited(tenant, persona_user):
    planer = persona_user("planer")
    overlap_assess(tenant=tenant, offer_ids=[9, 3], area_code="037", life_phase_code="3-6",
                   verdict="to_discuss", note="JHA im Mai", by=planer)  # fmt: skip
    overlap_assess(tenant=tenant, offer_ids=[3, 9], area_code="037", life_phase_code="3-6",
                   verdict="intended", note="", by=planer)  # fmt: skip
    [stored] = OverlapAssessment.all_tenants.all()
    assert stored.key == overlap_key([9, 3], "037", "3-6") == overlap_key([3, 9], "037", "3-6")
    assert overlap_key([3, 9], "037", "3-6") != overlap_key([3, 9], "038", "3-6")
    assert (stored.verdict, stored.offer_ids, stored.updated_by) == ("intended", [3, 9], planer)
    entry = AuditEntry.objects.filter(action="overlap.assess").latest("pk")
    assert entry.changes["verdict"] == ["to_discuss", "intended"]
    with pytest.raises(ValidationError):
        overlap_assess(tenant=tenant, offer_ids=[3, 9], area_code="037", life_phase_code="3-6",
                       verdict="maybe", note="", by=planer)  # fmt: skip
