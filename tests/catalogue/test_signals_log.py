"""Demand signals: anonymous search events, gap reports and their aggregation."""

from __future__ import annotations

from datetime import datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from factories import AreaFactory, LocationFactory, OfferFactory, square
from praevnav.catalogue import signals_log
from praevnav.catalogue.models import GapReport, SearchEvent
from praevnav.catalogue.search.params import SearchParams
from praevnav.catalogue.signals_log import (
    demand_signals,
    gap_report_create,
    hour_floor,
    query_words,
    search_event_record,
)

# Every column a search event has. A new column must be checked for privacy here first.
SEARCH_EVENT_COLUMNS = {
    "id",
    "tenant",
    "occurred_hour",
    "channel",
    "query_words",
    "filters",
    "area",
    "age_months",
    "pregnant",
    "life_phase_codes",
    "result_count",
}
GAP_REPORT_COLUMNS = SEARCH_EVENT_COLUMNS - {"channel"} | {"sought", "by_professional", "status"}


@pytest.fixture
def bilk(tenant):
    area = AreaFactory(
        tenant=tenant, level="stadtteil", code="031", name="Bilk", geometry=square(6.7, 51.2)
    )
    location = LocationFactory(
        tenant=tenant, street="Geheimweg 17", postcode="40219", latitude=51.205, longitude=6.705
    )
    offer = OfferFactory(
        tenant=tenant, title="Elterncafé Bilk", age_min_months=0, age_max_months=36
    )
    offer.locations.add(location)
    return area


def _values(row) -> str:
    return " ".join(str(getattr(row, f.attname)) for f in row._meta.concrete_fields)


def test_search_by_logged_in_user_with_address_and_ip_stores_only_anonymous_fields(
    bilk, persona_user
):
    user = persona_user("fachkraft")
    client = Client(REMOTE_ADDR="203.0.113.77", HTTP_X_FORWARDED_FOR="198.51.100.9")
    client.force_login(user)

    response = client.get(
        "/angebote/",
        {
            "q": "Elterncafé 0211-1234567 am 12.03.2019",
            "near": "Geheimweg 17",
            "age": "2",
            "language": "tr",
        },
        HTTP_USER_AGENT="Mozilla/5.0 SecretBrowser",
    )

    assert response.status_code == 200
    event = SearchEvent.all_tenants.get()
    assert {f.name for f in SearchEvent._meta.concrete_fields} == SEARCH_EVENT_COLUMNS
    assert event.tenant_id == bilk.tenant_id
    assert event.channel == "page"
    assert event.query_words == "elterncafé am"
    assert event.filters == {"language": ["tr"]}
    assert event.area == bilk  # the address is kept only as the area it resolved to
    assert event.age_months == 24
    assert event.pregnant is False
    assert event.life_phase_codes == ["0-3"]
    assert event.occurred_hour.minute == 0 and event.occurred_hour.second == 0
    stored = _values(event)
    session_key = client.session.session_key
    for secret in [
        "203.0.113",
        "198.51.100",
        user.username,
        user.email,
        session_key,
        "Geheimweg",
        "SecretBrowser",
        "1234567",
        "12.03.2019",
        "51.205",
        "6.705",
    ]:
        assert secret not in stored, secret


def test_record_with_map_point_keeps_only_the_area(bilk):
    params = SearchParams.from_query({"lat": ["51.2051"], "lon": ["6.7052"]})

    event = search_event_record(
        tenant=bilk.tenant,
        params=params,
        result=SimpleNamespace(count=2, place=None),
        channel="api",
    )

    assert (event.area, event.channel, event.result_count) == (bilk, "api", 2)
    assert "51.205" not in _values(event)


def test_single_area_filter_is_the_area_of_the_event(bilk):
    params = SearchParams.from_query({"area": ["031"], "pregnant": ["1"]})

    event = search_event_record(
        tenant=bilk.tenant,
        params=params,
        result=SimpleNamespace(count=0, place=None),
        channel="page",
    )

    assert event.area == bilk
    assert event.life_phase_codes == ["schwangerschaft"]
    assert event.filters == {"area": ["031"]}


