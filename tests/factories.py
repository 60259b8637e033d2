"""factory_boy factories for the domain models."""

from __future__ import annotations

import factory

from praevnav.accounts.enums import Role
from praevnav.accounts.models import Membership, Organisation, User
from praevnav.catalogue.enums import OfferStatus
from praevnav.catalogue.models import Offer
from praevnav.core.models import Tenant, TenantKind
from praevnav.geography.models import Area, Location


class TenantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tenant
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"stadt-{n}")
    name = factory.Sequence(lambda n: f"Teststadt {n}")
    kind = TenantKind.KREISFREIE_STADT

    @factory.post_generation
    def taxonomy(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            from praevnav.taxonomy.services import taxonomy_seed

            taxonomy_seed(tenant=obj)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("correct horse battery")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    tenant = factory.SubFactory(TenantFactory)
    name = factory.Sequence(lambda n: f"Träger {n} e. V.")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    tenant = factory.SubFactory(TenantFactory)
    role = Role.FACHKRAFT


def square(lon: float, lat: float, size: float = 0.01) -> dict:
    """A GeoJSON square polygon with its south-west corner at (lon, lat)."""
    return {
        "type": "Polygon",
        "coordinates": [
            [
                [lon, lat],
                [lon + size, lat],
                [lon + size, lat + size],
                [lon, lat + size],
                [lon, lat],
            ]
        ],
    }


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    tenant = factory.SubFactory(TenantFactory)
    level = "stadtteil"
    code = factory.Sequence(lambda n: f"{n:03d}")
    name = factory.Sequence(lambda n: f"Stadtteil {n}")
    geometry = factory.LazyFunction(lambda: square(6.7, 51.2))


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    tenant = factory.SubFactory(TenantFactory)
    name = factory.Sequence(lambda n: f"Standort {n}")
    street = "Musterstraße 1"
    postcode = "40210"
    city = "Düsseldorf"


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offer

    tenant = factory.SubFactory(TenantFactory)
    organisation = factory.SubFactory(OrganisationFactory, tenant=factory.SelfAttribute("..tenant"))
    title = factory.Sequence(lambda n: f"Angebot {n}")
    description = "Beratung und Begleitung für Familien."
    status = OfferStatus.PUBLISHED
