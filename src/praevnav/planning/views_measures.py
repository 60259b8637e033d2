"""Goals and measures under /planung/ziele/ and /planung/massnahmen/.

Reading needs ``planning.view`` (Planung, Koordination, Administration), changing
``planning.manage`` (Planung, Administration) in the request's tenant. Objects are looked
up in the request's own tenant only, so an id of another municipality is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from praevnav.core.permissions import tenant_permission_required
from praevnav.planning import selectors_measures as sel
from praevnav.planning import services_measures as svc
from praevnav.planning.enums import MeasureStatus
from praevnav.planning.forms_measures import GoalDeleteForm, GoalForm, MeasureForm
from praevnav.planning.models import Goal, Measure

GET_POST = require_http_methods(["GET", "POST"])


planning_permission = tenant_permission_required


def _can_manage(request: HttpRequest) -> bool:
    return request.user.has_perm("planning.manage", request.tenant)


# --- goals ------------------------------------------------------------------------------


@require_safe
@planning_permission("planning.view")
def goal_list(request: HttpRequest) -> HttpResponse:
    """The goal cascade with the measures under each goal."""
    cascade = sel.goal_cascade(tenant=request.tenant)
    return render(
        request,
        "planning/goals/list.html",
        {"cascade": cascade, "can_manage": _can_manage(request)},
    )


@GET_POST
@planning_permission("planning.manage")
def goal_create(request: HttpRequest) -> HttpResponse:
    return _goal_form(request, goal=None)


@GET_POST
@planning_permission("planning.manage")
def goal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    goal = get_object_or_404(Goal.all_tenants, pk=pk, tenant=request.tenant)
    return _goal_form(request, goal=goal)


def _goal_form(request: HttpRequest, *, goal: Goal | None) -> HttpResponse:
    initial = {}
    if goal is not None:
        initial = {
            "title": goal.title,
            "description": goal.description,
            "parent": goal.parent_id,
            "position": goal.position,
        }
    elif request.GET.get("parent", "").isdigit():
        initial["parent"] = int(request.GET["parent"])
    form = GoalForm(request.POST or None, tenant=request.tenant, goal=goal, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if goal is None:
                goal = svc.goal_create(
                    tenant=request.tenant, data=form.cleaned_data, by=request.user
                )
                messages.success(request, _("The goal was added."))
            else:
                svc.goal_update(goal=goal, data=form.cleaned_data, by=request.user)
                messages.success(request, _("The goal was saved."))
            return redirect(reverse("planning:goal_list") + f"#goal-{goal.pk}")
        except ValidationError as error:
            form.add_service_errors(error)
    return render(request, "planning/goals/form.html", {"form": form, "goal": goal})


@GET_POST
@planning_permission("planning.manage")
def goal_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks where the goal's measures go (another goal, or none); sub-goals move up."""
    goal = get_object_or_404(Goal.all_tenants, pk=pk, tenant=request.tenant)
    form = GoalDeleteForm(request.POST or None, tenant=request.tenant, goal=goal)
    if request.method == "POST" and form.is_valid():
        try:
            moved = svc.goal_delete(
                goal=goal, move_to=form.cleaned_data["move_to"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The goal was deleted; %(count)s measure(s) were moved.") % {"count": moved},
            )
            return redirect("planning:goal_list")
    return render(
        request,
        "planning/goals/delete.html",
        {
            "form": form,
            "goal": goal,
            "measures": list(goal.measures.order_by("title")),
            "sub_goals": list(goal.children.order_by("position", "title")),
        },
    )


# --- measures ---------------------------------------------------------------------------


def _filters(request: HttpRequest) -> sel.MeasureFilters:
    area = request.GET.get("area", "")
    return sel.MeasureFilters(
        status=request.GET.get("status", ""),
        area_id=int(area) if area.isdigit() else None,
        life_phase=request.GET.get("life_phase", "")[:40],
        overdue=request.GET.get("overdue") == "1",
    )


@require_safe
@planning_permission("planning.view")
def measure_list(request: HttpRequest) -> HttpResponse:
    """Measures with filters (status, area, life phase, re-check overdue) and sorting."""
    filters = _filters(request)
    sort = sel.parse_measure_sort(request.GET.get("sort"))
    measures = sel.measure_list(tenant=request.tenant, filters=filters, sort=sort)
    base = {k: v for k, v in request.GET.items() if k != "sort" and v}
    sort_links = {}
    for column in sel.MEASURE_SORTS:
        current = sort.lstrip("-") == column
        next_sort = f"-{column}" if current and not sort.startswith("-") else column
        sort_links[column] = {
            "url": "?" + urlencode({**base, "sort": next_sort}),
            "aria": ("descending" if sort.startswith("-") else "ascending") if current else "",
        }
    return render(
        request,
        "planning/measures/list.html",
        {
            "measures": measures,
            "filters": filters,
            "statuses": MeasureStatus.choices,
            "areas": sel.area_choices(tenant=request.tenant),
            "phases": list(svc.tenant_phases(request.tenant).order_by("position")),
            "sort": sort,
            "sort_links": sort_links,
            "can_manage": _can_manage(request),
            "overdue_count": sum(1 for m in measures if m.recheck_due),
        },
    )


@GET_POST
@planning_permission("planning.manage")
def measure_create(request: HttpRequest) -> HttpResponse:
    """A new measure; the gap list and the overlap pages link here with prefill
    parameters (see ``selectors_measures.measure_prefill``)."""
    prefill = sel.measure_prefill(tenant=request.tenant, params=request.GET)
    overlap_key = (
        request.POST.get("overlap_key") if request.method == "POST" else prefill.overlap_key
    ) or ""
    form = MeasureForm(
        request.POST or None,
        tenant=request.tenant,
        offer_ids=prefill.offer_ids,
        initial=prefill.initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            measure = svc.measure_create(
                tenant=request.tenant,
                data=form.service_data(),
                by=request.user,
                overlap_key=overlap_key[:64],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The measure was created."))
            return redirect("planning:measure_detail", pk=measure.pk)
    return render(
        request,
        "planning/measures/form.html",
        {"form": form, "measure": None, "prefill": prefill, "overlap_key": overlap_key},
    )


def _measure(request: HttpRequest, pk: int) -> Measure:
    return get_object_or_404(
        Measure.all_tenants.select_related(
            "goal", "area", "life_phase", "dimension", "tenant"
        ).defer("area__geometry"),
        pk=pk,
        tenant=request.tenant,
    )


@require_safe
@planning_permission("planning.view")
def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A measure with its context (figures of its area × life phase, its offers) and
    its history."""
    measure = _measure(request, pk)
    today = timezone.localdate()
    measure.recheck_due = sel.is_recheck_due(measure, today)
    return render(
        request,
        "planning/measures/detail.html",
        {
            "measure": measure,
            "context": sel.measure_context(measure=measure, today=today),
            "history": sel.measure_history(measure=measure),
            "can_manage": _can_manage(request),
        },
    )


@GET_POST
@planning_permission("planning.manage")
def measure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    measure = _measure(request, pk)
    offer_ids = list(measure.offers.values_list("pk", flat=True))
    initial = {
        **{name: getattr(measure, name) for name in svc.SCALAR_FIELDS},
        **{name: getattr(measure, f"{name}_id") for name in svc.FK_FIELDS},
        "offers": offer_ids,
    }
    form = MeasureForm(
        request.POST or None, tenant=request.tenant, offer_ids=offer_ids, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            svc.measure_update(measure=measure, data=form.service_data(), by=request.user)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The measure was saved."))
            return redirect("planning:measure_detail", pk=measure.pk)
    return render(
        request,
        "planning/measures/form.html",
        {"form": form, "measure": measure, "prefill": None, "overlap_key": ""},
    )
