"""A dry run reports every bad row of a larger file, each by its line (the small
version of the 10,000-row check in bench/exchange.py)."""

from __future__ import annotations

import random
import re

import pytest

from exchange.importing.helpers import csv_bytes, row
from praevnav.catalogue.models import Offer, OfferRevision
from praevnav.exchange.importing import import_apply, import_plan
from praevnav.exchange.importing.files import parse_file
from praevnav.geography.models import Location

pytestmark = pytest.mark.django_db

# Each corruption gives exactly one error for its row.
CORRUPTIONS = [
    {"Themen": "sprachfoerderung|gibtsnicht"},
    {"Breitengrad": "123,4"},
    {"Gültig von": "31.02.2025"},
    {"Zeiten": "Mo 12:00-09:00"},
    {"Kinderbetreuung": "vielleicht"},
    {"Präventionsebene": "gibtsnicht"},
    {"Alter von (Monate)": "viele"},
]


def _file(total: int, bad: int, seed: int = 4) -> tuple[bytes, set[int]]:
    planted = set(random.Random(seed).sample(range(total), bad))
    rows = []
    for i in range(total):
        values = row(Angebots_ID=f"T-{i:04d}", Titel=f"Elterncafé {i}")
        if i in planted:
            values.update(CORRUPTIONS[len([p for p in planted if p < i]) % len(CORRUPTIONS)])
        rows.append(values)
    return csv_bytes(rows), {i + 2 for i in planted}  # line 1 is the header


def test_dry_run_of_400_rows_reports_each_of_the_20_bad_rows_by_line(tenant):
    data, bad_lines = _file(400, 20)
    before = (Offer.all_tenants.count(), Location.all_tenants.count())
    plan = import_plan(tenant=tenant, parsed=parse_file(data, "csv"))
    report = plan.report()
    assert len(report.errors) == 20
    reported = {int(re.search(r"\d+", e.source)[0]) for e in report.errors}
    assert reported == bad_lines
    assert (report.created, report.rejected) == (380, 20)
    # Not applied: the file has errors, nothing is written.
    assert not import_apply(plan=plan).applied
    assert (Offer.all_tenants.count(), Location.all_tenants.count()) == before
    assert not OfferRevision.all_tenants.exists()
