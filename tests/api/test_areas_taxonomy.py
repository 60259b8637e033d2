"""GET /api/v1/areas and GET /api/v1/taxonomy."""

from __future__ import annotations

from api.helpers import assert_matches, get_json
from factories import AreaFactory
from praevnav.taxonomy.models import Term

AREAS = "/api/v1/areas"
TAXONOMY = "/api/v1/taxonomy"


def test_areas_lists_the_tenants_areas_coarse_to_fine(api_client, catalogue):
    body = get_json(api_client, AREAS)

    assert_matches("AreaList", body)
    assert [(a["level"], a["code"]) for a in body["results"]] == [
        ("stadtbezirk", "1"),
        ("stadtbezirk", "2"),
        ("stadtteil", "011"),
        ("stadtteil", "012"),
        ("stadtteil", "021"),
    ]
    assert body["count"] == 5
    altstadt = body["results"][2]
    assert altstadt["name"] == "Altstadt"
    assert (altstadt["parent"], altstadt["parent_level"]) == ("1", "stadtbezirk")
    assert altstadt["centroid"] == {"lat": 51.205, "lon": 6.705}
    assert altstadt["bbox"] == [6.70, 51.20, 6.71, 51.21]
    assert altstadt["geometry"] is None


def test_areas_level_filter(api_client, catalogue):
    body = get_json(api_client, AREAS, {"level": "stadtteil"})

    assert {a["code"] for a in body["results"]} == {"011", "012", "021"}
    both = get_json(api_client, AREAS, {"level": ["stadtteil", "stadtbezirk"]})
    assert both["count"] == 5


def test_areas_code_filter(api_client, catalogue):
    body = get_json(api_client, AREAS, {"code": ["011", "2"]})

    assert {(a["code"], a["level"]) for a in body["results"]} == {
        ("011", "stadtteil"),
        ("2", "stadtbezirk"),
    }


def test_areas_geometry_only_on_request_and_simplified(api_client, catalogue):
    wiggly = [[6.9 + i * 0.00001, 51.3 + (i % 2) * 0.000001] for i in range(200)]
    AreaFactory(
        tenant=catalogue.tenant,
        level="sozialraum",
        code="S1",
        name="Zickzack",
        geometry={
            "type": "Polygon",
            "coordinates": [[*wiggly, [6.902, 51.31], [6.9, 51.31], wiggly[0]]],
        },
    )

    body = get_json(api_client, AREAS, {"level": "sozialraum", "geometry": "1"})

    (zickzack,) = body["results"]
    ring = zickzack["geometry"]["coordinates"][0]
    assert zickzack["geometry"]["type"] == "Polygon"
    assert len(ring) < 20
    assert all(round(c, 5) == c for point in ring for c in point)
    assert get_json(api_client, AREAS, {"level": "sozialraum"})["results"][0]["geometry"] is None


def test_areas_of_the_other_tenant(client, catalogue):
    body = get_json(client, AREAS, {"tenant": "andere-stadt"})

    assert [(a["code"], a["name"]) for a in body["results"]] == [("011", "Fremdviertel")]


def test_areas_bad_level_names_the_parameter(api_client, catalogue):
    body = get_json(api_client, AREAS, {"level": "<b>land</b>"}, status=400)

    assert body["parameter"] == "level"
    assert "level" in body["detail"]


def test_areas_bad_geometry_flag_names_the_parameter(api_client, catalogue):
    body = get_json(api_client, AREAS, {"geometry": "ja bitte"}, status=400)

    assert body["parameter"] == "geometry"


# --- taxonomy -------------------------------------------------------------------------


def test_taxonomy_has_every_vocabulary_phase_and_transition(api_client, tenant):
    body = get_json(api_client, TAXONOMY)

    assert_matches("Taxonomy", body)
    vocabularies = {v["code"]: v for v in body["vocabularies"]}
    assert {"dimension", "topic", "language", "access", "accessibility"} <= set(vocabularies)
    assert [t["code"] for t in vocabularies["dimension"]["terms"]] == [
        "bildung",
        "gesundheit",
        "erziehung",
        "teilhabe",
    ]
    bildung = vocabularies["dimension"]["terms"][0]
    assert (bildung["name"], bildung["name_en"], bildung["label"]) == (
        "Bildung",
        "Education",
        "Bildung",
    )
    assert bildung["hsds_id"]
    phases = {p["code"]: p for p in body["life_phases"]}
    assert list(phases)[:2] == ["schwangerschaft", "0-3"]
    assert phases["0-3"]["min_age_months"] == 0
    assert phases["0-3"]["max_age_months"] == 36
    assert phases["schwangerschaft"]["is_pregnancy"] is True
    assert phases["65plus"]["max_age_months"] is None
    transitions = {t["code"]: t for t in body["transitions"]}
    assert (
        transitions["kita-grundschule"]["from_phase"],
        transitions["kita-grundschule"]["to_phase"],
    ) == ("3-6", "6-10")


def test_taxonomy_topic_tree_lists_children_under_their_parent(api_client, tenant):
    parent = Term.all_tenants.get(tenant=tenant, vocabulary="topic", code="fruehe-hilfen")
    Term.all_tenants.create(
        tenant=tenant, vocabulary="topic", code="babylotsen", name="Babylotsen", parent=parent
    )
    Term.all_tenants.create(
        tenant=tenant, vocabulary="topic", code="alt", name="Alt", is_active=False
    )

    body = get_json(api_client, TAXONOMY)

    topics = next(v for v in body["vocabularies"] if v["code"] == "topic")["terms"]
    codes = [t["code"] for t in topics]
    assert codes.index("babylotsen") == codes.index("fruehe-hilfen") + 1
    child = topics[codes.index("babylotsen")]
    assert (child["parent"], child["depth"]) == ("fruehe-hilfen", 1)
    assert "alt" not in codes


def test_taxonomy_in_english(api_client, tenant):
    body = get_json(api_client, TAXONOMY, {"lang": "en"})

    dimension = next(v for v in body["vocabularies"] if v["code"] == "dimension")
    assert dimension["label"] == "Prevention dimension"
    assert dimension["terms"][0]["label"] == "Education"


def test_taxonomy_bad_lang_names_the_parameter(api_client, tenant):
    body = get_json(api_client, TAXONOMY, {"lang": "xx"}, status=400)

    assert body["parameter"] == "lang"
