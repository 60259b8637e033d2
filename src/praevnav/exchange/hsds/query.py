"""Reads behind the HSDS API: filters on HSDS ids, the text search, id lookups.

Offers are always the tenant's published ones (``catalogue.selectors.published_offers``).
An HSDS id cannot be inverted (``uuid5``), so lookups derive the ids of the candidates
in one query and compare (``ids_of_offers``) — cheap at municipal scale.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.utils import timezone

from praevnav.catalogue.models import Offer
from praevnav.catalogue.search.engine import text_match
from praevnav.catalogue.search.params import SearchParams
from praevnav.catalogue.search.state import tenant_state
from praevnav.catalogue.selectors import published_offers
from praevnav.core.models import Tenant
from praevnav.exchange.hsds import ids
from praevnav.exchange.hsds.load import tenant_slugs
from praevnav.exchange.hsds.vocabularies import PREFIX, Vocab, load_vocab
from praevnav.taxonomy.models import LifePhase

# Our vocabulary → the offer field that holds its terms (FKs end in _id).
VOCABULARY_FIELDS = {
    "dimension": "dimensions",
    "prevention_level": "prevention_level_id",
    "participant": "participants",
    "target_group": "target_groups",
    "topic": "topics",
    "setting": "settings",
    "format": "formats",
    "access": "access_options",
    "language": "languages",
    "accessibility": "accessibility",
    "funding": "funding_programmes",
    "evidence_programme": "evidence_programme_id",
}


class TermIndex:
    """What each HSDS taxonomy term id stands for in our data."""

    def __init__(self, vocab: Vocab, offers: QuerySet):
        self.vocab = vocab
        self.kind: dict[str, tuple] = {}
        for pk, term in vocab.term_by_pk.items():
            vocabulary = term["taxonomy"].removeprefix(PREFIX)
            self.kind[term["id"]] = ("term", VOCABULARY_FIELDS.get(vocabulary), pk)
        for pk, term in vocab.phase_term.items():
            self.kind[term["id"]] = ("phase", None, pk)
        for pk, term in vocab.transition_by_pk.items():
            self.kind[term["id"]] = ("transition", None, pk)
        for term in vocab.field_terms.values():
            self.kind[term["id"]] = ("field", None, None)
        # Foreign terms exist only on offers: register those of the published ones.
        self.external_offers: dict[str, set[int]] = {}
        for pk, terms in offers.exclude(external_terms=[]).values_list("pk", "external_terms"):
            for ext in terms or []:
                if isinstance(ext, dict) and ext.get("code") and ext.get("taxonomy"):
                    term = vocab.external_term(
                        str(ext["taxonomy"]), str(ext["code"]), str(ext.get("name") or "")
                    )
                    self.kind[term["id"]] = ("external", None, None)
                    self.external_offers.setdefault(term["id"], set()).add(pk)

    def condition(self, term_ids: Iterable[str]) -> Q:
        """Offers carrying any of ``term_ids`` (unknown ids match nothing)."""
        cond = Q(pk__in=[])
        for term_id in term_ids:
            kind, field, pk = self.kind.get(term_id, (None, None, None))
            if kind == "term" and field:
                cond |= Q(**{field: pk})
            elif kind == "transition":
                cond |= Q(transitions=pk)
            elif kind == "phase":
                phase = LifePhase.all_tenants.get(pk=pk)
                cond |= Q(pk__in=Offer.all_tenants.in_life_phase(phase).values("pk"))
            elif kind == "external":
                cond |= Q(pk__in=sorted(self.external_offers.get(term_id, ())))
        return cond

    def terms_of_taxonomy(self, taxonomy_id: str) -> list[str]:
        return [t["id"] for t in self.vocab.terms.values() if t["taxonomy_id"] == taxonomy_id]


def parse_modified_after(value: str) -> dt.datetime:
    """An ISO 8601 date or date-time; naive values are local time. ``ValueError`` if not."""
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    if len(text) == 10:
        parsed = dt.datetime.combine(dt.date.fromisoformat(text), dt.time())
    else:
        parsed = dt.datetime.fromisoformat(text)
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def search_offer_ids(*, tenant: Tenant, text: str) -> list[int]:
    """Every visible offer matching ``text``, best first: the search service's German
    analysis and ranking (``catalogue.search``) without its paging."""
    state = tenant_state(tenant)
    query = state.context.analyse(text)
    filters = {"area": tuple(sorted(query.area_codes))} if query.area_codes else {}
    match = text_match(index=state.index, query=query, scope_ids=state.scope_ids)
    if match is None and not filters:
        return []
    order, _scores, _dist, _counts = state.index.search(
        params=SearchParams(q=text),
        filters=filters,
        text=match,
        point_xy=None,
        today=timezone.localdate(),
    )
    return [int(state.index.ids[i]) for i in order]


class ServiceQuery:
    """The published offers of a tenant as HSDS sees them, with the vocab and slugs."""

    def __init__(self, tenant: Tenant):
        self.tenant = tenant
        self.scope, self.slugs = tenant_slugs(tenant)
        self.vocab = load_vocab(tenant=tenant, scope_ids=self.scope, slugs=self.slugs)
        self.offers = published_offers(tenant=tenant)
        self.terms = TermIndex(self.vocab, self.offers)

    def ids_of_offers(self, qs: QuerySet | None = None) -> dict[str, int]:
        """HSDS service id → offer pk."""
        rows = (qs if qs is not None else self.offers).values_list("pk", "tenant_id", "external_id")
        return {ids.service_id(self.slugs[t], pk, ext): pk for pk, t, ext in rows}

    def filtered(
        self,
        *,
        search: str = "",
        term_ids: list[str] | None = None,
        organisation_pk: int | None = None,
        modified_after: dt.datetime | None = None,
    ) -> list[int]:
        """Offer pks matching all given filters: by search rank, otherwise by pk."""
        qs = self.offers
        if term_ids is not None:
            qs = qs.filter(
                pk__in=Offer.all_tenants.filter(self.terms.condition(term_ids)).values("pk")
            )
        if organisation_pk is not None:
            qs = qs.filter(organisation_id=organisation_pk)
        if modified_after is not None:
            qs = qs.filter(updated_at__gte=modified_after)
        if not search:
            return list(qs.order_by("pk").values_list("pk", flat=True))
        allowed = set(qs.values_list("pk", flat=True))
        return [pk for pk in search_offer_ids(tenant=self.tenant, text=search) if pk in allowed]

    def organisation_ids(self) -> dict[str, int]:
        """HSDS organization id → organisation pk, for organisations with published offers."""
        from praevnav.accounts.models import Organisation

        rows = Organisation.all_tenants.filter(
            pk__in=self.offers.values("organisation_id")
        ).values_list("pk", "tenant_id", "external_id")
        return {ids.organization_id(self.slugs[t], pk, ext): pk for pk, t, ext in rows}
