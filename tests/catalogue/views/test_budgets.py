"""Size budgets of the search page (issue 3): HTML ≤ 60 KB; JS + CSS ≤ 150 KB gzipped.

Measured on demo data (real Düsseldorf areas, generated offers) with 20 results and every
facet group shown, and on the static files the page really loads.
"""

from __future__ import annotations

import gzip
import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client

HTML_BUDGET = 60 * 1024
ASSET_BUDGET = 150 * 1024


@pytest.fixture(scope="module")
def demo_page(django_db_setup, django_db_blocker):
    """The search page of the demo city, rendered once for the module."""
    if not (Path(settings.DATA_DIR) / "duesseldorf").exists():
        pytest.skip("demo geodata not available (PRAEVNAV_DATA_DIR)")
    with django_db_blocker.unblock():
        from django.db import transaction

        # Roll the demo back afterwards: other tests expect an empty database.
        with transaction.atomic():
            call_command("load_demo", "--offers", "600", "--kreis-offers", "20", stdout=StringIO())
            client = Client()
            pages = {
                "all": client.get("/angebote/?tenant=duesseldorf"),
                "age": client.get("/angebote/?age=4&tenant=duesseldorf"),
                "place": client.get("/angebote/?near=Bilk&radius=5000&view=table"),
            }
            transaction.set_rollback(True)
    return pages


@pytest.mark.realdata
def test_search_page_html_stays_within_60_kb(demo_page):
    for name, response in demo_page.items():
        html = response.content.decode()
        assert response.status_code == 200, name
        results = len(re.findall(r'class="pn-result"', html)) or html.count(
            'scope="row" class="kern-table__header"'
        )
        assert results >= 20 or name == "place", (name, results)
        fieldsets = html.count('<fieldset class="pn-facet">')
        assert fieldsets >= 12, (name, fieldsets)
        size = len(response.content)
        print(f"search page '{name}': {size / 1024:.1f} KB, {fieldsets} facet groups")
        assert size <= HTML_BUDGET, f"{name}: {size} bytes"


def _loaded_assets(html: str) -> list[str]:
    """Static CSS and JS files the page links to (paths below STATIC_URL)."""
    prefix = re.escape(settings.STATIC_URL)
    refs = re.findall(rf'(?:href|src)="{prefix}([^"]+\.(?:css|js))"', html)
    return refs


def gzipped_size(relative: str) -> int:
    path = finders.find(relative)
    assert path, f"{relative} not found (run make assets)"
    return len(gzip.compress(Path(path).read_bytes(), compresslevel=9))


@pytest.mark.django_db
def test_search_page_assets_stay_within_150_kb_gzipped(client, tenant):
    html = client.get("/angebote/").content.decode()
    assets = _loaded_assets(html)

    # The map is part of the budget: Leaflet and the cluster plugin are loaded.
    assert any(a.endswith("leaflet.js") for a in assets)
    assert any(a.endswith("leaflet.markercluster.js") for a in assets)
    sizes = {a: gzipped_size(a) for a in assets}
    total = sum(sizes.values())
    print("\n".join(f"{v / 1024:6.1f} KB  {k}" for k, v in sorted(sizes.items())))
    print(f"{total / 1024:6.1f} KB  total (gzip -9)")
    assert total <= ASSET_BUDGET
