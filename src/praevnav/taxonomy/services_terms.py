"""Planner edits of vocabularies, life phases and transitions.

Every write is keyword-only, atomic and audited. Bad input raises ``ValidationError``
keyed by the field at fault (the names of the planner forms) and changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from praevnav.core.audit import audit
from praevnav.core.models import AuditEntry, Tenant
from praevnav.taxonomy.enums import Vocabulary
from praevnav.taxonomy.models import LifePhase, Term, Transition
from praevnav.taxonomy.selectors import descendant_ids, term_usage_count

UI = AuditEntry.Channel.UI
CODE_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CODE_MAX_LENGTH: int = Term._meta.get_field("code").max_length or 60
NAME_MAX_LENGTH: int = Term._meta.get_field("name").max_length or 200
MAX_AGE_MONTHS = 130 * 12
_GERMAN_LETTERS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def _require_known(data: Mapping[str, Any], allowed: set[str]) -> None:
    unknown = set(data) - allowed
    if unknown:
        raise TypeError(f"unknown fields: {', '.join(sorted(unknown))}")


def _text(data: Mapping[str, Any], key: str, current: str = "") -> str:
    value = data.get(key, current)
    return " ".join(str(value or "").split()) if key != "description" else str(value or "")


def _check_names(name: str, name_en: str, errors: dict[str, str]) -> None:
    if not name:
        errors["name"] = _("Please enter the German name.")
    elif len(name) > NAME_MAX_LENGTH:
        errors["name"] = _("The German name may have at most %(max)s characters.") % {
            "max": NAME_MAX_LENGTH
        }
    if len(name_en) > NAME_MAX_LENGTH:
        errors["name_en"] = _("The English name may have at most %(max)s characters.") % {
            "max": NAME_MAX_LENGTH
        }


def _changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list]:
    """``{field: [old, new]}`` for every field that changed (for the audit log)."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def derive_code(name: str) -> str:
    """A code from a German name: “Frühe Hilfen” → ``fruehe-hilfen``."""
    return slugify(name.lower().translate(_GERMAN_LETTERS))[:CODE_MAX_LENGTH].strip("-")


# --- terms ------------------------------------------------------------------------------

TERM_FIELDS = {
    "name",
    "name_en",
    "code",
    "description",
    "parent",
    "position",
    "is_active",
    "evidence_level",
    "evidence_source",
}


def _term_state(term: Term) -> dict[str, Any]:
    return {
        "name": term.name,
        "name_en": term.name_en,
        "code": term.code,
        "description": term.description,
        "parent": term.parent_id,
        "position": term.position,
        "is_active": term.is_active,
        "hsds_id": term.hsds_id,
        "attributes": dict(term.attributes or {}),
    }


