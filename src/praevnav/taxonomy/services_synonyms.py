"""Planner edits of synonym groups, and their seeding from the shipped defaults."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from praevnav.core.audit import audit
from praevnav.core.models import AuditEntry, Tenant
from praevnav.taxonomy.models import Synonym
from praevnav.taxonomy.services_terms import UI, _changes

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_SYNONYMS_FILE = DATA_DIR / "default_synonyms.json"


SYNONYM_WORD_MAX_LENGTH = 60
SYNONYM_TERMS_MAX_LENGTH: int = Synonym._meta.get_field("terms").max_length or 500
SYNONYM_NOTE_MAX_LENGTH: int = Synonym._meta.get_field("note").max_length or 200


def parse_synonym_words(words: str | Sequence[str]) -> list[str]:
    """Words of a group from text (commas or line breaks) or a list; trimmed, inner
    spaces collapsed, repeated words (ignoring case) dropped."""
    items = re.split(r"[,\n;]", words) if isinstance(words, str) else list(words)
    result: list[str] = []
    seen: set[str] = set()
    for item in items:
        word = " ".join(str(item).split())
        if word and word.casefold() not in seen:
            seen.add(word.casefold())
            result.append(word)
    return result


def _clean_synonym(
    *, tenant_id: int, words: list[str], note: str, is_active: bool, pk: int | None
) -> None:
    errors: dict[str, str] = {}
    too_long = [w for w in words if len(w) > SYNONYM_WORD_MAX_LENGTH]
    if too_long:
        errors["words"] = _("“%(word)s” is longer than %(max)s characters.") % {
            "word": too_long[0][:80],
            "max": SYNONYM_WORD_MAX_LENGTH,
        }
    elif len(words) < 2:
        errors["words"] = _(
            "Please enter at least two different words or phrases, separated by commas or "
            "line breaks."
        )
    elif len(", ".join(words)) > SYNONYM_TERMS_MAX_LENGTH:
        errors["words"] = _(
            "The group is too long (at most %(max)s characters in total). Please split it."
        ) % {"max": SYNONYM_TERMS_MAX_LENGTH}
    elif is_active:
        wanted = {w.casefold(): w for w in words}
        others = Synonym.all_tenants.filter(tenant_id=tenant_id, is_active=True).exclude(pk=pk)
        for other in others.order_by("terms"):
            clash = next((w for w in other.term_list if w.casefold() in wanted), None)
            if clash is not None:
                errors["words"] = _(
                    "“%(word)s” is already in the active group “%(group)s”. A word may belong "
                    "to only one active group: add the other words there, or remove it from "
                    "one of the groups."
                ) % {"word": wanted[clash.casefold()], "group": other.terms}
                break
    if len(note) > SYNONYM_NOTE_MAX_LENGTH:
        errors["note"] = _("The note may have at most %(max)s characters.") % {
            "max": SYNONYM_NOTE_MAX_LENGTH
        }
    if errors:
        raise ValidationError(errors)


def _lock_tenant(tenant_id: int) -> None:
    # Serialises synonym writes of one tenant (PostgreSQL), so that two planners
    # cannot put the same word into two active groups at the same moment.
    Tenant.objects.select_for_update().filter(pk=tenant_id).exists()


@transaction.atomic
def synonym_create(
    *,
    tenant: Tenant,
    words: str | Sequence[str],
    note: str = "",
    is_active: bool = True,
    by: Any,
    channel: str = UI,
) -> Synonym:
    """Add a synonym group: at least two different words, each at most 60 characters,
    none of them in another active group of the tenant."""
    _lock_tenant(tenant.pk)
    word_list, note = parse_synonym_words(words), " ".join(note.split())
    _clean_synonym(tenant_id=tenant.pk, words=word_list, note=note, is_active=is_active, pk=None)
    group = Synonym.all_tenants.create(
        tenant=tenant, terms=", ".join(word_list), note=note, is_active=is_active
    )
    audit(
        action="synonym.create",
        obj=group,
        tenant=tenant,
        actor=by,
        channel=channel,
        summary=group.terms,
        changes={"terms": [None, group.terms], "is_active": [None, is_active]},
    )
    return group


@transaction.atomic
def synonym_update(
    *,
    synonym: Synonym,
    words: str | Sequence[str] | None = None,
    note: str | None = None,
    is_active: bool | None = None,
    by: Any,
    channel: str = UI,
) -> Synonym:
    """Change a group's words, note or active flag (``None`` keeps the value).

    Reactivating a group checks its words against the other active groups again.
    """
    _lock_tenant(synonym.tenant_id)
    group = Synonym.all_tenants.select_for_update().get(pk=synonym.pk)
    before = {"terms": group.terms, "note": group.note, "is_active": group.is_active}
    word_list = parse_synonym_words(group.term_list if words is None else words)
    note = group.note if note is None else " ".join(note.split())
    is_active = group.is_active if is_active is None else is_active
    _clean_synonym(
        tenant_id=group.tenant_id, words=word_list, note=note, is_active=is_active, pk=group.pk
    )
    group.terms, group.note, group.is_active = ", ".join(word_list), note, is_active
    group.save()
    changes = _changes(before, {"terms": group.terms, "note": note, "is_active": is_active})
    if changes:
        audit(
            action="synonym.update",
            obj=group,
            actor=by,
            channel=channel,
            summary=group.terms,
            changes=changes,
        )
    return group


@transaction.atomic
def synonym_delete(*, synonym: Synonym, by: Any, channel: str = UI) -> None:
    """Delete a synonym group for good (deactivating keeps it for later)."""
    group = Synonym.all_tenants.select_for_update().get(pk=synonym.pk)
    pk, tenant, terms = group.pk, group.tenant, group.terms
    group.delete()
    audit(
        action="synonym.delete",
        object_type="taxonomy.synonym",
        object_id=str(pk),
        tenant=tenant,
        actor=by,
        channel=channel,
        summary=terms,
        changes={"terms": [terms, None]},
    )


def load_default_synonyms() -> list[list[str]]:
    with DEFAULT_SYNONYMS_FILE.open(encoding="utf-8") as handle:
        return [group["words"] for group in json.load(handle)["groups"]]


@transaction.atomic
def synonyms_seed(*, tenant: Tenant, groups: Sequence[Sequence[str]] | None = None) -> int:
    """Give ``tenant`` the shipped synonym groups, once; returns how many were created.

    Only a tenant that has no synonym group and was never seeded before gets them (the
    seeding is recorded in the audit log as ``synonym.seed``), so groups the planners
    deleted, even all of them, are not brought back by a later seed or migration.
    """
    if Synonym.all_tenants.filter(tenant=tenant).exists():
        return 0
    if AuditEntry.objects.filter(tenant=tenant, action="synonym.seed").exists():
        return 0
    rows = [
        Synonym(tenant=tenant, terms=", ".join(parse_synonym_words(words)))
        for words in (load_default_synonyms() if groups is None else groups)
    ]
    Synonym.all_tenants.bulk_create(rows)
    audit(
        action="synonym.seed",
        object_type="taxonomy.synonym",
        tenant=tenant,
        channel=AuditEntry.Channel.SYSTEM,
        summary=f"{len(rows)} default synonym groups",
    )
    return len(rows)
