"""``praevnav search-reindex``: rebuilds the index after writes that bypassed it, and on
PostgreSQL leaves the search tables compact (a rewrite must not double them)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.http import QueryDict

from factories import OfferFactory
from praevnav.catalogue.search.backends.base import DOC_TABLE
from praevnav.catalogue.search.params import SearchParams
from praevnav.catalogue.search.service import offer_search

# VACUUM cannot run inside the transaction a normal database test wraps around it.
pytestmark = pytest.mark.django_db(transaction=True)

OFFERS = 120


def _found(tenant, q: str) -> int:
    return offer_search(tenant=tenant, params=SearchParams.from_query(QueryDict(f"q={q}"))).count


def _heap_pages(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_relation_size(%s) / current_setting('block_size')::int", [table])
        return int(cursor.fetchone()[0])


def test_reindex_restores_an_index_emptied_behind_its_back(tenant):
    for i in range(OFFERS):
        OfferFactory(tenant=tenant, title=f"Wasserratten-Schwimmkurs {i}")
    assert _found(tenant, "Wasserratten") == OFFERS
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {DOC_TABLE}")  # noqa: S608 - a constant table name
    out = StringIO()
    call_command("search_reindex", "--tenant", tenant.slug, stdout=out)
    assert f"{OFFERS} offers indexed" in out.getvalue()
    assert _found(tenant, "Wasserratten") == OFFERS


def test_reindex_leaves_the_postgresql_search_tables_compact(tenant):
    if connection.vendor != "postgresql":
        pytest.skip("table compaction concerns PostgreSQL only")
    for i in range(OFFERS):
        OfferFactory(
            tenant=tenant,
            title=f"Elternkurs {i}",
            description="Ein Kurs für Eltern mit vielen Worten, damit jede Zeile Platz braucht. "
            * 8,
        )
    call_command("search_reindex", "--tenant", tenant.slug, stdout=StringIO())
    first = {table: _heap_pages(table) for table in ("catalogue_searchtsv", DOC_TABLE)}
    for _ in range(2):
        call_command("search_reindex", "--tenant", tenant.slug, stdout=StringIO())
    again = {table: _heap_pages(table) for table in ("catalogue_searchtsv", DOC_TABLE)}
    assert all(pages > 1 for pages in first.values()), first
    # Without the rewrite each run would append a full copy (three times the pages).
    assert again == first
    assert _found(tenant, "Elternkurs") == OFFERS
