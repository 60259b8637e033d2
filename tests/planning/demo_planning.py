"""Run code against the Düsseldorf demo inside a rolled-back transaction (module fixtures)."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction


def with_demo(django_db_blocker, body, offers: int = 1200):
    """Load the demo, call ``body()`` and roll everything back; skip without the data."""
    if not (Path(settings.DATA_DIR) / "duesseldorf").exists():
        pytest.skip("demo geodata not available (PRAEVNAV_DATA_DIR)")
    with django_db_blocker.unblock(), transaction.atomic():
        call_command(
            "load_demo", "--offers", str(offers), "--kreis-offers", "20", stdout=StringIO()
        )
        result = body()
        transaction.set_rollback(True)
    return result
