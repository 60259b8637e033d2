"""The search form as the page shows it: basic fields, facet groups and active-filter chips.

The search service parses and validates the parameters (``SearchParams.from_query``);
this module only turns a validated search and its result into what the template needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

# Facet legends, in the order of the contract's FACETS.
FACET_LEGENDS: dict[str, Any] = {
    "life_phase": _("Life phase"),
    "dimension": _("Prevention dimension"),
    "transition": _("Transition"),
    "prevention_level": _("Prevention level"),
    "target_group": _("Target group / life situation"),
    "topic": _("Topic"),
    "setting": _("Setting"),
    "format": _("Format"),
    "access": _("Cost and access"),
    "language": _("Language"),
    "accessibility": _("Accessibility"),
    "childcare": _("Childcare"),
    "organisation": _("Provider"),
    "area": _("Area"),
    "open": _("Open on"),
}
# Facets shown as a tree (values carry depth and parent).
TREE_FACETS = {"topic", "area"}
# Values shown before “show more”.
VISIBLE_VALUES = 8
# Facets whose long tail is not rendered at all until asked for (``?mehr=<facet>``):
# a city has ~150 providers and ~230 areas, too many for a page of 60 KB.
LONG_FACETS = {"organisation", "area"}
# Levels of the area tree shown by default (e.g. Stadtbezirk › Stadtteil, not Sozialraum).
AREA_LEVELS_SHOWN = 2

RADIUS_CHOICES = [
    ("", _("any distance")),
    ("500", _("500 m")),
    ("1000", _("1 km")),
    ("2000", _("2 km")),
    ("5000", _("5 km")),
    ("10000", _("10 km")),
    ("25000", _("25 km")),
]
SORT_CHOICES = [
    ("relevance", _("best match")),
    ("distance", _("distance")),
    ("title", pgettext_lazy("sort order", "title (A–Z)")),
    ("updated", _("most recently updated")),
]


@dataclass
class FacetNode:
    value: Any  # a FacetValue of the search service
    children: list[FacetNode] = field(default_factory=list)

    @property
    def has_selection(self) -> bool:
        return self.value.selected or any(c.has_selection for c in self.children)


@dataclass
class FacetGroup:
    key: str
    legend: str
    visible: list[FacetNode]
    more: list[FacetNode]
    # Values left out until asked for (LONG_FACETS); the link asks for them.
    hidden_count: int = 0
    expanded: bool = False

    @property
    def more_open(self) -> bool:
        """Open “show more” when a chosen value hides in it."""
        return self.expanded or any(n.has_selection for n in self.more)

    @property
    def selected_count(self) -> int:
        def count(nodes: list[FacetNode]) -> int:
            return sum(int(n.value.selected) + count(n.children) for n in nodes)

        return count(self.visible) + count(self.more)


@dataclass
class Chip:
    label: str
    remove_query: str


def _shown(value: Any) -> bool:
    """Values without matches are hidden, unless chosen (so they can be unchosen)."""
    return value.count > 0 or value.selected


def _tree(values: list[Any]) -> list[FacetNode]:
    """Nest values under their parents; the service's order is kept.

    A child whose parent is hidden (no matches) moves up a level rather than vanish.
    """
    nodes: dict[str, FacetNode] = {}
    roots: list[FacetNode] = []
    for value in values:
        if not _shown(value):
            continue
        node = FacetNode(value)
        nodes[value.value] = node
        parent = nodes.get(value.parent) if getattr(value, "parent", None) else None
        (parent.children if parent is not None else roots).append(node)
    return roots


def _count(nodes: list[FacetNode]) -> int:
    return sum(1 + _count(n.children) for n in nodes)


def _prune(nodes: list[FacetNode], levels: int) -> list[FacetNode]:
    """Keep ``levels`` levels of the tree; deeper chosen values stay visible."""
    out = []
    for node in nodes:
        if levels > 1:
            children = _prune(node.children, levels - 1)
        else:
            children = [_selected_only(c) for c in node.children if c.has_selection]
        out.append(FacetNode(node.value, children))
    return out


def _selected_only(node: FacetNode) -> FacetNode:
    return FacetNode(node.value, [_selected_only(c) for c in node.children if c.has_selection])


def facet_groups(facets: dict[str, list[Any]], *, expand: str = "") -> list[FacetGroup]:
    """The facet groups for the form, in contract order; empty groups are left out.

    ``expand`` names the one long facet whose whole list is wanted (``?mehr=area``).
    """
    groups = []
    for key, legend in FACET_LEGENDS.items():
        values = facets.get(key) or []
        nodes = _tree(values) if key in TREE_FACETS else [FacetNode(v) for v in values if _shown(v)]
        # A single root (the whole city) says nothing: show its parts.
        while key == "area" and len(nodes) == 1 and nodes[0].children:
            nodes = nodes[0].children
        if not nodes:
            continue
        expanded = key == expand
        group = FacetGroup(key=key, legend=str(legend), visible=nodes[:VISIBLE_VALUES], more=[])
        if key in LONG_FACETS and not expanded:
            full = _count(nodes)
            if key == "area":
                group.visible = _prune(nodes, AREA_LEVELS_SHOWN)
            else:
                group.visible = nodes[:VISIBLE_VALUES] + [
                    n for n in nodes[VISIBLE_VALUES:] if n.has_selection
                ]
            group.hidden_count = full - _count(group.visible)
        else:
            group.more = nodes[VISIBLE_VALUES:]
            group.expanded = expanded
        groups.append(group)
    return groups


def active_chips(params: Any, facets: dict[str, list[Any]], place_label: str = "") -> list[Chip]:
    """One removable chip per active criterion; each links to the search without it."""
    chips: list[Chip] = []
    if params.q:
        chips.append(Chip(_("Search text: %(q)s") % {"q": params.q}, params.to_query(q="", page=1)))
    if params.age_months is not None:
        if params.age_months % 12 == 0:
            n = params.age_months // 12
            age = ngettext("Age: %(n)s year", "Age: %(n)s years", n) % {"n": n}
        else:
            n = params.age_months
            age = ngettext("Age: %(n)s month", "Age: %(n)s months", n) % {"n": n}
        chips.append(Chip(age, params.to_query(age_months=None, page=1)))
    if params.pregnant:
        chips.append(Chip(str(_("Pregnant")), params.to_query(pregnant=False, page=1)))
    for key, selected in params.filters.items():
        labels = {v.value: v.label for v in facets.get(key) or []}
        for value in selected:
            rest = [v for v in selected if v != value]
            chips.append(
                Chip(
                    f"{FACET_LEGENDS[key]}: {labels.get(value, value)}",
                    params.to_query(**{key: rest}, page=1),
                )
            )
    if params.near or params.lat is not None:
        chips.append(
            Chip(
                _("Near: %(place)s") % {"place": place_label or params.near},
                params.to_query(near="", lat=None, lon=None, radius_m=None, page=1),
            )
        )
    elif params.radius_m is not None:
        chips.append(Chip(_("Radius without a place"), params.to_query(radius_m=None, page=1)))
    return chips
