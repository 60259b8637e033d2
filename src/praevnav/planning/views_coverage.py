"""The planning start page, the coverage matrix (table, map, CSV) and its area polygons."""

from __future__ import annotations

import csv
import logging
from urllib.parse import urlencode

from django import forms
from django.core.cache import cache
from django.db.models import Max
from django.forms.utils import flatatt
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.formats import get_format
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_safe

from praevnav.core.permissions import tenant_permission_required
from praevnav.geography.enums import AreaLevel
from praevnav.geography.models import Area
from praevnav.planning import coverage as cov
from praevnav.planning import selectors_coverage as sel
from praevnav.planning.supply import INVALID, OVERDUE

logger = logging.getLogger(__name__)

# The planning pages, in the order of the planning loop; names another part has not
# registered yet are left out.
PLANNING_PAGES = [
    (
        "planning:coverage",
        gettext_lazy("Coverage matrix"),
        gettext_lazy("Offers per area and life phase, per 1,000 inhabitants, with map."),
    ),
    (
        "planning:chain",
        gettext_lazy("Chain view"),
        gettext_lazy("The life phases as links of the chain, coloured by coverage against need."),
    ),
    (
        "planning:accessibility",
        gettext_lazy("Spatial accessibility"),
        gettext_lazy("E2SFCA accessibility per area and life phase."),
    ),
    (
        "planning:gaps",
        gettext_lazy("Gap list"),
        gettext_lazy("Areas and life phases ranked by unmet need."),
    ),
    (
        "planning:need",
        gettext_lazy("Need index"),
        gettext_lazy("Weights of the indicators and qualitative needs."),
    ),
    (
        "planning:duplicates",
        gettext_lazy("Duplicates"),
        gettext_lazy("Offers entered twice, with merge suggestions."),
    ),
    (
        "planning:overlaps",
        gettext_lazy("Overlaps"),
        gettext_lazy("Similar offers of different providers in the same place."),
    ),
    (
        "planning:demand",
        gettext_lazy("Demand signals"),
        gettext_lazy("Searches without results and reported gaps."),
    ),
    (
        "planning:measure_list",
        gettext_lazy("Measures"),
        gettext_lazy("From gap to decision to follow-up."),
    ),
    (
        "planning:goal_list",
        gettext_lazy("Goals"),
        gettext_lazy("The goal cascade of the prevention action plan."),
    ),
    (
        "planning:snapshot_list",
        gettext_lazy("Snapshots"),
        gettext_lazy("Frozen states per reporting date and their comparison."),
    ),
]

MEASURE_LABELS = {
    "offers": gettext_lazy("Offers"),
    "per_1000": gettext_lazy("Offers per 1,000 inhabitants"),
    "places_per_1000": gettext_lazy("Places per 1,000 inhabitants"),
}
MAP_CLASSES = 5
AREAS_TTL = 24 * 3600


planning_viewer = tenant_permission_required("planning.view")


def planning_links() -> list[dict]:
    links = []
    for name, label, hint in PLANNING_PAGES:
        try:
            links.append({"url": reverse(name), "label": label, "hint": hint, "name": name})
        except NoReverseMatch:
            continue
    return links


@require_safe
@planning_viewer
def index(request: HttpRequest) -> HttpResponse:
    """Links to every planning page and the key figures of the supply."""
    dataset = sel.planning_data(tenant=request.tenant)
    left_out = dataset.left_out()
    current = dataset.current()
    levels = sel.comparable_levels(dataset)
    figures = {
        "current": len(current),
        "overdue": left_out[OVERDUE],
        "invalid": left_out[INVALID],
        "providers": len({o.organisation_id for o in current}),
        "areas": [
            (AreaLevel(lvl).label, sum(1 for a in dataset.areas.values() if a.level == lvl))
            for lvl in levels
        ],
    }
    return render(
        request,
        "planning/index.html",
        {"links": planning_links(), "figures": figures, "today": dataset.today},
    )


# --- the coverage matrix -------------------------------------------------------------------