def _apply_term_data(term: Term, data: Mapping[str, Any], *, usage: int) -> None:
    """Validate ``data`` and set it on ``term`` (not saved); raise keyed errors."""
    _require_known(data, TERM_FIELDS)
    errors: dict[str, str] = {}
    name = _text(data, "name", term.name)
    name_en = _text(data, "name_en", term.name_en)
    _check_names(name, name_en, errors)

    code = _text(data, "code", term.code).lower()
    if not code and term.pk is None:
        code = _unique_code(term, derive_code(name)) if name else ""
    if not code:
        if name:
            errors["code"] = _("Please enter a code.")
    elif len(code) > CODE_MAX_LENGTH or not CODE_PATTERN.match(code):
        errors["code"] = _(
            "Use at most %(max)s lower-case letters, digits and single hyphens, e.g. fruehe-hilfen."
        ) % {"max": CODE_MAX_LENGTH}
    elif term.pk is not None and code != term.code and usage:
        errors["code"] = ngettext(
            "The code cannot be changed because %(count)s offer uses this term; imports, "
            "exports and the API identify the term by its code.",
            "The code cannot be changed because %(count)s offers use this term; imports, "
            "exports and the API identify the term by its code.",
            usage,
        ) % {"count": usage}
    elif (
        Term.all_tenants.filter(tenant_id=term.tenant_id, vocabulary=term.vocabulary, code=code)
        .exclude(pk=term.pk)
        .exists()
    ):
        errors["code"] = _("Another term of this vocabulary already has the code “%(code)s”.") % {
            "code": code
        }

    parent = data.get("parent", term.parent)
    if parent is not None:
        if term.vocabulary != Vocabulary.TOPIC:
            errors["parent"] = _("Only topics can be placed below another term.")
        elif parent.tenant_id != term.tenant_id or parent.vocabulary != term.vocabulary:
            errors["parent"] = _("The parent must be a topic of the same municipality.")
        elif term.pk is not None and (
            parent.pk == term.pk or parent.pk in descendant_ids(term=term)
        ):
            errors["parent"] = _(
                "“%(parent)s” lies below “%(term)s”: a topic cannot be placed below itself "
                "or one of its sub-topics."
            ) % {"parent": parent.name, "term": term.name}

    position = data.get("position")
    if position is None and term.pk is not None:
        position = term.position
    if position is not None and (not isinstance(position, int) or position < 0):
        errors["position"] = _("The position must be a whole number of 0 or more.")

    attributes = dict(term.attributes or {})
    if term.vocabulary == Vocabulary.EVIDENCE_PROGRAMME:
        for key, field, limit in (
            ("evidence_level", "evidence_level", 120),
            ("source", "evidence_source", 200),
        ):
            value = _text(data, field, attributes.get(key, ""))
            if len(value) > limit:
                errors[field] = _("At most %(max)s characters.") % {"max": limit}
            elif value:
                attributes[key] = value
            else:
                attributes.pop(key, None)
    elif data.get("evidence_level") or data.get("evidence_source"):
        errors["evidence_level"] = _("Only evidence-based programmes have an evidence level.")
    if errors:
        raise ValidationError(errors)

    old_derived = f"praevnav:{term.vocabulary}:{term.code}"
    if not term.hsds_id or term.hsds_id == old_derived:
        term.hsds_id = f"praevnav:{term.vocabulary}:{code}"
    if position is None:
        siblings = Term.all_tenants.filter(
            tenant_id=term.tenant_id, vocabulary=term.vocabulary, parent=parent
        ).order_by("-position")
        last = siblings.values_list("position", flat=True).first()
        position = 0 if last is None else last + 1
    term.name, term.name_en, term.code = name, name_en, code
    term.description = _text(data, "description", term.description).strip()
    term.parent, term.position, term.attributes = parent, position, attributes
    term.is_active = bool(data.get("is_active", term.is_active))


def _unique_code(term: Term, base: str) -> str:
    taken = set(
        Term.all_tenants.filter(
            tenant_id=term.tenant_id, vocabulary=term.vocabulary, code__startswith=base
        ).values_list("code", flat=True)
    )
    code, n = base, 2
    while code in taken:
        code = f"{base[: CODE_MAX_LENGTH - len(str(n)) - 1]}-{n}"
        n += 1
    return code


@transaction.atomic
def term_create(
    *, tenant: Tenant, vocabulary: str, data: Mapping[str, Any], by: Any, channel: str = UI
) -> Term:
    """Add a term to one of ``tenant``'s vocabularies.

    ``data`` holds the form fields (``TERM_FIELDS``); a missing code is derived from the
    German name, a missing position puts the term last among its siblings, the HSDS id
    is derived from vocabulary and code.
    """
    if vocabulary not in Vocabulary.values:
        raise ValidationError({"vocabulary": _("Unknown vocabulary.")})
    term = Term(tenant=tenant, vocabulary=vocabulary, code="", name="")
    _apply_term_data(term, data, usage=0)
    term.save()
    audit(
        action="term.create",
        obj=term,
        tenant=tenant,
        actor=by,
        channel=channel,
        summary=f"{vocabulary}: {term.name} ({term.code})",
        changes=_changes({}, _term_state(term)),
    )
    return term


@transaction.atomic
def term_update(*, term: Term, data: Mapping[str, Any], by: Any, channel: str = UI) -> Term:
    """Change a term. The code stays fixed once offers use the term; a topic cannot be
    placed below itself or its sub-topics."""
    term = Term.all_tenants.select_for_update().get(pk=term.pk)
    before = _term_state(term)
    usage = term_usage_count(term=term) if "code" in data else 0
    _apply_term_data(term, data, usage=usage)
    term.save()
    changes = _changes(before, _term_state(term))
    if changes:
        audit(
            action="term.update",
            obj=term,
            actor=by,
            channel=channel,
            summary=f"{term.vocabulary}: {term.name} ({term.code})",
            changes=changes,
        )
    return term


