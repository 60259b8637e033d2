"""Fast prefetching of the page's related rows.

Django's ``prefetch_related`` costs a query and a round of model instantiation per
relation. The vocabulary terms of a page are read in **one** ``UNION ALL`` over the
six term link tables and taken from the tenant's cached ``Term`` instances; the
results land in the same per-instance prefetch cache Django uses, so
``offer.topics.all()`` in templates and serializers runs no query.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import connection
from django.db.models import Prefetch

from praevnav.catalogue.models import Offer
from praevnav.taxonomy.models import Term

TERM_RELATIONS = (
    "dimensions",
    "topics",
    "target_groups",
    "languages",
    "access_options",
    "accessibility",
)


def term_cache(tenant_ids) -> dict[int, Term]:
    return {t.pk: t for t in Term.all_tenants.filter(tenant_id__in=tenant_ids)}


def _set_cache(instance, name: str, objects: list) -> None:
    manager = getattr(instance, name)
    qs = manager.get_queryset()
    qs._result_cache = objects
    qs._prefetch_done = True
    instance._prefetched_objects_cache[manager.prefetch_cache_name] = qs


def load_page(ids: list[int], terms: dict[int, Term]) -> dict[int, Offer]:
    """The offers with organisation, prevention level, the six term relations, locations
    (with their areas) and served areas; area polygons deferred."""
    from praevnav.geography.models import Area, Location

    areas = Area.all_tenants.defer("geometry")
    offers = {
        o.pk: o
        for o in Offer.all_tenants.filter(pk__in=ids)
        .select_related("organisation", "prevention_level")
        .prefetch_related(
            Prefetch("service_areas", queryset=areas),
            Prefetch(
                "locations",
                queryset=Location.all_tenants.prefetch_related(Prefetch("areas", queryset=areas)),
            ),
        )
    }
    parts, args = [], []
    for name in TERM_RELATIONS:
        table = getattr(Offer, name).through._meta.db_table
        marks = ", ".join(["%s"] * len(ids))
        parts.append(
            f"SELECT offer_id, term_id, '{name}' FROM {table} WHERE offer_id IN ({marks})"  # noqa: S608
        )
        args += ids
    links: dict[tuple[int, str], list[Term]] = defaultdict(list)
    missing: set[int] = set()
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), args)
        rows = cursor.fetchall()
    for _offer, term_id, _name in rows:
        if term_id not in terms:
            missing.add(term_id)
    if missing:  # a term created since the cache was built
        terms = {**terms, **{t.pk: t for t in Term.all_tenants.filter(pk__in=missing)}}
    for offer_id, term_id, name in rows:
        links[(offer_id, name)].append(terms[term_id])
    for offer in offers.values():
        for name in TERM_RELATIONS:
            items = sorted(links.get((offer.pk, name), []), key=lambda t: (t.position, t.name))
            _set_cache(offer, name, items)
    return offers
