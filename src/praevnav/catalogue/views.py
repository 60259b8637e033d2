"""Views of the catalogue: the start page with the prevention chain."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from praevnav.catalogue.selectors import chain_overview

# Caption and row header of the start page table, by the chain's area level.
AREA_LEVEL_TEXT = {
    "stadtbezirk": (_("Offers per life phase and borough (Stadtbezirk)"), _("Borough")),
    "gemeinde": (_("Offers per life phase and municipality"), _("Municipality")),
    "stadtteil": (_("Offers per life phase and district (Stadtteil)"), _("District")),
    "sozialraum": (_("Offers per life phase and social area"), _("Social area")),
}
DEFAULT_AREA_TEXT = (_("Offers per life phase and area"), _("Area"))


def home(request: HttpRequest) -> HttpResponse:
    """The tenant's prevention chain: offers per life phase, in total and per area."""
    tenant = getattr(request, "tenant", None)
    overview = chain_overview(tenant=tenant) if tenant is not None else None
    caption, area_header = AREA_LEVEL_TEXT.get(
        overview.area_level if overview else "", DEFAULT_AREA_TEXT
    )
    return render(
        request,
        "catalogue/home.html",
        {
            "overview": overview,
            "rows": overview.rows() if overview else [],
            "table_caption": caption,
            "area_header": area_header,
        },
    )
