"""Signals core sends so that domain apps can react without core importing them."""

from django.dispatch import Signal

#: Sent inside the transaction that created a tenant; ``tenant`` is the new tenant.
#: The taxonomy app seeds the default vocabularies on it.
tenant_created = Signal()
