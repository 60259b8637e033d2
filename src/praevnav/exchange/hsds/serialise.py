"""Published offers as HSDS 3.0 ``service`` objects (full, nested), without queries.

``services_full(bundle)`` turns the rows of ``load.load_bundle`` into services with
their organisation, locations (addresses, coordinates), phones, contacts, schedules,
service areas, languages, cost options, funding and attributes. Every term we attach
is an attribute with its ``taxonomy_term`` nested, ``link_type`` naming the offer
field it fills. What HSDS has no column for travels as attributes of the
``praevnav:field`` taxonomy (rule: docs/api.md, section HSDS). Internal contacts and
notes are never read (see ``load.OFFER_COLUMNS``).
"""

from __future__ import annotations

import datetime as dt
import json

from django.utils import timezone

from praevnav.catalogue.enums import ServiceAreaKind
from praevnav.exchange.hsds import ids
from praevnav.exchange.hsds.load import Bundle
from praevnav.exchange.hsds.vocabularies import Vocab
from praevnav.taxonomy.services import derive_life_phases

BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# Offer field → link_type of the attributes for its terms.
TERM_LINKS = (
    "dimensions",
    "participants",
    "target_groups",
    "topics",
    "settings",
    "formats",
    "access_options",
    "languages",
    "accessibility",
    "funding_programmes",
)
COST_CODES = {"kostenlos": 0, "kostenpflichtig": None, "ermaessigt-sozialpass": None}
# First two digits of the official municipality key (AGS) → Land.
LAENDER = {
    "01": "Schleswig-Holstein",
    "02": "Hamburg",
    "03": "Niedersachsen",
    "04": "Bremen",
    "05": "Nordrhein-Westfalen",
    "06": "Hessen",
    "07": "Rheinland-Pfalz",
    "08": "Baden-Württemberg",
    "09": "Bayern",
    "10": "Saarland",
    "11": "Berlin",
    "12": "Brandenburg",
    "13": "Mecklenburg-Vorpommern",
    "14": "Sachsen",
    "15": "Sachsen-Anhalt",
    "16": "Thüringen",
}
AREA_LEVEL_LABELS = {
    "kreis": "Kreis",
    "kommune": "Kommune",
    "gemeinde": "Gemeinde",
    "stadtbezirk": "Stadtbezirk",
    "stadtteil": "Stadtteil",
    "sozialraum": "Sozialraum",
}


def land_of(tenant) -> str:
    node = tenant
    while node is not None:
        if node.official_code[:2] in LAENDER:
            return LAENDER[node.official_code[:2]]
        node = node.parent
    return ""


def iso_datetime(value: dt.datetime) -> str:
    """UTC with milliseconds and ``Z``, as the spec's example."""
    value = value.astimezone(dt.UTC) if timezone.is_aware(value) else value
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def years(months: int) -> float | int:
    value = months / 12
    return int(value) if value.is_integer() else round(value, 2)


def age_bounds(min_months: int | None, max_months: int | None) -> dict:
    """HSDS ``minimum_age``/``maximum_age`` in years. Ours is ``[min, max)`` in months;
    HSDS's maximum is the oldest age in full years still included: ``(max - 1) // 12``
    (``0–3 Jahre`` = under 36 months → 0 to 2). Exact months travel as attributes."""
    out: dict = {}
    if min_months is not None:
        out["minimum_age"] = years(min_months)
    if max_months is not None and max_months > 0:
        out["maximum_age"] = (max_months - 1) // 12
    return out


def _compact(obj: dict) -> dict:
    """Drop empty optional values (``None``, "", []); HSDS formats reject empty strings."""
    return {k: v for k, v in obj.items() if v not in (None, "", [])}


