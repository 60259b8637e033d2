"""Planner writes of the taxonomy: validation names the field, nothing changes on bad
input, every change is audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from factories import OfferFactory, UserFactory
from praevnav.core.models import AuditEntry
from praevnav.taxonomy.models import LifePhase, Term, Transition
from praevnav.taxonomy.services import (
    derive_code,
    life_phase_gaps,
    life_phase_update,
    term_create,
    term_deactivate,
    term_delete,
    term_update,
    transition_update,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def planner(tenant):
    return UserFactory(username="p.planer")


def topic(tenant, code):
    return Term.all_tenants.get(tenant=tenant, vocabulary="topic", code=code)


def errors_of(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


# --- terms ------------------------------------------------------------------------------


def test_term_create_derives_code_hsds_id_and_last_position_and_audits(tenant, planner):
    parent = topic(tenant, "fruehe-hilfen")
    last = max(t.position for t in Term.all_tenants.filter(parent=parent))

    term = term_create(
        tenant=tenant,
        vocabulary="topic",
        data={"name": "Familien-Patenschaften für Neugeborene", "parent": parent},
        by=planner,
    )

    assert term.code == "familien-patenschaften-fuer-neugeborene"
    assert term.hsds_id == "praevnav:topic:familien-patenschaften-fuer-neugeborene"
    assert term.parent == parent
    assert term.position == last + 1
    entry = AuditEntry.objects.get(action="term.create", object_id=str(term.pk))
    assert (entry.channel, entry.actor, entry.tenant) == ("ui", planner, tenant)
    assert entry.changes["name"] == [None, "Familien-Patenschaften für Neugeborene"]


def test_derive_code_transliterates_german_letters():
    assert derive_code("Übergang Schule → Beruf (Größe)") == "uebergang-schule-beruf-groesse"


def test_term_create_rejects_a_duplicate_code_naming_the_field(tenant, planner):
    with pytest.raises(ValidationError) as excinfo:
        term_create(
            tenant=tenant,
            vocabulary="dimension",
            data={"name": "Bildung neu", "code": "bildung"},
            by=planner,
        )
    assert "code" in errors_of(excinfo)
    assert "“bildung”" in errors_of(excinfo)["code"][0]
    assert Term.all_tenants.filter(tenant=tenant, name="Bildung neu").count() == 0


@pytest.mark.parametrize(
    "data,field",
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"name": "Gut", "code": "Mit Leerzeichen"}, "code"),
        ({"name": "Gut", "position": -1}, "position"),
        ({"name": "Gut", "evidence_level": "nachgewiesen"}, "evidence_level"),
    ],
)
def test_term_create_names_the_field_at_fault(tenant, planner, data, field):
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        term_create(tenant=tenant, vocabulary="dimension", data=data, by=planner)
    assert field in errors_of(excinfo)
    assert AuditEntry.objects.count() == before


def test_only_topics_have_a_parent(tenant, planner):
    parent = Term.all_tenants.get(tenant=tenant, vocabulary="dimension", code="bildung")
    with pytest.raises(ValidationError) as excinfo:
        term_create(
            tenant=tenant, vocabulary="dimension", data={"name": "X", "parent": parent}, by=planner
        )
    assert errors_of(excinfo) == {"parent": ["Only topics can be placed below another term."]}


def test_topic_cannot_be_moved_below_its_own_descendant(tenant, planner):
    top = topic(tenant, "fruehe-hilfen")
    child = topic(tenant, "familienhebamme")
    grandchild = term_create(
        tenant=tenant, vocabulary="topic", data={"name": "Enkel", "parent": child}, by=planner
    )

    for new_parent in (top, child, grandchild):
        with pytest.raises(ValidationError) as excinfo:
            term_update(term=top, data={"parent": new_parent}, by=planner)
        assert "parent" in errors_of(excinfo)
        assert "cannot be placed below itself" in errors_of(excinfo)["parent"][0]
    top.refresh_from_db()
    assert top.parent is None


def test_topic_of_another_tenant_is_no_parent(tenant, other_tenant, planner):
    foreign = topic(other_tenant, "sucht")
    with pytest.raises(ValidationError) as excinfo:
        term_update(term=topic(tenant, "bewegung"), data={"parent": foreign}, by=planner)
    assert "parent" in errors_of(excinfo)


def test_code_is_immutable_once_offers_use_the_term(tenant, planner):
    term = topic(tenant, "sucht")
    OfferFactory(tenant=tenant).topics.add(term)

    with pytest.raises(ValidationError) as excinfo:
        term_update(term=term, data={"code": "suchtpraevention"}, by=planner)

    assert "1 offer uses this term" in errors_of(excinfo)["code"][0]
    term.refresh_from_db()
    assert term.code == "sucht"


def test_code_of_an_unused_term_can_change_and_the_hsds_id_follows(tenant, planner):
    term = topic(tenant, "einsamkeit")

    term_update(term=term, data={"code": "einsamkeit-im-alter", "name": term.name}, by=planner)

    term.refresh_from_db()
    assert term.code == "einsamkeit-im-alter"
    assert term.hsds_id == "praevnav:topic:einsamkeit-im-alter"
    entry = AuditEntry.objects.get(action="term.update", object_id=str(term.pk))
    assert entry.changes["code"] == ["einsamkeit", "einsamkeit-im-alter"]
    assert "name" not in entry.changes  # unchanged fields are not logged


def test_evidence_programme_keeps_level_and_source_in_attributes(tenant, planner):
    term = Term.all_tenants.get(tenant=tenant, vocabulary="evidence_programme", code="papilio")

    term_update(
        term=term,
        data={"evidence_level": "Effektivität nachgewiesen", "evidence_source": "Xchange"},
        by=planner,
    )

    term.refresh_from_db()
    assert term.attributes == {"evidence_level": "Effektivität nachgewiesen", "source": "Xchange"}


def test_term_delete_removes_an_unused_term_and_audits(tenant, planner):
    term = topic(tenant, "einsamkeit")
    pk = term.pk

    term_delete(term=term, by=planner)

    assert not Term.all_tenants.filter(pk=pk).exists()
    entry = AuditEntry.objects.get(action="term.delete", object_id=str(pk))
    assert entry.tenant == tenant
    assert entry.changes["code"] == ["einsamkeit", None]


def test_term_delete_refuses_a_used_term_and_points_to_deactivation(tenant, planner):
    term = Term.all_tenants.get(tenant=tenant, vocabulary="prevention_level", code="selektiv")
    OfferFactory(tenant=tenant, prevention_level=term)

    with pytest.raises(ValidationError) as excinfo:
        term_delete(term=term, by=planner)

    assert excinfo.value.code == "in_use"
    assert "Deactivate it instead" in excinfo.value.messages[0]
    assert Term.all_tenants.filter(pk=term.pk).exists()
    assert not AuditEntry.objects.filter(action="term.delete").exists()


def test_term_delete_refuses_a_topic_with_sub_topics(tenant, planner):
    with pytest.raises(ValidationError) as excinfo:
        term_delete(term=topic(tenant, "fruehe-hilfen"), by=planner)
    assert excinfo.value.code == "has_children"


def test_term_deactivate_keeps_the_term_on_offers(tenant, planner):
    term = topic(tenant, "sucht")
    offer = OfferFactory(tenant=tenant)
    offer.topics.add(term)

    term_deactivate(term=term, by=planner)

    term.refresh_from_db()
    assert term.is_active is False
    assert list(offer.topics.all()) == [term]
    assert AuditEntry.objects.filter(action="term.deactivate", object_id=str(term.pk)).count() == 1


# --- life phases ------------------------------------------------------------------------


def phase(tenant, code):
    return LifePhase.all_tenants.get(tenant=tenant, code=code)


def test_life_phase_update_rejects_an_overlapping_range_naming_the_other_phase(tenant, planner):
    with pytest.raises(ValidationError) as excinfo:
        life_phase_update(
            phase=phase(tenant, "3-6"),
            data={"min_age_months": 36, "max_age_months": 84},  # into 6–10
            by=planner,
        )
    message = errors_of(excinfo)["max_age_months"][0]
    assert "overlaps with the life phase “6–10 Jahre”" in message
    assert phase(tenant, "3-6").max_age_months == 72


def test_life_phase_update_rejects_an_overlap_with_the_previous_phase(tenant, planner):
    with pytest.raises(ValidationError) as excinfo:
        life_phase_update(phase=phase(tenant, "3-6"), data={"min_age_months": 24}, by=planner)
    assert "0–3 Jahre" in errors_of(excinfo)["min_age_months"][0]


def test_life_phase_update_rejects_a_range_out_of_chain_order(tenant, planner):
    # Shrink 6–10 first so that 3–6 could jump behind it without overlapping.
    life_phase_update(phase=phase(tenant, "6-10"), data={"max_age_months": 100}, by=planner)
    with pytest.raises(ValidationError) as excinfo:
        life_phase_update(
            phase=phase(tenant, "3-6"),
            data={"min_age_months": 100, "max_age_months": 120},
            by=planner,
        )
    assert "must follow each other by age" in errors_of(excinfo)["max_age_months"][0]


@pytest.mark.parametrize(
    "data,field",
    [
        ({"min_age_months": 72, "max_age_months": 72}, "max_age_months"),
        ({"min_age_months": None}, "min_age_months"),
        ({"min_age_months": 36, "max_age_months": 200 * 12}, "max_age_months"),
        ({"name": ""}, "name"),
    ],
)
def test_life_phase_update_names_the_field_at_fault(tenant, planner, data, field):
    with pytest.raises(ValidationError) as excinfo:
        life_phase_update(phase=phase(tenant, "3-6"), data=data, by=planner)
    assert field in errors_of(excinfo)


def test_pregnancy_phase_has_no_age_range(tenant, planner):
    with pytest.raises(ValidationError) as excinfo:
        life_phase_update(
            phase=phase(tenant, "schwangerschaft"), data={"min_age_months": 0}, by=planner
        )
    assert "min_age_months" in errors_of(excinfo)


def test_changed_age_range_changes_derived_life_phases_of_offers_at_once(tenant, planner):
    offer = OfferFactory(tenant=tenant, age_min_months=60, age_max_months=70)  # 5 years
    assert [p.code for p in offer.life_phases] == ["3-6"]

    life_phase_update(phase=phase(tenant, "3-6"), data={"max_age_months": 60}, by=planner)
    life_phase_update(phase=phase(tenant, "6-10"), data={"min_age_months": 60}, by=planner)

    assert [p.code for p in offer.life_phases] == ["6-10"]
    entry = AuditEntry.objects.filter(action="life_phase.update").first()
    assert entry.changes == {"min_age_months": [72, 60]}
    assert entry.channel == "ui"


def test_life_phase_gaps_lists_uncovered_ages():
    phases = [
        LifePhase(is_pregnancy=True),
        LifePhase(min_age_months=0, max_age_months=36),
        LifePhase(min_age_months=48, max_age_months=72),
        LifePhase(min_age_months=72),
    ]
    assert life_phase_gaps(phases=phases) == [(36, 48)]
    assert life_phase_gaps(phases=phases[1:3]) == [(36, 48)]
    assert life_phase_gaps(phases=phases[:2]) == []  # only gaps between phases count


# --- transitions ------------------------------------------------------------------------


def transition(tenant, code):
    return Transition.all_tenants.get(tenant=tenant, code=code)


def test_transition_update_changes_names_and_phases_and_audits(tenant, planner):
    t = transition(tenant, "kita-grundschule")

    transition_update(
        transition=t,
        data={"name": "Kita → Schule", "from_phase": phase(tenant, "3-6"), "to_phase": None},
        by=planner,
    )

    t.refresh_from_db()
    assert (t.name, t.to_phase) == ("Kita → Schule", None)
    entry = AuditEntry.objects.get(action="transition.update")
    assert set(entry.changes) == {"name", "to_phase"}


@pytest.mark.parametrize(
    "source,target,message",
    [
        ("3-6", "3-6", "different life phase"),
        ("6-10", "3-6", "leads forward"),
    ],
)
def test_transition_update_rejects_bad_phases_naming_the_field(
    tenant, planner, source, target, message
):
    with pytest.raises(ValidationError) as excinfo:
        transition_update(
            transition=transition(tenant, "kita-grundschule"),
            data={"from_phase": phase(tenant, source), "to_phase": phase(tenant, target)},
            by=planner,
        )
    assert message in errors_of(excinfo)["to_phase"][0]


def test_transition_update_rejects_a_phase_of_another_tenant(tenant, other_tenant, planner):
    with pytest.raises(ValidationError) as excinfo:
        transition_update(
            transition=transition(tenant, "kita-grundschule"),
            data={"to_phase": phase(other_tenant, "6-10")},
            by=planner,
        )
    assert "to_phase" in errors_of(excinfo)
