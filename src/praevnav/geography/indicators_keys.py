"""The registry of indicator keys: label (German, English), unit, meaning, roll-up rule.

Every ``Indicator.key`` stored by a loader is listed here, except the life-phase
populations ``pop_phase_<life phase code>``, which exist once per tenant phase (see
``phase_key``). The roll-up rule says how a value of a larger area (Stadtteil,
Stadtbezirk, Kommune) is computed from its children when a file only has the
finer level:

* ``sum``: counts add up.
* ``ratio`` (with ``count``): a rate whose numerator is the count key; the
  denominator of each child is reconstructed as ``count / rate`` and the parent rate
  is ``Σ count / Σ denominator`` — exact, not an average of rates.
* ``weighted`` (with ``weight``): an average of the children's rates weighted by
  the sum of the ``weight`` keys (an approximation where the true denominator is
  not published; the source of such values says "gewichtet").
* ``None``: not rolled up (no meaningful parent value, or another file provides it).
"""

from __future__ import annotations

from dataclasses import dataclass

PHASE_PREFIX = "pop_phase_"


@dataclass(frozen=True)
class IndicatorKey:
    key: str
    label_de: str
    label_en: str
    unit: str
    description: str = ""
    rollup: str | None = None  # "sum" | "ratio" | "weighted" | None
    count: str = ""  # numerator key of a "ratio" rate
    weight: tuple[str, ...] = ()  # weight keys of a "weighted" rate


def _k(key, de, en, unit, description="", rollup=None, count="", weight=()):
    return IndicatorKey(key, de, en, unit, description, rollup, count, tuple(weight))


_POP = ("population_total",)
_HH = ("households",)

