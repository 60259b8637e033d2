"""Field-level changes of an offer revision as rows a reviewer can read.

``OfferRevision.changes`` (see ``revisions.snapshot_diff``) holds raw snapshot values:
ids of terms, transitions, locations, areas and organisations, ISO dates, session and
translation dicts. ``DiffResolver`` turns the ids of any number of change lists into
names with one query per model (the history page shows many revisions at once), and
``diff_rows`` builds one ``DiffRow`` per changed field with the German field label.
Long texts get a word-level diff marked with ``<ins>``/``<del>`` plus hidden textual
markers, because colour and strike-through alone say nothing to a screen reader.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils import formats
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from praevnav.accounts.models import Organisation
from praevnav.catalogue.enums import ServiceAreaKind
from praevnav.catalogue.models import Offer, OfferTranslation, OpeningSession
from praevnav.catalogue.revisions import (
    DATE_FIELDS,
    FK_FIELDS,
    M2M_FIELDS,
    SNAPSHOT_FIELDS,
)
from praevnav.geography.models import Area, Location
from praevnav.taxonomy.models import Term, Transition

# Free texts long enough that a word diff helps more than two whole paragraphs.
TEXT_FIELDS = ("description", "summary_plain", "internal_note")
BOOLEAN_FIELDS = ("pregnancy", "childcare", "by_appointment", "closed_on_public_holidays")
# Which model an id of a link field points to.
MODEL_OF_FIELD: dict[str, str] = {name: "term" for name in M2M_FIELDS}
MODEL_OF_FIELD.update(
    {
        "transitions": "transition",
        "locations": "location",
        "service_areas": "area",
        "organisation": "organisation",
        "prevention_level": "term",
        "evidence_programme": "term",
    }
)
_MODELS = {
    "term": Term,
    "transition": Transition,
    "location": Location,
    "area": Area,
    "organisation": Organisation,
}


def field_label(name: str) -> str:
    """The German label of a snapshot field (the model's verbose name)."""
    if name == "sessions":
        return capfirst(OpeningSession._meta.verbose_name_plural)
    if name == "translations":
        return capfirst(OfferTranslation._meta.verbose_name_plural)
    return capfirst(Offer._meta.get_field(name).verbose_name)


@dataclass
class DiffRow:
    """One changed field. ``kind`` is scalar, text or list; lists fill added/removed."""

    field: str
    label: str
    kind: str
    before: str | SafeString = ""
    after: str | SafeString = ""
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


class DiffResolver:
    """Names for the ids in many change lists, looked up once per model.

    ``tenant_ids``: where the named rows may live, the offer's tenant lineage (a
    member town's offer uses its Kreis's areas); ids outside it read as deleted.
    """

    def __init__(self, change_lists: Iterable[list[dict]], *, tenant_ids: list[int]) -> None:
        wanted: dict[str, set[int]] = {key: set() for key in _MODELS}
        for changes in change_lists:
            for change in changes:
                name = change["field"]
                values = [change.get("old"), change.get("new")]
                values += list(change.get("added") or []) + list(change.get("removed") or [])
                if name == "sessions":
                    wanted["location"].update(
                        v["location"] for v in values if isinstance(v, dict) and v.get("location")
                    )
                elif name in MODEL_OF_FIELD:
                    wanted[MODEL_OF_FIELD[name]].update(v for v in values if isinstance(v, int))
        self.names: dict[str, dict[int, str]] = {}
        for key, ids in wanted.items():
            model = _MODELS[key]
            rows = model.all_tenants.filter(pk__in=ids, tenant_id__in=tenant_ids)
            self.names[key] = dict(rows.values_list("pk", "name")) if ids else {}

    def name(self, kind: str, pk: Any) -> str:
        if pk in (None, ""):
            return "–"
        found = self.names.get(kind, {}).get(pk)
        return found if found is not None else _("(deleted, no. %(id)s)") % {"id": pk}


def _format_date(value: Any) -> str:
    if not value:
        return "–"
    try:
        return formats.date_format(dt.date.fromisoformat(str(value)), "SHORT_DATE_FORMAT")
    except ValueError:
        return str(value)


def _format_scalar(name: str, value: Any, resolver: DiffResolver) -> str:
    if name in FK_FIELDS:
        return resolver.name(MODEL_OF_FIELD[name], value)
    if value is None or value == "":
        return "–"
    if name in BOOLEAN_FIELDS or isinstance(value, bool):
        return _("Yes") if value else _("No")
    if name in DATE_FIELDS:
        return _format_date(value)
    if name == "service_area_kind":
        try:
            return str(ServiceAreaKind(value).label)
        except ValueError:
            return str(value)
    return str(value)


def session_line(session: dict, resolver: DiffResolver) -> str:
    """“Mo 09:00–12:00 (Standort X)”, with the note after a dash."""
    try:
        day = str(WEEKDAYS_ABBR[int(session.get("weekday"))])
    except (TypeError, ValueError, KeyError):
        day = "?"
    line = f"{day} {session.get('opens') or '?'}–{session.get('closes') or '?'}"
    if session.get("location"):
        line += f" ({resolver.name('location', session['location'])})"
    if session.get("note"):
        line += f" – {session['note']}"
    return line


def translation_line(translation: dict) -> str:
    """“EN: Title – beginning of the description…”."""
    language = str(translation.get("language") or "?").upper()
    line = f"{language}: {translation.get('title') or ''}".rstrip()
    description = " ".join(str(translation.get("description") or "").split())
    if description:
        short = description if len(description) <= 120 else description[:119] + "…"
        line += f" – {short}"
    return line


def external_term_line(term: dict) -> str:
    name = term.get("name") or term.get("code") or "?"
    return f"{name} ({term.get('taxonomy') or '?'}: {term.get('code') or '?'})"


def _item_line(name: str, item: Any, resolver: DiffResolver) -> str:
    if name == "sessions":
        return session_line(item, resolver)
    if name == "translations":
        return translation_line(item)
    if name == "external_terms":
        return external_term_line(item)
    if name in MODEL_OF_FIELD:
        return resolver.name(MODEL_OF_FIELD[name], item)
    return str(item)


_TOKENS = re.compile(r"\s+|[^\s]+")


def word_diff(old: str, new: str) -> tuple[SafeString, SafeString]:
    """The old text with deleted words in ``<del>`` and the new one with inserted words
    in ``<ins>``; each mark carries a hidden “deleted:”/“inserted:” marker."""
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    before: list[str] = []
    after: list[str] = []
    del_open = format_html('<del><span class="kern-sr-only">[{} </span>', _("deleted:"))
    ins_open = format_html('<ins><span class="kern-sr-only">[{} </span>', _("inserted:"))
    close_del = '<span class="kern-sr-only">]</span></del>'
    close_ins = '<span class="kern-sr-only">]</span></ins>'
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        old_part = conditional_escape("".join(a[i1:i2]))
        new_part = conditional_escape("".join(b[j1:j2]))
        if op == "equal":
            before.append(old_part)
            after.append(new_part)
            continue
        if op in ("delete", "replace") and old_part:
            before.append(f"{del_open}{old_part}{close_del}")
        if op in ("insert", "replace") and new_part:
            after.append(f"{ins_open}{new_part}{close_ins}")
    return mark_safe("".join(before)), mark_safe("".join(after))  # noqa: S308 (escaped above)


def _is_empty(change: dict) -> bool:
    """A field of a new offer that holds nothing worth showing."""
    if "added" in change:
        return not change["added"] and not change["removed"]
    return change.get("new") in (None, "", False)


def diff_rows(
    changes: list[dict], resolver: DiffResolver, *, new_offer: bool = False
) -> list[DiffRow]:
    """Display rows for ``changes``, in the order of the offer form.

    ``new_offer``: the offer has no published version; empty fields and unset
    switches are left out, so the reviewer sees what was filled in.
    """
    by_field = {c["field"]: c for c in changes}
    rows: list[DiffRow] = []
    for name in SNAPSHOT_FIELDS:
        change = by_field.get(name)
        if change is None or (new_offer and _is_empty(change)):
            continue
        label = field_label(name)
        if "added" in change:
            rows.append(
                DiffRow(
                    field=name,
                    label=label,
                    kind="list",
                    added=sorted(_item_line(name, i, resolver) for i in change["added"]),
                    removed=sorted(_item_line(name, i, resolver) for i in change["removed"]),
                )
            )
        elif name in TEXT_FIELDS and change.get("old") and change.get("new"):
            before, after = word_diff(str(change["old"]), str(change["new"]))
            rows.append(DiffRow(field=name, label=label, kind="text", before=before, after=after))
        else:
            rows.append(
                DiffRow(
                    field=name,
                    label=label,
                    kind="scalar",
                    before=_format_scalar(name, change.get("old"), resolver),
                    after=_format_scalar(name, change.get("new"), resolver),
                )
            )
    return rows


def field_labels(changes: list[dict]) -> list[str]:
    """German labels of the changed fields, in form order (for lists and the queue)."""
    names = {c["field"] for c in changes}
    return [field_label(n) for n in SNAPSHOT_FIELDS if n in names]
