from django.core.management.base import BaseCommand, CommandError

from praevnav.core.models import Tenant
from praevnav.geography.indicators import LoadError, load_indicators, population_consistency
from praevnav.geography.indicators_mappings import MAPPINGS


class Command(BaseCommand):
    help = (
        "Load yearly indicators from a statistics CSV through a named mapping "
        "(all or nothing), then report where population figures disagree."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--tenant", required=True, help="tenant slug")
        parser.add_argument(
            "--year",
            type=int,
            help="year of a one-year file (default: the mapping's or the file name's), "
            "or the one year to take from a multi-year file (default: all years)",
        )
        parser.add_argument("--mapping", required=True, choices=sorted(MAPPINGS))
        parser.add_argument("--source", default="", help="source and licence note")

    def handle(self, *args, **opts):
        tenant = Tenant.objects.filter(slug=opts["tenant"]).first()
        if tenant is None:
            raise CommandError(f"unknown tenant {opts['tenant']!r}")
        try:
            report = load_indicators(
                tenant=tenant,
                path=opts["file"],
                year=opts["year"],
                mapping=opts["mapping"],
                source=opts["source"],
            )
        except LoadError as exc:
            raise CommandError(str(exc))
        for line in report.lines():
            self.stdout.write(line)
        for year in report.years:
            for message in population_consistency(tenant=tenant, year=year).messages:
                self.stdout.write(f"consistency: {message}")
        self.stdout.write(self.style.SUCCESS("Indicators loaded."))
