"""``praevnav stats --tenant T [--json]``: the figures an operator checks after a load.

JSON shape (exactly these keys)::

    {"tenant": slug, "areas": {level: count}, "organisations": n,
     "offers": {status: count}, "population": {year: total}}

Everything counts the tenant's scope (itself and, for a Kreis, its member towns).
``offers`` lists every status, zeros included. ``population`` is, per year, the sum
of the indicator ``population_total`` over the *coarsest complete level*: levels are
tried from the top (Kommune/Kreis) down, and the first level on which every area of
the scope has a non-suppressed value for that year is summed. A year for which no
level is complete is left out (the table says so), so a total never silently
misses areas.
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count

from praevnav.accounts.models import Organisation
from praevnav.catalogue.enums import OfferStatus
from praevnav.catalogue.models import Offer
from praevnav.core.models import Tenant
from praevnav.geography.enums import LEVEL_DEPTH, AreaLevel
from praevnav.geography.models import Area, Indicator


def tenant_stats(*, tenant: Tenant) -> tuple[dict, list[int]]:
    """The stats of ``tenant`` and the years left out for want of a complete level."""
    scope = tenant.scope_ids()
    area_counts = dict(
        Area.all_tenants.filter(tenant_id__in=scope)
        .values_list("level")
        .annotate(n=Count("id"))
        .values_list("level", "n")
    )
    levels = sorted(area_counts, key=lambda lvl: (LEVEL_DEPTH[AreaLevel(lvl)], lvl))
    offers = {status: 0 for status in OfferStatus.values}
    for status, n in (
        Offer.all_tenants.filter(tenant_id__in=scope)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    ):
        offers[status] = n
    values: dict[tuple[int, str], list[float]] = {}
    for year, level, value in Indicator.all_tenants.filter(
        tenant_id__in=scope, key="population_total", value__isnull=False
    ).values_list("year", "area__level", "value"):
        values.setdefault((year, level), []).append(value)
    population: dict[str, int | float] = {}
    incomplete: list[int] = []
    for year in sorted({year for year, _ in values}):
        for level in levels:
            found = values.get((year, level), [])
            if found and len(found) == area_counts[level]:
                total = sum(found)
                population[str(year)] = int(total) if float(total).is_integer() else total
                break
        else:
            incomplete.append(year)
    data = {
        "tenant": tenant.slug,
        "areas": {level: area_counts[level] for level in levels},
        "organisations": Organisation.all_tenants.filter(tenant_id__in=scope).count(),
        "offers": offers,
        "population": population,
    }
    return data, incomplete


class Command(BaseCommand):
    help = "Show areas, organisations, offers per status and population of a tenant."

    def add_arguments(self, parser):
        parser.add_argument("--tenant", required=True, help="tenant slug, e.g. duesseldorf")
        parser.add_argument("--json", action="store_true", help="print JSON only")

    def handle(self, *args, **opts):
        slug = opts["tenant"]
        tenant = Tenant.objects.filter(slug=slug).first()
        if tenant is None:
            known = ", ".join(Tenant.objects.order_by("slug").values_list("slug", flat=True))
            raise CommandError(f"Unknown tenant “{slug}”. Known tenants: {known or 'none'}.")
        data, incomplete = tenant_stats(tenant=tenant)
        if opts["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        out = self.stdout.write
        out(f"{tenant.name} ({tenant.slug})")
        out("  Gebiete / areas:")
        for level, n in data["areas"].items() or [("–", 0)]:
            out(f"    {level:<14}{n:>8}")
        out(f"  Träger / organisations: {data['organisations']:>7}")
        out("  Angebote / offers:")
        for status, n in data["offers"].items():
            out(f"    {status:<14}{n:>8}")
        out("  Einwohner / population (coarsest complete level):")
        for year, total in data["population"].items():
            out(f"    {year:<14}{total:>10,.0f}".replace(",", "."))
        if incomplete:
            out(f"    no complete level for: {', '.join(map(str, incomplete))}")
