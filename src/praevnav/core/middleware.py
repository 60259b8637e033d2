"""Resolve the tenant of each request (see docs/architecture.md#tenancy).

Order: ``?tenant=<slug>`` parameter (remembered in the session), the host name
(``PRAEVNAV_TENANT_HOSTS``), the session, then ``PRAEVNAV_DEFAULT_TENANT``.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.utils.html import escape
from django.utils.translation import gettext as _

from praevnav.core.models import Tenant
from praevnav.core.tenancy import reset_current_tenant, set_current_tenant

SESSION_KEY = "praevnav_tenant"


def resolve_tenant(request: HttpRequest) -> tuple[Tenant | None, str | None]:
    """Return ``(tenant, unknown_slug)`` for the request."""
    requested = request.GET.get("tenant", "").strip()
    if requested:
        tenant = Tenant.objects.filter(slug=requested[:60]).first()
        if tenant is None:
            return None, requested[:60]
        if hasattr(request, "session"):
            request.session[SESSION_KEY] = tenant.slug
        return tenant, None
    host = request.get_host().split(":")[0] if request.META.get("HTTP_HOST") else ""
    slug = settings.TENANT_HOSTS.get(host)
    if not slug and hasattr(request, "session"):
        slug = request.session.get(SESSION_KEY)
    tenant = Tenant.objects.filter(slug=slug).first() if slug else None
    if tenant is None:
        tenant = Tenant.objects.filter(slug=settings.DEFAULT_TENANT).first()
    return tenant, None


class TenantMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        tenant, unknown = resolve_tenant(request)
        if unknown is not None:
            message = _("Unknown tenant “%(slug)s”.") % {"slug": escape(unknown)}
            return HttpResponseNotFound(message, content_type="text/plain; charset=utf-8")
        request.tenant = tenant
        token = set_current_tenant(tenant)
        try:
            return self.get_response(request)
        finally:
            reset_current_tenant(token)
