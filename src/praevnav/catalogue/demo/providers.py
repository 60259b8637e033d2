"""Region profiles (Düsseldorf, Kreis Düren) and the composition of provider names.

A provider (Träger) has a *type* that decides which offer kinds it runs (see
``OfferKind.providers``) and a *scope*: city-wide providers (welfare associations,
municipal departments, counselling centres) open locations wherever they run
offers; local providers (Kitas, schools, clubs, parishes …) live in one area.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from praevnav.catalogue.demo import vocab
from praevnav.catalogue.demo.records import AreaInput, OrganisationRecord

CITY_TYPES = {
    "wohlfahrt", "familienbildung", "kinderschutzbund", "jugendamt", "gesundheitsamt",
    "vhs", "jobcenter", "beratung",
}  # fmt: skip

# Share of local providers per type (the rest of the provider budget after city ones).
LOCAL_TYPE_WEIGHTS = {
    "kita": 24, "verein": 15, "sportverein": 12, "schule": 12, "kirche": 8,
    "jugendzentrum": 8, "mso": 7, "hebamme": 5, "zentrum_plus": 5, "bibliothek": 4,
}  # fmt: skip

LEGAL_STATUS = {
    "wohlfahrt": "eingetragener Verein (Spitzenverband der Freien Wohlfahrtspflege)",
    "familienbildung": "anerkannte Einrichtung der Weiterbildung",
    "kinderschutzbund": "eingetragener Verein",
    "jugendamt": "öffentlicher Träger (Kommune)",
    "gesundheitsamt": "öffentlicher Träger (Kommune)",
    "vhs": "öffentlicher Träger (Kommune)",
    "jobcenter": "gemeinsame Einrichtung nach § 44b SGB II",
    "beratung": "eingetragener Verein",
    "kita": "Träger der freien Jugendhilfe",
    "verein": "eingetragener Verein (Mitglied im Paritätischen)",
    "sportverein": "eingetragener Verein",
    "schule": "öffentliche Schule",
    "kirche": "Körperschaft des öffentlichen Rechts",
    "jugendzentrum": "Träger der freien Jugendhilfe",
    "mso": "eingetragener Verein (Migrantenselbstorganisation)",
    "hebamme": "freiberufliche Praxis",
    "zentrum_plus": "Einrichtung eines Wohlfahrtsverbands",
    "bibliothek": "öffentlicher Träger (Kommune)",
}


@dataclass(frozen=True)
class Region:
    """Everything place-specific the generator needs."""

    key: str  # short id used in external ids, e.g. "dus"
    city: str  # "Düsseldorf"; for a Kreis the Kreis name
    is_kreis: bool
    pass_name: str  # the local social pass, e.g. "Düsselpass"
    default_phone_prefix: str
    # (name, short name, type) of the city- or Kreis-wide providers
    city_providers: tuple[tuple[str, str, str], ...]
    streets: tuple[str, ...]
    postcodes: dict[str, tuple[str, ...]]
    phone_prefixes: dict[str, str] = field(default_factory=dict)
    # (life phase code, area names) – deliberate gaps
    gap_spec: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # (kind, area name, number of providers, age min, age max, target group)
    overlap_spec: tuple[tuple[str, str, int, int | None, int | None, str], ...] = ()
    duplicates: int = 10
    min_providers: int = 150
    flavour: tuple[str, ...] = ()
    # Area levels: where locations lie, and the coarser unit of ``AreaInput.group``.
    area_level: str = "stadtteil"
    group_level: str = "stadtbezirk"
    senior_centre: str = "zentrum plus {ort}"
    senior_word: str = "zentrum plus"
    library: str = "Stadtteilbücherei {ort}"

    def postcode(self, area_name: str, rng: random.Random) -> str:
        codes = self.postcodes.get(area_name)
        return rng.choice(codes) if codes else "40" + f"{rng.randint(200, 699)}"

    def phone_prefix(self, area_name: str) -> str:
        return self.phone_prefixes.get(area_name, self.default_phone_prefix)

    def town(self, area_name: str) -> str:
        """The postal town of an address in ``area_name``."""
        return area_name if self.is_kreis else self.city


DUESSELDORF = Region(
    key="dus",
    city="Düsseldorf",
    is_kreis=False,
    pass_name="Düsselpass",
    default_phone_prefix="0211",
    city_providers=(
        ("Caritasverband Düsseldorf e. V.", "Caritas", "wohlfahrt"),
        ("Diakonie Düsseldorf", "Diakonie", "wohlfahrt"),
        ("Arbeiterwohlfahrt Düsseldorf e. V.", "AWO", "wohlfahrt"),
        ("Deutsches Rotes Kreuz Kreisverband Düsseldorf e. V.", "DRK", "wohlfahrt"),
        ("Sozialdienst katholischer Frauen und Männer Düsseldorf e. V.", "SKFM", "wohlfahrt"),
        ("Deutscher Paritätischer Wohlfahrtsverband", "Der Paritätische", "wohlfahrt"),
        ("Evangelische Jugend- und Familienhilfe Rheinbogen gGmbH", "EJF Rheinbogen", "wohlfahrt"),
        ("Evangelische Familienbildungsstätte Düsseldorf", "Ev. FBS", "familienbildung"),
        (
            "Katholisches Bildungsforum – Familienbildungsstätte Düsseldorf",
            "Kath. FBS",
            "familienbildung",
        ),
        ("AWO Familienbildung Düsseldorf", "AWO Familienbildung", "familienbildung"),
        (
            "Deutscher Kinderschutzbund Ortsverband Düsseldorf e. V.",
            "Kinderschutzbund",
            "kinderschutzbund",
        ),
        ("Jugendamt Düsseldorf – Koordinierungsstelle Frühe Hilfen", "Frühe Hilfen", "jugendamt"),
        ("Jugendamt Düsseldorf – Bezirkssozialdienst", "Bezirkssozialdienst", "jugendamt"),
        ("Jugendamt Düsseldorf – Abteilung Jugendförderung", "Jugendförderung", "jugendamt"),
        (
            "Gesundheitsamt Düsseldorf – Kinder- und Jugendgesundheitsdienst",
            "KJGD",
            "gesundheitsamt",
        ),
        (
            "Gesundheitsamt Düsseldorf – Zahnärztlicher Dienst",
            "Zahnärztlicher Dienst",
            "gesundheitsamt",
        ),
        ("Gesundheitsamt Düsseldorf – Sozialpsychiatrischer Dienst", "SpDi", "gesundheitsamt"),
        ("Volkshochschule Düsseldorf", "VHS", "vhs"),
        ("Jobcenter Düsseldorf – Jugendberufsagentur", "Jugendberufsagentur", "jobcenter"),
        ("Jobcenter Düsseldorf – Team Wiedereinstieg", "Jobcenter", "jobcenter"),
    ),
    streets=vocab.STREETS_DUESSELDORF,
    postcodes=vocab.POSTCODES_DUESSELDORF,
    gap_spec=(
        ("65plus", ("Hafen", "Hubbelrath", "Knittkuhl", "Lierenfeld", "Flehe")),
        ("10-16", ("Hassels", "Volmerswerth", "Lohausen", "Itter")),
        ("0-3", ("Himmelgeist", "Kalkum")),
        ("schwangerschaft", ("Ludenberg", "Angermund")),
    ),
    overlap_spec=(
        ("babytreff", "Oberbilk", 4, 0, 36, "zugewanderte"),
        ("hausaufgabenhilfe", "Garath", 3, 72, 120, "geringes-einkommen"),
        ("seniorentreff", "Benrath", 3, 780, None, "aeltere-alleinlebende"),
        ("bewerbungstraining", "Flingern Süd", 3, 192, 324, "arbeitslose"),
        ("sprachkurs", "Eller", 3, 216, 780, "zugewanderte"),
        ("elternkurs", "Rath", 3, 24, 144, "alleinerziehende"),
    ),
    duplicates=12,
    min_providers=150,
    flavour=(
        "Das Angebot ist Teil des Düsseldorfer Präventionsnetzwerks.",
        "Das Angebot wird im Rahmen des Düsseldorfer Präventionsnavigators gepflegt.",
    ),
)

KREIS_DUEREN = Region(
    key="dn",
    city="Kreis Düren",
    is_kreis=True,
    pass_name="Sozialpass",
    default_phone_prefix="02421",
    city_providers=(
        ("Caritasverband für die Region Düren-Jülich e. V.", "Caritas", "wohlfahrt"),
        ("Diakonisches Werk des Evangelischen Kirchenkreises Jülich", "Diakonie", "wohlfahrt"),
        ("AWO Kreisverband Düren e. V.", "AWO", "wohlfahrt"),
        ("DRK-Kreisverband Düren e. V.", "DRK", "wohlfahrt"),
        ("Sozialdienst katholischer Frauen Düren e. V.", "SkF", "wohlfahrt"),
        (
            "Katholisches Forum für Erwachsenen- und Familienbildung Düren",
            "Kath. Forum",
            "familienbildung",
        ),
        (
            "Evangelische Familienbildung im Kirchenkreis Jülich",
            "Ev. Familienbildung",
            "familienbildung",
        ),
        (
            "Deutscher Kinderschutzbund Kreisverband Düren e. V.",
            "Kinderschutzbund",
            "kinderschutzbund",
        ),
        ("Amt für Kinder, Jugend und Familie des Kreises Düren", "Kreisjugendamt", "jugendamt"),
        ("Präventionsbüro „Gut aufwachsen im Kreis Düren“", "Präventionsbüro", "jugendamt"),
        ("Gesundheitsamt des Kreises Düren", "Gesundheitsamt", "gesundheitsamt"),
        ("VHS Rur-Eifel", "VHS Rur-Eifel", "vhs"),
        ("Volkshochschule Jülicher Land", "VHS Jülicher Land", "vhs"),
        ("Jobcenter Kreis Düren", "Jobcenter", "jobcenter"),
    ),
    streets=vocab.STREETS_KREIS_DUEREN,
    postcodes={name: spec[0] for name, spec in vocab.KREIS_DUEREN_TOWNS.items()},
    phone_prefixes={name: spec[1] for name, spec in vocab.KREIS_DUEREN_TOWNS.items()},
    gap_spec=(
        ("65plus", ("Heimbach", "Vettweiß")),
        ("10-16", ("Titz", "Hürtgenwald")),
    ),
    overlap_spec=(
        ("babytreff", "Düren", 3, 0, 36, "junge-eltern"),
        ("hausaufgabenhilfe", "Jülich", 3, 72, 120, "geringes-einkommen"),
    ),
    duplicates=4,
    min_providers=40,
    flavour=(
        "Das Angebot ist Teil der Präventionskette „Gut aufwachsen im Kreis Düren“.",
        "Das Angebot entstand in Zusammenarbeit mit dem Präventionsbüro des Kreises Düren.",
        "Ein Baustein von „Gut aufwachsen im Kreis Düren“.",
    ),
    area_level="gemeinde",
    group_level="",
    senior_centre="Seniorenbegegnungsstätte {ort}",
    senior_word="Mehrgenerationenhaus",
    library="Gemeindebücherei {ort}",
)

REGIONS = {"duesseldorf": DUESSELDORF, "kreis-dueren": KREIS_DUEREN}


@dataclass
class Provider:
    record: OrganisationRecord
    type: str
    local: bool
    domain: str
    phone_prefix: str


def _unique(name: str, taken: set[str], area_name: str, n: int) -> str:
    if name not in taken:
        return name
    for candidate in (f"{name} ({area_name})", f"{name} {area_name} II"):
        if candidate not in taken:
            return candidate
    return f"{name} – Standort {n}"


def _local_name(rng: random.Random, region: Region, ptype: str, area: AreaInput) -> str:
    ort = area.name
    if ptype == "kita":
        return rng.choice(
            (
                f"Familienzentrum Kita {rng.choice(vocab.KITA_NAMES)}",
                f"Städtische Kindertagesstätte {rng.choice(vocab.STREETS_GENERIC)}",
                f"Kath. Familienzentrum {rng.choice(vocab.PATRONS)}",
                f"Ev. Familienzentrum {rng.choice(vocab.PROTESTANT_CHURCHES)}",
                f"AWO-Kita {rng.choice(vocab.KITA_NAMES)}",
                f"Elterninitiative {rng.choice(vocab.KITA_NAMES)} e. V.",
            )
        )
    if ptype == "schule":
        long, _short = rng.choice(vocab.SCHOOL_TYPES)
        if rng.random() < 0.5:
            return f"{long} {rng.choice(vocab.STREETS_GENERIC)}"
        suffix = {
            "Gemeinschaftsgrundschule": "Grundschule",
            "Katholische Grundschule": "Grundschule",
            "Städtische Realschule": "Realschule",
            "Städtische Gesamtschule": "Gesamtschule",
            "Städtisches Gymnasium": "Gymnasium",
            "Städtische Hauptschule": "Hauptschule",
            "Förderschule": "Förderschule",
            "Berufskolleg": "Berufskolleg",
        }[long]
        return f"{rng.choice(vocab.SCHOOL_PERSONS)}-{suffix} {ort}"
    if ptype == "sportverein":
        return f"{rng.choice(vocab.CLUB_PREFIXES)} {ort} {rng.randint(1862, 1978)} e. V."
    if ptype == "hebamme":
        if rng.random() < 0.6:
            return f"Hebammenpraxis {rng.choice(vocab.MIDWIFE_NAMES)}"
        return f"Hebammengemeinschaft {ort}"
    if ptype == "zentrum_plus":
        return region.senior_centre.format(ort=ort)
    if ptype == "mso":
        return f"{rng.choice(vocab.MSO_NAMES)} {ort} e. V."
    if ptype == "verein":
        return rng.choice(vocab.VEREIN_PATTERNS).format(ort=ort)
    if ptype == "jugendzentrum":
        return rng.choice(vocab.YOUTH_CENTRE_PATTERNS).format(ort=ort)
    if ptype == "kirche":
        if rng.random() < 0.5:
            return f"Kath. Kirchengemeinde {rng.choice(vocab.PATRONS)} {ort}"
        return f"Ev. Kirchengemeinde {ort}"
    if ptype == "bibliothek":
        return region.library.format(ort=ort)
    raise ValueError(f"unknown provider type {ptype}")


def _short(name: str) -> str:
    short = name.replace(" e. V.", "").replace(" gGmbH", "")
    return short if len(short) <= 40 else short[:38].rsplit(" ", 1)[0]


def build_providers(
    *,
    rng: random.Random,
    region: Region,
    areas: Sequence[AreaInput],
    count: int,
    key_prefix: str = "",
) -> list[Provider]:
    """``count`` providers: the region's city-wide ones, counselling centres, then
    local providers spread round-robin over the (shuffled) areas."""
    taken: set[str] = set()
    providers: list[Provider] = []

    def add(name: str, short: str, ptype: str, home: AreaInput | None) -> None:
        name = _unique(name, taken, home.name if home else region.city, len(providers))
        taken.add(name)
        n = len(providers) + 1
        public = ptype in {"jugendamt", "gesundheitsamt", "vhs", "jobcenter", "bibliothek"}
        domain = "beispiel-kommune.de" if public else "beispiel-traeger.de"
        slug = vocab.slugify(short if ptype in CITY_TYPES else name)
        prefix = region.phone_prefix(home.name) if home else region.default_phone_prefix
        record = OrganisationRecord(
            key=f"{key_prefix or 'demo-' + region.key}-org-{n:04d}",
            name=name,
            short_name=short,
            kind=ptype,
            legal_status=LEGAL_STATUS[ptype],
            description="",
            website=f"https://{slug}.{domain}",
            email=f"kontakt@{slug}.{domain}",
            phone=f"{prefix} 555 {rng.randint(10, 99)} {rng.randint(10, 99)}",
            home_area=home.code if home else "",
        )
        providers.append(
            Provider(
                record=record,
                type=ptype,
                local=home is not None,
                domain=f"{slug}.{domain}",
                phone_prefix=prefix,
            )
        )

    stadt = region.city.replace("Kreis ", "") if region.is_kreis else region.city
    for name, short, ptype in region.city_providers:
        add(name, short, ptype, None)
    for pattern, short in vocab.COUNSELLING_CENTRES:
        add(pattern.format(stadt=stadt), short, "beratung", None)
    # Every area gets a local provider first; the rest follow the area weights.
    order = list(areas)
    rng.shuffle(order)
    budget = max(0, count - len(providers) - len(order))
    order += rng.choices(list(areas), [a.weight for a in areas], k=budget)
    types = list(LOCAL_TYPE_WEIGHTS)
    weights = [LOCAL_TYPE_WEIGHTS[t] for t in types]
    senior_centres: set[str] = set()
    i = 0
    while len(providers) < count:
        area = order[i % len(order)]
        i += 1
        ptype = rng.choices(types, weights)[0]
        if ptype in {"zentrum_plus", "bibliothek"}:
            # At most one per area; pick another type instead.
            key = f"{ptype}:{area.code}"
            if key in senior_centres:
                ptype = "verein"
            senior_centres.add(key)
        name = _local_name(rng, region, ptype, area)
        add(name, _short(name), ptype, area)
    for provider in providers:
        provider.record.description = _describe(provider, region)
    return providers


def _describe(provider: Provider, region: Region) -> str:
    texts = {
        "wohlfahrt": f"Wohlfahrtsverband mit Beratung, Treffs und Diensten in {region.city}.",
        "familienbildung": "Familienbildung für Eltern und Kinder: Kurse, Treffs und Vorträge.",
        "kinderschutzbund": "Setzt sich für die Rechte von Kindern ein; Beratung und Elternkurse.",
        "jugendamt": "Öffentliche Jugendhilfe: Schutz, Beratung und Förderung von Familien.",
        "gesundheitsamt": "Öffentlicher Gesundheitsdienst: Beratung, Untersuchung, Prävention.",
        "vhs": "Weiterbildung für alle: Sprachen, Gesundheit, Beruf und Gesellschaft.",
        "jobcenter": "Grundsicherung für Arbeitsuchende; Beratung und Vermittlung in Arbeit.",
        "beratung": f"Fachberatungsstelle für Menschen in {region.city}.",
    }
    return texts.get(provider.type, "Angebote für Menschen im Stadtteil und in der Nachbarschaft.")