class _FastSelectMixin:
    """Options written with ``format_html``: Django's per-option templates take ~70 ms
    for this form's long topic and language lists."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {
            str(v)
            for v in (value if isinstance(value, (list, tuple)) else [value])
            if v is not None
        }
        final = self.build_attrs(self.attrs, attrs or {})
        final["name"] = name
        if getattr(self, "allow_multiple_selected", False):
            final["multiple"] = True
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (code, mark_safe(" selected") if str(code) in chosen else "", label)
                for code, label in self.choices
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(final), options)


class FastSelect(_FastSelectMixin, forms.Select):
    pass


class FastSelectMultiple(_FastSelectMixin, forms.SelectMultiple):
    pass


class CoverageForm(forms.Form):
    """The matrix's choices; every field is optional and falls back to a default."""

    level = forms.ChoiceField(label=gettext_lazy("Area level"), required=False, widget=FastSelect)
    dimension = forms.ChoiceField(
        label=gettext_lazy("Offers of dimension"), required=False, widget=FastSelect
    )
    measure = forms.ChoiceField(
        label=gettext_lazy("Map shows"),
        required=False,
        choices=list(MEASURE_LABELS.items()),
        widget=FastSelect,
    )
    phase = forms.ChoiceField(
        label=gettext_lazy("Map of life phase"), required=False, widget=FastSelect
    )
    topic = forms.MultipleChoiceField(
        label=gettext_lazy("Topic (with its sub-topics)"),
        required=False,
        widget=FastSelectMultiple,
    )
    target_group = forms.MultipleChoiceField(
        label=gettext_lazy("Target group"), required=False, widget=FastSelectMultiple
    )
    prevention_level = forms.MultipleChoiceField(
        label=gettext_lazy("Prevention level"), required=False, widget=FastSelectMultiple
    )
    language = forms.MultipleChoiceField(
        label=gettext_lazy("Language"), required=False, widget=FastSelectMultiple
    )
    free = forms.BooleanField(label=gettext_lazy("Free of charge only"), required=False)
    local = forms.BooleanField(
        label=gettext_lazy("Local offers only (without offers for the whole municipality)"),
        required=False,
    )
    sort = forms.CharField(required=False, widget=forms.HiddenInput, max_length=80)

    def __init__(self, data, *, levels, phases, terms: sel.FilterTerms):
        super().__init__(data)
        self.fields["level"].choices = [(lvl, AreaLevel(lvl).label) for lvl in levels]
        self.fields["dimension"].choices = [("", _("All dimensions"))] + [
            (t.code, t.label) for t in terms.dimensions
        ]
        self.fields["phase"].choices = [(p.code, p.label) for p in phases]
        self.fields["topic"].choices = [
            (t.code, "\u2003" * getattr(t, "depth", 0) + t.label) for t in terms.topics
        ]
        self.fields["target_group"].choices = [(t.code, t.label) for t in terms.target_groups]
        self.fields["prevention_level"].choices = [
            (t.code, t.label) for t in terms.prevention_levels
        ]
        self.fields["language"].choices = [(t.code, t.label) for t in terms.languages]


def _choices(request: HttpRequest):
    dataset = sel.planning_data(tenant=request.tenant)
    levels = sel.comparable_levels(dataset)
    terms = sel.filter_terms(tenant=request.tenant)
    form = CoverageForm(request.GET, levels=levels, phases=dataset.phases, terms=terms)
    valid = form.is_valid()
    data = form.cleaned_data if valid else {}
    default_level = (
        AreaLevel.STADTTEIL.value
        if AreaLevel.STADTTEIL.value in levels
        else (levels[0] if levels else "")
    )
    topics: set[str] = set()
    for code in data.get("topic", []):
        topics |= terms.topic_children.get(code, {code})
    choice = {
        "level": data.get("level") or default_level,
        "dimension": data.get("dimension") or None,
        "measure": data.get("measure") or "per_1000",
        "phase": data.get("phase") or (dataset.phases[0].code if dataset.phases else ""),
        "sort": data.get("sort") or "area",
        "local": bool(data.get("local")),
        "filters": cov.CoverageFilters(
            topics=frozenset(topics),
            target_groups=frozenset(data.get("target_group", [])),
            prevention_levels=frozenset(data.get("prevention_level", [])),
            languages=frozenset(data.get("language", [])),
            free_only=bool(data.get("free")),
        ),
    }
    return dataset, form, terms, choice


