"""Planner pages of the taxonomy, through the personas: who may, tenant isolation,
forms with errors, one service call per submission, audit entries from the UI.

Texts are compared in English (msgids), so the tests hold before and after the German
catalogue is updated."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from core.pagetext import headings
from factories import MembershipFactory, OfferFactory, UserFactory
from praevnav.accounts.enums import Role
from praevnav.core.models import AuditEntry
from praevnav.taxonomy.models import LifePhase, Synonym, Term, Transition

pytestmark = pytest.mark.django_db


def english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def planer(persona_client):
    return english(persona_client("planer"))


def topic(tenant, code):
    return Term.all_tenants.get(tenant=tenant, vocabulary="topic", code=code)


def group_with(tenant, word):
    return next(g for g in Synonym.all_tenants.filter(tenant=tenant) if word in g.term_list)


def html_of(response) -> str:
    return response.content.decode()


# --- permissions ------------------------------------------------------------------------


def sample_urls(tenant) -> list[str]:
    term = topic(tenant, "sucht")
    return [
        reverse("taxonomy:overview"),
        reverse("taxonomy:term_list", args=["themen"]),
        reverse("taxonomy:term_create", args=["themen"]),
        reverse("taxonomy:term_update", args=[term.pk]),
        reverse("taxonomy:term_delete", args=[term.pk]),
        reverse("taxonomy:term_deactivate", args=[term.pk]),
        reverse(
            "taxonomy:life_phase_update",
            args=[LifePhase.all_tenants.get(tenant=tenant, code="3-6").pk],
        ),
        reverse(
            "taxonomy:transition_update",
            args=[Transition.all_tenants.get(tenant=tenant, code="schule-beruf").pk],
        ),
        reverse("taxonomy:synonym_list"),
        reverse("taxonomy:synonym_create"),
        reverse("taxonomy:synonym_update", args=[group_with(tenant, "Kita").pk]),
        reverse("taxonomy:synonym_delete", args=[group_with(tenant, "Kita").pk]),
    ]


@pytest.mark.parametrize("persona", ["planer", "admin"])
def test_planer_and_admin_open_every_page(persona_client, tenant, persona):
    client = english(persona_client(persona))
    for url in sample_urls(tenant):
        response = client.get(url)
        assert response.status_code == 200, url
        assert len(headings(html_of(response), "h1")) == 1, url


@pytest.mark.parametrize("persona", ["fachkraft", "traeger_editor", "koordination"])
def test_other_roles_get_403_and_change_nothing(persona_client, tenant, persona):
    client = english(persona_client(persona))
    for url in sample_urls(tenant):
        assert client.get(url).status_code == 403, url
    group = group_with(tenant, "Kita")
    assert client.post(reverse("taxonomy:synonym_delete", args=[group.pk])).status_code == 403
    response = client.post(
        reverse("taxonomy:term_create", args=["themen"]), {"name": "Eingeschmuggelt"}
    )
    assert response.status_code == 403
    assert "Access denied" in html_of(response)
    assert Synonym.all_tenants.filter(pk=group.pk).exists()
    assert not Term.all_tenants.filter(name="Eingeschmuggelt").exists()


def test_anonymous_visitors_are_sent_to_the_login(client, tenant):
    for url in sample_urls(tenant):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == f"{reverse('accounts:login')}?next={url}"


def test_planer_of_another_tenant_gets_403(client, tenant, other_tenant):
    user = UserFactory(username="planer-anderswo")
    MembershipFactory(user=user, tenant=other_tenant, role=Role.PLANER)
    client.force_login(user)
    assert client.get(reverse("taxonomy:overview")).status_code == 403


def test_menu_shows_the_taxonomy_to_planners_only(persona_client):
    planer = english(persona_client("planer"))
    fachkraft = english(persona_client("fachkraft"))
    link = f'href="{reverse("taxonomy:overview")}"'
    assert link in html_of(planer.get(reverse("catalogue:home")))
    assert link not in html_of(fachkraft.get(reverse("catalogue:home")))


# --- tenant isolation -------------------------------------------------------------------


def test_objects_of_another_tenant_are_404_and_unchanged(planer, other_tenant):
    term = topic(other_tenant, "sucht")
    phase = LifePhase.all_tenants.get(tenant=other_tenant, code="3-6")
    transition = Transition.all_tenants.get(tenant=other_tenant, code="schule-beruf")
    group = group_with(other_tenant, "Kita")
    before = (term.name, phase.max_age_months, transition.name, group.terms)
    posts = [
        (reverse("taxonomy:term_update", args=[term.pk]), {"name": "Gekapert", "code": "x"}),
        (reverse("taxonomy:term_delete", args=[term.pk]), {}),
        (reverse("taxonomy:term_deactivate", args=[term.pk]), {}),
        (
            reverse("taxonomy:life_phase_update", args=[phase.pk]),
            {"name": "Gekapert", "unit": "years", "min_age": 3, "max_age": 5},
        ),
        (reverse("taxonomy:transition_update", args=[transition.pk]), {"name": "Gekapert"}),
        (reverse("taxonomy:synonym_update", args=[group.pk]), {"words": "a, b"}),
        (reverse("taxonomy:synonym_toggle", args=[group.pk]), {}),
        (reverse("taxonomy:synonym_delete", args=[group.pk]), {}),
    ]
    for url, data in posts:
        if "status" not in url:
            assert planer.get(url).status_code == 404, url
        assert planer.post(url, data).status_code == 404, url

    term.refresh_from_db()
    phase.refresh_from_db()
    transition.refresh_from_db()
    group.refresh_from_db()
    assert (term.name, phase.max_age_months, transition.name, group.terms) == before
    assert term.is_active and group.is_active
    assert not AuditEntry.objects.filter(channel="ui").exists()


def test_lists_show_only_the_own_tenants_terms(planer, tenant, other_tenant):
    Term.all_tenants.filter(tenant=other_tenant, code="sucht").update(name="Fremdes Thema")
    html = html_of(planer.get(reverse("taxonomy:term_list", args=["themen"])))
    assert "Suchtprävention" in html
    assert "Fremdes Thema" not in html


def test_unknown_vocabulary_is_404(planer):
    assert planer.get("/verwaltung/taxonomie/vokabulare/unbekannt/").status_code == 404


# --- overview and lists -----------------------------------------------------------------


def test_overview_lists_vocabularies_life_phases_and_transitions_with_counts(planer, tenant):
    kita = Transition.all_tenants.get(tenant=tenant, code="kita-grundschule")
    offer = OfferFactory(tenant=tenant, age_min_months=60, age_max_months=84)
    offer.transitions.add(kita)

    html = html_of(planer.get(reverse("taxonomy:overview")))

    assert headings(html, "h2")[:3] == ["Vocabularies", "Life phases", "Transitions"]
    assert "Evidence-based programme" in html
    assert re.search(r"6–10 years</th>\s*<td[^>]*>6 to under 10 years</td>\s*<td[^>]*>1</td>", html)
    assert re.search(r"Day care → primary school</th>.*?<td[^>]*>1</td>", html, re.S)


def test_term_list_shows_usage_and_offers_deactivation_for_used_terms(planer, tenant):
    sucht = topic(tenant, "sucht")
    OfferFactory(tenant=tenant).topics.add(sucht)

    html = html_of(planer.get(reverse("taxonomy:term_list", args=["themen"])))

    row = re.search(rf'<tr[^>]*id="term-{sucht.pk}".*?</tr>', html, re.S).group(0)
    assert reverse("taxonomy:term_deactivate", args=[sucht.pk]) in row
    assert reverse("taxonomy:term_delete", args=[sucht.pk]) not in row
    unused = topic(tenant, "demenz")
    row = re.search(rf'<tr[^>]*id="term-{unused.pk}".*?</tr>', html, re.S).group(0)
    assert reverse("taxonomy:term_delete", args=[unused.pk]) in row


def test_term_list_query_count_does_not_grow_with_terms(
    planer, tenant, django_assert_max_num_queries
):
    url = reverse("taxonomy:term_list", args=["themen"])
    planer.get(url)
    with django_assert_max_num_queries(21):
        planer.get(url)
    for n in range(20):
        Term.all_tenants.create(tenant=tenant, vocabulary="topic", code=f"neu-{n}", name=f"N{n}")
        OfferFactory(tenant=tenant).topics.add(topic(tenant, "sucht"))
    with django_assert_max_num_queries(21):
        planer.get(url)


# --- terms ------------------------------------------------------------------------------


def test_planer_adds_a_topic_under_a_parent(planer, tenant):
    parent = topic(tenant, "fruehe-hilfen")

    response = planer.post(
        reverse("taxonomy:term_create", args=["themen"]),
        {"name": "Familienpatenschaften", "name_en": "Family mentoring", "parent": parent.pk},
        follow=True,
    )

    term = Term.all_tenants.get(tenant=tenant, vocabulary="topic", name="Familienpatenschaften")
    assert (term.parent, term.code, term.name_en) == (
        parent,
        "familienpatenschaften",
        "Family mentoring",
    )
    assert response.redirect_chain[-1][0] == reverse("taxonomy:term_list", args=["themen"])
    assert "“Familienpatenschaften” has been added." in html_of(response)
    entry = AuditEntry.objects.get(action="term.create", object_id=str(term.pk))
    assert (entry.channel, entry.actor.username) == ("ui", "planer-duesseldorf")


def test_invalid_term_rerenders_with_error_summary_and_keeps_nothing(planer, tenant):
    response = planer.post(
        reverse("taxonomy:term_create", args=["dimensionen"]), {"name": "Neu", "code": "bildung"}
    )

    html = html_of(response)
    assert response.status_code == 200
    assert 'id="error-summary"' in html
    assert '<a class="kern-link" href="#id_code">Code: Another term of this vocabulary' in html
    assert "<title>Error:" in html
    assert not Term.all_tenants.filter(tenant=tenant, name="Neu").exists()


def test_code_field_is_read_only_when_offers_use_the_term(planer, tenant):
    sucht = topic(tenant, "sucht")
    OfferFactory(tenant=tenant).topics.add(sucht)
    url = reverse("taxonomy:term_update", args=[sucht.pk])

    html = html_of(planer.get(url))
    field = re.search(r'<input[^>]*id="id_code"[^>]*>', html).group(0)
    assert "disabled" in field
    assert "praevnav:topic:sucht" in html  # HSDS id shown read-only

    planer.post(url, {"name": "Sucht und Drogen", "code": "geaendert", "position": 3})
    sucht.refresh_from_db()
    assert (sucht.name, sucht.code) == ("Sucht und Drogen", "sucht")
    assert AuditEntry.objects.get(action="term.update").changes["name"][1] == "Sucht und Drogen"


def test_parent_select_offers_no_cycle(planer, tenant):
    top = topic(tenant, "fruehe-hilfen")
    html = html_of(planer.get(reverse("taxonomy:term_update", args=[top.pk])))
    select = re.search(r'<select[^>]*id="id_parent".*?</select>', html, re.S).group(0)
    assert f'value="{topic(tenant, "babytreff").pk}"' not in select
    assert f'value="{top.pk}"' not in select
    assert f'value="{topic(tenant, "sucht").pk}"' in select

    # A forged submission is refused by the form (not offered) and changes nothing.
    response = planer.post(
        reverse("taxonomy:term_update", args=[top.pk]),
        {"name": top.name, "code": top.code, "parent": topic(tenant, "babytreff").pk},
    )
    assert 'id="error-summary"' in html_of(response)
    top.refresh_from_db()
    assert top.parent is None


def test_used_term_is_not_deleted_but_can_be_deactivated(planer, tenant):
    sucht = topic(tenant, "sucht")
    OfferFactory(tenant=tenant).topics.add(sucht)

    page = html_of(planer.get(reverse("taxonomy:term_delete", args=[sucht.pk])))
    assert "1 offer uses this term. A term in use cannot be deleted" in page
    response = planer.post(reverse("taxonomy:term_delete", args=[sucht.pk]))
    assert "The term was not deleted" in html_of(response)
    assert Term.all_tenants.filter(pk=sucht.pk).exists()

    response = planer.post(reverse("taxonomy:term_deactivate", args=[sucht.pk]), follow=True)
    sucht.refresh_from_db()
    assert sucht.is_active is False
    assert "“Suchtprävention” has been deactivated" in html_of(response)


def test_unused_term_is_deleted(planer, tenant):
    demenz = topic(tenant, "demenz")
    response = planer.post(reverse("taxonomy:term_delete", args=[demenz.pk]))
    assert response["Location"] == reverse("taxonomy:term_list", args=["themen"])
    assert not Term.all_tenants.filter(pk=demenz.pk).exists()
    assert AuditEntry.objects.filter(action="term.delete", channel="ui").count() == 1


def test_evidence_programme_form_has_level_and_source(planer, tenant):
    papilio = Term.all_tenants.get(tenant=tenant, vocabulary="evidence_programme", code="papilio")
    url = reverse("taxonomy:term_update", args=[papilio.pk])
    assert 'id="id_evidence_level"' in html_of(planer.get(url))

    planer.post(
        url,
        {
            "name": "Papilio",
            "code": "papilio",
            "position": 4,
            "evidence_level": "Effektivität nachgewiesen",
            "evidence_source": "Grüne Liste Prävention",
            "is_active": "on",
        },
    )
    papilio.refresh_from_db()
    assert papilio.attributes["evidence_level"] == "Effektivität nachgewiesen"


# --- life phases and transitions --------------------------------------------------------


def test_life_phase_form_warns_and_rejects_an_overlap(planer, tenant):
    phase = LifePhase.all_tenants.get(tenant=tenant, code="3-6")
    url = reverse("taxonomy:life_phase_update", args=[phase.pk])
    assert "Changes take effect at once" in html_of(planer.get(url))

    response = planer.post(url, {"name": phase.name, "unit": "years", "min_age": 2, "max_age": 6})

    html = html_of(response)
    assert '<a class="kern-link" href="#id_min_age">From age: The age range overlaps' in html
    phase.refresh_from_db()
    assert phase.min_age_months == 36


def test_life_phase_age_range_in_months(planer, tenant):
    first = LifePhase.all_tenants.get(tenant=tenant, code="0-3")
    second = LifePhase.all_tenants.get(tenant=tenant, code="3-6")
    planer.post(
        reverse("taxonomy:life_phase_update", args=[first.pk]),
        {"name": first.name, "unit": "months", "min_age": 0, "max_age": 30},
    )
    response = planer.post(
        reverse("taxonomy:life_phase_update", args=[second.pk]),
        {"name": second.name, "unit": "months", "min_age": 30, "max_age": 72},
        follow=True,
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.max_age_months, second.min_age_months) == (30, 30)
    assert "follow the change at once" in html_of(response)
    assert AuditEntry.objects.filter(action="life_phase.update", channel="ui").count() == 2


def test_life_phase_gap_is_warned_about(planer, tenant):
    phase = LifePhase.all_tenants.get(tenant=tenant, code="0-3")
    response = planer.post(
        reverse("taxonomy:life_phase_update", args=[phase.pk]),
        {"name": phase.name, "unit": "years", "min_age": 0, "max_age": 2},
        follow=True,
    )
    assert "No life phase covers these ages: 24 to under 36 months" in html_of(response)


def test_transition_form_saves_phases(planer, tenant):
    transition = Transition.all_tenants.get(tenant=tenant, code="schule-beruf")
    source = LifePhase.all_tenants.get(tenant=tenant, code="10-16")
    response = planer.post(
        reverse("taxonomy:transition_update", args=[transition.pk]),
        {"name": "Schule → Ausbildung", "from_phase": source.pk, "to_phase": source.pk},
    )
    assert "A transition leads to a different life phase." in html_of(response)

    target = LifePhase.all_tenants.get(tenant=tenant, code="16-27")
    response = planer.post(
        reverse("taxonomy:transition_update", args=[transition.pk]),
        {"name": "Schule → Ausbildung", "from_phase": source.pk, "to_phase": target.pk},
    )
    assert response["Location"] == reverse("taxonomy:overview") + "#transitions"
    transition.refresh_from_db()
    assert transition.name == "Schule → Ausbildung"


# --- synonyms ---------------------------------------------------------------------------


def test_synonym_group_edit_with_a_word_of_another_group_then_correctly(planer, tenant):
    group = group_with(tenant, "Kita")
    url = reverse("taxonomy:synonym_update", args=[group.pk])

    response = planer.post(url, {"words": "Kita\nKindergarten\nSenioren", "is_active": "on"})

    html = html_of(response)
    assert 'id="error-summary"' in html
    assert "“Senioren” is already in the active group “Senioren, ältere Menschen" in html
    group.refresh_from_db()
    assert "Senioren" not in group.term_list

    response = planer.post(
        url, {"words": "Kita, Kindergarten, KiTa-Platz", "note": "Elternsprache", "is_active": "on"}
    )
    assert response["Location"] == reverse("taxonomy:synonym_list")
    group.refresh_from_db()
    assert (group.terms, group.note) == ("Kita, Kindergarten, KiTa-Platz", "Elternsprache")
    assert AuditEntry.objects.get(action="synonym.update").actor.username == "planer-duesseldorf"


def test_synonym_group_add_toggle_and_delete(planer, tenant):
    response = planer.post(
        reverse("taxonomy:synonym_create"), {"words": "Veedel\nQuartier", "is_active": "on"}
    )
    assert response["Location"] == reverse("taxonomy:synonym_list")
    group = group_with(tenant, "Veedel")

    planer.post(reverse("taxonomy:synonym_toggle", args=[group.pk]))
    group.refresh_from_db()
    assert group.is_active is False
    assert planer.get(reverse("taxonomy:synonym_toggle", args=[group.pk])).status_code == 405

    response = planer.post(reverse("taxonomy:synonym_delete", args=[group.pk]), follow=True)
    assert not Synonym.all_tenants.filter(pk=group.pk).exists()
    assert "has been deleted" in html_of(response)


def test_reactivating_a_conflicting_group_explains_why_not(planer, tenant):
    old = group_with(tenant, "Kita")
    planer.post(reverse("taxonomy:synonym_toggle", args=[old.pk]))
    planer.post(
        reverse("taxonomy:synonym_create"), {"words": "Kita, Tagesstätte", "is_active": "on"}
    )

    response = planer.post(reverse("taxonomy:synonym_toggle", args=[old.pk]), follow=True)

    assert "“Kita” is already in the active group “Kita, Tagesstätte”" in html_of(response)
    old.refresh_from_db()
    assert old.is_active is False


@pytest.mark.parametrize("name,most", [("taxonomy:overview", 20), ("taxonomy:synonym_list", 6)])
def test_overview_and_synonym_list_queries_do_not_grow_with_the_data(
    planer, tenant, name, most, django_assert_max_num_queries
):
    url = reverse(name)
    planer.get(url)
    with django_assert_max_num_queries(most):
        planer.get(url)
    for n in range(10):
        offer = OfferFactory(tenant=tenant, age_min_months=n * 12)
        offer.transitions.add(Transition.all_tenants.filter(tenant=tenant).first())
        Synonym.all_tenants.create(tenant=tenant, terms=f"Wort{n}, Begriff{n}")
    with django_assert_max_num_queries(most):
        planer.get(url)
