"""/planung/nachfrage/: who may see it, what it shows, the CSV, suppression everywhere."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from factories import AreaFactory
from praevnav.catalogue.models import GapReport, SearchEvent

pytestmark = pytest.mark.django_db
URL = "/planung/nachfrage/"


def _signals(tenant, day, n, *, area=None, results=0, gap=False, topics=()):
    model = GapReport if gap else SearchEvent
    extra = {"sought": "Schwimmkurs"} if gap else {"result_count": results}
    for _ in range(n):
        model.all_tenants.create(
            tenant=tenant, occurred_hour=timezone.make_aware(dt.datetime.combine(day, dt.time(9))),
            area=area, life_phase_codes=["3-6"], filters={"topic": list(topics)}, **extra,
        )  # fmt: skip


@pytest.fixture
def signals(tenant):
    """This month: 7 zero-result searches in Oberbilk, 3 in Lierenfeld, 2 reported gaps."""
    bezirk = AreaFactory(tenant=tenant, level="stadtbezirk", code="03", name="Bezirk 3")
    oberbilk = AreaFactory(
        tenant=tenant, level="stadtteil", code="037", name="Oberbilk", parent=bezirk
    )
    lierenfeld = AreaFactory(
        tenant=tenant, level="stadtteil", code="038", name="Lierenfeld", parent=bezirk
    )
    today = timezone.localdate().replace(day=1)
    _signals(tenant, today, 7, area=oberbilk, topics=("sprache",))
    _signals(tenant, today, 3, area=lierenfeld)
    _signals(tenant, today, 2, area=oberbilk, gap=True)
    return today


def _cell(html: str, table: str, key: str, kind: str) -> str:
    section = html.split(f'id="demand-{table}"', 1)[1].split("</table>", 1)[0]
    row = section.split(f'data-key="{key}"', 1)[1].split("</tr>", 1)[0]
    match = re.search(rf'data-kind="{kind}"><span class="pn-dbar__num">([^<]*)</span>', row)
    return match.group(1)


@pytest.mark.parametrize(
    "persona, allowed",
    [("fachkraft", False), ("traeger_editor", False), ("planer", True), ("koordination", True), ("admin", True)],  # noqa: E501
)  # fmt: skip
def test_demand_page_is_for_planning_viewers(persona_client, signals, persona, allowed):
    response = persona_client(persona).get(URL)
    assert response.status_code == (200 if allowed else 403)
    assert (b'id="demand-area"' in response.content) is allowed


def test_anonymous_visitors_are_sent_to_log_in(client, signals):
    response = client.get(URL)
    assert response.status_code == 302
    assert "next=/planung/nachfrage/" in response["Location"].replace("%2F", "/")


def test_page_shows_counts_with_small_cells_suppressed(persona_client, signals):
    html = persona_client("planer").get(URL + "?level=stadtteil").content.decode()
    assert _cell(html, "area", "037", "zero_results") == "7"
    assert _cell(html, "area", "038", "zero_results") == "&lt; 5"
    assert _cell(html, "area", "037", "gap_reports") == "&lt; 5"
    assert _cell(html, "topic", "sprache", "zero_results") == "7"
    month = signals.isoformat()
    assert _cell(html, "month", month, "zero_results") == "10"
    # the total 10 minus the 7 of Oberbilk would reveal Lierenfeld's 3: withheld
    totals = html.split('id="demand-totals"', 1)[1].split("</dl>", 1)[0]
    assert 'data-kind="zero_results">·<' in totals
    assert 'data-kind="gap_reports">&lt; 5<' in totals
    assert ">3<" not in html.split('id="demand-totals"', 1)[1]  # no 3 anywhere below
    assert 'id="suppression-rule"' in html
    # a suppressed cell's bar is the fixed striped one, never a measured width
    row = html.split('data-key="038"', 1)[1].split("</tr>", 1)[0]
    assert "pn-dbar__fill--small" in row and "width:" not in row


def test_csv_holds_the_same_suppressed_figures(persona_client, signals):
    response = persona_client("planer").get(URL + "?level=stadtteil&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["table", "key", "label", "zero_results", "few_results", "gap_reports"]
    data = {(r[0], r[1]): r[3:] for r in rows[1:]}
    assert data[("total", "")] == ["·", "0", "< 5"]
    assert data[("area", "037")] == ["7", "0", "< 5"]
    assert data[("area", "038")] == ["< 5", "0", "0"]
    values = [v for r in rows[1:] for v in r[3:]]
    assert not any(v.isdigit() and 0 < int(v) < 5 for v in values)


def test_bad_period_gets_a_message_and_the_defaults(persona_client, signals):
    response = persona_client("planer").get(URL + "?start=2025-13&end=gestern")
    assert response.status_code == 400
    assert b'id="demand-month"' in response.content  # still the default period
    html = response.content.decode()
    start_field = html.split('for="id_start"', 1)[0].rsplit("<div", 1)[1]
    assert "kern-form-input--error" in start_field


def test_period_is_selectable(persona_client, signals):
    earlier = (signals - dt.timedelta(days=40)).replace(day=1)
    html = (
        persona_client("planer")
        .get(URL + f"?start={earlier:%Y-%m}&end={earlier:%Y-%m}&level=stadtteil")
        .content.decode()
    )
    assert f'data-key="{earlier.isoformat()}"' in html
    assert 'data-key="037"' not in html  # the signals lie in the current month


def test_demand_page_query_count_is_fixed(persona_client, tenant, signals):
    client = persona_client("planer")
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    _signals(tenant, signals, 40, topics=("sprache", "bewegung"))
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(many.captured_queries) == len(few.captured_queries) <= 20
