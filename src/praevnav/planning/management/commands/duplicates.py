"""``praevnav duplicates --tenant T [--json]``: duplicate records and Doppelstrukturen.

JSON shape (exactly these keys)::

    {"duplicates": [{"a": OFFER, "b": OFFER, "score": float, "reasons": [REASON, …]}],
     "overlaps": [{"offers": [OFFER, …], "area_code": str, "life_phase": str,
                   "score": float, "reasons": [REASON, …]}]}

``OFFER`` is ``{"id", "external_id", "title"}`` (``id`` is the id of
``/api/v1/offers/{id}``, ``external_id`` the id an import gave it). ``REASON`` is
``{"code", "value", "text"}``: a stable code, its value and a human-readable text in the
active language (``--language``, default German). Both lists are sorted by score, highest
first. Pairs judged "not a duplicate" and archived (e.g. merged) offers are left out.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from praevnav.core.models import Tenant
from praevnav.planning.selectors_findings import findings, findings_json


class Command(BaseCommand):
    help = "List probable duplicate offers and overlapping offers (Doppelstrukturen)."

    def add_arguments(self, parser):
        parser.add_argument("--tenant", required=True, help="tenant slug")
        parser.add_argument("--json", action="store_true", help="print JSON")
        parser.add_argument("--language", default="de", help="language of the reasons (de, en)")

    def handle(self, *args, **opts):
        tenant = Tenant.objects.filter(slug=opts["tenant"]).first()
        if tenant is None:
            raise CommandError(f"Unknown tenant: {opts['tenant']!r}.")
        with translation.override(opts["language"]):
            result = findings(tenant=tenant)
            data = findings_json(result)
        if opts["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            f"{tenant.name}: {result.offers} published offers, "
            f"{len(data['duplicates'])} probable duplicates, "
            f"{len(data['overlaps'])} overlaps ({result.overlap_level or 'all levels'})."
        )
        if data["duplicates"]:
            self.stdout.write("\nProbable duplicates (score, offers, reasons):")
        for d in data["duplicates"]:
            self.stdout.write(
                f"  {d['score']:.2f}  #{d['a']['id']} {d['a']['title']!r}"
                f"  ↔  #{d['b']['id']} {d['b']['title']!r}"
            )
            for reason in d["reasons"]:
                self.stdout.write(f"        – {reason['text']}")
        if data["overlaps"]:
            self.stdout.write("\nOverlaps (score, area, life phase, offers):")
        for o in data["overlaps"]:
            offers = ", ".join(f"#{f['id']} {f['title']!r}" for f in o["offers"])
            self.stdout.write(f"  {o['score']:.2f}  {o['area_code']}  {o['life_phase']}  {offers}")
            for reason in o["reasons"]:
                self.stdout.write(f"        – {reason['text']}")
