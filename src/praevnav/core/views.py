from __future__ import annotations

import logging
from datetime import date

from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader

logger = logging.getLogger(__name__)

LEGAL_PAGES = {"impressum", "datenschutz", "barrierefreiheit"}
# When the legal texts were last reviewed; shown as "Stand" on each page.
LEGAL_REVIEWED_ON = date(2026, 11, 21)


def legal_page(request: HttpRequest, page: str) -> HttpResponse:
    if page not in LEGAL_PAGES:
        raise Http404
    return render(request, f"core/legal/{page}.html", {"reviewed_on": LEGAL_REVIEWED_ON})


def health(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def error_500(request: HttpRequest) -> HttpResponse:
    """Render without the request: no context processors, no database, no session.

    Whatever broke the request (often the database) must not break the error page too.
    """
    try:
        html = loader.render_to_string("errors/500.html")
    except Exception:  # pragma: no cover - last resort, must never raise
        logger.exception("The 500 page itself failed to render.")
        html = (
            "<!DOCTYPE html><html lang='de'><head><meta charset='utf-8'>"
            "<title>Fehler</title></head><body><main><h1>Ein Fehler ist aufgetreten</h1>"
            "<p>Bitte versuchen Sie es später erneut.</p></main></body></html>"
        )
    return HttpResponseServerError(html)
