"""``praevnav import-offers FILE --tenant T``: import offers from the template or HSDS.

``--dry-run`` only reports. Without ``--organisation`` the import runs with planner
rights (applied directly); with it, like a provider's upload: every row must belong to
that organisation and all changes go through review. Exits non-zero when the file has
errors and nothing was written.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from praevnav.accounts.models import Organisation
from praevnav.core.models import Tenant
from praevnav.core.tenancy import tenant_context
from praevnav.exchange.importing import import_apply, import_plan
from praevnav.exchange.importing.files import FORMATS, FormatUnavailable, guess_format, parse_file


class Command(BaseCommand):
    help = "Import offers from a CSV/XLSX template file or HSDS 3.0 (JSON, tabular ZIP)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--tenant", required=True)
        parser.add_argument("--format", choices=FORMATS, help="default: from the extension")
        parser.add_argument("--dry-run", action="store_true", help="report only, write nothing")
        parser.add_argument(
            "--organisation",
            help="import as this provider (id, external id or exact name): through review",
        )
        parser.add_argument(
            "--only-valid", action="store_true", help="write the valid offers despite errors"
        )
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args, **opts):
        tenant = Tenant.objects.filter(slug=opts["tenant"]).first()
        if tenant is None:
            raise CommandError(f"Unknown tenant “{opts['tenant']}”.")
        path = Path(opts["file"])
        fmt = opts["format"] or guess_format(path.name)
        if fmt is None:
            raise CommandError(
                f"Cannot tell the format of “{path.name}”; use --format {'|'.join(FORMATS)}."
            )
        if fmt == "hsds-csv" and path.is_dir():
            data: bytes | str = str(path)
        else:
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise CommandError(f"Cannot read {path}: {exc}") from exc
        organisation = None
        if opts["organisation"]:
            organisation = _organisation(tenant, opts["organisation"])
        try:
            parsed = parse_file(data, fmt)  # type: ignore[arg-type]
        except FormatUnavailable as exc:
            raise CommandError(f"The {fmt} importer is not available in this version ({exc}).")
        with tenant_context(tenant):
            plan = import_plan(tenant=tenant, parsed=parsed, by=None, organisation=organisation)
            if opts["dry_run"]:
                report = plan.report()
            else:
                report = import_apply(
                    plan=plan, by=None, only_valid=opts["only_valid"], channel="command"
                )
        if opts["json"]:
            self.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(report.as_text())
            if opts["dry_run"]:
                self.stdout.write("dry run: nothing written")
            elif report.applied:
                self.stdout.write("written" + (" (changes go to review)" if report.review else ""))
            else:
                self.stdout.write("nothing written: the file has errors (see above)")
        if report.has_errors and not report.applied:
            raise CommandError(f"{len(report.errors)} error(s); nothing written.", returncode=2)


def _organisation(tenant: Tenant, value: str) -> Organisation:
    scope = tenant.scope_ids()
    qs = Organisation.all_tenants.filter(tenant_id__in=scope)
    org = None
    if value.isdigit():
        org = qs.filter(pk=int(value)).first()
    org = org or qs.filter(external_id=value).first() or qs.filter(name=value).first()
    if org is None:
        raise CommandError(f"Unknown organisation “{value}” in tenant {tenant.slug}.")
    return org
