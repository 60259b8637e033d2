"""Template helpers of the search page and the offer page."""

from __future__ import annotations

from itertools import groupby

from django import template
from django.http import QueryDict
from django.urls import NoReverseMatch, reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def optional_url(name: str, *args) -> str:
    """The URL of ``name``, or "" when no view of that name exists (yet).

    Features built by others (Merkliste, “Lücke melden”) appear as soon as their
    views are installed, without a template change.
    """
    try:
        return reverse(name, args=args or None)
    except NoReverseMatch:
        return ""


@register.simple_tag
def query_with(query: QueryDict, **changes) -> str:
    """``query`` with single parameters replaced (``None`` or "" removes them)."""
    q = query.copy()
    for key, value in changes.items():
        q.pop(key, None)
        if value not in (None, ""):
            q[key] = str(value)
    return q.urlencode()


@register.filter
def distance(metres: float | None) -> str:
    """“350 m” or “1,2 km” (German number format)."""
    if metres is None:
        return ""
    if metres < 1000:
        return _("%(m)s m") % {"m": int(round(metres / 10.0) * 10)}
    return _("%(km)s km") % {"km": number_format(metres / 1000.0, 1)}


def _in_months(months: int | None) -> bool:
    """Ages under two years that are not whole years read better in months."""
    return months is not None and months < 24 and months % 12 != 0


@register.filter
def age_words(offer) -> str:
    """The age range of an offer in words: “3 to under 6 years”, “65 years and older”."""
    lo, hi = offer.age_min_months, offer.age_max_months
    if lo is None and hi is None:
        return _("pregnancy and birth") if offer.pregnancy else _("all ages")
    lo = lo or 0
    if hi is None:
        if _in_months(lo):
            return _("%(min)s months and older") % {"min": lo}
        return _("%(min)s years and older") % {"min": lo // 12}
    if _in_months(hi):
        return _("%(min)s to under %(max)s months") % {"min": lo, "max": hi}
    if _in_months(lo):
        return _("%(min)s months to under %(max)s years") % {"min": lo, "max": hi // 12}
    return _("%(min)s to under %(max)s years") % {"min": lo // 12, "max": hi // 12}


@register.filter
def by_weekday(sessions) -> list[tuple[str, list]]:
    """Opening sessions grouped by weekday, in week order: ``[(“Monday”, [s1, s2]), …]``."""
    ordered = sorted(sessions, key=lambda s: (s.weekday, s.opens))
    groups = [list(g) for _k, g in groupby(ordered, key=lambda s: s.weekday)]
    return [(group[0].get_weekday_display(), group) for group in groups]


@register.filter
def term_labels(terms) -> str:
    """Labels of several terms, comma-separated, in their vocabulary order."""
    return ", ".join(t.label for t in terms)


@register.filter
def dom_id(value: object) -> str:
    """A stable, unique HTML id fragment for any value (“01.2” → “01_2e2”, “0-3” stays)."""
    out = []
    for ch in str(value):
        out.append(ch if (ch.isascii() and ch.isalnum()) or ch == "-" else f"_{ord(ch):x}")
    return "".join(out)
