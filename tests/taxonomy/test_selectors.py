"""Reads of the taxonomy are per tenant and in chain order."""

from __future__ import annotations

import pytest

from praevnav.taxonomy.enums import Vocabulary
from praevnav.taxonomy.models import LifePhase
from praevnav.taxonomy.selectors import (
    life_phases_for_tenant,
    terms_by_code,
    transitions_for_tenant,
)

pytestmark = pytest.mark.django_db


def test_life_phases_for_tenant_in_chain_order(tenant, other_tenant):
    LifePhase.all_tenants.filter(tenant=tenant, code="0-3").update(position=99)
    phases = life_phases_for_tenant(tenant_id=tenant.pk)
    assert phases[-1].code == "0-3"
    assert {p.tenant_id for p in phases} == {tenant.pk}
    assert len(phases) == 8


def test_transitions_for_tenant(tenant, other_tenant, django_assert_num_queries):
    with django_assert_num_queries(1):
        transitions = transitions_for_tenant(tenant_id=tenant.pk)
        pairs = [(t.from_phase.code if t.from_phase else None, t.code) for t in transitions]
    assert len(pairs) == 7
    assert {t.tenant_id for t in transitions} == {tenant.pk}


def test_terms_by_code_every_vocabulary_is_seeded_with_hsds_ids(tenant):
    for vocabulary in Vocabulary:
        terms = terms_by_code(tenant_id=tenant.pk, vocabulary=vocabulary)
        assert terms, vocabulary
        assert all(t.hsds_id for t in terms.values())
    assert set(terms_by_code(tenant_id=tenant.pk, vocabulary="prevention_level")) == {
        "universell",
        "selektiv",
        "indiziert",
    }
