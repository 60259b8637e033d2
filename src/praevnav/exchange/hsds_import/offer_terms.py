"""Foreign terms on offers, for the planners' mapping page (``taxonomy.services_mappings``).

Registered in ``ExchangeConfig.ready``: the taxonomy app lists and applies mappings
without importing the catalogue.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.core.exceptions import ValidationError

from praevnav.catalogue.models import Offer
from praevnav.catalogue.revisions import FK_FIELDS, offer_snapshot
from praevnav.catalogue.services_revisions import offer_change_direct, open_revision
from praevnav.core.models import AuditEntry, Tenant
from praevnav.exchange.hsds_import.vocab import VOCABULARY_FIELDS
from praevnav.taxonomy.models import TermMapping


def _terms(value: object) -> list[dict]:
    return [t for t in value if isinstance(t, dict)] if isinstance(value, list) else []


def foreign_terms_on_offers(tenant: Tenant) -> Iterable[tuple[str, str, str, int]]:
    """(taxonomy, code, name, number of offers) of the foreign terms on the tenant's offers."""
    counts: Counter[tuple[str, str]] = Counter()
    names: dict[tuple[str, str], str] = {}
    rows = Offer.all_tenants.filter(tenant=tenant).exclude(external_terms=[])
    for terms in rows.values_list("external_terms", flat=True):
        seen = set()
        for term in _terms(terms):
            key = (str(term.get("taxonomy") or ""), str(term.get("code") or ""))
            if key[1] and key not in seen:
                seen.add(key)
                counts[key] += 1
                names.setdefault(key, str(term.get("name") or ""))
    return [(t, c, names[(t, c)], n) for (t, c), n in counts.items()]


def apply_mapping_to_offers(mapping: TermMapping, by) -> dict:
    """Add the mapped term to every offer of the tenant carrying the foreign term.

    Each offer is changed with ``offer_change_direct`` (a planner change, recorded as an
    approved revision, search index updated). Offers with an open change by their
    provider are skipped: applying now would be undone when that change is approved.
    """
    term = mapping.term
    field = VOCABULARY_FIELDS.get(term.vocabulary) if term else None
    updated, skipped = 0, []
    if field is None:
        return {"updated": 0, "skipped": []}
    offers = Offer.all_tenants.filter(tenant_id=mapping.tenant_id).exclude(external_terms=[])
    for offer in offers.order_by("pk"):
        if not any(
            t.get("taxonomy") == mapping.taxonomy and str(t.get("code")) == mapping.code
            for t in _terms(offer.external_terms)
        ):
            continue
        data = offer_snapshot(offer)
        if field in FK_FIELDS:
            if data[field] == term.pk or data[field] is not None:
                continue  # keeps its own value: one prevention level, one programme
            data[field] = term.pk
        else:
            if term.pk in data[field]:
                continue
            data[field] = [*data[field], term.pk]
        if open_revision(offer) is not None:
            skipped.append(offer.title)
            continue
        try:
            offer_change_direct(offer=offer, data=data, by=by, channel=AuditEntry.Channel.UI)
        except ValidationError:
            skipped.append(offer.title)
            continue
        updated += 1
    return {"updated": updated, "skipped": skipped}
