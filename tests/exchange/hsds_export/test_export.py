"""HSDS 3.0 export: schema validity, content, ids, isolation, query count, the command."""

from __future__ import annotations

import csv
import json
import uuid
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factories import OfferFactory, OrganisationFactory
from praevnav.exchange.hsds import ids
from praevnav.exchange.hsds.export import hsds_document
from praevnav.exchange.hsds.tabular import TABLES
from praevnav.exchange.hsds.vocabularies import FIELD_TERMS
from praevnav.taxonomy.enums import Vocabulary
from praevnav.taxonomy.models import LifePhase, Term, Transition

from .conftest import EXTERNAL_UUID, INTERNAL
from .hsds_schema import errors

pytestmark = pytest.mark.django_db


def _by_name(services):
    return {s["name"]: s for s in services}


def test_every_exported_object_validates_against_the_official_schemas(hsds_catalogue):
    doc = hsds_document(tenant=hsds_catalogue.tenant)
    assert len(doc.services) == 3
    problems = [e for s in doc.services for e in errors("service", s)]
    problems += [e for o in doc.organizations for e in errors("organization", o)]
    problems += [e for t in doc.taxonomies for e in errors("taxonomy", t)]
    problems += [e for t in doc.taxonomy_terms for e in errors("taxonomy_term", t)]
    assert problems == []


def test_the_schema_check_resolves_refs_and_rejects_a_broken_nested_object(hsds_catalogue):
    service = hsds_document(tenant=hsds_catalogue.tenant).services[0]
    service["service_at_locations"][0]["location"]["location_type"] = "castle"
    service["attributes"][0]["taxonomy_term"]["id"] = "not-a-uuid"
    service["last_modified"] = "yesterday"
    found = errors("service", service)
    assert any("location_type" in e for e in found)
    assert any("taxonomy_term/id" in e for e in found)
    assert any(e.startswith("last_modified") for e in found)


def test_only_published_current_offers_of_the_tenant_are_exported(hsds_catalogue):
    text = json.dumps(hsds_document(tenant=hsds_catalogue.tenant).services, ensure_ascii=False)
    assert "Beratung für Alleinerziehende" in text
    for hidden in ("Entwurf", "Abgelaufen", "Fremdangebot Anderswo"):
        assert hidden not in text


def test_internal_contacts_and_notes_never_leave(hsds_catalogue):
    doc = hsds_document(tenant=hsds_catalogue.tenant)
    text = json.dumps(doc.__dict__, ensure_ascii=False)
    for value in INTERNAL.values():
        assert value not in text
    assert "beratung@example.org" in text  # the public e-mail does


def test_full_service_carries_locations_schedules_areas_contacts_and_ages(hsds_catalogue):
    service = _by_name(hsds_document(tenant=hsds_catalogue.tenant).services)[
        "Beratung für Alleinerziehende"
    ]
    assert service["minimum_age"] == 0.5 and service["maximum_age"] == 5
    assert service["assured_date"] == hsds_catalogue.full.last_confirmed_at.isoformat()
    assert service["url"] == "https://beratung.example.org/alleinerziehende"
    assert service["organization"]["name"] == "Familienhilfe Nord e. V."
    assert service["phones"][0]["number"] == "0211 555"
    assert service["contacts"][0]["name"] == "Frau Muster"
    assert {lang["code"] for lang in service["languages"]} == {"de", "tr"}
    assert [c["amount"] for c in service["cost_options"]] == [0]
    assert {a["name"] for a in service["service_areas"]} == {"Altstadt", "Bilk"}
    sals = {s["location"]["name"]: s for s in service["service_at_locations"]}
    assert set(sals) == {"Kita Sonnenschein", "Bürgerhaus"}
    kita = sals["Kita Sonnenschein"]
    assert kita["location"]["latitude"] == 51.205
    address = kita["location"]["addresses"][0]
    assert (address["state_province"], address["country"]) == ("Nordrhein-Westfalen", "DE")
    assert [(s["byday"], s["opens_at"], s["closes_at"], s["freq"]) for s in kita["schedules"]] == [
        ("MO", "09:00", "12:00", "WEEKLY")
    ]
    # a session without location belongs to the service itself
    assert [(s["byday"], s["opens_at"]) for s in service["schedules"]] == [("FR", "10:00")]


