"""Writes for goals and measures (Maßnahmen): create, update, delete — validated, atomic,
audited.

A measure's data is a plain mapping (a form's ``cleaned_data`` or a dict in tests):
``title, description, goal, source, area, life_phase, dimension, offers, owner,
decision_body, decision_date, status, recheck_on``; model instances or ``None`` for the
foreign keys, an iterable of offers for ``offers``.

Rules (``measure_validate``), each broken rule a ``ValidationError`` naming the field:

* the decision date is required once the status is *decided*, *in progress* or *done*;
* the re-check date is not before the decision date;
* goal, area, life phase, dimension and offers belong to the measure's tenant (a Kreis
  also sees its member towns' areas and offers; a town the areas of its Kreis).

Any status transition is allowed (planners correct mistakes), and every change is
recorded in the audit log with its field changes ``{field: [old, new]}``; a status
change is its own audit action ``measure.status`` so the history reads as a timeline.

Deleting a goal: its measures move to ``move_to`` (another goal of the tenant) or, without
one, lose their goal (``goal = None``, shown under "without goal"); its sub-goals move up
to the deleted goal's parent, so that no sub-goal is lost with it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from praevnav.catalogue.models import Offer
from praevnav.core.audit import audit
from praevnav.core.models import AuditEntry, Tenant
from praevnav.geography.models import Area
from praevnav.planning.enums import MeasureSource, MeasureStatus
from praevnav.planning.models import Goal, Measure
from praevnav.taxonomy.enums import Vocabulary
from praevnav.taxonomy.models import LifePhase, Term

SCALAR_FIELDS = (
    "title",
    "description",
    "source",
    "owner",
    "decision_body",
    "decision_date",
    "status",
    "recheck_on",
)
FK_FIELDS = ("goal", "area", "life_phase", "dimension")
DECIDED_OR_LATER = {MeasureStatus.DECIDED, MeasureStatus.IN_PROGRESS, MeasureStatus.DONE}


def _err(field: str, message: str) -> ValidationError:
    return ValidationError({field: message})


def tenant_areas(tenant: Tenant):
    """Areas a measure of ``tenant`` may name: its own, its towns' and its Kreis's."""
    return Area.all_tenants.filter(
        Q(tenant_id__in=tenant.lineage_ids()) | Q(tenant_id__in=tenant.scope_ids())
    )


def tenant_goals(tenant: Tenant):
    return Goal.all_tenants.filter(tenant=tenant)


def tenant_dimensions(tenant: Tenant):
    return Term.all_tenants.filter(tenant=tenant, vocabulary=Vocabulary.DIMENSION)


def tenant_phases(tenant: Tenant):
    return LifePhase.all_tenants.filter(tenant=tenant)


def tenant_offers(tenant: Tenant):
    return Offer.all_tenants.filter(tenant_id__in=tenant.scope_ids())


def measure_validate(*, tenant: Tenant, data: Mapping[str, Any]) -> None:
    """Raise ``ValidationError`` (per field) when ``data`` breaks a rule of the module
    docstring; change nothing."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if not (data.get("title") or "").strip():
        add("title", _("Please enter a title."))
    if not (data.get("owner") or "").strip():
        add("owner", _("Please name who is responsible."))
    status = data.get("status") or MeasureStatus.PROPOSED
    if status not in MeasureStatus.values:
        add("status", _("Unknown status."))
    if (data.get("source") or MeasureSource.OTHER) not in MeasureSource.values:
        add("source", _("Unknown origin."))
    decided, recheck = data.get("decision_date"), data.get("recheck_on")
    if status in DECIDED_OR_LATER and not decided:
        add(
            "decision_date",
            _("A decided measure needs its decision date (status: %(status)s).")
            % {"status": MeasureStatus(status).label},
        )
    if decided and recheck and recheck < decided:
        add("recheck_on", _("The re-check date cannot be before the decision date."))
    checks = (
        ("goal", tenant_goals(tenant), _("This goal belongs to another municipality.")),
        ("area", tenant_areas(tenant), _("This area belongs to another municipality.")),
        (
            "life_phase",
            tenant_phases(tenant),
            _("This life phase belongs to another municipality."),
        ),
        (
            "dimension",
            tenant_dimensions(tenant),
            _("This is not a prevention dimension of the municipality."),
        ),
    )
    for field, allowed, message in checks:
        value = data.get(field)
        if value is not None and not allowed.filter(pk=value.pk).exists():
            add(field, message)
    offer_ids = {o.pk for o in data.get("offers") or ()}
    if offer_ids:
        known = set(tenant_offers(tenant).filter(pk__in=offer_ids).values_list("pk", flat=True))
        if offer_ids - known:
            add("offers", _("Some offers belong to another municipality."))
    if errors:
        raise ValidationError(errors)


