"""Load areas from GeoJSON: repair, measure, link to parents, upsert — all or nothing.

Every function here validates the whole input before it writes anything and writes
inside one transaction, so a bad feature leaves the database as it was. Errors are
``LoadError`` with a message naming the file, the feature (index and code where
known) and the reason, fit to be shown to an operator as is.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import shapely
from django.db import transaction
from pyproj import Transformer
from shapely.geometry import MultiPolygon, Polygon, shape
from shapely.geometry.base import BaseGeometry

from praevnav.core.models import Tenant
from praevnav.geography.enums import LEVEL_DEPTH, AreaLevel
from praevnav.geography.models import Area
from praevnav.geography.spatial import AreaIndex, AreaShape

ROOT_LEVELS = (AreaLevel.KOMMUNE, AreaLevel.KREIS)
# CRS names that mean WGS84 lon/lat in GeoJSON files found in the wild.
WGS84_CRS_NAMES = {
    "urn:ogc:def:crs:ogc:1.3:crs84",
    "urn:ogc:def:crs:epsg::4326",
    "epsg:4326",
    "crs84",
}


# German names of the levels for generated names and source notes (data, not UI text).
LEVEL_NAME_DE = {
    "kreis": ("Kreis", "Kreise"),
    "kommune": ("Kommune", "Kommunen"),
    "gemeinde": ("Gemeinde", "Gemeinden"),
    "stadtbezirk": ("Stadtbezirk", "Stadtbezirke"),
    "stadtteil": ("Stadtteil", "Stadtteile"),
    "sozialraum": ("Sozialraum", "Sozialräume"),
}


class LoadError(Exception):
    """A bad input file; the message names file, line or feature and reason."""


@dataclass
class AreaLoadReport:
    """What a load did. ``repaired`` lists codes whose geometry ``make_valid`` fixed."""

    level: str
    file: str = ""
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    repaired: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    def lines(self) -> list[str]:
        """The report as lines for a command's output."""
        out = [
            f"{self.level}: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged" + (f" ({self.file})" if self.file else "")
        ]
        if self.repaired:
            out.append(
                f"  geometry repaired with make_valid: {len(self.repaired)} "
                f"({', '.join(self.repaired)})"
            )
        out.extend(f"  warning: {w}" for w in self.warnings)
        return out


@dataclass
class _Feature:
    index: int
    code: str
    name: str
    geometry: BaseGeometry
    parent_hint: str | None
    repaired: bool


# --- geometry helpers --------------------------------------------------------------


@lru_cache(maxsize=1)
def _to_etrs89_utm32() -> Transformer:
    return Transformer.from_crs("EPSG:4326", "EPSG:25832", always_xy=True)


def area_km2(geom: BaseGeometry) -> float:
    """Area in km², measured in ETRS89 / UTM 32N (EPSG:25832), the German standard."""
    projected = shapely.transform(geom, lambda xy: _xy(_to_etrs89_utm32(), xy))
    return float(projected.area) / 1_000_000.0


def _xy(transformer: Transformer, coords):  # numpy (n, 2) → (n, 2)
    import numpy as np

    x, y = transformer.transform(coords[:, 0], coords[:, 1])
    return np.column_stack([x, y])


def polygonal_part(geom: BaseGeometry) -> BaseGeometry:
    """Only the polygons of ``geom`` (make_valid may add lines or points)."""
    if isinstance(geom, Polygon | MultiPolygon):
        return geom
    parts = []
    for part in getattr(geom, "geoms", []):
        if isinstance(part, Polygon):
            parts.append(part)
        elif isinstance(part, MultiPolygon):
            parts.extend(part.geoms)
    if not parts:
        return Polygon()
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def repair(geom: BaseGeometry) -> tuple[BaseGeometry, bool]:
    """``(valid polygonal geometry, whether it had to be repaired)``."""
    if geom.is_valid:
        return geom, False
    return polygonal_part(shapely.make_valid(geom)), True


def geometry_fields(geom: BaseGeometry) -> dict[str, Any]:
    """The Area fields derived from a (valid, WGS84) geometry.

    The centroid is used as the area's point unless it falls outside the area
    (a crescent-shaped district); then the representative point, which is always
    inside, is used instead.
    """
    point = geom.centroid
    if not geom.contains(point):
        point = geom.representative_point()
    min_lon, min_lat, max_lon, max_lat = geom.bounds
    return {
        "geometry": json.loads(shapely.to_geojson(geom)),
        "centroid_lon": round(point.x, 7),
        "centroid_lat": round(point.y, 7),
        "min_lon": min_lon,
        "min_lat": min_lat,
        "max_lon": max_lon,
        "max_lat": max_lat,
        "area_km2": round(area_km2(geom), 4),
    }


