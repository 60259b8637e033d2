"""The active tenant of the current request or command.

Tenant-owned querysets read the active tenant from a context variable, set by
``TenantMiddleware`` for web requests and by ``tenant_context`` in commands and
tests. While a tenant is active, the default manager of every tenant-owned model
only returns rows of that tenant (and of its member municipalities, for a Kreis),
so a forgotten filter cannot leak rows across tenants.

Outside any tenant context (commands, migrations) the default manager is
unscoped. A web request is *strict*: if its tenant cannot be resolved, the
default manager returns no rows at all instead of every tenant's rows.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from praevnav.core.models import Tenant

_current: contextvars.ContextVar[Any] = contextvars.ContextVar("praevnav_tenant", default=None)
_strict: contextvars.ContextVar[bool] = contextvars.ContextVar("praevnav_strict", default=False)


def current_tenant() -> Tenant | None:
    """The active tenant, or ``None`` outside any tenant context."""
    return _current.get()


def tenant_required() -> bool:
    """Whether a missing tenant must hide all tenant-owned rows (web requests)."""
    return _strict.get()


def set_current_tenant(tenant: Tenant | None) -> contextvars.Token[Any]:
    return _current.set(tenant)


def reset_current_tenant(token: contextvars.Token[Any]) -> None:
    _current.reset(token)


@contextmanager
def tenant_context(tenant: Tenant | None, *, strict: bool = False) -> Iterator[Tenant | None]:
    """Make ``tenant`` the active tenant inside the ``with`` block.

    ``strict=True`` (used for web requests): with ``tenant=None`` the default
    managers of tenant-owned models return no rows.
    """
    token = _current.set(tenant)
    strict_token = _strict.set(strict)
    try:
        yield tenant
    finally:
        _strict.reset(strict_token)
        _current.reset(token)
