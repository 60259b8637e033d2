"""Persisting the demo: tenants, real areas, generated and real offers, demo logins.

``load_demo(data_dir=…)`` builds (or rebuilds) two demo installations:

* ``duesseldorf`` (kreisfreie Stadt) with the real areas and statistics, the
  generated offers and the 36 real integration-counselling offers;
* ``kreis-dueren`` (Kreis) with its 15 member towns as tenants of kind
  ``gemeinde``; the areas belong to the Kreis, each generated offer (and its
  location) to the member town its location lies in, so the Kreis sees them all
  through ``Tenant.scope_ids()``. Kreis-wide providers belong to the Kreis tenant,
  local ones to their town.

Each installation is written in one transaction. A second run replaces the demo
rows (external ids ``demo-…`` and ``duesseldorf-integrationsberatung-…``) and keeps
everything else. Offers link the taxonomy terms of their own tenant.
"""

from __future__ import annotations

import time as clock
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Q

from praevnav.accounts.enums import Role
from praevnav.accounts.models import Membership, Organisation, User
from praevnav.catalogue.demo import real_offers
from praevnav.catalogue.demo.generator import generate_dataset
from praevnav.catalogue.demo.providers import DUESSELDORF, KREIS_DUEREN
from praevnav.catalogue.demo.records import (
    AreaInput,
    GeneratedDataset,
    LocationRecord,
    OfferRecord,
    OrganisationRecord,
)
from praevnav.catalogue.demo.vocab import KREIS_DUEREN_TOWNS
from praevnav.catalogue.models import Offer, OpeningSession
from praevnav.catalogue.services import (
    locations_bulk_create,
    offers_bulk_create,
    organisations_bulk_create,
)
from praevnav.core.models import AuditEntry, Tenant, TenantKind
from praevnav.core.services import tenant_create
from praevnav.geography.enums import CoordinateSource
from praevnav.geography.models import Area, Indicator, Location
from praevnav.taxonomy.models import Term, Transition

DEMO_PASSWORD = "praevnav-demo"
DEMO_PREFIXES = ("demo-", real_offers.KEY_PREFIX)
DEFAULT_OFFERS = 1720
DEFAULT_KREIS_OFFERS = 360
DEFAULT_SEED = 2024
KREIS_TOWNS_STADT = {"Düren", "Jülich", "Linnich", "Nideggen", "Heimbach"}


class DemoDataError(Exception):
    """The demo cannot be loaded; the message says why and what to do."""


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    tenant: str
    organisation: str = ""  # name of the Träger an editor is bound to


DEMO_ACCOUNTS = (
    DemoAccount("fachkraft", Role.FACHKRAFT, "duesseldorf"),
    DemoAccount("traeger", Role.TRAEGER_EDITOR, "duesseldorf", "Caritasverband Düsseldorf e. V."),
    DemoAccount("planung", Role.PLANER, "duesseldorf"),
    DemoAccount("koordination", Role.KOORDINATION, "duesseldorf"),
    DemoAccount("admin", Role.ADMIN, "duesseldorf"),
    DemoAccount("dn-fachkraft", Role.FACHKRAFT, "kreis-dueren"),
    DemoAccount(
        "dn-traeger",
        Role.TRAEGER_EDITOR,
        "kreis-dueren",
        "Caritasverband für die Region Düren-Jülich e. V.",
    ),
    DemoAccount("dn-planung", Role.PLANER, "kreis-dueren"),
    DemoAccount("dn-koordination", Role.KOORDINATION, "kreis-dueren"),
    DemoAccount("dn-admin", Role.ADMIN, "kreis-dueren"),
)


@dataclass
class LoadReport:
    seconds: dict[str, float] = field(default_factory=dict)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)


def demo_is_loaded() -> bool:
    """True when tenant ``duesseldorf`` has offers (the ``--if-empty`` check)."""
    return Offer.all_tenants.filter(tenant__slug="duesseldorf").exists()


