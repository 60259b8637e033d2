"""Offers → the German template (CSV for German Excel, or XLSX with a code sheet).

Exactly the columns the parser reads, so that export → import is lossless. Text cells
starting with ``= + - @`` get a leading apostrophe (no formula injection); the parser
removes it again.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from praevnav.accounts.models import Organisation
from praevnav.catalogue.models import Offer
from praevnav.catalogue.revisions import offer_snapshots
from praevnav.core.models import Tenant
from praevnav.exchange.template.columns import (
    AREA_KIND_WORDS,
    COLUMNS,
    HEADERS,
    MULTI_SEPARATOR,
    STATUS_WORDS,
    WEEKDAYS,
)
from praevnav.exchange.template.reader import FORMULA_CHARS
from praevnav.geography.models import Area, Location
from praevnav.taxonomy.enums import Vocabulary
from praevnav.taxonomy.models import Term, Transition

CODE_FIELDS = {c.key for c in COLUMNS if c.kind in ("codes", "code")}


def guard(text: str) -> str:
    """Neutralise a would-be formula (CSV/formula injection)."""
    return "'" + text if text[:1] in FORMULA_CHARS else text


def _bool(value) -> str:
    return "ja" if value else "nein"


def _date(value: str | None) -> str:
    if not value:
        return ""
    year, month, day = value.split("-")
    return f"{day}.{month}.{year}"


def _session_text(sessions: list[dict]) -> str:
    parts = []
    for s in sorted(sessions, key=lambda s: (s["weekday"], s["opens"], s["closes"], s["note"])):
        text = f"{WEEKDAYS[s['weekday']]} {s['opens']}-{s['closes']}"
        if s.get("note"):
            text += f" ({s['note']})"
        parts.append(text)
    return "; ".join(parts)


class _Lookups:
    def __init__(self, tenant: Tenant, snapshots: dict[int, dict]) -> None:
        scope = set(tenant.scope_ids()) | set(tenant.lineage_ids())
        self.terms = dict(Term.all_tenants.filter(tenant_id__in=scope).values_list("pk", "code"))
        self.transitions = dict(
            Transition.all_tenants.filter(tenant_id__in=scope).values_list("pk", "code")
        )
        self.areas = {
            pk: f"{level}:{code}"
            for pk, level, code in Area.all_tenants.filter(tenant_id__in=scope).values_list(
                "pk", "level", "code"
            )
        }
        org_ids = {s["organisation"] for s in snapshots.values()}
        self.orgs = {o.pk: o for o in Organisation.all_tenants.filter(pk__in=org_ids)}
        loc_ids = {pk for s in snapshots.values() for pk in s["locations"]}
        self.locations = {loc.pk: loc for loc in Location.all_tenants.filter(pk__in=loc_ids)}

    def codes(self, name: str, ids) -> str:
        if ids is None:
            return ""
        table = self.transitions if name == "transitions" else self.terms
        values = ids if isinstance(ids, list) else [ids]
        return MULTI_SEPARATOR.join(sorted(table[i] for i in values if i in table))


def offer_rows(
    offers: Iterable[Offer] | None = None, *, tenant: Tenant, offer_ids=None
) -> list[list]:
    """The template rows (without the header) of the given offers, ordered by id."""
    ids = list(offer_ids) if offer_ids is not None else [o.pk for o in offers or []]
    snapshots = offer_snapshots(ids)
    status = dict(Offer.all_tenants.filter(pk__in=ids).values_list("pk", "status")) if ids else {}
    lookups = _Lookups(tenant, snapshots)
    ordered = sorted(snapshots, key=lambda pk: (snapshots[pk]["external_id"] or f"pn-{pk}", pk))
    rows = []
    for pk in ordered:
        snap = snapshots[pk]
        base = _offer_cells(pk, snap, status.get(pk, ""), lookups)
        locations = sorted(
            (lookups.locations[i] for i in snap["locations"] if i in lookups.locations),
            key=lambda loc: (loc.external_id, loc.name, loc.street, loc.pk),
        )
        loc_ids = {loc.pk for loc in locations}
        loose = [s for s in snap["sessions"] if s["location"] not in loc_ids]
        for loc in locations:
            row = dict(base)
            row.update(
                {
                    "loc.external_id": loc.external_id,
                    "loc.name": loc.name,
                    "loc.street": loc.street,
                    "loc.postcode": loc.postcode,
                    "loc.city": loc.city,
                    "loc.latitude": loc.latitude,
                    "loc.longitude": loc.longitude,
                    "sessions": _session_text(
                        [s for s in snap["sessions"] if s["location"] == loc.pk]
                    ),
                }
            )
            rows.append(row)
        if loose or not locations:
            row = dict(base)
            row["sessions"] = _session_text(loose)
            rows.append(row)
    return [[row.get(c.key, "") for c in COLUMNS] for row in rows]


def _offer_cells(pk: int, snap: dict, status: str, lookups: _Lookups) -> dict:
    org = lookups.orgs.get(snap["organisation"])
    cells: dict = {
        "external_id": snap["external_id"] or f"pn-{pk}",
        "status": STATUS_WORDS.get(status, status),
        "org.name": org.name if org else "",
        "org.external_id": org.external_id if org else "",
        "pregnancy": _bool(snap["pregnancy"]),
        "childcare": _bool(snap["childcare"]),
        "by_appointment": _bool(snap["by_appointment"]),
        "closed_on_public_holidays": _bool(snap["closed_on_public_holidays"]),
        "valid_from": _date(snap["valid_from"]),
        "valid_until": _date(snap["valid_until"]),
        "service_area_kind": AREA_KIND_WORDS.get(snap["service_area_kind"], ""),
        "service_areas": MULTI_SEPARATOR.join(
            sorted(lookups.areas[i] for i in snap["service_areas"] if i in lookups.areas)
        ),
        "translations": json.dumps(snap["translations"], ensure_ascii=False, sort_keys=True)
        if snap["translations"]
        else "",
        "external_terms": json.dumps(snap["external_terms"], ensure_ascii=False, sort_keys=True)
        if snap["external_terms"]
        else "",
    }
    for name in CODE_FIELDS:
        cells[name] = lookups.codes(name, snap[name])
    for name in (
        "title",
        "description",
        "summary_plain",
        "cost_note",
        "schedule_note",
        "public_contact_name",
        "public_phone",
        "public_email",
        "website",
        "internal_contact_name",
        "internal_phone",
        "internal_email",
        "internal_note",
    ):
        cells[name] = snap[name] or ""
    for name in (
        "age_min_months",
        "age_max_months",
        "capacity_per_year",
        "confirmation_interval_months",
    ):
        cells[name] = "" if snap[name] is None else str(snap[name])
    return cells


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        # German Excel reads a decimal comma; the parser accepts both.
        return repr(value).replace(".", ",")
    return guard(str(value))


def write_csv(rows: list[list]) -> bytes:
    """CSV as German Excel expects it: UTF-8 with BOM, ``;`` separated, CRLF."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def code_list(tenant: Tenant) -> list[tuple[str, str, str]]:
    """(column, code, German label) for every code column, status and service area."""
    out: list[tuple[str, str, str]] = []
    for column in COLUMNS:
        if column.kind == "status":
            out += [(column.header, word, word) for word in STATUS_WORDS.values()]
        elif column.kind == "area_kind":
            out += [(column.header, word, word) for word in AREA_KIND_WORDS.values()]
        elif column.vocabulary == "transition":
            out += [
                (column.header, code, name)
                for code, name in Transition.all_tenants.filter(tenant_id=tenant.pk)
                .order_by("position")
                .values_list("code", "name")
            ]
        elif column.vocabulary:
            out += [
                (column.header, code, name)
                for code, name in Term.all_tenants.filter(
                    tenant_id=tenant.pk, vocabulary=Vocabulary(column.vocabulary)
                )
                .order_by("position", "name")
                .values_list("code", "name")
            ]
        elif column.kind == "areas":
            out += [
                (column.header, f"{level}:{code}", name)
                for level, code, name in Area.all_tenants.filter(tenant_id__in=tenant.lineage_ids())
                .order_by("level", "code")
                .values_list("level", "code", "name")
            ]
    return out


def write_xlsx(rows: list[list], *, tenant: Tenant) -> bytes:
    """XLSX: sheet “Angebote” (header + rows, all text but coordinates), sheet “Codes”."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Angebote")
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(
            [
                v if isinstance(v, float) else guard(str(v)) if v not in (None, "") else None
                for v in row
            ]
        )
    codes = book.create_sheet("Codes")
    codes.append(["Spalte", "Code", "Bezeichnung"])
    for column, code, label in code_list(tenant):
        codes.append([column, guard(code), guard(label)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export_offers(*, tenant: Tenant, offer_ids, fmt: str) -> bytes:
    """The template file (``fmt`` "csv" or "xlsx") of the given offers."""
    rows = offer_rows(tenant=tenant, offer_ids=offer_ids)
    return write_xlsx(rows, tenant=tenant) if fmt == "xlsx" else write_csv(rows)