class ServiceWriter:
    """Builds services from a ``Bundle``; organisations and locations once each."""

    def __init__(self, bundle: Bundle):
        self.bundle = bundle
        self.vocab: Vocab = bundle.vocab
        self.land = land_of(bundle.tenant)
        self._orgs: dict[int, dict] = {}
        self._locations: dict[int, dict] = {}

    # --- shared objects --------------------------------------------------------------

    def organization(self, pk: int) -> dict:
        if pk in self._orgs:
            return self._orgs[pk]
        row = self.bundle.organisations[pk]
        slug = self.bundle.slugs[row["tenant_id"]]
        org_id = ids.organization_id(slug, pk, row["external_id"])
        org = {
            "id": org_id,
            "name": row["name"],
            "alternate_name": row["short_name"],
            # required by the schema; an empty text is allowed
            "description": row["description"] or "",
            "email": row["email"],
            "website": row["website"],
            "legal_status": row["legal_status"],
        }
        org = {k: v for k, v in org.items() if v not in (None, "") or k == "description"}
        if row["phone"]:
            org["phones"] = [
                {
                    "id": ids.derived(slug, "phone", f"organization/{pk}"),
                    "organization_id": org_id,
                    "number": row["phone"],
                }
            ]
        if row["external_id"] and not ids.is_uuid(row["external_id"]):
            org["organization_identifiers"] = [
                {
                    "id": ids.derived(slug, "organization_identifier", pk),
                    "organization_id": org_id,
                    "identifier_type": "external_id",
                    "identifier": row["external_id"],
                }
            ]
        self._orgs[pk] = org
        return org

    def location(self, pk: int) -> dict:
        if pk in self._locations:
            return self._locations[pk]
        row = self.bundle.locations[pk]
        slug = self.bundle.slugs[row["tenant_id"]]
        loc_id = ids.location_id(slug, pk, row["external_id"])
        loc = _compact(
            {
                "id": loc_id,
                "location_type": "physical",
                "name": row["name"],
                "latitude": row["latitude"],
                "longitude": row["longitude"],
                "external_identifier": row["external_id"],
                "external_identifier_type": "external_id" if row["external_id"] else "",
            }
        )
        if row["organisation_id"] in self.bundle.organisations:
            loc["organization_id"] = self.organization(row["organisation_id"])["id"]
        if row["street"] or row["postcode"] or row["city"]:
            loc["addresses"] = [
                {
                    "id": ids.derived(slug, "address", pk),
                    "location_id": loc_id,
                    "address_1": row["street"],
                    "city": row["city"],
                    "state_province": self.land,
                    "postal_code": row["postcode"],
                    "country": "DE",
                    "address_type": "physical",
                }
            ]
        self._locations[pk] = loc
        return loc

    # --- attributes ------------------------------------------------------------------

    @staticmethod
    def _attribute(slug, offer_pk, service_id, link_type, term, value="", n=0) -> dict:
        attr = {
            "id": ids.derived(slug, "attribute", f"service/{offer_pk}/{term['id']}/{n}"),
            "link_id": service_id,
            "link_type": link_type,
            "link_entity": "service",
            "taxonomy_term_id": term["id"],
            "taxonomy_term": term,
        }
        if value != "":
            attr["value"] = value
        return attr

    def _field_values(self, row: dict, area_codes: list[str], translations: list[dict]):
        """``(code, value)`` pairs of the ``praevnav:field`` attributes of one offer."""
        if row["external_id"]:
            yield "external_id", row["external_id"]
        if row["summary_plain"]:
            yield "summary_plain", row["summary_plain"]
        # Booleans and the area kind only where they differ from the model's default.
        for name in ("pregnancy", "childcare", "by_appointment"):
            if row[name]:
                yield name, "true"
        if not row["closed_on_public_holidays"]:
            yield "closed_on_public_holidays", "false"
        for name in ("age_min_months", "age_max_months", "capacity_per_year"):
            if row[name] is not None:
                yield name, str(row[name])
        if row["service_area_kind"] != ServiceAreaKind.LOCATIONS:
            yield "service_area_kind", row["service_area_kind"]
        for code in area_codes:
            yield "service_area", code
        for name in ("schedule_note", "public_contact_name"):
            if row[name]:
                yield name, row[name]
        for name in ("valid_from", "valid_until"):
            if row[name]:
                yield name, row[name].isoformat()
        for tr in translations:
            yield "translation", json.dumps(tr, ensure_ascii=False, sort_keys=True)

    # --- the service -----------------------------------------------------------------

    def service(self, row: dict) -> dict:
        b, vocab = self.bundle, self.vocab
        pk = row["pk"]
        slug = b.slugs[row["tenant_id"]]
        sid = ids.service_id(slug, pk, row["external_id"])
        org = self.organization(row["organisation_id"])
        service = {
            "id": sid,
            "organization_id": org["id"],
            "name": row["title"],
            "description": row["description"],
            "url": row["website"],
            "email": row["public_email"],
            "status": "active",
            "application_process": "Nach Terminvereinbarung." if row["by_appointment"] else "",
            "fees_description": row["cost_note"],
            **age_bounds(row["age_min_months"], row["age_max_months"]),
            "assured_date": row["last_confirmed_at"].isoformat()
            if row["last_confirmed_at"]
            else "",
            "last_modified": iso_datetime(row["updated_at"]),
        }
        service = _compact(service)
        service["organization"] = org
        links = {name: b.links[name].get(pk, []) for name in b.links}

        attributes: list[dict] = []
        for name in TERM_LINKS:
            for term_pk in links[name]:
                term = vocab.term_by_pk.get(term_pk)
                if term is not None:
                    attributes.append(self._attribute(slug, pk, sid, name, term))
        for name in ("prevention_level", "evidence_programme"):
            term = vocab.term_by_pk.get(row[f"{name}_id"])
            if term is not None:
                attributes.append(self._attribute(slug, pk, sid, name, term))
        for tr_pk in links["transitions"]:
            term = vocab.transition_by_pk.get(tr_pk)
            if term is not None:
                attributes.append(self._attribute(slug, pk, sid, "transitions", term))
        phases = derive_life_phases(
            phases=vocab.phases_by_tenant.get(row["tenant_id"], []),
            pregnancy=row["pregnancy"],
            min_months=row["age_min_months"],
            max_months=row["age_max_months"],
        )
        for phase in phases:
            attributes.append(
                self._attribute(slug, pk, sid, "life_phases", vocab.phase_term[phase.pk])
            )
        for ext in row["external_terms"] or []:
            if not isinstance(ext, dict) or not ext.get("code") or not ext.get("taxonomy"):
                continue
            term = vocab.external_term(
                str(ext["taxonomy"]), str(ext["code"]), str(ext.get("name") or "")
            )
            attributes.append(self._attribute(slug, pk, sid, "external_terms", term))
        areas = [b.areas[a] for a in links["service_areas"] if a in b.areas]
        area_codes = [f"{a['level']}:{a['code']}" for a in areas]
        counts: dict[str, int] = {}
        for code, value in self._field_values(row, area_codes, b.translations.get(pk, [])):
            n = counts[code] = counts.get(code, -1) + 1
            attributes.append(
                self._attribute(slug, pk, sid, "field", vocab.field_terms[code], value, n)
            )

        if row["public_phone"]:
            service["phones"] = [
                {
                    "id": ids.derived(slug, "phone", f"service/{pk}"),
                    "service_id": sid,
                    "number": row["public_phone"],
                }
            ]
        if row["public_contact_name"] or row["public_email"]:
            service["contacts"] = [
                _compact(
                    {
                        "id": ids.derived(slug, "contact", f"service/{pk}"),
                        "service_id": sid,
                        "name": row["public_contact_name"],
                        "email": row["public_email"],
                    }
                )
            ]
        languages = []
        for term_pk in links["languages"]:
            term = vocab.term_by_pk.get(term_pk)
            if term is not None:
                languages.append(
                    {
                        "id": ids.derived(slug, "language", f"service/{pk}/{term['code']}"),
                        "service_id": sid,
                        "name": term["name"],
                        "code": term["code"],
                    }
                )
        if languages:
            service["languages"] = languages
        costs = []
        for term_pk in links["access_options"]:
            term = vocab.term_by_pk.get(term_pk)
            if term is not None and term["code"] in COST_CODES:
                cost = {
                    "id": ids.derived(slug, "cost_option", f"service/{pk}/{term['code']}"),
                    "service_id": sid,
                    "option": term["name"],
                    "currency": "EUR",
                    "amount": COST_CODES[term["code"]],
                    "amount_description": row["cost_note"],
                }
                costs.append(_compact(cost))
        if costs:
            service["cost_options"] = costs
        funding = []
        for term_pk in links["funding_programmes"]:
            term = vocab.term_by_pk.get(term_pk)
            if term is not None:
                funding.append(
                    {
                        "id": ids.derived(slug, "funding", f"service/{pk}/{term['code']}"),
                        "service_id": sid,
                        "source": term["name"],
                    }
                )
        if funding:
            service["funding"] = funding
        service_areas = self._service_areas(row, slug, sid, areas)
        if service_areas:
            service["service_areas"] = service_areas

        location_ids = [lp for lp in links["locations"] if lp in b.locations]
        at_locations = {}
        for loc_pk in location_ids:
            loc = self.location(loc_pk)
            sal_id = ids.derived(slug, "service_at_location", f"{pk}/{loc_pk}")
            at_locations[loc_pk] = {
                "id": sal_id,
                "service_id": sid,
                "location_id": loc["id"],
                "location": loc,
            }
        schedules = []
        for session in b.sessions.get(pk, []):
            sal = at_locations.get(session["location_id"])
            schedule = _compact(
                {
                    "id": ids.derived(slug, "schedule", session["pk"]),
                    "service_id": sid,
                    "location_id": sal["location_id"] if sal else None,
                    "service_at_location_id": sal["id"] if sal else None,
                    "valid_from": row["valid_from"].isoformat() if row["valid_from"] else None,
                    "valid_to": row["valid_until"].isoformat() if row["valid_until"] else None,
                    "freq": "WEEKLY",
                    "wkst": "MO",
                    "byday": BYDAY[session["weekday"]],
                    "opens_at": session["opens"].strftime("%H:%M"),
                    "closes_at": session["closes"].strftime("%H:%M"),
                    "description": session["note"],
                }
            )
            if sal is not None:
                sal.setdefault("schedules", []).append(schedule)
            else:
                schedules.append(schedule)
        if schedules:
            service["schedules"] = schedules
        if at_locations:
            service["service_at_locations"] = list(at_locations.values())
        service["attributes"] = attributes
        return service

    def _service_areas(self, row, slug, sid, areas) -> list[dict]:
        kind = row["service_area_kind"]
        if kind == ServiceAreaKind.WHOLE_TENANT:
            return [
                {
                    "id": ids.derived(slug, "service_area", f"{row['pk']}/whole"),
                    "service_id": sid,
                    "name": self.bundle.tenant.name,
                    "description": "Gesamtes Gebiet der Kommune.",
                }
            ]
        outreach = " (aufsuchend)" if kind == ServiceAreaKind.OUTREACH else ""
        return [
            {
                "id": ids.derived(slug, "service_area", f"{row['pk']}/{a['pk']}"),
                "service_id": sid,
                "name": a["name"],
                "description": f"{AREA_LEVEL_LABELS.get(a['level'], a['level'])} "
                f"{a['code']}{outreach}",
            }
            for a in areas
        ]


def services_full(bundle: Bundle) -> list[dict]:
    """Full HSDS services of the bundle's offers, in its order."""
    writer = ServiceWriter(bundle)
    return [writer.service(row) for row in bundle.offers]


def organizations(bundle: Bundle) -> list[dict]:
    """The organisations of the bundle's offers (full objects, by name)."""
    writer = ServiceWriter(bundle)
    return sorted(
        (writer.organization(pk) for pk in bundle.organisations), key=lambda o: (o["name"], o["id"])
    )