KEYS: dict[str, IndicatorKey] = {
    k.key: k
    for k in [
        # --- population -------------------------------------------------------------
        _k(
            "population_total",
            "Bevölkerung insgesamt",
            "Total population",
            "Personen",
            "Einwohnerinnen und Einwohner mit Hauptwohnsitz am 31.12.",
            "sum",
        ),
        _k(
            "population_total_age_bands",
            "Bevölkerung (Summe der Altersgruppen)",
            "Population (sum of age bands)",
            "Personen",
            "Summe der veröffentlichten Altersgruppen; kleiner als die amtliche Summe, "
            "wo kleine Zellen geheim gehalten werden.",
            "sum",
        ),
        _k("pop_age_0_6", "unter 6 Jahre", "under 6", "Personen", "", "sum"),
        _k("pop_age_6_10", "6 bis unter 10 Jahre", "6 to under 10", "Personen", "", "sum"),
        _k("pop_age_10_18", "10 bis unter 18 Jahre", "10 to under 18", "Personen", "", "sum"),
        _k("pop_age_18_25", "18 bis unter 25 Jahre", "18 to under 25", "Personen", "", "sum"),
        _k("pop_age_25_30", "25 bis unter 30 Jahre", "25 to under 30", "Personen", "", "sum"),
        _k("pop_age_30_50", "30 bis unter 50 Jahre", "30 to under 50", "Personen", "", "sum"),
        _k("pop_age_50_65", "50 bis unter 65 Jahre", "50 to under 65", "Personen", "", "sum"),
        _k("pop_age_65_75", "65 bis unter 75 Jahre", "65 to under 75", "Personen", "", "sum"),
        _k("pop_age_75_plus", "75 Jahre und älter", "75 and older", "Personen", "", "sum"),
        # Quartiersatlas age groups (different cut points)
        _k("pop_age_6_18", "6 bis unter 18 Jahre", "6 to under 18", "Personen", "", "sum"),
        _k("pop_age_18_30", "18 bis unter 30 Jahre", "18 to under 30", "Personen", "", "sum"),
        _k("pop_age_65_80", "65 bis unter 80 Jahre", "65 to under 80", "Personen", "", "sum"),
        _k("pop_age_80_plus", "80 Jahre und älter", "80 and older", "Personen", "", "sum"),
        _k("female_rate", "Anteil Frauen", "Share of women", "%", "", "weighted", weight=_POP),
        _k(
            "youth_dependency_ratio",
            "Jugendquotient",
            "Youth dependency ratio",
            "je 100 Personen 18–64",
            "Unter 18-Jährige je 100 Personen im Erwerbsalter",
        ),
        _k(
            "old_age_dependency_ratio",
            "Altenquotient",
            "Old-age dependency ratio",
            "je 100 Personen 18–64",
            "65-Jährige und Ältere je 100 Personen im Erwerbsalter",
        ),
        # --- migration ----------------------------------------------------------------
        _k(
            "migration_base_population",
            "Bevölkerung (Basis Migrationsstatistik)",
            "Population (base of the migration statistics)",
            "Personen",
            "Personen insgesamt laut Migrationsstatistik; weicht leicht vom Bevölkerungsstand ab.",
            "sum",
        ),
        _k(
            "migration_background_persons",
            "Personen mit Migrationshintergrund",
            "Persons with a migration background",
            "Personen",
            "",
            "sum",
        ),
        _k(
            "no_migration_background_persons",
            "Personen ohne Migrationshintergrund",
            "Persons without a migration background",
            "Personen",
            "",
            "sum",
        ),
        _k(
            "migration_background_rate",
            "Anteil mit Migrationshintergrund",
            "Share with a migration background",
            "%",
            "Auf Stadtteilebene und darüber aus der Migrationsstatistik berechnet.",
            "ratio",
            count="migration_background_persons",
        ),
        _k(
            "foreigners_rate",
            "Ausländeranteil",
            "Share of foreign nationals",
            "%",
            "",
            "weighted",
            weight=_POP,
        ),
        _k(
            "net_migration_per_1000",
            "Wanderungssaldo",
            "Net migration",
            "‰",
            "Zuzüge minus Fortzüge je 1.000 Einwohner",
            "weighted",
            weight=_POP,
        ),
        _k(
            "fluctuation_rate",
            "Fluktuationsrate",
            "Fluctuation rate",
            "%",
            "Zu- und Fortzüge (auch innerstädtisch) je 100 Einwohner",
            "weighted",
            weight=_POP,
        ),
        # --- households ---------------------------------------------------------------
        _k("households", "Haushalte", "Households", "Haushalte", "", "sum"),
        _k(
            "single_person_households_rate",
            "Anteil Einpersonenhaushalte",
            "Share of single-person households",
            "%",
            "",
            "weighted",
            weight=_HH,
        ),
        _k(
            "households_with_children_rate",
            "Anteil Haushalte mit Kindern",
            "Share of households with children",
            "%",
            "",
            "weighted",
            weight=_HH,
        ),
        _k(
            "single_parent_households_rate",
            "Anteil Alleinerziehende",
            "Share of single parents",
            "%",
            "Alleinerziehende je 100 Haushalte mit Kindern (Stadtteile: nach Haushalten gewichtet)",
            "weighted",
            weight=_HH,
        ),
        _k(
            "single_senior_households_rate",
            "Anteil Senioren-Single-Haushalte",
            "Share of single senior households",
            "%",
            "",
            "weighted",
            weight=_HH,
        ),
        # --- social situation ---------------------------------------------------------
        _k("unemployed", "Arbeitslose", "Unemployed persons", "Personen", "", "sum"),
        _k(
            "unemployment_rate",
            "Arbeitslosenquote",
            "Unemployment rate",
            "%",
            "Arbeitslose je 100 Personen im erwerbsfähigen Alter",
            "ratio",
            count="unemployed",
        ),
        _k(
            "sgb2_persons",
            "Personen mit SGB-II-Leistungen",
            "Persons receiving SGB II",
            "Personen",
            "",
            "sum",
        ),
        _k(
            "sgb2_rate",
            "SGB-II-Quote",
            "SGB II rate",
            "%",
            "Leistungsberechtigte nach SGB II je 100 Einwohner unter 65",
            "ratio",
            count="sgb2_persons",
        ),
        _k(
            "child_poverty_rate",
            "Kinderarmut",
            "Child poverty",
            "%",
            "Kinder unter 15 in SGB-II-Bedarfsgemeinschaften je 100 Kinder (Stadtteile: "
            "nach unter 18-Jährigen gewichtet)",
            "weighted",
            weight=("pop_age_0_6", "pop_age_6_18"),
        ),
        _k(
            "old_age_poverty_rate",
            "Altersarmut",
            "Old-age poverty",
            "%",
            "Grundsicherung im Alter je 100 Personen ab 65",
            "weighted",
            weight=("pop_age_65_80", "pop_age_80_plus"),
        ),
        _k(
            "minimum_income_rate",
            "Mindestsicherungsquote",
            "Minimum income benefit rate",
            "%",
            "Empfänger von Mindestsicherungsleistungen je 100 Einwohner",
            "weighted",
            weight=_POP,
        ),
        _k(
            "housing_benefit_households_rate",
            "Anteil Wohngeld-Haushalte",
            "Share of households receiving housing benefit",
            "%",
            "",
            "weighted",
            weight=_HH,
        ),
        # --- education and housing ----------------------------------------------------
        _k(
            "pupils_primary",
            "Schülerinnen und Schüler Primarstufe",
            "Primary pupils",
            "Personen",
            "",
            "sum",
        ),
        _k(
            "pupils_secondary",
            "Schülerinnen und Schüler Sekundarstufe I",
            "Secondary pupils",
            "Personen",
            "",
            "sum",
        ),
        _k(
            "gymnasium_transition_rate",
            "Übergangsquote Gymnasium",
            "Transition rate to Gymnasium",
            "%",
            "",
            "weighted",
            weight=("pupils_primary",),
        ),
        _k(
            "living_space_per_capita",
            "Wohnfläche je Einwohner",
            "Living space per resident",
            "m²",
            "",
            "weighted",
            weight=_POP,
        ),
        _k(
            "social_housing_rate",
            "Anteil öffentlich geförderter Wohnungen",
            "Share of subsidised dwellings",
            "%",
        ),
        _k("home_ownership_rate", "Wohneigentumsquote", "Home ownership rate", "%"),
        _k("green_space_rate", "Grünflächenanteil", "Share of green space", "%"),
    ]
}


def phase_key(phase_code: str) -> str:
    """The indicator key of the population of one life phase."""
    return f"{PHASE_PREFIX}{phase_code}"


def key_info(key: str) -> IndicatorKey:
    """Registry entry of ``key``; life-phase keys get a generic entry."""
    if key in KEYS:
        return KEYS[key]
    if key.startswith(PHASE_PREFIX):
        code = key[len(PHASE_PREFIX) :]
        return IndicatorKey(
            key,
            f"Bevölkerung Lebensphase {code}",
            f"Population of life phase {code}",
            "Personen",
            "Aus Altersgruppen anteilig berechnet (praevnav.geography.apportion)",
            "sum",
        )
    raise KeyError(f"unknown indicator key {key!r}")
