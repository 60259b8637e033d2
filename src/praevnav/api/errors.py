"""Errors of the API: every failure is JSON ``{"detail": …, "parameter": …}``.

``detail`` is a sentence for the developer who reads it (English); ``parameter`` names
the query or path parameter at fault, so clients can react without parsing text.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.http import Http404, HttpRequest, HttpResponse
from ninja.errors import HttpError, ValidationError

if TYPE_CHECKING:
    from ninja import NinjaAPI

logger = logging.getLogger(__name__)


class ApiError(Exception):
    """An answer other than 200, raised anywhere below a view."""

    def __init__(self, status: int, detail: str, parameter: str | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.parameter = parameter


def bad_parameter(parameter: str, detail: str) -> ApiError:
    """A 400 naming ``parameter``; the name is put in front unless the text has it."""
    if parameter not in detail:
        detail = f"{parameter}: {detail}"
    return ApiError(400, detail, parameter)


def not_found(detail: str, parameter: str | None = None) -> ApiError:
    return ApiError(404, detail, parameter)


def error_body(detail: str, parameter: str | None = None) -> dict:
    return {"detail": detail, "parameter": parameter}


def install_handlers(api: NinjaAPI) -> None:
    """JSON for our errors, ninja's validation errors, 404s and unexpected failures."""

    def on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return api.create_response(
            request, error_body(exc.detail, exc.parameter), status=exc.status
        )

    def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        # The views parse their parameters themselves; this is the safety net for
        # anything ninja validates (it would answer 422 with pydantic's list).
        first = exc.errors[0] if exc.errors else {}
        loc = [str(p) for p in first.get("loc", ()) if p not in ("query", "path", "body")]
        parameter = loc[0] if loc else None
        message = str(first.get("msg", "invalid value"))
        return on_api_error(request, bad_parameter(parameter or "request", message))

    def on_404(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, error_body("Not found."), status=404)

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return api.create_response(request, error_body(str(exc)), status=exc.status_code)

    def on_exception(request: HttpRequest, exc: Exception) -> HttpResponse:
        # Still a bug (tests assert no 500), but the client gets JSON, and the log
        # the traceback.
        logger.exception("API request failed: %s", request.path)
        return api.create_response(
            request, error_body("Internal error. It has been logged."), status=500
        )

    api.add_exception_handler(ApiError, on_api_error)
    api.add_exception_handler(ValidationError, on_validation_error)
    api.add_exception_handler(Http404, on_404)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(Exception, on_exception)
