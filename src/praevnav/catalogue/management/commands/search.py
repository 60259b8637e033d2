"""``praevnav search "QUERY" [--tenant T] [--age N] [--area CODE] [--json]``.

Runs the same search as the page and the API; ``--json`` prints the API's result shape.
Further URL parameters can be given as ``--param name=value`` (repeatable).
"""

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from praevnav.catalogue.search.output import result_data
from praevnav.catalogue.search.params import ParamError, SearchParams
from praevnav.catalogue.search.service import offer_search
from praevnav.core.models import Tenant
from praevnav.core.tenancy import tenant_context


class Command(BaseCommand):
    help = "Search offers like the search page; --json prints the API's result shape."

    def add_arguments(self, parser):
        parser.add_argument("query", nargs="?", default="")
        parser.add_argument("--tenant", default=None, help="tenant slug (default: the default)")
        parser.add_argument("--age", default=None, help="age in years")
        parser.add_argument("--area", action="append", default=[], help="area code (repeatable)")
        parser.add_argument("--near", default=None, help="address or Stadtteil")
        parser.add_argument("--page", default=None)
        parser.add_argument(
            "--param", action="append", default=[], help="any URL parameter, name=value"
        )
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **opts):
        slug = opts["tenant"] or getattr(settings, "DEFAULT_TENANT", "") or "duesseldorf"
        tenant = Tenant.objects.filter(slug=slug).first()
        if tenant is None:
            raise CommandError(f"Unknown tenant “{slug}”.")
        data: dict[str, list[str]] = {}
        if opts["query"]:
            data["q"] = [opts["query"]]
        for name in ("age", "near", "page"):
            if opts[name] is not None:
                data[name] = [opts[name]]
        if opts["area"]:
            data["area"] = list(opts["area"])
        for item in opts["param"]:
            name, sep, value = item.partition("=")
            if not sep:
                raise CommandError(f"--param needs name=value, got “{item}”.")
            data.setdefault(name.strip(), []).append(value)
        with translation.override("de"):
            try:
                params = SearchParams.from_query(data)
            except ParamError as exc:
                raise CommandError(f"{exc.field}: {exc.message}")
            with tenant_context(tenant):
                result = offer_search(tenant=tenant, params=params)
                payload = result_data(result)
        if opts["json"]:
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
            return
        self.stdout.write(f"{payload['count']} Angebote")
        for note in payload["notes"]:
            self.stdout.write(f"  ({note})")
        for item in payload["results"]:
            dist = item.get("distance_m")
            where = f" – {dist:.0f} m" if dist is not None else ""
            self.stdout.write(
                f"{item['score']:8.3f}  {item['title']} ({item['organisation']['name']}){where}"
            )
