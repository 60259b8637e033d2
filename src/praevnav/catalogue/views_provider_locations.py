"""Locations of an organisation in the provider workspace: list, create, edit.

Locations are edited directly (no review) and audited; ``Location.save`` assigns the
areas. The pin is placed on the geography app's map page (/standorte/<id>/pin/).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from praevnav.catalogue import selectors_provider as sel
from praevnav.catalogue.forms_offer import ServiceErrorsMixin
from praevnav.catalogue.services_locations import location_save
from praevnav.catalogue.views_provider import chosen_organisation, org_url, workspace
from praevnav.geography.forms import CoordinateField


class LocationForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=250,
        help_text=gettext_lazy("E.g. “Familienzentrum Nord” or “Beratungsstelle Altstadt”."),
    )
    street = forms.CharField(
        label=gettext_lazy("Street and number"), max_length=200, required=False
    )
    postcode = forms.CharField(label=gettext_lazy("Postcode"), max_length=10, required=False)
    city = forms.CharField(label=gettext_lazy("City"), max_length=120, required=False)
    latitude = CoordinateField(
        label=gettext_lazy("Latitude (north)"),
        required=False,
        min_value=-90,
        max_value=90,
        help_text=gettext_lazy(
            "Optional, decimal degrees (WGS84), e.g. 51.2277. Easier: place the pin on the map "
            "after saving."
        ),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    longitude = CoordinateField(
        label=gettext_lazy("Longitude (east)"),
        required=False,
        min_value=-180,
        max_value=180,
        help_text=gettext_lazy("Optional, decimal degrees (WGS84), e.g. 6.7735."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )

    def clean(self) -> dict:
        data = super().clean()
        lat, lon = data.get("latitude"), data.get("longitude")
        if "latitude" in data and "longitude" in data and (lat is None) != (lon is None):
            missing = "longitude" if lon is None else "latitude"
            self.add_error(missing, _("Give both latitude and longitude, or neither."))
        return data


@require_safe
@workspace
def location_list(request: HttpRequest) -> HttpResponse:
    organisation = chosen_organisation(request)
    if organisation is None:
        return redirect("provider:dashboard")
    return render(
        request,
        "catalogue/provider/location_list.html",
        {
            "organisation": organisation,
            "locations": sel.provider_locations(organisation=organisation),
            "dashboard_url": org_url("provider:dashboard", organisation),
            "create_url": org_url("provider:location_create", organisation),
        },
    )


def _location_form(request, *, organisation, location) -> HttpResponse:
    initial = {}
    if location is not None:
        initial = {
            name: getattr(location, name)
            for name in ("name", "street", "postcode", "city", "latitude", "longitude")
        }
    form = LocationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = location_save(
                location=location,
                organisation=organisation,
                data=form.cleaned_data,
                by=request.user,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request, _("The location “%(name)s” has been saved.") % {"name": saved.name}
            )
            if saved.outside_tenant:
                messages.warning(
                    request,
                    _(
                        "The coordinates lie outside the municipality's areas. Please check them "
                        "or place the pin on the map."
                    ),
                )
            return redirect(org_url("provider:location_list", organisation))
    return render(
        request,
        "catalogue/provider/location_form.html",
        {
            "form": form,
            "organisation": organisation,
            "location": location,
            "list_url": org_url("provider:location_list", organisation),
        },
    )


@require_http_methods(["GET", "POST"])
@workspace
def location_create(request: HttpRequest) -> HttpResponse:
    organisation = chosen_organisation(request)
    if organisation is None:
        return redirect("provider:dashboard")
    return _location_form(request, organisation=organisation, location=None)


@require_http_methods(["GET", "POST"])
@workspace
def location_edit(request: HttpRequest, pk: int) -> HttpResponse:
    location = sel.location_for(user=request.user, tenant=request.tenant, pk=pk)
    return _location_form(request, organisation=location.organisation, location=location)
