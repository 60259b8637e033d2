"""Word lists for the demo generator: streets, postcodes, phone prefixes and the
parts provider names are composed from. All names are fictional compositions;
contact data use the reserved-looking ``555`` blocks and example domains.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# --- streets -------------------------------------------------------------------

STREETS_GENERIC = (
    "Kirchstraße",
    "Schulstraße",
    "Hauptstraße",
    "Lindenallee",
    "Am Markt",
    "Gartenstraße",
    "Bahnhofstraße",
    "Mühlenweg",
    "Friedhofstraße",
    "Rosenstraße",
    "Ahornweg",
    "Birkenweg",
    "Eichendorffstraße",
    "Goethestraße",
    "Schillerstraße",
    "Lessingstraße",
    "Uhlandstraße",
    "Beethovenstraße",
    "Mozartstraße",
    "Am Sportplatz",
    "Parkstraße",
    "Feldstraße",
    "Wiesenweg",
    "Bergstraße",
    "Talstraße",
    "Im Winkel",
    "An der Kirche",
    "Marktplatz",
    "Ringstraße",
    "Jahnstraße",
    "Blumenstraße",
    "Kastanienallee",
    "Ulmenweg",
    "Am Bach",
    "Hofstraße",
    "Burgstraße",
    "Wilhelmstraße",
    "Luisenstraße",
    "Friedrichstraße",
    "Kaiserstraße",
    "Moltkestraße",
    "Bismarckstraße",
    "Sedanstraße",
    "Augustastraße",
    "Heinrich-Heine-Straße",
    "Geschwister-Scholl-Straße",
    "Bertha-von-Suttner-Straße",
    "Am Gemeindezentrum",
    "Pfarrer-Kneipp-Straße",
    "Sankt-Josef-Straße",
    "Am Wasserturm",
    "Auf dem Hügel",
    "Holunderweg",
    "Fliederweg",
    "Tulpenstraße",
    "Nelkenstraße",
    "Drosselweg",
    "Amselstraße",
    "Finkenweg",
    "Lerchenstraße",
)

# Düsseldorf-wide street names (neighbouring towns and rivers as adjectives).
STREETS_DUESSELDORF = (
    "Kölner Straße",
    "Kölner Landstraße",
    "Aachener Straße",
    "Essener Straße",
    "Erkrather Straße",
    "Ratinger Straße",
    "Neusser Straße",
    "Krefelder Straße",
    "Duisburger Straße",
    "Mettmanner Straße",
    "Hildener Straße",
    "Münsterstraße",
    "Ackerstraße",
    "Lindemannstraße",
    "Heyestraße",
    "Gumbertstraße",
    "Kruppstraße",
    "Rheinallee",
    "Düsselstraße",
    "Luegallee",
    "Am Rheinufer",
    "Schlossallee",
)

STREETS_KREIS_DUEREN = (
    "Rurstraße",
    "Aachener Straße",
    "Kölner Landstraße",
    "Eifelstraße",
    "Zülpicher Straße",
    "Jülicher Straße",
    "Dürener Straße",
    "Bonner Straße",
    "Am Rurufer",
    "Nideggener Straße",
    "Kreuzauer Straße",
    "Linnicher Straße",
    "Tagebaustraße",
    "Indestraße",
    "Am Wehebach",
)


def place_adjective(name: str) -> str | None:
    """“Gerresheim” → “Gerresheimer”, “Flehe” → “Fleher”; None for compound names."""
    if " " in name or "-" in name or name.endswith("er"):
        return None
    if name.endswith("e"):
        return name + "r"
    return name + "er"


# --- postcodes and phone prefixes -------------------------------------------------

POSTCODES_DUESSELDORF = {
    "Altstadt": ("40213",),
    "Carlstadt": ("40213",),
    "Stadtmitte": ("40210", "40211", "40212"),
    "Pempelfort": ("40477", "40479", "40211"),
    "Derendorf": ("40476", "40468"),
    "Golzheim": ("40474", "40476"),
    "Flingern Süd": ("40233",),
    "Flingern Nord": ("40235",),
    "Düsseltal": ("40237", "40239"),
    "Friedrichstadt": ("40215", "40217"),
    "Unterbilk": ("40217", "40219"),
    "Hafen": ("40221",),
    "Hamm": ("40221",),
    "Volmerswerth": ("40221",),
    "Bilk": ("40223", "40225"),
    "Oberbilk": ("40227",),
    "Flehe": ("40223",),
    "Oberkassel": ("40545",),
    "Heerdt": ("40549",),
    "Lörick": ("40547",),
    "Niederkassel": ("40547",),
    "Stockum": ("40474",),
    "Lohausen": ("40474",),
    "Kaiserswerth": ("40489",),
    "Wittlaer": ("40489",),
    "Angermund": ("40489",),
    "Kalkum": ("40489",),
    "Lichtenbroich": ("40472",),
    "Unterrath": ("40468",),
    "Rath": ("40472",),
    "Mörsenbroich": ("40470",),
    "Gerresheim": ("40625",),
    "Grafenberg": ("40629",),
    "Ludenberg": ("40629",),
    "Hubbelrath": ("40629",),
    "Knittkuhl": ("40629",),
    "Lierenfeld": ("40231",),
    "Eller": ("40229",),
    "Vennhausen": ("40627",),
    "Unterbach": ("40627",),
    "Wersten": ("40591",),
    "Himmelgeist": ("40589",),
    "Holthausen": ("40589",),
    "Reisholz": ("40599",),
    "Benrath": ("40597",),
    "Urdenbach": ("40593",),
    "Itter": ("40589",),
    "Hassels": ("40599",),
    "Garath": ("40595",),
    "Hellerhof": ("40595",),
}

# Gemeinde → (postcodes, phone prefix, tenant slug)
KREIS_DUEREN_TOWNS = {
    "Düren": (("52349", "52351", "52353", "52355"), "02421", "dueren"),
    "Jülich": (("52428",), "02461", "juelich"),
    "Kreuzau": (("52372",), "02422", "kreuzau"),
    "Nideggen": (("52385",), "02427", "nideggen"),
    "Linnich": (("52441",), "02462", "linnich"),
    "Aldenhoven": (("52457",), "02464", "aldenhoven"),
    "Inden": (("52459",), "02465", "inden"),
    "Langerwehe": (("52379",), "02423", "langerwehe"),
    "Merzenich": (("52399",), "02421", "merzenich"),
    "Niederzier": (("52382",), "02428", "niederzier"),
    "Nörvenich": (("52388",), "02426", "noervenich"),
    "Titz": (("52445",), "02463", "titz"),
    "Vettweiß": (("52391",), "02424", "vettweiss"),
    "Hürtgenwald": (("52393",), "02429", "huertgenwald"),
    "Heimbach": (("52396",), "02446", "heimbach"),
}

# --- parts of provider and facility names -----------------------------------------

KITA_NAMES = (
    "Sonnenblume",
    "Regenbogen",
    "Kleine Strolche",
    "Pusteblume",
    "Arche Noah",
    "Villa Kunterbunt",
    "Spatzennest",
    "Löwenzahn",
    "Wirbelwind",
    "Zwergenland",
    "Rappelkiste",
    "Sternschnuppe",
    "Schatzkiste",
    "Marienkäfer",
    "Purzelbaum",
    "Abenteuerland",
    "Traumzauberbaum",
    "Wilde Hummeln",
    "Rheinpiraten",
    "Kleine Füße",
    "Mäuseburg",
    "Glühwürmchen",
    "Farbenfroh",
    "Weltentdecker",
    "Sonnenschein",
    "Baumhaus",
    "Wolkenburg",
)
PATRONS = (
    "St. Antonius",
    "St. Margareta",
    "St. Lambertus",
    "St. Josef",
    "Heilig Geist",
    "St. Elisabeth",
    "Zum Guten Hirten",
    "St. Maria Rosenkranz",
    "St. Martin",
    "St. Nikolaus",
    "St. Suitbertus",
    "St. Apollinaris",
    "Liebfrauen",
    "St. Bonifatius",
)
PROTESTANT_CHURCHES = (
    "Lukaskirche",
    "Matthäikirche",
    "Christuskirche",
    "Johanneskirche",
    "Friedenskirche",
    "Auferstehungskirche",
    "Markuskirche",
    "Kreuzkirche",
    "Thomaskirche",
    "Petruskirche",
)
SCHOOL_PERSONS = (
    "Heinrich-Heine",
    "Geschwister-Scholl",
    "Marie-Curie",
    "Anne-Frank",
    "Erich-Kästner",
    "Astrid-Lindgren",
    "Joseph-Beuys",
    "Clara-Schumann",
    "Max-Planck",
    "Lessing",
    "Goethe",
    "Kleist",
    "Otfried-Preußler",
    "Janusz-Korczak",
    "Paul-Klee",
    "Hildegard-von-Bingen",
    "Bertha-von-Suttner",
    "Albert-Schweitzer",
    "Rosa-Parks",
    "Mildred-Scheel",
)
SCHOOL_TYPES = (
    ("Gemeinschaftsgrundschule", "GGS"),
    ("Katholische Grundschule", "KGS"),
    ("Städtische Realschule", "RS"),
    ("Städtische Gesamtschule", "GE"),
    ("Städtisches Gymnasium", "Gym"),
    ("Städtische Hauptschule", "HS"),
    ("Förderschule", "FS"),
    ("Berufskolleg", "BK"),
)
CLUB_PREFIXES = ("TuS", "SV", "TSV", "DJK", "SC", "Turnverein", "Sportfreunde", "BV", "VfL", "SG")
MIDWIFE_NAMES = (
    "Storchennest",
    "Kugelrund",
    "Bauchgefühl",
    "Nestwärme",
    "Rheinwiege",
    "Mondschein",
    "Lebensanfang",
    "Herzklopfen",
    "Wurzeln & Flügel",
    "Kleines Wunder",
    "Mutterglück",
)
MSO_NAMES = (
    "Türkisch-Deutscher Elternverein",
    "Ukrainischer Frauenverein Nadija",
    "Afrikanisches Kulturzentrum",
    "Griechische Elterninitiative",
    "Polnischer Kulturverein Most",
    "Arabischer Familienverein Al-Amal",
    "Verein Eritreischer Familien",
    "Russischsprachige Elterninitiative",
    "Kurdisches Familienzentrum Newroz",
    "Italienischer Kulturkreis",
    "Syrischer Kultur- und Familienverein",
    "Bulgarisch-Deutscher Bildungsverein",
    "Persischer Kulturverein Pardis",
    "Marokkanischer Elternverein",
    "Roma-Selbsthilfe Amaro Drom",
    "Japanisch-Deutscher Elternkreis",
    "Spanischer Elternverein",
    "Albanischer Kulturverein Iliria",
)
VEREIN_PATTERNS = (
    "Nachbarschaftshilfe {ort} e. V.",
    "Elterninitiative {ort} e. V.",
    "Kinder- und Jugendförderung {ort} e. V.",
    "Bürgerhaus {ort} e. V.",
    "Stadtteilladen {ort} e. V.",
    "Frauen helfen Frauen {ort} e. V.",
    "Netzwerk Nachbarschaft {ort} e. V.",
    "Treffpunkt Familie {ort} e. V.",
    "Zukunft Kinder {ort} e. V.",
    "Lernwerkstatt {ort} e. V.",
    "Kulturküche {ort} e. V.",
    "Jugendhilfe {ort} e. V.",
    "Miteinander in {ort} e. V.",
    "Sozialwerk {ort} e. V.",
    "Seniorenhilfe {ort} e. V.",
    "Leseclub {ort} e. V.",
)
YOUTH_CENTRE_PATTERNS = (
    "Jugendfreizeiteinrichtung {ort}",
    "Haus der Jugend {ort}",
    "Kinder- und Jugendzentrum {ort}",
    "Jugendtreff {ort}",
    "Abenteuerspielplatz {ort}",
    "Jugendkulturhaus {ort}",
)
COUNSELLING_CENTRES = (
    ("Schuldner- und Insolvenzberatung {stadt} e. V.", "Schuldnerberatung"),
    ("Suchtberatung und Prävention {stadt} e. V.", "Suchtberatung"),
    ("Frauenberatungsstelle {stadt} e. V.", "Frauenberatung"),
    ("Psychologische Beratungsstelle für Eltern, Kinder und Jugendliche", "Psych. Beratung"),
    ("Zentrum für Trennungs- und Scheidungsberatung", "Trennungsberatung"),
    ("Pro Familia Beratungsstelle {stadt}", "Pro-Familia-Beratung"),
    ("Beratungsstelle gegen sexualisierte Gewalt {stadt} e. V.", "Gewaltschutzberatung"),
    ("Pflegestützpunkt {stadt}", "Pflegestützpunkt"),
    ("Alzheimer Gesellschaft {stadt} e. V.", "Alzheimer Gesellschaft"),
    ("Queeres Jugendzentrum {stadt} e. V.", "Queeres Jugendzentrum"),
    ("Jugendberufshilfe {stadt} e. V.", "Jugendberufshilfe"),
    ("Frühförderstelle {stadt}", "Frühförderung"),
    ("Lebenshilfe {stadt} e. V.", "Lebenshilfe"),
    ("Wohnungslosenhilfe {stadt} e. V.", "Wohnungslosenhilfe"),
    ("Selbsthilfe-Kontaktstelle {stadt}", "Selbsthilfe"),
)
FACILITY_NAMES = (
    "Beratungszentrum {ort}",
    "Begegnungsstätte {ort}",
    "Familientreff {ort}",
    "Stadtteilbüro {ort}",
    "Quartierszentrum {ort}",
    "Haus der Familie {ort}",
    "Treffpunkt {ort}",
    "Gemeindezentrum {ort}",
)
CONTACT_ROLES = (
    "Beratungsteam",
    "Team Frühe Hilfen",
    "Anmeldung",
    "Sekretariat",
    "Kursleitung",
    "Fachbereich Familie",
    "Team Jugendarbeit",
    "Seniorenberatung",
    "Koordination",
    "Servicetelefon",
    "Leitung der Einrichtung",
    "Sozialdienst",
)
INTERNAL_ROLES = (
    "Fachbereichsleitung",
    "Koordination Netzwerk",
    "Bereichsleitung Familie",
    "Standortleitung",
    "Fachdienstleitung",
    "Präventionsfachkraft",
    "Teamleitung",
)


@lru_cache(maxsize=8192)
def slugify(text: str) -> str:
    """ASCII slug for e-mail and web addresses (“Jülich” → “juelich”)."""
    text = text.lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(a, b)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out = []
    for ch in text:
        out.append(ch if ch.isalnum() else "-")
    slug = "-".join(part for part in "".join(out).split("-") if part)
    return slug[:50].strip("-")
