"""Fixtures of the search and offer page tests: the catalogue of ``search_data``."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from catalogue.views.search_data import Catalogue, build_catalogue


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def catalogue(tenant, organisation, other_tenant) -> Catalogue:
    return build_catalogue(tenant, organisation, other_tenant)
