"""Import and export end to end, through the management commands (issue 4, “Done when”).

a. Every official HSDS 3.0 example holding a service imports into a fresh tenant as a
   planner-level import (``import-offers`` without ``--organisation``); the offer,
   organisation and location rows hold the values read from the example file itself;
   a second import of the same file creates nothing.
b. ``export-hsds`` of a realistic tenant (a few hundred generated demo offers with every
   field kind) imported into a fresh tenant with the same taxonomy and areas: offer by
   offer, the snapshots agree on the whole public record. Left out by design (docs/api.md,
   “Not exported”): the internal contact name, phone and e-mail, the note for
   professionals and the confirmation interval.
c. The German CSV/XLSX template round trip of the same tenant (400 offers incl.
   translations, several locations, sessions with and without location, service areas,
   foreign terms): the snapshots agree on every field, internal ones included.
   (``importing/test_roundtrip.py`` covers 120 generated offers, which have no
   translations, foreign terms or sessions without a location.)
d. All or nothing in every format: one bad service or row among good changes writes
   nothing, and the report names the JSON path, the CSV file and row, or the line.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from factories import TenantFactory
from praevnav.accounts.models import Organisation
from praevnav.catalogue.enums import OfferStatus
from praevnav.catalogue.models import Offer, OfferRevision, OfferTranslation, OpeningSession
from praevnav.catalogue.selectors import published_offers
from praevnav.exchange.template.columns import HEADERS
from praevnav.exchange.template.reader import source as source_line
from praevnav.exchange.template.writer import offer_rows, write_csv, write_xlsx
from praevnav.geography.models import Location

from .end_to_end_support import (
    first_differences,
    fresh_tenant,
    portable_snapshots,
    realistic_tenant,
)

pytestmark = pytest.mark.django_db

EXAMPLES = Path(settings.DATA_DIR) / "openreferral" / "hsds_3.0" / "examples"
NOT_IN_HSDS = (
    "internal_contact_name",
    "internal_phone",
    "internal_email",
    "internal_note",
    "confirmation_interval_months",
)


def import_offers(path, tenant, fmt, *extra) -> dict:
    """Run ``import-offers`` and return its JSON report."""
    out = StringIO()
    call_command(
        "import_offers", str(path), "--tenant", tenant.slug, "--format", fmt, "--json", *extra,
        stdout=out,
    )  # fmt: skip
    return json.loads(out.getvalue())


def failing_import(path, tenant, fmt) -> dict:
    """Run ``import-offers`` on a file with errors: it must fail; its JSON report."""
    out = StringIO()
    with pytest.raises(CommandError, match="nothing written"):
        call_command(
            "import_offers", str(path), "--tenant", tenant.slug, "--format", fmt, "--json",
            stdout=out,
        )  # fmt: skip
    return json.loads(out.getvalue())


def problems(report: dict) -> list[dict]:
    return report["problems"] + [p for item in report["items"] for p in item["problems"]]


def state(tenant) -> tuple:
    """Everything an import may write, for “nothing changed” comparisons."""
    offers = Offer.all_tenants.filter(tenant=tenant)
    return (
        portable_snapshots(tenant),
        sorted(offers.values_list("external_id", "status", "updated_at")),
        OfferRevision.all_tenants.filter(offer__tenant=tenant).count(),
        sorted(Organisation.all_tenants.filter(tenant=tenant).values_list("name", "updated_at")),
        sorted(
            Location.all_tenants.filter(tenant=tenant).values_list(
                "name", "street", "latitude", "longitude", "updated_at"
            )
        ),
    )


# --- a. the official HSDS 3.0 examples ------------------------------------------------


@dataclass
class Expected:
    """What an example says about its (first) service, read from the file."""

    service: dict
    organisation: dict
    locations: list[tuple[dict, dict | None]]  # (location, its address)


def _address(addresses: list[dict]) -> dict | None:
    physical = [a for a in addresses if (a.get("address_type") or "").lower() == "physical"]
    return (physical or addresses or [None])[0]


def _from_json(name: str) -> Expected:
    data = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    item = data["contents"][0] if "contents" in data else data
    if "service" in item:  # a service-at-location
        service, sals = item["service"], [item]
    elif "services" in item:  # an organization with its services
        service = item["services"][0]
        sals = service.get("service_at_locations", [])
    else:
        service, sals = item, item.get("service_at_locations", [])
    organisation = service.get("organization") or item
    locations = [(s["location"], _address(s["location"].get("addresses", []))) for s in sals]
    return Expected(service, organisation, locations)


def _from_tables(tables: dict[str, list[dict]]) -> Expected:
    service = tables["services"][0]
    organisation = next(o for o in tables["organizations"] if o["id"] == service["organization_id"])
    located = {
        r["location_id"] for r in tables["service_at_location"] if r["service_id"] == service["id"]
    }
    locations = [
        (loc, _address([a for a in tables["addresses"] if a["location_id"] == loc["id"]]))
        for loc in tables["locations"]
        if loc["id"] in located
    ]
    return Expected(service, organisation, locations)


def _csv_tables() -> dict[str, list[dict]]:
    tables = {}
    for path in (EXAMPLES / "csv").glob("*.csv"):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            tables[path.stem] = list(csv.DictReader(handle))
    return tables


def _tabular_json() -> dict[str, list[dict]]:
    data = json.loads((EXAMPLES / "tabular.json").read_text(encoding="utf-8"))
    return {name.removesuffix(".csv"): rows for name, rows in data.items()}


# (file or folder, --format, expectations read from it)
OFFICIAL = {
    "service_full.json": ("hsds", lambda: _from_json("service_full.json")),
    "service_list.json": ("hsds", lambda: _from_json("service_list.json")),
    "service_at_location_full.json": ("hsds", lambda: _from_json("service_at_location_full.json")),
    "service_at_location_list.json": ("hsds", lambda: _from_json("service_at_location_list.json")),
    "organization_full.json": ("hsds", lambda: _from_json("organization_full.json")),
    "tabular.json": ("hsds", lambda: _from_tables(_tabular_json())),
    "csv": ("hsds-csv", lambda: _from_tables(_csv_tables())),
}


def _coordinate(value, limit: float) -> float | None:
    # Out-of-range coordinates (the examples carry 100/101) are dropped with a warning.
    if value in (None, ""):
        return None
    number = float(value)
    return number if -limit <= number <= limit else None


def _holds_services(path: Path) -> bool:
    data = json.loads(path.read_text(encoding="utf-8"))
    item = (data.get("contents") or [{}])[0] if "contents" in data else data
    return path.name.startswith("service") or bool(
        {"service", "services", "services.csv"} & set(item)
    )


def test_every_official_example_with_services_is_imported_here():
    holding = {p.name for p in EXAMPLES.glob("*.json") if _holds_services(p)}
    assert holding == set(OFFICIAL) - {"csv"}
    assert (EXAMPLES / "csv" / "services.csv").exists()


@pytest.mark.parametrize("name", sorted(OFFICIAL))
def test_official_example_imports_with_its_values_and_again_creates_nothing(name):
    fmt, expectations = OFFICIAL[name]
    expected = expectations()
    tenant = TenantFactory(slug=f"hsds-{name.split('.')[0].replace('_', '-')}")

    report = import_offers(EXAMPLES / name, tenant, fmt)

    assert report["applied"] is True and report["errors"] == 0, problems(report)
    assert (report["created"], report["organisations_created"]) == (1, 1)
    service, org = expected.service, expected.organisation
    offer = Offer.all_tenants.get(tenant=tenant)
    assert offer.external_id == service["id"]
    assert offer.title == service["name"]
    assert offer.description == service["description"].strip()
    assert offer.website == service["url"]
    assert offer.public_email == service["email"]
    assert offer.age_min_months == float(service["minimum_age"]) * 12
    assert offer.age_max_months == (float(service["maximum_age"]) + 1) * 12
    # A planner-level import publishes at once, recorded as an approved revision.
    assert offer.status == OfferStatus.PUBLISHED
    assert OfferRevision.all_tenants.get(offer=offer).status == "approved"

    organisation = Organisation.all_tenants.get(tenant=tenant)
    assert offer.organisation == organisation
    assert (organisation.name, organisation.external_id) == (org["name"], org["id"])
    assert organisation.description == org["description"]
    assert organisation.website == org["website"]
    assert organisation.email == org["email"]

    rows = {loc.external_id: loc for loc in Location.all_tenants.filter(tenant=tenant)}
    assert set(rows) == {loc["id"] for loc, _ in expected.locations}
    assert set(offer.locations.values_list("external_id", flat=True)) == set(rows)
    for loc, address in expected.locations:
        row = rows[loc["id"]]
        assert row.name == loc["name"]
        assert row.organisation == organisation
        pair = (_coordinate(loc.get("latitude"), 90), _coordinate(loc.get("longitude"), 180))
        # Coordinates travel as a pair: one out of range drops both.
        assert (row.latitude, row.longitude) == (pair if None not in pair else (None, None))
        if address:
            street = ", ".join(t for t in (address["address_1"], address.get("address_2")) if t)
            assert (row.street, row.postcode, row.city) == (
                street,
                address["postal_code"],
                address["city"],
            )

    before = state(tenant)
    again = import_offers(EXAMPLES / name, tenant, fmt)
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 1)
    assert (again["organisations_created"], again["locations_created"]) == (0, 0)
    assert state(tenant) == before


# --- b. our HSDS export, imported into a fresh tenant --------------------------------


@pytest.fixture
def source():
    """400 generated demo offers of the Düsseldorf kind, enriched with every field kind."""
    return realistic_tenant("quelle", offers=400)


def _covers_every_field_kind(tenant) -> None:
    """The source really has what the round trips claim to carry."""
    offers = Offer.all_tenants.filter(tenant=tenant)
    assert offers.count() == 400
    assert OfferTranslation.objects.filter(offer__tenant=tenant).count() >= 100
    assert offers.exclude(external_terms=[]).count() >= 80
    assert OpeningSession.objects.filter(offer__tenant=tenant, location=None).count() >= 50
    assert OpeningSession.objects.filter(offer__tenant=tenant).exclude(location=None).count() >= 300
    assert sum(1 for o in offers.prefetch_related("locations") if o.locations.count() > 1) >= 70
    assert offers.filter(service_areas__isnull=False).distinct().count() >= 30
    assert offers.exclude(prevention_level=None).exclude(evidence_programme=None).exists()
    assert offers.exclude(transitions=None).exists() and offers.exclude(valid_until=None).exists()
    assert set(offers.values_list("status", flat=True)) >= {"published", "draft"}


@pytest.mark.parametrize("fmt", ["hsds", "hsds-csv"])
def test_hsds_export_reimported_into_a_fresh_tenant_keeps_the_public_record(source, tmp_path, fmt):
    _covers_every_field_kind(source)
    out = StringIO()
    call_command("export_hsds", str(tmp_path), "--tenant", source.slug, stdout=out)
    services = json.loads((tmp_path / "services.json").read_text(encoding="utf-8"))
    exported = list(published_offers(tenant=source).values_list("external_id", flat=True))
    assert len(services) == len(exported) >= 300, out.getvalue()

    target = fresh_tenant(f"ziel-{fmt}")
    path = tmp_path / "services.json" if fmt == "hsds" else tmp_path
    report = import_offers(path, target, fmt)
    assert report["errors"] == 0, problems(report)[:5]
    assert report["created"] == len(exported)
    # Our own terms map back to codes; the only warnings are the unmapped foreign terms.
    warnings = [p for p in problems(report) if p["severity"] == "warning"]
    assert warnings and {p["field"] for p in warnings} == {"external_terms"}, warnings[:5]

    wanted = set(exported)
    before = {
        k: v for k, v in portable_snapshots(source, exclude=NOT_IN_HSDS).items() if k in wanted
    }
    after = portable_snapshots(target, exclude=NOT_IN_HSDS)
    assert set(after) == wanted
    diffs = first_differences(before, after, 40)
    assert diffs == [], "\n".join(map(str, diffs))
    assert set(Offer.all_tenants.filter(tenant=target).values_list("status", flat=True)) == {
        OfferStatus.PUBLISHED
    }
    # The internal fields were not exported and stay empty.
    assert not Offer.all_tenants.filter(tenant=target).exclude(internal_email="").exists()

    # Organisations and locations carry their own public details.
    def organisations(tenant, names):
        return {
            o.name: (o.description, o.website, o.email, o.phone)
            for o in Organisation.all_tenants.filter(tenant=tenant, name__in=names)
        }

    used = set(Offer.all_tenants.filter(tenant=target).values_list("organisation__name", flat=True))
    assert organisations(target, used) == organisations(source, used)

    def locations(tenant):
        return {
            (loc.name, loc.street): (loc.postcode, loc.city, loc.latitude, loc.longitude)
            for loc in Location.all_tenants.filter(tenant=tenant, offers__external_id__in=wanted)
        }

    assert locations(target) == locations(source)

    again = import_offers(path, target, fmt)
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, len(exported))
    assert again["organisations_created"] == again["locations_created"] == 0


# --- c. the German template (CSV/XLSX), on the same data -----------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_template_round_trip_of_every_field_kind_is_lossless(source, tmp_path, fmt):
    path = tmp_path / f"angebote.{fmt}"
    call_command("export_offers", str(path), "--tenant", source.slug, stdout=StringIO())
    target = fresh_tenant(f"vorlage-{fmt}")

    report = import_offers(path, target, fmt)

    assert report["errors"] == 0, problems(report)[:5]
    assert report["created"] == 400
    before, after = portable_snapshots(source), portable_snapshots(target)
    assert set(after) == set(before)
    diffs = first_differences(before, after, 40)
    assert diffs == [], "\n".join(map(str, diffs))
    assert sorted(Offer.all_tenants.filter(tenant=source).values_list("external_id", "status")) == (
        sorted(Offer.all_tenants.filter(tenant=target).values_list("external_id", "status"))
    )
    again = import_offers(path, target, fmt)
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 400)


# --- d. all or nothing, in every format ----------------------------------------------


@pytest.fixture
def imported(tmp_path):
    """A source of 60 enriched demo offers, its HSDS export, and a target tenant that
    imported it once (so that a bad file would have updates to write)."""
    source = realistic_tenant("klein", offers=60, seed=5)
    directory = tmp_path / "hsds"
    call_command("export_hsds", str(directory), "--tenant", source.slug, stdout=StringIO())
    target = fresh_tenant("ziel-alles-oder-nichts")
    assert import_offers(directory / "services.json", target, "hsds")["errors"] == 0
    return source, directory, target


def test_hsds_json_with_one_bad_service_writes_nothing_and_names_the_json_path(imported, tmp_path):
    source, directory, target = imported
    services = json.loads((directory / "services.json").read_text(encoding="utf-8"))
    services[0]["name"] = "Umbenannt: gültige Änderung"
    services[-1]["description"] = "Auch diese Änderung ist gültig."
    bad = next(i for i, s in enumerate(services) if i and s.get("service_at_locations"))
    services[bad]["service_at_locations"][0]["location"]["latitude"] = "nördlich"
    path = tmp_path / "one-bad.json"
    path.write_text(json.dumps(services, ensure_ascii=False), encoding="utf-8")
    before = state(target)

    report = failing_import(path, target, "hsds")

    errors = [p for p in problems(report) if p["severity"] == "error"]
    assert [(e["source"], e["field"]) for e in errors] == [
        (f"$[{bad}].service_at_locations[0].location.latitude", "latitude")
    ]
    assert errors[0]["record"] == f"$[{bad}]" and "nördlich" in errors[0]["message"]
    # The two valid changes were planned, and still nothing was written.
    assert report["updated"] == 2 and report["applied"] is False
    assert state(target) == before

    truncated = tmp_path / "truncated.json"
    truncated.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    report = failing_import(truncated, target, "hsds")
    [error] = [p for p in problems(report) if p["severity"] == "error"]
    assert error["source"].startswith("Zeile ") and ", Spalte " in error["source"]
    assert state(target) == before


def test_hsds_tabular_with_one_bad_row_writes_nothing_and_names_file_and_row(imported, tmp_path):
    source, directory, target = imported
    assert import_offers(directory, target, "hsds-csv")["created"] == 0
    with (directory / "locations.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header, rows = reader.fieldnames, list(reader)
    rows[1]["latitude"] = "Nord"
    with (directory / "locations.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header)
        writer.writeheader()
        writer.writerows(rows)
    before = state(target)

    report = failing_import(directory, target, "hsds-csv")

    errors = [p for p in problems(report) if p["severity"] == "error"]
    assert [(e["source"], e["field"]) for e in errors] == [("locations.csv, Zeile 3", "latitude")]
    assert state(target) == before


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_template_with_one_bad_row_writes_nothing_and_names_the_line(imported, tmp_path, fmt):
    _, _, target = imported
    ids = list(Offer.all_tenants.filter(tenant=target).order_by("pk").values_list("pk", flat=True))
    rows = offer_rows(tenant=target, offer_ids=ids)
    id_col, title_col, topic_col = (HEADERS.index(h) for h in ("Angebots-ID", "Titel", "Themen"))
    for row in rows:  # a valid change: every row of the first offer gets the new title
        if row[id_col] == rows[0][id_col]:
            row[title_col] = "Umbenannt: gültige Änderung"
    bad = len(rows) - 3
    rows[bad][topic_col] = "gibt-es-nicht"
    path = tmp_path / f"ein-fehler.{fmt}"
    path.write_bytes(write_xlsx(rows, tenant=target) if fmt == "xlsx" else write_csv(rows))
    before = state(target)

    report = failing_import(path, target, fmt)

    errors = [p for p in problems(report) if p["severity"] == "error"]
    # Line 1 is the header: data row ``bad`` is line ``bad + 2``.
    assert [(e["source"], e["field"]) for e in errors] == [(source_line(bad + 2), "Themen")]
    assert "gibt-es-nicht" in errors[0]["message"]
    assert report["updated"] == 1 and report["applied"] is False
    assert state(target) == before