def check_data_dir(data_dir: Path) -> None:
    """Raise :class:`DemoDataError` listing missing files and the official sources."""
    from praevnav.core.management.commands.check_data_dir import REQUIRED, SOURCES

    missing = [name for name in REQUIRED if not (Path(data_dir) / name).is_file()]
    if missing:
        raise DemoDataError(
            f"The demo data directory {data_dir} (PRAEVNAV_DATA_DIR) lacks:\n  - "
            + "\n  - ".join(missing)
            + "\nPoint PRAEVNAV_DATA_DIR at a copy of the files.\n"
            + SOURCES
        )


def _geodata():
    try:
        from praevnav.geography import demo_geodata
    except ImportError as exc:  # pragma: no cover - only before the geodata loaders exist
        raise DemoDataError(f"The geodata loaders are not available: {exc}")
    return demo_geodata


def load_demo(
    *,
    data_dir: Path,
    offers: int = DEFAULT_OFFERS,
    kreis_offers: int | None = None,
    seed: int = DEFAULT_SEED,
    reference_date: date | None = None,
    log: Callable[[str], None] = lambda message: None,
) -> LoadReport:
    """Load (or reload) both demo installations; see the module docstring."""
    data_dir = Path(data_dir)
    check_data_dir(data_dir)
    geodata = _geodata()
    ref = reference_date or date.today()
    if kreis_offers is None:
        kreis_offers = DEFAULT_KREIS_OFFERS if offers >= DEFAULT_OFFERS else max(offers // 5, 20)
    report = LoadReport()
    password = make_password(DEMO_PASSWORD)  # hashed once, shared by all demo logins

    started = clock.perf_counter()
    with transaction.atomic():
        city = _ensure_tenant(
            "duesseldorf", "Landeshauptstadt Düsseldorf", TenantKind.KREISFREIE_STADT, "05111000"
        )
        geodata.load_duesseldorf_geodata(tenant=city, data_dir=data_dir)
        clear_demo(city)
        dataset = generate_dataset(
            region=DUESSELDORF,
            areas=area_inputs(city, "stadtteil", group_level="stadtbezirk"),
            offers=offers,
            seed=seed,
            reference_date=ref,
        )
        real = real_offers.read_integration_offers(
            data_dir / real_offers.RELATIVE_PATH, reference_date=ref
        )
        report.counts["duesseldorf"] = persist(
            root=city,
            organisations=[*dataset.organisations, *real.organisations],
            locations=[*dataset.locations, *real.locations],
            offers=[*dataset.offers, *real.offers],
            tenant_of_area=lambda code: city,
            tenant_of_organisation=lambda record: city,
            real_keys={loc.key for loc in real.locations},
        )
        _demo_users(city, password)
    report.seconds["duesseldorf"] = clock.perf_counter() - started
    log(f"duesseldorf: {report.counts['duesseldorf']} in {report.seconds['duesseldorf']:.1f} s")

    started = clock.perf_counter()
    with transaction.atomic():
        kreis = _ensure_tenant("kreis-dueren", "Kreis Düren", TenantKind.KREIS, "05358")
        geodata.load_kreis_dueren_geodata(tenant=kreis, data_dir=data_dir)
        towns = _ensure_member_towns(kreis)
        _generic_social_pass([kreis, *towns.values()])
        clear_demo(kreis)
        kreis_dataset = generate_dataset(
            region=KREIS_DUEREN,
            areas=area_inputs(kreis, "gemeinde"),
            offers=kreis_offers,
            seed=seed,
            reference_date=ref,
        )
        report.counts["kreis-dueren"] = persist_dataset(
            root=kreis, dataset=kreis_dataset, towns=towns
        )
        _demo_users(kreis, password)
    report.seconds["kreis-dueren"] = clock.perf_counter() - started
    log(f"kreis-dueren: {report.counts['kreis-dueren']} in {report.seconds['kreis-dueren']:.1f} s")
    return report


def persist_dataset(
    *, root: Tenant, dataset: GeneratedDataset, towns: dict[str, Tenant] | None = None
) -> dict[str, int]:
    """Write a generated data set into ``root`` (or, with ``towns``, into its member towns
    keyed by the Gemeinde area code)."""
    if towns:
        return persist(
            root=root,
            organisations=dataset.organisations,
            locations=dataset.locations,
            offers=dataset.offers,
            tenant_of_area=lambda code: towns[code],
            tenant_of_organisation=lambda r: towns[r.home_area] if r.home_area else root,
        )
    return persist(
        root=root,
        organisations=dataset.organisations,
        locations=dataset.locations,
        offers=dataset.offers,
        tenant_of_area=lambda code: root,
        tenant_of_organisation=lambda record: root,
    )


def area_inputs(tenant: Tenant, level: str, *, group_level: str = "") -> list[AreaInput]:
    """The tenant's areas of ``level`` as generator input (group = parent's code).

    The weight is the area's latest ``population_total`` to the power 0.75 (at least
    that of 500 inhabitants), so that populous areas get more, small ones still some.
    """
    qs = Area.all_tenants.filter(tenant=tenant, level=level).exclude(geometry=None)
    population: dict[str, float] = {}
    for code, value in (
        Indicator.all_tenants.filter(area__in=qs, key="population_total", value__isnull=False)
        .order_by("year")
        .values_list("area__code", "value")
    ):
        population[code] = value  # the latest year wins
    rows = qs.order_by("code").values_list(
        "code", "name", "geometry", "parent__code", "parent__level"
    )
    return [
        AreaInput(
            code=code,
            name=name,
            geometry=geometry,
            group=parent_code if group_level and parent_level == group_level else "",
            weight=max(population.get(code, 500.0), 500.0) ** 0.75,
        )
        for code, name, geometry, parent_code, parent_level in rows
    ]


def _ensure_tenant(slug: str, name: str, kind: str, code: str, parent: str | None = None) -> Tenant:
    tenant = Tenant.objects.filter(slug=slug).first()
    if tenant is None:
        tenant = tenant_create(
            slug=slug, name=name, kind=kind, parent_slug=parent, official_code=code
        )
    return tenant


def _ensure_member_towns(kreis: Tenant) -> dict[str, Tenant]:
    """One member tenant per Gemeinde area of the Kreis, keyed by the area code (AGS)."""
    towns = {}
    for code, name in Area.all_tenants.filter(tenant=kreis, level="gemeinde").values_list(
        "code", "name"
    ):
        spec = KREIS_DUEREN_TOWNS.get(name)
        if spec is None:
            raise DemoDataError(f"Unknown Gemeinde “{name}” ({code}) in the Kreis Düren data.")
        kind_word = "Stadt" if name in KREIS_TOWNS_STADT else "Gemeinde"
        towns[code] = _ensure_tenant(
            spec[2], f"{kind_word} {name}", TenantKind.GEMEINDE, code, parent=kreis.slug
        )
    return towns


def _generic_social_pass(tenants: Iterable[Tenant]) -> None:
    """Outside Düsseldorf the reduced-fee term names no Düsselpass."""
    Term.all_tenants.filter(
        tenant__in=list(tenants), vocabulary="access", code="ermaessigt-sozialpass"
    ).update(name="Ermäßigt mit Sozialpass / Familienpass", name_en="Reduced with social pass")


def clear_demo(tenant: Tenant, *, prefixes: Iterable[str] = DEMO_PREFIXES) -> None:
    """Delete the demo rows (by external-id prefix) of ``tenant`` and its member towns."""
    prefix = Q()
    for p in prefixes:
        prefix |= Q(external_id__startswith=p)
    scope = Q(tenant_id__in=tenant.scope_ids()) & prefix
    Offer.all_tenants.filter(scope).delete()
    Location.all_tenants.filter(scope).delete()
    orgs = Organisation.all_tenants.filter(scope)
    if Offer.all_tenants.filter(organisation__in=orgs).exists():
        raise DemoDataError(
            f"Tenant {tenant.slug}: demo organisations have offers entered by hand; "
            "load-demo does not delete them. Remove those offers or use a fresh database."
        )
    orgs.delete()


def _norm(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


def persist(
    *,
    root: Tenant,
    organisations: list[OrganisationRecord],
    locations: list[LocationRecord],
    offers: list[OfferRecord],
    tenant_of_area: Callable[[str], Tenant],
    tenant_of_organisation: Callable[[OrganisationRecord], Tenant],
    real_keys: set[str] = frozenset(),  # type: ignore[assignment]
) -> dict[str, int]:
    """Write organisation, location and offer records with the bulk services.

    Organisations with the same name (ignoring case, blanks and dots) are written
    once, so a real Träger and the generator's provider of that name become one.
    """
    canonical: dict[str, str] = {}
    by_name: dict[str, str] = {}
    org_rows = []
    for record in organisations:
        norm = _norm(record.name)
        if norm in by_name:
            canonical[record.key] = by_name[norm]
            continue
        by_name[norm] = canonical[record.key] = record.key
        org_rows.append(
            Organisation(
                tenant=tenant_of_organisation(record),
                name=record.name,
                short_name=record.short_name[:80],
                description=record.description,
                legal_status=record.legal_status,
                website=record.website,
                email=record.email,
                phone=record.phone,
                external_id=record.key,
            )
        )
    org_ids = {
        o.external_id: o.pk for o in organisations_bulk_create(tenant=root, organisations=org_rows)
    }
    location_rows = [
        Location(
            tenant=root if loc.key in real_keys else tenant_of_area(loc.area_code),
            organisation_id=org_ids[canonical[loc.organisation_key]],
            name=loc.name[:250],
            street=loc.street,
            postcode=loc.postcode,
            city=loc.city,
            latitude=loc.latitude,
            longitude=loc.longitude,
            coordinate_source=CoordinateSource.IMPORT
            if loc.key in real_keys
            else CoordinateSource.MANUAL,
            external_id=loc.key,
        )
        for loc in locations
    ]
    saved_locations = {
        loc.external_id: loc for loc in locations_bulk_create(tenant=root, locations=location_rows)
    }
    lineage = set(root.scope_ids()) | set(root.lineage_ids())
    area_ids = {
        (level, code): pk
        for level, code, pk in Area.all_tenants.filter(tenant_id__in=lineage).values_list(
            "level", "code", "pk"
        )
    }
    vocab = _Vocabularies()
    offer_rows, sessions = [], []
    link_fields = (
        ("dimensions", "dimension", "dimensions"),
        ("participants", "participant", "participants"),
        ("target_groups", "target_group", "target_groups"),
        ("topics", "topic", "topics"),
        ("settings", "setting", "settings"),
        ("formats", "format", "formats"),
        ("access_options", "access", "access"),
        ("languages", "language", "languages"),
        ("accessibility", "accessibility", "accessibility"),
        ("funding_programmes", "funding", "funding"),
    )
    links: dict[str, list[list[int]]] = {name: [] for name, _, _ in link_fields}
    links |= {"transitions": [], "locations": [], "service_areas": []}
    for record in offers:
        first = saved_locations[record.location_keys[0]]
        tenant_id = first.tenant_id
        terms = vocab.terms(tenant_id)
        try:
            for name, vocabulary, attr in link_fields:
                links[name].append([terms[vocabulary, c] for c in getattr(record, attr)])
            links["transitions"].append(
                [vocab.transitions(tenant_id)[c] for c in record.transitions]
            )
            links["service_areas"].append([area_ids[key] for key in record.service_areas])
        except KeyError as exc:
            raise DemoDataError(f"Offer {record.key}: unknown code {exc.args[0]}")
        links["locations"].append([saved_locations[k].pk for k in record.location_keys])
        offer_rows.append(
            Offer(
                tenant_id=tenant_id,
                organisation_id=org_ids[canonical[record.organisation_key]],
                external_id=record.key,
                status=record.status,
                title=record.title[:250],
                description=record.description,
                summary_plain=record.summary_plain,
                pregnancy=record.pregnancy,
                age_min_months=record.age_min_months,
                age_max_months=record.age_max_months,
                prevention_level_id=terms.get(("prevention_level", record.prevention_level)),
                cost_note=record.cost_note[:300],
                childcare=record.childcare,
                evidence_programme_id=terms.get(("evidence_programme", record.evidence_programme)),
                service_area_kind=record.service_area_kind,
                schedule_note=record.schedule_note[:300],
                by_appointment=record.by_appointment,
                closed_on_public_holidays=record.closed_on_public_holidays,
                valid_from=record.valid_from,
                valid_until=record.valid_until,
                capacity_per_year=record.capacity_per_year,
                public_contact_name=record.public_contact_name,
                public_phone=record.public_phone,
                public_email=record.public_email,
                website=record.website,
                internal_contact_name=record.internal_contact_name,
                internal_phone=record.internal_phone,
                internal_email=record.internal_email,
                internal_note=record.internal_note,
                last_confirmed_at=record.last_confirmed_at,
                confirmation_interval_months=record.confirmation_interval_months,
            )
        )
        sessions.append(
            [
                OpeningSession(
                    location_id=first.pk,
                    weekday=s.weekday,
                    opens=time.fromisoformat(s.opens),
                    closes=time.fromisoformat(s.closes),
                    note=s.note,
                )
                for s in record.sessions
            ]
        )
    created = offers_bulk_create(tenant=root, offers=offer_rows, links=links, sessions=sessions)
    return {
        "organisations": len(org_rows),
        "locations": len(location_rows),
        "offers": len(created),
    }


class _Vocabularies:
    """Term and transition ids per tenant, loaded once."""

    def __init__(self) -> None:
        self._terms: dict[int, dict[tuple[str, str], int]] = {}
        self._transitions: dict[int, dict[str, int]] = {}

    def terms(self, tenant_id: int) -> dict[tuple[str, str], int]:
        if tenant_id not in self._terms:
            self._terms[tenant_id] = {
                (v, c): pk
                for v, c, pk in Term.all_tenants.filter(tenant_id=tenant_id).values_list(
                    "vocabulary", "code", "pk"
                )
            }
        return self._terms[tenant_id]

    def transitions(self, tenant_id: int) -> dict[str, int]:
        if tenant_id not in self._transitions:
            self._transitions[tenant_id] = dict(
                Transition.all_tenants.filter(tenant_id=tenant_id).values_list("code", "pk")
            )
        return self._transitions[tenant_id]


def _demo_users(tenant: Tenant, password_hash: str) -> None:
    from praevnav.accounts.services import membership_grant, user_create

    for account in DEMO_ACCOUNTS:
        if account.tenant != tenant.slug:
            continue
        user = User.objects.filter(username=account.username).first()
        if user is None:
            user = user_create(
                username=account.username,
                email=f"{account.username}@demo.beispiel-kommune.de",
                is_staff=account.role == Role.ADMIN,
                channel=AuditEntry.Channel.COMMAND,
            )
        user.password = password_hash
        user.is_active = True
        user.is_staff = account.role == Role.ADMIN
        user.save(update_fields=["password", "is_active", "is_staff"])
        organisation = None
        if account.organisation:
            organisation = Organisation.all_tenants.filter(
                tenant_id__in=tenant.scope_ids(), name=account.organisation
            ).first()
            if organisation is None:
                raise DemoDataError(f"Demo organisation “{account.organisation}” is missing.")
        Membership.all_tenants.filter(user=user, tenant=tenant).exclude(role=account.role).delete()
        membership_grant(
            user=user,
            tenant=tenant,
            role=account.role,
            organisation=organisation,
            by=None,
            channel=AuditEntry.Channel.COMMAND,
        )
