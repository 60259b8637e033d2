"""Reads of the taxonomy."""

from __future__ import annotations

from praevnav.taxonomy.enums import Vocabulary
from praevnav.taxonomy.models import LifePhase, Term, Transition


def life_phases_for_tenant(*, tenant_id: int) -> list[LifePhase]:
    """The tenant's life phases in chain order."""
    return list(LifePhase.all_tenants.filter(tenant_id=tenant_id).order_by("position"))


def transitions_for_tenant(*, tenant_id: int) -> list[Transition]:
    return list(
        Transition.all_tenants.filter(tenant_id=tenant_id)
        .select_related("from_phase", "to_phase")
        .order_by("position")
    )


def terms_by_code(*, tenant_id: int, vocabulary: Vocabulary | str) -> dict[str, Term]:
    """All terms of one vocabulary, keyed by code."""
    return {t.code: t for t in Term.all_tenants.filter(tenant_id=tenant_id, vocabulary=vocabulary)}
