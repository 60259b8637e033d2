"""Builders of small GeoJSON documents for the geography tests."""

from __future__ import annotations

from factories import square


def feature(props: dict, geometry: dict | None) -> dict:
    return {"type": "Feature", "properties": props, "geometry": geometry}


def collection(features: list[dict]) -> dict:
    return {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
        "features": features,
    }


def stadtteil_features() -> list[dict]:
    """Four Stadtteile in two Bezirke (01: 011, 012; 02: 021, 022), side by side."""
    return [
        feature({"Nummer": code, "Name": name}, square(6.70 + 0.01 * i, 51.20))
        for i, (code, name) in enumerate(
            [
                ("011", "Altstadt"),
                ("012", "Carlstadt"),
                ("021", "Flingern Süd"),
                ("022", "Flingern Nord"),
            ]
        )
    ]
