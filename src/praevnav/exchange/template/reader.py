"""Reading CSV and XLSX files into rows of text cells, defensively.

Encoding (UTF-8 with or without BOM, else cp1252/Latin-1 with a warning), delimiter
(``;``, ``,`` or tab, from the header line), Excel's guard apostrophe before ``=+-@``,
formulas (kept as text, never evaluated) and oversized cells are handled here; every
problem becomes a ``Problem`` instead of an exception.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from praevnav.exchange.records import Problem
from praevnav.exchange.template.columns import MAX_CELL_CHARS

FORMULA_CHARS = ("=", "+", "-", "@")


@dataclass
class Sheet:
    """The header and the data rows (with their spreadsheet row number) of a file."""

    header: list[str] = field(default_factory=list)
    rows: list[tuple[int, list[object]]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def source(line: int) -> str:
    return _("line %(n)s") % {"n": line}


def decode(data: bytes, problems: list[Problem]) -> str:
    """Text of ``data``: UTF-8 (BOM stripped), else cp1252 or Latin-1 with a warning."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
        encoding = "Windows-1252"
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        encoding = "Latin-1"
    problems.append(
        Problem(
            source=_("file"),
            field="",
            message=_(
                "The file is not UTF-8; it was read as %(encoding)s. Please check umlauts "
                "and save as “CSV UTF-8” next time."
            )
            % {"encoding": encoding},
            severity="warning",
        )
    )
    return text


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ";"


def read_csv(data: bytes) -> Sheet:
    sheet = Sheet()
    text = decode(data, sheet.problems)
    if "\x00" in text:
        sheet.problems.append(
            Problem(_("file"), "", _("The file contains binary data and is not a CSV file."))
        )
        return sheet
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    row_number = 0
    try:
        for cells in reader:
            row_number += 1
            if row_number == 1:
                sheet.header = [str(c) for c in cells]
                continue
            sheet.rows.append((row_number, list(cells)))
    except csv.Error as exc:
        sheet.problems.append(
            Problem(
                source(row_number + 1),
                "",
                _("The CSV file cannot be read from here on (%(error)s). Check the quotes.")
                % {"error": exc},
            )
        )
    return sheet


def read_xlsx(data: bytes) -> Sheet:
    sheet = Sheet()
    try:
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, EOFError) as exc:
        sheet.problems.append(
            Problem(
                _("file"),
                "",
                _("The file is not a readable XLSX file (%(error)s).") % {"error": exc},
            )
        )
        return sheet
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        sheet.problems.append(
            Problem(
                _("file"),
                "",
                _("The file is not a readable XLSX file (%(error)s).") % {"error": exc},
            )
        )
        return sheet
    try:
        ws = book.worksheets[0]
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            cells = ["" if v is None else v for v in values]
            if number == 1:
                sheet.header = [str(c) for c in cells]
                continue
            sheet.rows.append((number, cells))
    except Exception as exc:  # a damaged sheet inside a valid zip
        sheet.problems.append(
            Problem(_("file"), "", _("The XLSX file is damaged (%(error)s).") % {"error": exc})
        )
    finally:
        book.close()
    return sheet


def cell_text(value: object) -> str:
    """A cell as text: numbers without a spurious ``.0``, dates ISO, guard apostrophe removed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    # Our export (and Excel users) guard text starting with = + - @ with an apostrophe.
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_CHARS:
        text = text[1:]
    return text


def too_long(text: str) -> bool:
    return len(text) > MAX_CELL_CHARS
