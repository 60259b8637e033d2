from __future__ import annotations

from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

LEGAL_PAGES = {"impressum", "datenschutz", "barrierefreiheit"}


def home(request: HttpRequest) -> HttpResponse:
    from praevnav.catalogue.selectors import chain_overview

    tenant = getattr(request, "tenant", None)
    overview = chain_overview(tenant=tenant) if tenant is not None else None
    return render(request, "core/home.html", {"overview": overview})


def legal_page(request: HttpRequest, page: str) -> HttpResponse:
    if page not in LEGAL_PAGES:
        raise Http404
    return render(request, f"core/legal/{page}.html")


def health(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "errors/500.html", status=500)