def test_attributes_link_every_vocabulary_derived_life_phases_and_foreign_terms(hsds_catalogue):
    service = _by_name(hsds_document(tenant=hsds_catalogue.tenant).services)[
        "Beratung für Alleinerziehende"
    ]
    by_type: dict[str, set] = {}
    for attr in service["attributes"]:
        term = attr["taxonomy_term"]
        assert attr["taxonomy_term_id"] == term["id"] and attr["link_id"] == service["id"]
        by_type.setdefault(attr["link_type"], set()).add(
            (term["taxonomy"], term["code"], attr.get("value"))
        )
    assert {
        "dimensions", "participants", "target_groups", "topics", "settings", "formats",
        "access_options", "languages", "accessibility", "funding_programmes",
        "prevention_level", "evidence_programme", "transitions", "life_phases",
        "external_terms", "field",
    } == set(by_type)  # fmt: skip
    assert ("praevnav:topic", "erziehung-familie", None) in by_type["topics"]
    assert ("praevnav:transition", "familie-kita", None) in by_type["transitions"]
    # 6–72 months and pregnancy: pregnancy, 0–3, 3–6 (derived, never stored)
    assert {code for _t, code, _v in by_type["life_phases"]} == {"schwangerschaft", "0-3", "3-6"}
    assert ("Open Eligibility", "1102", None) in by_type["external_terms"]
    fields = {(code, value) for _t, code, value in by_type["field"]}
    assert {
        ("age_min_months", "6"),
        ("age_max_months", "72"),
        ("pregnancy", "true"),
        ("childcare", "true"),
        ("by_appointment", "true"),
        ("service_area_kind", "areas"),
        ("service_area", "stadtteil:011"),
        ("service_area", "stadtteil:021"),
        ("valid_from", "2020-01-01"),
        ("capacity_per_year", "40"),
        ("summary_plain", "Wir helfen Ihnen."),
        ("schedule_note", "In den Ferien geschlossen"),
    } <= fields
    translation = json.loads(next(v for c, v in fields if c == "translation"))
    assert translation["language"] == "tr" and translation["title"].startswith("Tek")


def test_taxonomy_terms_cover_every_vocabulary_life_phase_transition_and_foreign_term(
    hsds_catalogue,
):
    tenant = hsds_catalogue.tenant
    doc = hsds_document(tenant=tenant)
    names = {t["name"] for t in doc.taxonomies}
    assert {f"praevnav:{v.value}" for v in Vocabulary} <= names
    assert {"praevnav:life_phase", "praevnav:transition", "praevnav:field"} <= names
    assert {"Open Eligibility", "Stadt Köln"} <= names
    codes = {(t["taxonomy"], t["code"]) for t in doc.taxonomy_terms}
    for term in Term.all_tenants.filter(tenant=tenant):
        assert (f"praevnav:{term.vocabulary}", term.code) in codes
    for phase in LifePhase.all_tenants.filter(tenant=tenant):
        assert ("praevnav:life_phase", phase.code) in codes
    for tr in Transition.all_tenants.filter(tenant=tenant):
        assert ("praevnav:transition", tr.code) in codes
    assert {("praevnav:field", code) for code in FIELD_TERMS} <= codes
    assert ("Stadt Köln", "K-17") in codes
    taxonomy_ids = {t["id"] for t in doc.taxonomies}
    assert all(t["taxonomy_id"] in taxonomy_ids for t in doc.taxonomy_terms)
    assert len({t["id"] for t in doc.taxonomy_terms}) == len(doc.taxonomy_terms)


