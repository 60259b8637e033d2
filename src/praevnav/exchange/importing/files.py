"""From an uploaded or given file to a ``ParseResult``: format, type check, parser.

Formats: ``csv`` / ``xlsx`` (our German template), ``hsds`` (HSDS 3.0 JSON) and
``hsds-csv`` (HSDS tabular data package, a ZIP of CSV files). A parser that fails
unexpectedly becomes an error in the result, never an exception.
"""

from __future__ import annotations

import json

from django.utils.translation import gettext as _

from praevnav.exchange.records import ParseResult, Problem

FORMATS = ("csv", "xlsx", "hsds", "hsds-csv")
EXTENSIONS = {".csv": "csv", ".xlsx": "xlsx", ".json": "hsds", ".zip": "hsds-csv"}


class FormatUnavailable(Exception):
    """The parser of a format is not installed in this version."""


def guess_format(filename: str) -> str | None:
    """The format of a file name's extension, or None."""
    name = filename.lower()
    for ext, fmt in EXTENSIONS.items():
        if name.endswith(ext):
            return fmt
    return None


def content_matches(data: bytes, fmt: str) -> bool:
    """Whether the bytes look like ``fmt`` (zip signature, JSON, text without NUL bytes)."""
    head = data[:2048]
    if fmt in ("xlsx", "hsds-csv"):
        return head.startswith(b"PK\x03\x04")
    if fmt == "hsds":
        stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        return stripped[:1] in (b"[", b"{")
    if fmt == "csv":
        return b"\x00" not in head and not head.startswith(b"PK\x03\x04")
    return False


def _hsds_parser(name: str):
    try:
        from praevnav.exchange import hsds_import
    except ImportError as exc:  # pragma: no cover - only while the HSDS parsers are missing
        raise FormatUnavailable(str(exc)) from exc
    parser = getattr(hsds_import, name, None)
    if parser is None:  # pragma: no cover
        raise FormatUnavailable(name)
    return parser


def parse_file(data: bytes, fmt: str) -> ParseResult:
    """Parse ``data`` as ``fmt``. Raises ``FormatUnavailable`` for a missing HSDS parser."""
    from praevnav.exchange.template.parser import parse_template

    if fmt in ("csv", "xlsx"):
        parser = lambda: parse_template(data, fmt=fmt)  # noqa: E731
    elif fmt == "hsds":
        parse_json = _hsds_parser("parse_hsds_json")
        parser = lambda: parse_json(data)  # noqa: E731
    elif fmt == "hsds-csv":
        parse_csv = _hsds_parser("parse_hsds_csv")
        parser = lambda: parse_csv(data)  # noqa: E731
    else:
        return ParseResult(
            problems=[Problem(_("file"), "", _("Unknown format “%(f)s”.") % {"f": fmt})]
        )
    try:
        return parser()
    except (RecursionError, MemoryError, json.JSONDecodeError, Exception) as exc:
        return ParseResult(
            problems=[
                Problem(
                    _("file"),
                    "",
                    _("The file could not be read (%(error)s).") % {"error": str(exc)[:200]},
                )
            ]
        )
