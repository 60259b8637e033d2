"""Admin of areas, indicators and locations.

Area geometries can be megabytes (the Düsseldorf Sozialräume): lists never load
them, and the form shows a summary instead of the raw GeoJSON (areas are loaded
with ``praevnav load-areas``, not edited by hand). Location areas are assigned
from the coordinates on save and therefore read-only.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from praevnav.core.admin_site import TenantScopedAdmin
from praevnav.geography.models import Area, Indicator, Location


def _vertex_count(coordinates) -> int:
    if not isinstance(coordinates, list) or not coordinates:
        return 0
    if isinstance(coordinates[0], int | float):
        return 1
    return sum(_vertex_count(c) for c in coordinates)


@admin.register(Area)
class AreaAdmin(TenantScopedAdmin):
    list_display = ("name", "code", "level", "parent", "area_km2", "tenant")
    list_filter = ("level", "tenant")
    list_select_related = ("parent", "tenant")
    search_fields = ("name", "code")
    autocomplete_fields = ("parent",)
    exclude = ("geometry",)
    readonly_fields = (
        "geometry_summary",
        "centroid_lon",
        "centroid_lat",
        "min_lon",
        "min_lat",
        "max_lon",
        "max_lat",
        "area_km2",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).defer("geometry")

    @admin.display(description=_("geometry"))
    def geometry_summary(self, obj: Area) -> str:
        if not obj.geometry:
            return "–"
        return f"{obj.geometry.get('type', '?')}, {_vertex_count(obj.geometry.get('coordinates'))}"


@admin.register(Indicator)
class IndicatorAdmin(TenantScopedAdmin):
    list_display = ("area", "year", "key", "value", "suppressed", "source")
    list_filter = ("year", "key", "suppressed", "tenant")
    list_select_related = ("area",)
    search_fields = ("key", "area__name", "area__code")
    autocomplete_fields = ("area",)


@admin.register(Location)
class LocationAdmin(TenantScopedAdmin):
    list_display = (
        "name",
        "organisation",
        "street",
        "postcode",
        "city",
        "latitude",
        "longitude",
        "outside_tenant",
    )
    list_filter = ("outside_tenant", "coordinate_source", "tenant")
    list_select_related = ("organisation",)
    search_fields = ("name", "street", "postcode", "city", "external_id")
    autocomplete_fields = ("organisation",)
    readonly_fields = ("area_names", "outside_tenant")
    exclude = ("areas",)

    @admin.display(description=_("areas"))
    def area_names(self, obj: Location) -> str:
        if obj.pk is None:
            return "–"
        names = Area.all_tenants.filter(locations=obj).order_by("level", "code")
        return ", ".join(f"{a.name} ({a.get_level_display()})" for a in names) or "–"
