"""The NinjaAPI instance of API v1, mounted at ``/api/v1/`` (see docs/api.md)."""

from __future__ import annotations

import functools
import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import re_path, reverse
from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from praevnav.api import areas, offers, taxonomy
from praevnav.api.common import COMMON_PARAMS
from praevnav.api.errors import error_body, install_handlers
from praevnav.api.schemas import Index

VERSION = "1.0.0"

DESCRIPTION = """\
Read API of the **Präventionsnavigator**: the prevention offers (Angebote) of a German
municipality's prevention chain (Präventionskette), their classifications and the areas
(Gebiete) they are in. Published offers only; no login needed. Internal contact details
appear only for logged-in professionals (Fachkräfte, session cookie).

German terms used in names and values: *Angebot* = offer, *Träger* = provider
(organisation), *Standort* = location, *Gebiet* = area (*Stadtbezirk* borough,
*Stadtteil* district, *Sozialraum* social area, *Gemeinde* member town of a *Kreis*),
*Lebensphase* = life phase (a link of the chain, defined by an age range),
*Übergang* = transition between life phases, *Präventionsdimension* = prevention
dimension (Bildung = education, Gesundheit = health, Erziehung = parenting,
Teilhabe = participation), *Zielgruppe* = target group.

**Tenant.** One installation can serve several municipalities (tenants). Every
endpoint takes `tenant=<slug>`; without it the installation's default tenant answers.

**Errors.** Every error is JSON `{"detail": "...", "parameter": "..."}`: 400 for a bad
parameter (named in `parameter`), 404 for an unknown tenant or offer. Parameters unknown
to an endpoint are ignored.

**Versioning.** Fields may be added within v1; nothing is removed or renamed without a
new version path (`/api/v2/`). See docs/api.md in the repository.
"""


class SafeJSONRenderer(JSONRenderer):
    """JSON with ``<``, ``>`` and ``&`` escaped, so that no response is ever read as HTML."""

    charset = "utf-8"

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> str:
        text = json.dumps(data, cls=self.encoder_class, ensure_ascii=False)
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class PraevnavAPI(NinjaAPI):
    def _get_urls(self):
        patterns = super()._get_urls()
        for pattern in patterns:
            pattern.callback = _json_not_allowed(pattern.callback)
        # Unknown paths below /api/v1/ answer JSON too, not the HTML 404 page.
        return [*patterns, re_path(r"^.*$", _unknown_path)]


def _json_not_allowed(view):
    """Ninja answers a wrong method with a plain-text 405; make it JSON like every error."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            allowed = response.get("Allow", "GET")
            json_response = api.create_response(
                request,
                error_body(f"Method {request.method[:20]} is not allowed here; use {allowed}."),
                status=405,
            )
            json_response["Allow"] = allowed
            return json_response
        return response

    return wrapper


def _unknown_path(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    return api.create_response(
        request,
        error_body(f"No endpoint at {request.path[:200]}. See /api/v1/openapi.json."),
        status=404,
    )


api = PraevnavAPI(
    title="Präventionsnavigator API",
    version=VERSION,
    description=DESCRIPTION,
    urls_namespace="api-v1",
    # Swagger UI would load its scripts from a CDN; the installation fetches nothing at
    # run time, so the OpenAPI document is the documentation.
    docs_url=None,
    renderer=SafeJSONRenderer(),
)
install_handlers(api)


@api.get(
    "/",
    response=Index,
    summary="Index",
    description="Name, version, tenant and the endpoints of this API.",
    tags=["meta"],
    openapi_extra={"parameters": COMMON_PARAMS},
)
def index(request: HttpRequest):
    tenant = getattr(request, "tenant", None)
    base = reverse("api-v1:api-root")
    return {
        "name": "Präventionsnavigator API",
        "version": VERSION,
        "tenant": tenant.slug if tenant else None,
        "openapi": request.build_absolute_uri(reverse("api-v1:openapi-json")),
        "endpoints": [f"{base}{p}" for p in ("offers", "offers/{id}", "areas", "taxonomy")],
    }


api.add_router("", offers.router)
api.add_router("", areas.router)
api.add_router("", taxonomy.router)

__all__ = ["api"]
