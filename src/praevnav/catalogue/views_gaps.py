"""“Lücke melden”: a searcher says what was missing and where (stored anonymously)."""

from __future__ import annotations

import time
from urllib.parse import parse_qs

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from praevnav.catalogue.search.params import ParamError, SearchParams
from praevnav.catalogue.signals_log import MAX_SOUGHT, gap_report_create
from praevnav.geography.models import Area
from praevnav.taxonomy.selectors import life_phases_for_tenant

RATE_LIMIT = 5  # reports per session and hour
RATE_WINDOW = 3600
SESSION_KEY = "praevnav_gap_reports"
AREA_LEVELS = ["stadtteil", "gemeinde"]


class GapReportForm(forms.Form):
    sought = forms.CharField(
        label=gettext_lazy("What were you looking for and did not find?"),
        max_length=MAX_SOUGHT,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": MAX_SOUGHT}),
        help_text=gettext_lazy(
            "Describe the offer you were missing, at most 1,000 characters. Please do not "
            "enter names, addresses, dates of birth or other details of a person or family."
        ),
    )
    area = forms.ChoiceField(label=gettext_lazy("Where was it missing? (district)"), required=False)
    # Honeypot: invisible to people (display: none), filled in by bots.
    website = forms.CharField(required=False, label=gettext_lazy("Leave this field empty"))
    search = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    def __init__(self, *args, areas: list[Area], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", _("not specified"))] + [(a.code, a.name) for a in areas]


def _areas(tenant) -> list[Area]:
    qs = Area.all_tenants.filter(tenant_id__in=tenant.scope_ids())
    for level in AREA_LEVELS:
        found = list(qs.filter(level=level).order_by("name"))
        if found:
            return found
    return list(qs.exclude(level__in=["kommune", "kreis"]).order_by("name"))


def _params(query: str) -> SearchParams:
    try:
        return SearchParams.from_query(parse_qs(query[:2000]))
    except ParamError:
        return SearchParams()


def _age_words(months: int) -> str:
    if months < 24 and months % 12:
        return ngettext("%(n)s month", "%(n)s months", months) % {"n": months}
    years = months // 12
    return ngettext("%(n)s year", "%(n)s years", years) % {"n": years}


def describe_search(*, tenant, params: SearchParams, areas: list[Area]) -> list[tuple[str, str]]:
    """The search in words: ``[(label, text), …]`` for “what, where, for whom”."""
    lines: list[tuple[str, str]] = []
    if params.q:
        lines.append((_("Search words"), params.q))
    names = {a.code: a.name for a in areas}
    where = [names.get(code, code) for code in params.filters.get("area", ())]
    if params.near:
        where.insert(0, params.near)
    if where:
        lines.append((_("Where"), ", ".join(where)))
    whom = []
    if params.pregnant:
        whom.append(_("pregnancy"))
    if params.age_months is not None:
        whom.append(_("age %(age)s") % {"age": _age_words(params.age_months)})
    phases = {p.code: p.label for p in life_phases_for_tenant(tenant_id=tenant.pk)}
    whom += [phases.get(c, c) for c in params.filters.get("life_phase", ())]
    if whom:
        lines.append((_("For whom"), ", ".join(whom)))
    others = sum(len(v) for k, v in params.filters.items() if k not in {"area", "life_phase"})
    if others:
        lines.append(
            (
                _("Further filters"),
                ngettext("%(n)s filter", "%(n)s filters", others) % {"n": others},
            )
        )
    return lines


def _area_of_search(*, tenant, params: SearchParams, codes: set[str]) -> str:
    """The district to preselect: the single area filter, or where ``near`` resolves to."""
    selected = [c for c in params.filters.get("area", ()) if c in codes]
    if len(selected) == 1:
        return selected[0]
    if params.near:
        from praevnav.geography.geocoding import geocode

        for result in geocode(tenant=tenant, text=params.near, limit=1):
            if result.area_code in codes:
                return result.area_code
    return ""


def _result_count(*, tenant, params: SearchParams, viewer) -> int:
    from praevnav.catalogue.search.service import offer_search

    try:
        return offer_search(tenant=tenant, params=params, viewer=viewer).count
    except Exception:  # the report matters more than the count
        return 0


def _rate_limited(request: HttpRequest) -> bool:
    now = time.time()
    stamps = [t for t in request.session.get(SESSION_KEY, []) if now - t < RATE_WINDOW]
    request.session[SESSION_KEY] = stamps
    return len(stamps) >= RATE_LIMIT


def gap_report(request: HttpRequest) -> HttpResponse:
    """Form pre-filled from the search's query string; stores a ``GapReport``."""
    tenant = getattr(request, "tenant", None)
    if tenant is None:
        raise Http404
    areas = _areas(tenant)
    codes = {a.code for a in areas}
    status = 200
    if request.method == "POST":
        form = GapReportForm(request.POST, areas=areas)
        query = request.POST.get("search", "")[:2000]
        params = _params(query)
        if form.is_valid() and not form.cleaned_data["sought"].strip():
            form.add_error("sought", _("Please describe what you were looking for."))
        if form.is_valid():
            if form.cleaned_data["website"]:
                # A bot filled the honeypot: look successful, store nothing.
                return redirect(reverse("catalogue:gap_report_thanks"))
            if _rate_limited(request):
                form.add_error(
                    None,
                    _(
                        "You have already reported several gaps in the last hour. Thank you! "
                        "Please try again later."
                    ),
                )
                status = 429
            else:
                area_code = form.cleaned_data["area"]
                area = next((a for a in areas if a.code == area_code), None)
                gap_report_create(
                    tenant=tenant,
                    sought=form.cleaned_data["sought"],
                    params=params,
                    area=area,
                    result_count=_result_count(tenant=tenant, params=params, viewer=request.user),
                    by_professional=request.user.has_perm("catalogue.view_internal_contacts"),
                )
                request.session[SESSION_KEY] = [*request.session.get(SESSION_KEY, []), time.time()]
                back = f"?{query}" if query else ""
                return redirect(reverse("catalogue:gap_report_thanks") + back)
    else:
        query = request.GET.urlencode()[:2000]
        params = _params(query)
        form = GapReportForm(
            areas=areas,
            initial={
                "search": query,
                "area": _area_of_search(tenant=tenant, params=params, codes=codes),
            },
        )
    return render(
        request,
        "catalogue/gaps/report.html",
        {
            "form": form,
            "described": describe_search(tenant=tenant, params=params, areas=areas),
            "search_query": query,
        },
        status=status,
    )


def gap_report_thanks(request: HttpRequest) -> HttpResponse:
    query = request.GET.urlencode()[:2000]
    return render(request, "catalogue/gaps/thanks.html", {"search_query": query})
