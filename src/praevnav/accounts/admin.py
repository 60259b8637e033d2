from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from praevnav.accounts.models import Membership, Organisation, User


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0


@admin.register(User)
class PraevnavUserAdmin(UserAdmin):
    inlines = [MembershipInline]
    list_display = ("username", "email", "is_active", "is_staff")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "tenant", "is_active")
    list_filter = ("tenant", "is_active")
    search_fields = ("name", "external_id")

    def get_queryset(self, request):
        return Organisation.all_tenants.select_related("tenant")
