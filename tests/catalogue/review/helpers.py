"""Shared set-up of the review and history tests: offers with submitted changes."""

from __future__ import annotations

from factories import OfferFactory
from praevnav.catalogue.enums import OfferStatus
from praevnav.catalogue.revisions import offer_snapshot
from praevnav.catalogue.services_revisions import offer_draft_save, offer_revision_submit
from praevnav.taxonomy.enums import Vocabulary
from praevnav.taxonomy.models import Term


def terms(tenant, vocabulary=Vocabulary.TOPIC, n=2) -> list[Term]:
    return list(Term.all_tenants.filter(tenant=tenant, vocabulary=vocabulary).order_by("pk")[:n])


def published_offer(tenant, organisation, **fields):
    fields.setdefault("title", "Elterncafé Nord")
    fields.setdefault("description", "Offenes Treffen für Eltern mit Babys im Stadtteil.")
    return OfferFactory(
        tenant=tenant, organisation=organisation, status=OfferStatus.PUBLISHED, **fields
    )


def submit_change(offer, by, channel="ui", **changes):
    """A submitted revision of ``offer`` that changes the given snapshot fields."""
    data = offer_snapshot(offer) | changes
    revision = offer_draft_save(offer=offer, data=data, by=by, channel=channel)
    return offer_revision_submit(revision=revision, by=by, channel=channel)


def submit_new(tenant, organisation, by, **fields):
    """A submitted new offer (never published)."""
    data = {"organisation": organisation.pk, "title": "Neues Angebot", "description": "Text."}
    data |= fields
    revision = offer_draft_save(offer=None, data=data, by=by, tenant=tenant)
    return offer_revision_submit(revision=revision, by=by)
