"""The currency dashboard: exact figures on a constructed fixture, sorting, permissions,
a query count that does not grow with the rows, and the tenant settings form."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from catalogue.currency.conftest import add_editor
from factories import AreaFactory, LocationFactory, OfferFactory, OrganisationFactory
from praevnav.accounts.enums import Role
from praevnav.catalogue.enums import OfferStatus
from praevnav.catalogue.models import CurrencyReminder, Offer
from praevnav.catalogue.selectors import published_offers
from praevnav.catalogue.selectors_currency import currency_dashboard
from praevnav.core.models import AuditEntry, Tenant

pytestmark = pytest.mark.django_db

URL = "/verwaltung/aktualitaet/"


def set_due(offer, due, grace=60):
    Offer.all_tenants.filter(pk=offer.pk).update(
        confirmation_due=due, hidden_from=due + timedelta(days=grace)
    )


@pytest.fixture
def fixture(tenant):
    """Two providers, two Stadtbezirke, five published offers in every currency state:

    ========  ========  ==========  =========  ===========
    offer     provider  state       ages (mo)  Bezirke
    ========  ========  ==========  =========  ===========
    a1        Alpha     current     0–36       1
    a2        Alpha     due soon    36–72      1, 2
    a3        Alpha     overdue 5d  0–36       2
    b1        Beta      hidden 70d  72–120     2
    b2        Beta      current     all ages   –
    ========  ========  ==========  =========  ===========
    """
    today = timezone.localdate()
    alpha = OrganisationFactory(tenant=tenant, name="Alpha e. V.")
    beta = OrganisationFactory(tenant=tenant, name="Beta gGmbH")
    add_editor(tenant, alpha, "editor-alpha")
    b1_area = AreaFactory(tenant=tenant, level="stadtbezirk", code="01", name="Bezirk 1")
    b2_area = AreaFactory(tenant=tenant, level="stadtbezirk", code="02", name="Bezirk 2")
    loc1 = LocationFactory(tenant=tenant, organisation=alpha, name="Haus 1")
    loc2 = LocationFactory(tenant=tenant, organisation=alpha, name="Haus 2")
    loc1.areas.set([b1_area])
    loc2.areas.set([b2_area])

    def offer(title, org, due, lo, hi, locs):
        o = OfferFactory(
            tenant=tenant, organisation=org, title=title, age_min_months=lo, age_max_months=hi
        )
        o.locations.set(locs)
        set_due(o, due)
        return o

    offers = {
        "a1": offer("A1", alpha, today + timedelta(days=265), 0, 36, [loc1]),
        "a2": offer("A2", alpha, today + timedelta(days=10), 36, 72, [loc1, loc2]),
        "a3": offer("A3", alpha, today - timedelta(days=5), 0, 36, [loc2]),
        "b1": offer("B1", beta, today - timedelta(days=70), 72, 120, [loc2]),
        "b2": offer("B2", beta, today + timedelta(days=200), None, None, []),
    }
    # Not published: never counted.
    OfferFactory(tenant=tenant, organisation=alpha, status=OfferStatus.DRAFT)
    OfferFactory(tenant=tenant, organisation=beta, status=OfferStatus.ARCHIVED)
    CurrencyReminder.all_tenants.create(
        tenant=tenant, offer=offers["a3"], kind="expired", due_on=today - timedelta(days=5)
    )
    return offers


def rows(share_rows):
    return {r.name: (r.total, r.current, r.overdue, r.hidden, r.share) for r in share_rows}


def test_totals_and_shares_match_the_fixture(tenant, fixture):
    data = currency_dashboard(tenant=tenant)
    t = data.totals
    assert (t.total, t.current, t.due_soon, t.overdue, t.hidden) == (5, 2, 1, 1, 1)
    assert t.share_current == 60.0
    assert rows(data.by_provider) == {
        "Alpha e. V.": (3, 2, 1, 0, 66.7),
        "Beta gGmbH": (2, 1, 0, 1, 50.0),
    }
    assert rows(data.by_area) == {
        "Bezirk 1": (2, 2, 0, 0, 100.0),
        "Bezirk 2": (3, 1, 1, 1, 33.3),
        "": (1, 1, 0, 0, 100.0),
    }
    assert data.area_level == "stadtbezirk"
    phases = {r.name: (r.total, r.current) for r in data.by_phase}
    by_label = list(phases.items())
    # Chain order; b2 (all ages) counts in every phase but pregnancy.
    assert [v for _k, v in by_label] == [
        (0, 0),
        (3, 2),
        (2, 2),
        (2, 1),
        (1, 1),
        (1, 1),
        (1, 1),
        (1, 1),
    ]


def test_overdue_list_longest_first_with_reachability_and_last_reminder(tenant, fixture):
    data = currency_dashboard(tenant=tenant)
    assert [(r.title, r.days_overdue, r.hidden, r.editors_reachable) for r in data.overdue] == [
        ("B1", 70, True, False),
        ("A3", 5, False, True),
    ]
    assert data.overdue[0].last_reminder is None
    assert data.overdue[1].last_reminder is not None


def test_sorting_by_query_parameters(tenant, fixture):
    data = currency_dashboard(
        tenant=tenant, sorts={"provider": "-name", "overdue": "days", "area": "-total"}
    )
    assert [r.name for r in data.by_provider] == ["Beta gGmbH", "Alpha e. V."]
    assert [r.title for r in data.overdue] == ["A3", "B1"]
    assert [r.name for r in data.by_area][:2] == ["Bezirk 2", "Bezirk 1"]
    # The row of offers without a location in an area stays last in every order.
    for order in ("name", "-name", "share", "-total"):
        by_area = currency_dashboard(tenant=tenant, sorts={"area": order}).by_area
        assert [r.no_area for r in by_area] == [False, False, True]
    # Unknown columns fall back to the default order.
    data = currency_dashboard(tenant=tenant, sorts={"provider": "drop table", "overdue": "-evil"})
    assert [r.title for r in data.overdue] == ["B1", "A3"]
    assert data.sorts["provider"] == "share"


def test_page_shows_figures_and_sort_links(persona_client, fixture):
    html = persona_client("planer").get(URL + "?sort_overdue=title").content.decode()
    assert 'data-state="hidden"><th scope="row" class="kern-table__header">' in html
    a3, b1 = (f'data-offer="{fixture[k].pk}"' for k in ("a3", "b1"))
    assert html.index(a3) < html.index(b1)
    assert 'aria-sort="ascending"' in html
    assert "sort_overdue=-title" in html
    assert "<caption" in html and "60,0 %" in html


def test_query_count_does_not_grow_with_rows(tenant, fixture, persona_client):
    client = persona_client("planer")
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    org = OrganisationFactory(tenant=tenant, name="Gamma")
    add_editor(tenant, org, "editor-gamma")
    loc = LocationFactory(tenant=tenant, organisation=org)
    for i in range(15):
        o = OfferFactory(tenant=tenant, organisation=org, age_min_months=i, age_max_months=i + 40)
        o.locations.set([loc])
        set_due(o, timezone.localdate() - timedelta(days=i + 1))
        CurrencyReminder.all_tenants.create(
            tenant=tenant,
            offer=o,
            kind="expired",
            due_on=o.confirmation_due or timezone.localdate(),
        )
    with CaptureQueriesContext(connection) as large:
        html = client.get(URL).content.decode()
    assert html.count("data-offer=") == 17
    assert len(large.captured_queries) == len(small.captured_queries)
    assert len(large.captured_queries) <= 20


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("fachkraft", False),
        ("traeger_editor", False),
        ("koordination", False),
        ("planer", True),
        ("admin", True),
    ],
)
def test_dashboard_permissions_per_persona(persona_client, fixture, persona, allowed):
    response = persona_client(persona).get(URL)
    assert (response.status_code == 200) is allowed
    assert ('id="overdue-table"' in response.content.decode()) is allowed
    if not allowed:
        assert response.status_code == 403


def test_anonymous_is_sent_to_login(client, fixture):
    response = client.get(URL)
    assert response.status_code == 302 and "/konto/" in response["Location"]


def test_planner_of_another_tenant_sees_nothing(client, fixture, other_tenant):
    planner = add_editor(other_tenant, None, "planer-andere", role=Role.PLANER)
    client.force_login(planner)
    assert client.get(URL).status_code == 403


def test_kreis_dashboard_includes_member_towns(db):
    from factories import TenantFactory
    from praevnav.core.models import TenantKind

    kreis = TenantFactory(slug="kreis-x", kind=TenantKind.KREIS)
    town = TenantFactory(slug="town-x", kind=TenantKind.GEMEINDE, parent=kreis)
    OfferFactory(tenant=kreis)
    OfferFactory(tenant=town)
    assert currency_dashboard(tenant=kreis).totals.total == 2
    assert currency_dashboard(tenant=town).totals.total == 1


# --- tenant settings ----------------------------------------------------------------------


def test_settings_change_recomputes_due_dates_and_hides(tenant, persona_client, organisation):
    today = timezone.localdate()
    offer = OfferFactory(
        tenant=tenant, organisation=organisation, last_confirmed_at=today - timedelta(days=250)
    )
    assert published_offers(tenant=tenant).filter(pk=offer.pk).exists()
    response = persona_client("planer").post(
        reverse("currency:settings"),
        {"confirmation_interval_months": "6", "grace_period_days": "30"},
    )
    assert response.status_code == 302
    tenant.refresh_from_db()
    offer.refresh_from_db()
    assert (tenant.confirmation_interval_months, tenant.grace_period_days) == (6, 30)
    from praevnav.catalogue.currency import add_months

    assert offer.confirmation_due == add_months(today - timedelta(days=250), 6)
    assert offer.hidden_from == offer.confirmation_due + timedelta(days=30)
    # 250 days ago + 6 months + 30 days lies in the past: the offer left public search.
    assert not published_offers(tenant=tenant).filter(pk=offer.pk).exists()
    entry = AuditEntry.objects.get(action="tenant.currency_settings")
    assert entry.changes["confirmation_interval_months"] == [12, 6]
    assert entry.changes["grace_period_days"] == [60, 30]


def test_settings_change_with_bad_values_changes_nothing(tenant, persona_client, organisation):
    offer = OfferFactory(tenant=tenant, organisation=organisation)
    due = offer.confirmation_due
    response = persona_client("planer").post(
        reverse("currency:settings"),
        {"confirmation_interval_months": "0", "grace_period_days": "x"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert (
        'href="#id_confirmation_interval_months"' in html and 'href="#id_grace_period_days"' in html
    )
    tenant.refresh_from_db()
    offer.refresh_from_db()
    assert (
        tenant.confirmation_interval_months,
        tenant.grace_period_days,
        offer.confirmation_due,
    ) == (12, 60, due)


@pytest.mark.parametrize("persona", ["anonymous", "fachkraft", "traeger_editor", "koordination"])
def test_settings_change_refused_for_other_personas(tenant, persona_client, persona):
    persona_client(persona).post(
        reverse("currency:settings"),
        {"confirmation_interval_months": "3", "grace_period_days": "5"},
    )
    assert Tenant.objects.get(pk=tenant.pk).confirmation_interval_months == 12