def test_ids_are_stable_uuids_and_follow_the_external_id_rule(hsds_catalogue):
    tenant = hsds_catalogue.tenant
    first = hsds_document(tenant=tenant)
    second = hsds_document(tenant=tenant)
    assert json.dumps(first.services) == json.dumps(second.services)
    services = _by_name(first.services)
    # a UUID external id is the HSDS id (lower case)
    assert services["Schwimmkurs für Kinder"]["id"] == EXTERNAL_UUID.lower()
    # no external id: uuid5 of slug, type and pk
    senior = hsds_catalogue.senior
    assert services["Seniorentreff"]["id"] == str(
        uuid.uuid5(ids.NAMESPACE, f"duesseldorf/service/{senior.pk}")
    )
    # a non-UUID organisation external id: uuid5 of it, the original as identifier
    org = services["Beratung für Alleinerziehende"]["organization"]
    assert org["id"] == str(uuid.uuid5(ids.NAMESPACE, "duesseldorf/organization/external/org-7"))
    assert org["organization_identifiers"][0]["identifier"] == "org-7"
    every_id = [value for s in first.services for value in _walk_ids(s)]
    assert all(ids.is_uuid(value) for value in every_id)


def _walk_ids(obj):
    if isinstance(obj, dict):
        for key, value in obj.items():
            if key == "id" or key.endswith("_id"):
                yield value
            else:
                yield from _walk_ids(value)
    elif isinstance(obj, list):
        for item in obj:
            yield from _walk_ids(item)


def test_export_query_count_does_not_grow_with_the_number_of_offers(tenant):
    org = OrganisationFactory(tenant=tenant)
    topic = Term.all_tenants.get(tenant=tenant, vocabulary="topic", code="schutz")

    def add(n):
        for _ in range(n):
            offer = OfferFactory(tenant=tenant, organisation=org)
            offer.topics.set([topic])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            hsds_document(tenant=tenant)
        return len(ctx.captured_queries)

    add(3)
    few = count()
    add(40)
    assert count() == few


def test_command_writes_json_and_the_official_tabular_files(hsds_catalogue, tmp_path):
    out = StringIO()
    call_command("export_hsds", str(tmp_path / "hsds"), "--tenant", "duesseldorf", stdout=out)
    assert "3 services" in out.getvalue()
    target = tmp_path / "hsds"
    services = json.loads((target / "services.json").read_text(encoding="utf-8"))
    assert {s["name"] for s in services} == {
        "Beratung für Alleinerziehende", "Schwimmkurs für Kinder", "Seniorentreff",
    }  # fmt: skip
    for name in ("organizations", "taxonomies", "taxonomy_terms"):
        assert json.loads((target / f"{name}.json").read_text(encoding="utf-8"))
    official = settings.DATA_DIR / "openreferral" / "hsds_3.0" / "examples" / "csv"
    for _table, (filename, _columns) in TABLES.items():
        with (official / filename).open(encoding="utf-8-sig") as handle:
            expected = next(csv.reader(handle))
        with (target / filename).open(encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        assert rows[0] == expected, filename
    with (target / "services.csv").open(encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) == 3
    with (target / "schedules.csv").open(encoding="utf-8") as handle:
        schedules = list(csv.DictReader(handle))
    assert sorted(s["byday"] for s in schedules) == ["FR", "MO", "WE"]
    assert all(s["service_id"] for s in schedules)
    with (target / "attributes.csv").open(encoding="utf-8") as handle:
        attributes = list(csv.DictReader(handle))
    term_ids = {
        row["id"] for row in csv.DictReader((target / "taxonomy_terms.csv").open(encoding="utf-8"))
    }
    assert attributes and all(a["taxonomy_term_id"] in term_ids for a in attributes)
    package = json.loads((target / "datapackage.json").read_text(encoding="utf-8"))
    assert {r["path"] for r in package["resources"]} == {f for f, _c in TABLES.values()}


def test_command_names_an_unknown_tenant_and_an_unwritable_directory(hsds_catalogue, tmp_path):
    with pytest.raises(CommandError, match="Unknown tenant “nirgendwo”"):
        call_command("export_hsds", str(tmp_path), "--tenant", "nirgendwo")
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(CommandError, match="a-file"):
        call_command("export_hsds", str(blocker), "--tenant", "duesseldorf")
    assert blocker.read_text() == "x"
