"""Django admin is for administrators only (role Administrator or superuser).

Access needs an active staff account *and* the permission ``core.access_admin_site``
in the request's tenant (the Administrator role there, or in its Kreis) — a planner
with ``is_staff`` set by mistake still gets no admin. Inside the admin an
administrator may do everything with the rows of the request's tenant scope
(the tenant and its member municipalities): ``TenantScopedAdmin`` lists, opens and
offers as choices only those rows, the same scope the web interface uses. Switch
tenant with ``/admin/?tenant=<slug>`` (remembered in the session).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin import AdminSite
from django.db import models
from django.http import HttpRequest

from praevnav.core.models import Tenant


def admin_access(request: HttpRequest) -> bool:
    """Whether the request's user may use the Django admin at all."""
    user = request.user
    return bool(
        user.is_active
        and user.is_staff
        and user.has_perm("core.access_admin_site", getattr(request, "tenant", None))
    )


def restrict_admin_site(site: AdminSite) -> None:
    site.has_permission = admin_access  # type: ignore[method-assign]
    site.site_header = "Präventionsnavigator – Administration"
    site.site_title = "Präventionsnavigator"


def request_scope_ids(request: HttpRequest) -> list[int]:
    """Tenant ids an administrator works on in this request (none without a tenant)."""
    tenant = getattr(request, "tenant", None)
    return tenant.scope_ids() if tenant is not None else []


class AdministratorPermissionsMixin:
    """Model permissions in the admin follow the admin access check, not Django's
    per-model permission table (roles are our permission model)."""

    def _may(self, request: HttpRequest, obj: Any = None) -> bool:
        return admin_access(request) and (obj is None or self.in_scope(request, obj))

    def in_scope(self, request: HttpRequest, obj: Any) -> bool:
        return True

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._may(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may(request, obj)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self._may(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may(request, obj)


class TenantScopedAdmin(AdministratorPermissionsMixin, admin.ModelAdmin):
    """Admin of a tenant-owned model, limited to the request's tenant scope."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def in_scope(self, request: HttpRequest, obj: Any) -> bool:
        return obj.tenant_id in request_scope_ids(request)

    def get_queryset(self, request: HttpRequest):
        # Explicit, so that it holds even where no tenant context is active.
        qs = super().get_queryset(request)
        return qs.filter(tenant_id__in=request_scope_ids(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "tenant":
            kwargs["queryset"] = Tenant.objects.filter(pk__in=request_scope_ids(request))
            kwargs.setdefault("initial", getattr(request, "tenant", None))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def changelist_view(self, request: HttpRequest, extra_context=None):
        # ``?tenant=`` selects the tenant (middleware); it is no list filter here.
        if "tenant" in request.GET:
            request.GET = request.GET.copy()
            del request.GET["tenant"]
        return super().changelist_view(request, extra_context)


class TenantScopedInline(AdministratorPermissionsMixin):
    """Inline of a tenant-owned model (mix in before TabularInline/StackedInline)."""

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).filter(tenant_id__in=request_scope_ids(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "tenant":
            kwargs["queryset"] = Tenant.objects.filter(pk__in=request_scope_ids(request))
            kwargs.setdefault("initial", getattr(request, "tenant", None))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
