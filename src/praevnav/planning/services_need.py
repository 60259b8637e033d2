"""Writes for the need index: planners' weights and qualitative needs (audited)."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from praevnav.core.audit import audit
from praevnav.core.models import Tenant
from praevnav.geography.models import Area
from praevnav.planning.models import NeedWeight, QualitativeNeed
from praevnav.planning.need import validate_weights
from praevnav.taxonomy.models import LifePhase, Term


@transaction.atomic
def need_weights_set(
    *, tenant: Tenant, life_phase: LifePhase, weights: dict[str, object], by=None
) -> dict[str, float]:
    """Replace the weights of ``life_phase`` (zeros are dropped). Raises
    ``need.NeedWeightError`` for weights that cannot form an index; nothing changes then."""
    checked = validate_weights(weights)
    before = dict(
        NeedWeight.all_tenants.filter(tenant=tenant, life_phase=life_phase).values_list(
            "indicator_key", "weight"
        )
    )
    NeedWeight.all_tenants.filter(tenant=tenant, life_phase=life_phase).delete()
    NeedWeight.all_tenants.bulk_create(
        [NeedWeight(tenant=tenant, life_phase=life_phase, indicator_key=k, weight=w)
         for k, w in checked.items()]
    )  # fmt: skip
    audit(
        action="planning.need_weights_set",
        object_type="taxonomy.lifephase",
        object_id=str(life_phase.pk),
        tenant=tenant,
        actor=by,
        summary=f"{life_phase.code}: " + ", ".join(f"{k}={w:g}" for k, w in checked.items()),
        changes={"before": before, "after": checked},
    )
    return checked


@transaction.atomic
def need_weights_reset(*, tenant: Tenant, life_phase: LifePhase, by=None) -> None:
    """Drop the planner's weights of ``life_phase``: the defaults apply again."""
    deleted, _ = NeedWeight.all_tenants.filter(tenant=tenant, life_phase=life_phase).delete()
    if deleted:
        audit(
            action="planning.need_weights_reset",
            object_type="taxonomy.lifephase",
            object_id=str(life_phase.pk),
            tenant=tenant,
            actor=by,
            summary=life_phase.code,
        )


@transaction.atomic
def qualitative_need_create(
    *, tenant: Tenant, area: Area, life_phase: LifePhase, text: str, recorded_on: date,
    source: str, dimension: Term | None = None, source_note: str = "", by=None,
) -> QualitativeNeed:  # fmt: skip
    """Record a need from a Sozialraumkonferenz, a survey or professionals."""
    need = QualitativeNeed.all_tenants.create(
        tenant=tenant,
        area=area,
        life_phase=life_phase,
        dimension=dimension,
        text=text.strip(),
        recorded_on=recorded_on,
        source=source,
        source_note=source_note.strip(),
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    audit(action="planning.qualitative_need_create", obj=need, tenant=tenant, actor=by,
          summary=f"{area.code}/{life_phase.code}: {need.text[:80]}")  # fmt: skip
    return need


@transaction.atomic
def qualitative_need_delete(*, need: QualitativeNeed, by=None) -> None:
    """Delete a recorded need (the audit log keeps what it said)."""
    summary = f"{need.area.code}/{need.life_phase.code}: {need.text[:80]}"
    pk, tenant = need.pk, need.tenant
    need.delete()
    audit(action="planning.qualitative_need_delete", object_type="planning.qualitativeneed",
          object_id=str(pk), tenant=tenant, actor=by, summary=summary)  # fmt: skip
