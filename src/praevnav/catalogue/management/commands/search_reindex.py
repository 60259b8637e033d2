"""``praevnav search-reindex [--tenant T]``: rebuild the text index of the search."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from praevnav.catalogue.search.indexing import search_index_refresh
from praevnav.core.models import Tenant


class Command(BaseCommand):
    help = "Re-analyse and re-index the offers of one tenant (or all) for the search."

    def add_arguments(self, parser):
        parser.add_argument("--tenant", default=None)

    def handle(self, *args, **opts):
        tenant = None
        if opts["tenant"]:
            tenant = Tenant.objects.filter(slug=opts["tenant"]).first()
            if tenant is None:
                raise CommandError(f"Unknown tenant “{opts['tenant']}”.")
        started = time.perf_counter()
        count = search_index_refresh(tenant=tenant)
        if connection.vendor == "postgresql":
            # A full rewrite leaves dead rows behind; VACUUM cannot run in a transaction.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE catalogue_searchdoc")
                cursor.execute("VACUUM ANALYZE catalogue_searchtsv")
        self.stdout.write(
            f"{count} offers indexed in {time.perf_counter() - started:.1f} s"
            + (f" ({tenant.slug})." if tenant else ".")
        )
