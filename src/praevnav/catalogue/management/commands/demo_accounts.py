from django.core.management.base import BaseCommand

from praevnav.accounts.enums import Role
from praevnav.accounts.models import Membership, User
from praevnav.catalogue.demo.loader import DEMO_ACCOUNTS, DEMO_PASSWORD

URL = "http://127.0.0.1:8000/"


class Command(BaseCommand):
    help = "Show the demo logins (one per role and tenant) and their shared password."

    def handle(self, *args, **opts):
        rows = [("Benutzer", "Rolle", "Mandant", "Träger")]
        missing = 0
        for account in DEMO_ACCOUNTS:
            user = User.objects.filter(username=account.username).first()
            organisation = account.organisation
            if user is None:
                missing += 1
                organisation = "(nicht geladen)"
            else:
                membership = (
                    Membership.all_tenants.filter(user=user, tenant__slug=account.tenant)
                    .select_related("organisation")
                    .first()
                )
                if membership and membership.organisation:
                    organisation = membership.organisation.name
            rows.append(
                (
                    account.username,
                    str(Role(account.role).label),
                    account.tenant,
                    organisation or "–",
                )
            )
        widths = [max(len(str(r[i])) for r in rows) for i in range(4)]
        self.stdout.write("Demo-Zugänge / demo logins:")
        for i, row in enumerate(rows):
            line = "  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True))
            self.stdout.write(("  " + line).rstrip())
            if i == 0:
                self.stdout.write("  " + "  ".join("-" * w for w in widths))
        self.stdout.write(f"Passwort für alle / password for all: {DEMO_PASSWORD}")
        self.stdout.write(f"Anmelden / log in at: {URL}")
        if missing:
            self.stdout.write(
                self.style.WARNING(f"{missing} demo logins are not loaded yet: praevnav load-demo")
            )
