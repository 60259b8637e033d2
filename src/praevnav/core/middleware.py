"""Resolve the tenant of each request (see docs/architecture.md#tenancy).

Order: ``?tenant=<slug>`` parameter (remembered in the session), the host name
(``PRAEVNAV_TENANT_HOSTS``), the session, then ``PRAEVNAV_DEFAULT_TENANT``.
An unknown slug in the parameter is a 404; an unknown slug in the session (a
deleted tenant) or in the host mapping falls back to the default tenant.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.request import split_domain_port
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from praevnav.core.models import Tenant, slug_validator
from praevnav.core.tenancy import tenant_context

SESSION_KEY = "praevnav_tenant"
SLUG_MAX_LENGTH = Tenant._meta.get_field("slug").max_length


API_PREFIX = "/api/"


def _tenant_by_slug(slug: str | None) -> Tenant | None:
    # Only well-formed slugs reach the database (a NUL byte would be a driver error).
    if not slug or len(slug) > SLUG_MAX_LENGTH or not slug_validator.regex.fullmatch(slug):
        return None
    return Tenant.objects.select_related("parent").filter(slug=slug).first()


def _host_slug(request: HttpRequest) -> str | None:
    if not settings.TENANT_HOSTS or not request.META.get("HTTP_HOST"):
        return None
    domain, _port = split_domain_port(request.get_host())
    hosts = {host.lower(): slug for host, slug in settings.TENANT_HOSTS.items()}
    return hosts.get(domain.lower())


def resolve_tenant(request: HttpRequest) -> tuple[Tenant | None, str | None]:
    """Return ``(tenant, unknown_slug)`` for the request."""
    requested = request.GET.get("tenant", "").strip()
    if requested:
        tenant = _tenant_by_slug(requested)
        if tenant is None:
            return None, requested[:200]
        # Pages remember the choice; API calls are stateless.
        if hasattr(request, "session") and not request.path.startswith(API_PREFIX):
            request.session[SESSION_KEY] = tenant.slug
        return tenant, None
    tenant = _tenant_by_slug(_host_slug(request))
    if tenant is None and hasattr(request, "session") and not request.path.startswith(API_PREFIX):
        tenant = _tenant_by_slug(request.session.get(SESSION_KEY))
    if tenant is None:
        tenant = _tenant_by_slug(settings.DEFAULT_TENANT)
    return tenant, None


class TenantMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        tenant, unknown = resolve_tenant(request)
        if unknown is not None:
            request.tenant = None
            if request.path.startswith(API_PREFIX):
                return JsonResponse(
                    {"detail": f"Unknown tenant “{unknown}”.", "parameter": "tenant"},
                    status=404,
                    json_dumps_params={"ensure_ascii": True},
                )
            # The normal 404 page, with the reason; the template escapes the slug.
            message = _(
                "Unknown municipality “%(slug)s”. Please check the address or choose a "
                "municipality from the list."
            ) % {"slug": unknown}
            with tenant_context(None, strict=True):
                return render(request, "errors/404.html", {"message": message}, status=404)
        request.tenant = tenant
        # Strict: should no tenant resolve, tenant-owned querysets return nothing.
        with tenant_context(tenant, strict=True):
            return self.get_response(request)


class GermanFirstLocaleMiddleware(LocaleMiddleware):
    """German unless the user chose another language (cookie set by the language switch).

    Django's LocaleMiddleware would follow the browser's Accept-Language header; a German
    authority's service shows German first, whatever the browser says.
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
