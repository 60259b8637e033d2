"""The offer record: derived life phases, age queries and constraints."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factories import OfferFactory, OrganisationFactory
from praevnav.catalogue.models import MAX_AGE_MONTHS, Offer
from praevnav.core.tenancy import tenant_context
from praevnav.taxonomy.models import LifePhase
from praevnav.taxonomy.services import derive_life_phases

pytestmark = pytest.mark.django_db


def phase_codes(offer: Offer) -> list[str]:
    return [p.code for p in offer.life_phases]


@pytest.mark.parametrize(
    "pregnancy,lo,hi,expected",
    [
        (False, 0, 36, ["0-3"]),
        (False, 36, 72, ["3-6"]),
        (False, 30, 40, ["0-3", "3-6"]),
        (True, None, None, ["schwangerschaft"]),
        (False, 780, None, ["65plus"]),
        (False, None, None, ["0-3", "3-6", "6-10", "10-16", "16-27", "27-65", "65plus"]),
    ],
)
def test_offer_life_phases_are_derived_from_the_tenants_phases(tenant, pregnancy, lo, hi, expected):
    offer = OfferFactory(tenant=tenant, pregnancy=pregnancy, age_min_months=lo, age_max_months=hi)
    assert phase_codes(offer) == expected


def test_offer_life_phases_follow_planner_edits_of_the_tenant(tenant, other_tenant):
    offer = OfferFactory(tenant=tenant, age_min_months=36, age_max_months=48)
    twin = OfferFactory(tenant=other_tenant, age_min_months=36, age_max_months=48)
    # The planners of ``tenant`` let 0–3 run to 4 years; nothing is stored on the offer.
    LifePhase.all_tenants.filter(tenant=tenant, code="0-3").update(max_age_months=48)
    LifePhase.all_tenants.filter(tenant=tenant, code="3-6").update(min_age_months=48)
    assert phase_codes(offer) == ["0-3"]
    assert phase_codes(twin) == ["3-6"]


# --- in_life_phase equals the Python derivation (property) ------------------------

BOUNDARIES = [0, 1, 35, 36, 37, 71, 72, 119, 120, 191, 192, 323, 324, 779, 780, 781, 1200]
age = st.one_of(st.sampled_from(BOUNDARIES), st.integers(min_value=0, max_value=MAX_AGE_MONTHS))


@st.composite
def age_ranges(draw):
    lo = draw(st.one_of(st.none(), age))
    hi = draw(st.one_of(st.none(), age))
    if lo is not None and hi is not None:
        lo, hi = sorted((lo, hi))
        if lo == hi:
            hi = lo + 1
    # ``hi == 0`` with ``lo is None`` stays possible: clean() rejects it, the
    # database does not, and both sides must still agree on such rows.
    return draw(st.booleans()), lo, hi


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ranges=st.lists(age_ranges(), min_size=1, max_size=12), extra_phase=age_ranges())
def test_in_life_phase_matches_derived_life_phases(tenant, ranges, extra_phase):
    with transaction.atomic():
        organisation = OrganisationFactory(tenant=tenant)
        offers = [
            Offer.all_tenants.create(
                tenant=tenant,
                organisation=organisation,
                title="t",
                description="d",
                pregnancy=pregnancy,
                age_min_months=lo,
                age_max_months=hi,
            )
            for pregnancy, lo, hi in ranges
        ]
        ids = [o.pk for o in offers]
        pregnancy, lo, hi = extra_phase
        phases = list(LifePhase.all_tenants.filter(tenant=tenant)) + [
            # An unsaved, planner-defined phase with arbitrary bounds.
            LifePhase(
                tenant=tenant,
                code="x",
                is_pregnancy=pregnancy,
                min_age_months=lo,
                max_age_months=hi,
            )
        ]
        for phase in phases:
            in_db = set(
                Offer.all_tenants.filter(pk__in=ids)
                .in_life_phase(phase)
                .values_list("pk", flat=True)
            )
            in_python = {
                o.pk
                for o in offers
                if derive_life_phases(
                    phases=[phase],
                    pregnancy=o.pregnancy,
                    min_months=o.age_min_months,
                    max_months=o.age_max_months,
                )
            }
            assert in_db == in_python, (phase.code, phase.min_age_months, phase.max_age_months)
        for offer in offers:
            member = {p.code for p in offer.life_phases}
            for phase in phases[:-1]:
                assert (
                    offer.pk
                    in set(
                        Offer.all_tenants.filter(pk=offer.pk)
                        .in_life_phase(phase)
                        .values_list("pk", flat=True)
                    )
                ) is (phase.code in member)
        transaction.set_rollback(True)


def test_in_life_phase_is_also_available_on_the_scoped_manager(active_tenant):
    toddler = OfferFactory(tenant=active_tenant, age_min_months=12, age_max_months=24)
    OfferFactory(tenant=active_tenant, age_min_months=200, age_max_months=300)
    phase = LifePhase.objects.get(code="0-3")
    assert list(Offer.objects.published().in_life_phase(phase)) == [toddler]


@pytest.mark.parametrize(
    "query,expected",
    [
        ((0, 36), {"baby", "open-top", "all"}),
        ((36, 72), {"kita", "open-top", "all"}),
        ((24, 48), {"baby", "kita", "open-top", "all"}),
        ((None, 12), {"baby", "all"}),
        ((100, None), {"open-top", "all"}),
        ((None, None), {"baby", "kita", "open-top", "all"}),
    ],
)
def test_overlapping_age(tenant, query, expected):
    for title, lo, hi in [
        ("baby", 0, 36),
        ("kita", 36, 72),
        ("open-top", 30, None),
        ("all", None, None),
    ]:
        OfferFactory(tenant=tenant, title=title, age_min_months=lo, age_max_months=hi)
    assert set(Offer.all_tenants.overlapping_age(*query).values_list("title", flat=True)) == (
        expected
    )
    with tenant_context(tenant):
        found = set(Offer.objects.overlapping_age(*query).values_list("title", flat=True))
    assert found == expected


# --- constraints ----------------------------------------------------------------


@pytest.mark.parametrize(
    "fields,constraint",
    [
        ({"age_min_months": 36, "age_max_months": 36}, "offer_age_range_ordered"),
        ({"age_min_months": 72, "age_max_months": 36}, "offer_age_range_ordered"),
        (
            {"valid_from": dt.date(2025, 6, 1), "valid_until": dt.date(2025, 5, 31)},
            "offer_validity_ordered",
        ),
    ],
)
def test_database_rejects_unordered_ranges(tenant, fields, constraint):
    offer = OfferFactory.build(
        tenant=tenant, organisation=OrganisationFactory(tenant=tenant), **fields
    )
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        offer.save()
    # SQLite names the constraint; PostgreSQL does too.
    assert constraint in str(excinfo.value) or "CHECK" in str(excinfo.value).upper()


@pytest.mark.parametrize(
    "fields,field",
    [
        ({"age_min_months": 36, "age_max_months": 36}, "age_max_months"),
        ({"age_min_months": 72, "age_max_months": 36}, "age_max_months"),
        ({"age_min_months": None, "age_max_months": 0}, "age_max_months"),
        ({"age_min_months": MAX_AGE_MONTHS + 1}, "age_min_months"),
        (
            {"valid_from": dt.date(2025, 6, 1), "valid_until": dt.date(2025, 5, 31)},
            "valid_until",
        ),
    ],
)
def test_clean_names_the_field(tenant, fields, field):
    offer = OfferFactory.build(
        tenant=tenant, organisation=OrganisationFactory(tenant=tenant), **fields
    )
    with pytest.raises(ValidationError) as excinfo:
        offer.full_clean(exclude=["dimensions"])
    assert field in excinfo.value.message_dict


def test_same_day_validity_and_adjacent_ages_are_fine(tenant):
    offer = OfferFactory.build(
        tenant=tenant,
        organisation=OrganisationFactory(tenant=tenant),
        age_min_months=0,
        age_max_months=1,
        valid_from=dt.date(2025, 6, 1),
        valid_until=dt.date(2025, 6, 1),
    )
    offer.full_clean()
    offer.save()


def test_external_id_is_unique_per_tenant_only(tenant, other_tenant):
    OfferFactory(tenant=tenant, external_id="A-1")
    OfferFactory(tenant=other_tenant, external_id="A-1")
    OfferFactory(tenant=tenant, external_id="")
    OfferFactory(tenant=tenant, external_id="")
    with pytest.raises(IntegrityError), transaction.atomic():
        OfferFactory(tenant=tenant, external_id="A-1")


def test_organisation_with_offers_cannot_be_deleted(tenant):
    offer = OfferFactory(tenant=tenant)
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        offer.organisation.delete()
