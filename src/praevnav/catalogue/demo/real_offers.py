"""The 36 real integration-counselling offers of Düsseldorf (open-data CSV).

File: ``DATA_DIR/duesseldorf/angebote/integrationsberatung_duesseldorf.csv``
(``;``-separated, UTF-8 with or without BOM). Each row becomes one published offer
of the organisation in ``NAME`` at a location with the row's real coordinates;
the loader assigns the areas by point-in-polygon. A broken row raises
:class:`RealOffersError` naming the file and line; nothing is returned then.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from praevnav.catalogue.demo import vocab
from praevnav.catalogue.demo.records import (
    LocationRecord,
    OfferRecord,
    OrganisationRecord,
    SessionRecord,
)

RELATIVE_PATH = Path("duesseldorf") / "angebote" / "integrationsberatung_duesseldorf.csv"
KEY_PREFIX = "duesseldorf-integrationsberatung"
REQUIRED_COLUMNS = (
    "LATITUDE", "LONGITUDE", "ART", "NAME", "EINRICHTUNG", "STRASSE", "HAUSNUMMER", "PLZ",
    "STADT", "STADTTEIL", "TELEFON", "URL",
)  # fmt: skip
# Düsseldorf lies within this box; coordinates outside are a broken row.
LAT_RANGE, LON_RANGE = (51.0, 51.5), (6.5, 7.1)


class RealOffersError(ValueError):
    """A malformed file or row; the message names file, line and reason."""


@dataclass(frozen=True)
class ArtProfile:
    description: str
    age: tuple[int | None, int | None]
    languages: tuple[str, ...]
    topics: tuple[str, ...]
    level: str
    funding: tuple[str, ...]
    participants: tuple[str, ...] = ("erwachsene", "familie")


ADULT = (16 * 12, None)
PROFILES = {
    "Welcome Point": ArtProfile(
        "Der Welcome Point ist eine Anlaufstelle im Stadtteil für neu zugewanderte Menschen "
        "und ihre Familien. Hier gibt es eine erste Orientierung: Fragen zu Behörden, "
        "Sprachkursen, Kita und Schule werden beantwortet, und das Team vermittelt in "
        "passende Beratungs- und Begegnungsangebote in der Nachbarschaft.",
        ADULT, ("en", "ar", "fa", "uk", "ru"), ("migrationsberatung", "begegnung"),
        "universell", ("kommunal",),
    ),
    "Integrationsagentur": ArtProfile(
        "Die Integrationsagentur unterstützt Zugewanderte und ihre Familien dabei, im "
        "Stadtteil Fuß zu fassen und mitzugestalten. Schwerpunkte sind "
        "Antidiskriminierungsarbeit, bürgerschaftliches Engagement, interkulturelle Öffnung "
        "von Einrichtungen und Projekte im Sozialraum.",
        ADULT, ("en", "tr"), ("migrationsberatung", "ehrenamt"), "universell", ("land-nrw",),
    ),
    "Welcome Center": ArtProfile(
        "Das Welcome Center ist eine zentrale Anlaufstelle für Geflüchtete und "
        "Neuzugewanderte. Beraten wird zu Aufenthalt, Wohnen, Arbeit, Gesundheit und "
        "Bildung; bei Bedarf begleitet das Team zu Ämtern und vermittelt Dolmetschende.",
        ADULT, ("en", "ar", "uk", "ru", "fa", "ti"), ("migrationsberatung", "sozialberatung"),
        "selektiv", ("kommunal", "land-nrw"),
    ),
    "Jugendmigrationsdienst": ArtProfile(
        "Der Jugendmigrationsdienst begleitet junge Menschen mit Migrationsgeschichte "
        "zwischen 12 und 27 Jahren: bei Schule, Sprachkurs, Ausbildung und Beruf und in "
        "allen Fragen des Ankommens.",
        (12 * 12, 27 * 12), ("en", "ar", "fa"),
        ("migrationsberatung", "berufsorientierung"), "selektiv", ("eigenmittel",), ("kind",),
    ),
    "Sinti-Beratung": ArtProfile(
        "Die Beratungsstelle unterstützt Sinti-Familien in allen Lebenslagen: bei Schule "
        "und Ausbildung der Kinder, Arbeit, Wohnen und im Kontakt mit Behörden.",
        ADULT, (), ("migrationsberatung", "sozialberatung"), "selektiv", ("kommunal",),
    ),
    "Integration Point Düsseldorf": ArtProfile(
        "Der Integration Point unterstützt Geflüchtete beim Einstieg in Ausbildung und "
        "Arbeit: Anerkennung von Abschlüssen, Sprachförderung, Beratung und Vermittlung "
        "aus einer Hand.",
        ADULT, ("en", "ar", "uk"), ("migrationsberatung", "arbeitsmarkt"), "selektiv",
        ("esf",), ("erwachsene",),
    ),
    "Fokusteam Flüchtlinge": ArtProfile(
        "Das Fokusteam Flüchtlinge berät geflüchtete Menschen, die Leistungen nach dem SGB "
        "II erhalten, auf dem Weg in Arbeit und Ausbildung.",
        ADULT, ("en", "ar", "fa"), ("migrationsberatung", "arbeitsmarkt"), "selektiv",
        ("esf",), ("erwachsene",),
    ),
}  # fmt: skip
DEFAULT_PROFILE = ArtProfile(
    "Beratung und Begleitung für zugewanderte Menschen und ihre Familien.",
    ADULT,
    ("en",),
    ("migrationsberatung",),
    "universell",
    ("kommunal",),
)


@dataclass
class RealOffers:
    organisations: list[OrganisationRecord]
    locations: list[LocationRecord]
    offers: list[OfferRecord]


def _coordinate(value: str, name: str, bounds: tuple[float, float], where: str) -> float:
    try:
        number = float(value.strip().replace(",", "."))
    except ValueError:
        raise RealOffersError(f"{where}: {name} “{value}” is not a number")
    if not bounds[0] <= number <= bounds[1]:
        raise RealOffersError(f"{where}: {name} {number} lies outside Düsseldorf")
    return number


def read_integration_offers(path: Path, *, reference_date: date | None = None) -> RealOffers:
    """Read the integration-counselling CSV into organisation, location and offer records."""
    ref = reference_date or date.today()
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise RealOffersError(f"{path}: cannot be read ({exc.strerror})")
    with handle:
        try:
            rows = list(csv.reader(handle, delimiter=";"))
        except (csv.Error, UnicodeDecodeError) as exc:
            raise RealOffersError(f"{path}: not a readable ;-separated CSV ({exc})")
    if not rows:
        raise RealOffersError(f"{path}: the file is empty")
    header = [h.strip() for h in rows[0]]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise RealOffersError(f"{path}, line 1: missing columns {', '.join(missing)}")
    organisations: dict[str, OrganisationRecord] = {}
    locations: dict[tuple[str, str], LocationRecord] = {}
    offers: list[OfferRecord] = []
    for line_no, raw in enumerate(rows[1:], start=2):
        where = f"{path}, line {line_no}"
        if not any(cell.strip() for cell in raw):
            continue
        if len(raw) != len(header):
            raise RealOffersError(
                f"{where}: {len(raw)} fields instead of {len(header)} (check the “;”)"
            )
        row = {h: cell.strip() for h, cell in zip(header, raw, strict=True)}
        for column in ("ART", "NAME", "STRASSE", "STADTTEIL"):
            if not row[column]:
                raise RealOffersError(f"{where}: {column} is empty")
        lat = _coordinate(row["LATITUDE"], "LATITUDE", LAT_RANGE, where)
        lon = _coordinate(row["LONGITUDE"], "LONGITUDE", LON_RANGE, where)
        if row["PLZ"] and not (row["PLZ"].isdigit() and len(row["PLZ"]) == 5):
            raise RealOffersError(f"{where}: PLZ “{row['PLZ']}” is not a five-digit postcode")
        n = len(offers) + 1
        org_key = f"{KEY_PREFIX}-org-{vocab.slugify(row['NAME'])}"
        if org_key not in organisations:
            organisations[org_key] = OrganisationRecord(
                key=org_key, name=row["NAME"], short_name=row["NAME"][:80], kind="real"
            )
        street = f"{row['STRASSE']} {row['HAUSNUMMER']}".strip()
        loc_id = (org_key, street)
        if loc_id not in locations:
            locations[loc_id] = LocationRecord(
                key=f"{KEY_PREFIX}-loc-{len(locations) + 1}",
                organisation_key=org_key,
                name=row["EINRICHTUNG"] or f"{row['NAME']} – {row['ART']} {row['STADTTEIL']}",
                street=street,
                postcode=row["PLZ"],
                city=row["STADT"] or "Düsseldorf",
                longitude=lon,
                latitude=lat,
                area_code=row.get("STADTTEILNR", ""),
            )
        location = locations[loc_id]
        profile = PROFILES.get(row["ART"], DEFAULT_PROFILE)
        title = row["ART"]
        title += f" – {row['EINRICHTUNG']}" if row["EINRICHTUNG"] else f" {row['STADTTEIL']}"
        offers.append(
            OfferRecord(
                key=f"{KEY_PREFIX}-{n}",
                organisation_key=org_key,
                status="published",
                title=title[:250],
                description=f"{profile.description} Träger: {row['NAME']}, Standort "
                f"{row['STADTTEIL']}.",
                summary_plain="Beratung für Menschen, die neu in Düsseldorf sind.",
                age_min_months=profile.age[0],
                age_max_months=profile.age[1],
                prevention_level=profile.level,
                dimensions=["teilhabe"],
                participants=list(profile.participants),
                transitions=["schule-beruf"] if row["ART"] == "Jugendmigrationsdienst" else [],
                target_groups=["zugewanderte"],
                topics=list(profile.topics),
                settings=["beratungsstelle"],
                formats=["beratung"],
                access=["kostenlos"],
                languages=["de", *profile.languages],
                funding=list(profile.funding),
                location_keys=[location.key],
                service_area_kind="locations",
                schedule_note="Sprechzeiten und Termine bitte telefonisch erfragen.",
                by_appointment=True,
                sessions=[SessionRecord(1, "10:00", "12:00", "offene Sprechstunde")]
                if row["ART"] == "Welcome Point"
                else [],
                public_contact_name="Beratungsteam",
                public_phone=row["TELEFON"],
                website=row["URL"],
                last_confirmed_at=ref,
                area_code=row.get("STADTTEILNR", ""),
            )
        )
    if not offers:
        raise RealOffersError(f"{path}: no offers found")
    return RealOffers(
        organisations=list(organisations.values()),
        locations=list(locations.values()),
        offers=offers,
    )