def test_occurred_hour_is_rounded_down_to_the_hour_and_aware():
    berlin = ZoneInfo("Europe/Berlin")
    moment = datetime(2025, 3, 30, 14, 59, 59, 999999, tzinfo=berlin)

    rounded = hour_floor(moment)

    assert rounded == datetime(2025, 3, 30, 14, 0, tzinfo=berlin)
    assert timezone.is_aware(rounded)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Familienberatung BILK", "familienberatung bilk"),
        ("Tel 0211 / 89-12345 Schuldnerberatung", "tel schuldnerberatung"),
        ("geboren 12.03.2019 Kita", "geboren kita"),
        ("mail an max.mustermann@example.org bitte", "mail an bitte"),
        ("Hausnummer 123456 Straße", "hausnummer straße"),
        ("Kita für 3 Jahre", "kita für 3 jahre"),
        (
            "eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf",
            "eins zwei drei vier fünf sechs sieben acht neun zehn",
        ),
        ("<script>alert(1)</script>", "script alert 1 script"),
    ],
)
def test_query_words_are_normalised_and_free_of_long_numbers(query, expected):
    assert query_words(query) == expected


def test_query_words_never_exceed_200_characters():
    words = query_words(" ".join(["donaudampfschifffahrtsgesellschaft"] * 10))

    assert len(words) <= 200
    assert words.split()[0] == "donaudampfschifffahrtsgesellschaft"


