"""The import pipeline: plan (nothing written) and apply (all or nothing)."""

from __future__ import annotations

import pytest

from exchange.importing.helpers import csv_bytes, row
from factories import AreaFactory, LocationFactory, OfferFactory, OrganisationFactory, square
from praevnav.accounts.models import Organisation
from praevnav.catalogue.enums import OfferStatus, RevisionStatus
from praevnav.catalogue.models import Offer, OfferRevision
from praevnav.exchange.importing import import_apply, import_plan
from praevnav.exchange.records import OfferRecord, OrganisationRecord, ParseResult
from praevnav.exchange.template.parser import parse_template
from praevnav.geography.models import Location
from praevnav.taxonomy.models import Term, TermMapping

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Offer.all_tenants.count(),
        Location.all_tenants.count(),
        Organisation.all_tenants.count(),
        OfferRevision.all_tenants.count(),
    )


def _plan(tenant, rows, **kwargs):
    return import_plan(tenant=tenant, parsed=parse_template(csv_bytes(rows), fmt="csv"), **kwargs)


def test_planner_import_creates_published_offer_with_codes_locations_and_sessions(
    tenant, persona_user
):
    planner = persona_user("planer")
    rows = [row(Träger="Neuer Träger e. V.", Träger_ID="NT-1")]
    report = import_apply(plan=_plan(tenant, rows, by=planner), by=planner)
    assert (report.created, report.applied, report.organisations_created) == (1, True, 1)
    offer = Offer.all_tenants.get(external_id="T-1")
    assert (offer.organisation.name, offer.organisation.external_id) == (
        "Neuer Träger e. V.",
        "NT-1",
    )
    assert offer.status == OfferStatus.PUBLISHED
    assert offer.age_max_months == 36
    assert sorted(offer.dimensions.values_list("code", flat=True)) == ["erziehung", "gesundheit"]
    location = offer.locations.get()
    assert (location.latitude, location.longitude) == (51.2055, 6.7855)
    slots = sorted((s.weekday, str(s.opens), s.note, s.location_id) for s in offer.sessions.all())
    assert slots == [
        (0, "09:00:00", "", location.pk),
        (2, "14:00:00", "nur Schulzeit", location.pk),
    ]
    revision = OfferRevision.all_tenants.get(offer=offer)
    assert (revision.number, revision.status, revision.author) == (
        1,
        RevisionStatus.APPROVED,
        planner,
    )


def test_reimport_is_unchanged_and_a_changed_title_is_an_update_applied_directly(tenant):
    import_apply(plan=_plan(tenant, [row()]))
    again = _plan(tenant, [row()]).report()
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    changed = import_apply(plan=_plan(tenant, [row(Titel="Elterncafé Nord-Ost")]))
    assert (changed.created, changed.updated) == (0, 1)
    assert changed.items[0].changes == ["title"]
    assert Offer.all_tenants.get(external_id="T-1").title == "Elterncafé Nord-Ost"
    assert Offer.all_tenants.count() == 1


def test_provider_import_goes_to_review(tenant, organisation, persona_user):
    editor = persona_user("traeger_editor")
    report = import_apply(
        plan=_plan(tenant, [row()], by=editor, organisation=organisation), by=editor
    )
    assert report.created == 1 and report.review
    offer = Offer.all_tenants.get(external_id="T-1")
    assert offer.status == OfferStatus.SUBMITTED and offer.organisation == organisation
    assert OfferRevision.all_tenants.get(offer=offer).status == RevisionStatus.SUBMITTED
    # A change of a published offer becomes a submitted revision; the live offer stays.
    offer.status = OfferStatus.PUBLISHED
    offer.save()
    OfferRevision.all_tenants.filter(offer=offer).update(status=RevisionStatus.APPROVED)
    report = import_apply(
        plan=_plan(tenant, [row(Titel="Neuer Titel")], by=editor, organisation=organisation),
        by=editor,
    )
    assert report.updated == 1
    offer.refresh_from_db()
    assert offer.title == "Elterncafé Nord"
    pending = OfferRevision.all_tenants.get(offer=offer, status=RevisionStatus.SUBMITTED)
    assert pending.data["title"] == "Neuer Titel"


def test_editor_rows_naming_another_provider_are_errors(tenant, organisation, persona_user):
    editor = persona_user("traeger_editor")
    plan = _plan(tenant, [row(Träger="Fremder Träger e. V.")], by=editor, organisation=organisation)
    errors = plan.report().errors
    assert errors and "Fremder Träger" in errors[0].message and errors[0].field == "Träger"


def test_editor_cannot_update_another_providers_offer(tenant, organisation, persona_user):
    other = OrganisationFactory(tenant=tenant, name="Anderer Träger")
    OfferFactory(tenant=tenant, organisation=other, external_id="T-1")
    editor = persona_user("traeger_editor")
    plan = _plan(tenant, [row()], by=editor, organisation=organisation)
    assert plan.report().rejected == 1
    assert Offer.all_tenants.get(external_id="T-1").organisation == other


def test_unknown_code_is_an_error_naming_row_column_code_and_valid_codes(tenant):
    report = _plan(
        tenant, [row(), row(Angebots_ID="T-2", Themen="sprachfoerderung|quatsch")]
    ).report()
    (error,) = report.errors
    assert error.source == "line 3" or "3" in error.source
    assert error.field == "Themen" and "quatsch" in error.message
    assert "sprachfoerderung" not in error.message.split("quatsch")[0]
    assert (
        Term.all_tenants.filter(tenant=tenant, vocabulary="topic").values_list("code", flat=True)[0]
        in error.message
    )
    assert (report.created, report.rejected) == (1, 1)


