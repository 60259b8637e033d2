"""How often terms, transitions and life phases are used by offers, read without the
taxonomy importing the catalogue."""

from __future__ import annotations

import pytest

from factories import OfferFactory
from praevnav.catalogue.enums import OfferStatus
from praevnav.taxonomy.models import LifePhase, Term, Transition
from praevnav.taxonomy.selectors import (
    life_phase_usage_counts,
    parent_choices,
    term_usage_count,
    term_usage_counts,
    transition_usage_counts,
    vocabulary_overview,
    vocabulary_terms,
)

pytestmark = pytest.mark.django_db


def term(tenant, vocabulary, code):
    return Term.all_tenants.get(tenant=tenant, vocabulary=vocabulary, code=code)


def test_term_usage_counts_every_link_of_the_offer_record(tenant, other_tenant):
    sucht = term(tenant, "topic", "sucht")
    selektiv = term(tenant, "prevention_level", "selektiv")
    papilio = term(tenant, "evidence_programme", "papilio")
    for status in (OfferStatus.PUBLISHED, OfferStatus.DRAFT):
        offer = OfferFactory(tenant=tenant, status=status, prevention_level=selektiv)
        offer.topics.add(sucht)
    OfferFactory(tenant=tenant, evidence_programme=papilio)
    foreign = OfferFactory(tenant=other_tenant)
    foreign.topics.add(term(other_tenant, "topic", "sucht"))

    counts = term_usage_counts(tenant_id=tenant.pk)

    assert counts == {sucht.pk: 2, selektiv.pk: 2, papilio.pk: 1}
    assert term_usage_count(term=sucht) == 2
    assert term_usage_counts(tenant_id=tenant.pk, vocabulary="topic") == {sucht.pk: 2}


def test_term_usage_counts_take_a_fixed_number_of_queries(tenant, django_assert_num_queries):
    term_usage_counts(tenant_id=tenant.pk)  # warm the relation registry
    # one per link to Term: 10 lists, 2 single, term mappings, qualitative needs, measures
    with django_assert_num_queries(15):
        term_usage_counts(tenant_id=tenant.pk)
    for code in ("sucht", "bewegung", "demenz"):
        OfferFactory(tenant=tenant).topics.add(term(tenant, "topic", code))
    with django_assert_num_queries(15):
        term_usage_counts(tenant_id=tenant.pk)


def test_life_phase_usage_is_derived_from_the_age_ranges(tenant):
    OfferFactory(tenant=tenant, age_min_months=24, age_max_months=48)  # 0–3 and 3–6
    OfferFactory(tenant=tenant, pregnancy=True)
    phases = {p.code: p.pk for p in LifePhase.all_tenants.filter(tenant=tenant)}

    counts = life_phase_usage_counts(tenant_id=tenant.pk)

    assert counts[phases["0-3"]] == 1
    assert counts[phases["3-6"]] == 1
    assert counts[phases["schwangerschaft"]] == 1
    assert counts[phases["65plus"]] == 0

    LifePhase.all_tenants.filter(pk=phases["0-3"]).update(max_age_months=24)
    assert life_phase_usage_counts(tenant_id=tenant.pk)[phases["0-3"]] == 0


def test_transition_usage_counts(tenant):
    kita = Transition.all_tenants.get(tenant=tenant, code="kita-grundschule")
    OfferFactory(tenant=tenant).transitions.add(kita)
    assert transition_usage_counts(tenant_id=tenant.pk) == {kita.pk: 1}


def test_vocabulary_overview_counts_terms_per_vocabulary(tenant):
    Term.all_tenants.filter(tenant=tenant, vocabulary="dimension", code="teilhabe").update(
        is_active=False
    )
    rows = {r.vocabulary: r for r in vocabulary_overview(tenant_id=tenant.pk)}
    assert len(rows) == 12
    assert (rows["dimension"].terms, rows["dimension"].active) == (4, 3)
    assert rows["topic"].slug == "themen"


def test_vocabulary_terms_are_in_tree_order_with_depth(tenant):
    rows = vocabulary_terms(tenant_id=tenant.pk, vocabulary="topic")
    names = [(r.term.code, r.depth) for r in rows]
    assert names[:4] == [
        ("fruehe-hilfen", 0),
        ("familienhebamme", 1),
        ("willkommensbesuch", 1),
        ("babytreff", 1),
    ]
    assert rows[1].indent == "— "


def test_parent_choices_leave_out_the_term_and_its_subtree(tenant):
    top = term(tenant, "topic", "fruehe-hilfen")
    ids = {
        pk for pk, _label in parent_choices(tenant_id=tenant.pk, vocabulary="topic", exclude=top)
    }
    assert top.pk not in ids
    assert term(tenant, "topic", "babytreff").pk not in ids
    assert term(tenant, "topic", "sucht").pk in ids