# --- reading -----------------------------------------------------------------------


def read_geojson(path: Path | str) -> dict:
    """Parse a GeoJSON FeatureCollection (UTF-8 with or without BOM)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise LoadError(f"{path}: file not found")
    except UnicodeDecodeError as exc:
        raise LoadError(f"{path}: not UTF-8 (byte {exc.start}): {exc.reason}")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LoadError(
            f"{path}: malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        )
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise LoadError(f"{path}: not a GeoJSON FeatureCollection")
    if not isinstance(data.get("features"), list):
        raise LoadError(f"{path}: FeatureCollection without a 'features' list")
    crs_name = (((data.get("crs") or {}).get("properties") or {}).get("name") or "").lower()
    if crs_name and crs_name not in WGS84_CRS_NAMES:
        raise LoadError(
            f"{path}: coordinate reference system {crs_name!r} is not WGS84 lon/lat; "
            "reproject the file to EPSG:4326 first"
        )
    return data


def _check_lon_lat(geom: BaseGeometry, where: str) -> None:
    min_x, min_y, max_x, max_y = geom.bounds
    if not all(math.isfinite(v) for v in (min_x, min_y, max_x, max_y)):
        raise LoadError(f"{where}: coordinates are not finite numbers")
    if min_x < -180 or max_x > 180 or min_y < -90 or max_y > 90:
        raise LoadError(
            f"{where}: coordinates are not WGS84 lon/lat (bounds {min_x:.1f}, {min_y:.1f}, "
            f"{max_x:.1f}, {max_y:.1f}); reproject the file to EPSG:4326 first"
        )


def _property(props: Mapping[str, Any], name: str, where: str) -> str:
    if name not in props:
        known = ", ".join(sorted(props)) or "none"
        raise LoadError(f"{where}: property {name!r} is missing (properties: {known})")
    value = props[name]
    if isinstance(value, list) and len(value) == 1:
        value = value[0]  # opendatasoft exports wrap values in one-element lists
    if value is None or str(value).strip() == "":
        raise LoadError(f"{where}: property {name!r} is empty")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _parse_features(
    path: Path,
    data: dict,
    *,
    level: str,
    code_field: str,
    name_field: str | None,
    names: Mapping[str, str] | None,
    parent_field: str | None,
    code_transform: Callable[[str], str] | None,
) -> list[_Feature]:
    features: list[_Feature] = []
    seen: dict[str, int] = {}
    for index, feature in enumerate(data["features"]):
        where = f"{path}: feature {index}"
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise LoadError(f"{where}: not a GeoJSON Feature")
        props = feature.get("properties") or {}
        code = _property(props, code_field, where)
        if code_transform is not None:
            code = code_transform(code)
        where = f"{path}: feature {index} (code {code})"
        if code in seen:
            raise LoadError(f"{where}: duplicate code, already used by feature {seen[code]}")
        seen[code] = index
        if name_field:
            name = _property(props, name_field, where)
        else:
            name = (names or {}).get(code) or f"{LEVEL_NAME_DE[level][0]} {code}"
        parent_hint = _property(props, parent_field, where) if parent_field else None
        raw = feature.get("geometry")
        if not raw:
            raise LoadError(f"{where}: geometry is missing")
        try:
            geom = shape(raw)
        except Exception as exc:  # shapely raises several types on bad coordinates
            raise LoadError(f"{where}: geometry cannot be read: {exc}")
        if not isinstance(geom, Polygon | MultiPolygon):
            raise LoadError(
                f"{where}: geometry type {geom.geom_type} is not a Polygon or MultiPolygon"
            )
        if geom.is_empty:
            raise LoadError(f"{where}: geometry is empty")
        _check_lon_lat(geom, where)
        geom, repaired = repair(geom)
        if geom.is_empty or geom.area == 0:
            raise LoadError(f"{where}: geometry is invalid and make_valid leaves no polygon")
        features.append(_Feature(index, code, name, geom, parent_hint, repaired))
    if not features:
        raise LoadError(f"{path}: the FeatureCollection has no features")
    return features


# --- parents -----------------------------------------------------------------------


def root_area(*, tenant: Tenant) -> Area | None:
    """The tenant's Kommune or Kreis area, if loaded."""
    return (
        Area.all_tenants.filter(tenant=tenant, level__in=ROOT_LEVELS, parent__isnull=True)
        .order_by("id")
        .first()
    )


