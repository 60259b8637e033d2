"""Admin of offers (administrators; planners and providers use the web interface)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from praevnav.catalogue.models import Offer, OfferTranslation, OpeningSession
from praevnav.core.admin_site import AdministratorPermissionsMixin, TenantScopedAdmin


class OpeningSessionInline(AdministratorPermissionsMixin, admin.TabularInline):
    model = OpeningSession
    extra = 0


class OfferTranslationInline(AdministratorPermissionsMixin, admin.StackedInline):
    model = OfferTranslation
    extra = 0


@admin.register(Offer)
class OfferAdmin(TenantScopedAdmin):
    list_display = (
        "title",
        "organisation",
        "status",
        "age_range",
        "last_confirmed_at",
        "updated_at",
    )
    list_filter = ("status", "pregnancy", "service_area_kind", "tenant")
    list_select_related = ("organisation",)
    search_fields = ("title", "description", "external_id", "organisation__name")
    date_hierarchy = "updated_at"
    autocomplete_fields = ("organisation", "locations", "service_areas")
    filter_horizontal = (
        "dimensions",
        "participants",
        "transitions",
        "target_groups",
        "topics",
        "settings",
        "formats",
        "access_options",
        "languages",
        "accessibility",
        "funding_programmes",
    )
    readonly_fields = ("derived_life_phases", "created_at", "updated_at")
    inlines = [OpeningSessionInline, OfferTranslationInline]
    fieldsets = (
        (None, {"fields": ("tenant", "organisation", "status", "external_id")}),
        (_("Text"), {"fields": ("title", "description", "summary_plain")}),
        (
            _("Who"),
            {
                "fields": (
                    "pregnancy",
                    "age_min_months",
                    "age_max_months",
                    "derived_life_phases",
                    "participants",
                    "target_groups",
                    "transitions",
                )
            },
        ),
        (
            _("What"),
            {
                "fields": (
                    "dimensions",
                    "prevention_level",
                    "topics",
                    "settings",
                    "formats",
                    "evidence_programme",
                    "funding_programmes",
                    "capacity_per_year",
                )
            },
        ),
        (
            _("Access"),
            {
                "fields": (
                    "access_options",
                    "cost_note",
                    "languages",
                    "accessibility",
                    "childcare",
                )
            },
        ),
        (
            _("Where and when"),
            {
                "fields": (
                    "locations",
                    "service_area_kind",
                    "service_areas",
                    "schedule_note",
                    "by_appointment",
                    "closed_on_public_holidays",
                    "valid_from",
                    "valid_until",
                )
            },
        ),
        (
            _("Contacts"),
            {
                "fields": (
                    "public_contact_name",
                    "public_phone",
                    "public_email",
                    "website",
                    "internal_contact_name",
                    "internal_phone",
                    "internal_email",
                    "internal_note",
                )
            },
        ),
        (
            _("Upkeep"),
            {
                "fields": (
                    "last_confirmed_at",
                    "confirmation_interval_months",
                    "created_at",
                    "updated_at",
                )
            },
        ),
    )

    @admin.display(description=_("age (months)"))
    def age_range(self, obj: Offer) -> str:
        lo = "" if obj.age_min_months is None else obj.age_min_months
        hi = "" if obj.age_max_months is None else obj.age_max_months
        prefix = _("pregnancy") + " · " if obj.pregnancy else ""
        return f"{prefix}{lo}–{hi}"

    @admin.display(description=_("life phases (derived)"))
    def derived_life_phases(self, obj: Offer) -> str:
        if obj.pk is None:
            return "–"
        return ", ".join(str(p) for p in obj.life_phases) or "–"
