"""Named mappings for the real statistics files (``praevnav load-indicators --mapping``).

=========================  ==========================================================
mapping                    file (under ``DATA_DIR/duesseldorf/statistik`` unless noted)
=========================  ==========================================================
wohnquartiere-alter        wohnbevoelkerung_alter_wohnquartiere_<year>.csv
stadtteile-bevoelkerung    bevoelkerungsstand_stadtteile_2012_2024.csv
quartiersatlas             quartiersatlas_2024_sozialraeume.csv (reference date 31.12.2021)
migration-stadtteile       migrationshintergrund_stadtteile_2020_2024.csv
kreis-dueren-gemeinden     kreis_dueren/kreis_dueren_gemeinden.csv (31.12.2011)
=========================  ==========================================================

Decisions about what the files really contain:

* **Wohnquartiere**: the 9-digit code is Stadtteil (3) + Sozialraum (3) + Quartier (3).
  Values are summed to Sozialraum and Stadtteil; empty cells are suppressed small
  cells or uninhabited quarters and are left out of the sums, so the sums are a
  little smaller than the official totals (2024: 658,130 against 658,245). An area
  whose cells are all empty gets a suppressed value, not 0.
* **Stadtteil population series**: the row ``032/033`` reports Unterbilk and Hafen
  together. The joint value is stored on neither Stadtteil (splitting it would invent
  numbers) but counted in the totals of Stadtbezirk 3 (both belong to it) and of the
  city, so those equal the official totals. ``X`` (Knittkuhl 2012/13, then part of
  Hubbelrath) is stored as suppressed.
* **Quartiersatlas**: reference date 31.12.2021 (year 2021). The CSV was extracted
  from a PDF; in one row (063007 Oberrath) the digits of neighbouring cells were run
  together (population "2036643"). Each count is checked against the age shares of
  its row; an implausible value whose leading digits give the expected figure is
  corrected to them, any other implausible value is stored as suppressed — both are
  named in the report. The "Fläche ha" column is garbled the same way throughout and
  is not loaded (areas come from the geometry); the school-type shares are omitted.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from praevnav.geography.indicators_csv import (
    JointRecord,
    Parsed,
    Record,
    TableMapping,
    pad,
    parse_number,
    read_csv,
    year_from_filename,
)
from praevnav.geography.loaders import LoadError

WOHNQUARTIER_BANDS: tuple[tuple[str, str, float, float | None], ...] = (
    ("unter_6_Jahren", "pop_age_0_6", 0, 6),
    ("6_bis_unter_10_jahre", "pop_age_6_10", 6, 10),
    ("10_bis_unter_18_jahre", "pop_age_10_18", 10, 18),
    ("18_bis_unter_25_jahre", "pop_age_18_25", 18, 25),
    ("25_bis_unter_30_jahre", "pop_age_25_30", 25, 30),
    ("30_bis_unter_50_jahre", "pop_age_30_50", 30, 50),
    ("50_bis_unter_65_jahre", "pop_age_50_65", 50, 65),
    ("65_bis unter_75_jahre", "pop_age_65_75", 65, 75),  # sic: a space in the header
    ("75_jahre_und_aelter", "pop_age_75_plus", 75, None),
)


@dataclass(frozen=True)
class WohnquartiereMapping:
    """Population by age per Wohnquartier, summed to Sozialraum and Stadtteil."""

    name: str = "wohnquartiere-alter"
    description: str = "Wohnbevölkerung nach Alter je Wohnquartier → Sozialraum, Stadtteil"
    level: str = "stadtteil"
    code_column: str = "wohnquartier"
    rollup_from: str | None = "stadtteil"
    optional_levels: frozenset[str] = frozenset({"sozialraum"})
    age_bands: tuple[tuple[str, float, float | None], ...] = tuple(
        (key, lo, hi) for _col, key, lo, hi in WOHNQUARTIER_BANDS
    )

    def parse(self, path: Path, year: int | None) -> Parsed:
        year = year if year is not None else year_from_filename(path)
        if year is None:
            raise LoadError(f"{path}: no year given and none in the file name; pass --year")
        table = read_csv(path)
        code_idx = table.column(self.code_column)
        band_idx = [(table.column(col), key) for col, key, _lo, _hi in WOHNQUARTIER_BANDS]
        parsed = Parsed()
        # (level, code) → key → [sum, published cells], first line
        sums: dict[tuple[str, str], dict[str, list[float]]] = {}
        first_line: dict[tuple[str, str], int] = {}
        seen: dict[str, int] = {}
        cells_total = 0
        for line, cells in table.rows:
            code = cells[code_idx]
            if not re.fullmatch(r"\d{9}", code):
                raise LoadError(f"{path}: line {line}: Wohnquartier code {code!r} is not 9 digits")
            if code in seen:
                raise LoadError(
                    f"{path}: line {line}: code {code} appears twice (first on line {seen[code]})"
                )
            seen[code] = line
            for idx, key in band_idx:
                where = f"{path}: line {line}, column {table.header[idx]!r} (code {code})"
                value = parse_number(cells[idx], where=where)
                cells_total += 1
                if value is None:
                    parsed.suppressed_cells += 1
                for target in (("sozialraum", code[:6]), ("stadtteil", code[:3])):
                    first_line.setdefault(target, line)
                    slot = sums.setdefault(target, {}).setdefault(key, [0.0, 0])
                    if value is not None:
                        slot[0] += value
                        slot[1] += 1
        for (level, code), by_key in sums.items():
            total, published = 0.0, 0
            for key, (value, count) in by_key.items():
                parsed.records.append(
                    Record(
                        level,
                        code,
                        year,
                        key,
                        value if count else None,
                        not count,
                        first_line[(level, code)],
                    )
                )
                total += value
                published += count
            parsed.records.append(
                Record(
                    level,
                    code,
                    year,
                    "population_total_age_bands",
                    total if published else None,
                    not published,
                    first_line[(level, code)],
                )
            )
        parsed.warnings.append(
            f"{parsed.suppressed_cells} of {cells_total} Wohnquartier cells are empty "
            "(suppressed small cells or uninhabited quarters); sums cover published cells only"
        )
        return parsed


@dataclass(frozen=True)
class StadtteilSeriesMapping:
    """Population per Stadtteil, one column per year ("Jahr_2012" … "Jahr_2024")."""

    name: str = "stadtteile-bevoelkerung"
    description: str = "Bevölkerungsstand je Stadtteil, eine Spalte je Jahr"
    level: str = "stadtteil"
    code_column: str = "Stadtteilnummer"
    name_column: str = "Stadtteilname"
    key: str = "population_total"
    rollup_from: str | None = "stadtteil"
    optional_levels: frozenset[str] = frozenset()
    age_bands: tuple[tuple[str, float, float | None], ...] = ()

    def parse(self, path: Path, year: int | None) -> Parsed:
        table = read_csv(path)
        code_idx = table.column(self.code_column)
        name_idx = table.column(self.name_column)
        years = {
            int(m.group(1)): i
            for i, h in enumerate(table.header)
            if (m := re.fullmatch(r"Jahr_(\d{4})", h))
        }
        if year is not None:
            years = {year: table.column(f"Jahr_{year}")}
        if not years:
            raise LoadError(f"{path}: line 1: no 'Jahr_YYYY' columns found")
        parsed = Parsed()
        seen: dict[str, int] = {}
        pad3 = pad(3)
        for line, cells in table.rows:
            raw = cells[code_idx]
            if not raw:
                raise LoadError(f"{path}: line {line}: column {self.code_column!r} is empty")
            codes = tuple(pad3(part) for part in raw.split("/"))
            for code in codes:
                if code in seen:
                    raise LoadError(
                        f"{path}: line {line}: Stadtteil {code} appears twice "
                        f"(first on line {seen[code]})"
                    )
                seen[code] = line
            for y, idx in sorted(years.items()):
                where = f"{path}: line {line}, column {table.header[idx]!r} (code {raw})"
                value = parse_number(cells[idx], where=where)
                if len(codes) > 1:
                    parsed.joint.append(
                        JointRecord(self.level, codes, cells[name_idx], y, self.key, value, line)
                    )
                    continue
                if value is None:
                    parsed.suppressed_cells += 1
                parsed.records.append(
                    Record(self.level, codes[0], y, self.key, value, value is None, line)
                )
        return parsed


# --- Quartiersatlas ------------------------------------------------------------------

QUARTIERSATLAS_COLUMNS: dict[str, str] = {
    "Bevölkerung": "population_total",
    "Weiblich %": "female_rate",
    "< 6 Jahre": "pop_age_0_6",
    "6–17": "pop_age_6_18",
    "18–29": "pop_age_18_30",
    "30–49": "pop_age_30_50",
    "50–64": "pop_age_50_65",
    "65–79": "pop_age_65_80",
    "80+": "pop_age_80_plus",
    "Jugendquotient": "youth_dependency_ratio",
    "Altenquotient": "old_age_dependency_ratio",
    "Ausländer %": "foreigners_rate",
    "Migrationshintergrund %": "migration_background_rate",
    "Wanderungssaldo ‰": "net_migration_per_1000",
    "Fluktuationsrate": "fluctuation_rate",
    "Haushalte": "households",
    "Einpersonen-HH %": "single_person_households_rate",
    "HH mit Kindern %": "households_with_children_rate",
    "Alleinerziehende %": "single_parent_households_rate",
    "Senioren-Single %": "single_senior_households_rate",
    "Arbeitslose": "unemployed",
    "Arbeitslosenquote %": "unemployment_rate",
    "SGB-II-Personen": "sgb2_persons",
    "SGB-II-Quote %": "sgb2_rate",
    "Kinderarmut %": "child_poverty_rate",
    "Altersarmut %": "old_age_poverty_rate",
    "Mindestsicherung %": "minimum_income_rate",
    "Wohngeld-HH %": "housing_benefit_households_rate",
    "Schüler Primar": "pupils_primary",
    "Schüler Sekundar": "pupils_secondary",
    "Übergang Gym. %": "gymnasium_transition_rate",
    "Wohnfläche m²/EW": "living_space_per_capita",
    "Öff. gef. Whg. %": "social_housing_rate",
    "Wohneigentum %": "home_ownership_rate",
    "Grünfläche %": "green_space_rate",
}
# (count column, share column, key) of the Quartiersatlas age groups
_QA_AGE_SHARES = (
    ("< 6 Jahre", "< 6 %", "pop_age_0_6"),
    ("6–17", "6–17 %", "pop_age_6_18"),
    ("18–29", "18–29 %", "pop_age_18_30"),
    ("30–49", "30–49 %", "pop_age_30_50"),
    ("50–64", "50–64 %", "pop_age_50_65"),
    ("65–79", "65–79 %", "pop_age_65_80"),
    ("80+", "80+ %", "pop_age_80_plus"),
)
_QA_COUNTS_BELOW_POPULATION = (
    "households",
    "unemployed",
    "sgb2_persons",
    "pupils_primary",
    "pupils_secondary",
)


def _close(value: float, expected: float) -> bool:
    return abs(value - expected) <= max(3.0, 0.03 * expected)


def quartiersatlas_row_check(
    code: str, row: dict[str, str], values: dict[str, float | None], where: str
) -> list[str]:
    """Catch counts garbled by the PDF extraction (see the module docstring)."""
    warnings: list[str] = []
    implied = []
    for _count_col, share_col, key in _QA_AGE_SHARES:
        count = values.get(key)
        share = parse_number(row.get(share_col, ""), where=f"{where}, column {share_col!r}")
        if count and share:
            implied.append(count / (share / 100.0))
    if len(implied) < 3:
        return warnings
    reference = statistics.median(implied)

    def settle(key: str, label: str, expected: float | None) -> None:
        raw = values[key]
        assert raw is not None
        digits = str(int(raw))
        if expected is not None:
            for n in range(len(digits) - 1, 0, -1):
                candidate = float(digits[:n])
                if _close(candidate, expected):
                    values[key] = candidate
                    warnings.append(
                        f"{where} ({code}): {label} {digits} is implausible (≈{expected:.0f} "
                        f"expected from the age shares); digits of a neighbouring cell were "
                        f"run together — corrected to {candidate:.0f}"
                    )
                    return
        values[key] = None
        warnings.append(f"{where} ({code}): {label} {digits} is implausible; stored as suppressed")

    for count_col, share_col, key in _QA_AGE_SHARES:
        count = values.get(key)
        share = parse_number(row.get(share_col, ""), where=f"{where}, column {share_col!r}")
        if count is not None and share is not None and not _close(count, share / 100 * reference):
            settle(key, count_col, share / 100 * reference)
    ages = [values.get(key) for _c, _s, key in _QA_AGE_SHARES]
    expected_pop = (
        sum(a for a in ages if a is not None) if all(a is not None for a in ages) else reference
    )
    population = values.get("population_total")
    if population is not None and not _close(population, expected_pop):
        settle("population_total", "Bevölkerung", expected_pop)
    population = values.get("population_total") or expected_pop
    for key in _QA_COUNTS_BELOW_POPULATION:
        value = values.get(key)
        if value is not None and value > population:
            settle(key, key, None)
    return warnings


QUARTIERSATLAS = TableMapping(
    name="quartiersatlas",
    description="Quartiersatlas 2024 (Stand 31.12.2021), Profildaten je Sozialraum",
    level="sozialraum",
    code_column="Sozialraum-ID",
    columns=QUARTIERSATLAS_COLUMNS,
    code_transform=pad(6),
    reference_year=2021,
    age_bands=(
        ("pop_age_0_6", 0, 6),
        ("pop_age_6_18", 6, 18),
        ("pop_age_18_30", 18, 30),
        ("pop_age_30_50", 30, 50),
        ("pop_age_50_65", 50, 65),
        ("pop_age_65_80", 65, 80),
        ("pop_age_80_plus", 80, None),
    ),
    rollup_from="sozialraum",
    row_check=quartiersatlas_row_check,
)

MIGRATION_STADTTEILE = TableMapping(
    name="migration-stadtteile",
    description="Bevölkerung mit und ohne Migrationshintergrund je Stadtteil und Jahr",
    level="stadtteil",
    code_column="Stadtteil_Nummer",
    code_transform=pad(3),
    year_column="Jahr",
    columns={
        "personen_insgesamt": "migration_base_population",
        "personen_mit_migrationshintergrund": "migration_background_persons",
        "personen_ohne_migrationshintergrund": "no_migration_background_persons",
    },
    derived={
        "migration_background_rate": ("migration_background_persons", "migration_base_population")
    },
    rollup_from="stadtteil",
)

KREIS_DUEREN_GEMEINDEN = TableMapping(
    name="kreis-dueren-gemeinden",
    description="Einwohner der Gemeinden im Kreis Düren, 31.12.2011 (Zensus-2011-Basis)",
    level="gemeinde",
    code_column="ags",
    columns={"ew_31122011_zensus2011_basis": "population_total"},
    delimiter=",",
    decimal=".",
    reference_year=2011,
    rollup_from="gemeinde",
)

MAPPINGS: Mapping[str, object] = {
    m.name: m
    for m in (
        WohnquartiereMapping(),
        StadtteilSeriesMapping(),
        QUARTIERSATLAS,
        MIGRATION_STADTTEILE,
        KREIS_DUEREN_GEMEINDEN,
    )
}
