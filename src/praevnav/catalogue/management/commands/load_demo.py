import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from praevnav.catalogue.demo.loader import (
    DEFAULT_OFFERS,
    DEFAULT_SEED,
    DemoDataError,
    demo_is_loaded,
    load_demo,
)
from praevnav.catalogue.demo.real_offers import RealOffersError


class Command(BaseCommand):
    help = (
        "Load the demo: tenants duesseldorf and kreis-dueren (with its 15 member towns), "
        "real areas and statistics, generated and real offers, demo logins."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing when tenant duesseldorf already has offers",
        )
        parser.add_argument(
            "--offers",
            type=int,
            default=DEFAULT_OFFERS,
            help=f"generated offers for Düsseldorf (default {DEFAULT_OFFERS})",
        )
        parser.add_argument(
            "--kreis-offers",
            type=int,
            default=None,
            help="generated offers for Kreis Düren (default 360, or a fifth of --offers)",
        )
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)

    def handle(self, *args, **opts):
        if opts["if_empty"] and demo_is_loaded():
            self.stdout.write("Demo already loaded (tenant duesseldorf has offers); nothing to do.")
            return
        if opts["offers"] < 1:
            raise CommandError("--offers must be at least 1.")
        started = time.perf_counter()
        try:
            report = load_demo(
                data_dir=settings.DATA_DIR,
                offers=opts["offers"],
                kreis_offers=opts["kreis_offers"],
                seed=opts["seed"],
                log=lambda message: self.stdout.write(f"  {message}"),
            )
        except (DemoDataError, RealOffersError) as exc:
            raise CommandError(str(exc))
        total = time.perf_counter() - started
        offers = sum(c["offers"] for c in report.counts.values())
        self.stdout.write(
            self.style.SUCCESS(f"Demo loaded: {offers} offers in {total:.1f} s.")
            + " Logins: praevnav demo-accounts"
        )
