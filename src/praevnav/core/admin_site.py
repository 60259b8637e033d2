"""Django admin is for administrators only (role Administrator or superuser)."""

from __future__ import annotations

from django.contrib.admin import AdminSite
from django.http import HttpRequest


def restrict_admin_site(site: AdminSite) -> None:
    def has_permission(request: HttpRequest) -> bool:
        user = request.user
        return bool(
            user.is_active
            and user.is_staff
            and user.has_perm("core.access_admin_site", getattr(request, "tenant", None))
        )

    site.has_permission = has_permission  # type: ignore[method-assign]
    site.site_header = "Präventionsnavigator – Administration"
    site.site_title = "Präventionsnavigator"
