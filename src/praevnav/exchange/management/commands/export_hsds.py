"""``praevnav export-hsds DIR --tenant T``: published offers as HSDS 3.0 files."""

from __future__ import annotations

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from praevnav.core.models import Tenant
from praevnav.exchange.hsds.export import hsds_export


class Command(BaseCommand):
    help = (
        "Write the tenant's published offers as Open Referral HSDS 3.0: services.json, "
        "organizations.json, taxonomies.json, taxonomy_terms.json and the tabular CSV "
        "files with datapackage.json."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="target directory (created if missing)")
        parser.add_argument("--tenant", required=True, help="tenant slug, e.g. duesseldorf")

    def handle(self, *args, **opts):
        tenant = Tenant.objects.filter(slug=opts["tenant"]).first()
        if tenant is None:
            known = ", ".join(Tenant.objects.order_by("slug").values_list("slug", flat=True))
            raise CommandError(
                f"Unknown tenant “{opts['tenant']}”. Known tenants: {known or 'none'}."
            )
        directory = Path(opts["directory"])
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CommandError(f"Cannot create the directory {directory}: {exc.strerror}.")
        if not directory.is_dir() or not os.access(directory, os.W_OK | os.X_OK):
            raise CommandError(f"The directory {directory} is not writable.")
        try:
            summary = hsds_export(tenant=tenant, directory=directory)
        except OSError as exc:
            raise CommandError(f"Cannot write into {directory}: {exc.strerror}.")
        self.stdout.write(
            f"HSDS 3.0 export of {tenant.slug} into {directory}: "
            f"{summary.services} services, {summary.organizations} organizations, "
            f"{summary.taxonomies} taxonomies, {summary.taxonomy_terms} taxonomy terms; "
            f"{len(summary.files)} CSV files + datapackage.json; {summary.seconds:.1f} s."
        )
