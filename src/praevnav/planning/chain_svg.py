"""Geometry of the chain view's SVG: one box per life phase, connectors between them,
arcs for the transitions. Pure layout; the template writes the SVG elements (so that
Django escapes every text) and the page adds the text equivalent beside it.

Every rating has a colour *and* a fill pattern *and* a written label, so the chain
reads without colour (and in black-and-white print).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from praevnav.planning.coverage import GAP, LOW, OK, UNKNOWN, ChainLink

BOX_W, BOX_H, GAP_X = 150, 150, 36
TOP = 20
ARC_SPACE = 56  # room below the boxes for transition arcs and labels

RATING_LABELS = {
    GAP: _("Gap"),
    LOW: _("Below median"),
    OK: _("Covered"),
    UNKNOWN: _("No population data"),
}
# The pattern ids are defined once in the SVG's <defs>.
RATING_PATTERN = {GAP: "pn-hatch", LOW: "pn-dots", OK: "pn-solid", UNKNOWN: "pn-cross"}


@dataclass
class Box:
    link: ChainLink
    label: str
    age: str
    x: int
    y: int
    w: int
    h: int
    href: str
    rating_label: str
    pattern: str

    @property
    def cx(self) -> int:
        return self.x + self.w // 2

    @property
    def right(self) -> int:
        return self.x + self.w


@dataclass
class Connector:
    x1: int
    x2: int
    y: int


@dataclass
class Arc:
    path: str
    label: str
    label_x: int
    label_y: int


@dataclass
class ChainLayout:
    width: int
    height: int
    boxes: list[Box]
    connectors: list[Connector]
    arcs: list[Arc]


def chain_layout(
    links: list[tuple[ChainLink, str, str, str]],
    transitions: list[tuple[str, str, str]],
) -> ChainLayout:
    """Place the links ``(link, label, age label, href)`` left to right and the
    transitions ``(from_code, to_code, label)`` as arcs below the boxes they join."""
    boxes = []
    for i, (link, label, age, href) in enumerate(links):
        boxes.append(
            Box(
                link=link,
                label=label,
                age=age,
                x=i * (BOX_W + GAP_X),
                y=TOP,
                w=BOX_W,
                h=BOX_H,
                href=href,
                rating_label=str(RATING_LABELS[link.rating]),
                pattern=RATING_PATTERN[link.rating],
            )
        )
    connectors = [
        Connector(x1=a.right, x2=b.x, y=TOP + BOX_H // 2)
        for a, b in zip(boxes, boxes[1:], strict=False)
    ]
    index = {b.link.phase_code: b for b in boxes}
    arcs = []
    base = TOP + BOX_H
    for row, (src, dst, label) in enumerate(transitions):
        a, b = index.get(src), index.get(dst)
        if a is None or b is None:
            continue
        depth = 18 + (row % 2) * 10
        x1, x2 = a.cx, b.cx
        path = f"M {x1} {base} C {x1} {base + depth} {x2} {base + depth} {x2} {base}"
        arcs.append(Arc(path=path, label=label, label_x=(x1 + x2) // 2, label_y=base + depth + 14))
    width = max(1, len(boxes) * (BOX_W + GAP_X) - GAP_X)
    return ChainLayout(
        width=width, height=TOP + BOX_H + ARC_SPACE, boxes=boxes, connectors=connectors, arcs=arcs
    )
