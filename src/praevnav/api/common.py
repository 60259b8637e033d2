"""Helpers shared by the endpoints: tenant, language, flags and parameter docs."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation

from praevnav.api.errors import bad_parameter, not_found
from praevnav.core.models import Tenant

LANGUAGES = ("de", "en")
FLAG_TRUE = {"1", "true", "yes", "on"}
FLAG_FALSE = {"0", "false", "no", "off", ""}


def request_tenant(request: HttpRequest) -> Tenant:
    """The tenant the middleware resolved (``?tenant=``, host, session or default)."""
    tenant = getattr(request, "tenant", None)
    if tenant is None:
        raise not_found(
            f"No municipality is configured as default ({settings.DEFAULT_TENANT!r}); "
            "pass tenant=<slug>.",
            "tenant",
        )
    return tenant


def single(request: HttpRequest, name: str, max_length: int = 200) -> str:
    """One value of a parameter that must not be repeated."""
    values = request.GET.getlist(name)
    if len(values) > 1:
        raise bad_parameter(name, f"Give {name} at most once.")
    value = values[0].strip() if values else ""
    if len(value) > max_length:
        raise bad_parameter(name, f"{name} is longer than {max_length} characters.")
    return value


def flag(request: HttpRequest, name: str) -> bool:
    value = single(request, name, 10).lower()
    if value in FLAG_TRUE:
        return True
    if value in FLAG_FALSE:
        return False
    raise bad_parameter(name, f"{name} must be 1 or 0.")


@contextmanager
def response_language(request: HttpRequest) -> Iterator[str]:
    """Labels in ``?lang=`` (de or en); otherwise the site's language (German first)."""
    lang = single(request, "lang", 10).lower()
    if lang and lang not in LANGUAGES:
        raise bad_parameter("lang", "lang must be one of: de, en.")
    with translation.override(lang or translation.get_language() or settings.LANGUAGE_CODE):
        yield lang


def query_param(
    name: str,
    description: str,
    schema: dict[str, Any] | None = None,
    *,
    repeatable: bool = False,
    example: Any = None,
) -> dict[str, Any]:
    """An OpenAPI 3 query parameter object."""
    schema = dict(schema or {"type": "string"})
    param: dict[str, Any] = {"name": name, "in": "query", "required": False}
    if repeatable:
        param["schema"] = {"type": "array", "items": schema}
        param["style"] = "form"
        param["explode"] = True
        description += f" Repeatable: one value per occurrence (`?{name}=a&{name}=b`)."
    else:
        param["schema"] = schema
    param["description"] = description
    if example is not None:
        param["example"] = example
    return param


TENANT_PARAM = query_param(
    "tenant",
    "Slug of the municipality (Gebietskörperschaft, e.g. `duesseldorf`, `kreis-dueren`). "
    "Default: the installation's default tenant (or the host name's). Unknown slug: 404.",
    {"type": "string", "maxLength": 60, "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$"},
)
LANG_PARAM = query_param(
    "lang",
    "Language of labels and names: `de` (default, German first) or `en`. Error messages "
    "are always English.",
    {"type": "string", "enum": list(LANGUAGES)},
)
COMMON_PARAMS = [TENANT_PARAM, LANG_PARAM]
