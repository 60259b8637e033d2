"""Reading CSV and XLSX files into rows of text cells, defensively.

Encoding (UTF-8 with or without BOM, else cp1252/Latin-1 with a warning), delimiter
(``;``, ``,`` or tab, from the header line), Excel's guard apostrophe before ``=+-@``,
formulas (kept as text, never evaluated) and oversized cells are handled here; every
problem becomes a ``Problem`` instead of an exception.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
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


def _first_sheet(data: bytes):
    """Open ``data`` with openpyxl's reader parts and return a row parser of the first
    worksheet (chart sheets skipped), and the archive to close.

    ``load_workbook(read_only=True)`` is not used: for a sheet without a ``dimension``
    element (openpyxl's own write-only files, ours among them) it parses the whole
    sheet once just to size it, and it builds a rich-text object for every inline
    string; both together were most of the time of a 10,000-row import.
    """
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet

    reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=False)
    try:
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)
        wb = reader.wb
        for _sheet, rel in reader.parser.find_sheets():
            if rel.target not in reader.valid_files or "chartsheet" in rel.Type:
                continue
            src = reader.archive.open(rel.target)
            parser = _row_parser_class()(
                src,
                reader.shared_strings,
                data_only=False,
                epoch=wb.epoch,
                date_formats=wb._date_formats,
                timedelta_formats=wb._timedelta_formats,
            )
            return parser, src, reader.archive
    except BaseException:
        reader.archive.close()
        raise
    return None, None, reader.archive


@functools.cache
def _row_parser_class():
    from openpyxl.utils.cell import coordinate_to_tuple
    from openpyxl.worksheet._reader import FORMULA_TAG, INLINE_STRING, WorkSheetParser

    text_tag = INLINE_STRING[:-2] + "t"
    run_tag = INLINE_STRING[:-2] + "r"

    class RowParser(WorkSheetParser):
        """openpyxl's sheet parser with a cheap path for inline strings: the text of
        ``<is><t>`` and of its rich-text runs, as ``Text.content`` gives it."""

        def parse_cell(self, element):
            if element.get("t") != "inlineStr" or element.find(FORMULA_TAG) is not None:
                return super().parse_cell(element)
            coordinate = element.get("r")
            if coordinate:
                row, column = coordinate_to_tuple(coordinate)
                self.col_counter = column
            else:
                self.col_counter += 1
                row, column = self.row_counter, self.col_counter
            child = element.find(INLINE_STRING)
            value = None
            if child is not None:
                parts = []
                for part in child:
                    if part.tag == text_tag:
                        parts.append(part.text or "")
                    elif part.tag == run_tag:
                        parts.append(part.findtext(text_tag) or "")
                value = "".join(parts)
            return {"row": row, "column": column, "value": value, "data_type": "s", "style_id": 0}

    return RowParser


def _row_values(cells: list[dict]) -> list[object]:
    """Cell dicts of one row → values by column position (gaps as "")."""
    if not cells:
        return []
    width = max(c["column"] for c in cells)
    values: list[object] = [""] * width
    for cell in cells:
        value = cell["value"]
        if value is not None:
            values[cell["column"] - 1] = value
    return values


def read_xlsx(data: bytes) -> Sheet:
    sheet = Sheet()
    try:
        parser, src, archive = _first_sheet(data)
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
        if parser is not None:
            for number, cells in parser.parse():
                values = _row_values(cells)
                if number == 1:
                    sheet.header = [str(c) for c in values]
                elif number > 1:
                    sheet.rows.append((number, values))
    except Exception as exc:  # a damaged sheet inside a valid zip
        sheet.problems.append(
            Problem(_("file"), "", _("The XLSX file is damaged (%(error)s).") % {"error": exc})
        )
    finally:
        if src is not None:
            src.close()
        archive.close()
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