def _infer_parent_level(tenant: Tenant, level: str) -> str:
    depth = LEVEL_DEPTH[AreaLevel(level)]
    present = set(Area.all_tenants.filter(tenant=tenant).values_list("level", flat=True))
    candidates = [lv for lv in present if LEVEL_DEPTH[AreaLevel(lv)] == depth - 1]
    if len(candidates) != 1:
        raise LoadError(
            f"cannot tell the parent level of {level!r} (found {sorted(candidates) or 'none'}); "
            "give parent_level (--parent-level)"
        )
    return candidates[0]


def _resolve_parents(
    path: Path,
    features: list[_Feature],
    *,
    tenant: Tenant,
    level: str,
    parent_by: str | None,
    parent_level: str | None,
) -> dict[str, int | None]:
    """Parent area id per code; raises LoadError naming the first unknown parent."""
    if parent_by is None:
        root = root_area(tenant=tenant)
        root_id = root.pk if root is not None and root.level != level else None
        return {f.code: root_id for f in features}
    kind, _, arg = parent_by.partition(":")
    if kind not in {"prefix", "field", "contains"}:
        raise LoadError(f"unknown parent rule {parent_by!r}; use prefix:N, field:NAME or contains")
    parent_level = parent_level or _infer_parent_level(tenant, level)
    parents = Area.all_tenants.filter(tenant=tenant, level=parent_level)
    result: dict[str, int | None] = {}
    if kind == "contains":
        index = AreaIndex(
            [AreaShape(a.pk, a.level, a.geometry) for a in parents.exclude(geometry=None)]
        )
        if not len(index):
            raise LoadError(f"{path}: no {parent_level} areas with geometry to contain features")
        for f in features:
            point = f.geometry.representative_point()
            hits = index.areas_containing(point.x, point.y)
            if not hits:
                raise LoadError(
                    f"{path}: feature {f.index} (code {f.code}): unknown parent — no "
                    f"{parent_level} area contains it"
                )
            result[f.code] = hits[0]
        return result
    by_code = dict(parents.values_list("code", "id"))
    for f in features:
        if kind == "prefix":
            try:
                n = int(arg)
            except ValueError:
                raise LoadError(f"parent rule {parent_by!r}: N must be a number")
            parent_code = f.code[:n]
        else:
            parent_code = f.parent_hint or ""
        if parent_code not in by_code:
            raise LoadError(
                f"{path}: feature {f.index} (code {f.code}): unknown parent code "
                f"{parent_code!r} at level {parent_level}"
            )
        result[f.code] = by_code[parent_code]
    return result


# --- writing -----------------------------------------------------------------------


def _upsert(
    *, tenant: Tenant, level: str, code: str, values: dict[str, Any], report: AreaLoadReport
) -> Area:
    area = Area.all_tenants.filter(tenant=tenant, level=level, code=code).first()
    if area is None:
        report.created += 1
        return Area.all_tenants.create(tenant=tenant, level=level, code=code, **values)
    changed = [k for k, v in values.items() if _field_value(area, k) != v]
    if changed:
        for k in changed:
            setattr(area, k, values[k])
        area.save(update_fields=[*changed, "updated_at"])
        report.updated += 1
    else:
        report.unchanged += 1
    return area


def _field_value(area: Area, name: str) -> Any:
    return area.parent_id if name == "parent_id" else getattr(area, name)


def load_areas(
    *,
    tenant: Tenant,
    path: Path | str,
    level: str,
    code_field: str,
    name_field: str | None,
    parent_by: str | None = None,
    parent_level: str | None = None,
    source: str = "",
    code_transform: Callable[[str], str] | None = None,
    names: Mapping[str, str] | None = None,
) -> AreaLoadReport:
    """Load (upsert by tenant, level, code) the polygons of a GeoJSON file as areas.

    ``parent_by``: ``"prefix:N"`` (parent code = first N characters of the code),
    ``"field:NAME"`` (a property holds the parent's code), ``"contains"`` (the
    ``parent_level`` area containing the feature's representative point) or
    ``None`` (the tenant's root area, if one exists). Without ``name_field`` names
    come from ``names`` (code → name) or default to "<level> <code>".
    Idempotent; all or nothing (raises ``LoadError``, writes nothing).
    """
    path = Path(path)
    level = AreaLevel(level).value
    data = read_geojson(path)
    parent_field = (
        parent_by.split(":", 1)[1] if parent_by and parent_by.startswith("field:") else None
    )
    features = _parse_features(
        path,
        data,
        level=level,
        code_field=code_field,
        name_field=name_field,
        names=names,
        parent_field=parent_field,
        code_transform=code_transform,
    )
    parents = _resolve_parents(
        path, features, tenant=tenant, level=level, parent_by=parent_by, parent_level=parent_level
    )
    report = AreaLoadReport(level=level, file=str(path))
    with transaction.atomic():
        for f in features:
            values = {
                "name": f.name,
                "parent_id": parents[f.code],
                "source": source or path.name,
                **geometry_fields(f.geometry),
            }
            _upsert(tenant=tenant, level=level, code=f.code, values=values, report=report)
            if f.repaired:
                report.repaired.append(f.code)
    others = (
        Area.all_tenants.filter(tenant=tenant, level=level)
        .exclude(code__in=[f.code for f in features])
        .count()
    )
    if others:
        report.warnings.append(
            f"{others} existing {level} area(s) are not in this file and were kept unchanged"
        )
    return report