def test_labels_are_accepted_case_insensitively(tenant):
    report = import_apply(plan=_plan(tenant, [row(Präventionsdimensionen="BILDUNG; Gesundheit")]))
    assert report.created == 1
    offer = Offer.all_tenants.get()
    assert sorted(offer.dimensions.values_list("code", flat=True)) == ["bildung", "gesundheit"]


def test_duplicate_external_ids_not_contiguous_are_an_error(tenant):
    rows = [row(), row(Angebots_ID="T-2"), row(Standort_Name="Anderer Ort")]
    report = _plan(tenant, rows).report()
    assert any("T-1" in e.message and e.field == "Angebots-ID" for e in report.errors)


def test_conflicting_values_within_one_offer_are_an_error(tenant):
    report = _plan(tenant, [row(), row(Titel="Anders", Standort_Name="Zweiter Ort")]).report()
    assert [e.field for e in report.errors] == ["Titel"]
    assert report.rejected == 1


def test_invalid_coordinates_are_errors_outside_tenant_is_a_warning(tenant):
    AreaFactory(tenant=tenant, geometry=square(6.7, 51.2, 0.2))
    report = _plan(
        tenant,
        [
            row(Breitengrad="95", Längengrad="6,78"),
            row(Angebots_ID="T-2", Standort_Name="Weit weg", Breitengrad="48,1", Längengrad="11,5"),
        ],
    ).report()
    (error,) = report.errors
    assert error.field == "Breitengrad" and "95" in error.message
    (warning,) = report.warnings
    assert "Weit weg" in warning.message
    assert [i.action for i in report.items] == ["rejected", "create"]
    applied = import_apply(
        plan=_plan(
            tenant,
            [
                row(
                    Angebots_ID="T-2",
                    Standort_Name="Weit weg",
                    Breitengrad="48,1",
                    Längengrad="11,5",
                )
            ],
        )
    )
    assert applied.created == 1
    far = Location.all_tenants.get(name="Weit weg")
    assert far.outside_tenant and not far.areas.exists()


def test_all_or_nothing_database_unchanged_when_one_row_is_bad(tenant):
    before = _counts()
    plan = _plan(tenant, [row(), row(Angebots_ID="T-2", Themen="gibtsnicht")])
    report = import_apply(plan=plan)
    assert not report.applied and report.has_errors
    assert _counts() == before


def test_only_valid_writes_the_valid_offers(tenant):
    plan = _plan(tenant, [row(), row(Angebots_ID="T-2", Themen="gibtsnicht")])
    report = import_apply(plan=plan, only_valid=True)
    assert report.applied and report.created == 1 and report.rejected == 1
    assert list(Offer.all_tenants.values_list("external_id", flat=True)) == ["T-1"]


def test_existing_location_matched_by_id_and_by_name_and_street(tenant, organisation):
    by_id = LocationFactory(tenant=tenant, organisation=organisation, external_id="L-1", name="Alt")
    by_address = LocationFactory(
        tenant=tenant, organisation=organisation, name="Familienzentrum Nord", street="Nordstraße 1"
    )
    rows = [
        row(
            Träger=organisation.name,
            Standort_ID="L-1",
            Standort_Name="Alt",
            Straße=by_id.street,
            PLZ=by_id.postcode,
            Ort=by_id.city,
            Breitengrad="",
            Längengrad="",
        ),
        row(
            Träger=organisation.name,
            Angebots_ID="T-2",
            PLZ=by_address.postcode,
            Ort=by_address.city,
            Breitengrad="",
            Längengrad="",
        ),
    ]
    report = import_apply(plan=_plan(tenant, rows))
    assert (report.created, report.locations_created, report.organisations_created) == (2, 0, 0)
    assert Offer.all_tenants.get(external_id="T-1").locations.get() == by_id
    assert Offer.all_tenants.get(external_id="T-2").locations.get() == by_address


def _hsds_like(tenant, terms):
    record = OfferRecord(
        source="$[0]",
        external_id="H-1",
        organisation=OrganisationRecord(name="Familienhilfe Nord e. V."),
        fields={"title": "Beratung", "description": "Für Familien"},
        codes={"dimensions": ["gesundheit"]},
        external_terms=terms,
    )
    return ParseResult(records=[record])


def test_foreign_terms_mapped_are_added_and_unmapped_warn(tenant):
    topic = Term.all_tenants.get(tenant=tenant, vocabulary="topic", code="sprachfoerderung")
    TermMapping.all_tenants.create(
        tenant=tenant, taxonomy="open-eligibility", code="language", term=topic
    )
    terms = [
        {"taxonomy": "open-eligibility", "code": "language", "name": "Language"},
        {"taxonomy": "airs", "code": "XY-1", "name": "Irgendwas"},
    ]
    plan = import_plan(tenant=tenant, parsed=_hsds_like(tenant, terms))
    report = import_apply(plan=plan)
    assert report.applied and report.created == 1 and not report.errors
    (warning,) = report.warnings
    assert "XY-1" in warning.message and warning.source == "$[0]"
    offer = Offer.all_tenants.get(external_id="H-1")
    assert list(offer.topics.values_list("code", flat=True)) == ["sprachfoerderung"]
    assert {t["code"] for t in offer.external_terms} == {"language", "XY-1"}


def test_planner_update_of_offer_with_pending_provider_change_is_rejected(
    tenant, organisation, persona_user
):
    import_apply(plan=_plan(tenant, [row(Träger=organisation.name)]))
    offer = Offer.all_tenants.get()
    OfferRevision.all_tenants.filter(offer=offer).update(status=RevisionStatus.SUBMITTED)
    report = _plan(tenant, [row(Träger=organisation.name, Titel="Neu")]).report()
    assert report.rejected == 1 and "Prüfung" in report.errors[0].message
