"""/planung/bedarf/: need index per area and phase, weights form, qualitative needs."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from praevnav.geography.models import Area
from praevnav.planning import services_need
from praevnav.planning.forms_need import NeedWeightsForm, QualitativeNeedForm
from praevnav.planning.models import QualitativeNeed
from praevnav.planning.need import NEED_INDICATORS
from praevnav.planning.selectors_need import indicator_label, need_table, qualitative_needs
from praevnav.planning.views_accessibility import planning_viewer
from praevnav.taxonomy.models import LifePhase

LEVELS = ("stadtbezirk", "stadtteil", "sozialraum", "gemeinde")


def _render(request, *, weight_forms=None, need_form=None, status=200) -> HttpResponse:
    tenant = request.tenant
    present = set(Area.all_tenants.filter(tenant=tenant).values_list("level", flat=True).distinct())
    levels = [lvl for lvl in LEVELS if lvl in present]
    level = request.GET.get("level") or (
        "stadtteil" if "stadtteil" in levels else (levels[0] if levels else "")
    )
    if level not in levels:
        level = levels[0] if levels else ""
    table = need_table(tenant=tenant, level=level) if level else None
    can_manage = request.user.has_perm("planning.manage", tenant)
    forms = {}
    if table is not None and can_manage:
        for pw in table.phases:
            forms[pw.phase.code] = (weight_forms or {}).get(pw.phase.code) or NeedWeightsForm(
                prefix=pw.phase.code, initial_weights=pw.weights
            )
    return render(
        request,
        "planning/need/page.html",
        {
            "table": table,
            "levels": [(lvl, Area(level=lvl).get_level_display()) for lvl in levels],
            "level": level,
            "weight_forms": forms,
            "labels": {k: indicator_label(k) for k in NEED_INDICATORS},
            "need_form": need_form or (QualitativeNeedForm(tenant=tenant) if can_manage else None),
            "needs": list(qualitative_needs(tenant=tenant)[:200]),
            "can_manage": can_manage,
        },
        status=status,
    )


@require_safe
@planning_viewer()
def need_page(request: HttpRequest) -> HttpResponse:
    """The need index table with its formula and weights, and the qualitative needs."""
    return _render(request)


@require_POST
@planning_viewer("planning.manage")
def weights_change(request: HttpRequest, phase: str) -> HttpResponse:
    """Set the weights of one life phase; bad weights re-render the page with errors."""
    life_phase = LifePhase.all_tenants.filter(tenant=request.tenant, code=phase).first()
    if life_phase is None:
        raise Http404
    if request.POST.get("reset"):
        services_need.need_weights_reset(
            tenant=request.tenant, life_phase=life_phase, by=request.user
        )
        messages.success(request, _("The default weights apply again."))
        return redirect("planning:need")
    form = NeedWeightsForm(request.POST, prefix=phase)
    if not form.is_valid():
        return _render(request, weight_forms={phase: form}, status=400)
    services_need.need_weights_set(
        tenant=request.tenant, life_phase=life_phase, weights=form.cleaned_data["weights"],
        by=request.user,
    )  # fmt: skip
    messages.success(request, _("The weights were saved."))
    return redirect("planning:need")


@require_POST
@planning_viewer("planning.manage")
def qualitative_create(request: HttpRequest) -> HttpResponse:
    form = QualitativeNeedForm(request.POST, tenant=request.tenant)
    if not form.is_valid():
        return _render(request, need_form=form, status=400)
    data = form.cleaned_data
    services_need.qualitative_need_create(
        tenant=request.tenant, area=data["area"], life_phase=data["life_phase"],
        dimension=data["dimension"], text=data["text"], recorded_on=data["recorded_on"],
        source=data["source"], source_note=data["source_note"], by=request.user,
    )  # fmt: skip
    messages.success(request, _("The need was recorded."))
    return redirect("planning:need")


@require_POST
@planning_viewer("planning.manage")
def qualitative_delete(request: HttpRequest, pk: int) -> HttpResponse:
    need = get_object_or_404(QualitativeNeed.all_tenants.filter(tenant=request.tenant), pk=pk)
    services_need.qualitative_need_delete(need=need, by=request.user)
    messages.success(request, _("The need was deleted."))
    return redirect("planning:need")
