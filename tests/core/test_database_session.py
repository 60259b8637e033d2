"""Session settings the application sets on its database connections."""

from __future__ import annotations

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def _one(sql: str):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def test_postgresql_sessions_run_without_parallel_workers():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL session setting; this run uses " + connection.vendor)
    assert _one("SHOW max_parallel_workers_per_gather") == "0"
    # Set when the session starts (a connection option), so RESET ALL keeps it.
    setting = "SELECT reset_val FROM pg_settings WHERE name = 'max_parallel_workers_per_gather'"
    assert _one(setting) == "0"
