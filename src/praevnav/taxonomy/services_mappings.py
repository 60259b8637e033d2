"""Planners map terms of foreign taxonomies (from HSDS imports) to terms of ours.

The taxonomy app does not import the catalogue (see docs/architecture.md). The app that
keeps foreign terms on its records (``exchange``, for ``Offer.external_terms``)
registers in its ``AppConfig.ready``:

* a *source* ``(tenant) -> iterable of (taxonomy, code, name, count)``: the foreign
  terms seen on its records, with how many records carry each;
* an *applier* ``(mapping, by) -> {"updated": int, "skipped": [str]}``: adds the mapped
  term to the records that carry the foreign term (as a planner-level change).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from praevnav.core.audit import audit
from praevnav.core.models import Tenant
from praevnav.taxonomy.models import Term, TermMapping
from praevnav.taxonomy.services_terms import UI

ForeignTermSource = Callable[[Tenant], Iterable[tuple[str, str, str, int]]]
MappingApplier = Callable[[TermMapping, Any], dict]

FOREIGN_TERM_SOURCES: list[ForeignTermSource] = []
MAPPING_APPLIERS: list[MappingApplier] = []

TAXONOMY_MAX = TermMapping._meta.get_field("taxonomy").max_length or 200
CODE_MAX = TermMapping._meta.get_field("code").max_length or 200
NAME_MAX = TermMapping._meta.get_field("name").max_length or 300


def register_foreign_term_source(source: ForeignTermSource) -> None:
    if source not in FOREIGN_TERM_SOURCES:
        FOREIGN_TERM_SOURCES.append(source)


def register_mapping_applier(applier: MappingApplier) -> None:
    if applier not in MAPPING_APPLIERS:
        MAPPING_APPLIERS.append(applier)


@dataclass
class ForeignTerm:
    taxonomy: str
    code: str
    name: str
    mapping: TermMapping | None = None
    records: int = 0

    @property
    def state(self) -> str:
        """``open`` (no decision yet), ``mapped`` or ``unmapped`` (deliberately)."""
        if self.mapping is None:
            return "open"
        return "mapped" if self.mapping.term_id else "unmapped"


def foreign_terms(*, tenant: Tenant) -> list[ForeignTerm]:
    """Every foreign term known to ``tenant``: its mappings and the terms seen on records
    (distinct by taxonomy and code), open ones first, then by taxonomy and code."""
    found: dict[tuple[str, str], ForeignTerm] = {}
    mappings = TermMapping.all_tenants.filter(tenant=tenant).select_related("term")
    for mapping in mappings:
        found[(mapping.taxonomy, mapping.code)] = ForeignTerm(
            mapping.taxonomy, mapping.code, mapping.name, mapping
        )
    for source in FOREIGN_TERM_SOURCES:
        for taxonomy, code, name, count in source(tenant):
            item = found.setdefault((taxonomy, code), ForeignTerm(taxonomy, code, name))
            item.name = item.name or name
            item.records += count
    order = {"open": 0, "unmapped": 1, "mapped": 2}
    return sorted(found.values(), key=lambda t: (order[t.state], t.taxonomy.casefold(), t.code))


@dataclass
class MappingOutcome:
    mapping: TermMapping
    updated: int = 0
    skipped: list[str] = field(default_factory=list)


def _clean(taxonomy: str, code: str, name: str, term: Term | None, tenant: Tenant) -> None:
    errors: dict[str, str] = {}
    for key, value, limit in (("taxonomy", taxonomy, TAXONOMY_MAX), ("code", code, CODE_MAX)):
        if not value:
            errors[key] = _("This field is required.")
        elif len(value) > limit:
            errors[key] = _("At most %(max)s characters.") % {"max": limit}
    if len(name) > NAME_MAX:
        errors["name"] = _("At most %(max)s characters.") % {"max": NAME_MAX}
    if term is not None and term.tenant_id != tenant.pk:
        errors["term"] = _("Please choose a term of this municipality.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def term_mapping_set(
    *,
    tenant: Tenant,
    taxonomy: str,
    code: str,
    name: str = "",
    term: Term | None,
    by: Any,
    channel: str = UI,
) -> MappingOutcome:
    """Map the foreign term (``taxonomy``, ``code``) to our ``term``, or record it as
    deliberately unmapped (``term`` None). Audited.

    A newly mapped term is added at once to the records that already carry the foreign
    term (through the registered appliers, as planner changes); records that cannot be
    changed now (an open change by their provider) are listed in ``skipped``.
    """
    taxonomy, code, name = (" ".join(str(v).split()) for v in (taxonomy, code, name))
    _clean(taxonomy, code, name, term, tenant)
    mapping = (
        TermMapping.all_tenants.select_for_update()
        .filter(tenant=tenant, taxonomy=taxonomy, code=code)
        .first()
    )
    before = None if mapping is None else (mapping.term_id, mapping.name)
    if mapping is None:
        mapping = TermMapping(tenant=tenant, taxonomy=taxonomy, code=code)
    mapping.name = name or mapping.name
    mapping.term = term
    mapping.save()
    outcome = MappingOutcome(mapping)
    if before == (mapping.term_id, mapping.name):
        return outcome
    old_term = Term.all_tenants.filter(pk=before[0]).first() if before and before[0] else None
    audit(
        action="term_mapping.set",
        obj=mapping,
        tenant=tenant,
        actor=by,
        channel=channel,
        summary=f"{taxonomy}:{code}",
        changes={
            "term": [
                f"{old_term.vocabulary}:{old_term.code}" if old_term else None,
                f"{term.vocabulary}:{term.code}" if term else None,
            ]
        },
    )
    if term is not None and (before is None or before[0] != term.pk):
        for applier in MAPPING_APPLIERS:
            result = applier(mapping, by)
            outcome.updated += result.get("updated", 0)
            outcome.skipped += result.get("skipped", [])
    return outcome
