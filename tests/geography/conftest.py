"""Fixtures for the geography tests: small real-looking files written to tmp_path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings

from praevnav.geography.models import Area, Indicator


@pytest.fixture
def write_json(tmp_path):
    def write(name: str, data, *, bom: bool = False) -> Path:
        path = tmp_path / name
        text = json.dumps(data, ensure_ascii=False, indent=1)
        path.write_text(("\ufeff" if bom else "") + text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def write_text(tmp_path):
    def write(name: str, text: str, *, bom: bool = True) -> Path:
        path = tmp_path / name
        path.write_text(("\ufeff" if bom else "") + text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def db_counts():
    """Snapshot of what the loaders write, to prove a failed load wrote nothing."""

    def snapshot() -> tuple:
        return (
            Area.all_tenants.count(),
            tuple(
                Area.all_tenants.order_by("id").values_list(
                    "id", "code", "name", "parent_id", "area_km2"
                )
            ),
            Indicator.all_tenants.count(),
            tuple(Indicator.all_tenants.order_by("id").values_list("id", "value")),
        )

    return snapshot


@pytest.fixture(scope="session")
def data_dir() -> Path:
    path = Path(settings.DATA_DIR)
    if not (path / "duesseldorf").is_dir():
        pytest.skip(f"PRAEVNAV_DATA_DIR {path} has no duesseldorf/ reference data")
    return path
