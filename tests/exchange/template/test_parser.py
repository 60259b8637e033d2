"""Reading the German template: encodings, delimiters, types, times, formulas."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from exchange.importing.helpers import csv_bytes, row
from praevnav.exchange.template.columns import HEADERS, MAX_CELL_CHARS
from praevnav.exchange.template.parser import parse_sessions, parse_template
from praevnav.exchange.template.writer import guard, write_csv


def test_latin1_file_is_read_with_a_warning():
    result = parse_template(csv_bytes([row()], encoding="cp1252"), fmt="csv")
    assert result.records[0].organisation.name == "Familienhilfe Nord e. V."
    assert result.records[0].locations[0].street == "Nordstraße 1"
    assert [p.severity for p in result.problems] == ["warning"]


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_delimiter_is_detected_and_decimal_commas_read(delimiter):
    result = parse_template(csv_bytes([row()], delimiter=delimiter), fmt="csv")
    assert not result.errors
    assert result.records[0].locations[0].latitude == 51.2055


def test_types_years_dates_booleans():
    result = parse_template(
        csv_bytes(
            [
                row(
                    Alter_von_Monate="1,5 J",
                    Gültig_von="31.12.2025",
                    Gültig_bis="2026-01-31",
                    Kinderbetreuung="ja",
                    Nach_Vereinbarung="nein",
                    Plätze_pro_Jahr="12",
                )
            ]
        ),
        fmt="csv",
    )
    fields = result.records[0].fields
    assert fields["age_min_months"] == 18
    assert (fields["valid_from"], fields["valid_until"]) == (
        dt.date(2025, 12, 31),
        dt.date(2026, 1, 31),
    )
    assert (fields["childcare"], fields["by_appointment"], fields["capacity_per_year"]) == (
        True,
        False,
        12,
    )


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("Plätze pro Jahr", "viele"),
        ("Gültig von", "31.02.2025"),
        ("Kinderbetreuung", "vielleicht"),
        ("Zeiten", "Montag früh"),
        ("Zeiten", "Mo 12:00-09:00"),
        ("Breitengrad", "Nord"),
        ("Übersetzungen (JSON)", "{kaputt"),
        ("Präventionsebene", "universell|selektiv"),
    ],
)
def test_wrong_values_are_errors_naming_row_and_column(column, value):
    result = parse_template(
        csv_bytes([row(), row(Angebots_ID="T-2", **{_kw(column): value})]), fmt="csv"
    )
    (error,) = result.errors
    assert (error.source, error.field) == ("Zeile 3", column)


def _kw(header: str) -> str:
    return (
        header.replace("-", "_")
        .replace(" ", "_")
        .replace("/", "_")
        .replace("(", "")
        .replace(")", "")
    )


def test_sessions_syntax():
    assert parse_sessions("Mo 09:00-12:00; Mi 14.00–17.30 (nur Schulzeit)") == [
        {"weekday": 0, "opens": "09:00", "closes": "12:00", "note": ""},
        {"weekday": 2, "opens": "14:00", "closes": "17:30", "note": "nur Schulzeit"},
    ]


def test_huge_cell_is_an_error_and_missing_columns_are_named():
    result = parse_template(csv_bytes([row(Beschreibung="x" * (MAX_CELL_CHARS + 1))]), fmt="csv")
    assert result.errors[0].field == "Beschreibung"
    result = parse_template(b"Titel;Foo\nA;B\n", fmt="csv")
    assert "Angebots-ID" in result.errors[0].message
    assert any(p.severity == "warning" and "Foo" in p.message for p in result.problems)


def test_formulas_are_text_and_export_guards_them():
    assert (
        guard("=SUM(A1)") == "'=SUM(A1)" and guard("+49 211") == "'+49 211" and guard("ok") == "ok"
    )
    result = parse_template(
        csv_bytes([row(Titel='\'=HYPERLINK("x")', Telefon="'+49 211 1")]), fmt="csv"
    )
    fields = result.records[0].fields
    assert fields["title"] == '=HYPERLINK("x")' and fields["public_phone"] == "+49 211 1"
    assert (
        write_csv([["=1+1"] + [""] * (len(HEADERS) - 1)])
        .decode("utf-8-sig")
        .splitlines()[1]
        .startswith("'=1+1")
    )


def test_xlsx_with_formula_and_numbers_is_read_as_text():
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    values = row(Titel="=1+1")
    cells = [values.get(h, "") for h in HEADERS]
    cells[HEADERS.index("Plätze pro Jahr")] = 12.0
    cells[HEADERS.index("Breitengrad")] = 51.2055
    cells[HEADERS.index("Gültig von")] = dt.datetime(2025, 1, 2)
    sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    result = parse_template(out.getvalue(), fmt="xlsx")
    record = result.records[0]
    assert record.fields["title"] == "=1+1" and record.fields["capacity_per_year"] == 12
    assert record.fields["valid_from"] == dt.date(2025, 1, 2)
    assert record.locations[0].latitude == 51.2055


def test_truncated_xlsx_is_an_error():
    assert parse_template(b"PK\x03\x04" + b"\x00" * 50, fmt="xlsx").errors
