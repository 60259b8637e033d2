"""``praevnav search --json`` and ``GET /api/v1/offers`` give the same result shape."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from api.helpers import get_json

SHARED_ITEM_KEYS = (
    "id",
    "external_id",
    "title",
    "organisation",
    "life_phases",
    "dimensions",
    "areas",
    "score",
)


def cli_json(*args: str) -> dict:
    out = io.StringIO()
    call_command("search", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.parametrize(
    ("cli_args", "api_params"),
    [
        ((), {}),
        (("--age", "4"), {"age": "4"}),
        (("--area", "1", "--param", "language=de"), {"area": "1", "language": "de"}),
        (
            ("--param", "lat=51.205", "--param", "lon=6.705", "--param", "sort=distance"),
            {"lat": "51.205", "lon": "6.705", "sort": "distance"},
        ),
    ],
)
def test_cli_and_api_agree_on_the_shared_keys(api_client, catalogue, cli_args, api_params):
    cli = cli_json(*cli_args)
    api = get_json(api_client, "/api/v1/offers", api_params)

    assert cli["count"] == api["count"]
    assert cli["facets"] == api["facets"]
    assert cli["place"] == api["place"]
    assert cli["notes"] == api["notes"]
    assert [{k: r[k] for k in SHARED_ITEM_KEYS} for r in cli["results"]] == [
        {k: r[k] for k in SHARED_ITEM_KEYS} for r in api["results"]
    ]
    if api["place"]:
        assert [r["distance_m"] for r in cli["results"]] == [
            r["distance_m"] for r in api["results"]
        ]
