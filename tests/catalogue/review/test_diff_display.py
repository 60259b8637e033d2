"""Display rows of revision changes: labels, names, sessions, translations, word diff."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.review.helpers import terms
from factories import AreaFactory, LocationFactory, OrganisationFactory
from praevnav.catalogue.diff_display import DiffResolver, diff_rows, word_diff
from praevnav.catalogue.revisions import snapshot_diff
from praevnav.core.models import Tenant
from praevnav.taxonomy.enums import Vocabulary
from praevnav.taxonomy.models import Transition

pytestmark = pytest.mark.django_db


def rows_by_field(changes, tenant_ids=None):
    if tenant_ids is None:
        tenant_ids = list(Tenant.objects.values_list("pk", flat=True))
    resolver = DiffResolver([changes], tenant_ids=tenant_ids)
    return {r.field: r for r in diff_rows(changes, resolver)}


def test_scalar_change_has_german_label_and_old_and_new_value():
    rows = rows_by_field([{"field": "title", "old": "Elterncafé", "new": "Elterncafé Nord"}])
    row = rows["title"]
    assert (row.label, row.kind, row.before, row.after) == (
        "Titel",
        "scalar",
        "Elterncafé",
        "Elterncafé Nord",
    )


def test_booleans_read_ja_nein_and_dates_are_german():
    rows = rows_by_field(
        [
            {"field": "childcare", "old": False, "new": True},
            {"field": "valid_until", "old": None, "new": "2025-02-01"},
        ]
    )
    assert (rows["childcare"].before, rows["childcare"].after) == ("Nein", "Ja")
    assert (rows["valid_until"].before, rows["valid_until"].after) == ("–", "01.02.2025")


def test_list_changes_show_names_of_added_and_removed_terms(tenant):
    topic_a, topic_b = terms(tenant, Vocabulary.TOPIC)
    language = terms(tenant, Vocabulary.LANGUAGE, 1)[0]
    transition = Transition.all_tenants.filter(tenant=tenant).first()
    area = AreaFactory(tenant=tenant, name="Bilk")
    rows = rows_by_field(
        [
            {"field": "topics", "added": [topic_a.pk], "removed": [topic_b.pk]},
            {"field": "languages", "added": [language.pk], "removed": []},
            {"field": "transitions", "added": [], "removed": [transition.pk]},
            {"field": "service_areas", "added": [area.pk], "removed": []},
        ]
    )
    assert rows["topics"].kind == "list"
    assert (rows["topics"].added, rows["topics"].removed) == ([topic_a.name], [topic_b.name])
    assert rows["languages"].added == [language.name]
    assert rows["transitions"].removed == [transition.name]
    assert rows["service_areas"].added == ["Bilk"]


def test_foreign_keys_show_names_and_a_deleted_id_says_so(tenant):
    org = OrganisationFactory(tenant=tenant, name="Kinderschutzbund")
    rows = rows_by_field([{"field": "organisation", "old": 999999, "new": org.pk}])
    assert rows["organisation"].after == "Kinderschutzbund"
    assert "999999" in rows["organisation"].before


def test_sessions_and_translations_are_readable_lines(tenant):
    place = LocationFactory(tenant=tenant, name="Familienzentrum Bilk")
    session = {"weekday": 0, "opens": "09:00", "closes": "12:00", "location": place.pk, "note": ""}
    evening = {
        "weekday": 2,
        "opens": "18:00",
        "closes": "20:00",
        "location": None,
        "note": "Gruppe",
    }
    translation = {
        "language": "tr",
        "title": "Ebeveyn kafesi",
        "description": "Açık buluşma.",
        "summary_plain": "",
    }
    rows = rows_by_field(
        [
            {"field": "sessions", "added": [session], "removed": [evening]},
            {"field": "translations", "added": [translation], "removed": []},
        ]
    )
    assert rows["sessions"].label == "Öffnungszeiten"
    assert rows["sessions"].added == ["Mo 09:00–12:00 (Familienzentrum Bilk)"]
    assert rows["sessions"].removed == ["Mi 18:00–20:00 – Gruppe"]
    assert rows["translations"].added == ["TR: Ebeveyn kafesi – Açık buluşma."]


def test_long_text_gets_a_word_diff_with_marks_for_screen_readers():
    rows = rows_by_field(
        [
            {
                "field": "description",
                "old": "Offenes Treffen für Eltern mit Babys.",
                "new": "Offenes Frühstück für Eltern mit Kleinkindern.",
            }
        ]
    )
    row = rows["description"]
    assert row.kind == "text"
    assert "<del>" in row.before and "Treffen" in row.before and "<ins>" not in row.before
    assert "<ins>" in row.after and "Frühstück" in row.after and "<del>" not in row.after
    # Each mark starts and ends with a hidden textual marker, the word between them.
    marker = r'<span class="kern-sr-only">\[[^<]+ </span>'
    end = r'<span class="kern-sr-only">\]</span>'
    assert re.search(rf"<del>{marker}Treffen{end}</del>", row.before)
    assert re.search(r'<ins><span class="kern-sr-only">\[[^<]+ </span>Frühstück<span', row.after)
    # Unchanged words stay unmarked.
    assert " für Eltern mit " in row.after


def test_names_of_another_tenant_are_not_revealed(tenant, other_tenant):
    foreign = terms(other_tenant, Vocabulary.TOPIC, 1)[0]
    rows = rows_by_field(
        [{"field": "topics", "added": [foreign.pk], "removed": []}],
        tenant_ids=tenant.lineage_ids(),
    )
    # The seeded vocabularies share their names, so compare with the id marker.
    [shown] = rows["topics"].added
    assert shown != foreign.name and str(foreign.pk) in shown


def test_word_diff_escapes_html():
    before, after = word_diff("a <b>", "a <script>x</script>")
    assert "<script>" not in after and "&lt;script&gt;" in after
    assert "&lt;b&gt;" in before


def test_word_diff_marks_exactly_the_changed_words():
    before, after = word_diff("eins zwei drei", "eins vier drei")
    assert before.startswith("eins ") and before.endswith(" drei")
    assert "zwei" in before and "vier" not in before
    assert "vier" in after and "zwei" not in after
    assert after.count("<ins>") == 1


def test_new_offer_rows_leave_out_empty_fields(tenant, organisation):
    data = {
        "organisation": organisation.pk,
        "title": "Babymassage",
        "description": "Kurs.",
        "childcare": False,
        "pregnancy": True,
    }
    from praevnav.catalogue.revisions import normalise_snapshot

    changes = snapshot_diff(None, normalise_snapshot(data))
    resolver = DiffResolver([changes], tenant_ids=[tenant.pk])
    fields = [r.field for r in diff_rows(changes, resolver, new_offer=True)]
    assert {"title", "description", "organisation", "pregnancy"} <= set(fields)
    assert "childcare" not in fields and "website" not in fields


def test_resolver_looks_up_each_model_once_for_many_change_lists(tenant):
    topic_ids = [t.pk for t in terms(tenant, Vocabulary.TOPIC, 6)]
    places = [LocationFactory(tenant=tenant) for _ in range(4)]
    lists = [
        [
            {"field": "topics", "added": [tid], "removed": []},
            {"field": "locations", "added": [places[i % 4].pk], "removed": []},
            {
                "field": "sessions",
                "added": [
                    {
                        "weekday": 1,
                        "opens": "08:00",
                        "closes": "09:00",
                        "location": places[0].pk,
                        "note": "",
                    }
                ],
                "removed": [],
            },
        ]
        for i, tid in enumerate(topic_ids)
    ]
    ids = tenant.lineage_ids()
    with CaptureQueriesContext(connection) as ctx:
        resolver = DiffResolver(lists, tenant_ids=ids)
        rows = [diff_rows(c, resolver) for c in lists]
    # Terms and locations: one query each, however many revisions.
    assert len(ctx.captured_queries) == 2
    assert rows[0][0].added == [terms(tenant, Vocabulary.TOPIC, 1)[0].name]