@transaction.atomic
def term_deactivate(*, term: Term, by: Any, channel: str = UI) -> Term:
    """Hide a term from new entries and from search filters; offers keep it."""
    term = Term.all_tenants.select_for_update().get(pk=term.pk)
    if term.is_active:
        term.is_active = False
        term.save(update_fields=["is_active"])
        audit(
            action="term.deactivate",
            obj=term,
            actor=by,
            channel=channel,
            summary=f"{term.vocabulary}: {term.name} ({term.code})",
            changes={"is_active": [True, False]},
        )
    return term


@transaction.atomic
def term_delete(*, term: Term, by: Any, channel: str = UI) -> None:
    """Delete a term that nothing uses and that has no sub-terms.

    A term in use can only be deactivated: deleting it would silently remove it from
    offers (or be refused by the database).
    """
    term = Term.all_tenants.select_for_update().get(pk=term.pk)
    usage = term_usage_count(term=term)
    if usage:
        raise ValidationError(
            ngettext(
                "“%(name)s” cannot be deleted because %(count)s offer uses it. Deactivate it "
                "instead: it then no longer appears for new entries and in the search filters, "
                "and the offer keeps it.",
                "“%(name)s” cannot be deleted because %(count)s offers use it. Deactivate it "
                "instead: it then no longer appears for new entries and in the search filters, "
                "and the offers keep it.",
                usage,
            )
            % {"name": term.name, "count": usage},
            code="in_use",
        )
    if Term.all_tenants.filter(parent=term).exists():
        raise ValidationError(
            _("“%(name)s” has sub-topics. Delete them or move them elsewhere first.")
            % {"name": term.name},
            code="has_children",
        )
    state, pk, tenant = _term_state(term), term.pk, term.tenant
    term.delete()
    audit(
        action="term.delete",
        object_type="taxonomy.term",
        object_id=str(pk),
        tenant=tenant,
        actor=by,
        channel=channel,
        summary=f"{term.vocabulary}: {state['name']} ({state['code']})",
        changes=_changes(state, {k: None for k in state}),
    )


# --- life phases and transitions --------------------------------------------------------

LIFE_PHASE_FIELDS = {"name", "name_en", "description", "min_age_months", "max_age_months"}


def _months_label(months: int | None) -> str:
    if months is None:
        return "∞"
    if months % 12 == 0:
        years = months // 12
        return ngettext("%(n)s year", "%(n)s years", years) % {"n": years}
    return ngettext("%(n)s month", "%(n)s months", months) % {"n": months}