def derive_union_level(
    *,
    tenant: Tenant,
    child_level: str,
    parent_level: str,
    code_length: int,
    name_template: str = "Stadtbezirk {code}",
    source: str = "",
) -> AreaLoadReport:
    """Create the ``parent_level`` areas as unions of their children.

    Children are grouped by the first ``code_length`` characters of their code
    (Düsseldorf: Stadtbezirk = first two digits of the Stadtteil number). Names
    use ``name_template`` with ``{code}`` = the group code without leading zeros
    ("Stadtbezirk 1") and ``{code_raw}`` = as is ("01"). Sets the children's
    parent; the new areas hang under the tenant's root area, if one exists.
    """
    child_level = AreaLevel(child_level).value
    parent_level = AreaLevel(parent_level).value
    children = list(Area.all_tenants.filter(tenant=tenant, level=child_level).order_by("code"))
    if not children:
        raise LoadError(f"no {child_level} areas to unite for tenant {tenant.slug}")
    groups: dict[str, list[Area]] = {}
    for child in children:
        if len(child.code) < code_length:
            raise LoadError(
                f"{child_level} {child.code}: code shorter than {code_length} characters"
            )
        groups.setdefault(child.code[:code_length], []).append(child)
    root = root_area(tenant=tenant)
    report = AreaLoadReport(level=parent_level, file=f"union of {child_level}")
    with transaction.atomic():
        for code, members in sorted(groups.items()):
            geoms = [shape(c.geometry) for c in members if c.geometry]
            union, repaired = repair(shapely.union_all(geoms)) if geoms else (None, False)
            values: dict[str, Any] = {
                "name": name_template.format(code=code.lstrip("0") or "0", code_raw=code),
                "parent_id": root.pk if root is not None else None,
                "source": source or f"Vereinigung der {LEVEL_NAME_DE[child_level][1]}",
            }
            if union is not None and not union.is_empty:
                values.update(geometry_fields(union))
            parent = _upsert(
                tenant=tenant, level=parent_level, code=code, values=values, report=report
            )
            if repaired:
                report.repaired.append(code)
            Area.all_tenants.filter(pk__in=[c.pk for c in members]).exclude(
                parent_id=parent.pk
            ).update(parent_id=parent.pk)
    return report


def ensure_root_area(
    *,
    tenant: Tenant,
    level: str,
    code: str,
    name: str,
    geometry_from_children: bool = True,
    source: str = "",
) -> AreaLoadReport:
    """Create or update the tenant's root (Kommune or Kreis) area.

    With ``geometry_from_children`` its geometry is the union of the shallowest
    level below it that has areas. Every parentless area of that level is attached
    to the root.
    """
    level = AreaLevel(level).value
    if AreaLevel(level) not in ROOT_LEVELS:
        raise LoadError(f"a root area must be a Kommune or Kreis, not {level!r}")
    below = [
        lv
        for lv in Area.all_tenants.filter(tenant=tenant)
        .exclude(level=level)
        .values_list("level", flat=True)
        .distinct()
    ]
    child_level = min(below, key=lambda lv: LEVEL_DEPTH[AreaLevel(lv)]) if below else None
    report = AreaLoadReport(level=level, file="root area")
    values: dict[str, Any] = {"name": name, "parent_id": None, "source": source}
    with transaction.atomic():
        if geometry_from_children and child_level is not None:
            geoms = [
                shape(g)
                for g in Area.all_tenants.filter(tenant=tenant, level=child_level)
                .exclude(geometry=None)
                .values_list("geometry", flat=True)
            ]
            if geoms:
                union, repaired = repair(shapely.union_all(geoms))
                values.update(geometry_fields(union))
                values["source"] = source or f"Vereinigung der {LEVEL_NAME_DE[child_level][1]}"
                if repaired:
                    report.repaired.append(code)
        root = _upsert(tenant=tenant, level=level, code=code, values=values, report=report)
        if child_level is not None:
            Area.all_tenants.filter(tenant=tenant, level=child_level, parent__isnull=True).exclude(
                pk=root.pk
            ).update(parent_id=root.pk)
    return report
