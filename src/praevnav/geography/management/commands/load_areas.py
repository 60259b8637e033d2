from django.core.management.base import BaseCommand, CommandError

from praevnav.core.models import Tenant
from praevnav.geography.enums import AreaLevel
from praevnav.geography.loaders import LoadError, load_areas


class Command(BaseCommand):
    help = (
        "Load the polygons of a GeoJSON FeatureCollection as areas of one level "
        "(upsert by code; repaired with make_valid; all or nothing)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--tenant", required=True, help="tenant slug")
        parser.add_argument("--level", required=True, choices=AreaLevel.values)
        parser.add_argument("--code-field", required=True, help="property with the code")
        parser.add_argument("--name-field", required=True, help="property with the name")
        parser.add_argument(
            "--parent-by",
            help="prefix:N (first N characters of the code), field:NAME (property with "
            "the parent's code) or contains (point in parent polygon); default: root area",
        )
        parser.add_argument("--parent-level", choices=AreaLevel.values)
        parser.add_argument("--source", default="", help="source and licence note")
        parser.add_argument("--pad-code", type=int, default=0, help="left-pad codes with zeros")

    def handle(self, *args, **opts):
        tenant = Tenant.objects.filter(slug=opts["tenant"]).first()
        if tenant is None:
            raise CommandError(f"unknown tenant {opts['tenant']!r}")
        width = opts["pad_code"]
        try:
            report = load_areas(
                tenant=tenant,
                path=opts["file"],
                level=opts["level"],
                code_field=opts["code_field"],
                name_field=opts["name_field"],
                parent_by=opts["parent_by"],
                parent_level=opts["parent_level"],
                source=opts["source"],
                code_transform=(lambda c: c.zfill(width)) if width else None,
            )
        except LoadError as exc:
            raise CommandError(str(exc))
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"{report.total} {report.level} areas loaded."))