def _matrix(request: HttpRequest, dataset, choice):
    population, source = sel.population_for_level(
        tenant=request.tenant, dataset=dataset, level=choice["level"]
    )
    matrix = cov.coverage_matrix(
        dataset,
        level=choice["level"],
        population=population,
        filters=choice["filters"],
        dimension=choice["dimension"],
        tenant_population=sel.tenant_population(population),
        include_everywhere=not choice["local"],
    )
    return matrix, source


def _query(request: HttpRequest, **changes) -> str:
    params = [(k, v) for k, values in request.GET.lists() for v in values if k not in changes]
    params += [(k, v) for k, v in changes.items() if v not in (None, "")]
    return urlencode(params)


def _sort_link(request: HttpRequest, current: str, key: str) -> dict:
    active = current.lstrip("-") == key
    descending = current.startswith("-")
    target = (key if descending else f"-{key}") if active else key
    return {
        "url": "?" + _query(request, sort=target) + "#matrix-heading",
        "aria": ("descending" if descending else "ascending") if active else "",
    }


def _rows_html(rows: list[cov.CoverageRow]) -> list[str]:
    """The table body, written here rather than in the template: a Sozialraum matrix has
    4,000 cells, which the template engine would take several hundred ms to render."""
    no_pop = conditional_escape(_("no population data"))
    no_cap = conditional_escape(_("no capacity known"))
    out = []
    for row in rows:
        parts = [
            format_html(
                '<tr data-area="{}"><th scope="row" class="kern-table__header">'
                '<a class="kern-link" href="{}">{}</a> <span class="pn-meta">{}</span></th>',
                row.area.code,
                reverse("planning:chain_area", args=[row.area.code]),
                row.area.name,
                row.area.code,
            )
        ]
        for cell in row.cells.values():
            per = cell.per_1000
            per_s = no_pop if per is None else _fmt(per, 2)
            if not cell.with_capacity:
                places_s = no_cap
            elif cell.places_per_1000 is None:
                places_s = no_pop
            else:
                n = cell.with_capacity
                places_s = format_html(
                    '{} <span class="pn-meta">({})</span>',
                    _fmt(cell.places_per_1000, 1),
                    ngettext("%(n)s offer", "%(n)s offers", n) % {"n": n},
                )
            na = ' class="pn-na"'
            parts.append(
                f'<td data-p="{cell.phase}" data-m="offers">{cell.offers}</td>'
                f'<td data-p="{cell.phase}" data-m="per_1000"'
                f"{na if per is None else ''}>{per_s}</td>"
                f'<td data-p="{cell.phase}" data-m="places_per_1000"'
                f"{na if cell.places_per_1000 is None else ''}>{places_s}</td>"
            )
        parts.append(f'<td data-m="total">{row.offers}</td></tr>')
        out.append(mark_safe("".join(str(p) for p in parts)))  # noqa: S308 (escaped above)
    return out


def _fmt(value: float | None, digits: int = 1) -> str:
    """A number in the active language's format (1.234,56 in German), fast: the matrix
    formats thousands of them and ``number_format`` costs ~100 µs each."""
    if value is None:
        return ""
    text = f"{value:,.{digits}f}"
    decimal, thousands = get_format("DECIMAL_SEPARATOR"), get_format("THOUSAND_SEPARATOR")
    return text.replace(",", "\0").replace(".", decimal).replace("\0", thousands)


