"""Import and export pages under /austausch/.

Upload (step 1) stores the file in an ``ImportJob`` and shows the dry-run report; the
confirmation (step 2, POST) imports it — all or nothing, or explicitly only the valid
offers. Editors import for their own organisation (through review) and see only their
own jobs; planners import directly and see every job of the tenant.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from praevnav.accounts.models import Organisation
from praevnav.catalogue.models import Offer
from praevnav.core.permissions import tenant_permission_required
from praevnav.exchange.forms import ExportForm, ImportConfirmForm, ImportUploadForm
from praevnav.exchange.importing import ImportReport, import_apply, import_plan
from praevnav.exchange.importing.files import FormatUnavailable, parse_file
from praevnav.exchange.models import ImportJob
from praevnav.exchange.template.writer import export_offers

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


_requires = tenant_permission_required


def _is_planner(request: HttpRequest) -> bool:
    return request.user.has_perm("catalogue.review_offer", request.tenant)


def _own_organisations(request: HttpRequest) -> list[Organisation]:
    ids = request.user.organisation_ids_in(request.tenant)
    return list(Organisation.all_tenants.filter(pk__in=ids).order_by("name"))


def _jobs(request: HttpRequest):
    jobs = ImportJob.all_tenants.filter(tenant=request.tenant).select_related(
        "organisation", "user"
    )
    return jobs if _is_planner(request) else jobs.filter(user=request.user)


def _run(job: ImportJob, *, by, apply: bool, only_valid: bool = False) -> ImportReport:
    try:
        parsed = parse_file(bytes(job.content), job.format)
    except FormatUnavailable:
        report = ImportReport()
        from praevnav.exchange.records import Problem

        report.problems.append(
            Problem(_("file"), "", _("This format cannot be imported in this version."))
        )
        return report
    plan = import_plan(tenant=job.tenant, parsed=parsed, by=by, organisation=job.organisation)
    if not apply:
        return plan.report()
    return import_apply(plan=plan, by=by, only_valid=only_valid, channel="import")


@require_http_methods(["GET", "POST"])
@_requires("exchange.import")
def import_upload(request: HttpRequest) -> HttpResponse:
    """Step 1: upload a file; it is checked (dry run) and its report shown."""
    planner = _is_planner(request)
    organisations = [] if planner else _own_organisations(request)
    if not planner and not organisations:
        raise PermissionDenied
    form = ImportUploadForm(
        request.POST or None, request.FILES or None, organisations=organisations
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = ImportJob.objects.create(
            tenant=request.tenant,
            user=request.user,
            organisation=form.cleaned_data["organisation_obj"],
            filename=upload.name[:255],
            format=form.cleaned_data["format"],
            content=form.cleaned_data["content"],
        )
        job.report = _run(job, by=request.user, apply=False).to_dict()
        job.save(update_fields=["report"])
        return redirect("exchange:import_job", pk=job.pk)
    return render(
        request,
        "exchange/import_upload.html",
        {"form": form, "jobs": _jobs(request)[:10], "planner": planner},
    )


@require_http_methods(["GET", "POST"])
@_requires("exchange.import")
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    """The dry-run report of a job (GET) and step 2, the import (POST)."""
    job = get_object_or_404(_jobs(request), pk=pk)
    if request.method == "POST":
        form = ImportConfirmForm(request.POST)
        if job.status != ImportJob.Status.IMPORTED and form.is_valid():
            only_valid = form.cleaned_data["only_valid"]
            report = _run(job, by=request.user, apply=True, only_valid=only_valid)
            job.report = report.to_dict()
            if report.applied:
                job.status = ImportJob.Status.IMPORTED
                job.imported_at = timezone.now()
                messages.success(
                    request,
                    _("Imported: %(c)s new, %(u)s changed, %(n)s unchanged, %(r)s rejected.")
                    % {
                        "c": report.created,
                        "u": report.updated,
                        "n": report.unchanged,
                        "r": report.rejected,
                    },
                )
            else:
                job.status = ImportJob.Status.FAILED
                messages.error(request, _("Nothing was imported: the file has errors."))
            job.save(update_fields=["report", "status", "imported_at"])
        return redirect("exchange:import_job", pk=job.pk)
    report = ImportReport.from_dict(job.report)
    return render(
        request,
        "exchange/import_job.html",
        {
            "job": job,
            "report": report,
            "created": report.items_by_action("create"),
            "updated": report.items_by_action("update"),
            "unchanged": report.items_by_action("unchanged"),
            "rejected": report.items_by_action("rejected"),
        },
    )


def _attachment(data: bytes, fmt: str, name: str) -> HttpResponse:
    content_type = XLSX if fmt == "xlsx" else "text/csv; charset=utf-8"
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@require_safe
@_requires("exchange.import")
def template_download(request: HttpRequest, fmt: str) -> HttpResponse:
    """The empty template (XLSX with the code list on a second sheet)."""
    return _attachment(
        export_offers(tenant=request.tenant, offer_ids=[], fmt=fmt), fmt, "angebote-vorlage"
    )


@require_safe
@_requires("exchange.export")
def export(request: HttpRequest) -> HttpResponse:
    """Download the offers in the template: planners all, editors their organisation's."""
    form = ExportForm(request.GET or None)
    if form.is_bound and form.is_valid():
        offers = Offer.all_tenants.filter(tenant_id__in=request.tenant.scope_ids())
        if not _is_planner(request):
            offers = offers.filter(
                organisation_id__in=request.user.organisation_ids_in(request.tenant)
            )
        fmt = form.cleaned_data["format"]
        data = export_offers(
            tenant=request.tenant, offer_ids=list(offers.values_list("pk", flat=True)), fmt=fmt
        )
        stamp = timezone.localdate().isoformat()
        return _attachment(data, fmt, f"angebote-{request.tenant.slug}-{stamp}")
    return render(request, "exchange/export.html", {"form": form})
