"""Reading statistics CSVs as the city publishes them, and the generic table mapping.

Real open-data CSVs come with a UTF-8 BOM or without, ``;`` separators, decimal
commas (or points), ``X``/empty for suppressed cells, stray underscores in
headers. This module turns such a file into ``Record`` rows (area level, code,
year, key, value) and names file, line and column in every error.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from praevnav.geography.loaders import LoadError

SUPPRESSED_MARKS = {"", "x", "-", ".", "…", "...", "*", "/"}


@dataclass
class Record:
    """One value of one area (by level and code) in one year, from one CSV line."""

    level: str
    code: str
    year: int
    key: str
    value: float | None
    suppressed: bool
    line: int


@dataclass
class JointRecord:
    """A value published for several areas together (Düsseldorf: "032/033")."""

    level: str
    codes: tuple[str, ...]
    label: str
    year: int
    key: str
    value: float | None
    line: int


@dataclass
class Parsed:
    records: list[Record] = field(default_factory=list)
    joint: list[JointRecord] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    suppressed_cells: int = 0


@dataclass
class CsvTable:
    path: Path
    header: list[str]
    rows: list[tuple[int, list[str]]]

    def column(self, name: str) -> int:
        """Index of column ``name``; a missing column is a LoadError naming it."""
        try:
            return self.header.index(normalise_header(name))
        except ValueError:
            raise LoadError(
                f"{self.path}: line 1: column {name!r} is missing "
                f"(columns: {', '.join(self.header)})"
            )


def normalise_header(name: str) -> str:
    """Header cells without BOM, surrounding blanks and stray underscores ("_Jahr_2014")."""
    return name.replace("\ufeff", "").strip().strip("_").strip()


def read_csv(path: Path | str, *, delimiter: str = ";") -> CsvTable:
    """Read a CSV (UTF-8 with or without BOM) and check its shape."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise LoadError(f"{path}: file not found")
    except UnicodeDecodeError as exc:
        raise LoadError(f"{path}: not UTF-8 (byte {exc.start}): {exc.reason}")
    reader = csv.reader(text.splitlines(), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise LoadError(f"{path}: the file is empty")
    if len(header) == 1:
        others = [d for d in (";", ",", "\t", "|") if d != delimiter and d in header[0]]
        if others:
            raise LoadError(
                f"{path}: line 1: separator {others[0]!r} found where {delimiter!r} is "
                "expected; save the file with the expected separator"
            )
    header = [normalise_header(h) for h in header]
    rows: list[tuple[int, list[str]]] = []
    for cells in reader:
        line = reader.line_num
        if not cells or (len(cells) == 1 and not cells[0].strip()):
            continue  # blank line
        if len(cells) != len(header):
            raise LoadError(
                f"{path}: line {line}: {len(cells)} fields where the header has {len(header)}"
            )
        rows.append((line, [c.strip() for c in cells]))
    return CsvTable(path, header, rows)


_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


def parse_number(text: str, *, where: str, decimal: str = "auto") -> float | None:
    """A published number, or ``None`` for a suppressed cell (``X``, empty, ``-``).

    ``decimal="auto"``: a comma is the decimal separator (dots are then thousands
    separators); without a comma a dot is the decimal point.
    """
    raw = text.strip().replace("\u00a0", "").replace(" ", "")
    if raw.lower() in SUPPRESSED_MARKS:
        return None
    if decimal == "," or (decimal == "auto" and "," in raw):
        raw = raw.replace(".", "").replace(",", ".")
    if not _NUMBER.match(raw):
        raise LoadError(f"{where}: {text!r} is not a number")
    return float(raw)


def pad(width: int) -> Callable[[str], str]:
    """Code transform: left-pad with zeros ("11" → "011")."""

    def transform(code: str) -> str:
        return code.strip().zfill(width)

    transform.__name__ = f"pad{width}"
    return transform


def year_from_filename(path: Path) -> int | None:
    found = re.findall(r"(?<!\d)(19\d\d|20\d\d)(?!\d)", path.name)
    return int(found[-1]) if found else None


RowCheck = Callable[[str, dict[str, str], dict[str, float | None], str], list[str]]


@dataclass(frozen=True)
class TableMapping:
    """A CSV with one row per area: which column holds the code, which hold keys.

    ``columns`` maps CSV column → indicator key. ``year_column`` makes it a long
    table (one row per area and year); otherwise the year comes from the caller,
    ``reference_year`` or the file name. ``age_bands`` (key, min years, max years
    or None) let the loader compute life-phase populations; ``derived`` adds
    ``key = 100 * numerator / denominator``. ``rollup_from`` is the level whose
    values are rolled up the area tree (see ``indicators_keys``).
    """

    name: str
    description: str
    level: str
    code_column: str
    columns: Mapping[str, str]
    code_transform: Callable[[str], str] = str.strip
    delimiter: str = ";"
    decimal: str = "auto"
    year_column: str | None = None
    reference_year: int | None = None
    age_bands: Sequence[tuple[str, float, float | None]] = ()
    derived: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    rollup_from: str | None = None
    optional_levels: frozenset[str] = frozenset()
    row_check: RowCheck | None = None

    def resolve_year(self, path: Path, year: int | None) -> int | None:
        if self.year_column:
            return year  # None = every year in the file
        if year is not None:
            return year
        if self.reference_year is not None:
            return self.reference_year
        found = year_from_filename(path)
        if found is None:
            raise LoadError(f"{path}: no year given and none in the file name; pass --year")
        return found

    def parse(self, path: Path, year: int | None) -> Parsed:
        table = read_csv(path, delimiter=self.delimiter)
        code_idx = table.column(self.code_column)
        col_idx = {col: table.column(col) for col in self.columns}
        year_idx = table.column(self.year_column) if self.year_column else None
        fixed_year = self.resolve_year(path, year)
        parsed = Parsed()
        seen: dict[tuple[str, int], int] = {}
        for line, cells in table.rows:
            raw_code = cells[code_idx]
            if not raw_code:
                raise LoadError(f"{path}: line {line}: column {self.code_column!r} is empty")
            code = self.code_transform(raw_code)
            if year_idx is not None:
                row_year_value = parse_number(
                    cells[year_idx], where=f"{path}: line {line}, column {self.year_column!r}"
                )
                if row_year_value is None:
                    raise LoadError(f"{path}: line {line}: the year is empty")
                row_year = int(row_year_value)
                if fixed_year is not None and row_year != fixed_year:
                    continue
            else:
                row_year = int(fixed_year)  # type: ignore[arg-type]
            if (code, row_year) in seen:
                raise LoadError(
                    f"{path}: line {line}: code {code} appears twice "
                    f"(first on line {seen[(code, row_year)]})"
                )
            seen[(code, row_year)] = line
            values: dict[str, float | None] = {}
            for col, key in self.columns.items():
                where = f"{path}: line {line}, column {col!r} (code {code})"
                values[key] = parse_number(cells[col_idx[col]], where=where, decimal=self.decimal)
            if self.row_check is not None:
                row = dict(zip(table.header, cells, strict=True))
                parsed.warnings.extend(self.row_check(code, row, values, f"{path.name}:{line}"))
            for key, (num, den) in self.derived.items():
                n, d = values.get(num), values.get(den)
                values[key] = round(100.0 * n / d, 4) if n is not None and d else None
            for key, value in values.items():
                if value is None:
                    parsed.suppressed_cells += 1
                parsed.records.append(
                    Record(self.level, code, row_year, key, value, value is None, line)
                )
        if fixed_year is not None and self.year_column and not parsed.records:
            raise LoadError(f"{path}: no rows for year {fixed_year}")
        return parsed