def _state(measure: Measure, offer_ids: Iterable[int] | None = None) -> dict[str, Any]:
    """The audited values of a measure: scalars as text, foreign keys as ids."""
    state: dict[str, Any] = {}
    for name in SCALAR_FIELDS:
        value = getattr(measure, name)
        state[name] = value.isoformat() if hasattr(value, "isoformat") else value
    for name in FK_FIELDS:
        state[name] = getattr(measure, f"{name}_id")
    if offer_ids is not None:
        state["offers"] = sorted(offer_ids)
    return state


def _changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list]:
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def _assign(measure: Measure, data: Mapping[str, Any]) -> None:
    for name in SCALAR_FIELDS:
        if name in data:
            value = data[name]
            if isinstance(value, str):
                value = value.strip()
            elif value is None and name not in ("decision_date", "recheck_on"):
                value = ""
            setattr(measure, name, value)
    for name in FK_FIELDS:
        if name in data:
            setattr(measure, name, data[name])
    if not measure.status:
        measure.status = MeasureStatus.PROPOSED
    if not measure.source:
        measure.source = MeasureSource.OTHER


@transaction.atomic
def measure_create(
    *,
    tenant: Tenant,
    data: Mapping[str, Any],
    by=None,
    channel: str = AuditEntry.Channel.UI,
    overlap_key: str = "",
) -> Measure:
    """Create a measure of ``tenant`` from ``data`` (see the module docstring).
    ``overlap_key``: the Doppelstruktur it was created from (kept in the audit entry)."""
    measure_validate(tenant=tenant, data=data)
    measure = Measure(
        tenant=tenant, created_by=by if getattr(by, "is_authenticated", False) else None
    )
    _assign(measure, data)
    measure.save()
    offer_ids = [o.pk for o in data.get("offers") or ()]
    measure.offers.set(offer_ids)
    changes = _changes({}, _state(measure, offer_ids))
    if overlap_key:
        changes["overlap"] = [None, overlap_key[:64]]
    audit(
        action="measure.create",
        obj=measure,
        tenant=tenant,
        actor=by,
        channel=channel,
        summary=measure.title,
        changes=changes,
    )
    return measure


@transaction.atomic
def measure_update(
    *, measure: Measure, data: Mapping[str, Any], by=None, channel: str = AuditEntry.Channel.UI
) -> Measure:
    """Change ``measure``; fields missing from ``data`` keep their value. Audited as
    ``measure.update`` with the field changes (``measure.status`` when the status moved);
    nothing is written when nothing changed."""
    tenant = measure.tenant
    merged = {
        **{name: getattr(measure, name) for name in SCALAR_FIELDS + FK_FIELDS},
        "offers": list(measure.offers.all()),
        **data,
    }
    measure_validate(tenant=tenant, data=merged)
    before = _state(measure, measure.offers.values_list("pk", flat=True))
    _assign(measure, data)
    offer_ids = [o.pk for o in merged["offers"] or ()]
    after = _state(measure, offer_ids)
    changes = _changes(before, after)
    if not changes:
        return measure
    measure.save()
    if "offers" in changes:
        measure.offers.set(offer_ids)
    audit(
        action="measure.status" if "status" in changes else "measure.update",
        obj=measure,
        tenant=tenant,
        actor=by,
        channel=channel,
        summary=measure.title,
        changes=changes,
    )
    return measure