@require_safe
@planning_viewer
def coverage(request: HttpRequest) -> HttpResponse:
    """The coverage matrix: areas × life phases, with filters, sorting and a map."""
    dataset, form, terms, choice = _choices(request)
    phases = dataset.phases
    context = {
        "form": form,
        "choice": choice,
        "phases": phases,
        "levels": form.fields["level"].choices,
    }
    if not choice["level"]:
        return render(request, "planning/coverage/matrix.html", {**context, "matrix": None})
    matrix, source = _matrix(request, dataset, choice)
    sort = choice["sort"]
    rows = cov.sort_rows(matrix.rows, sort.lstrip("-"), descending=sort.startswith("-"))
    phase = choice["phase"]
    measure = choice["measure"]
    values = (
        {r.area.code: cov.cell_value(r.cells[phase], measure) for r in matrix.rows} if phase else {}
    )
    breaks = cov.quantile_breaks(values.values(), MAP_CLASSES)
    classes = []
    low = None
    for b in breaks:
        classes.append({"low": low, "high": b, "low_s": _fmt(low, 2), "high_s": _fmt(b, 2)})
        low = b
    map_data = {code: {"c": cov.class_of(v, breaks), "v": _fmt(v, 2)} for code, v in values.items()}
    sort_links = {
        "area": _sort_link(request, sort, "area"),
        "name": _sort_link(request, sort, "name"),
    }
    short = {
        "offers": _("Offers"),
        "per_1000": _("per 1,000"),
        "places_per_1000": _("places per 1,000"),
    }
    sort_heads = [
        {"link": _sort_link(request, sort, f"{p.code}:{m}"), "label": short[m]}
        for p in phases
        for m in cov.MEASURES
    ]
    context.update(
        matrix=matrix,
        rows_html=_rows_html(rows),
        source=source,
        level_label=AreaLevel(choice["level"]).label,
        dimension_label=dict(form.fields["dimension"].choices).get(choice["dimension"] or ""),
        measure_label=MEASURE_LABELS[measure],
        phase_label=next((p.label for p in phases if p.code == phase), ""),
        classes=classes,
        map_data=map_data,
        sort_links=sort_links,
        sort_heads=sort_heads,
        csv_query=_query(request, sort=None),
        areas_url=reverse("planning:coverage_areas") + "?" + urlencode({"level": choice["level"]}),
    )
    return render(request, "planning/coverage/matrix.html", context)


@require_safe
@planning_viewer
def coverage_csv(request: HttpRequest) -> HttpResponse:
    """The matrix as CSV (UTF-8 with BOM, ``;`` separated, decimal comma), one row per
    area and life phase."""
    dataset, _form, _terms, choice = _choices(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="abdeckung.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            "area_code", "area_name", "level", "life_phase", "dimension", "offers",
            "population", "offers_per_1000", "places", "offers_with_capacity",
            "places_per_1000", "population_year", "population_source_level",
        ]
    )  # fmt: skip
    if not choice["level"]:
        return response
    matrix, source = _matrix(request, dataset, choice)

    def num(value: float | None, digits: int = 3) -> str:
        return "" if value is None else f"{value:.{digits}f}".replace(".", ",")

    for row in matrix.rows:
        for p in matrix.phase_codes:
            cell = row.cells[p]
            writer.writerow(
                [
                    row.area.code, row.area.name, matrix.level, p, choice["dimension"] or "",
                    cell.offers, num(cell.population, 0) if cell.has_population else "",
                    num(cell.per_1000), cell.places, cell.with_capacity,
                    num(cell.places_per_1000), source.year if source else "",
                    source.level if source else "",
                ]
            )  # fmt: skip
    return response


@require_safe
@planning_viewer
def coverage_areas(request: HttpRequest) -> HttpResponse:
    """The polygons of one area level (simplified GeoJSON, code and name), cached."""
    from shapely.geometry import mapping, shape

    tenant = request.tenant
    level = request.GET.get("level", "")
    areas = Area.all_tenants.filter(
        tenant_id__in=tenant.lineage_ids(), level=level, geometry__isnull=False
    )
    stamp = areas.aggregate(m=Max("updated_at"))["m"]
    key = f"pn:planning-areas:{tenant.pk}:{level}:{stamp.isoformat() if stamp else '-'}"
    data = cache.get(key)
    if data is None:
        features = []
        for pk, code, name, geometry in areas.order_by("code").values_list(
            "pk", "code", "name", "geometry"
        ):
            try:
                geom = shape(geometry).simplify(0.0003, preserve_topology=True)
            except (ValueError, TypeError, AttributeError, KeyError):
                logger.warning("area %s: geometry cannot be drawn", pk)
                continue
            if geom.is_empty:
                continue
            features.append(
                {
                    "type": "Feature",
                    "properties": {"code": code, "name": name},
                    "geometry": mapping(geom),
                }
            )
        data = {"type": "FeatureCollection", "features": features}
        cache.set(key, data, AREAS_TTL)
    response = JsonResponse(data)
    response["Cache-Control"] = "private, max-age=3600"
    return response
