"""Views of the geography app: correcting a location's pin by hand."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from shapely.geometry import mapping, shape

from praevnav.geography.forms import LocationPinForm
from praevnav.geography.geocoding import location_pin_set, tenant_bbox
from praevnav.geography.models import Area, Location

MAP_LEVELS = ["stadtteil", "gemeinde", "stadtbezirk"]


def may_correct_pin(user, location: Location, tenant) -> bool:
    """Planners and administrators, or an editor of the location's own organisation.

    Composed from existing rules (nothing new in accounts/rules.py): ``review_offer`` is
    planer/admin; ``organisation_ids_in`` lists the organisations a Träger editor edits for.
    """
    if not user.is_authenticated or not user.is_active:
        return False
    if user.has_perm("catalogue.review_offer") or user.has_perm("geography.manage"):
        return True
    return (
        location.organisation_id is not None
        and location.organisation_id in user.organisation_ids_in(tenant)
    )


def _map_areas(location: Location, tenant) -> list[dict]:
    """Simplified outlines for the map's base layer: the location's areas, else the
    tenant's coarse areas (nothing is fetched — no tiles needed)."""
    areas = [a for a in location.areas.all() if a.level in MAP_LEVELS and a.geometry]
    if not areas:
        areas = list(
            Area.all_tenants.filter(
                tenant_id__in=tenant.scope_ids(), level__in=["stadtbezirk", "gemeinde"]
            ).exclude(geometry=None)[:60]
        )
    features = []
    for area in areas:
        geometry = shape(area.geometry).simplify(0.0003, preserve_topology=True)
        features.append(
            {"type": "Feature", "properties": {"name": area.name}, "geometry": mapping(geometry)}
        )
    return features


def location_pin(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a location and let an authorised user set its coordinates by hand."""
    tenant = getattr(request, "tenant", None)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if tenant is None:
        raise Http404
    location = (
        Location.all_tenants.filter(tenant_id__in=tenant.scope_ids(), pk=pk)
        .select_related("organisation")
        .first()
    )
    if location is None:
        raise Http404(_("This location does not exist in this municipality."))
    if not may_correct_pin(request.user, location, tenant):
        raise PermissionDenied(
            _("Only the planning office and the provider's editors may move this pin.")
        )
    if request.method == "POST":
        form = LocationPinForm(request.POST)
        if form.is_valid():
            location_pin_set(
                location=location,
                lat=form.cleaned_data["latitude"],
                lon=form.cleaned_data["longitude"],
                by=request.user,
            )
            messages.success(request, _("The pin has been saved."))
            if location.outside_tenant:
                messages.warning(
                    request,
                    _(
                        "The point lies outside the areas of %(tenant)s. It has been saved, "
                        "but the location is counted in no area. Please check the coordinates."
                    )
                    % {"tenant": tenant.name},
                )
            return redirect("geography:location_pin", pk=location.pk)
    else:
        initial = {}
        if location.latitude is not None:
            initial = {"latitude": location.latitude, "longitude": location.longitude}
        form = LocationPinForm(initial=initial)
    bbox = tenant_bbox(tenant=tenant)
    return render(
        request,
        "geography/location_pin.html",
        {
            "location": location,
            "form": form,
            "tile_attribution": settings.TILE_ATTRIBUTION,
            "areas": sorted(location.areas.all(), key=lambda a: (a.depth, a.name)),
            "map_data": {
                "lat": location.latitude,
                "lon": location.longitude,
                "bbox": bbox,
                "areas": {"type": "FeatureCollection", "features": _map_areas(location, tenant)},
            },
        },
    )
