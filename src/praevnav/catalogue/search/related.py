"""Fast prefetching of the page's related rows.

Django's ``prefetch_related`` costs a query and a round of model instantiation per
relation. Here the page needs three queries: the offers (with provider and prevention
level), one ``UNION ALL`` over the link tables (six term relations, served areas,
locations, the locations' areas), and the locations. Terms and areas come from the
tenant's cached instances (area polygons deferred). The results land in the same
per-instance prefetch cache Django uses, so ``offer.topics.all()``,
``offer.locations.all()`` and ``location.areas.all()`` in templates and serializers
run no query (``.filter()`` on them still queries, as with Django's own prefetch).
"""

# SQL is built from table names of the models' _meta and placeholders only.
# ruff: noqa: S608

from __future__ import annotations

from collections import defaultdict

from django.db import connection
from django.db.models import QuerySet

from praevnav.catalogue.models import Offer
from praevnav.geography.models import Area, Location
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


def area_cache(tenant_ids) -> dict[int, Area]:
    return {a.pk: a for a in Area.all_tenants.filter(tenant_id__in=tenant_ids).defer("geometry")}


class CachedRelation(QuerySet):
    """A related manager's prefetch cache that costs no query building.

    Iterating, ``len``, ``count``, ``exists`` and ``manager.all()`` read the cached
    list. Any refinement (``filter``, ``order_by`` …) builds the real related queryset
    first — scoped like Django's own — so it never returns rows of other offers.
    """

    def __init__(self, model, *, owner, name: str, items: list):
        super().__init__(model=model)
        self._result_cache = items
        self._prefetch_done = True
        self._owner = owner
        self._name = name

    def _chain(self):
        cache = self._owner._prefetched_objects_cache
        manager = getattr(self._owner, self._name)
        saved = cache.pop(manager.prefetch_cache_name, None)
        try:
            real = manager.get_queryset()
        finally:
            if saved is not None:
                cache[manager.prefetch_cache_name] = saved
        return real._chain()


def _set_cache(instance, name: str, objects: list, model) -> None:
    """Fill Django's prefetch cache of ``instance.<name>`` (cache key = field name)."""
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[name] = CachedRelation(
        model, owner=instance, name=name, items=objects
    )


def _links(ids: list[int]) -> list[tuple[int, int, str]]:
    """``(owner id, target id, relation)`` rows of every link the page needs."""
    marks = ", ".join(["%s"] * len(ids))
    parts, args = [], []
    for name in TERM_RELATIONS:
        table = getattr(Offer, name).through._meta.db_table
        parts.append(f"SELECT offer_id, term_id, '{name}' FROM {table} WHERE offer_id IN ({marks})")
        args += ids
    served = Offer.service_areas.through._meta.db_table
    located = Offer.locations.through._meta.db_table
    loc_areas = Location.areas.through._meta.db_table
    parts.append(
        f"SELECT offer_id, area_id, 'service_areas' FROM {served} WHERE offer_id IN ({marks})"
    )
    parts.append(
        f"SELECT offer_id, location_id, 'locations' FROM {located} WHERE offer_id IN ({marks})"
    )
    parts.append(
        f"SELECT location_id, area_id, 'location_areas' FROM {loc_areas} WHERE location_id IN "
        f"(SELECT location_id FROM {located} WHERE offer_id IN ({marks}))"
    )
    args += ids * 3
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), args)
        return cursor.fetchall()


def load_page(
    ids: list[int], terms: dict[int, Term], areas: dict[int, Area] | None = None
) -> dict[int, Offer]:
    """The offers with their related rows (see the module docstring)."""
    offers = {
        o.pk: o
        for o in Offer.all_tenants.filter(pk__in=ids).select_related(
            "organisation", "prevention_level"
        )
    }
    rows = _links(ids)
    areas = dict(areas or {})
    need_terms = {b for _a, b, k in rows if k in TERM_RELATIONS and b not in terms}
    if need_terms:  # created since the cache was built
        terms = {**terms, **{t.pk: t for t in Term.all_tenants.filter(pk__in=need_terms)}}
    need_areas = {b for _a, b, k in rows if k in ("service_areas", "location_areas")} - set(areas)
    if need_areas:
        areas.update(
            {a.pk: a for a in Area.all_tenants.filter(pk__in=need_areas).defer("geometry")}
        )
    loc_ids = {b for _a, b, k in rows if k == "locations"}
    locations = {loc.pk: loc for loc in Location.all_tenants.filter(pk__in=loc_ids)}
    links: dict[tuple[int, str], list] = defaultdict(list)
    loc_area: dict[int, list[Area]] = defaultdict(list)
    for owner, target, kind in rows:
        if kind in TERM_RELATIONS:
            links[(owner, kind)].append(terms[target])
        elif kind == "service_areas":
            links[(owner, kind)].append(areas[target])
        elif kind == "locations":
            if target in locations:
                links[(owner, kind)].append(locations[target])
        else:
            loc_area[owner].append(areas[target])
    for location in locations.values():
        items = sorted(loc_area.get(location.pk, []), key=lambda a: (a.level, a.code))
        _set_cache(location, "areas", items, Area)
    for offer in offers.values():
        for name in TERM_RELATIONS:
            items = sorted(links.get((offer.pk, name), []), key=lambda t: (t.position, t.name))
            _set_cache(offer, name, items, Term)
        _set_cache(
            offer,
            "service_areas",
            sorted(links.get((offer.pk, "service_areas"), []), key=lambda a: (a.level, a.code)),
            Area,
        )
        _set_cache(
            offer,
            "locations",
            sorted(links.get((offer.pk, "locations"), []), key=lambda loc: (loc.name, loc.pk)),
            Location,
        )
    return offers
