"""Services for goals and measures: validation, tenant checks, audit with field changes,
goal deletion; selectors: list filters and sorting, goal cascade, prefill."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict

from factories import AreaFactory, OfferFactory, TenantFactory
from praevnav.core.models import AuditEntry
from praevnav.planning.enums import MeasureSource
from praevnav.planning.models import Goal, Measure
from praevnav.planning.selectors_measures import (
    MeasureFilters,
    goal_cascade,
    measure_list,
    measure_prefill,
)
from praevnav.planning.services_measures import (
    goal_create,
    goal_delete,
    goal_update,
    measure_create,
    measure_update,
)
from praevnav.taxonomy.models import LifePhase, Term

pytestmark = pytest.mark.django_db


def _phase(tenant, code="0-3"):
    return LifePhase.all_tenants.get(tenant=tenant, code=code)


def _dim(tenant, code="gesundheit"):
    return Term.all_tenants.get(tenant=tenant, vocabulary="dimension", code=code)


def _data(**kw):
    return {"title": "Babylotsen ausbauen", "owner": "Jugendamt 51/2", **kw}


def test_measure_create_stores_fields_and_audits_them(tenant, persona_user):
    planer = persona_user("planer")
    area = AreaFactory(tenant=tenant, code="011")
    offer = OfferFactory(tenant=tenant)
    measure = measure_create(
        tenant=tenant,
        by=planer,
        overlap_key="abc",
        data=_data(
            source=MeasureSource.GAP,
            area=area,
            life_phase=_phase(tenant),
            dimension=_dim(tenant),
            offers=[offer],
        ),
    )
    measure.refresh_from_db()
    assert (measure.source, measure.area, measure.status) == ("gap", area, "proposed")
    assert list(measure.offers.all()) == [offer]
    entry = AuditEntry.objects.get(action="measure.create", object_id=str(measure.pk))
    assert entry.actor == planer and entry.tenant == tenant
    assert entry.changes["title"] == [None, "Babylotsen ausbauen"]
    assert entry.changes["offers"] == [None, [offer.pk]]
    assert entry.changes["overlap"] == [None, "abc"]


@pytest.mark.parametrize("status", ["decided", "in_progress", "done"])
def test_a_decided_measure_needs_a_decision_date(tenant, status):
    with pytest.raises(ValidationError) as info:
        measure_create(tenant=tenant, data=_data(status=status))
    assert list(info.value.message_dict) == ["decision_date"]
    assert not Measure.all_tenants.exists()


def test_recheck_date_cannot_be_before_decision_date(tenant):
    with pytest.raises(ValidationError) as info:
        measure_create(
            tenant=tenant,
            data=_data(
                status="decided", decision_date=dt.date(2025, 5, 1), recheck_on=dt.date(2025, 4, 30)
            ),
        )
    assert list(info.value.message_dict) == ["recheck_on"]
    ok = measure_create(
        tenant=tenant,
        data=_data(
            status="decided", decision_date=dt.date(2025, 5, 1), recheck_on=dt.date(2025, 5, 1)
        ),
    )
    assert ok.recheck_on == dt.date(2025, 5, 1)


def test_title_and_owner_are_required(tenant):
    with pytest.raises(ValidationError) as info:
        measure_create(tenant=tenant, data={"title": " ", "owner": ""})
    assert set(info.value.message_dict) == {"title", "owner"}


def test_area_phase_dimension_goal_and_offers_must_belong_to_the_tenant(tenant):
    other = TenantFactory(slug="woanders")
    data = _data(
        area=AreaFactory(tenant=other),
        life_phase=_phase(other),
        dimension=_dim(other),
        goal=Goal.all_tenants.create(tenant=other, title="Fremdes Ziel"),
        offers=[OfferFactory(tenant=other)],
    )
    with pytest.raises(ValidationError) as info:
        measure_create(tenant=tenant, data=data)
    assert set(info.value.message_dict) == {"area", "life_phase", "dimension", "goal", "offers"}


def test_a_topic_is_not_accepted_as_dimension(tenant):
    topic = Term.all_tenants.filter(tenant=tenant, vocabulary="topic").first()
    with pytest.raises(ValidationError) as info:
        measure_create(tenant=tenant, data=_data(dimension=topic))
    assert list(info.value.message_dict) == ["dimension"]


def test_measure_update_records_field_changes_and_status_transitions(tenant, persona_user):
    planer = persona_user("planer")
    measure = measure_create(tenant=tenant, data=_data())
    measure_update(
        measure=measure,
        by=planer,
        data={
            "status": "decided",
            "decision_date": dt.date(2025, 3, 4),
            "decision_body": "Jugendhilfeausschuss",
        },
    )
    # any transition is allowed, also backwards
    measure_update(measure=measure, by=planer, data={"status": "proposed"})
    measure_update(measure=measure, by=planer, data={"owner": "Gesundheitsamt"})
    entries = list(
        AuditEntry.objects.filter(
            object_id=str(measure.pk), object_type="planning.measure"
        ).order_by("pk")
    )
    assert [e.action for e in entries] == [
        "measure.create",
        "measure.status",
        "measure.status",
        "measure.update",
    ]
    assert entries[1].changes == {
        "status": ["proposed", "decided"],
        "decision_date": [None, "2025-03-04"],
        "decision_body": ["", "Jugendhilfeausschuss"],
    }
    assert entries[2].changes == {"status": ["decided", "proposed"]}
    assert entries[3].changes == {"owner": ["Jugendamt 51/2", "Gesundheitsamt"]}
    measure.refresh_from_db()
    assert (measure.status, measure.owner) == ("proposed", "Gesundheitsamt")


def test_measure_update_without_change_writes_nothing(tenant):
    measure = measure_create(tenant=tenant, data=_data())
    measure_update(measure=measure, data={"title": "Babylotsen ausbauen"})
    assert AuditEntry.objects.filter(object_type="planning.measure").count() == 1


def test_measure_update_validates_against_the_stored_values(tenant):
    measure = measure_create(
        tenant=tenant, data=_data(status="decided", decision_date=dt.date(2025, 5, 1))
    )
    with pytest.raises(ValidationError) as info:
        measure_update(measure=measure, data={"recheck_on": dt.date(2025, 1, 1)})
    assert list(info.value.message_dict) == ["recheck_on"]
    measure.refresh_from_db()
    assert measure.recheck_on is None


def test_goal_delete_moves_measures_and_lifts_sub_goals(tenant, persona_user):
    top = goal_create(tenant=tenant, data={"title": "Gesund aufwachsen"})
    mid = goal_create(tenant=tenant, data={"title": "Frühe Hilfen stärken", "parent": top})
    low = goal_create(tenant=tenant, data={"title": "Babylotsen", "parent": mid})
    other = goal_create(tenant=tenant, data={"title": "Teilhabe"})
    m1 = measure_create(tenant=tenant, data=_data(goal=mid))
    m2 = measure_create(tenant=tenant, data=_data(goal=mid, title="Zweite"))
    moved = goal_delete(goal=mid, move_to=other, by=persona_user("planer"))
    assert moved == 2
    assert not Goal.all_tenants.filter(pk=mid.pk).exists()
    low.refresh_from_db()
    assert low.parent == top  # the sub-goal moved up, it was not deleted with its parent
    assert {m.goal for m in Measure.all_tenants.filter(pk__in=[m1.pk, m2.pk])} == {other}
    entry = AuditEntry.objects.get(action="goal.delete")
    assert entry.changes["measures"] == [[m1.pk, m2.pk], other.pk]


def test_goal_delete_without_target_leaves_measures_without_goal(tenant):
    goal = goal_create(tenant=tenant, data={"title": "Alt"})
    measure = measure_create(tenant=tenant, data=_data(goal=goal))
    goal_delete(goal=goal)
    measure.refresh_from_db()
    assert measure.goal is None


def test_goal_cannot_move_below_its_own_sub_goal(tenant):
    top = goal_create(tenant=tenant, data={"title": "Oben"})
    child = goal_create(tenant=tenant, data={"title": "Unten", "parent": top})
    with pytest.raises(ValidationError) as info:
        goal_update(goal=top, data={"title": "Oben", "parent": child})
    assert list(info.value.message_dict) == ["parent"]


def test_goal_cascade_nests_goals_and_hangs_measures_under_them(tenant):
    top = goal_create(tenant=tenant, data={"title": "A", "position": 1})
    child = goal_create(tenant=tenant, data={"title": "A.1", "parent": top})
    first = goal_create(tenant=tenant, data={"title": "Z", "position": 0})
    m = measure_create(tenant=tenant, data=_data(goal=child))
    loose = measure_create(tenant=tenant, data=_data(title="Ohne Ziel"))
    cascade = goal_cascade(tenant=tenant)
    assert [(n.goal.title, n.depth) for n in cascade.flat] == [("Z", 0), ("A", 0), ("A.1", 1)]
    assert cascade.flat[2].measures == [m]
    assert cascade.without_goal == [loose]
    assert first.pk == cascade.roots[0].goal.pk


def test_measure_list_filters_and_flags_passed_recheck_dates(tenant):
    today = dt.date(2025, 6, 1)
    area = AreaFactory(tenant=tenant, code="011")
    due = measure_create(
        tenant=tenant,
        data=_data(
            title="Fällig", recheck_on=dt.date(2025, 5, 31), area=area, life_phase=_phase(tenant)
        ),
    )
    later = measure_create(
        tenant=tenant,
        data=_data(
            title="Später",
            recheck_on=dt.date(2025, 6, 1),
            status="decided",
            decision_date=dt.date(2025, 1, 1),
        ),
    )
    rows = measure_list(tenant=tenant, today=today, sort="title")
    assert [(m.title, m.recheck_due) for m in rows] == [("Fällig", True), ("Später", False)]
    assert measure_list(tenant=tenant, today=today, filters=MeasureFilters(overdue=True)) == [due]
    assert measure_list(tenant=tenant, filters=MeasureFilters(status="decided")) == [later]
    assert measure_list(tenant=tenant, filters=MeasureFilters(area_id=area.pk)) == [due]
    assert measure_list(tenant=tenant, filters=MeasureFilters(life_phase="0-3")) == [due]
    # the status column sorts along the workflow (proposed → done), not alphabetically
    assert [m.title for m in measure_list(tenant=tenant, sort="-status")] == ["Später", "Fällig"]


def test_measure_prefill_from_gap_and_overlap_parameters(tenant):
    district = AreaFactory(tenant=tenant, code="037", name="Oberbilk")
    a, b = OfferFactory(tenant=tenant), OfferFactory(tenant=tenant)
    foreign = OfferFactory(tenant=TenantFactory(slug="fremd"))
    gap = measure_prefill(
        tenant=tenant, params=QueryDict("source=gap&area=037&life_phase=0-3&dimension=gesundheit")
    )
    assert gap.initial["source"] == "gap"
    assert gap.initial["area"] == district
    assert gap.initial["life_phase"].code == "0-3"
    assert gap.initial["dimension"].code == "gesundheit"
    assert gap.initial["title"].startswith("Oberbilk")
    assert gap.unknown == []
    overlap = measure_prefill(
        tenant=tenant,
        params=QueryDict(f"source=overlap&offers={a.pk},{b.pk},{foreign.pk},x&overlap=k1"),
    )
    assert overlap.offer_ids == sorted([a.pk, b.pk])
    assert overlap.overlap_key == "k1"
    assert overlap.unknown == ["offers"]
    odd = measure_prefill(tenant=tenant, params=QueryDict("source=evil&area=999&life_phase=x"))
    assert "source" not in odd.initial and odd.unknown == ["area", "life_phase"]
