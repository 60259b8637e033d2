"""The deterministic demo offer generator.

``generate_dataset(region=…, areas=…, offers=N, seed=S)`` returns a
:class:`~praevnav.catalogue.demo.records.GeneratedDataset` of plain records (no ORM):
providers, locations and offers written from the offer kinds in ``kinds_*.py``.
The same seed and reference date give the same data set, byte for byte.

How the data set is built
-------------------------
* **Providers** (``providers.py``): the region's city- or Kreis-wide providers
  (welfare associations, municipal departments, family-education centres,
  counselling centres) plus local ones (Kitas/Familienzentren, schools, sports
  clubs, parishes, youth centres, midwives, migrant organisations, zentren plus …)
  spread round-robin over the areas; ``max(region.min_providers, offers // 10)``.
* **Offers**: every provider first gets one offer of a kind it runs, then kinds are
  drawn by weight; local providers run offers at home, city-wide ones in any area.
  Locations are points inside the area polygon (``places.py``), one per provider
  and area, with a street of that area and a plausible postcode.
* **Statuses**: 93 % published, the rest draft, submitted or archived (archived
  ones ended in the past). Planted offers are always published.

Planted structure (exposed as ``GeneratedDataset.planted``)
-----------------------------------------------------------
* **Gaps** (``region.gap_spec``): pairs (area, life phase) without *local* supply:
  no offer of any status whose derived life phases include the phase has a
  location in the area or lists the area (or its Stadtbezirk) as served or
  outreach area. City-wide offers (``service_area_kind == "whole"``) are not local
  supply. Düsseldorf: 65+ in Hafen, Hubbelrath, Knittkuhl, Lierenfeld and Flehe;
  10–16 in Hassels, Volmerswerth, Lohausen and Itter; 0–3 in Himmelgeist and
  Kalkum; pregnancy in Ludenberg and Angermund. Kreis Düren: 65+ in Heimbach and
  Vettweiß; 10–16 in Titz and Hürtgenwald.
* **Overlaps** (``region.overlap_spec``): 3–4 offers of the same kind, age range,
  target group and area by different providers (e.g. four baby groups for
  immigrant families in Oberbilk, three homework clubs in Garath, three senior
  meeting points in Benrath).
* **Duplicates**: ``region.duplicates`` published offers entered a second time by
  the same provider at the same location, with a slightly different spelling of
  the title (hyphenated compound, “ss” for “ß”, swapped letters …).

With synthetic areas (tests) the named areas do not exist; gaps and overlaps then
fall on areas drawn from the seed.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from praevnav.catalogue.demo import text, vocab
from praevnav.catalogue.demo.kinds import OfferKind, all_kinds
from praevnav.catalogue.demo.places import AreaPlaces
from praevnav.catalogue.demo.providers import CITY_TYPES, Provider, Region, build_providers
from praevnav.catalogue.demo.records import (
    AreaInput,
    DuplicatePair,
    GeneratedDataset,
    LocationRecord,
    OfferRecord,
    OverlapCluster,
    Planted,
)

TAXONOMY_FILE = Path(__file__).resolve().parents[2] / "taxonomy" / "data" / "default_taxonomy.json"
STATUS_SHARES = (("published", 0.93), ("draft", 0.03), ("submitted", 0.02), ("archived", 0.02))
OPEN_END = 130 * 12
MSO_LANGUAGES = {
    "Türk": "tr", "Ukrain": "uk", "Afrikan": "fr", "Griech": "el", "Polni": "pl", "Arab": "ar",
    "Eritre": "ti", "Russisch": "ru", "Kurd": "ku", "Italien": "it", "Syr": "ar", "Bulgar": "bg",
    "Pers": "fa", "Marokk": "ar", "Roma": "ro", "Japan": "ja", "Spani": "es", "Alban": "sq",
}  # fmt: skip
INTERNAL_NOTES = (
    "Kurzfristige Plätze für Familien aus dem Bezirkssozialdienst nach Absprache.",
    "Bitte bei Zuweisung vorher telefonisch ankündigen.",
    "Dolmetschende können über den Träger angefragt werden.",
    "Warteliste; Fachkräfte erreichen die Leitung direkt unter der internen Nummer.",
    "Kooperationspartner im Netzwerk Frühe Hilfen.",
)


@dataclass(frozen=True)
class PhaseSpec:
    code: str
    is_pregnancy: bool
    min_age_months: int | None
    max_age_months: int | None


@lru_cache(maxsize=1)
def default_phases() -> tuple[PhaseSpec, ...]:
    """The shipped life phases (``default_taxonomy.json``), as plain values."""
    with TAXONOMY_FILE.open(encoding="utf-8") as handle:
        data = json.load(handle)
    return tuple(
        PhaseSpec(
            code=p["code"],
            is_pregnancy=p.get("is_pregnancy", False),
            min_age_months=p.get("min_age_months"),
            max_age_months=p.get("max_age_months"),
        )
        for p in data["life_phases"]
    )


@lru_cache(maxsize=512)
def phases_of(pregnancy: bool, lo: int | None, hi: int | None) -> frozenset[str]:
    """Codes of the life phases an offer belongs to (the taxonomy's derivation rule)."""
    from praevnav.taxonomy.services import derive_life_phases

    return frozenset(
        p.code
        for p in derive_life_phases(
            phases=default_phases(), pregnancy=pregnancy, min_months=lo, max_months=hi
        )
    )


def main_phase(pregnancy: bool, lo: int | None, hi: int | None) -> str:
    """The life phase that covers most of an age range (for naming an overlap)."""
    best, best_overlap = "schwangerschaft" if pregnancy else "", -1
    for p in default_phases():
        if p.is_pregnancy:
            continue
        a = max(lo or 0, p.min_age_months or 0)
        b = min(hi or OPEN_END, p.max_age_months or OPEN_END)
        if b - a > best_overlap:
            best, best_overlap = p.code, b - a
    return best


class _Builder:
    def __init__(
        self, *, region: Region, areas: Sequence[AreaInput], seed: int, ref: date, prefix: str
    ):
        self.region = region
        self.prefix = prefix
        self.rng = random.Random(seed)
        self.ref = ref
        self.areas = {a.code: a for a in areas}
        self.codes = sorted(self.areas)
        self.weight = {a.code: a.weight for a in areas}
        self.by_name = {a.name: a.code for a in areas}
        self.groups: dict[str, list[str]] = {}
        for a in areas:
            if a.group:
                self.groups.setdefault(a.group, []).append(a.code)
        self.places = AreaPlaces(areas, seed=seed, extra_streets=region.streets)
        self.kinds = all_kinds()
        self.kind_by_key = {k.key: k for k in self.kinds}
        self.gaps: dict[str, set[str]] = {}
        self._allowed: dict[frozenset[str], list[str]] = {}
        self._allowed_cum: dict[int, list[float]] = {}
        self.locations: dict[tuple[str, str], LocationRecord] = {}
        self.offers: list[OfferRecord] = []

    # --- gaps -------------------------------------------------------------------

    def plant_gaps(self) -> list[tuple[str, str]]:
        planted = []
        max_per_phase = max(1, len(self.codes) // 5)
        for phase, names in self.region.gap_spec:
            codes = [self.by_name[n] for n in names if n in self.by_name]
            if not codes and len(self.codes) > 2:
                codes = self.rng.sample(self.codes, min(len(names), max_per_phase))
            for code in codes:
                self.gaps.setdefault(code, set()).add(phase)
                planted.append((code, phase))
        return sorted(planted)

    def allowed_areas(self, phases: frozenset[str]) -> list[str]:
        if phases not in self._allowed:
            codes = [c for c in self.codes if not (self.gaps.get(c, set()) & phases)]
            self._allowed[phases] = codes
            cum, total = [], 0.0
            for c in codes:
                total += self.weight[c]
                cum.append(total)
            self._allowed_cum[id(codes)] = cum
        return self._allowed[phases]

    def pick_area(self, allowed: list[str]) -> str:
        """An allowed area, drawn by weight."""
        return self.rng.choices(allowed, cum_weights=self._allowed_cum[id(allowed)])[0]

    # --- providers and locations -----------------------------------------------------

    def setup_providers(self, count: int) -> None:
        self.providers = build_providers(
            rng=self.rng,
            region=self.region,
            areas=list(self.areas.values()),
            count=count,
            key_prefix=self.prefix,
        )
        self.locals_by_type: dict[str, list[Provider]] = {}
        self.city_by_type: dict[str, list[Provider]] = {}
        for p in self.providers:
            target = self.locals_by_type if p.local else self.city_by_type
            target.setdefault(p.type, []).append(p)
        self.kinds_by_type: dict[str, list[OfferKind]] = {}
        for k in self.kinds:
            for t in k.providers:
                self.kinds_by_type.setdefault(t, []).append(k)
        self.kind_weights = [k.weight for k in self.kinds]

    def location(self, provider: Provider, code: str) -> LocationRecord:
        key = (provider.record.key, code)
        loc = self.locations.get(key)
        if loc is None:
            area = self.areas[code]
            rng = self.rng
            if provider.local:
                name = provider.record.name
            elif provider.type in {"jugendamt", "gesundheitsamt", "vhs", "jobcenter"}:
                name = f"{provider.record.short_name} – Standort {area.name}"
            else:
                pattern = rng.choice(vocab.FACILITY_NAMES)
                name = f"{provider.record.short_name} – {pattern.format(ort=area.name)}"
            lon, lat = self.places.point_in(code, rng)
            loc = LocationRecord(
                key=f"{provider.record.key}-loc-{code}",
                organisation_key=provider.record.key,
                name=name,
                street=self.places.street(code, rng),
                postcode=self.region.postcode(area.name, rng),
                city=self.region.town(area.name),
                longitude=lon,
                latitude=lat,
                area_code=code,
            )
            self.locations[key] = loc
        return loc

    # --- one offer -------------------------------------------------------------------

    def _service_areas(
        self, kind: OfferKind, provider: Provider, code: str, phases: frozenset[str]
    ) -> tuple[str, list[tuple[str, str]]]:
        rng = self.rng
        service = rng.choice(kind.service)
        if service == "whole" and provider.local:
            service = "locations"
        if service not in {"areas", "outreach"}:
            return service, []
        allowed = set(self.allowed_areas(phases))
        group = self.areas[code].group
        level, group_level = self.region.area_level, self.region.group_level
        if (
            group
            and group_level
            and rng.random() < 0.3
            and all(c in allowed for c in self.groups[group])
        ):
            return service, [(group_level, group)]
        near = [code] + [c for c in self.places.neighbours(code)[:8] if c in allowed]
        return service, [(level, c) for c in near[: rng.randint(2, 5)]]

    def make_offer(
        self,
        kind: OfferKind,
        provider: Provider,
        code: str,
        age: tuple[int | None, int | None],
        *,
        title_template: str | None = None,
        target: str | None = None,
    ) -> OfferRecord:
        rng, region = self.rng, self.region
        area = self.areas[code]
        phases = phases_of(kind.pregnancy, *age)
        loc = self.location(provider, code)
        short = provider.record.short_name
        fmt = {
            "ort": area.name,
            "traeger": short,
            "stadt": region.town(area.name),
            "pass": region.pass_name,
            "zentrum": region.senior_word,
            "schule": provider.record.name if provider.type == "schule" else f"Schule {area.name}",
        }
        template = title_template or rng.choice(kind.titles)
        intro_index = None
        if "@" in template:
            # "Titel@1": this title only goes with intro number 1
            template, index = template.rsplit("@", 1)
            intro_index = int(index)
        title = template.format(**fmt)
        if "{" not in template:
            r = rng.random()
            if r < 0.2:
                title = f"{title} in {area.name}"
            elif r < 0.3 and not provider.local:
                title = f"{title} ({short})"
        languages = ["de"]
        if kind.languages and rng.random() < 0.5:
            languages += rng.sample(kind.languages, min(len(kind.languages), rng.randint(1, 3)))
        if provider.type == "mso":
            for stem, lang in MSO_LANGUAGES.items():
                if stem in provider.record.name and lang not in languages:
                    languages.append(lang)
        if region.key == "dus" and rng.random() < 0.02:
            languages.append(rng.choice(("ja", "el", "it", "es", "zh")))
        accessibility = []
        if rng.random() < 0.6:
            accessibility.append("stufenlos")
            if rng.random() < 0.6:
                accessibility.append("wc")
        for code_, chance in (
            ("leichte-sprache", 0.08),
            ("induktion", 0.04),
            ("gebaerdensprache", 0.03),
            ("blindenleitsystem", 0.02),
        ):
            if rng.random() < chance:
                accessibility.append(code_)
        if "gebaerdensprache" in accessibility:
            languages.append("sgn-de")
        access = list(kind.access)
        cost_note = ""
        if kind.fee:
            access.append("kostenpflichtig")
            if rng.random() < 0.8:
                access.append("ermaessigt-sozialpass")
            cost_note = text.cost_note(rng, pass_name=region.pass_name, schedule=kind.schedule)
        if kind.schedule == "course" and "anmeldung" not in access and "offen" not in access:
            access.append("anmeldung")
        childcare = rng.random() < kind.childcare
        intro = kind.intros[intro_index] if intro_index is not None else rng.choice(kind.intros)
        sentences = [intro.format(**fmt)]
        sentences += [
            d.format(**fmt)
            for d in rng.sample(kind.details, min(len(kind.details), rng.choice((1, 2, 2))))
        ]
        extra = text.logistics(
            rng=rng,
            access=access,
            languages=languages,
            childcare=childcare,
            accessibility=accessibility,
            pass_name=region.pass_name,
        )
        sentences += [s for s in extra if rng.random() < 0.75][:3]
        if region.flavour and rng.random() < (0.3 if region.is_kreis else 0.08):
            sentences.append(rng.choice(region.flavour))
        service, service_areas = self._service_areas(kind, provider, code, phases)
        sessions, note, by_appointment, closed = text.sessions(rng, kind.schedule)
        evidence = ""
        if len(kind.evidence) == 1:
            evidence = kind.evidence[0]
        else:
            for code_, needle in (("starke-eltern", "Starke Eltern"), ("triple-p", "Triple P")):
                if code_ in kind.evidence and needle in title:
                    evidence = code_
        valid_from = valid_until = None
        r = rng.random()
        if r < 0.12:
            valid_from = self.ref - timedelta(days=rng.randint(60, 900))
            valid_until = self.ref + timedelta(days=rng.randint(20, 400))
        elif r < 0.2:
            valid_from = self.ref - timedelta(days=rng.randint(0, 200))
        capacity = None
        if kind.capacity and rng.random() < 0.6:
            capacity = rng.randint(*kind.capacity) // 5 * 5 or 5
        role = rng.choice(vocab.CONTACT_ROLES)
        internal_role = rng.choice(vocab.INTERNAL_ROLES)
        interval_roll = rng.random()
        offer = OfferRecord(
            key=f"{self.prefix}-{len(self.offers) + 1:06d}",
            organisation_key=provider.record.key,
            status="published",
            title=title,
            description=" ".join(sentences),
            summary_plain=rng.choice(kind.plain) if kind.plain and rng.random() < 0.6 else "",
            kind=kind.key,
            pregnancy=kind.pregnancy,
            age_min_months=age[0],
            age_max_months=age[1],
            prevention_level=kind.levels[0] if rng.random() < 0.75 else rng.choice(kind.levels),
            dimensions=list(kind.dims)
            + (
                [rng.choice(("bildung", "gesundheit", "erziehung", "teilhabe"))]
                if rng.random() < 0.12
                else []
            ),
            participants=[kind.participants[0]]
            + [p for p in kind.participants[1:] if rng.random() < 0.5],
            transitions=list(kind.transitions) if rng.random() < 0.9 else [],
            target_groups=[target]
            if target
            else (
                rng.sample(kind.targets, min(len(kind.targets), rng.choice((0, 1, 1, 2))))
                if kind.targets
                else []
            ),
            topics=[kind.topics[0]] + [t for t in kind.topics[1:] if rng.random() < 0.45],
            settings=[kind.settings[0]] + [s for s in kind.settings[1:] if rng.random() < 0.3],
            formats=[kind.formats[0]] + [f for f in kind.formats[1:] if rng.random() < 0.35],
            access=access,
            cost_note=cost_note,
            languages=list(dict.fromkeys(languages)),
            accessibility=accessibility,
            childcare=childcare,
            funding=rng.sample(kind.funding, min(len(kind.funding), rng.choice((1, 1, 2)))),
            evidence_programme=evidence,
            location_keys=[loc.key],
            service_area_kind=service,
            service_areas=service_areas,
            schedule_note=note,
            by_appointment=by_appointment,
            closed_on_public_holidays=closed,
            sessions=sessions,
            valid_from=valid_from,
            valid_until=valid_until,
            capacity_per_year=capacity,
            public_contact_name=role,
            public_phone=self._phone(provider),
            public_email=text.contact_email(role, provider.domain),
            website=f"{provider.record.website}/angebote/{vocab.slugify(title)[:40]}",
            internal_contact_name=internal_role,
            internal_phone=self._phone(provider) + f"-{rng.randint(1, 9)}",
            internal_email=text.contact_email("intern-" + internal_role, provider.domain),
            internal_note=rng.choice(INTERNAL_NOTES) if rng.random() < 0.3 else "",
            # Most offers current, about 9 % overdue, a few hidden (6-month interval).
            last_confirmed_at=self.ref - timedelta(days=rng.randint(0, 548) * 400 // 548),
            confirmation_interval_months=6
            if interval_roll < 0.08
            else (24 if interval_roll < 0.12 else None),
            area_code=code,
        )
        self.offers.append(offer)
        return offer

    def _phone(self, provider: Provider) -> str:
        rng = self.rng
        return f"{provider.phone_prefix} 555 {rng.randint(10, 99)} {rng.randint(10, 99)}"

    # --- choosing who offers what where ---------------------------------------------------

    def first_offer(self, provider: Provider) -> None:
        rng = self.rng
        kinds = self.kinds_by_type.get(provider.type, [])
        if not kinds:
            return
        weights = [k.weight for k in kinds]
        for _ in range(12):
            kind = rng.choices(kinds, weights)[0]
            age = rng.choice(kind.ages)
            allowed = self.allowed_areas(phases_of(kind.pregnancy, *age))
            if provider.local:
                code = provider.record.home_area
                if code in allowed:
                    self.make_offer(kind, provider, code, age)
                    return
            elif allowed:
                self.make_offer(kind, provider, self.pick_area(allowed), age)
                return

    def random_offer(self) -> None:
        rng = self.rng
        for _ in range(20):
            kind = rng.choices(self.kinds, cum_weights=self._cum)[0]
            age = rng.choice(kind.ages)
            allowed = self.allowed_areas(phases_of(kind.pregnancy, *age))
            if not allowed:
                continue
            if rng.random() < 0.55:
                locals_ = self._candidates(kind, local=True)
                allowed_set = self._allowed_set(allowed)
                for _ in range(6 if locals_ else 0):
                    p = rng.choice(locals_)
                    if p.record.home_area in allowed_set:
                        self.make_offer(kind, p, p.record.home_area, age)
                        return
            city = self._candidates(kind, local=False)
            if city:
                self.make_offer(kind, rng.choice(city), self.pick_area(allowed), age)
                return

    def _candidates(self, kind: OfferKind, *, local: bool) -> list[Provider]:
        """Providers whose type runs ``kind`` (cached per kind)."""
        cache = self.__dict__.setdefault("_candidate_cache", {})
        key = (kind.key, local)
        if key not in cache:
            source = self.locals_by_type if local else self.city_by_type
            cache[key] = [p for t in kind.providers for p in source.get(t, ())]
        return cache[key]

    def _allowed_set(self, allowed: list[str]) -> set[str]:
        key = id(allowed)
        cache = self.__dict__.setdefault("_allowed_sets", {})
        if key not in cache:
            cache[key] = set(allowed)
        return cache[key]

    def plant_overlaps(self) -> list[OverlapCluster]:
        rng = self.rng
        clusters = []
        for kind_key, area_name, n, lo, hi, target in self.region.overlap_spec:
            kind = self.kind_by_key[kind_key]
            phases = phases_of(kind.pregnancy, lo, hi)
            allowed = self.allowed_areas(phases)
            code = self.by_name.get(area_name)
            if code not in allowed:
                code = rng.choice(allowed)
            types = set(kind.providers)
            here = [p for p in self.providers if p.type in types and p.record.home_area == code]
            city = [p for p in self.providers if p.type in types and not p.local]
            # Mix providers from the area itself with city-wide ones.
            chosen = rng.sample(here, min(len(here), n // 2))
            chosen += rng.sample(city, min(len(city), n - len(chosen)))
            titles = list(kind.titles)
            rng.shuffle(titles)
            keys = []
            for i, provider in enumerate(chosen):
                offer = self.make_offer(
                    kind,
                    provider,
                    code,
                    (lo, hi),
                    title_template=titles[i % len(titles)],
                    target=target,
                )
                offer.service_area_kind = "locations"
                offer.service_areas = []
                offer.topics = [kind.topics[0]]
                keys.append(offer.key)
            clusters.append(
                OverlapCluster(
                    area_code=code,
                    area_name=self.areas[code].name,
                    kind=kind.key,
                    life_phase=main_phase(kind.pregnancy, lo, hi),
                    offer_keys=tuple(keys),
                )
            )
        return clusters

    def plant_duplicates(self, count: int, exclude: set[str]) -> list[DuplicatePair]:
        rng = self.rng
        candidates = [o for o in self.offers if o.status == "published" and o.key not in exclude]
        pairs = []
        for original in rng.sample(candidates, min(count, len(candidates))):
            sentences = original.description.split(". ")
            description = (
                ". ".join(sentences[:-1]) + "." if len(sentences) > 2 else original.description
            )
            copy = replace(
                original,
                key=f"{self.prefix}-{len(self.offers) + 1:06d}",
                title=text.respell(original.title, rng),
                description=description,
                last_confirmed_at=self.ref - timedelta(days=rng.randint(0, 400)),
                sessions=list(original.sessions),
            )
            self.offers.append(copy)
            pairs.append(DuplicatePair(original_key=original.key, duplicate_key=copy.key))
        return pairs

    def assign_statuses(self, planted_keys: set[str]) -> None:
        rng = self.rng
        names = [s for s, _ in STATUS_SHARES]
        cum, total = [], 0.0
        for _, share in STATUS_SHARES:
            total += share
            cum.append(total)
        for offer in self.offers:
            status = rng.choices(names, cum_weights=cum)[0]
            if offer.key in planted_keys:
                continue
            offer.status = status
            if status == "archived":
                offer.valid_until = self.ref - timedelta(days=rng.randint(10, 300))
                offer.valid_from = offer.valid_until - timedelta(days=rng.randint(180, 900))


def generate_dataset(
    *,
    region: Region,
    areas: Sequence[AreaInput],
    offers: int,
    seed: int = 2024,
    reference_date: date | None = None,
    providers: int | None = None,
    key_prefix: str | None = None,
) -> GeneratedDataset:
    """Generate ``offers`` offers (all statuses) for ``region`` over ``areas``.

    Pure and deterministic: the same arguments give the same records. ``areas`` are
    the finest areas locations are placed in (Stadtteile, Gemeinden) with polygons.
    ``reference_date`` (default: today) anchors confirmation and validity dates.
    External ids start with ``key_prefix`` (default ``demo-<region key>``).
    """
    if not areas:
        raise ValueError("The generator needs at least one area with a polygon.")
    ref = reference_date or date.today()
    builder = _Builder(
        region=region, areas=areas, seed=seed, ref=ref, prefix=key_prefix or f"demo-{region.key}"
    )
    planted = Planted(gaps=builder.plant_gaps())
    planted_budget = 0
    if offers >= 300:
        planted_budget = sum(spec[2] for spec in region.overlap_spec) + region.duplicates
    n_providers = providers or max(region.min_providers, offers // 10)
    n_providers = max(1, min(n_providers, offers - planted_budget))
    builder.setup_providers(n_providers)
    cum, total = [], 0.0
    for w in builder.kind_weights:
        total += w
        cum.append(total)
    builder._cum = cum
    for provider in builder.providers:
        if len(builder.offers) >= offers - planted_budget:
            break
        builder.first_offer(provider)
    overlaps: list[OverlapCluster] = []
    if planted_budget:
        overlaps = builder.plant_overlaps()
    regular_target = offers - (region.duplicates if planted_budget else 0)
    while len(builder.offers) < regular_target:
        builder.random_offer()
    cluster_keys = {k for c in overlaps for k in c.offer_keys}
    builder.assign_statuses(cluster_keys)
    duplicates: list[DuplicatePair] = []
    if planted_budget:
        duplicates = builder.plant_duplicates(region.duplicates, cluster_keys)
    planted.overlaps = overlaps
    planted.duplicates = duplicates
    return GeneratedDataset(
        organisations=[p.record for p in builder.providers],
        locations=list(builder.locations.values()),
        offers=builder.offers,
        planted=planted,
        seed=seed,
        reference_date=ref,
    )


__all__ = ["CITY_TYPES", "generate_dataset", "main_phase", "phases_of"]
