"""The numpy facet index gives exactly what the plain reference computes, offer by
offer, for random combinations of text, filters, age, place, radius and sort."""

from __future__ import annotations

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from praevnav.catalogue.search.engine import text_match
from praevnav.catalogue.search.geo import to_metric
from praevnav.catalogue.search.params import FACETS, SORTS, SearchParams
from praevnav.catalogue.search.reference import reference_search
from praevnav.catalogue.search.state import tenant_state

pytestmark = pytest.mark.django_db

QUERIES = ["", "Beratung", "Familien", "Kita", "Schulden", "Eltern Kurs", "xyz"]


def xy_of(lat, lon):
    x, y = to_metric(lat, lon)
    return float(x), float(y)


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_facet_counts_and_ranking_equal_a_brute_force_recount(world, data):
    state = tenant_state(world["tenant"])
    snapshot, index = state.snapshot, state.index
    filters = {}
    for facet in FACETS:
        known = [v.value for v in snapshot.vocab.get(facet, [])][:25] + ["unknown-code"]
        chosen = data.draw(st.lists(st.sampled_from(known), max_size=2, unique=True))
        if chosen and data.draw(st.integers(0, 3)) == 0:
            filters[facet] = tuple(chosen)
    place = data.draw(
        st.one_of(
            st.none(),
            st.tuples(st.floats(51.10, 51.35), st.floats(6.70, 6.95)),
        )
    )
    params = SearchParams(
        q=data.draw(st.sampled_from(QUERIES)),
        age_months=data.draw(st.one_of(st.none(), st.integers(0, 1000))),
        pregnant=data.draw(st.booleans()),
        filters=filters,
        lat=place[0] if place else None,
        lon=place[1] if place else None,
        radius_m=data.draw(st.one_of(st.none(), st.integers(100, 30_000))) if place else None,
        sort=data.draw(st.sampled_from(SORTS)),
    )
    query = state.context.analyse(params.q) if params.q else None
    text = text_match(index=index, query=query, scope_ids=state.scope_ids) if query else None
    point = xy_of(params.lat, params.lon) if place else None
    today = timezone.localdate()
    order, scores, dist, counts = index.search(
        params=params, filters=params.filters, text=text, point_xy=point, today=today
    )
    text_scores = None
    if text is not None:
        text_scores = {
            int(index.ids[i]): float(text.scores[i]) for i in range(index.n) if text.mask[i]
        }
    expected, expected_counts = reference_search(
        snapshot=snapshot,
        params=params,
        filters=params.filters,
        text_scores=text_scores,
        point_xy=point,
        xy_of=xy_of,
        today=today,
    )
    assert [int(index.ids[i]) for i in order] == [e[0] for e in expected]
    assert counts == expected_counts
    for i, (_id, score, distance) in zip(order, expected, strict=True):
        assert float(scores[i]) == score
        if distance is None:
            assert dist is None or dist[i] == float("inf")
        else:
            assert dist[i] == pytest.approx(distance, abs=1e-6)
