"""Bulk reads for the HSDS serialiser: a fixed number of queries for any number of offers.

Every read filters by the offers' queryset as a subquery (or a short id list for an API
page), never per offer: offers, one query per link table, sessions, translations,
organisations, locations, areas, and the vocabularies (``vocabularies.load_vocab``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet

from praevnav.accounts.models import Organisation
from praevnav.catalogue.models import Offer, OfferTranslation, OpeningSession
from praevnav.catalogue.services import OFFER_M2M_FIELDS
from praevnav.core.models import Tenant
from praevnav.exchange.hsds.vocabularies import Vocab, load_vocab
from praevnav.geography.models import Area, Location

OFFER_COLUMNS = (
    "pk",
    "tenant_id",
    "organisation_id",
    "external_id",
    "title",
    "description",
    "summary_plain",
    "pregnancy",
    "age_min_months",
    "age_max_months",
    "prevention_level_id",
    "evidence_programme_id",
    "cost_note",
    "childcare",
    "service_area_kind",
    "schedule_note",
    "by_appointment",
    "closed_on_public_holidays",
    "valid_from",
    "valid_until",
    "capacity_per_year",
    "public_contact_name",
    "public_phone",
    "public_email",
    "website",
    "last_confirmed_at",
    "external_terms",
    "updated_at",
)
# Internal contacts and notes are deliberately absent: they never leave in HSDS.
ORGANISATION_COLUMNS = (
    "pk",
    "tenant_id",
    "name",
    "short_name",
    "description",
    "legal_status",
    "website",
    "email",
    "phone",
    "external_id",
    "updated_at",
)
LOCATION_COLUMNS = (
    "pk",
    "tenant_id",
    "organisation_id",
    "name",
    "street",
    "postcode",
    "city",
    "latitude",
    "longitude",
    "external_id",
)
AREA_COLUMNS = ("pk", "level", "code", "name")


@dataclass
class Bundle:
    """The rows one serialisation needs, keyed for lookups."""

    tenant: Tenant
    slugs: dict[int, str]
    vocab: Vocab
    offers: list[dict] = field(default_factory=list)
    links: dict[str, dict[int, list[int]]] = field(default_factory=dict)
    sessions: dict[int, list[dict]] = field(default_factory=dict)
    translations: dict[int, list[dict]] = field(default_factory=dict)
    organisations: dict[int, dict] = field(default_factory=dict)
    locations: dict[int, dict] = field(default_factory=dict)
    areas: dict[int, dict] = field(default_factory=dict)


def tenant_slugs(tenant: Tenant) -> tuple[list[int], dict[int, str]]:
    """The tenant's scope and the slugs of all tenants whose rows it may show."""
    scope = tenant.scope_ids()
    lineage = tenant.lineage_ids()
    slugs = dict(Tenant.objects.filter(pk__in=lineage).values_list("pk", "slug"))
    return scope, slugs


def load_bundle(
    *, tenant: Tenant, offers: QuerySet | list[int], vocab: Vocab | None = None
) -> Bundle:
    """Everything to serialise ``offers`` (a queryset of offers or a list of ids; the
    result keeps a list's order, a queryset is ordered by pk)."""
    scope, slugs = tenant_slugs(tenant)
    if vocab is None:
        vocab = load_vocab(tenant=tenant, scope_ids=scope, slugs=slugs)
    bundle = Bundle(tenant=tenant, slugs=slugs, vocab=vocab)
    if isinstance(offers, list):
        by_pk = {
            row["pk"]: row for row in Offer.all_tenants.filter(pk__in=offers).values(*OFFER_COLUMNS)
        }
        bundle.offers = [by_pk[pk] for pk in offers if pk in by_pk]
        selector: QuerySet | list[int] = offers
    else:
        bundle.offers = list(offers.order_by("pk").values(*OFFER_COLUMNS))
        selector = offers.values("pk")
    for name, column in OFFER_M2M_FIELDS.items():
        through = getattr(Offer, name).through
        per_offer: dict[int, list[int]] = defaultdict(list)
        rows = through.objects.filter(offer_id__in=selector).order_by("pk")
        for offer_id, target in rows.values_list("offer_id", column):
            per_offer[offer_id].append(target)
        bundle.links[name] = per_offer
    sessions: dict[int, list[dict]] = defaultdict(list)
    for row in (
        OpeningSession.objects.filter(offer_id__in=selector)
        .order_by("weekday", "opens", "pk")
        .values("pk", "offer_id", "location_id", "weekday", "opens", "closes", "note")
    ):
        sessions[row["offer_id"]].append(row)
    bundle.sessions = sessions
    translations: dict[int, list[dict]] = defaultdict(list)
    for row in (
        OfferTranslation.objects.filter(offer_id__in=selector)
        .order_by("language")
        .values("offer_id", "language", "title", "description", "summary_plain")
    ):
        translations[row.pop("offer_id")].append(row)
    bundle.translations = translations
    bundle.organisations = {
        row["pk"]: row
        for row in Organisation.all_tenants.filter(
            pk__in=Offer.all_tenants.filter(pk__in=selector).values("organisation_id")
        ).values(*ORGANISATION_COLUMNS)
    }
    location_through = Offer.locations.through
    bundle.locations = {
        row["pk"]: row
        for row in Location.all_tenants.filter(
            pk__in=location_through.objects.filter(offer_id__in=selector).values("location_id")
        ).values(*LOCATION_COLUMNS)
    }
    area_through = Offer.service_areas.through
    bundle.areas = {
        row["pk"]: row
        for row in Area.all_tenants.filter(
            pk__in=area_through.objects.filter(offer_id__in=selector).values("area_id")
        ).values(*AREA_COLUMNS)
    }
    return bundle