# --- goals ------------------------------------------------------------------------------


def _goal_validate(*, tenant: Tenant, goal: Goal | None, data: Mapping[str, Any]) -> None:
    if not (data.get("title") or "").strip():
        raise _err("title", _("Please enter a title."))
    parent = data.get("parent")
    if parent is None:
        return
    if parent.tenant_id != tenant.pk:
        raise _err("parent", _("This goal belongs to another municipality."))
    node, guard = parent, 0
    while node is not None and guard < 50:
        if goal is not None and node.pk == goal.pk:
            raise _err("parent", _("A goal cannot be placed below itself or its sub-goals."))
        node, guard = node.parent, guard + 1


@transaction.atomic
def goal_create(*, tenant: Tenant, data: Mapping[str, Any], by=None) -> Goal:
    """Create a goal (``title``, ``description``, ``parent``, ``position``)."""
    _goal_validate(tenant=tenant, goal=None, data=data)
    goal = Goal.all_tenants.create(
        tenant=tenant,
        title=data["title"].strip(),
        description=(data.get("description") or "").strip(),
        parent=data.get("parent"),
        position=data.get("position") or 0,
    )
    audit(
        action="goal.create",
        obj=goal,
        tenant=tenant,
        actor=by,
        channel=AuditEntry.Channel.UI,
        summary=goal.title,
    )
    return goal


@transaction.atomic
def goal_update(*, goal: Goal, data: Mapping[str, Any], by=None) -> Goal:
    """Change a goal; refuses to move it below itself or one of its sub-goals."""
    _goal_validate(tenant=goal.tenant, goal=goal, data=data)
    before = {
        "title": goal.title,
        "description": goal.description,
        "parent": goal.parent_id,
        "position": goal.position,
    }
    goal.title = data["title"].strip()
    goal.description = (data.get("description") or "").strip()
    goal.parent = data.get("parent")
    goal.position = data.get("position") or 0
    after = {
        "title": goal.title,
        "description": goal.description,
        "parent": goal.parent_id,
        "position": goal.position,
    }
    changes = _changes(before, after)
    if changes:
        goal.save()
        audit(
            action="goal.update",
            obj=goal,
            actor=by,
            channel=AuditEntry.Channel.UI,
            summary=goal.title,
            changes=changes,
        )
    return goal


@transaction.atomic
def goal_delete(*, goal: Goal, move_to: Goal | None = None, by=None) -> int:
    """Delete ``goal``; its measures move to ``move_to`` (or lose their goal), its
    sub-goals move up to its parent. Returns the number of measures moved."""
    if move_to is not None:
        if move_to.tenant_id != goal.tenant_id:
            raise _err("move_to", _("This goal belongs to another municipality."))
        if move_to.pk == goal.pk:
            raise _err("move_to", _("Choose another goal than the one being deleted."))
    measure_ids = sorted(goal.measures.values_list("pk", flat=True))
    Measure.all_tenants.filter(pk__in=measure_ids).update(goal=move_to)
    children = sorted(goal.children.values_list("pk", flat=True))
    Goal.all_tenants.filter(pk__in=children).update(parent=goal.parent)
    tenant, pk, title = goal.tenant, goal.pk, goal.title
    goal.delete()
    audit(
        action="goal.delete",
        object_type="planning.goal",
        object_id=str(pk),
        tenant=tenant,
        actor=by,
        channel=AuditEntry.Channel.UI,
        summary=title,
        changes={
            "measures": [measure_ids, move_to.pk if move_to else None],
            "sub_goals": [children, goal.parent_id],
        },
    )
    return len(measure_ids)
