"""Currency pages: the planners' dashboard and the one-click confirmation link.

The confirmation link works without a login: the signed token is the authority. A GET
only shows the offer (mail scanners prefetch links); the confirmation itself is a POST
with the CSRF token of that page.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from praevnav.catalogue import selectors_currency, services_currency
from praevnav.catalogue.services_currency import LinkError, LinkProblem
from praevnav.core.permissions import tenant_permission_required
from praevnav.geography.models import Location

TABLE_COLUMNS = {
    "provider": list(selectors_currency.SHARE_SORTS),
    "area": list(selectors_currency.SHARE_SORTS),
    "phase": list(selectors_currency.SHARE_SORTS),
    "overdue": list(selectors_currency.OVERDUE_SORTS),
}


class CurrencySettingsForm(forms.Form):
    """The tenant's confirmation interval and grace period."""

    confirmation_interval_months = forms.IntegerField(
        label=gettext_lazy("Confirmation interval (months)"),
        min_value=1,
        max_value=60,
        help_text=gettext_lazy("How often providers confirm that an offer is still correct."),
    )
    grace_period_days = forms.IntegerField(
        label=gettext_lazy("Grace period (days)"),
        min_value=0,
        max_value=365,
        help_text=gettext_lazy(
            "Days after the due date until an unconfirmed offer leaves the public search."
        ),
    )


currency_viewer = tenant_permission_required("catalogue.view_currency")


def _sort_links(request: HttpRequest, chosen: dict[str, str]) -> dict:
    """Per table and column: the URL that sorts by it (toggling the direction) and the
    ``aria-sort`` value of the column currently sorted by."""
    links: dict[str, dict] = {}
    for table, columns in TABLE_COLUMNS.items():
        links[table] = {}
        current = chosen.get(table, "")
        for column in columns:
            active = current.lstrip("-") == column
            descending = current.startswith("-")
            target = (column if descending else f"-{column}") if active else column
            params = {f"sort_{t}": v for t, v in chosen.items() if v and t != table}
            params[f"sort_{table}"] = target
            links[table][column] = {
                "url": "?" + urlencode(sorted(params.items())) + f"#{table}-heading",
                "aria": ("descending" if descending else "ascending") if active else "",
            }
    return links


def _dashboard(request: HttpRequest, form: CurrencySettingsForm, status: int = 200):
    data = selectors_currency.currency_dashboard(
        tenant=request.tenant,
        sorts={t: request.GET.get(f"sort_{t}") for t in TABLE_COLUMNS},
    )
    return render(
        request,
        "catalogue/currency/dashboard.html",
        {"data": data, "form": form, "sort": _sort_links(request, data.sorts)},
        status=status,
    )


@require_safe
@currency_viewer
def dashboard(request: HttpRequest) -> HttpResponse:
    """Totals, shares of current offers per provider, area and life phase, overdue list."""
    tenant = request.tenant
    form = CurrencySettingsForm(
        initial={
            "confirmation_interval_months": tenant.confirmation_interval_months,
            "grace_period_days": tenant.grace_period_days,
        }
    )
    return _dashboard(request, form)


@require_POST
@currency_viewer
def settings_change(request: HttpRequest) -> HttpResponse:
    """Change the tenant's interval and grace period; all offers' dates are recomputed."""
    form = CurrencySettingsForm(request.POST)
    if not form.is_valid():
        return _dashboard(request, form, status=400)
    changed = services_currency.tenant_currency_settings_change(
        tenant=request.tenant,
        interval_months=form.cleaned_data["confirmation_interval_months"],
        grace_days=form.cleaned_data["grace_period_days"],
        by=request.user,
    )
    messages.success(
        request,
        _("Settings saved. The due dates of %(count)s offers changed.") % {"count": changed},
    )
    return redirect("currency:dashboard")


PROBLEM_TEXTS = {
    LinkProblem.INVALID: (
        gettext_lazy("This link is not valid"),
        gettext_lazy(
            "The link is incomplete or has been changed. Please open the link exactly as it "
            "appears in the e-mail, or confirm the offer after logging in."
        ),
    ),
    LinkProblem.EXPIRED: (
        gettext_lazy("This link has expired"),
        gettext_lazy(
            "Confirmation links are valid for a limited time only. You will receive a new "
            "link with the next reminder, or you can confirm the offer after logging in."
        ),
    ),
    LinkProblem.USED: (
        gettext_lazy("This link has already been used"),
        gettext_lazy(
            "The offer has been confirmed or changed since this link was sent. Nothing "
            "needs to be done."
        ),
    ),
    LinkProblem.ARCHIVED: (
        gettext_lazy("This offer is no longer published"),
        gettext_lazy(
            "The offer has been archived or taken out of the catalogue, so it cannot be confirmed."
        ),
    ),
    LinkProblem.GONE: (
        gettext_lazy("This offer no longer exists"),
        gettext_lazy("The offer has been deleted, so it cannot be confirmed."),
    ),
}


def _problem(request: HttpRequest, error: LinkError) -> HttpResponse:
    title, text = PROBLEM_TEXTS[error.problem]
    return render(
        request,
        "catalogue/currency/link_problem.html",
        {"title": title, "text": text, "problem": error.problem.value, "offer": error.offer},
        status=error.problem.status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET: the offer's key facts and one button; POST: confirm it."""
    if request.method == "POST":
        try:
            offer = services_currency.offer_confirm_by_link(token=token)
        except LinkError as error:
            return _problem(request, error)
        return render(request, "catalogue/currency/confirm_done.html", {"offer": offer})
    try:
        offer = services_currency.confirmation_link_verify(token=token)
    except LinkError as error:
        return _problem(request, error)
    return render(
        request,
        "catalogue/currency/confirm.html",
        {
            "offer": offer,
            "locations": list(Location.all_tenants.filter(offers=offer).order_by("name")[:5]),
            "edit_url": services_currency.offer_edit_url(offer.pk),
        },
    )
