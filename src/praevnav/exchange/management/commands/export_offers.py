"""``praevnav export-offers FILE --tenant T [--format csv|xlsx]``: the template export.

Writes every offer of the tenant (with ``--organisation`` only that provider's) in
exactly the columns ``import-offers`` reads, so that export → import is lossless.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from praevnav.catalogue.models import Offer
from praevnav.core.models import Tenant
from praevnav.exchange.management.commands.import_offers import _organisation
from praevnav.exchange.template.writer import export_offers


class Command(BaseCommand):
    help = "Export offers in the CSV/XLSX import template."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--tenant", required=True)
        parser.add_argument("--format", choices=("csv", "xlsx"))
        parser.add_argument("--organisation", help="only this provider's offers")

    def handle(self, *args, **opts):
        tenant = Tenant.objects.filter(slug=opts["tenant"]).first()
        if tenant is None:
            raise CommandError(f"Unknown tenant “{opts['tenant']}”.")
        path = Path(opts["file"])
        fmt = opts["format"] or ("xlsx" if path.suffix.lower() == ".xlsx" else "csv")
        offers = Offer.all_tenants.filter(tenant_id__in=tenant.scope_ids())
        if opts["organisation"]:
            offers = offers.filter(organisation=_organisation(tenant, opts["organisation"]))
        ids = list(offers.values_list("pk", flat=True))
        data = export_offers(tenant=tenant, offer_ids=ids, fmt=fmt)
        try:
            path.write_bytes(data)
        except OSError as exc:
            raise CommandError(f"Cannot write {path}: {exc}") from exc
        self.stdout.write(f"{len(ids)} offers written to {path} ({fmt}).")
