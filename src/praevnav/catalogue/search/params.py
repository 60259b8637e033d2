"""Search parameters: parsing, strict validation and the canonical query string.

One parser for the search page, the API and the CLI (see docs/dev/search-contract.md).
Every bad value raises :class:`ParamError` naming the parameter; unknown parameter
names are ignored (forms and the API add their own, e.g. ``tenant``). Empty values
(an empty form field) count as not given. Unknown vocabulary *codes* are not an
error: they simply match nothing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from types import MappingProxyType
from typing import Any
from urllib.parse import urlencode

from django.utils.translation import gettext_lazy as _

FACETS: tuple[str, ...] = (
    "life_phase",
    "dimension",
    "transition",
    "prevention_level",
    "target_group",
    "topic",
    "setting",
    "format",
    "access",
    "language",
    "accessibility",
    "childcare",
    "organisation",
    "area",
    "open",
)
SORTS: tuple[str, ...] = ("relevance", "distance", "title", "updated")

MAX_TEXT = 200
MAX_VALUES = 50  # values of one repeatable parameter
MAX_AGE_YEARS = 130
MAX_AGE_MONTHS = 1560
MIN_RADIUS, MAX_RADIUS = 100, 50_000
MAX_PAGE = 100_000
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20

_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:+-]{0,59}$")
_AREA_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:/+-]{0,39}$")
_OPEN = re.compile(r"^(weekday-[0-6]|evening)$")
_INT = re.compile(r"^[+]?\d{1,12}$")
_FLOAT = re.compile(r"^[+-]?(\d{1,4}(\.\d{0,12})?|\.\d{1,12})$")
_TRUE = {"1", "true", "on", "yes"}
_FALSE = {"0", "false", "off", "no"}
# Characters a query never needs: NUL (PostgreSQL rejects it) and other controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ParamError(ValueError):
    """A search parameter is invalid. ``field`` names it; ``message`` says why (translatable)."""

    def __init__(self, field: str, message: Any, **values: Any):
        self.field = field
        self._message = message
        self._values = {"param": field, **values}
        super().__init__(field)

    @property
    def message(self) -> str:
        """The message in the active language, with the parameter and limits filled in."""
        return str(self._message) % self._values

    def __str__(self) -> str:
        return self.message


# Messages (English msgids; the German catalogue translates them).
MSG_TOO_LONG = _("“%(param)s” is too long: at most %(limit)s characters.")
MSG_ONCE = _("“%(param)s” may be given only once.")
MSG_TOO_MANY = _("“%(param)s” is given too often: at most %(limit)s values.")
MSG_INT = _("“%(param)s” must be a whole number.")
MSG_RANGE = _("“%(param)s” must be between %(low)s and %(high)s.")
MSG_NUMBER = _("“%(param)s” must be a number (decimal point, e.g. 51.22).")
MSG_FLAG = _("“%(param)s” must be 1 (yes) or 0 (no).")
MSG_CODE = _("“%(param)s” contains an invalid code: %(value)s.")
MSG_ID = _("“%(param)s” must be the number of a provider.")
MSG_OPEN = _("“%(param)s” must be weekday-0 … weekday-6 (Monday … Sunday) or evening.")
MSG_SORT = _("“%(param)s” must be one of: %(choices)s.")
MSG_AGE_TWICE = _("Give either “age” (years) or “age_months”, not both.")
MSG_POINT = _("“lat” and “lon” must be given together.")


def _safe(value: str, limit: int = 40) -> str:
    """A bad value shortened for the message (templates escape it)."""
    return value if len(value) <= limit else value[: limit - 1] + "…"


@dataclass(frozen=True)
class SearchParams:
    """A validated search; build it with :meth:`from_query` (or directly in code)."""

    q: str = ""
    age_months: int | None = None
    pregnant: bool = False
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    near: str = ""
    lat: float | None = None
    lon: float | None = None
    radius_m: int | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE

    def __post_init__(self) -> None:
        # Normalise filters: only known facets, sorted tuples of unique values, no empty
        # ones (the order of repeated parameters carries no meaning); read-only.
        clean: dict[str, tuple[str, ...]] = {}
        for key in FACETS:
            raw = (self.filters or {}).get(key, ())
            values = tuple(sorted({str(v) for v in ((raw,) if isinstance(raw, str) else raw) if v}))
            if values:
                clean[key] = values
        object.__setattr__(self, "filters", MappingProxyType(clean))

    def __hash__(self) -> int:
        return hash(self.to_query())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SearchParams):
            return NotImplemented
        return all(
            (dict(getattr(self, f.name)) if f.name == "filters" else getattr(self, f.name))
            == (dict(getattr(other, f.name)) if f.name == "filters" else getattr(other, f.name))
            for f in fields(self)
        )

    # --- parsing -------------------------------------------------------------------

    @classmethod
    def from_query(cls, data: Mapping[str, Any]) -> SearchParams:
        """Parse URL parameters (a ``QueryDict`` or ``{name: [values]}``).

        Raises :class:`ParamError` for the first invalid parameter.
        """
        get = _Reader(data)
        q = get.text("q")
        near = get.text("near")
        age_years = get.integer("age", 0, MAX_AGE_YEARS)
        age_months = get.integer("age_months", 0, MAX_AGE_MONTHS)
        if age_years is not None and age_months is not None:
            raise ParamError("age_months", MSG_AGE_TWICE)
        if age_years is not None:
            age_months = age_years * 12
        pregnant = get.flag("pregnant")
        filters: dict[str, tuple[str, ...]] = {}
        values: tuple[str, ...]
        for key in FACETS:
            if key == "childcare":
                values = ("1",) if get.flag("childcare") else ()
            elif key == "organisation":
                values = get.many(key, _INT, MSG_ID)
                values = tuple(str(int(v)) for v in values)
            elif key == "area":
                values = get.many(key, _AREA_CODE, MSG_CODE)
            elif key == "open":
                values = get.many(key, _OPEN, MSG_OPEN)
            else:
                values = get.many(key, _CODE, MSG_CODE)
            if values:
                filters[key] = values
        lat = get.number("lat", -90.0, 90.0)
        lon = get.number("lon", -180.0, 180.0)
        if (lat is None) != (lon is None):
            raise ParamError("lon" if lon is None else "lat", MSG_POINT)
        radius = get.integer("radius", MIN_RADIUS, MAX_RADIUS)
        sort = get.single("sort") or "relevance"
        if sort not in SORTS:
            raise ParamError("sort", MSG_SORT, choices=", ".join(SORTS))
        page = get.integer("page", 1, MAX_PAGE) or 1
        page_size = get.integer("page_size", 1, MAX_PAGE_SIZE) or DEFAULT_PAGE_SIZE
        return cls(
            q=q,
            age_months=age_months,
            pregnant=pregnant,
            filters=filters,
            near=near,
            lat=lat,
            lon=lon,
            radius_m=radius,
            sort=sort,
            page=page,
            page_size=page_size,
        )

    # --- writing -------------------------------------------------------------------

    def replace(self, **changes: Any) -> SearchParams:
        """A copy with fields (or single facets, by facet key) changed."""
        facet_changes = {k: changes.pop(k) for k in list(changes) if k in FACETS}
        if facet_changes:
            filters = dict(changes.pop("filters", self.filters))
            for key, values in facet_changes.items():
                if values in (None, "", (), []):
                    filters.pop(key, None)
                elif isinstance(values, str):
                    filters[key] = (values,)
                else:
                    filters[key] = tuple(values)
            changes["filters"] = filters
        return replace(self, **changes)

    def to_query(self, **changes: Any) -> str:
        """The canonical, shareable query string (defaults left out, values sorted).

        ``changes`` replace fields (``page=2``) or facets (``language=["tr"]``) first.
        """
        p = self.replace(**changes) if changes else self
        pairs: list[tuple[str, str]] = []
        if p.q:
            pairs.append(("q", p.q))
        if p.age_months is not None:
            if p.age_months % 12 == 0:
                pairs.append(("age", str(p.age_months // 12)))
            else:
                pairs.append(("age_months", str(p.age_months)))
        if p.pregnant:
            pairs.append(("pregnant", "1"))
        for key in FACETS:
            for value in sorted(p.filters.get(key, ())):
                pairs.append((key, value))
        if p.near:
            pairs.append(("near", p.near))
        if p.lat is not None and p.lon is not None:
            pairs.append(("lat", _fmt_float(p.lat)))
            pairs.append(("lon", _fmt_float(p.lon)))
        if p.radius_m is not None:
            pairs.append(("radius", str(p.radius_m)))
        if p.sort != "relevance":
            pairs.append(("sort", p.sort))
        if p.page != 1:
            pairs.append(("page", str(p.page)))
        if p.page_size != DEFAULT_PAGE_SIZE:
            pairs.append(("page_size", str(p.page_size)))
        return urlencode(pairs)

    @property
    def has_place(self) -> bool:
        return bool(self.near) or (self.lat is not None and self.lon is not None)

    @property
    def is_empty(self) -> bool:
        """No text, no filter, no place: the whole catalogue."""
        return not (self.q or self.filters or self.has_place or self.pregnant) and (
            self.age_months is None
        )


def _fmt_float(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".")


class _Reader:
    """Reads single and repeated values from a QueryDict or a plain mapping."""

    def __init__(self, data: Mapping[str, Any]):
        self.data = data

    def values(self, name: str) -> list[str]:
        if hasattr(self.data, "getlist"):
            raw = self.data.getlist(name)
        else:
            raw = self.data.get(name, [])
            if raw is None:
                raw = []
            elif isinstance(raw, str | int | float):
                raw = [raw]
        return [str(v) for v in raw]

    def single(self, name: str) -> str:
        values = [v for v in self.values(name) if v.strip() != ""]
        if len(values) > 1:
            raise ParamError(name, MSG_ONCE)
        return values[0].strip() if values else ""

    def text(self, name: str) -> str:
        values = [v for v in self.values(name) if v.strip() != ""]
        if len(values) > 1:
            raise ParamError(name, MSG_ONCE)
        if not values:
            return ""
        value = _CONTROL.sub(" ", values[0])
        value = " ".join(value.split())
        if len(value) > MAX_TEXT:
            raise ParamError(name, MSG_TOO_LONG, limit=MAX_TEXT)
        return value

    def integer(self, name: str, low: int, high: int) -> int | None:
        value = self.single(name)
        if not value:
            return None
        if not _INT.match(value):
            raise ParamError(name, MSG_INT)
        number = int(value)
        if not low <= number <= high:
            raise ParamError(name, MSG_RANGE, low=low, high=high)
        return number

    def number(self, name: str, low: float, high: float) -> float | None:
        value = self.single(name)
        if not value:
            return None
        if not _FLOAT.match(value):
            raise ParamError(name, MSG_NUMBER)
        number = float(value)
        if not math.isfinite(number) or not low <= number <= high:
            raise ParamError(name, MSG_RANGE, low=_fmt_float(low), high=_fmt_float(high))
        return number

    def flag(self, name: str) -> bool:
        value = self.single(name).lower()
        if not value or value in _FALSE:
            return False
        if value in _TRUE:
            return True
        raise ParamError(name, MSG_FLAG)

    def many(self, name: str, pattern: re.Pattern[str], message: Any) -> tuple[str, ...]:
        values = [v.strip() for v in self.values(name) if v.strip() != ""]
        if len(values) > MAX_VALUES:
            raise ParamError(name, MSG_TOO_MANY, limit=MAX_VALUES)
        for value in values:
            if not pattern.match(value):
                raise ParamError(name, message, value=_safe(value))
        return tuple(dict.fromkeys(values))
