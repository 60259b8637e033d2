"""Pages for goals and measures: permissions per persona, the prefilled create form from
the gap list and overlaps, validation errors on the page, edits with history, the goal
delete dialogue and query counts of the lists."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from factories import AreaFactory, LocationFactory, OfferFactory, TenantFactory
from praevnav.core.models import AuditEntry
from praevnav.planning.models import Goal, Measure
from praevnav.planning.services_measures import goal_create, measure_create
from praevnav.taxonomy.models import LifePhase

pytestmark = pytest.mark.django_db

LIST = reverse("planning:measure_list")
CREATE = reverse("planning:measure_create")
GOALS = reverse("planning:goal_list")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _measure(tenant, **kw):
    return measure_create(tenant=tenant, data={"title": "Babylotsen", "owner": "Amt 51", **kw})


@pytest.mark.parametrize(
    ("persona", "view", "manage"),
    [
        ("anonymous", None, None),
        ("fachkraft", 403, 403),
        ("traeger_editor", 403, 403),
        ("koordination", 200, 403),
        ("planer", 200, 200),
        ("admin", 200, 200),
    ],
)
def test_permissions_per_persona(tenant, persona_client, persona, view, manage):
    measure = _measure(tenant)
    client = persona_client(persona)
    for url in (LIST, GOALS, reverse("planning:measure_detail", args=[measure.pk])):
        response = client.get(url)
        if view is None:
            assert response.status_code == 302 and response["Location"].startswith(
                reverse("accounts:login")
            )
        else:
            assert response.status_code == view
    for url in (
        CREATE,
        reverse("planning:measure_edit", args=[measure.pk]),
        reverse("planning:goal_create"),
    ):
        response = client.get(url)
        if manage is None:
            assert response.status_code == 302 and response["Location"].startswith(
                reverse("accounts:login")
            )
        else:
            assert response.status_code == manage
    # a POST without permission changes nothing
    client.post(
        reverse("planning:measure_edit", args=[measure.pk]),
        {"title": "Geändert", "owner": "X", "source": "other", "status": "proposed"},
    )
    measure.refresh_from_db()
    assert (measure.title == "Geändert") == (manage == 200)


def test_koordination_sees_no_change_links(tenant, persona_client):
    measure = _measure(tenant)
    page = persona_client("koordination").get(reverse("planning:measure_detail", args=[measure.pk]))
    assert b'id="edit-link"' not in page.content
    page = persona_client("planer").get(reverse("planning:measure_detail", args=[measure.pk]))
    assert b'id="edit-link"' in page.content


def test_create_form_is_prefilled_from_a_gap(tenant, persona_client):
    AreaFactory(tenant=tenant, code="037", name="Oberbilk")
    page = persona_client("planer").get(
        CREATE + "?source=gap&area=037&life_phase=0-3&dimension=gesundheit"
    )
    html = page.content.decode()
    form = page.context["form"]
    assert form.initial["area"].code == "037"
    assert 'id="prefill-note" data-source="gap"' in html
    assert 'value="gap" id="id_source_0" checked' in html
    assert form["life_phase"].value() == LifePhase.all_tenants.get(tenant=tenant, code="0-3").pk
    assert "<legend" in html and 'id="error-summary"' not in html


def test_create_from_an_overlap_lists_its_offers_and_keeps_the_key(tenant, persona_client):
    a = OfferFactory(tenant=tenant, title="Elterncafé Nord")
    b = OfferFactory(tenant=tenant, title="Elterntreff Nord")
    client = persona_client("planer")
    page = client.get(CREATE + f"?source=overlap&offers={a.pk},{b.pk}&overlap=key42")
    html = page.content.decode()
    assert "Elterncafé Nord" in html and "Elterntreff Nord" in html
    assert 'name="overlap_key" value="key42"' in html
    response = client.post(
        CREATE + f"?source=overlap&offers={a.pk},{b.pk}&overlap=key42",
        {
            "title": "Elterncafés abstimmen",
            "owner": "Amt 51",
            "source": "overlap",
            "status": "proposed",
            "offers": [a.pk, b.pk],
            "overlap_key": "key42",
        },
    )
    measure = Measure.all_tenants.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("planning:measure_detail", args=[measure.pk])
    assert set(measure.offers.values_list("pk", flat=True)) == {a.pk, b.pk}
    assert measure.source == "overlap"
    entry = AuditEntry.objects.get(action="measure.create")
    assert entry.changes["overlap"] == [None, "key42"]


def test_create_shows_an_error_summary_linking_to_the_fields(tenant, persona_client):
    response = persona_client("planer").post(
        CREATE,
        {
            "title": "",
            "owner": "Amt",
            "source": "gap",
            "status": "decided",
            "recheck_on": "2025-01-01",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="error-summary"' in html
    assert 'href="#id_title"' in html
    assert 'href="#id_decision_date"' in html  # the service's rule, attached to its field
    assert 'aria-invalid="true"' in html
    assert not Measure.all_tenants.exists()


def test_add_offers_by_number_rejects_foreign_offers(tenant, persona_client):
    mine = OfferFactory(tenant=tenant)
    foreign = OfferFactory(tenant=TenantFactory(slug="fremd"))
    client = persona_client("planer")
    base = {"title": "T", "owner": "O", "source": "other", "status": "proposed"}
    response = client.post(CREATE, {**base, "add_offers": f"{mine.pk}, {foreign.pk}"})
    assert 'href="#id_add_offers"' in response.content.decode()
    assert not Measure.all_tenants.exists()
    client.post(CREATE, {**base, "add_offers": f"Nr. {mine.pk}"})
    assert list(Measure.all_tenants.get().offers.all()) == [mine]


def test_edit_changes_status_and_the_detail_shows_history(tenant, persona_client):
    measure = _measure(tenant)
    client = persona_client("planer")
    response = client.post(
        reverse("planning:measure_edit", args=[measure.pk]),
        {
            "title": "Babylotsen",
            "owner": "Amt 51",
            "source": "other",
            "status": "in_progress",
            "decision_date": "2025-02-03",
            "decision_body": "JHA",
            "recheck_on": "2026-02-03",
        },
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert (measure.status, measure.decision_date) == ("in_progress", dt.date(2025, 2, 3))
    page = client.get(reverse("planning:measure_detail", args=[measure.pk]))
    html = page.content.decode()
    assert 'data-action="measure.status"' in html
    assert "vorgeschlagen → in Umsetzung" in html


def test_detail_shows_current_figures_of_the_gap_cell(tenant, persona_client):
    area = AreaFactory(tenant=tenant, code="011", name="Nord")
    place = LocationFactory(tenant=tenant)
    place.areas.set([area])
    for title, lo, hi in [("Babymassage", 0, 12), ("Krabbeln", 6, 30), ("Jugendtreff", 150, 200)]:
        OfferFactory(
            tenant=tenant, title=title, age_min_months=lo, age_max_months=hi
        ).locations.set([place])
    measure = _measure(
        tenant,
        area=area,
        source="gap",
        life_phase=LifePhase.all_tenants.get(tenant=tenant, code="0-3"),
    )
    page = persona_client("planer").get(reverse("planning:measure_detail", args=[measure.pk]))
    assert page.context["context"]["cell"].offers == 2
    assert 'id="cell-figures" data-offers="2"' in page.content.decode()


def test_recheck_overdue_measures_are_flagged_in_the_list(tenant, persona_client):
    _measure(tenant, title="Überfällig", recheck_on=dt.date(2020, 1, 1))
    _measure(tenant, title="Später", recheck_on=dt.date(2999, 1, 1))
    client = persona_client("planer")
    html = client.get(LIST).content.decode()
    assert html.count('data-recheck-due="true"') == 1
    filtered = client.get(LIST + "?overdue=1")
    assert [m.title for m in filtered.context["measures"]] == ["Überfällig"]


def test_list_is_sortable_and_keeps_filters_in_sort_links(tenant, persona_client):
    _measure(tenant, title="B")
    _measure(tenant, title="A")
    client = persona_client("planer")
    page = client.get(LIST + "?sort=title&status=proposed")
    assert [m.title for m in page.context["measures"]] == ["A", "B"]
    assert page.context["sort_links"]["title"]["url"] == "?status=proposed&sort=-title"
    assert [m.title for m in client.get(LIST + "?sort=-title").context["measures"]] == ["B", "A"]
    assert client.get(LIST + "?sort=bogus").context["sort"] == "-updated"


def test_another_tenants_measure_is_a_404(tenant, persona_client):
    other = _measure(TenantFactory(slug="fremd"))
    client = persona_client("planer")
    assert client.get(reverse("planning:measure_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("planning:measure_edit", args=[other.pk])).status_code == 404


def test_goal_pages_create_and_delete_with_moving_measures(tenant, persona_client):
    client = persona_client("planer")
    client.post(reverse("planning:goal_create"), {"title": "Gesund aufwachsen", "position": 0})
    top = Goal.all_tenants.get(title="Gesund aufwachsen")
    client.post(reverse("planning:goal_create"), {"title": "Frühe Hilfen", "parent": top.pk})
    child = Goal.all_tenants.get(title="Frühe Hilfen")
    assert child.parent == top
    target = goal_create(tenant=tenant, data={"title": "Ziel B"})
    measure = _measure(tenant, goal=child)
    page = client.get(reverse("planning:goal_delete", args=[child.pk]))
    assert 'id="goal-measures"' in page.content.decode()
    client.post(reverse("planning:goal_delete", args=[child.pk]), {"move_to": target.pk})
    measure.refresh_from_db()
    assert measure.goal == target
    html = client.get(GOALS).content.decode()
    assert f'id="goal-{top.pk}"' in html and f'data-measure="{measure.pk}"' in html


def test_measure_list_query_count_does_not_grow(tenant, persona_client):
    client = persona_client("planer")
    goal = goal_create(tenant=tenant, data={"title": "Ziel"})
    area = AreaFactory(tenant=tenant)
    _measure(tenant, goal=goal, area=area)
    client.get(LIST)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    with CaptureQueriesContext(connection) as few_goals:
        client.get(GOALS)
    for i in range(15):
        m = _measure(
            tenant,
            title=f"M{i}",
            goal=goal,
            area=area,
            life_phase=LifePhase.all_tenants.get(tenant=tenant, code="0-3"),
        )
        m.offers.set([OfferFactory(tenant=tenant)])
        goal_create(tenant=tenant, data={"title": f"Unterziel {i}", "parent": goal})
    with CaptureQueriesContext(connection) as many:
        client.get(LIST)
    with CaptureQueriesContext(connection) as many_goals:
        client.get(GOALS)
    assert len(many) == len(few)
    assert len(many_goals) == len(few_goals)
