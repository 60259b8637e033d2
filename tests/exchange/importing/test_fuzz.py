"""Fuzzing the template import: whatever the bytes, no unhandled exception, a report
with errors, and the database unchanged."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exchange.importing.helpers import BASE, csv_bytes, row
from praevnav.accounts.models import Organisation
from praevnav.catalogue.models import Offer, OfferRevision
from praevnav.exchange.importing import import_apply, import_plan
from praevnav.exchange.importing.files import parse_file
from praevnav.exchange.template.columns import HEADERS, MAX_CELL_CHARS
from praevnav.geography.models import Location

pytestmark = pytest.mark.django_db
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
NASTY = st.sampled_from(
    [
        '"',
        '""',
        '"a;b',
        "=cmd|' /C calc'!A0",
        "+1",
        "@SUM(1)",
        "-",
        "\x00",
        "\r",
        "\n",
        ";",
        "ä",
        "x" * (MAX_CELL_CHARS + 5),
        "NaN",
        "inf",
        "1e309",
        "-999",
        "99,9,9",
        "31.13.2025",
        "Mo 25:00-26:00",
        "[1]",
        "{}",
        "bildung|",
        "|",
        "J",
        "3 Jahre",
        "ja",
        "\ufeff",
    ]
)


def _counts():
    return (
        Offer.all_tenants.count(),
        Location.all_tenants.count(),
        Organisation.all_tenants.count(),
        OfferRevision.all_tenants.count(),
    )


def _import(tenant, data: bytes, fmt: str):
    before = _counts()
    parsed = parse_file(data, fmt)
    report = import_apply(plan=import_plan(tenant=tenant, parsed=parsed))
    if report.has_errors:
        assert not report.applied
        assert _counts() == before
    return report


@FUZZ
@given(data=st.binary(max_size=3000), fmt=st.sampled_from(["csv", "xlsx"]))
def test_random_bytes_never_crash(tenant, data, fmt):
    report = _import(tenant, data, fmt)
    assert report.has_errors or not data.strip() or report.created == 0


@FUZZ
@given(
    column=st.sampled_from(HEADERS),
    value=st.one_of(NASTY, st.text(max_size=60)),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "cp1252"]),
    delimiter=st.sampled_from([";", ","]),
)
def test_bad_cells_in_a_valid_file_are_reported_not_raised(
    tenant, column, value, encoding, delimiter
):
    try:
        data = csv_bytes(
            [row(), {**BASE, "Angebots-ID": "T-2", column: value}],
            delimiter=delimiter,
            encoding=encoding,
        )
    except UnicodeEncodeError:
        data = csv_bytes(
            [row(), {**BASE, "Angebots-ID": "T-2", column: value}], delimiter=delimiter
        )
    report = _import(tenant, data, "csv")
    assert report.items or report.problems


@FUZZ
@given(cut=st.integers(min_value=0, max_value=4000), junk=st.binary(max_size=20))
def test_truncated_xlsx_is_an_error(tenant, cut, junk):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    sheet.append([row().get(h, "") for h in HEADERS])
    out = io.BytesIO()
    book.save(out)
    whole = out.getvalue()
    data = whole[: min(cut, len(whole) - 1)] + junk
    report = _import(tenant, data, "xlsx")
    assert report.has_errors


@FUZZ
@given(quotes=st.lists(st.sampled_from(['"', 'a"b', '"x', '""', "\n"]), min_size=1, max_size=5))
def test_malformed_quoting(tenant, quotes):
    buf = io.StringIO()
    csv.writer(buf, delimiter=";").writerow(HEADERS)
    good = csv_bytes([row()]).decode("utf-8-sig").splitlines()[1]
    text = buf.getvalue() + good + "\r\n" + ";".join(["T-9", *quotes]) + "\r\n"
    report = _import(tenant, text.encode("utf-8"), "csv")
    assert report.items or report.problems
