"""Seeding of a tenant's taxonomy, and the pure derivation of life phases.

The planners' edits live in ``services_terms`` and ``services_synonyms`` (re-exported here).

Every write is keyword-only, atomic and audited. Bad input raises ``ValidationError``
keyed by the field at fault (the names of the planner forms) and changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Protocol, TypeVar

from django.db import transaction

from praevnav.core.audit import audit
from praevnav.core.models import AuditEntry, Tenant
from praevnav.taxonomy.models import LifePhase, Term, Transition

P = TypeVar("P", bound="PhaseLike")

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_TAXONOMY_FILE = DATA_DIR / "default_taxonomy.json"
DEFAULT_SYNONYMS_FILE = DATA_DIR / "default_synonyms.json"
UI = AuditEntry.Channel.UI


class PhaseLike(Protocol):
    is_pregnancy: bool
    min_age_months: int | None
    max_age_months: int | None


def derive_life_phases(
    *,
    phases: Iterable[P],
    pregnancy: bool,
    min_months: int | None,
    max_months: int | None,
) -> list[P]:
    """Life phases an offer belongs to, derived from its age range.

    Rule (documented in docs/glossary.md): the pregnancy phase when the pregnancy
    flag is set; every other phase whose age range ``[min, max)`` overlaps the
    offer's ``[min_months, max_months)``. Missing bounds are open. An offer flagged
    for pregnancy without any age range belongs to the pregnancy phase only; an
    offer with neither flag nor range is for all ages.
    """
    result: list[P] = []
    pregnancy_only = pregnancy and min_months is None and max_months is None
    for phase in phases:
        if phase.is_pregnancy:
            if pregnancy:
                result.append(phase)
            continue
        if pregnancy_only:
            continue
        lo = phase.min_age_months or 0
        hi = phase.max_age_months
        if max_months is not None and max_months <= lo:
            continue
        if hi is not None and min_months is not None and min_months >= hi:
            continue
        result.append(phase)
    return result


def load_default_taxonomy() -> dict:
    with DEFAULT_TAXONOMY_FILE.open(encoding="utf-8") as handle:
        return json.load(handle)


@transaction.atomic
def taxonomy_seed(*, tenant: Tenant, data: dict | None = None) -> dict[str, int]:
    """Give ``tenant`` the shipped vocabularies, life phases and transitions.

    Idempotent: existing codes are left as the planners edited them; only
    missing ones are added. Returns the number of rows created per kind.

    Also gives the tenant the default synonym groups (``synonyms_seed``: only once,
    so that groups the planners deleted stay deleted); they are not counted here.
    """
    synonyms_seed(tenant=tenant)
    data = data or load_default_taxonomy()
    created = {"terms": 0, "life_phases": 0, "transitions": 0}
    phases: dict[str, LifePhase] = {p.code: p for p in LifePhase.all_tenants.filter(tenant=tenant)}
    for position, item in enumerate(data["life_phases"]):
        if item["code"] in phases:
            continue
        phases[item["code"]] = LifePhase.all_tenants.create(
            tenant=tenant,
            code=item["code"],
            name=item["name"],
            name_en=item.get("name_en", ""),
            position=position,
            is_pregnancy=item.get("is_pregnancy", False),
            min_age_months=item.get("min_age_months"),
            max_age_months=item.get("max_age_months"),
            hsds_id=f"praevnav:life_phase:{item['code']}",
        )
        created["life_phases"] += 1
    existing_transitions = set(
        Transition.all_tenants.filter(tenant=tenant).values_list("code", flat=True)
    )
    for position, item in enumerate(data["transitions"]):
        if item["code"] in existing_transitions:
            continue
        Transition.all_tenants.create(
            tenant=tenant,
            code=item["code"],
            name=item["name"],
            name_en=item.get("name_en", ""),
            position=position,
            from_phase=phases.get(item.get("from") or ""),
            to_phase=phases.get(item.get("to") or ""),
            hsds_id=f"praevnav:transition:{item['code']}",
        )
        created["transitions"] += 1
    existing_terms = {
        (v, c): pk
        for v, c, pk in Term.all_tenants.filter(tenant=tenant).values_list(
            "vocabulary", "code", "pk"
        )
    }
    created["terms"] = _seed_terms(
        tenant=tenant, vocabularies=data["vocabularies"], existing=existing_terms
    )
    if any(created.values()):
        # Terms are written in bulk (no save signals): the audit entry is what tells the
        # caches of this process that the tenant's vocabularies changed.
        audit(
            action="taxonomy.seed",
            object_type="taxonomy.term",
            tenant=tenant,
            channel=AuditEntry.Channel.SYSTEM,
            summary=", ".join(f"{n} {kind}" for kind, n in created.items() if n),
        )
    return created


def _seed_terms(
    *,
    tenant: Tenant,
    vocabularies: dict[str, Sequence[dict]],
    existing: dict[tuple[str, str], int],
) -> int:
    """Create the missing terms of every vocabulary tree, one bulk insert per tree depth.

    ``existing`` maps (vocabulary, code) to the id of a term the tenant already has;
    such a term is left as it is, and its missing children are added under it.
    """
    count = 0
    # (vocabulary, items, parent key) of the current depth; a parent key is looked up in
    # ``existing`` once the level above has been written.
    level: list[tuple[str, Sequence[dict], tuple[str, str] | None]] = [
        (vocabulary, items, None) for vocabulary, items in vocabularies.items()
    ]
    while level:
        new: dict[tuple[str, str], Term] = {}
        next_level: list[tuple[str, Sequence[dict], tuple[str, str] | None]] = []
        for vocabulary, items, parent_key in level:
            parent_id = existing[parent_key] if parent_key else None
            for position, item in enumerate(items):
                key = (vocabulary, item["code"])
                if key not in existing and key not in new:
                    new[key] = Term(
                        tenant=tenant,
                        vocabulary=vocabulary,
                        code=item["code"],
                        name=item["name"],
                        name_en=item.get("name_en", ""),
                        description=item.get("description", ""),
                        parent_id=parent_id,
                        position=position,
                        hsds_id=item.get("hsds_id") or f"praevnav:{vocabulary}:{item['code']}",
                        attributes=item.get("attributes", {}),
                    )
                if item.get("children"):
                    next_level.append((vocabulary, item["children"], key))
        Term.all_tenants.bulk_create(list(new.values()))
        existing.update((key, term.pk) for key, term in new.items())
        count += len(new)
        level = next_level
    return count


# --- shared -----------------------------------------------------------------------------


# The planners' edits, re-exported so callers keep one import path for the taxonomy services.
from praevnav.taxonomy.services_synonyms import (  # noqa: E402,F401
    load_default_synonyms,
    parse_synonym_words,
    synonym_create,
    synonym_delete,
    synonym_update,
    synonyms_seed,
)
from praevnav.taxonomy.services_terms import (  # noqa: E402,F401
    LIFE_PHASE_FIELDS,
    TERM_FIELDS,
    TRANSITION_FIELDS,
    derive_code,
    life_phase_gaps,
    life_phase_update,
    term_create,
    term_deactivate,
    term_delete,
    term_update,
    transition_update,
)
