"""The upload page (/austausch/import/), the report, confirmation and the export page."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from exchange.importing.helpers import csv_bytes, row
from factories import OfferFactory, OrganisationFactory
from praevnav.catalogue.enums import OfferStatus
from praevnav.catalogue.models import Offer
from praevnav.exchange.models import ImportJob
from praevnav.exchange.template.parser import parse_template

pytestmark = pytest.mark.django_db
URL = "/austausch/import/"


def _upload(client, data: bytes, name="angebote.csv", **extra):
    return client.post(URL, {"file": SimpleUploadedFile(name, data), **extra})


def test_planner_upload_shows_dry_run_report_and_writes_no_offer(persona_client):
    client = persona_client("planer")
    bad = row(Angebots_ID="T-2", Themen="gibtsnicht")
    response = _upload(client, csv_bytes([row(), bad]))
    job = ImportJob.all_tenants.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "exchange:import_job", args=[job.pk]
    )
    page = client.get(response["Location"]).content.decode()
    assert 'data-count="created">1<' in page and 'data-count="rejected">1<' in page
    assert "gibtsnicht" in page and "Themen" in page and "Zeile 3" in page
    assert 'id="import-valid"' in page and 'id="import-all"' not in page
    assert not Offer.all_tenants.exists()


def test_confirm_imports_and_only_valid_must_be_explicit(persona_client):
    client = persona_client("planer")
    _upload(client, csv_bytes([row(), row(Angebots_ID="T-2", Themen="gibtsnicht")]))
    job = ImportJob.all_tenants.get()
    url = reverse("exchange:import_job", args=[job.pk])
    client.post(url, {})
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and not Offer.all_tenants.exists()
    client.post(url, {"only_valid": "on"})
    job.refresh_from_db()
    assert job.status == ImportJob.Status.IMPORTED
    assert list(Offer.all_tenants.values_list("external_id", "status")) == [
        ("T-1", OfferStatus.PUBLISHED)
    ]
    # A second confirmation does not import again.
    client.post(url, {"only_valid": "on"})
    assert Offer.all_tenants.count() == 1


def test_editor_upload_goes_to_review_for_own_organisation(persona_client, organisation):
    client = persona_client("traeger_editor")
    _upload(client, csv_bytes([row(Träger=organisation.name)]))
    job = ImportJob.all_tenants.get()
    assert job.organisation == organisation
    client.post(reverse("exchange:import_job", args=[job.pk]), {})
    offer = Offer.all_tenants.get()
    assert offer.status == OfferStatus.SUBMITTED and offer.organisation == organisation


def test_editor_cannot_import_for_another_organisation_or_see_others_jobs(
    persona_client, persona_user, tenant, organisation
):
    planner_client = persona_client("planer")
    _upload(planner_client, csv_bytes([row()]))
    planner_job = ImportJob.all_tenants.get()
    client = persona_client("traeger_editor")
    assert client.get(reverse("exchange:import_job", args=[planner_job.pk])).status_code == 404
    _upload(client, csv_bytes([row(Träger="Ganz anderer Träger")]))
    job = ImportJob.all_tenants.exclude(pk=planner_job.pk).get()
    page = client.get(reverse("exchange:import_job", args=[job.pk])).content.decode()
    assert "Ganz anderer Träger" in page and 'data-count="rejected">1<' in page
    client.post(reverse("exchange:import_job", args=[job.pk]), {"only_valid": "on"})
    assert not Offer.all_tenants.exists()
    listing = client.get(URL).content.decode()
    assert "angebote.csv" in listing and f"/austausch/import/{planner_job.pk}/" not in listing


def test_size_limit_and_wrong_type_are_refused_with_a_message(persona_client, settings):
    client = persona_client("planer")
    settings.IMPORT_MAX_BYTES = 100
    response = _upload(client, csv_bytes([row()]))
    assert response.status_code == 200 and "100" in response.content.decode()
    settings.IMPORT_MAX_BYTES = 10_000_000
    response = _upload(client, b"MZ\x90\x00binary", name="virus.exe")
    assert ".csv" in response.content.decode()
    response = _upload(client, b"PK\x03\x04fake", name="angebote.csv")
    assert response.status_code == 200 and "csv" in response.content.decode()
    assert not ImportJob.all_tenants.exists()


def test_fachkraft_and_anonymous_cannot_import(persona_client):
    assert persona_client("fachkraft").get(URL).status_code == 403
    assert persona_client("anonymous").get(URL).status_code == 302


def test_template_downloads_have_header_and_code_sheet(persona_client):
    client = persona_client("traeger_editor")
    csv_response = client.get(reverse("exchange:template_csv"))
    assert csv_response.content.startswith("\ufeffAngebots-ID;".encode())
    from openpyxl import load_workbook

    xlsx = client.get(reverse("exchange:template_xlsx")).content
    book = load_workbook(io.BytesIO(xlsx))
    assert book.sheetnames == ["Angebote", "Codes"]
    codes = {(r[0], r[1]) for r in book["Codes"].iter_rows(min_row=2, values_only=True)}
    assert ("Präventionsdimensionen", "bildung") in codes and (
        "Übergänge",
        "kita-grundschule",
    ) in codes


def test_export_planner_gets_all_editor_own_offers(persona_client, tenant, organisation):
    other = OrganisationFactory(tenant=tenant, name="Anderer Träger")
    OfferFactory(tenant=tenant, organisation=organisation, external_id="OWN-1")
    OfferFactory(tenant=tenant, organisation=other, external_id="OTHER-1", title="=HYPERLINK(1)")

    def ids(client):
        data = client.get("/austausch/export/", {"format": "csv"}).content
        return {r.external_id for r in parse_template(data, fmt="csv").records}, data

    planner_ids, data = ids(persona_client("planer"))
    assert planner_ids == {"OWN-1", "OTHER-1"}
    assert ";'=HYPERLINK(1);" in data.decode("utf-8-sig")
    editor_ids, _ = ids(persona_client("traeger_editor"))
    assert editor_ids == {"OWN-1"}
