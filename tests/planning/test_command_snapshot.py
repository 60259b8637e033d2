"""``praevnav snapshot``: options, output and errors."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from planning.snapshot_fixture import DAY, build
from praevnav.core.models import AuditEntry
from praevnav.planning.models import PlanningSnapshot

pytestmark = pytest.mark.django_db


def _run(*args) -> str:
    out = StringIO()
    call_command("snapshot", *args, stdout=out)
    return out.getvalue()


def test_snapshot_command_freezes_the_state_for_the_given_date(tenant):
    build(tenant)
    out = _run("--tenant", tenant.slug, "--date", DAY.isoformat(), "--label", "JHA", "--json")
    result = json.loads(out)
    snapshot = PlanningSnapshot.all_tenants.get(pk=result["id"])
    assert result["reference_date"] == "2025-06-30" and result["label"] == "JHA"
    assert result["offers"] == 3 == len(snapshot.data["offers"])
    assert set(result["sections"]) == {"accessibility", "gaps", "overlaps"}
    assert snapshot.data["currency"]["hidden"] == 1
    assert AuditEntry.objects.get(action="snapshot.create").channel == "command"


def test_snapshot_command_defaults_to_today_and_prints_a_summary(tenant):
    out = _run("--tenant", tenant.slug)
    snapshot = PlanningSnapshot.all_tenants.get()
    assert snapshot.reference_date == dt.date.today()
    assert f"Snapshot {snapshot.pk}" in out and "0 current offers" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--tenant", "gibt-es-nicht"], "Unknown tenant"),
        (["--tenant", "duesseldorf", "--date", "30.06.2025"], "Invalid date"),
        (["--tenant", "duesseldorf", "--date", "2025-02-30"], "Invalid date"),
        (["--tenant", "duesseldorf", "--date", "2999-01-01"], "Zukunft"),
    ],
)
def test_snapshot_command_errors_store_nothing(tenant, args, message):
    with pytest.raises(CommandError, match=message):
        _run(*args)
    assert not PlanningSnapshot.all_tenants.exists()
