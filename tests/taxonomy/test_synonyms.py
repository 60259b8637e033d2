"""Synonym groups: validation, the shipped defaults, seeding once per tenant, and the
selector the search reads."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from factories import TenantFactory, UserFactory
from praevnav.core.models import AuditEntry
from praevnav.core.services import tenant_create
from praevnav.taxonomy.apps import _seed_synonyms_of_existing_tenants
from praevnav.taxonomy.models import Synonym
from praevnav.taxonomy.selectors import active_synonym_groups
from praevnav.taxonomy.services import (
    DEFAULT_SYNONYMS_FILE,
    load_default_synonyms,
    parse_synonym_words,
    synonym_create,
    synonym_delete,
    synonym_update,
    synonyms_seed,
)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def planner(db):
    return UserFactory(username="p.planer")


@pytest.fixture
def empty_tenant(db):
    """A tenant without any synonym group (as if created before the defaults shipped)."""
    tenant = TenantFactory(slug="leer", taxonomy=False)
    assert not Synonym.all_tenants.filter(tenant=tenant).exists()
    return tenant


def group_with(tenant, word):
    return next(g for g in Synonym.all_tenants.filter(tenant=tenant) if word in g.term_list)


# --- the shipped defaults ---------------------------------------------------------------


def test_default_synonyms_are_sensible_german_groups():
    groups = load_default_synonyms()
    assert len(groups) >= 40
    seen: dict[str, list[str]] = {}
    for words in groups:
        assert len({w.casefold() for w in words}) == len(words) >= 2, words
        for word in words:
            assert len(word) <= 60 and "," not in word, word
            assert word.casefold() not in seen, f"{word} in {words} and {seen[word.casefold()]}"
            seen[word.casefold()] = words
    for a, b in [
        ("Kita", "Kindertagesstätte"),
        ("Kita", "Kindergarten"),
        ("Senioren", "ältere Menschen"),
        ("Schulden", "Schuldnerberatung"),
        ("Flüchtlinge", "Geflüchtete"),
        ("Sucht", "Abhängigkeit"),
        ("Demenz", "Alzheimer"),
        ("Schwangerschaft", "werdende Mutter"),
        ("Sport", "Bewegung"),
    ]:
        assert seen[a.casefold()] is seen[b.casefold()], (a, b)


def test_default_synonyms_file_is_valid_json_with_a_description():
    data = json.loads(DEFAULT_SYNONYMS_FILE.read_text(encoding="utf-8"))
    assert data["description"]
    assert all(set(group) == {"words"} for group in data["groups"])


# --- seeding ----------------------------------------------------------------------------


def test_new_tenant_gets_the_default_synonyms(db):
    tenant = tenant_create(slug="neu", name="Neu", kind="kreisfreie-stadt")
    assert Synonym.all_tenants.filter(tenant=tenant, is_active=True).count() == len(
        load_default_synonyms()
    )
    assert ["Kita", "Kindertagesstätte", "Kindergarten", "Kindertageseinrichtung"] in (
        active_synonym_groups(tenant_id=tenant.pk)
    )


def test_synonyms_seed_is_idempotent(empty_tenant):
    assert synonyms_seed(tenant=empty_tenant) == len(load_default_synonyms())
    assert synonyms_seed(tenant=empty_tenant) == 0
    assert Synonym.all_tenants.filter(tenant=empty_tenant).count() == len(load_default_synonyms())
    assert AuditEntry.objects.filter(tenant=empty_tenant, action="synonym.seed").count() == 1


def test_groups_the_planners_deleted_stay_deleted(empty_tenant, planner):
    synonyms_seed(tenant=empty_tenant)
    kita = group_with(empty_tenant, "Kita")
    synonym_delete(synonym=kita, by=planner)

    assert synonyms_seed(tenant=empty_tenant) == 0
    assert not Synonym.all_tenants.filter(pk=kita.pk).exists()

    # Even deleting every group does not bring the defaults back.
    Synonym.all_tenants.filter(tenant=empty_tenant).delete()
    assert synonyms_seed(tenant=empty_tenant) == 0
    assert not Synonym.all_tenants.filter(tenant=empty_tenant).exists()


def test_tenant_with_own_groups_gets_no_defaults(empty_tenant, planner):
    synonym_create(tenant=empty_tenant, words="Quartier, Veedel", by=planner)
    assert synonyms_seed(tenant=empty_tenant) == 0
    assert active_synonym_groups(tenant_id=empty_tenant.pk) == [["Quartier", "Veedel"]]


def test_migrate_gives_existing_tenants_the_defaults_once(empty_tenant):
    _seed_synonyms_of_existing_tenants(sender=None)
    count = Synonym.all_tenants.filter(tenant=empty_tenant).count()
    _seed_synonyms_of_existing_tenants(sender=None)
    assert count == len(load_default_synonyms())
    assert Synonym.all_tenants.filter(tenant=empty_tenant).count() == count


# --- validation -------------------------------------------------------------------------


def test_parse_synonym_words_accepts_lines_and_commas_and_drops_repeats():
    assert parse_synonym_words("Kita,  Kindertagesstätte\n kita \n\nKinder garten") == [
        "Kita",
        "Kindertagesstätte",
        "Kinder garten",
    ]


@pytest.mark.parametrize(
    "words,message",
    [
        ("Kita", "at least two different words"),
        ("Kita, KITA, kita", "at least two different words"),
        ("", "at least two different words"),
        ("Kita, " + "K" * 61, "longer than 60 characters"),
    ],
)
def test_synonym_create_rejects_bad_words_naming_the_field(empty_tenant, planner, words, message):
    with pytest.raises(ValidationError) as excinfo:
        synonym_create(tenant=empty_tenant, words=words, by=planner)
    assert message in excinfo.value.message_dict["words"][0]
    assert not Synonym.all_tenants.filter(tenant=empty_tenant).exists()


def test_word_in_another_active_group_is_rejected_naming_word_and_group(empty_tenant, planner):
    synonym_create(tenant=empty_tenant, words=["Kita", "Kindergarten"], by=planner)

    with pytest.raises(ValidationError) as excinfo:
        synonym_create(tenant=empty_tenant, words="KiTa-Platz, kindergarten", by=planner)

    message = excinfo.value.message_dict["words"][0]
    assert "“kindergarten” is already in the active group “Kita, Kindergarten”" in message
    assert Synonym.all_tenants.filter(tenant=empty_tenant).count() == 1


def test_inactive_groups_do_not_block_words_but_reactivating_checks_again(empty_tenant, planner):
    old = synonym_create(
        tenant=empty_tenant, words="Kita, Kindergarten", is_active=False, by=planner
    )
    synonym_create(tenant=empty_tenant, words="Kindergarten, Vorschule", by=planner)

    with pytest.raises(ValidationError) as excinfo:
        synonym_update(synonym=old, is_active=True, by=planner)

    assert "Kindergarten" in excinfo.value.message_dict["words"][0]
    old.refresh_from_db()
    assert old.is_active is False


def test_same_word_in_another_tenant_is_fine(empty_tenant, other_tenant, planner):
    synonym_create(tenant=empty_tenant, words="Kita, Kindertagesstätte", by=planner)
    assert Synonym.all_tenants.filter(tenant=other_tenant, terms__icontains="Kita").exists()


def test_synonym_update_changes_words_and_audits(empty_tenant, planner):
    group = synonym_create(tenant=empty_tenant, words="Kita, Kindergarten", by=planner)

    synonym_update(synonym=group, words="Kita\nKindergarten\nKiTa-Platz", note="", by=planner)

    group.refresh_from_db()
    assert group.term_list == ["Kita", "Kindergarten", "KiTa-Platz"]
    entry = AuditEntry.objects.get(action="synonym.update")
    assert entry.changes == {"terms": ["Kita, Kindergarten", "Kita, Kindergarten, KiTa-Platz"]}
    assert (entry.actor, entry.channel, entry.tenant) == (planner, "ui", empty_tenant)


def test_a_group_may_keep_its_own_words_when_edited(empty_tenant, planner):
    group = synonym_create(tenant=empty_tenant, words="Kita, Kindergarten", by=planner)
    synonym_update(synonym=group, words="Kindergarten, Kita", by=planner)
    group.refresh_from_db()
    assert group.terms == "Kindergarten, Kita"


def test_synonym_delete_audits(empty_tenant, planner):
    group = synonym_create(tenant=empty_tenant, words="Kita, Kindergarten", by=planner)
    synonym_delete(synonym=group, by=planner)
    entry = AuditEntry.objects.get(action="synonym.delete")
    assert entry.summary == "Kita, Kindergarten"
    assert entry.tenant == empty_tenant


def test_active_synonym_groups_are_the_tenants_active_groups_only(
    empty_tenant, other_tenant, planner
):
    synonym_create(tenant=empty_tenant, words="Kita, Kindergarten", by=planner)
    synonym_create(tenant=empty_tenant, words="Senioren, Ältere", is_active=False, by=planner)

    assert active_synonym_groups(tenant_id=empty_tenant.pk) == [["Kita", "Kindergarten"]]
    assert len(active_synonym_groups(tenant_id=other_tenant.pk)) == len(load_default_synonyms())
