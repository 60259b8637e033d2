"""Admin of users, organisations and memberships (administrators only).

A tenant administrator manages the users of the own tenant scope and cannot
escalate: superuser status, Django groups and per-user permissions are read-only
for anybody but a superuser, and memberships can only be granted in the scope.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db.models import Q

from praevnav.accounts.models import Membership, Organisation, User
from praevnav.core.admin_site import (
    AdministratorPermissionsMixin,
    TenantScopedAdmin,
    TenantScopedInline,
    request_scope_ids,
)

ESCALATING_FIELDS = ("is_superuser", "groups", "user_permissions")


class MembershipInline(TenantScopedInline, admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    autocomplete_fields = ("organisation",)


@admin.register(User)
class PraevnavUserAdmin(AdministratorPermissionsMixin, UserAdmin):
    inlines = [MembershipInline]
    list_display = ("username", "email", "is_active", "is_staff", "last_login")
    list_filter = ("is_active", "is_staff", "memberships__role")
    search_fields = ("username", "email", "first_name", "last_name")

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        # Users with a role in the scope, and new users without any role yet.
        return qs.filter(
            Q(memberships__tenant_id__in=request_scope_ids(request)) | Q(memberships__isnull=True)
        ).distinct()

    def in_scope(self, request, obj):
        if request.user.is_superuser:
            return True
        return not obj.is_superuser and self.get_queryset(request).filter(pk=obj.pk).exists()

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ESCALATING_FIELDS
        return fields


@admin.register(Organisation)
class OrganisationAdmin(TenantScopedAdmin):
    list_display = ("name", "short_name", "tenant", "is_active", "updated_at")
    list_filter = ("is_active", "tenant")
    search_fields = ("name", "short_name", "external_id")
    list_select_related = ("tenant",)


@admin.register(Membership)
class MembershipAdmin(TenantScopedAdmin):
    list_display = ("user", "role", "tenant", "organisation", "created_at")
    list_filter = ("role", "tenant")
    search_fields = ("user__username", "user__email", "organisation__name")
    list_select_related = ("user", "tenant", "organisation")
    autocomplete_fields = ("user", "organisation")
