"""praevnav import-offers and export-offers."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from exchange.importing.helpers import csv_bytes, row
from praevnav.catalogue.enums import OfferStatus
from praevnav.catalogue.models import Offer

pytestmark = pytest.mark.django_db


def _run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_dry_run_writes_nothing_then_import_and_export_round_trip(tenant, tmp_path):
    path = tmp_path / "angebote.csv"
    path.write_bytes(csv_bytes([row(), row(Angebots_ID="T-2", Titel="Zweites")]))
    out = _run("import_offers", str(path), "--tenant", tenant.slug, "--dry-run")
    assert "created: 2" in out and "nothing written" in out
    assert not Offer.all_tenants.exists()
    report = json.loads(_run("import_offers", str(path), "--tenant", tenant.slug, "--json"))
    assert (report["created"], report["applied"]) == (2, True)
    assert set(Offer.all_tenants.values_list("status", flat=True)) == {OfferStatus.PUBLISHED}
    target = tmp_path / "export.xlsx"
    assert "2 offers" in _run("export_offers", str(target), "--tenant", tenant.slug)
    again = json.loads(_run("import_offers", str(target), "--tenant", tenant.slug, "--json"))
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)


def test_errors_exit_non_zero_and_only_valid_writes_the_rest(tenant, tmp_path):
    path = tmp_path / "angebote.csv"
    path.write_bytes(csv_bytes([row(), row(Angebots_ID="T-2", Sprachen="klingonisch")]))
    with pytest.raises(CommandError) as error:
        _run("import_offers", str(path), "--tenant", tenant.slug)
    assert error.value.returncode == 2
    assert not Offer.all_tenants.exists()
    out = _run("import_offers", str(path), "--tenant", tenant.slug, "--only-valid")
    assert "klingonisch" in out and "Sprachen" in out
    assert list(Offer.all_tenants.values_list("external_id", flat=True)) == ["T-1"]


def test_organisation_option_imports_through_review(tenant, organisation, tmp_path):
    path = tmp_path / "angebote.csv"
    path.write_bytes(csv_bytes([row(Träger=organisation.name)]))
    _run("import_offers", str(path), "--tenant", tenant.slug, "--organisation", organisation.name)
    assert Offer.all_tenants.get().status == OfferStatus.SUBMITTED


def test_unknown_extension_and_tenant_are_clear_errors(tenant, tmp_path):
    path = tmp_path / "angebote.txt"
    path.write_bytes(b"x")
    with pytest.raises(CommandError, match="--format"):
        _run("import_offers", str(path), "--tenant", tenant.slug)
    with pytest.raises(CommandError, match="nirgendwo"):
        _run("import_offers", str(path), "--tenant", "nirgendwo", "--format", "csv")
