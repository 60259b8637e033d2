"""``/planung/dubletten/`` (duplicate records, merge, “not a duplicate”) and
``/planung/doppelstrukturen/`` (overlaps with the planners' verdict).

Seeing needs ``planning.view``; merging and dismissing ``catalogue.merge_offers``;
a verdict ``planning.manage``. Pages read ``selectors_findings.findings``; actions are
POSTs that call one service and redirect back.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from praevnav.catalogue.enums import OfferStatus
from praevnav.catalogue.models import Offer
from praevnav.planning import services_duplicates as services
from praevnav.planning.enums import OverlapVerdict
from praevnav.planning.selectors_findings import findings
from praevnav.planning.views_demand import planning_viewer

PAGE_SIZE = 20


class VerdictForm(forms.Form):
    offers = forms.RegexField(regex=r"^\d+(,\d+)+$", widget=forms.HiddenInput)
    area = forms.CharField(max_length=40, widget=forms.HiddenInput)
    life_phase = forms.CharField(max_length=40, widget=forms.HiddenInput)
    verdict = forms.ChoiceField(label=gettext_lazy("Verdict"), choices=OverlapVerdict.choices)
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _back(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


def _offer(request: HttpRequest, value: str | None) -> Offer:
    try:
        pk = int(value or "")
    except ValueError:
        raise Http404(_("This offer does not exist.")) from None
    offer = Offer.all_tenants.filter(tenant_id__in=request.tenant.scope_ids(), pk=pk).first()
    if offer is None:
        raise Http404(_("This offer does not exist."))
    return offer


def _may(request: HttpRequest, perm: str) -> bool:
    return request.user.has_perm(perm, request.tenant)


@require_safe
@planning_viewer
def duplicates(request: HttpRequest) -> HttpResponse:
    """Suggested duplicate pairs, best first, with a side-by-side comparison."""
    result = findings(tenant=request.tenant, overlaps=False)
    page = Paginator(result.duplicates, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "planning/duplicates/pairs.html",
        {
            "result": result,
            "page": page,
            "can_merge": _may(request, "catalogue.merge_offers"),
        },
    )


@require_POST
@planning_viewer
def merge(request: HttpRequest) -> HttpResponse:
    """Merge offer ``drop`` into offer ``keep``."""
    if not _may(request, "catalogue.merge_offers"):
        raise PermissionDenied
    keep = _offer(request, request.POST.get("keep"))
    drop = _offer(request, request.POST.get("drop"))
    back = _back(request, reverse("planning:duplicates"))
    try:
        services.offer_merge(keep=keep, drop=drop, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    messages.success(
        request,
        _("“%(drop)s” (no. %(drop_id)s) was merged into “%(keep)s” (no. %(keep_id)s) and archived.")
        % {"drop": drop.title, "drop_id": drop.pk, "keep": keep.title, "keep_id": keep.pk},
    )
    return redirect(back)


@require_POST
@planning_viewer
def dismiss(request: HttpRequest) -> HttpResponse:
    """“Not a duplicate”: the pair is not suggested again."""
    if not _may(request, "catalogue.merge_offers"):
        raise PermissionDenied
    a = _offer(request, request.POST.get("a"))
    b = _offer(request, request.POST.get("b"))
    back = _back(request, reverse("planning:duplicates"))
    try:
        services.duplicate_dismiss(tenant=request.tenant, offer_a=a, offer_b=b, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    messages.success(
        request,
        _("“%(a)s” and “%(b)s” are no longer suggested as duplicates.")
        % {"a": a.title, "b": b.title},
    )
    return redirect(back)


def _measure_url(group) -> str | None:
    try:
        base = reverse("planning:measure_create")
    except NoReverseMatch:
        return None
    query = {
        "source": "overlap",
        "area": group.area_code,
        "life_phase": group.life_phase,
        "offers": ",".join(str(i) for i in group.offer_ids),
        "overlap": group.key,
    }
    return f"{base}?{urlencode(query)}"


@require_safe
@planning_viewer
def overlaps(request: HttpRequest) -> HttpResponse:
    """Doppelstrukturen, best first, filterable by area, life phase and verdict."""
    result = findings(tenant=request.tenant)
    area = request.GET.get("area", "")
    phase = request.GET.get("life_phase", "")
    verdict = request.GET.get("verdict", "")
    groups = [
        g
        for g in result.overlaps
        if (not area or g.area_code == area)
        and (not phase or g.life_phase == phase)
        and (not verdict or g.verdict == verdict)
    ]
    page = Paginator(groups, PAGE_SIZE).get_page(request.GET.get("page"))
    can_assess = _may(request, "planning.manage")
    rows = [
        {
            "group": g,
            # Measures are created by those who manage planning (Koordination reads).
            "measure_url": _measure_url(g) if can_assess else None,
            "form": VerdictForm(
                initial={
                    "offers": ",".join(str(i) for i in g.offer_ids),
                    "area": g.area_code,
                    "life_phase": g.life_phase,
                    "verdict": g.verdict,
                    "note": g.assessment.note if g.assessment else "",
                },
                prefix=f"g{index}",
            )
            if can_assess
            else None,
        }
        for index, g in enumerate(page.object_list)
    ]
    params = {k: v for k, v in (("area", area), ("life_phase", phase), ("verdict", verdict)) if v}
    return render(
        request,
        "planning/duplicates/overlaps.html",
        {
            "result": result,
            "page": page,
            "rows": rows,
            "total": len(groups),
            "filters": {"area": area, "life_phase": phase, "verdict": verdict},
            "verdicts": OverlapVerdict.choices,
            "query": urlencode(params),
            "can_assess": can_assess,
        },
    )


@require_POST
@planning_viewer
def assess(request: HttpRequest) -> HttpResponse:
    """Store the verdict on one overlap group."""
    if not _may(request, "planning.manage"):
        raise PermissionDenied
    prefix = request.POST.get("prefix", "")
    form = VerdictForm(request.POST, prefix=prefix or None)
    back = _back(request, reverse("planning:overlaps"))
    if not form.is_valid():
        messages.error(request, _("The verdict could not be saved: please choose a verdict."))
        return redirect(back)
    data = form.cleaned_data
    ids = [int(i) for i in data["offers"].split(",")]
    known = Offer.all_tenants.filter(tenant_id__in=request.tenant.scope_ids(), pk__in=ids).exclude(
        status=OfferStatus.DRAFT
    )
    if known.count() != len(set(ids)):
        raise Http404(_("This offer does not exist."))
    try:
        services.overlap_assess(
            tenant=request.tenant,
            offer_ids=ids,
            area_code=data["area"],
            life_phase_code=data["life_phase"],
            verdict=data["verdict"],
            note=data["note"],
            by=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    messages.success(request, _("The verdict was saved."))
    return redirect(back)
