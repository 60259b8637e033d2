"""Forms of the geography app: correcting a location's pin by hand."""

from __future__ import annotations

import math

from django import forms
from django.utils.translation import gettext_lazy as _


class CoordinateField(forms.FloatField):
    """A float that accepts a German decimal comma (“51,2277”) as well as a point."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        number = super().to_python(value)
        if number is not None and not math.isfinite(number):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number


class LocationPinForm(forms.Form):
    latitude = CoordinateField(
        label=_("Latitude (north)"),
        min_value=-90,
        max_value=90,
        help_text=_("Decimal degrees (WGS84), e.g. 51.2277."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    longitude = CoordinateField(
        label=_("Longitude (east)"),
        min_value=-180,
        max_value=180,
        help_text=_("Decimal degrees (WGS84), e.g. 6.7735."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
