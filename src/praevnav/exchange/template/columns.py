# ruff: noqa: E501  (long German help texts stay on one line)
"""The columns of the German offer template, in file order.

Each column knows its German header, where its value goes in an ``OfferRecord`` and
how its cells are read. ``docs/import.md`` documents them one by one; the second sheet
of the downloadable XLSX lists the valid codes of every code column.
"""

from __future__ import annotations

from dataclasses import dataclass

from praevnav.taxonomy.enums import Vocabulary

# Kinds of cells: text, int, age (months, or years with the suffix "J"), bool,
# date, float, codes (several), code (one), sessions, json, status, area_kind.


@dataclass(frozen=True)
class Column:
    header: str
    key: str  # offer field, "org.…", "loc.…" or a special key
    kind: str = "text"
    level: str = "offer"  # offer | location
    vocabulary: str = ""  # for code columns: a Vocabulary value or "transition"
    required: bool = False
    help_de: str = ""
    help_en: str = ""


COLUMNS: tuple[Column, ...] = (
    Column(
        "Angebots-ID",
        "external_id",
        required=True,
        help_de="Eindeutige Kennung des Angebots beim Träger; Zeilen mit derselben ID bilden ein Angebot mit mehreren Standorten.",
        help_en="Unique id of the offer; rows sharing it form one offer with several locations.",
    ),
    Column(
        "Status",
        "status",
        "status",
        help_de="veröffentlicht, Entwurf, eingereicht oder archiviert (nur bei neuen Angeboten; leer = veröffentlicht).",
        help_en="published, draft, submitted or archived (new offers only; empty = published).",
    ),
    Column("Titel", "title", required=True, help_de="Name des Angebots.", help_en="Title."),
    Column(
        "Beschreibung",
        "description",
        required=True,
        help_de="Beschreibung.",
        help_en="Description.",
    ),
    Column(
        "Kurzbeschreibung Einfache Sprache",
        "summary_plain",
        help_de="Kurzfassung in Einfacher Sprache.",
        help_en="Summary in plain language.",
    ),
    Column(
        "Träger", "org.name", required=True, help_de="Name des Trägers.", help_en="Provider name."
    ),
    Column(
        "Träger-ID",
        "org.external_id",
        help_de="Kennung des Trägers (vorrangig vor dem Namen).",
        help_en="Provider id (matched before the name).",
    ),
    Column("Schwangerschaft", "pregnancy", "bool", help_de="ja/nein", help_en="yes/no (ja/nein)"),
    Column(
        "Alter von (Monate)",
        "age_min_months",
        "age",
        help_de="Alter in Monaten; mit Endung „J“ in Jahren, z. B. „3 J“ = 36.",
        help_en="Age in months; with the suffix “J” in years, e.g. “3 J” = 36.",
    ),
    Column(
        "Alter bis (Monate)",
        "age_max_months",
        "age",
        help_de="Obergrenze (ausschließlich), Monate oder „J“ für Jahre.",
        help_en="Upper bound (exclusive), months or “J” for years.",
    ),
    Column(
        "Präventionsdimensionen",
        "dimensions",
        "codes",
        vocabulary=Vocabulary.DIMENSION,
        required=True,
    ),
    Column("Präventionsebene", "prevention_level", "code", vocabulary=Vocabulary.PREVENTION_LEVEL),
    Column("Wer nimmt teil", "participants", "codes", vocabulary=Vocabulary.PARTICIPANT),
    Column("Übergänge", "transitions", "codes", vocabulary="transition"),
    Column("Zielgruppen", "target_groups", "codes", vocabulary=Vocabulary.TARGET_GROUP),
    Column("Themen", "topics", "codes", vocabulary=Vocabulary.TOPIC),
    Column("Settings", "settings", "codes", vocabulary=Vocabulary.SETTING),
    Column("Formate", "formats", "codes", vocabulary=Vocabulary.FORMAT),
    Column("Zugang/Kosten", "access_options", "codes", vocabulary=Vocabulary.ACCESS),
    Column("Kostenhinweis", "cost_note"),
    Column("Sprachen", "languages", "codes", vocabulary=Vocabulary.LANGUAGE),
    Column("Barrierefreiheit", "accessibility", "codes", vocabulary=Vocabulary.ACCESSIBILITY),
    Column("Kinderbetreuung", "childcare", "bool", help_de="ja/nein", help_en="yes/no"),
    Column("Förderprogramme", "funding_programmes", "codes", vocabulary=Vocabulary.FUNDING),
    Column(
        "Evidenzbasiertes Programm",
        "evidence_programme",
        "code",
        vocabulary=Vocabulary.EVIDENCE_PROGRAMME,
    ),
    Column(
        "Einzugsgebiet",
        "service_area_kind",
        "area_kind",
        help_de="standorte, gesamt, gebiete oder aufsuchend (leer = standorte).",
        help_en="standorte (at its locations), gesamt (whole municipality), gebiete (listed areas), aufsuchend (outreach).",
    ),
    Column(
        "Gebietscodes",
        "service_areas",
        "areas",
        help_de="Amtliche Gebietscodes als Ebene:Code, z. B. stadtteil:011; ein Code allein, wenn er eindeutig ist.",
        help_en="Official area codes as level:code, e.g. stadtteil:011; a bare code when unique.",
    ),
    Column(
        "Zeiten",
        "sessions",
        "sessions",
        level="location",
        help_de="Zeiten an diesem Standort: „Mo 09:00-12:00; Mi 14:00-17:00“, Hinweis in Klammern: „Di 10:00-11:00 (nur in der Schulzeit)“.",
        help_en="Times at this location: “Mo 09:00-12:00; Mi 14:00-17:00”, a note in brackets.",
    ),
    Column("Zeitenhinweis", "schedule_note"),
    Column("Nach Vereinbarung", "by_appointment", "bool", help_de="ja/nein", help_en="yes/no"),
    Column(
        "An Feiertagen geschlossen",
        "closed_on_public_holidays",
        "bool",
        help_de="ja/nein (leer = ja)",
        help_en="yes/no (empty = yes)",
    ),
    Column(
        "Gültig von",
        "valid_from",
        "date",
        help_de="TT.MM.JJJJ oder JJJJ-MM-TT",
        help_en="DD.MM.YYYY or ISO",
    ),
    Column(
        "Gültig bis",
        "valid_until",
        "date",
        help_de="TT.MM.JJJJ oder JJJJ-MM-TT",
        help_en="DD.MM.YYYY or ISO",
    ),
    Column("Plätze pro Jahr", "capacity_per_year", "int"),
    Column("Ansprechperson", "public_contact_name", help_de="öffentlich", help_en="public"),
    Column("Telefon", "public_phone", help_de="öffentlich", help_en="public"),
    Column("E-Mail", "public_email", help_de="öffentlich", help_en="public"),
    Column("Website", "website"),
    Column(
        "Interne Ansprechperson",
        "internal_contact_name",
        help_de="nur für Fachkräfte",
        help_en="professionals only",
    ),
    Column(
        "Internes Telefon",
        "internal_phone",
        help_de="nur für Fachkräfte",
        help_en="professionals only",
    ),
    Column(
        "Interne E-Mail",
        "internal_email",
        help_de="nur für Fachkräfte",
        help_en="professionals only",
    ),
    Column(
        "Interner Hinweis",
        "internal_note",
        help_de="nur für Fachkräfte",
        help_en="professionals only",
    ),
    Column(
        "Bestätigungsintervall (Monate)",
        "confirmation_interval_months",
        "int",
        help_de="leer = Vorgabe der Kommune",
        help_en="empty = the tenant's default",
    ),
    Column("Standort-ID", "loc.external_id", level="location"),
    Column("Standort-Name", "loc.name", level="location"),
    Column("Straße", "loc.street", level="location"),
    Column("PLZ", "loc.postcode", level="location"),
    Column("Ort", "loc.city", level="location"),
    Column(
        "Breitengrad",
        "loc.latitude",
        "float",
        level="location",
        help_de="WGS84, Dezimalpunkt oder -komma, z. B. 51,2277",
        help_en="WGS84, decimal point or comma",
    ),
    Column(
        "Längengrad",
        "loc.longitude",
        "float",
        level="location",
        help_de="WGS84, z. B. 6,7735",
        help_en="WGS84, e.g. 6.7735",
    ),
    Column(
        "Übersetzungen (JSON)",
        "translations",
        "json",
        help_de='Optional: [{"language": "en", "title": "…", "description": "…", "summary_plain": ""}]',
        help_en="Optional JSON list of translations.",
    ),
    Column(
        "Externe Begriffe (JSON)",
        "external_terms",
        "json",
        help_de='Optional: Begriffe fremder Taxonomien [{"taxonomy": "…", "code": "…", "name": "…"}]',
        help_en="Optional foreign taxonomy terms as JSON.",
    ),
)

HEADERS = [c.header for c in COLUMNS]
BY_KEY = {c.key: c for c in COLUMNS}


def _norm(header: str) -> str:
    return " ".join(str(header).replace("\ufeff", "").split()).casefold()


BY_NORMALISED_HEADER = {_norm(c.header): c for c in COLUMNS}


def column_for_header(header: object) -> Column | None:
    return BY_NORMALISED_HEADER.get(_norm(str(header or "")))


def header_of(field_name: str) -> str:
    """The German column header of an offer field (for messages); the field name otherwise."""
    column = BY_KEY.get(field_name)
    return column.header if column else field_name


STATUS_WORDS = {
    "published": "veröffentlicht",
    "draft": "Entwurf",
    "submitted": "eingereicht",
    "archived": "archiviert",
}
AREA_KIND_WORDS = {
    "locations": "standorte",
    "whole": "gesamt",
    "areas": "gebiete",
    "outreach": "aufsuchend",
}
WEEKDAYS = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")
MULTI_SEPARATOR = "|"
MAX_CELL_CHARS = 20_000
