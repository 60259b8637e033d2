"""The one guard of every page that needs a permission in the request's tenant."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse


def tenant_permission_required(perm: str) -> Callable[[Callable], Callable]:
    """Anonymous visitors go to the login page; users without ``perm`` in the request's
    tenant (or a request without a tenant) get a 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            tenant = getattr(request, "tenant", None)
            if tenant is None or not request.user.has_perm(perm, tenant):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
