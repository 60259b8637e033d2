"""load-demo, demo-accounts, generate-offers, stats and the bulk catalogue services."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from factories import AreaFactory, OfferFactory, OrganisationFactory, TenantFactory, square
from praevnav.accounts.enums import Role
from praevnav.accounts.models import Membership, User
from praevnav.catalogue.models import Offer, OpeningSession
from praevnav.catalogue.services import offers_bulk_create
from praevnav.core.models import Tenant
from praevnav.geography.models import Indicator, Location
from praevnav.taxonomy.models import Term


def _run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.realdata
@pytest.mark.django_db
def test_load_demo_builds_both_tenants_and_if_empty_leaves_them_alone():
    _run("load_demo", "--offers", "300", "--kreis-offers", "120")
    city = Tenant.objects.get(slug="duesseldorf")
    kreis = Tenant.objects.get(slug="kreis-dueren")
    city_offers = Offer.all_tenants.filter(tenant=city)
    assert city_offers.filter(external_id__startswith="demo-dus-").count() == 300
    real = city_offers.filter(external_id__startswith="duesseldorf-integrationsberatung-")
    assert real.count() == 36
    # Real offers reach their Stadtteil by point-in-polygon.
    first = real.get(external_id="duesseldorf-integrationsberatung-1")
    stadtteile = {a.name for loc in first.locations.all() for a in loc.areas.all()}
    assert "Golzheim" in stadtteile
    # Kreis offers belong to the member town their location lies in.
    members = Tenant.objects.filter(parent=kreis)
    assert members.count() == 15
    assert Offer.all_tenants.filter(tenant=kreis).count() == 0
    assert Offer.all_tenants.filter(tenant_id__in=kreis.scope_ids()).count() == 120
    for offer in Offer.all_tenants.filter(tenant__in=members).prefetch_related("locations")[:20]:
        assert {loc.tenant_id for loc in offer.locations.all()} == {offer.tenant_id}
    assert not Location.all_tenants.filter(tenant_id__in=kreis.scope_ids(), outside_tenant=True)
    # One login per role and tenant; the editor is bound to its Träger; admin is staff.
    editor = Membership.all_tenants.get(user__username="traeger")
    assert editor.role == Role.TRAEGER_EDITOR
    assert editor.organisation.name == "Caritasverband Düsseldorf e. V."
    assert editor.organisation.offers.count() > 1  # generated and real offers merged
    assert User.objects.get(username="admin").is_staff
    assert User.objects.get(username="dn-planung").check_password("praevnav-demo")
    assert Membership.all_tenants.filter(tenant=kreis).count() == 5

    before = Offer.all_tenants.count()
    note = _run("load_demo", "--if-empty")
    assert "already loaded" in note
    assert Offer.all_tenants.count() == before

    accounts = _run("demo_accounts")
    assert "praevnav-demo" in accounts and "http://127.0.0.1:8000/" in accounts
    assert "dn-traeger" in accounts and "Caritasverband für die Region Düren-Jülich" in accounts

    stats = json.loads(_run("stats", "--tenant", "duesseldorf", "--json"))
    assert stats["areas"] == {"kommune": 1, "stadtbezirk": 10, "stadtteil": 50, "sozialraum": 171}
    assert stats["population"]["2024"] == 658245
    assert sum(stats["offers"].values()) == 336


@pytest.mark.django_db
def test_load_demo_without_data_dir_names_the_official_sources(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "missing"
    with pytest.raises(CommandError) as error:
        call_command("load_demo")
    message = str(error.value)
    assert "stadtteile_2025_wgs84.geojson" in message
    assert "https://opendata.duesseldorf.de" in message
    assert "gdz.bkg.bund.de" in message


@pytest.mark.django_db
def test_generate_offers_writes_bench_offers_into_a_tenant_with_synthetic_areas():
    tenant = TenantFactory(slug="bench-stadt", name="Benchstadt")
    for i in range(4):
        AreaFactory(tenant=tenant, code=f"0{i}1", geometry=square(6.70 + 0.02 * i, 51.2, 0.015))
    out = _run("generate_offers", "--tenant", "bench-stadt", "--count", "150", "--seed", "5")
    assert "150 offers" in out
    offers = Offer.all_tenants.filter(tenant=tenant)
    assert offers.count() == 150
    assert all(o.external_id.startswith("bench-bench-stadt-") for o in offers)
    assert offers.filter(dimensions__isnull=False).distinct().count() == 150
    locations = Location.all_tenants.filter(tenant=tenant)
    assert locations.filter(areas__isnull=True).count() == 0
    # Running again replaces the bench rows instead of adding to them.
    _run("generate_offers", "--tenant", "bench-stadt", "--count", "120", "--seed", "5")
    assert Offer.all_tenants.filter(tenant=tenant).count() == 120


@pytest.mark.django_db
def test_stats_json_counts_areas_offers_and_population_of_the_coarsest_complete_level():
    tenant = TenantFactory(slug="kleinstadt", name="Kleinstadt")
    root = AreaFactory(tenant=tenant, level="kommune", code="1", geometry=None)
    north = AreaFactory(tenant=tenant, level="stadtteil", code="11", parent=root, geometry=None)
    south = AreaFactory(tenant=tenant, level="stadtteil", code="12", parent=root, geometry=None)
    for area, year, value in [
        (root, 2024, 1000),  # the root is complete for 2024
        (north, 2024, 600),
        (south, 2024, 390),  # does not add up: the root's figure is used
        (north, 2023, 550),
        (south, 2023, 420),  # no root figure for 2023: the Stadtteile are summed
        (north, 2022, 500),  # 2022 is incomplete everywhere: left out
    ]:
        Indicator.all_tenants.create(
            tenant=tenant, area=area, year=year, key="population_total", value=value
        )
    organisation = OrganisationFactory(tenant=tenant)
    for status in ["published", "published", "draft", "archived"]:
        OfferFactory(tenant=tenant, organisation=organisation, status=status)

    stats = json.loads(_run("stats", "--tenant", "kleinstadt", "--json"))

    assert stats == {
        "tenant": "kleinstadt",
        "areas": {"kommune": 1, "stadtteil": 2},
        "organisations": 1,
        "offers": {"draft": 1, "submitted": 0, "published": 2, "archived": 1},
        "population": {"2023": 970, "2024": 1000},
    }
    table = _run("stats", "--tenant", "kleinstadt")
    assert "no complete level for: 2022" in table


@pytest.mark.django_db
def test_stats_for_an_unknown_tenant_names_it():
    with pytest.raises(CommandError, match="Unknown tenant “atlantis”"):
        call_command("stats", "--tenant", "atlantis", "--json")


@pytest.mark.django_db
def test_offers_bulk_create_writes_links_and_sessions(tenant):
    organisation = OrganisationFactory(tenant=tenant)
    dimension = Term.all_tenants.get(tenant=tenant, vocabulary="dimension", code="bildung")
    offer = Offer(tenant=tenant, organisation=organisation, title="Lesepaten", description="…")
    session = OpeningSession(weekday=2, opens="15:00", closes="16:30")

    [created] = offers_bulk_create(
        tenant=tenant, offers=[offer], links={"dimensions": [[dimension.pk]]}, sessions=[[session]]
    )

    assert list(created.dimensions.values_list("code", flat=True)) == ["bildung"]
    assert created.sessions.get().weekday == 2


@pytest.mark.django_db
def test_offers_bulk_create_rejects_an_unknown_link_field_before_writing(tenant):
    organisation = OrganisationFactory(tenant=tenant)
    offer = Offer(tenant=tenant, organisation=organisation, title="X", description="…")
    with pytest.raises(ValueError, match="Unknown offer link fields: colours"):
        offers_bulk_create(tenant=tenant, offers=[offer], links={"colours": [[1]]})
    assert not Offer.all_tenants.exists()
