"""Shared inputs of the demo-data tests: synthetic and real areas."""

from __future__ import annotations

import json
from datetime import date

from django.conf import settings

from factories import square
from praevnav.catalogue.demo.records import AreaInput

REFERENCE_DATE = date(2025, 6, 1)


def synthetic_areas(n: int = 12) -> list[AreaInput]:
    """``n`` square Stadtteile in a row, grouped in pairs into Stadtbezirke."""
    return [
        AreaInput(
            code=f"{i // 2 + 1:02d}{i % 2 + 1}",
            name=f"Stadtteil {i + 1}",
            geometry=square(6.70 + 0.02 * i, 51.20, 0.015),
            group=f"{i // 2 + 1:02d}",
        )
        for i in range(n)
    ]


def duesseldorf_areas() -> list[AreaInput]:
    path = settings.DATA_DIR / "duesseldorf" / "stadtteile_2025_wgs84.geojson"
    with path.open(encoding="utf-8-sig") as handle:
        features = json.load(handle)["features"]
    return [
        AreaInput(
            code=f["properties"]["Nummer"],
            name=f["properties"]["Name"],
            geometry=f["geometry"],
            group=f["properties"]["Nummer"][:2],
        )
        for f in features
    ]


def kreis_dueren_areas() -> list[AreaInput]:
    path = settings.DATA_DIR / "kreis_dueren" / "kreis_dueren_gemeinden_2023.geojson"
    with path.open(encoding="utf-8") as handle:
        features = json.load(handle)["features"]
    return [
        AreaInput(code=f["properties"]["ags"], name=f["properties"]["name"], geometry=f["geometry"])
        for f in features
    ]
