"""``/planung/nachfrage/``: demand signals for planners (``planning.view``), with CSV.

Everything shown (and the CSV) comes from ``selectors_demand.demand_signals_view``,
which has already applied the small-cell suppression: the view never sees raw counts
of suppressed cells.
"""

from __future__ import annotations

import csv
import datetime as dt
import re

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from praevnav.core.permissions import tenant_permission_required
from praevnav.planning import selectors_demand as selectors

MONTH = re.compile(r"^(\d{4})-(\d{2})$")
TABLE_TITLES = {
    "month": gettext_lazy("By month"),
    "area": gettext_lazy("By area"),
    "phase": gettext_lazy("By life phase"),
    "topic": gettext_lazy("By topic"),
}
LEVEL_LABELS = {
    "stadtbezirk": gettext_lazy("Stadtbezirk"),
    "stadtteil": gettext_lazy("Stadtteil"),
    "sozialraum": gettext_lazy("Sozialraum"),
    "gemeinde": gettext_lazy("Gemeinde"),
}


planning_viewer = tenant_permission_required("planning.view")


def _month(value: str) -> dt.date:
    match = MONTH.match(value or "")
    if not match:
        raise forms.ValidationError(_("Enter a month as YYYY-MM, e.g. 2025-01."))
    year, month = int(match[1]), int(match[2])
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise forms.ValidationError(_("Enter a month as YYYY-MM, e.g. 2025-01."))
    return dt.date(year, month, 1)


class DemandFilterForm(forms.Form):
    """Period (whole months), area level and life phase of the demand signals page."""

    start = forms.CharField(
        label=gettext_lazy("From (month)"),
        required=False,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2025-01"}),
    )
    end = forms.CharField(
        label=gettext_lazy("To (month)"),
        required=False,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2025-12"}),
    )
    level = forms.ChoiceField(label=gettext_lazy("Areas by"), required=False)
    life_phase = forms.ChoiceField(label=gettext_lazy("Life phase"), required=False)

    def __init__(self, *args, levels: list[str], phases: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [(lvl, LEVEL_LABELS.get(lvl, lvl)) for lvl in levels]
        self.fields["life_phase"].choices = [("", _("All life phases")), *phases]

    def clean_start(self):
        value = self.cleaned_data.get("start")
        return _month(value) if value else None

    def clean_end(self):
        value = self.cleaned_data.get("end")
        return _month(value) if value else None

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end month lies before the start month."))
        if start and end and selectors.add_months(start, 120) <= end:
            self.add_error("end", _("Choose at most ten years."))
        return data


def _levels(tenant) -> tuple[list[str], str]:
    levels = selectors.area_levels(tenant=tenant)
    default = "stadtteil" if "stadtteil" in levels else (levels[0] if levels else "")
    return levels, default


@require_safe
@planning_viewer
def demand(request: HttpRequest) -> HttpResponse:
    """Zero-result and few-result searches and reported gaps, suppressed; ``?format=csv``
    downloads the same suppressed tables."""
    tenant = request.tenant
    levels, default_level = _levels(tenant)
    phases = selectors.phase_choices(tenant=tenant)
    default_start, default_end = selectors.default_range()
    form = DemandFilterForm(request.GET or None, levels=levels, phases=phases)
    start, end, level, phase = default_start, default_end, default_level, ""
    status = 200
    if request.GET:
        if form.is_valid():
            data = form.cleaned_data
            end = data["end"] or default_end
            start = data["start"] or selectors.add_months(end, -11)
            if start > end:
                start = selectors.add_months(end, -11)
            level = data["level"] or default_level
            phase = data["life_phase"] or ""
        else:
            status = 400
    else:
        form = DemandFilterForm(
            initial={
                "start": start.strftime("%Y-%m"),
                "end": end.strftime("%Y-%m"),
                "level": level,
            },
            levels=levels,
            phases=phases,
        )
    signals = selectors.demand_signals_view(
        tenant=tenant, start=start, end=end, level=level, life_phase=phase
    )
    if request.GET.get("format") == "csv" and status == 200:
        return _csv(signals)
    tables = [(name, TABLE_TITLES[name], signals.tables[name]) for name in TABLE_TITLES]
    query = request.GET.copy()
    query["format"] = "csv"
    return render(
        request,
        "planning/demand/signals.html",
        {
            "form": form,
            "signals": signals,
            "tables": tables,
            "level_label": LEVEL_LABELS.get(signals.level, signals.level),
            "csv_query": query.urlencode(),
            "threshold": selectors.THRESHOLD,
        },
        status=status,
    )


def _csv(signals: selectors.DemandSignals) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"nachfrage-{signals.start:%Y-%m}-{signals.end:%Y-%m}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")  # Excel reads UTF-8 with a BOM
    writer = csv.writer(response, delimiter=";")
    writer.writerow(["table", "key", "label", *selectors.KINDS])
    writer.writerow(["total", "", "", *(signals.totals[k].text for k in selectors.KINDS)])
    for name, table in signals.tables.items():
        for row in table.rows:
            writer.writerow(
                [name, row.key, row.label, *(row.cells[k].text for k in selectors.KINDS)]
            )
    return response
