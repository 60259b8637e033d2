"""Need page: index per area, weights form (bad weights), qualitative needs create/delete."""

from __future__ import annotations

import re

import pytest

from planning.planning_fixtures import small_world
from praevnav.core.models import AuditEntry
from praevnav.planning.models import NeedWeight, QualitativeNeed
from praevnav.taxonomy.models import LifePhase

pytestmark = pytest.mark.django_db


def _index(html: str, area: str, phase: str) -> float:
    block = html[html.index(f'data-area="{area}"') :]
    return float(re.search(rf'data-phase="{phase}" data-value="([\d.]+)"', block).group(1))


def test_need_page_shows_index_per_area(persona_client, tenant):
    small_world(tenant)
    html = persona_client("koordination").get("/planung/bedarf/").content.decode()
    assert _index(html, "001", "27-65") == 1.0 and _index(html, "002", "27-65") == 0.0
    assert 'id="weights-0-3"' not in html  # koordination may look, not change


def test_planer_sets_weights_and_bad_weights_are_rejected(persona_client, tenant):
    small_world(tenant)
    client = persona_client("planer")
    bad = client.post("/planung/bedarf/gewichte/65plus/", {"65plus-w_sgb2_rate": "0"})
    assert bad.status_code == 400 and 'id="error-summary"' in bad.content.decode()
    negative = client.post("/planung/bedarf/gewichte/65plus/", {"65plus-w_sgb2_rate": "-2"})
    assert negative.status_code == 400
    assert not NeedWeight.all_tenants.exists()
    ok = client.post("/planung/bedarf/gewichte/65plus/", {"65plus-w_sgb2_rate": "2"})
    assert ok.status_code == 302
    assert dict(NeedWeight.all_tenants.values_list("indicator_key", "weight")) == {"sgb2_rate": 2.0}
    assert AuditEntry.objects.filter(action="planning.need_weights_set").exists()
    html = client.get("/planung/bedarf/").content.decode()
    assert _index(html, "001", "65plus") == 1.0  # sgb2 now drives 65+


def test_fachkraft_cannot_post_weights(persona_client, tenant):
    small_world(tenant)
    response = persona_client("koordination").post(
        "/planung/bedarf/gewichte/65plus/", {"65plus-w_sgb2_rate": "2"}
    )
    assert response.status_code == 403 and not NeedWeight.all_tenants.exists()


def test_qualitative_need_create_and_delete(persona_client, tenant):
    a, _b, _o = small_world(tenant)
    client = persona_client("planer")
    phase = LifePhase.all_tenants.get(tenant=tenant, code="3-6")
    missing = client.post("/planung/bedarf/qualitativ/neu/", {"area": a.pk, "life_phase": phase.pk})
    assert missing.status_code == 400 and not QualitativeNeed.all_tenants.exists()
    response = client.post(
        "/planung/bedarf/qualitativ/neu/",
        {
            "area": a.pk,
            "life_phase": phase.pk,
            "text": "Zu wenige Kita-Plätze",
            "recorded_on": "2025-03-01",
            "source": "conference",
            "source_note": "Sozialraumkonferenz Nord",
        },
    )
    assert response.status_code == 302
    need = QualitativeNeed.all_tenants.get()
    assert need.text == "Zu wenige Kita-Plätze" and need.created_by is not None
    assert "Zu wenige Kita-Plätze" in client.get("/planung/bedarf/").content.decode()
    client.post(f"/planung/bedarf/qualitativ/{need.pk}/loeschen/")
    assert not QualitativeNeed.all_tenants.exists()
    assert AuditEntry.objects.filter(action="planning.qualitative_need_delete").exists()
