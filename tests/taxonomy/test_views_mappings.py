"""The planners' page for foreign term mappings (/verwaltung/taxonomie/zuordnungen/)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from factories import OfferFactory
from praevnav.catalogue.models import OfferRevision
from praevnav.core.models import AuditEntry
from praevnav.taxonomy.models import Term, TermMapping

pytestmark = pytest.mark.django_db

OE = {"taxonomy": "Open Eligibility", "code": "1102", "name": "Parenting Education"}
LIST_URL = "/verwaltung/taxonomie/zuordnungen/"


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def term(tenant, vocabulary, code):
    return Term.all_tenants.get(tenant=tenant, vocabulary=vocabulary, code=code)


def offer_with(tenant, organisation, terms, **kwargs):
    offer = OfferFactory(tenant=tenant, organisation=organisation, external_terms=terms, **kwargs)
    offer.dimensions.add(term(tenant, "dimension", "bildung"))
    return offer


def test_urls_are_mounted_under_the_taxonomy():
    assert reverse("taxonomy:mapping_list") == LIST_URL
    assert reverse("taxonomy:mapping_edit") == LIST_URL + "bearbeiten/"


@pytest.mark.parametrize("persona", ["fachkraft", "traeger_editor", "koordination"])
def test_non_planners_get_403_and_change_nothing(persona, persona_client, tenant, organisation):
    client = persona_client(persona)
    topic = term(tenant, "topic", "erziehung-familie")
    assert client.get(LIST_URL).status_code == 403
    response = client.post(reverse("taxonomy:mapping_edit"), {**OE, "term": topic.pk})
    assert response.status_code == 403
    assert not TermMapping.all_tenants.exists()


def test_anonymous_goes_to_login(persona_client):
    response = persona_client("anonymous").get(LIST_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL))
    assert "next=" in response["Location"]


def test_list_shows_foreign_terms_seen_on_offers_as_open(persona_client, tenant, organisation):
    offer_with(tenant, organisation, [OE])
    offer_with(tenant, organisation, [OE, {"taxonomy": "211", "code": "PH-1", "name": "Food"}])
    page = english(persona_client("planer")).get(LIST_URL).content.decode()
    assert "Parenting Education" in page and "Food" in page
    assert "2 foreign terms" in page and "(2 open)" in page


def test_planner_maps_a_term_and_offers_get_it(persona_client, tenant, organisation):
    planner = english(persona_client("planer"))
    carrying = offer_with(tenant, organisation, [OE])
    other = offer_with(tenant, organisation, [{"taxonomy": "211", "code": "X", "name": "x"}])
    topic = term(tenant, "topic", "erziehung-familie")
    form = planner.get(reverse("taxonomy:mapping_edit"), OE).content.decode()
    assert 'value="Parenting Education"' in form and "Deliberately not mapped" in form
    response = planner.post(reverse("taxonomy:mapping_edit"), {**OE, "term": str(topic.pk)})
    assert response.status_code == 302
    mapping = TermMapping.all_tenants.get(tenant=tenant, taxonomy=OE["taxonomy"], code="1102")
    assert mapping.term == topic and mapping.name == "Parenting Education"
    assert list(carrying.topics.all()) == [topic]
    assert not other.topics.exists()
    # Recorded as a planner change (approved revision) and in the audit log.
    assert OfferRevision.all_tenants.filter(offer=carrying, status="approved").exists()
    entry = AuditEntry.objects.get(action="term_mapping.set")
    assert entry.changes == {"term": [None, "topic:erziehung-familie"]}
    page = planner.get(LIST_URL).content.decode()
    assert topic.name_en in page or topic.name in page
    assert "(1 open)" in page


def test_deliberately_unmapped_is_recorded_and_changes_no_offer(
    persona_client, tenant, organisation
):
    planner = english(persona_client("planer"))
    offer = offer_with(tenant, organisation, [OE])
    planner.post(reverse("taxonomy:mapping_edit"), {**OE, "term": "none"})
    mapping = TermMapping.all_tenants.get(tenant=tenant, code="1102")
    assert mapping.term is None
    assert not offer.topics.exists()
    page = planner.get(LIST_URL).content.decode()
    assert "deliberately not mapped" in page and "open)" not in page


def test_offer_with_open_provider_change_is_skipped_and_named(persona_client, tenant, organisation):
    from praevnav.catalogue.revisions import offer_snapshot
    from praevnav.catalogue.services_revisions import offer_draft_save

    planner = english(persona_client("planer"))
    offer = offer_with(tenant, organisation, [OE], title="Elternkurs Nord")
    offer_draft_save(offer=offer, data=offer_snapshot(offer), by=None, tenant=tenant, channel="ui")
    topic = term(tenant, "topic", "erziehung-familie")
    response = planner.post(
        reverse("taxonomy:mapping_edit"), {**OE, "term": str(topic.pk)}, follow=True
    )
    assert "Elternkurs Nord" in response.content.decode()
    assert not offer.topics.exists()
    assert TermMapping.all_tenants.get(tenant=tenant, code="1102").term == topic


def test_missing_code_rerenders_with_error(persona_client, tenant):
    planner = english(persona_client("planer"))
    response = planner.post(
        reverse("taxonomy:mapping_edit"), {"taxonomy": "OE", "code": "", "term": "none"}
    )
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not TermMapping.all_tenants.exists()


def test_tenant_isolation(persona_client, tenant, organisation, other_tenant):
    from factories import OrganisationFactory

    foreign_org = OrganisationFactory(tenant=other_tenant)
    offer_with(
        other_tenant, foreign_org, [{"taxonomy": "Elsewhere", "code": "E1", "name": "Anderswo"}]
    )
    TermMapping.all_tenants.create(tenant=other_tenant, taxonomy="Their", code="T1", name="Fremd")
    planner = english(persona_client("planer"))
    page = planner.get(LIST_URL).content.decode()
    assert "Anderswo" not in page and "Fremd" not in page
    # A term of the other tenant cannot be chosen.
    their_topic = term(other_tenant, "topic", "erziehung-familie")
    response = planner.post(reverse("taxonomy:mapping_edit"), {**OE, "term": str(their_topic.pk)})
    assert response.status_code == 200
    assert not TermMapping.all_tenants.filter(tenant=tenant).exists()


def test_overview_links_to_the_mappings(persona_client):
    page = persona_client("planer").get(reverse("taxonomy:overview")).content.decode()
    assert f'href="{LIST_URL}"' in page


def test_list_needs_a_fixed_number_of_queries(
    persona_client, tenant, organisation, django_assert_max_num_queries
):
    planner = persona_client("planer")
    topic = term(tenant, "topic", "erziehung-familie")
    for i in range(12):
        offer_with(tenant, organisation, [{"taxonomy": "OE", "code": f"c{i}", "name": f"n{i}"}])
        TermMapping.all_tenants.create(tenant=tenant, taxonomy="OE", code=f"c{i}", term=topic)
    with django_assert_max_num_queries(12):
        page = planner.get(LIST_URL).content.decode()
    assert page.count(topic.name) >= 12
