from django.contrib import admin

from praevnav.core.models import AuditEntry, Tenant


@admin.register(Tenant)
class TenantAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "kind", "parent")
    list_filter = ("kind",)
    search_fields = ("name", "slug")


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "tenant", "actor", "channel", "action", "object_type", "object_id")
    list_filter = ("channel", "action")
    readonly_fields = [f.name for f in AuditEntry._meta.fields]
