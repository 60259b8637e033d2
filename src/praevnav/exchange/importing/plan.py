"""``import_plan``: resolve a ``ParseResult`` against a tenant without writing anything.

Organisations (Träger-ID, else exact name, else new — planners only), locations
(Standort-ID, else name and street within the organisation, else new), codes → term
ids, foreign terms through ``TermMapping``, and offers by external id (update when
the snapshot differs, "unchanged" otherwise, create when new). Every problem is tied to
the offer it concerns, with the line or JSON path it came from.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from praevnav.accounts.models import Organisation
from praevnav.catalogue.enums import OfferStatus, RevisionStatus
from praevnav.catalogue.models import Offer, OfferRevision
from praevnav.catalogue.revisions import (
    FK_FIELDS,
    M2M_FIELDS,
    SCALAR_FIELDS,
    changed_fields,
    json_value,
    normalise_snapshot,
    offer_snapshots,
    snapshot_diff,
)
from praevnav.core.models import Tenant
from praevnav.exchange.importing.lookups import (
    FIELD_VOCABULARY,
    SINGLE_FIELDS,
    VOCABULARY_FIELD,
    Areas,
    Locations,
    Organisations,
    Vocabularies,
    chunks,
    existing_offers,
    term_mappings,
)
from praevnav.exchange.importing.report import ImportReport, ReportItem
from praevnav.exchange.records import LocationRecord, OfferRecord, ParseResult, Problem
from praevnav.exchange.template.columns import header_of
from praevnav.geography.services import area_index_for_tenant

LOCATION_LIMITS = {"name": 250, "street": 200, "postcode": 10, "city": 120, "external_id": 120}
LOCATION_FIELDS = ("name", "street", "postcode", "city", "latitude", "longitude")
NUMBERS_RE = re.compile(r"\d+")


@dataclass
class PlannedOrganisation:
    key: str
    name: str
    external_id: str = ""
    pk: int | None = None
    record: object = None


@dataclass
class PlannedLocation:
    key: str
    record: LocationRecord
    org_key: str
    pk: int | None = None
    update: dict = field(default_factory=dict)  # changed fields of an existing location
    outside: bool = False


@dataclass
class PlannedOffer:
    source: str
    external_id: str
    title: str
    action: str = "create"  # create | update | unchanged | rejected
    offer_id: int | None = None
    org_key: str = ""
    location_keys: list[str] = field(default_factory=list)
    # The snapshot to write; "organisation" resolved at apply time, "locations" and the
    # sessions' "location" hold location keys until then.
    data: dict = field(default_factory=dict)
    status: str = OfferStatus.PUBLISHED
    changes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)


@dataclass
class ImportPlan:
    tenant: Tenant
    by: object
    organisation: Organisation | None
    provider_mode: bool
    offers: list[PlannedOffer] = field(default_factory=list)
    organisations: dict[str, PlannedOrganisation] = field(default_factory=dict)
    locations: dict[str, PlannedLocation] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems) or any(
            o.has_errors for o in self.offers
        )

    def report(self, *, applied: bool = False, only_valid: bool = False) -> ImportReport:
        report = ImportReport(
            applied=applied,
            only_valid=only_valid,
            review=self.provider_mode,
            problems=list(self.problems),
        )
        for offer in self.offers:
            report.items.append(
                ReportItem(
                    source=offer.source,
                    external_id=offer.external_id,
                    title=offer.title,
                    action=offer.action,
                    changes=offer.changes,
                    problems=offer.problems,
                )
            )
        report.created = sum(o.action == "create" for o in self.offers)
        report.updated = sum(o.action == "update" for o in self.offers)
        report.unchanged = sum(o.action == "unchanged" for o in self.offers)
        report.rejected = sum(o.action == "rejected" for o in self.offers)
        used = self.used_keys()
        report.organisations_created = sum(
            1 for k, o in self.organisations.items() if o.pk is None and k in used[0]
        )
        report.locations_created = sum(
            1 for k, loc in self.locations.items() if loc.pk is None and k in used[1]
        )
        report.locations_updated = sum(
            1 for k, loc in self.locations.items() if loc.pk and loc.update and k in used[1]
        )
        return report

    def used_keys(self) -> tuple[set[str], set[str]]:
        """Organisation and location keys needed by the offers that will be written."""
        orgs: set[str] = set()
        locs: set[str] = set()
        for offer in self.offers:
            if offer.action in ("create", "update", "unchanged"):
                orgs.add(offer.org_key)
                locs.update(offer.location_keys)
        return orgs, locs


def _line_range(text: str) -> tuple[int, int] | None:
    if text.startswith("$"):
        return None
    numbers = [int(n) for n in NUMBERS_RE.findall(text)]
    if not numbers or len(numbers) > 2:
        return None
    return numbers[0], numbers[-1]


def _belongs(problem_source: str, record_source: str) -> bool:
    """Whether a parser's problem concerns a record (same line range or JSON path)."""
    if problem_source == record_source:
        return True
    if record_source.startswith("$"):
        return problem_source.startswith((record_source + ".", record_source + "["))
    own, rng = _line_range(problem_source), _line_range(record_source)
    return bool(own and rng and own[0] == own[1] and rng[0] <= own[0] <= rng[1])