def test_a_failing_database_write_does_not_break_the_search(tenant, monkeypatch):
    from django.db import DatabaseError

    def boom(**kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(SearchEvent.all_tenants, "create", boom)

    assert (
        search_event_record(
            tenant=tenant,
            params=SearchParams(),
            result=SimpleNamespace(count=1, place=None),
            channel="page",
        )
        is None
    )


# --- gap reports ----------------------------------------------------------------------------


def test_gap_report_create_stores_the_search_context_without_identity(bilk):
    params = SearchParams.from_query({"q": ["Babyschwimmen"], "age_months": ["8"]})

    report = gap_report_create(
        tenant=bilk.tenant,
        sought="Babyschwimmen in Bilk, Rückruf 0171 2345678 oder anna@example.org",
        params=params,
        area=bilk,
        result_count=0,
        by_professional=True,
    )

    assert {f.name for f in GapReport._meta.concrete_fields} == GAP_REPORT_COLUMNS
    assert report.sought == "Babyschwimmen in Bilk, Rückruf […] oder […]"
    assert report.area == bilk
    assert report.life_phase_codes == ["0-3"]
    assert report.query_words == "babyschwimmen"
    assert report.by_professional is True
    assert report.occurred_hour.minute == 0


def test_gap_report_page_prefills_and_stores_anonymously(bilk, persona_user):
    user = persona_user("fachkraft")
    client = Client(REMOTE_ADDR="203.0.113.77")
    client.force_login(user)
    query = "q=Babyschwimmen&age=1&near=Geheimweg+17"

    page = client.get(f"/angebote/luecke-melden/?{query}")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Babyschwimmen" in html
    assert 'value="031" selected' in html  # the address resolved to Bilk, preselected

    response = client.post(
        "/angebote/luecke-melden/",
        {"sought": "Ein Schwimmkurs für Babys", "area": "031", "search": query},
    )

    assert response.status_code == 302
    report = GapReport.all_tenants.get()
    assert report.area == bilk and report.by_professional is True
    assert report.query_words == "babyschwimmen"
    assert report.age_months == 12
    stored = _values(report)
    for secret in ["203.0.113", user.username, "Geheimweg", client.session.session_key]:
        assert secret not in stored


def test_gap_report_by_a_citizen_is_not_marked_professional(bilk):
    response = Client().post("/angebote/luecke-melden/", {"sought": "Seniorentanz", "area": ""})

    assert response.status_code == 302
    report = GapReport.all_tenants.get()
    assert (report.by_professional, report.area, report.filters) == (False, None, {})


def test_gap_report_requires_text_and_limits_it(bilk):
    client = Client()

    empty = client.post("/angebote/luecke-melden/", {"sought": "   "})
    too_long = client.post("/angebote/luecke-melden/", {"sought": "x" * 1001})

    assert empty.status_code == too_long.status_code == 200
    assert "error-summary" in empty.content.decode()
    assert "error-summary" in too_long.content.decode()
    assert GapReport.all_tenants.count() == 0


def test_gap_report_honeypot_stores_nothing_but_looks_successful(bilk):
    response = Client().post(
        "/angebote/luecke-melden/", {"sought": "Spam", "website": "http://spam.example"}
    )

    assert response.status_code == 302
    assert GapReport.all_tenants.count() == 0


def test_gap_report_is_rate_limited_per_session(bilk):
    client = Client()
    for i in range(signals_log_limit()):
        assert client.post("/angebote/luecke-melden/", {"sought": f"Lücke {i}"}).status_code == 302

    blocked = client.post("/angebote/luecke-melden/", {"sought": "noch eine"})

    assert blocked.status_code == 429
    assert GapReport.all_tenants.count() == signals_log_limit()


def signals_log_limit() -> int:
    from praevnav.catalogue.views_gaps import RATE_LIMIT

    return RATE_LIMIT


# --- aggregation -----------------------------------------------------------------------------


def test_demand_signals_count_searches_zero_few_and_gaps_per_area_and_phase(bilk):
    tenant = bilk.tenant
    stadtteil_child = AreaFactory(
        tenant=tenant,
        level="sozialraum",
        code="03101",
        name="Bilk Nord",
        parent=bilk,
        geometry=square(6.7, 51.2, 0.005),
    )

    def event(count, area=None, phases=("0-3",), hours_ago=0):
        SearchEvent.all_tenants.create(
            tenant=tenant,
            occurred_hour=hour_floor() - timedelta(hours=hours_ago),
            result_count=count,
            area=area,
            life_phase_codes=list(phases),
        )

    event(0, bilk)
    event(2, bilk)
    event(10, bilk)
    event(0, stadtteil_child)
    event(0, bilk, phases=("0-3", "3-6"))
    event(0, None, phases=())
    event(0, bilk, hours_ago=24 * 40)
    gap_report_create(
        tenant=tenant, sought="Krabbelgruppe", area=bilk, params=SearchParams(age_months=10)
    )

    rows = demand_signals(tenant=tenant, since=timezone.now() - timedelta(days=30))
    table = {
        (r.area.code if r.area else None, r.life_phase_code): (
            r.searches,
            r.zero_results,
            r.few_results,
            r.gap_reports,
        )
        for r in rows
    }

    assert table == {
        ("031", "0-3"): (4, 2, 1, 1),
        ("031", "3-6"): (1, 1, 0, 0),
        ("03101", "0-3"): (1, 1, 0, 0),
        (None, ""): (1, 1, 0, 0),
    }
    assert (rows[0].area, rows[0].life_phase_code, rows[0].unmet) == (bilk, "0-3", 3)

    rolled = demand_signals(tenant=tenant, level="stadtteil")
    by_key = {(r.area.code if r.area else None, r.life_phase_code): r for r in rolled}
    assert by_key[("031", "0-3")].searches == 6  # incl. Sozialraum and the old event
    assert ("03101", "0-3") not in by_key


def test_demand_signals_ignore_other_tenants(bilk, other_tenant):
    SearchEvent.all_tenants.create(tenant=other_tenant, occurred_hour=hour_floor(), result_count=0)

    assert demand_signals(tenant=bilk.tenant) == []
    assert signals_log.FEW_RESULTS == 3
