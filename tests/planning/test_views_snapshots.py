"""Snapshot pages: list and taking one now, permissions, the comparison (opened, closed,
deltas, suppressed demand), no way to edit or delete, query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from factories import TenantFactory
from planning.snapshot_fixture import DAY, build
from praevnav.catalogue.enums import OfferStatus
from praevnav.planning.models import PlanningSnapshot
from praevnav.planning.services_snapshots import snapshot_create

pytestmark = pytest.mark.django_db

LIST = reverse("planning:snapshot_list")
COMPARE = reverse("planning:snapshot_compare")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("persona", "view", "take"),
    [
        ("anonymous", 302, 302),
        ("fachkraft", 403, 403),
        ("traeger_editor", 403, 403),
        ("koordination", 200, 403),
        ("planer", 200, 302),
        ("admin", 200, 302),
    ],
)
def test_permissions_per_persona(tenant, persona_client, persona, view, take):
    client = persona_client(persona)
    assert client.get(LIST).status_code == view
    assert client.get(COMPARE).status_code == view
    response = client.post(LIST, {"label": "Jetzt"})
    assert response.status_code == take
    taken = PlanningSnapshot.all_tenants.filter(label="Jetzt").exists()
    assert taken == (persona in ("planer", "admin"))
    if taken:
        snapshot = PlanningSnapshot.all_tenants.get(label="Jetzt")
        assert response["Location"] == reverse("planning:snapshot_detail", args=[snapshot.pk])
        assert snapshot.reference_date == dt.date.today()


def test_list_offers_no_edit_or_delete(tenant, persona_client):
    snapshot = snapshot_create(tenant=tenant, label="Stand")
    client = persona_client("planer")
    html = client.get(LIST).content.decode()
    assert f'data-snapshot="{snapshot.pk}"' in html
    detail = reverse("planning:snapshot_detail", args=[snapshot.pk])
    assert "loeschen" not in html and "bearbeiten" not in html
    for name in ("snapshot_edit", "snapshot_delete", "snapshot_update"):
        with pytest.raises(NoReverseMatch):
            reverse(f"planning:{name}", args=[snapshot.pk])
    assert client.post(detail, {"label": "x"}).status_code == 405
    assert PlanningSnapshot.all_tenants.get(pk=snapshot.pk).label == "Stand"


def test_compare_shows_opened_closed_and_coverage_changes(tenant, persona_client):
    world = build(tenant)
    before = snapshot_create(tenant=tenant, reference_date=DAY)
    babymassage, cafe, hotline, *_ = world["offers"]
    babymassage.status = OfferStatus.ARCHIVED
    babymassage.save()
    after = snapshot_create(tenant=tenant, reference_date=DAY)
    page = persona_client("planer").get(COMPARE + f"?a={before.pk}&b={after.pk}&level=stadtteil")
    comparison = page.context["comparison"]
    assert comparison.opened == []
    assert [o["title"] for o in comparison.closed] == ["Babymassage"]
    assert [(d.area_code, d.phase, d.delta) for d in comparison.coverage] == [("011", "0-3", -1)]
    html = page.content.decode()
    assert 'data-area="011" data-phase="0-3" data-delta="-1"' in html
    assert f'data-offer="{babymassage.pk}"' in html
    # demand: 3 zero-result searches and 1 gap report in 0–3 are shown as "< 5"
    rows = {(r["kind"], r["phase"]): (r["a"], r["b"]) for r in comparison.demand}
    assert rows[("zero_results", "0-3")] == ("< 5", "< 5")
    assert rows[("searches", None)] == ("10", "10")
    assert rows[("zero_results", None)] == ("< 5", "< 5")
    assert rows[("gap_reports", None)] == ("< 5", "< 5")


def test_compare_rejects_foreign_or_bad_ids(tenant, persona_client):
    mine = snapshot_create(tenant=tenant)
    foreign = snapshot_create(tenant=TenantFactory(slug="fremd"))
    client = persona_client("planer")
    for query in (f"?a={mine.pk}&b={foreign.pk}", "?a=x&b=1", f"?a={mine.pk}"):
        response = client.get(COMPARE + query)
        assert response.status_code == 400
        assert response.context["comparison"] is None
        assert 'id="compare-error"' in response.content.decode()


def test_detail_shows_key_figures_with_suppressed_demand(tenant, persona_client):
    build(tenant)
    snapshot = snapshot_create(tenant=tenant, reference_date=DAY)
    page = persona_client("koordination").get(
        reverse("planning:snapshot_detail", args=[snapshot.pk])
    )
    html = page.content.decode()
    assert 'data-figure="offers">3<' in html
    assert dict((str(k), v) for k, v in page.context["demand"])["Gemeldete Lücken"] == "< 5"
    assert "&lt; 5" in html


def test_list_query_count_does_not_grow(tenant, persona_client):
    client = persona_client("planer")
    snapshot_create(tenant=tenant)
    client.get(LIST)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for i in range(8):
        snapshot_create(tenant=tenant, label=f"S{i}")
    with CaptureQueriesContext(connection) as many:
        client.get(LIST)
    assert len(many) == len(few)
    # the frozen content is not loaded for the list
    assert not any(
        '"data"' in q["sql"] and "planning_planningsnapshot" in q["sql"]
        for q in many.captured_queries
    )
