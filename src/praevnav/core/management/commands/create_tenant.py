from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from praevnav.core.models import TenantKind
from praevnav.core.services import tenant_create


class Command(BaseCommand):
    help = "Create a tenant (kreisfreie Stadt, Kreis or member municipality)."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--name", required=True)
        parser.add_argument("--kind", required=True, choices=TenantKind.values)
        parser.add_argument("--parent", help="slug of the Kreis of a member municipality")
        parser.add_argument("--code", default="", help="official municipality key (AGS)")

    def handle(self, *args, **opts):
        try:
            tenant = tenant_create(
                slug=opts["slug"],
                name=opts["name"],
                kind=opts["kind"],
                parent_slug=opts["parent"],
                official_code=opts["code"],
            )
        except ValidationError as exc:
            raise CommandError("; ".join(_messages(exc)))
        self.stdout.write(self.style.SUCCESS(f"Tenant {tenant.slug} ({tenant.name}) created."))


def _messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "message_dict"):
        return [f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items()]
    return list(exc.messages)