class _Planner:
    def __init__(self, *, tenant: Tenant, parsed: ParseResult, by, organisation) -> None:
        self.tenant = tenant
        self.parsed = parsed
        self.by = by
        can_review = by is None or bool(
            getattr(by, "has_perm", None) and by.has_perm("catalogue.review_offer", tenant)
        )
        provider_mode = organisation is not None or not can_review
        self.plan = ImportPlan(
            tenant=tenant, by=by, organisation=organisation, provider_mode=provider_mode
        )
        if provider_mode and organisation is None:
            self.plan.problems.append(
                Problem(_("file"), "", _("Please choose the provider to import for."))
            )
        self.vocab = Vocabularies(tenant)
        self.areas = Areas(tenant)
        self.mappings = term_mappings(tenant)
        self.orgs = Organisations(tenant)
        records = parsed.records
        self.existing = existing_offers(tenant, [r.external_id for r in records if r.external_id])
        org_ids = {o.organisation_id for o in self.existing.values()}
        org_ids |= {o.pk for o in self.orgs.by_external_id.values()}
        org_ids |= {
            o.pk for r in records if (o := self.orgs.by_name.get(r.organisation.name)) is not None
        }
        if organisation is not None:
            org_ids.add(organisation.pk)
        self.locs = Locations(
            tenant,
            [loc.external_id for r in records for loc in r.locations if loc.external_id],
            org_ids,
        )
        self.snapshots = offer_snapshots(o.pk for o in self.existing.values())
        self.open_revisions: dict[int, str] = {}
        for chunk in chunks(o.pk for o in self.existing.values()):
            self.open_revisions.update(
                OfferRevision.all_tenants.filter(
                    offer_id__in=chunk,
                    status__in=[RevisionStatus.DRAFT, RevisionStatus.SUBMITTED],
                ).values_list("offer_id", "status")
            )
        self.location_users: dict[str, list[PlannedOffer]] = {}

    # --- organisations -------------------------------------------------------------

    def organisation_key(self, record: OfferRecord, planned: PlannedOffer) -> str:
        org = record.organisation
        name, ext = (org.name or "").strip(), (org.external_id or "").strip()
        own = self.plan.organisation
        if self.plan.provider_mode:
            if own is None:
                return ""
            if (ext and ext != own.external_id and ext != str(own.pk)) or (
                not ext and name and name.casefold() != own.name.casefold()
            ):
                self.error(
                    planned,
                    "org.name",
                    _(
                        "The row names the provider “%(name)s”; you can only import offers of "
                        "“%(own)s”."
                    )
                    % {"name": (name or ext)[:120], "own": own.name},
                )
            key = f"pk:{own.pk}"
            self.plan.organisations.setdefault(
                key, PlannedOrganisation(key=key, name=own.name, pk=own.pk)
            )
            return key
        existing = (self.orgs.by_external_id.get(ext) if ext else None) or self.orgs.by_name.get(
            name
        )
        if existing is not None:
            key = f"pk:{existing.pk}"
            self.plan.organisations.setdefault(
                key, PlannedOrganisation(key=key, name=existing.name, pk=existing.pk)
            )
            return key
        if not name:
            self.error(planned, "org.name", _("The provider (Träger) is missing."))
            return ""
        if len(name) > 250 or len(ext) > 120:
            self.error(planned, "org.name", _("The provider's name or id is too long."))
            return ""
        key = f"id:{ext}" if ext else f"name:{name}"
        known = self.plan.organisations.get(key)
        if known is None:
            self.plan.organisations[key] = PlannedOrganisation(
                key=key, name=name, external_id=ext, record=org
            )
        elif known.name != name:
            self.error(
                planned,
                "org.name",
                _("Träger-ID “%(id)s” is used with two different names in this file.")
                % {"id": ext[:120]},
            )
        return key

    # --- locations -----------------------------------------------------------------

    def location_key(self, loc: LocationRecord, org_key: str, planned: PlannedOffer) -> str:
        bad = False
        for name, limit in LOCATION_LIMITS.items():
            if len(getattr(loc, name) or "") > limit:
                self.error(
                    planned,
                    f"loc.{name}",
                    _("At most %(n)s characters are allowed.") % {"n": limit},
                )
                bad = True
        lat, lon = loc.latitude, loc.longitude
        if (lat is None) != (lon is None):
            self.error(planned, "loc.latitude", _("Give both latitude and longitude, or neither."))
            bad = True
        elif (
            lat is not None
            and lon is not None
            and not (
                isinstance(lat, int | float)
                and isinstance(lon, int | float)
                and math.isfinite(lat)
                and math.isfinite(lon)
                and -90 <= lat <= 90
                and -180 <= lon <= 180
            )
        ):
            self.error(
                planned,
                "loc.latitude",
                _(
                    "Coordinates %(lat)s, %(lon)s are impossible (latitude −90…90, "
                    "longitude −180…180)."
                )
                % {"lat": lat, "lon": lon},
            )
            bad = True
        if not loc.name:
            self.error(planned, "loc.name", _("The location needs a name."))
            bad = True
        if bad:
            return ""
        org_pk = self.plan.organisations[org_key].pk if org_key in self.plan.organisations else None
        existing = self.locs.by_external_id.get(loc.external_id) if loc.external_id else None
        if existing is None and not loc.external_id and org_pk:
            existing = self.locs.by_address.get(
                (org_pk, loc.name.casefold(), (loc.street or "").casefold())
            )
        if existing is not None:
            if self.plan.provider_mode and existing.organisation_id not in (None, org_pk):
                self.error(
                    planned,
                    "loc.external_id",
                    _("Location “%(id)s” belongs to another provider.")
                    % {"id": loc.external_id or loc.name},
                )
                return ""
            key = f"pk:{existing.pk}"
        elif loc.external_id:
            key = f"id:{loc.external_id}"
        else:
            key = f"addr:{org_key}|{loc.name.casefold()}|{(loc.street or '').casefold()}"
        known = self.plan.locations.get(key)
        if known is not None:
            if _location_values(known.record) != _location_values(loc):
                self.error(
                    planned,
                    "loc.external_id",
                    _("Location “%(id)s” appears with different data in this file.")
                    % {"id": loc.external_id or loc.name},
                )
                return ""
        else:
            planned_loc = PlannedLocation(key=key, record=loc, org_key=org_key)
            if existing is not None:
                planned_loc.pk = existing.pk
                new_values = _location_values(loc)
                planned_loc.update = {
                    name: value
                    for name, value in new_values.items()
                    if getattr(existing, name) != value
                }
            self.plan.locations[key] = planned_loc
        self.location_users.setdefault(key, []).append(planned)
        return key

    # --- codes and terms -----------------------------------------------------------

    def resolve_codes(self, record: OfferRecord, planned: PlannedOffer, data: dict) -> None:
        for name, values in record.codes.items():
            vocabulary = FIELD_VOCABULARY.get(name)
            if vocabulary is None:
                planned.problems.append(
                    Problem(planned.source, name, _("Unknown field is ignored."), "warning")
                )
                continue
            ids = []
            for value in values or []:
                pk = self.vocab.resolve(vocabulary, str(value))
                if pk is None:
                    valid = self.vocab.codes.get(vocabulary, [])
                    hint = ", ".join(valid[:12]) + (" …" if len(valid) > 12 else "")
                    self.error(
                        planned,
                        name,
                        _("Unknown code “%(code)s”. Valid codes: %(valid)s")
                        % {"code": str(value)[:80], "valid": hint},
                    )
                    continue
                ids.append(pk)
            if name in SINGLE_FIELDS:
                data[name] = ids[0] if ids else None
            else:
                data[name] = ids
        area_ids = []
        for code in record.service_area_codes:
            pk = self.areas.resolve(code)
            if pk is None:
                self.error(
                    planned,
                    "service_areas",
                    _("Unknown area code “%(code)s” (write level:code, e.g. stadtteil:011).")
                    % {"code": code[:80]},
                )
            else:
                area_ids.append(pk)
        data["service_areas"] = area_ids

    def foreign_terms(self, record: OfferRecord, planned: PlannedOffer, data: dict) -> None:
        terms = list(record.external_terms)
        in_fields = record.fields.get("external_terms")
        if isinstance(in_fields, list):
            terms += [t for t in in_fields if t not in terms]
        clean = []
        for term in terms:
            if not isinstance(term, dict) or not str(term.get("code") or "").strip():
                self.error(planned, "external_terms", _("A foreign term needs a code."))
                continue
            item = {
                "taxonomy": str(term.get("taxonomy") or ""),
                "code": str(term.get("code")),
                "name": str(term.get("name") or ""),
            }
            clean.append(item)
            key = (item["taxonomy"], item["code"])
            if key not in self.mappings:
                planned.problems.append(
                    Problem(
                        planned.source,
                        "external_terms",
                        _("Foreign term “%(code)s” (%(taxonomy)s) has no mapping; it is kept.")
                        % {"code": item["code"][:80], "taxonomy": item["taxonomy"][:80] or "–"},
                        "warning",
                    )
                )
                continue
            term_id = self.mappings[key]
            if term_id is None:
                continue
            field_name = VOCABULARY_FIELD.get(self.vocab.vocabulary_of.get(term_id, ""))
            if field_name in SINGLE_FIELDS:
                data[field_name] = data.get(field_name) or term_id
            elif field_name:
                data[field_name] = sorted({*data.get(field_name, []), term_id})
        data["external_terms"] = clean

    # --- one offer -----------------------------------------------------------------

    def error(self, planned: PlannedOffer, field_name: str, message: str) -> None:
        planned.problems.append(Problem(planned.source, header_of(field_name), message, "error"))

    def offer(self, record: OfferRecord) -> PlannedOffer:
        title = str(record.fields.get("title") or "")[:250]
        planned = PlannedOffer(source=record.source, external_id=record.external_id, title=title)
        if not record.external_id:
            self.error(planned, "external_id", _("The offer has no external id."))
        elif len(record.external_id) > 120:
            self.error(planned, "external_id", _("The id is longer than 120 characters."))
        existing = self.existing.get(record.external_id)
        planned.org_key = self.organisation_key(record, planned)
        org = self.plan.organisations.get(planned.org_key)
        if existing is not None:
            planned.offer_id = existing.pk
            if org is not None and existing.organisation_id != org.pk:
                self.error(
                    planned,
                    "org.name",
                    _(
                        "Offer “%(id)s” already exists for another provider; an import cannot "
                        "move it."
                    )
                    % {"id": record.external_id[:120]},
                )
        base = self.snapshots[existing.pk] if existing is not None else normalise_snapshot({})
        data = dict(base)
        for name, value in record.fields.items():
            if name in SCALAR_FIELDS and name != "external_terms":
                data[name] = value
        for name in ("title", "description", "summary_plain", "cost_note", "schedule_note"):
            data[name] = data.get(name) or ""
        for name in ("pregnancy", "childcare", "by_appointment"):
            data[name] = bool(data.get(name))
        if data.get("closed_on_public_holidays") is None:
            data["closed_on_public_holidays"] = True
        data["service_area_kind"] = data.get("service_area_kind") or "locations"
        data["external_id"] = existing.external_id if existing is not None else record.external_id
        self.resolve_codes(record, planned, data)
        self.foreign_terms(record, planned, data)
        self.validate_scalars(planned, data)
        per_record = [
            self.location_key(loc, planned.org_key, planned) if planned.org_key else ""
            for loc in record.locations
        ]
        keys = list(dict.fromkeys(k for k in per_record if k))
        refs = {
            loc.external_id: k
            for loc, k in zip(record.locations, per_record, strict=True)
            if loc.external_id and k
        }
        by_index = {f"#{i}": k for i, k in enumerate(per_record) if k}
        planned.location_keys = keys
        data["locations"] = keys
        data["sessions"] = [
            {
                "weekday": s.get("weekday"),
                "opens": s.get("opens"),
                "closes": s.get("closes"),
                "note": s.get("note") or "",
                "location": refs.get(s.get("location_external_id") or "")
                or by_index.get(s.get("location_external_id") or ""),
            }
            for s in record.sessions
        ]
        data["translations"] = [
            {
                "language": str(t.get("language") or "")[:8],
                "title": str(t.get("title") or "")[:250],
                "description": str(t.get("description") or ""),
                "summary_plain": str(t.get("summary_plain") or ""),
            }
            for t in record.translations
            if isinstance(t, dict)
        ]
        languages = [t["language"] for t in data["translations"]]
        if len(set(languages)) != len(languages) or not all(languages):
            self.error(planned, "translations", _("Each translation needs its own language code."))
        planned.data = data
        if self.plan.provider_mode:
            planned.status = OfferStatus.SUBMITTED
        else:
            planned.status = record.fields.get("status") or OfferStatus.PUBLISHED
        if existing is not None:
            self.compare(planned, existing)
        if planned.has_errors:
            planned.action = "rejected"
        return planned

    def validate_scalars(self, planned: PlannedOffer, data: dict) -> None:
        probe = Offer(**{name: data.get(name) for name in SCALAR_FIELDS})
        exclude = [*FK_FIELDS, *M2M_FIELDS, "tenant", "status", "external_terms"]
        bad: set[str] = set()
        try:
            probe.clean_fields(exclude=exclude)
        except ValidationError as exc:
            bad = set(exc.message_dict)
            for name, messages in exc.message_dict.items():
                for message in messages:
                    self.error(planned, name, message)
        # The fields' own conversion (e.g. "12" → 12): the data then holds what the
        # database will return, so that the snapshot of a new offer can be taken from
        # it (see apply) and a re-import compares like with like.
        for name in SCALAR_FIELDS:
            if name not in exclude and name not in bad:
                data[name] = json_value(getattr(probe, name))
        try:
            probe.clean()
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                for message in messages:
                    self.error(planned, name, message)

    def compare(self, planned: PlannedOffer, existing: Offer) -> None:
        planned.action = "update"
        org = self.plan.organisations.get(planned.org_key)
        locations = [self.plan.locations[k].pk for k in planned.location_keys]
        if org is None or org.pk is None or None in locations:
            planned.changes = ["locations"] if None in locations else []
        else:
            resolved = self.resolve(planned.data, organisation=org.pk)
            diff = snapshot_diff(self.snapshots[existing.pk], normalise_snapshot(resolved))
            planned.changes = changed_fields(diff)
            if not planned.changes:
                planned.action = "unchanged"
                return
        open_status = self.open_revisions.get(existing.pk)
        if open_status == RevisionStatus.SUBMITTED or (open_status and not self.plan.provider_mode):
            self.error(
                planned,
                "external_id",
                _("Offer “%(id)s” has an open change waiting for review; review it first.")
                % {"id": planned.external_id[:120]},
            )

    def resolve(self, data: dict, *, organisation: int) -> dict:
        """``data`` with the organisation and location keys replaced by ids."""
        locations = self.plan.locations
        out = dict(data)
        out["organisation"] = organisation
        out["locations"] = [locations[k].pk for k in data["locations"]]
        out["sessions"] = [
            {**s, "location": locations[s["location"]].pk if s["location"] else None}
            for s in data["sessions"]
        ]
        return out

    def outside_warnings(self) -> None:
        """Coordinates outside all of the tenant's areas: kept, with a warning."""
        index = area_index_for_tenant(tenant=self.tenant)
        if not len(index):
            return
        candidates = [
            loc
            for loc in self.plan.locations.values()
            if loc.record.latitude is not None and (loc.pk is None or loc.update)
        ]
        hits = index.bulk_areas_containing(
            [c.record.longitude for c in candidates], [c.record.latitude for c in candidates]
        )
        for loc, areas in zip(candidates, hits, strict=True):
            if areas:
                continue
            loc.outside = True
            for planned in self.location_users.get(loc.key, []):
                planned.problems.append(
                    Problem(
                        planned.source,
                        header_of("loc.latitude"),
                        _(
                            "Location “%(name)s” lies outside the municipality's areas; it is "
                            "kept without an area."
                        )
                        % {"name": loc.record.name[:120]},
                        "warning",
                    )
                )

    def run(self) -> ImportPlan:
        records = self.parsed.records
        attached: set[int] = set()
        offers = []
        for record in records:
            planned = self.offer(record)
            offers.append(planned)
        for index, problem in enumerate(self.parsed.problems):
            for planned, record in zip(offers, records, strict=True):
                if _belongs(problem.source, record.source):
                    planned.problems.append(problem)
                    if problem.severity == "error":
                        planned.action = "rejected"
                    attached.add(index)
                    break
        self.plan.problems.extend(
            p for i, p in enumerate(self.parsed.problems) if i not in attached
        )
        self.plan.offers = offers
        self.outside_warnings()
        return self.plan


def _location_values(loc: LocationRecord) -> dict:
    return {
        "name": loc.name,
        "street": loc.street or "",
        "postcode": loc.postcode or "",
        "city": loc.city or "",
        "latitude": loc.latitude,
        "longitude": loc.longitude,
    }


def import_plan(
    *, tenant: Tenant, parsed: ParseResult, by=None, organisation: Organisation | None = None
) -> ImportPlan:
    """Resolve ``parsed`` against ``tenant``; writes nothing.

    ``by`` None is the system (planner rights). With ``organisation`` (or when ``by``
    may not review) it is a provider import: every row must name that organisation,
    and the changes will go through review.
    """
    return _Planner(tenant=tenant, parsed=parsed, by=by, organisation=organisation).run()


__all__ = ["ImportPlan", "PlannedLocation", "PlannedOffer", "import_plan"]
