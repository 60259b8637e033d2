"""Admin of the vocabularies, life phases and transitions of a tenant."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from praevnav.core.admin_site import TenantScopedAdmin
from praevnav.taxonomy.models import LifePhase, Term, Transition


@admin.register(Term)
class TermAdmin(TenantScopedAdmin):
    list_display = ("name", "name_en", "vocabulary", "code", "parent", "position", "is_active")
    list_filter = ("vocabulary", "is_active", "tenant")
    list_editable = ("position", "is_active")
    list_select_related = ("parent",)
    search_fields = ("name", "name_en", "code", "hsds_id")
    autocomplete_fields = ("parent",)
    ordering = ("vocabulary", "position", "name")


@admin.register(LifePhase)
class LifePhaseAdmin(TenantScopedAdmin):
    list_display = (
        "name",
        "code",
        "position",
        "is_pregnancy",
        "min_age_months",
        "max_age_months",
        "age_range",
    )
    list_filter = ("tenant",)
    search_fields = ("name", "name_en", "code")
    ordering = ("tenant", "position")

    @admin.display(description=_("age (years)"))
    def age_range(self, obj: LifePhase) -> str:
        return obj.age_label


@admin.register(Transition)
class TransitionAdmin(TenantScopedAdmin):
    list_display = ("name", "code", "from_phase", "to_phase", "position")
    list_filter = ("tenant",)
    list_select_related = ("from_phase", "to_phase")
    search_fields = ("name", "name_en", "code")
    ordering = ("tenant", "position")
