"""Per-tenant search state held in memory: facet index and query context.

Invalidation: every write path bumps the tenant's row in ``catalogue_searchstate``
(``signals.py``); a search reads the summed version of the tenant's scope and lineage
(one small query) and rebuilds when it changed. Writes in this process also bump a
local epoch (test databases roll back, so the database version alone can repeat).
A state older than ``MAX_AGE`` seconds is rebuilt as a safety net for writes that
bypass signals (``QuerySet.update``).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path

from praevnav.catalogue.search.backends import get_backend
from praevnav.catalogue.search.data import NAMED_LEVELS, Snapshot, catalogue_snapshot
from praevnav.catalogue.search.index import FacetIndex
from praevnav.catalogue.search.query import QueryContext
from praevnav.core.models import Tenant

MAX_AGE = 15 * 60
_lock = threading.RLock()
_states: dict[int, TenantState] = {}
_epoch = 0
DEFAULT_SYNONYMS = (
    Path(__file__).resolve().parents[2] / "taxonomy" / "data" / "default_synonyms.json"
)


def bump_local_epoch() -> None:
    global _epoch
    _epoch += 1


def clear_states() -> None:
    with _lock:
        _states.clear()


@dataclass
class TenantState:
    key: tuple[int, int]
    built: float
    scope_ids: list[int]
    lineage_ids: list[int]
    snapshot: Snapshot
    index: FacetIndex
    context: QueryContext
    terms: dict  # Term instances of the scope and lineage, by id (page prefetch)
    areas: dict  # Area instances (polygons deferred), by id (page prefetch)
    area_index: object  # geography.spatial.AreaIndex over the lineage's polygons


def synonym_groups(tenant: Tenant, lineage_ids: list[int]) -> list[list[str]]:
    """Active synonym groups of the tenant (and of its Kreis).

    A tenant whose synonym list was never seeded (no rows, no ``synonym.seed`` audit
    entry) falls back to the shipped defaults; one whose planners deleted groups keeps
    them deleted.
    """
    from praevnav.core.models import AuditEntry
    from praevnav.taxonomy.models import Synonym

    rows = list(
        Synonym.all_tenants.filter(tenant_id__in=lineage_ids).values_list("terms", "is_active")
    )
    if rows:
        return [
            [t.strip() for t in terms.split(",") if t.strip()] for terms, active in rows if active
        ]
    seeded = AuditEntry.objects.filter(tenant_id__in=lineage_ids, action="synonym.seed").exists()
    if seeded or not DEFAULT_SYNONYMS.is_file():
        return []
    import json

    with DEFAULT_SYNONYMS.open(encoding="utf-8") as handle:
        return [list(group["words"]) for group in json.load(handle).get("groups", [])]


def _build(tenant: Tenant, scope: list[int], lineage: list[int], backend) -> TenantState:
    snapshot = catalogue_snapshot(tenant=tenant)
    indexed = backend.indexed_ids(scope)
    missing = [r.id for r in snapshot.rows if r.id not in indexed]
    if missing:
        from praevnav.catalogue.search.indexing import search_index_refresh

        search_index_refresh(offer_ids=missing)
    text_rows = backend.fields(scope)
    index = FacetIndex(snapshot, text_rows)
    word_freq: dict[str, int] = {}
    tokens: set[str] = set()
    visible_ids = {r.id for r in snapshot.rows}
    for offer_id, title, tags, words in text_rows:
        if offer_id not in visible_ids:
            continue
        for w in words.split():
            word_freq[w] = word_freq.get(w, 0) + 1
        tokens.update(title.split())
        tokens.update(tags.split())
    from praevnav.catalogue.search.indexing import taxonomy_lexicon

    context = QueryContext(
        word_freq=word_freq,
        tokens=tokens,
        lexicon_words=taxonomy_lexicon(lineage).words,
        synonym_groups=synonym_groups(tenant, lineage),
        area_names=[(a.code, a.name, a.level) for a in snapshot.areas if a.level in NAMED_LEVELS],
    )
    from praevnav.catalogue.search.related import area_cache, term_cache

    terms = term_cache(sorted(set(scope) | set(lineage)))
    areas = area_cache(sorted(set(scope) | set(lineage)))
    from praevnav.geography.models import Area
    from praevnav.geography.spatial import AreaIndex, AreaShape

    area_index = AreaIndex(
        [
            AreaShape(area_id=pk, level=level, geometry=geometry, parent_id=parent, code=code)
            for pk, level, geometry, parent, code in Area.all_tenants.filter(
                tenant_id__in=lineage, geometry__isnull=False
            ).values_list("pk", "level", "geometry", "parent_id", "code")
        ]
    )
    key = (backend.version(sorted(set(scope) | set(lineage))), _epoch)
    return TenantState(
        key, time.monotonic(), scope, lineage, snapshot, index, context, terms, areas, area_index
    )


def tenant_state(tenant: Tenant) -> TenantState:
    """The current state of ``tenant`` (rebuilt when the data changed)."""
    backend = get_backend()
    state = _states.get(tenant.pk)
    if state is not None:
        scope, lineage = state.scope_ids, state.lineage_ids
    else:
        scope, lineage = tenant.scope_ids(), tenant.lineage_ids()
    key = (backend.version(sorted(set(scope) | set(lineage))), _epoch)
    if state is not None and state.key == key and time.monotonic() - state.built < MAX_AGE:
        return state
    with _lock:
        state = _states.get(tenant.pk)
        if state is not None and state.key == key and time.monotonic() - state.built < MAX_AGE:
            return state
        state = _build(tenant, tenant.scope_ids(), tenant.lineage_ids(), backend)
        _states[tenant.pk] = state
        return state
