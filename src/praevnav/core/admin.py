from django.contrib import admin

from praevnav.core.admin_site import AdministratorPermissionsMixin
from praevnav.core.models import AuditEntry, Tenant


def _scope_ids(request) -> list[int]:
    tenant = getattr(request, "tenant", None)
    return tenant.scope_ids() if tenant is not None else []


@admin.register(Tenant)
class TenantAdmin(AdministratorPermissionsMixin, admin.ModelAdmin):
    """Administrators see and edit their own tenant and its member towns; only a
    superuser creates or deletes tenants (normally with `praevnav create-tenant`)."""

    list_display = ("name", "slug", "kind", "parent")
    list_filter = ("kind",)
    search_fields = ("name", "slug")

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(pk__in=_scope_ids(request))

    def in_scope(self, request, obj) -> bool:
        return request.user.is_superuser or obj.pk in _scope_ids(request)

    def has_add_permission(self, request, *args) -> bool:
        return request.user.is_superuser and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser and super().has_delete_permission(request, obj)


@admin.register(AuditEntry)
class AuditEntryAdmin(AdministratorPermissionsMixin, admin.ModelAdmin):
    """The audit log is read-only, and an administrator reads only the own tenant's."""

    list_display = ("at", "tenant", "actor", "channel", "action", "object_type", "object_id")
    list_filter = ("channel", "action")
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(tenant_id__in=_scope_ids(request))

    def in_scope(self, request, obj) -> bool:
        return request.user.is_superuser or obj.tenant_id in _scope_ids(request)

    def has_add_permission(self, request, *args) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
