"""Snapshots (Stichtage) under /planung/stichtage/: the list, taking one now (POST),
one snapshot's key figures, and the comparison of any two. There is deliberately no
page to change or delete a snapshot: they are immutable.

Reading needs ``planning.view``, taking a snapshot ``planning.manage``.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from praevnav.planning.models import PlanningSnapshot
from praevnav.planning.services_snapshots import LABEL_MAX, snapshot_create
from praevnav.planning.snapshots import DEMAND_KINDS, compare, suppress_small
from praevnav.planning.views_measures import planning_permission

KIND_LABELS = {
    "searches": gettext_lazy("Searches"),
    "zero_results": gettext_lazy("Searches without results"),
    "few_results": gettext_lazy("Searches with few results (1–3)"),
    "gap_reports": gettext_lazy("Reported gaps"),
}


class SnapshotForm(forms.Form):
    label = forms.CharField(
        label=gettext_lazy("Label"),
        max_length=LABEL_MAX,
        required=False,
        help_text=gettext_lazy("E.g. “Jugendhilfeausschuss March”."),
    )


def _snapshots(request: HttpRequest):
    return PlanningSnapshot.all_tenants.filter(tenant=request.tenant).defer("data")


@require_http_methods(["GET", "POST"])
@planning_permission("planning.view")
def snapshot_list(request: HttpRequest) -> HttpResponse:
    """The tenant's snapshots, newest reporting date first; a planner takes one now."""
    can_manage = request.user.has_perm("planning.manage", request.tenant)
    form = SnapshotForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                snapshot = snapshot_create(
                    tenant=request.tenant, label=form.cleaned_data["label"], by=request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The snapshot was taken."))
                return redirect("planning:snapshot_detail", pk=snapshot.pk)
    snapshots = list(_snapshots(request).select_related("created_by"))
    return render(
        request,
        "planning/snapshots/list.html",
        {"snapshots": snapshots, "form": form, "can_manage": can_manage},
    )


@require_safe
@planning_permission("planning.view")
def snapshot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Key figures of one snapshot (read only)."""
    snapshot = get_object_or_404(PlanningSnapshot.all_tenants, pk=pk, tenant=request.tenant)
    data = snapshot.data or {}
    phases = {p["code"]: p["name"] for p in data.get("phases", [])}
    coverage = data.get("coverage", {})
    demand = data.get("demand", {}).get("totals", {})
    return render(
        request,
        "planning/snapshots/detail.html",
        {
            "snapshot": snapshot,
            "offers": len(data.get("offers", [])),
            "coverage_totals": [
                (phases.get(code, code), cell.get("offers", 0))
                for code, cell in coverage.get("totals", {}).items()
            ],
            "left_out": coverage.get("left_out", {}),
            "currency": data.get("currency", {}),
            "demand": [(KIND_LABELS[k], suppress_small(demand.get(k, 0))) for k in DEMAND_KINDS],
            "sections": {
                name: data.get(name, {}) for name in ("accessibility", "gaps", "overlaps")
            },
            "others": list(_snapshots(request).exclude(pk=snapshot.pk)[:50]),
        },
    )


@require_safe
@planning_permission("planning.view")
def snapshot_compare(request: HttpRequest) -> HttpResponse:
    """Compare snapshot ``a`` (earlier) with ``b`` (later): offers opened and closed,
    coverage changes per area × life phase, currency, demand (suppressed)."""
    choices = list(_snapshots(request))
    ids = {s.pk for s in choices}
    a_id, b_id = request.GET.get("a", ""), request.GET.get("b", "")
    error = ""
    comparison = None
    a = b = None
    if a_id or b_id:
        if not (a_id.isdigit() and b_id.isdigit()) or int(a_id) not in ids or int(b_id) not in ids:
            error = _("Please choose two snapshots of this municipality.")
        else:
            a = PlanningSnapshot.all_tenants.get(pk=int(a_id), tenant=request.tenant)
            b = PlanningSnapshot.all_tenants.get(pk=int(b_id), tenant=request.tenant)
            comparison = compare(a.data or {}, b.data or {}, level=request.GET.get("level"))
            for row in comparison.demand:
                row["label"] = KIND_LABELS[row["kind"]]
                row["phase_name"] = (
                    comparison.phases.get(row["phase"], row["phase"]) or _("No age given")
                    if row["phase"] is not None
                    else ""
                )
            for delta in comparison.coverage:
                delta.phase_name = comparison.phases.get(delta.phase, delta.phase)
            comparison.phase_totals = [
                (comparison.phases.get(code, code), av, bv, bv - av)
                for code, av, bv in comparison.totals
            ]
    return render(
        request,
        "planning/snapshots/compare.html",
        {
            "choices": choices,
            "a": a,
            "b": b,
            "comparison": comparison,
            "error": error,
            "a_id": a_id,
            "b_id": b_id,
        },
        status=400 if error else 200,
    )
