"""Keeping the text index in step with the offers.

``search_index_refresh(*, offer_ids=None, tenant=None)`` re-analyses the given offers
(or all offers of the tenant's scope, or all offers) and rewrites their index rows;
offers that no longer exist lose theirs. It is called by the signal handlers in
``signals.py`` on every offer write path, by ``praevnav search-reindex`` and lazily
by the search itself for offers that have no index row yet (after a migration or a
bulk write that sent no signal).

Fields and weights (see docs/search.md): ``title``; ``tags`` = topics with their
parent topics, target groups, formats, settings, dimensions, transitions and the
evidence-based programme; ``body`` = description, plain-language summary, provider
name and location names.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache

from django.db import transaction
from django.db.models import CharField, F, IntegerField, Value

from praevnav.catalogue.models import Offer
from praevnav.catalogue.search.analysis import Lexicon, fold, index_tokens, surface_words
from praevnav.catalogue.search.backends import get_backend
from praevnav.catalogue.search.backends.base import DocRow
from praevnav.catalogue.search.state import bump_local_epoch
from praevnav.core.models import Tenant
from praevnav.taxonomy.models import Term, Transition

CHUNK = 2000
TAG_FIELDS = ("topics", "target_groups", "formats", "settings", "dimensions")


def taxonomy_lexicon(tenant_ids: Iterable[int]) -> Lexicon:
    """The document lexicon: shipped compound parts plus the words of the taxonomy."""
    ids = sorted(set(tenant_ids))
    terms = Term.all_tenants.filter(tenant_id__in=ids).order_by().values_list("name", flat=True)
    transitions = (
        Transition.all_tenants.filter(tenant_id__in=ids).order_by().values_list("name", flat=True)
    )
    return _lexicon_of(frozenset(terms.union(transitions, all=True)))


@lru_cache(maxsize=32)
def _lexicon_of(names: frozenset[str]) -> Lexicon:
    """One lexicon per set of taxonomy names: rebuilt only when the names change, and
    keeping its memo of compound splits across index refreshes."""
    return Lexicon(word for name in names for word in surface_words(name))


def _tag_names(offer_ids: Sequence[int]) -> dict[int, list[str]]:
    """The names of every tag link of the offers (topics with their parent topic), in the
    order of ``TAG_FIELDS`` and then transitions; one query for all link tables."""
    parts = []
    for position, field in enumerate((*TAG_FIELDS, "transitions")):
        through = getattr(Offer, field).through
        column = "transition" if field == "transitions" else "term"
        parent = (
            F(f"{column}__parent__name")
            if field == "topics"
            else Value("", output_field=CharField())
        )
        parts.append(
            through.objects.filter(offer_id__in=offer_ids)
            .order_by()
            .annotate(
                tag_field=Value(position, output_field=IntegerField()),
                tag_name=F(f"{column}__name"),
                tag_parent=parent,
            )
            .values_list("offer_id", "tag_field", "pk", "tag_name", "tag_parent")
        )
    out: dict[int, list[str]] = defaultdict(list)
    for offer_id, _field, _pk, name, parent_name in sorted(parts[0].union(*parts[1:], all=True)):
        out[offer_id].append(name)
        if parent_name:
            out[offer_id].append(parent_name)
    return out


def build_documents(offer_ids: Sequence[int], lexicons: dict[int, Lexicon]) -> list[DocRow]:
    """Analysed index rows of the offers (``lexicons`` keyed by tenant id, filled lazily)."""
    offers = list(
        Offer.all_tenants.filter(pk__in=offer_ids).values_list(
            "pk",
            "tenant_id",
            "title",
            "description",
            "summary_plain",
            "organisation__name",
            "evidence_programme__name",
        )
    )
    tags = _tag_names(offer_ids)
    places: dict[int, list[str]] = defaultdict(list)
    for offer_id, name in Offer.locations.through.objects.filter(
        offer_id__in=offer_ids
    ).values_list("offer_id", "location__name"):
        places[offer_id].append(name)
    rows = []
    for pk, tenant_id, title, description, summary, org_name, evidence in offers:
        if tenant_id not in lexicons:
            tenant = Tenant.objects.get(pk=tenant_id)
            lexicons[tenant_id] = taxonomy_lexicon(tenant.lineage_ids())
        lexicon = lexicons[tenant_id]
        tag_text = " ".join(dict.fromkeys(tags.get(pk, []) + ([evidence] if evidence else [])))
        body_text = " ".join([description, summary, org_name or "", *places.get(pk, [])])
        rows.append(
            DocRow(
                offer_id=pk,
                tenant_id=tenant_id,
                title=" ".join(index_tokens(title, lexicon)),
                tags=" ".join(index_tokens(tag_text, lexicon)),
                body=" ".join(index_tokens(body_text, lexicon)),
                words=" ".join(sorted(surface_words(f"{title} {tag_text} {body_text}"))),
            )
        )
    return rows


def search_index_refresh(
    *, offer_ids: Iterable[int] | None = None, tenant: Tenant | None = None
) -> int:
    """Re-index ``offer_ids`` (or the tenant's offers, or all); returns rows written.

    Offers among ``offer_ids`` that no longer exist are removed from the index. The
    version of every touched tenant is bumped, so that in-memory indexes rebuild.
    """
    backend = get_backend()
    if offer_ids is not None:
        wanted = sorted({int(i) for i in offer_ids})
    elif tenant is not None:
        wanted = list(
            Offer.all_tenants.filter(tenant_id__in=tenant.scope_ids())
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    else:
        wanted = list(Offer.all_tenants.order_by("pk").values_list("pk", flat=True))
    lexicons: dict[int, Lexicon] = {}
    written = 0
    touched: set[int] = set()
    with transaction.atomic():
        for i in range(0, len(wanted), CHUNK):
            chunk = wanted[i : i + CHUNK]
            rows = build_documents(chunk, lexicons)
            found = {r.offer_id for r in rows}
            gone = [pk for pk in chunk if pk not in found]
            if gone:
                backend.delete(gone)
            backend.write(rows)
            written += len(rows)
            touched.update(r.tenant_id for r in rows)
        if tenant is not None:
            touched.add(tenant.pk)
        if offer_ids is not None and not touched and wanted:
            # Only deletions: we do not know the tenant any more; bump all cheaply.
            touched.update(Tenant.objects.values_list("pk", flat=True))
        backend.bump(touched)
        if written >= 1000:
            backend.optimise()
    bump_local_epoch()
    return written


def search_index_missing(*, tenant: Tenant) -> int:
    """Index the offers of the tenant's scope that have no index row yet."""
    scope = tenant.scope_ids()
    indexed = get_backend().indexed_ids(scope)
    missing = [
        pk
        for pk in Offer.all_tenants.filter(tenant_id__in=scope).values_list("pk", flat=True)
        if pk not in indexed
    ]
    return search_index_refresh(offer_ids=missing) if missing else 0


def search_index_remove(*, offer_ids: Iterable[int], tenant_ids: Iterable[int]) -> None:
    """Drop index rows of deleted offers and bump their tenants."""
    backend = get_backend()
    backend.delete(list(offer_ids))
    backend.bump(tenant_ids)
    bump_local_epoch()


def search_index_touch(*, tenant_ids: Iterable[int]) -> None:
    """Facet data changed without a text change (areas, sessions, locations …)."""
    get_backend().bump(tenant_ids)
    bump_local_epoch()


__all__ = [
    "build_documents",
    "fold",
    "search_index_missing",
    "search_index_refresh",
    "search_index_remove",
    "search_index_touch",
    "taxonomy_lexicon",
]
