"""``praevnav snapshot --tenant T [--date YYYY-MM-DD] [--label L] [--json]``: freeze the
planning state of a tenant for a reporting date (default: today).

Stores a ``PlanningSnapshot`` (immutable) with coverage, accessibility, gaps, overlaps,
currency, demand counts and the current offers; see ``planning.snapshots`` for the
content and what "as of the reporting date" means. Prints the snapshot's id and key
figures, or with ``--json`` ``{"id", "reference_date", "label", "offers",
"sections": {name: available}}``. Errors (unknown tenant, a date that is not
``YYYY-MM-DD`` or lies in the future) exit with a message and store nothing.
"""

from __future__ import annotations

import datetime as dt
import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from praevnav.core.models import AuditEntry, Tenant
from praevnav.core.tenancy import tenant_context
from praevnav.planning.services_snapshots import snapshot_create


class Command(BaseCommand):
    help = "Freeze coverage, accessibility, gaps, overlaps, currency and demand for a date."

    def add_arguments(self, parser):
        parser.add_argument("--tenant", required=True, help="tenant slug")
        parser.add_argument("--date", help="reporting date YYYY-MM-DD (default: today)")
        parser.add_argument("--label", default="", help="label, e.g. the committee meeting")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **opts):
        tenant = Tenant.objects.filter(slug=opts["tenant"]).first()
        if tenant is None:
            raise CommandError(f"Unknown tenant: {opts['tenant']!r}.")
        day = None
        if opts.get("date"):
            try:
                day = dt.date.fromisoformat(opts["date"])
            except ValueError:
                raise CommandError(
                    f"Invalid date {opts['date']!r}: use YYYY-MM-DD, e.g. 2025-06-30."
                ) from None
        try:
            with tenant_context(tenant):
                snapshot = snapshot_create(
                    tenant=tenant,
                    reference_date=day,
                    label=opts["label"],
                    channel=AuditEntry.Channel.COMMAND,
                )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        data = snapshot.data
        sections = {
            name: bool(data.get(name, {}).get("available"))
            for name in ("accessibility", "gaps", "overlaps")
        }
        if opts["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "id": snapshot.pk,
                        "reference_date": snapshot.reference_date.isoformat(),
                        "label": snapshot.label,
                        "offers": len(data["offers"]),
                        "sections": sections,
                    },
                    ensure_ascii=False,
                )
            )
            return
        missing = [name for name, ok in sections.items() if not ok]
        self.stdout.write(
            f"Snapshot {snapshot.pk} of {tenant.name} for {snapshot.reference_date.isoformat()}: "
            f"{len(data['offers'])} current offers, currency {data['currency']['share_current']} % "
            f"current." + (f" Not available: {', '.join(missing)}." if missing else "")
        )
