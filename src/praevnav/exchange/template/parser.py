"""Rows of the German template → ``ParseResult`` (one ``OfferRecord`` per Angebots-ID).

Values are checked for their type here (numbers, dates, yes/no, times, JSON); codes
are only split — the pipeline resolves them against the tenant's vocabularies.
Every bad cell becomes an error naming the row and the column; nothing raises.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re

from django.utils.translation import gettext as _

from praevnav.exchange.records import (
    LocationRecord,
    OfferRecord,
    OrganisationRecord,
    ParseResult,
    Problem,
)
from praevnav.exchange.template.columns import (
    AREA_KIND_WORDS,
    COLUMNS,
    MAX_CELL_CHARS,
    STATUS_WORDS,
    WEEKDAYS,
    Column,
    column_for_header,
)
from praevnav.exchange.template.reader import Sheet, cell_text, read_csv, read_xlsx, source

TRUE = {"ja", "j", "yes", "y", "true", "wahr", "1", "x"}
FALSE = {"nein", "n", "no", "false", "falsch", "0"}
SESSION_RE = re.compile(
    r"^(?P<day>[A-Za-zÄÖÜäöü]{2})\.?\s+(?P<opens>\d{1,2}[:.]\d{2})\s*[-–]\s*"
    r"(?P<closes>\d{1,2}[:.]\d{2})\s*(?:\((?P<note>[^)]*)\))?$"
)
SPLIT_RE = re.compile(r"[|;\n]")
YEARS_RE = re.compile(r"^(\d+(?:[.,]5)?)\s*(j|jahr|jahre|y|years?)\.?$", re.IGNORECASE)
STATUS_BY_WORD = {
    **{v.casefold(): k for k, v in STATUS_WORDS.items()},
    **{k: k for k in STATUS_WORDS},
}
AREA_KIND_BY_WORD = {
    **{v: k for k, v in AREA_KIND_WORDS.items()},
    **{k: k for k in AREA_KIND_WORDS},
}


class CellError(ValueError):
    pass


def parse_template(data: bytes, *, fmt: str) -> ParseResult:
    """Parse a template file (``fmt`` "csv" or "xlsx")."""
    sheet = read_xlsx(data) if fmt == "xlsx" else read_csv(data)
    return parse_sheet(sheet)


def _time(text: str) -> str:
    hours, minutes = re.split(r"[:.]", text)
    value = dt.time(int(hours), int(minutes))
    return value.strftime("%H:%M")


def parse_sessions(text: str) -> list[dict]:
    """``Mo 09:00-12:00; Mi 14:00-17:00 (Hinweis)`` → session dicts (without location)."""
    sessions = []
    for part in re.split(r"[;\n]", text):
        part = part.strip()
        if not part:
            continue
        match = SESSION_RE.match(part)
        if not match or match["day"].capitalize() not in WEEKDAYS:
            raise CellError(
                _("“%(value)s” is not a time slot like “Mo 09:00-12:00”.") % {"value": part[:80]}
            )
        try:
            opens, closes = _time(match["opens"]), _time(match["closes"])
        except ValueError as exc:
            raise CellError(
                _("“%(value)s” has an impossible time.") % {"value": part[:80]}
            ) from exc
        if closes <= opens:
            raise CellError(_("“%(value)s” ends before it begins.") % {"value": part[:80]})
        sessions.append(
            {
                "weekday": WEEKDAYS.index(match["day"].capitalize()),
                "opens": opens,
                "closes": closes,
                "note": (match["note"] or "").strip(),
            }
        )
    return sessions


def convert(column: Column, raw: object):
    """The Python value of one cell; raises ``CellError`` with a German-ready message."""
    text = cell_text(raw)
    if len(text) > MAX_CELL_CHARS:
        raise CellError(
            _("The cell holds %(n)s characters; at most %(max)s are allowed.")
            % {"n": len(text), "max": MAX_CELL_CHARS}
        )
    kind = column.kind
    if kind == "text":
        return text
    if kind in ("codes", "areas"):
        return [c.strip() for c in SPLIT_RE.split(text) if c.strip()]
    if kind == "code":
        codes = [c.strip() for c in SPLIT_RE.split(text) if c.strip()]
        if len(codes) > 1:
            raise CellError(_("Only one code is allowed here."))
        return codes
    if not text:
        return None
    if kind == "bool":
        if text.casefold() in TRUE:
            return True
        if text.casefold() in FALSE:
            return False
        raise CellError(_("“%(value)s” is neither “ja” nor “nein”.") % {"value": text[:40]})
    if kind in ("int", "age"):
        if kind == "age" and (match := YEARS_RE.match(text)):
            return round(float(match[1].replace(",", ".")) * 12)
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            number = math.nan
        if not math.isfinite(number) or not number.is_integer() or number < 0:
            raise CellError(_("“%(value)s” is not a whole number ≥ 0.") % {"value": text[:40]})
        return int(number)
    if kind == "float":
        try:
            number = float(text.replace(",", ".").replace(" ", ""))
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            raise CellError(_("“%(value)s” is not a number.") % {"value": text[:40]})
        return number
    if kind == "date":
        for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"):
            try:
                return dt.datetime.strptime(
                    text[:10] if pattern == "%Y-%m-%d" else text, pattern
                ).date()
            except ValueError:
                continue
        raise CellError(_("“%(value)s” is not a date like 31.12.2025.") % {"value": text[:40]})
    if kind == "status":
        status = STATUS_BY_WORD.get(text.casefold())
        if status is None:
            raise CellError(
                _("Unknown status “%(value)s”; valid: %(valid)s.")
                % {"value": text[:40], "valid": ", ".join(STATUS_WORDS.values())}
            )
        return status
    if kind == "area_kind":
        area_kind = AREA_KIND_BY_WORD.get(text.casefold())
        if area_kind is None:
            raise CellError(
                _("Unknown service area “%(value)s”; valid: %(valid)s.")
                % {"value": text[:40], "valid": ", ".join(AREA_KIND_WORDS.values())}
            )
        return area_kind
    if kind == "sessions":
        return parse_sessions(text)
    if kind == "json":
        try:
            value = json.loads(text)
        except ValueError as exc:
            raise CellError(_("The cell is not valid JSON (%(error)s).") % {"error": exc}) from exc
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise CellError(_("A JSON list of objects is expected."))
        return value
    raise CellError(f"unknown kind {kind}")  # pragma: no cover - programming error


OFFER_COLUMNS = [c for c in COLUMNS if c.level == "offer"]
LOCATION_COLUMNS = [c for c in COLUMNS if c.level == "location" and c.key.startswith("loc.")]


class _Builder:
    def __init__(self) -> None:
        self.result = ParseResult()
        self.seen: set[str] = set()
        self.current: OfferRecord | None = None
        self.first_raw: dict[str, str] = {}
        self.first_line = 0
        self.last_line = 0

    def error(self, line: int, column: Column | None, message: str) -> None:
        self.result.problems.append(
            Problem(source(line), column.header if column else "", message, "error")
        )

    def finish(self) -> None:
        if self.current is not None:
            if self.last_line != self.first_line:
                self.current.source = _("lines %(a)s–%(b)s") % {
                    "a": self.first_line,
                    "b": self.last_line,
                }
            self.result.records.append(self.current)
        self.current = None

    def row(self, line: int, values: dict[Column, object]) -> None:
        by_key = {c.key: v for c, v in values.items()}
        external_id = cell_text(by_key.get("external_id"))
        if not external_id:
            self.finish()
            self.error(line, COLUMNS[0], _("The Angebots-ID is missing."))
            return
        if self.current is None or self.current.external_id != external_id:
            self.finish()
            if external_id in self.seen:
                self.error(
                    line,
                    COLUMNS[0],
                    _(
                        "Angebots-ID “%(id)s” appears again after other offers; the rows of "
                        "one offer must follow each other."
                    )
                    % {"id": external_id[:120]},
                )
                return
            self.seen.add(external_id)
            self.start(line, external_id, values)
        else:
            self.continue_offer(line, values)
        self.last_line = line
        self.location(line, values)

    def start(self, line: int, external_id: str, values: dict[Column, object]) -> None:
        record = OfferRecord(
            source=source(line), external_id=external_id, organisation=OrganisationRecord(name="")
        )
        self.current, self.first_line, self.last_line = record, line, line
        self.first_raw = {}
        for column in OFFER_COLUMNS:
            if column not in values:
                continue
            raw = values[column]
            self.first_raw[column.key] = cell_text(raw)
            try:
                value = convert(column, raw)
            except CellError as exc:
                self.error(line, column, str(exc))
                continue
            if column.required and value in (None, "", []):
                self.error(line, column, _("This column must not be empty."))
            self.assign(record, column, value)

    def assign(self, record: OfferRecord, column: Column, value) -> None:
        key = column.key
        if key.startswith("org."):
            setattr(record.organisation, key[4:], value or "")
        elif column.kind in ("codes", "code"):
            record.codes[key] = value
        elif key == "service_areas":
            record.service_area_codes = value
        elif key == "translations":
            record.translations = value or []
        elif key == "status":
            if value:
                record.fields["status"] = value
        elif key == "external_id":
            pass
        else:
            record.fields[key] = value if value is not None or column.kind != "json" else []

    def continue_offer(self, line: int, values: dict[Column, object]) -> None:
        for column in OFFER_COLUMNS:
            if column not in values or column.key == "external_id":
                continue
            text = cell_text(values[column])
            if text and text != self.first_raw.get(column.key, ""):
                self.error(
                    line,
                    column,
                    _(
                        "Differs from the first row of offer “%(id)s”; all rows of one offer "
                        "must agree (or leave the offer columns empty)."
                    )
                    % {"id": self.current.external_id[:120]},
                )

    def location(self, line: int, values: dict[Column, object]) -> None:
        record = self.current
        assert record is not None
        loc_values: dict[str, object] = {}
        for column in LOCATION_COLUMNS:
            if column not in values:
                continue
            try:
                loc_values[column.key[4:]] = convert(column, values[column])
            except CellError as exc:
                self.error(line, column, str(exc))
        sessions: list[dict] = []
        times = next((c for c in values if c.key == "sessions"), None)
        if times is not None:
            try:
                sessions = convert(times, values[times]) or []
            except CellError as exc:
                self.error(line, times, str(exc))
        if any(v not in (None, "") for v in loc_values.values()):
            name = loc_values.get("name") or ", ".join(
                str(p) for p in (loc_values.get("street"), loc_values.get("city")) if p
            )
            loc = LocationRecord(
                name=str(name or record.organisation.name or record.external_id),
                external_id=str(loc_values.get("external_id") or ""),
                street=str(loc_values.get("street") or ""),
                postcode=str(loc_values.get("postcode") or ""),
                city=str(loc_values.get("city") or ""),
                latitude=loc_values.get("latitude"),  # type: ignore[arg-type]
                longitude=loc_values.get("longitude"),  # type: ignore[arg-type]
            )
            record.locations.append(loc)
            ref = loc.external_id or f"#{len(record.locations) - 1}"
        else:
            ref = ""
        for session in sessions:
            record.sessions.append({**session, "location_external_id": ref})


def parse_sheet(sheet: Sheet) -> ParseResult:
    builder = _Builder()
    result = builder.result
    result.problems.extend(sheet.problems)
    if not sheet.header and not sheet.rows:
        if not result.errors:
            result.problems.append(Problem(_("file"), "", _("The file is empty.")))
        return result
    columns: dict[int, Column] = {}
    for index, header in enumerate(sheet.header):
        column = column_for_header(header)
        if column is None:
            if str(header).strip():
                result.problems.append(
                    Problem(
                        source(1),
                        str(header)[:80],
                        _("Unknown column “%(name)s” is ignored.") % {"name": str(header)[:80]},
                        "warning",
                    )
                )
            continue
        if column in columns.values():
            result.problems.append(
                Problem(source(1), column.header, _("This column appears twice."))
            )
            continue
        columns[index] = column
    missing = [c.header for c in COLUMNS if c.required and c not in columns.values()]
    if missing:
        result.problems.append(
            Problem(
                source(1),
                ", ".join(missing),
                _("Required columns are missing: %(names)s. Please use the template.")
                % {"names": ", ".join(missing)},
            )
        )
        return result
    for line, cells in sheet.rows:
        if not any(cell_text(c) for c in cells):
            continue
        if len(cells) > len(sheet.header):
            extra = [cell_text(c) for c in cells[len(sheet.header) :]]
            if any(extra):
                result.problems.append(
                    Problem(
                        source(line),
                        "",
                        _("The row has more cells than the header; the extra ones are ignored."),
                        "warning",
                    )
                )
        values = {col: cells[i] if i < len(cells) else "" for i, col in columns.items()}
        builder.row(line, values)
    builder.finish()
    return result
