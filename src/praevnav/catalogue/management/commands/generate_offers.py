"""``praevnav generate-offers --tenant T --count N --seed S``: a benchmark data set.

Writes ``N`` generated offers (with their providers and locations) into an existing
tenant that has areas with geometry; external ids start with ``bench-``, so the demo
rows stay untouched. A Kreis gets its offers in its member towns, as in the demo.
"""

import time
from dataclasses import replace

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from praevnav.catalogue.demo.generator import generate_dataset
from praevnav.catalogue.demo.loader import DemoDataError, area_inputs, clear_demo, persist_dataset
from praevnav.catalogue.demo.providers import DUESSELDORF, REGIONS
from praevnav.core.models import Tenant, TenantKind


class Command(BaseCommand):
    help = "Generate N offers into a tenant for benchmarks (external ids bench-…)."

    def add_arguments(self, parser):
        parser.add_argument("--tenant", required=True)
        parser.add_argument("--count", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--keep",
            action="store_true",
            help="keep earlier bench rows (default: replace them)",
        )

    def handle(self, *args, **opts):
        tenant = Tenant.objects.filter(slug=opts["tenant"]).first()
        if tenant is None:
            raise CommandError(f"Unknown tenant “{opts['tenant']}”.")
        if opts["count"] < 1:
            raise CommandError("--count must be at least 1.")
        region = REGIONS.get(tenant.slug) or replace(
            DUESSELDORF, key=tenant.slug, city=tenant.name, gap_spec=(), overlap_spec=()
        )
        towns = None
        if tenant.kind == TenantKind.KREIS:
            level, group = "gemeinde", ""
            towns = {t.official_code: t for t in Tenant.objects.filter(parent=tenant)}
        else:
            level, group = "stadtteil", "stadtbezirk"
        areas = area_inputs(tenant, level, group_level=group)
        if not areas:
            raise CommandError(
                f"Tenant {tenant.slug} has no {level} areas with geometry; load its areas first."
            )
        if towns is not None:
            missing = [a.name for a in areas if a.code not in towns]
            if missing:
                raise CommandError(f"No member tenant (official code) for: {', '.join(missing)}.")
        started = time.perf_counter()
        dataset = generate_dataset(
            region=region,
            areas=areas,
            offers=opts["count"],
            seed=opts["seed"],
            key_prefix=f"bench-{region.key}",
        )
        generated = time.perf_counter()
        try:
            with transaction.atomic():
                if not opts["keep"]:
                    clear_demo(tenant, prefixes=("bench-",))
                counts = persist_dataset(root=tenant, dataset=dataset, towns=towns)
        except DemoDataError as exc:
            raise CommandError(str(exc))
        written = time.perf_counter()
        self.stdout.write(
            f"{counts['offers']} offers, {counts['organisations']} organisations, "
            f"{counts['locations']} locations for {tenant.slug}: generated in "
            f"{generated - started:.1f} s, written in {written - generated:.1f} s."
        )
