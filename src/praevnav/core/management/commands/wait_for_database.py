import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.utils import OperationalError


class Command(BaseCommand):
    help = (
        "Wait until the configured database accepts connections; fail after --timeout. "
        "With --create, a missing PostgreSQL database is created."
    )

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=20.0)
        parser.add_argument("--create", action="store_true")

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
                if opts["create"] and engine == "postgresql" and "does not exist" in str(exc):
                    self._create_database(settings)
                    continue
                time.sleep(1)
        raise CommandError(f"Database not reachable ({where}): {last_error}")

    def _create_database(self, settings) -> None:
        import psycopg
        from psycopg import sql

        params = {
            "host": settings.get("HOST") or None,
            "port": settings.get("PORT") or None,
            "user": settings.get("USER") or None,
            "password": settings.get("PASSWORD") or None,
            "dbname": "postgres",
            "autocommit": True,
        }
        with psycopg.connect(**{k: v for k, v in params.items() if v is not None}) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(settings["NAME"])))
        self.stdout.write(f"Created database {settings['NAME']}.")
