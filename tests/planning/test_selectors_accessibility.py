"""Accessibility from the database: demo without NaN and equal to the pure function."""

from __future__ import annotations

import math

import numpy as np
import pytest

from planning.demo_planning import with_demo
from praevnav.core.models import Tenant
from praevnav.planning import accessibility, grid
from praevnav.planning.selectors_accessibility import (
    AccessParams,
    accessibility_by_area,
    accessibility_inputs,
    compute_accessibility,
)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    def body():
        tenant = Tenant.objects.get(slug="duesseldorf")
        inputs = accessibility_inputs(tenant=tenant)
        result = compute_accessibility(tenant=tenant, params=AccessParams())
        cached = accessibility_by_area(tenant=tenant, params=AccessParams())
        again = accessibility_by_area(tenant=tenant, params=AccessParams())
        return {"inputs": inputs, "result": result, "cached": cached, "again": again}

    return with_demo(django_db_blocker, body, offers=600)


@pytest.mark.realdata
def test_demo_accessibility_has_no_nan_and_covers_every_level(demo):
    result = demo["result"]
    assert result.demand_level == "sozialraum"
    assert result.cells > 15_000
    assert {"stadtbezirk", "stadtteil", "sozialraum"} <= set(result.by_level)
    assert len(result.by_level["stadtteil"]) == 50
    for rows in result.by_level.values():
        for row in rows:
            for value in row.values.values():
                assert value is None or (math.isfinite(value) and value >= 0)
    assert all(row.values["65plus"] is not None for row in result.by_level["stadtteil"])
    assert demo["again"] is not None and demo["again"].cells == result.cells


@pytest.mark.realdata
def test_demo_accessibility_equals_the_pure_function_for_one_phase(demo):
    inputs, result = demo["inputs"], demo["result"]
    j = inputs.phase_codes.index("0-3")
    direct = accessibility.e2sfca(
        inputs.demand_xy, inputs.demand[:, j], inputs.supply_xy, inputs.supply[:, j],
        catchment_m=1500, weights="stepwise",
    )  # fmt: skip
    z = inputs.cell_zone["stadtteil"]
    inside = z >= 0
    means = grid.aggregate_mean(direct[inside], inputs.demand[inside, j], z[inside],
                                len(inputs.zones["stadtteil"]))  # fmt: skip
    got = np.array([r.values["0-3"] for r in result.by_level["stadtteil"]], dtype=float)
    np.testing.assert_allclose(got, means, rtol=1e-9, atol=1e-15)
    # Supply is conserved: weighted sum of accessibility equals the supply in reach.
    assert float(inputs.supply[:, j].sum()) > 0


@pytest.mark.django_db
def test_empty_tenant_gives_no_cells_and_no_error(tenant):
    result = compute_accessibility(tenant=tenant, params=AccessParams())
    assert result.cells == 0 and result.demand_level is None


def test_bad_params_are_rejected_with_a_message():
    with pytest.raises(ValueError, match="between 100 and 50000"):
        AccessParams(catchment_m=0)
    with pytest.raises(ValueError, match="Unknown method"):
        AccessParams(method="magic")
