"""``praevnav gaps --tenant T --level stadtteil [--life-phase P] [--dimension D] [--json]``."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from praevnav.core.models import Tenant
from praevnav.core.tenancy import tenant_context
from praevnav.planning.selectors_gaps import GapQueryError, gap_list


class Command(BaseCommand):
    help = "The gap list: area × life phase ranked by unmet need (score descending)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tenant", required=True, help="tenant slug")
        parser.add_argument("--level", required=True, help="stadtbezirk, stadtteil, sozialraum")
        parser.add_argument("--life-phase", dest="life_phase", default=None)
        parser.add_argument("--dimension", default=None)
        parser.add_argument("--limit", type=int, default=None, help="only the first N rows")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options) -> None:
        try:
            tenant = Tenant.objects.get(slug=options["tenant"])
        except Tenant.DoesNotExist:
            raise CommandError(f"Unknown tenant {options['tenant']!r}.")
        with translation.override("de"), tenant_context(tenant):
            try:
                result = gap_list(
                    tenant=tenant,
                    level=options["level"],
                    life_phase=options["life_phase"],
                    dimension=options["dimension"],
                )
            except GapQueryError as error:
                raise CommandError(str(error))
            rows = result.rows[: options["limit"]] if options["limit"] else result.rows
            if options["json"]:
                data = {"level": result.level, "rows": [r.as_dict() for r in rows]}
                self.stdout.write(json.dumps(data, ensure_ascii=False, indent=1))
                return
            header = f"{'#':>4}  {'area':<28} {'phase':<16} {'pop.':>8} {'offers':>6} " \
                     f"{'access.':>9} {'need':>5} {'sig.':>4} {'score':>9}  reasons"  # fmt: skip
            self.stdout.write(header)
            for rank, r in enumerate(rows, start=1):
                access = "–" if r.accessibility is None else f"{r.accessibility:.4f}"
                codes = ", ".join(x.code for x in r.reasons)
                self.stdout.write(
                    f"{rank:>4}  {r.area_name[:28]:<28} {r.life_phase[:16]:<16} "
                    f"{r.population:>8.0f} {r.offers:>6} {access:>9} {r.need_index:>5.2f} "
                    f"{r.demand_signals:>4} {r.score:>9.2f}  {codes}"
                )
