import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.utils import OperationalError


class Command(BaseCommand):
    help = "Wait until the configured database accepts connections; fail after --timeout."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=20.0)

    def handle(self, *args, **opts):
        deadline = time.monotonic() + opts["timeout"]
        settings = connection.settings_dict
        engine = settings["ENGINE"].rsplit(".", 1)[-1]
        where = f"{engine} {settings.get('HOST') or ''}:{settings.get('PORT') or ''}"
        last_error = None
        while time.monotonic() < deadline:
            try:
                connection.ensure_connection()
                self.stdout.write(f"Database reachable ({where}).")
                return
            except OperationalError as exc:
                last_error = exc
                connection.close()
                time.sleep(1)
        raise CommandError(f"Database not reachable ({where}): {last_error}")