def _check_age_range(phase: LifePhase, lo: int | None, hi: int | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if lo is None:
        return {"min_age_months": _("Please enter the age at which the life phase begins.")}
    for key, value in (("min_age_months", lo), ("max_age_months", hi)):
        if value is not None and (value < 0 or value > MAX_AGE_MONTHS):
            errors[key] = _("Please enter an age between 0 and %(max)s years.") % {
                "max": MAX_AGE_MONTHS // 12
            }
    if errors:
        return errors
    if hi is not None and hi <= lo:
        return {"max_age_months": _("The upper age must be greater than the lower age.")}
    others = LifePhase.all_tenants.filter(tenant_id=phase.tenant_id, is_pregnancy=False).exclude(
        pk=phase.pk
    )
    for other in others.order_by("position"):
        o_lo, o_hi = other.min_age_months or 0, other.max_age_months
        overlaps = (hi is None or o_lo < hi) and (o_hi is None or lo < o_hi)
        wrong_order = (other.position < phase.position and o_lo >= lo) or (
            other.position > phase.position and o_lo <= lo
        )
        if overlaps or wrong_order:
            key = "min_age_months" if other.position < phase.position else "max_age_months"
            params = {
                "name": other.name,
                "from": _months_label(o_lo),
                "to": _months_label(o_hi),
            }
            if overlaps:
                errors[key] = (
                    _(
                        "The age range overlaps with the life phase “%(name)s” (%(from)s to under "
                        "%(to)s). Life phases must not overlap; change that phase first if needed."
                    )
                    % params
                )
            else:
                errors[key] = _(
                    "The life phases must follow each other by age: “%(name)s” (from "
                    "%(from)s) comes %(where)s this one in the chain."
                ) % {
                    **params,
                    "where": _("before") if other.position < phase.position else _("after"),
                }
            break
    return errors


@transaction.atomic
def life_phase_update(*, phase: LifePhase, data: Mapping[str, Any], by: Any, channel: str = UI):
    """Rename a life phase or change its age range (in months, upper bound exclusive).

    Ranges must not overlap and must follow the chain order. Offers' life phases are
    derived from their age ranges, so a new range takes effect for every offer at once.
    """
    _require_known(data, LIFE_PHASE_FIELDS)
    phase = LifePhase.all_tenants.select_for_update().get(pk=phase.pk)
    before = {k: getattr(phase, k) for k in LIFE_PHASE_FIELDS}
    errors: dict[str, str] = {}
    name, name_en = _text(data, "name", phase.name), _text(data, "name_en", phase.name_en)
    _check_names(name, name_en, errors)
    lo = data.get("min_age_months", phase.min_age_months)
    hi = data.get("max_age_months", phase.max_age_months)
    if phase.is_pregnancy:
        if lo is not None or hi is not None:
            errors["min_age_months"] = _(
                "The pregnancy phase has no age range; offers belong to it by their pregnancy flag."
            )
    else:
        errors.update(_check_age_range(phase, lo, hi))
    if errors:
        raise ValidationError(errors)
    phase.name, phase.name_en = name, name_en
    phase.description = _text(data, "description", phase.description).strip()
    phase.min_age_months, phase.max_age_months = lo, hi
    phase.save()
    changes = _changes(before, {k: getattr(phase, k) for k in LIFE_PHASE_FIELDS})
    if changes:
        audit(
            action="life_phase.update",
            obj=phase,
            actor=by,
            channel=channel,
            summary=f"{phase.name} ({phase.code})",
            changes=changes,
        )
    return phase


def life_phase_gaps(*, phases: Iterable[LifePhase]) -> list[tuple[int, int]]:
    """Age ranges ``[from, to)`` in months that no life phase covers (pure)."""
    ranges = sorted((p.min_age_months or 0, p.max_age_months) for p in phases if not p.is_pregnancy)
    gaps, reached = [], 0
    for lo, hi in ranges:
        if lo > reached:
            gaps.append((reached, lo))
        if hi is None:
            return gaps
        reached = max(reached, hi)
    return gaps


TRANSITION_FIELDS = {"name", "name_en", "description", "from_phase", "to_phase"}


@transaction.atomic
def transition_update(
    *, transition: Transition, data: Mapping[str, Any], by: Any, channel: str = UI
) -> Transition:
    """Rename a transition or change the life phases it leads from and to."""
    _require_known(data, TRANSITION_FIELDS)
    transition = Transition.all_tenants.select_for_update().get(pk=transition.pk)
    before = _transition_state(transition)
    errors: dict[str, str] = {}
    name = _text(data, "name", transition.name)
    name_en = _text(data, "name_en", transition.name_en)
    _check_names(name, name_en, errors)
    source = data.get("from_phase", transition.from_phase)
    target = data.get("to_phase", transition.to_phase)
    for key, phase in (("from_phase", source), ("to_phase", target)):
        if phase is not None and phase.tenant_id != transition.tenant_id:
            errors[key] = _("Please choose a life phase of this municipality.")
    if not errors and source is not None and target is not None:
        if source.pk == target.pk:
            errors["to_phase"] = _("A transition leads to a different life phase.")
        elif source.position > target.position:
            errors["to_phase"] = _(
                "A transition leads forward in the chain: “%(to)s” comes before “%(from)s”."
            ) % {"to": target.name, "from": source.name}
    if errors:
        raise ValidationError(errors)
    transition.name, transition.name_en = name, name_en
    transition.description = _text(data, "description", transition.description).strip()
    transition.from_phase, transition.to_phase = source, target
    transition.save()
    changes = _changes(before, _transition_state(transition))
    if changes:
        audit(
            action="transition.update",
            obj=transition,
            actor=by,
            channel=channel,
            summary=f"{transition.name} ({transition.code})",
            changes=changes,
        )
    return transition


def _transition_state(t: Transition) -> dict[str, Any]:
    return {
        "name": t.name,
        "name_en": t.name_en,
        "description": t.description,
        "from_phase": t.from_phase_id,
        "to_phase": t.to_phase_id,
    }


# --- synonyms ---------------------------------------------------------------------------
