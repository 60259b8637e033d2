from django.conf import settings
from django.http import HttpRequest

from praevnav.core.models import Tenant


def tenant(request: HttpRequest) -> dict:
    return {
        "tenant": getattr(request, "tenant", None),
        "all_tenants": Tenant.objects.filter(parent__isnull=True).order_by("name")
        if getattr(request, "tenant", None) is not None
        else [],
        "tile_url": settings.TILE_URL,
    }
