"""The searchable catalogue of one tenant, read from the database into plain values.

``catalogue_snapshot(tenant=…)`` reads every published offer of the tenant's scope with
the codes of its facet values, its location points and areas, in a fixed number of
queries (independent of the number of offers). The in-memory facet index
(``facetindex.py``) and the brute-force reference (``reference.py``) are built from it,
so both see exactly the same data.

Facet membership rules (documented in docs/search.md):

* ``area``: an offer is in an area when one of its locations lies in it or in one of
  its parts, when it serves (listed areas / outreach) the area, a part of it or a
  larger area containing it, and always when it serves the whole municipality.
* ``topic``: an offer is counted (and found) under its topics and all their ancestors.
* ``open``: ``weekday-N`` when a session falls on weekday N, ``evening`` when a session
  ends after 18:00.
* ``life_phase``: derived from the age range by ``taxonomy.services.derive_life_phases``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, time

from django.db.models import Q

from praevnav.accounts.models import Organisation
from praevnav.catalogue.enums import OfferStatus, ServiceAreaKind
from praevnav.catalogue.models import Offer as OfferModel
from praevnav.catalogue.models import OpeningSession
from praevnav.core.models import Tenant
from praevnav.geography.enums import LEVEL_DEPTH, AreaLevel
from praevnav.geography.models import Area, Location
from praevnav.taxonomy.models import LifePhase, Term, Transition
from praevnav.taxonomy.services import derive_life_phases

EVENING = time(18, 0)

# Facet key -> (Offer many-to-many field, vocabulary) for the term facets.
TERM_FACETS: dict[str, str] = {
    "dimension": "dimensions",
    "target_group": "target_groups",
    "topic": "topics",
    "setting": "settings",
    "format": "formats",
    "access": "access_options",
    "language": "languages",
    "accessibility": "accessibility",
}
VOCABULARY_OF = {
    "dimension": "dimension",
    "prevention_level": "prevention_level",
    "target_group": "target_group",
    "topic": "topic",
    "setting": "setting",
    "format": "format",
    "access": "access",
    "language": "language",
    "accessibility": "accessibility",
}
# Area levels whose names in a query become an area filter.
NAMED_LEVELS = (AreaLevel.STADTBEZIRK, AreaLevel.STADTTEIL, AreaLevel.GEMEINDE)


@dataclass
class ValueInfo:
    """One facet value: code, German and English label, tree position."""

    value: str
    label: str
    label_en: str = ""
    parent: str | None = None
    depth: int = 0
    position: int = 0


@dataclass
class AreaInfo:
    id: int
    code: str
    name: str
    level: str
    parent_id: int | None
    centroid: tuple[float, float] | None  # (lat, lon)


@dataclass
class OfferRow:
    id: int
    title: str
    organisation_id: int
    pregnancy: bool
    age_min: int | None
    age_max: int | None
    valid_from: date | None
    valid_until: date | None
    last_confirmed_at: date | None
    updated_at: float
    whole_tenant: bool
    hidden_from: date | None = None
    values: dict[str, set[str]] = field(default_factory=dict)
    points: list[tuple[float, float]] = field(default_factory=list)  # (lat, lon)


@dataclass
class Snapshot:
    tenant_id: int
    scope_ids: list[int]
    rows: list[OfferRow]
    vocab: dict[str, list[ValueInfo]]  # facet -> values in display order
    areas: list[AreaInfo]
    organisations: dict[int, str]

    def vocab_index(self, facet: str) -> dict[str, ValueInfo]:
        """``{value: ValueInfo}`` of one facet (cached)."""
        cache = self.__dict__.setdefault("_vocab_index", {})
        if facet not in cache:
            cache[facet] = {v.value: v for v in self.vocab.get(facet, [])}
        return cache[facet]

    def area_by_code(self) -> dict[str, AreaInfo]:
        return {a.code: a for a in self.areas}


def visible_offer_filter(today: date) -> Q:
    """Published, valid today and not overdue beyond the grace period (the visibility
    rule of the search and of the planning statistics)."""
    return (
        Q(status=OfferStatus.PUBLISHED)
        & (Q(valid_from__isnull=True) | Q(valid_from__lte=today))
        & (Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        & (Q(hidden_from__isnull=True) | Q(hidden_from__gt=today))
    )


def is_visible(row: OfferRow, today: date) -> bool:
    return (
        (row.valid_from is None or row.valid_from <= today)
        and (row.valid_until is None or row.valid_until >= today)
        and (row.hidden_from is None or row.hidden_from > today)
    )


def _labels_by_code(scope_ids, tenant_id) -> dict[str, dict[str, tuple]]:
    """Per vocabulary: code -> (name, name_en, parent code, position), the tenant's own
    terms winning over those of member towns."""
    result: dict[str, dict[str, tuple]] = defaultdict(dict)
    terms = list(
        Term.all_tenants.filter(tenant_id__in=scope_ids).values_list(
            "pk", "tenant_id", "vocabulary", "code", "name", "name_en", "parent_id", "position"
        )
    )
    code_of = {pk: code for pk, _t, _v, code, *_rest in terms}
    terms.sort(key=lambda t: (t[1] != tenant_id, t[1]))
    for _pk, _tenant, vocab, code, name, name_en, parent_id, position in terms:
        if code not in result[vocab]:
            result[vocab][code] = (name, name_en, code_of.get(parent_id), position)
    return result


def _ordered_values(entries: dict[str, tuple]) -> list[ValueInfo]:
    """Values in tree order (pre-order by position), with depth and parent."""
    children: dict[str | None, list[str]] = defaultdict(list)
    for code, (_n, _e, parent, _p) in entries.items():
        children[parent if parent in entries else None].append(code)
    for codes in children.values():
        codes.sort(key=lambda c: (entries[c][3], entries[c][0]))
    out: list[ValueInfo] = []

    def walk(parent: str | None, depth: int) -> None:
        for code in children.get(parent, []):
            name, name_en, par, pos = entries[code]
            out.append(ValueInfo(code, name, name_en, par if par in entries else None, depth, pos))
            walk(code, depth + 1)

    walk(None, 0)
    return out


def catalogue_snapshot(*, tenant: Tenant, offer_ids: list[int] | None = None) -> Snapshot:
    """Read the tenant's published offers (all validity dates) with their facet values.

    Visibility by date is applied per search (``is_visible``), so a snapshot stays
    valid across midnight.
    """
    scope = tenant.scope_ids()
    lineage = tenant.lineage_ids()
    offers = OfferModel.all_tenants.filter(tenant_id__in=scope, status=OfferStatus.PUBLISHED)
    if offer_ids is not None:
        offers = offers.filter(pk__in=offer_ids)
    raw = list(
        offers.values_list(
            "pk",
            "title",
            "organisation_id",
            "pregnancy",
            "age_min_months",
            "age_max_months",
            "valid_from",
            "valid_until",
            "last_confirmed_at",
            "updated_at",
            "hidden_from",
            "service_area_kind",
            "prevention_level_id",
        ).order_by("pk")
    )
    rows: dict[int, OfferRow] = {}
    level_ids: dict[int, int | None] = {}
    for pk, title, org, preg, lo, hi, vf, vu, lca, upd, hid, kind, level_id in raw:
        rows[pk] = OfferRow(
            id=pk,
            title=title,
            organisation_id=org,
            pregnancy=preg,
            age_min=lo,
            age_max=hi,
            valid_from=vf,
            valid_until=vu,
            last_confirmed_at=lca,
            updated_at=upd.timestamp() if upd else 0.0,
            hidden_from=hid,
            whole_tenant=kind == ServiceAreaKind.WHOLE_TENANT,
            values=defaultdict(set),
        )
        level_ids[pk] = level_id
    offer_subquery = offers.values("pk")

    labels = _labels_by_code(scope, tenant.pk)
    term_code = dict(Term.all_tenants.filter(tenant_id__in=scope).values_list("pk", "code"))
    parent_code: dict[str, dict[str, str | None]] = {
        vocab: {code: entry[2] for code, entry in entries.items()}
        for vocab, entries in labels.items()
    }
    for pk, level_id in level_ids.items():
        if level_id is not None and level_id in term_code:
            rows[pk].values["prevention_level"].add(term_code[level_id])
    for facet, m2m in TERM_FACETS.items():
        through = getattr(OfferModel, m2m).through
        for offer_id, term_id in through.objects.filter(offer_id__in=offer_subquery).values_list(
            "offer_id", "term_id"
        ):
            row = rows.get(offer_id)
            if row is None or term_id not in term_code:
                continue
            code = term_code[term_id]
            row.values[facet].add(code)
            if facet == "topic":
                # Topics count under their ancestors too (the tree rolls up).
                parents = parent_code.get("topic", {})
                seen = 0
                parent = parents.get(code)
                while parent and seen < 20:
                    row.values["topic"].add(parent)
                    parent = parents.get(parent)
                    seen += 1
    transition_code = dict(
        Transition.all_tenants.filter(tenant_id__in=scope).values_list("pk", "code")
    )
    for offer_id, tr_id in OfferModel.transitions.through.objects.filter(
        offer_id__in=offer_subquery
    ).values_list("offer_id", "transition_id"):
        if offer_id in rows and tr_id in transition_code:
            rows[offer_id].values["transition"].add(transition_code[tr_id])
    for row in rows.values():
        row.values["organisation"].add(str(row.organisation_id))

    # Life phases (derived, never stored).
    phases = list(LifePhase.all_tenants.filter(tenant_id=tenant.pk).order_by("position"))
    for row in rows.values():
        for phase in derive_life_phases(
            phases=phases, pregnancy=row.pregnancy, min_months=row.age_min, max_months=row.age_max
        ):
            row.values["life_phase"].add(phase.code)

    # Opening sessions.
    for offer_id, weekday, closes in OpeningSession.objects.filter(
        offer_id__in=offer_subquery
    ).values_list("offer_id", "weekday", "closes"):
        row = rows.get(offer_id)
        if row is None:
            continue
        row.values["open"].add(f"weekday-{weekday}")
        if closes > EVENING:
            row.values["open"].add("evening")
    for pk in offers.filter(childcare=True).values_list("pk", flat=True):
        if pk in rows:
            rows[pk].values["childcare"].add("1")

    # Areas: the tree, locations and service areas.
    area_rows = list(
        Area.all_tenants.filter(tenant_id__in=lineage).values_list(
            "pk", "code", "name", "level", "parent_id", "centroid_lat", "centroid_lon"
        )
    )
    areas = [
        AreaInfo(pk, code, name, level, parent, (lat, lon) if lat is not None else None)
        for pk, code, name, level, parent, lat, lon in area_rows
    ]
    area_by_id = {a.id: a for a in areas}
    children: dict[int, list[int]] = defaultdict(list)
    for a in areas:
        if a.parent_id is not None:
            children[a.parent_id].append(a.id)

    def ancestors(area_id: int) -> list[int]:
        out, node, seen = [], area_by_id.get(area_id), 0
        while node is not None and node.parent_id is not None and seen < 10:
            out.append(node.parent_id)
            node = area_by_id.get(node.parent_id)
            seen += 1
        return out

    def descendants(area_id: int) -> list[int]:
        out, stack = [], list(children.get(area_id, ()))
        while stack:
            node = stack.pop()
            out.append(node)
            stack.extend(children.get(node, ()))
        return out

    offer_areas: dict[int, set[int]] = defaultdict(set)
    loc_links = list(
        OfferModel.locations.through.objects.filter(offer_id__in=offer_subquery).values_list(
            "offer_id", "location_id"
        )
    )
    loc_ids = {loc for _o, loc in loc_links}
    loc_points = {
        pk: (lat, lon)
        for pk, lat, lon in Location.all_tenants.filter(
            pk__in=offers.values("locations"), latitude__isnull=False
        ).values_list("pk", "latitude", "longitude")
    }
    loc_areas: dict[int, set[int]] = defaultdict(set)
    for loc_id, area_id in Location.areas.through.objects.filter(
        location_id__in=offers.values("locations")
    ).values_list("location_id", "area_id"):
        loc_areas[loc_id].add(area_id)
    for offer_id, loc_id in loc_links:
        row = rows.get(offer_id)
        if row is None or loc_id not in loc_ids:
            continue
        if loc_id in loc_points:
            row.points.append(loc_points[loc_id])
        for area_id in loc_areas.get(loc_id, ()):
            offer_areas[offer_id].add(area_id)
            offer_areas[offer_id].update(ancestors(area_id))
    for offer_id, area_id in OfferModel.service_areas.through.objects.filter(
        offer_id__in=offer_subquery
    ).values_list("offer_id", "area_id"):
        if offer_id not in rows or area_id not in area_by_id:
            continue
        offer_areas[offer_id].add(area_id)
        offer_areas[offer_id].update(ancestors(area_id))
        offer_areas[offer_id].update(descendants(area_id))
    for offer_id, area_ids in offer_areas.items():
        rows[offer_id].values["area"].update(area_by_id[a].code for a in area_ids)
    for row in rows.values():
        row.points.sort()
        if row.whole_tenant:
            row.values["area"].update(a.code for a in areas)

    vocab: dict[str, list[ValueInfo]] = {}
    for facet, vocabulary in VOCABULARY_OF.items():
        vocab[facet] = _ordered_values(labels.get(vocabulary, {}))
    vocab["life_phase"] = [
        ValueInfo(p.code, p.name, p.name_en, None, 0, p.position) for p in phases
    ]
    vocab["transition"] = [
        ValueInfo(code, name, name_en, None, 0, pos)
        for code, name, name_en, pos in Transition.all_tenants.filter(tenant_id=tenant.pk)
        .order_by("position")
        .values_list("code", "name", "name_en", "position")
    ]
    vocab["childcare"] = [ValueInfo("1", "Kinderbetreuung während des Angebots", "Childcare")]
    weekdays = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
    weekdays_en = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    vocab["open"] = [
        ValueInfo(f"weekday-{i}", weekdays[i], weekdays_en[i], None, 0, i) for i in range(7)
    ] + [ValueInfo("evening", "abends (nach 18 Uhr)", "evenings (after 6 pm)", None, 0, 7)]
    organisations = dict(
        Organisation.all_tenants.filter(tenant_id__in=scope).values_list("pk", "name")
    )
    vocab["organisation"] = [
        ValueInfo(str(pk), name, "", None, 0, 0)
        for pk, name in sorted(organisations.items(), key=lambda kv: (kv[1].casefold(), kv[0]))
    ]
    vocab["area"] = _area_values(areas)
    return Snapshot(
        tenant_id=tenant.pk,
        scope_ids=scope,
        rows=list(rows.values()),
        vocab=vocab,
        areas=areas,
        organisations=organisations,
    )


def _area_values(areas: list[AreaInfo]) -> list[ValueInfo]:
    """Areas as a tree: coarse levels first, children by code."""
    by_id = {a.id: a for a in areas}
    children: dict[int | None, list[AreaInfo]] = defaultdict(list)
    for a in areas:
        parent = a.parent_id if a.parent_id in by_id else None
        children[parent].append(a)
    for items in children.values():
        items.sort(key=lambda a: (LEVEL_DEPTH.get(a.level, 9), a.code))
    out: list[ValueInfo] = []

    def walk(parent: int | None, depth: int) -> None:
        for a in children.get(parent, []):
            parent_code = by_id[a.parent_id].code if a.parent_id in by_id else None
            out.append(ValueInfo(a.code, a.name, "", parent_code, depth, 0))
            walk(a.id, depth + 1)

    walk(None, 0)
    return out
