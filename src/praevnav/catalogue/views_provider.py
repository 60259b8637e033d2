"""The provider workspace (/traeger/): dashboard of an organisation's offers.

Editors work for their own organisations; planners and administrators may open any
organisation of the tenant with ``?organisation=<id>``. An organisation, offer, location
or invitation the user may not work for is a 404 on every page (never a 403 that would
confirm it exists). The offer form, locations and colleagues live in
``views_provider_offer``, ``views_provider_locations`` and ``views_provider_colleagues``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from praevnav.accounts.models import Organisation
from praevnav.catalogue import selectors_provider as sel
from praevnav.catalogue.enums import CurrencyState, OfferStatus


def workspace(view: Callable) -> Callable:
    """Anonymous visitors go to the login page; users who are neither editors nor
    planners/administrators of the request's tenant get a 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not sel.may_use_workspace(request.user, getattr(request, "tenant", None)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def chosen_organisation(request: HttpRequest) -> Organisation | None:
    """The organisation of ``?organisation=`` (404 if not allowed), or the editor's only
    one; ``None`` when the user still has to choose."""
    raw = request.GET.get("organisation") or request.POST.get("organisation")
    if raw:
        return sel.organisation_for(user=request.user, tenant=request.tenant, pk=raw)
    if sel.is_tenant_wide(request.user, request.tenant):
        return None
    own = sel.editor_organisations(user=request.user, tenant=request.tenant)
    return own[0] if len(own) == 1 else None


def org_url(name: str, organisation: Organisation, *args) -> str:
    return f"{reverse(name, args=args)}?organisation={organisation.pk}"


@require_safe
@workspace
def dashboard(request: HttpRequest) -> HttpResponse:
    """The organisation's offers with status, open change and currency; filters by
    status and currency. Without a chosen organisation: the list to choose from."""
    organisation = chosen_organisation(request)
    if organisation is None:
        query = request.GET.get("q", "").strip()[:100]
        return render(
            request,
            "catalogue/provider/choose.html",
            {
                "organisations": sel.organisation_choices(
                    user=request.user, tenant=request.tenant, query=query
                ),
                "tenant_wide": sel.is_tenant_wide(request.user, request.tenant),
                "query": query,
                "limit": sel.ORGANISATION_CHOICES_LIMIT,
            },
        )
    status = request.GET.get("status", "")
    status = status if status in OfferStatus.values else ""
    currency = request.GET.get("currency", "")
    currency = currency if currency in CurrencyState.values else ""
    today = timezone.localdate()
    all_rows = sel.provider_offer_rows(organisation=organisation, today=today)
    rows = [
        r
        for r in all_rows
        if (not status or r.offer.status == status) and (not currency or r.currency == currency)
    ]
    flagged = [r for r in all_rows if r.is_flagged]
    return render(
        request,
        "catalogue/provider/dashboard.html",
        {
            "organisation": organisation,
            "rows": rows,
            "total": len(all_rows),
            "flagged": flagged,
            "waiting_count": sum(1 for r in all_rows if r.is_waiting),
            "status_counts": Counter(r.offer.status for r in all_rows),
            "status": status,
            "currency": currency,
            "status_choices": OfferStatus.choices,
            "currency_choices": CurrencyState.choices,
            "other_organisations": [
                o
                for o in sel.organisation_choices(user=request.user, tenant=request.tenant)
                if o.pk != organisation.pk
            ]
            if not sel.is_tenant_wide(request.user, request.tenant)
            else [],
            "tenant_wide": sel.is_tenant_wide(request.user, request.tenant),
            "today": today,
        },
    )
