"""``praevnav currency [--tenant T] [--date YYYY-MM-DD] [--dry-run]``: send the currency
reminders due today (run daily by cron or a systemd timer; see docs/operations.md)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from praevnav.catalogue.services_currency import currency_reminders_send
from praevnav.core.models import Tenant


class Command(BaseCommand):
    help = (
        "Send reminders 30 and 7 days before and on the due date of confirmation to the "
        "editors of published offers; idempotent, safe to run several times a day."
    )

    def add_arguments(self, parser):
        parser.add_argument("--tenant", default=None, help="Only this tenant (slug).")
        parser.add_argument(
            "--date", default=None, help="Act as if today were this day (YYYY-MM-DD)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be sent; send nothing."
        )

    def handle(self, *args, **opts):
        tenants = None
        if opts["tenant"]:
            tenant = Tenant.objects.filter(slug=opts["tenant"]).first()
            if tenant is None:
                raise CommandError(f"Unknown tenant “{opts['tenant']}”.")
            tenants = [tenant]
        today = None
        if opts["date"]:
            try:
                today = date.fromisoformat(opts["date"])
            except ValueError:
                raise CommandError(
                    f"--date: “{opts['date']}” is not a date of the form YYYY-MM-DD."
                ) from None
        run = currency_reminders_send(tenants=tenants, today=today, dry_run=opts["dry_run"])
        self.stdout.write(run.summary())
