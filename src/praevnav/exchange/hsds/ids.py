"""Stable HSDS identifiers (UUIDs) for our rows.

HSDS wants a UUID for every object. We derive them with ``uuid5`` from one fixed
namespace and a name ``"<tenant slug>/<object type>/<key>"``, so that every export of
the same data gives the same ids and a re-import of our own export finds its rows
again. ``<key>`` is the primary key, except:

* offers, organisations and locations with an ``external_id``: a valid UUID is used
  unchanged; any other external id gives ``uuid5(NS, "<slug>/<type>/external/<id>")``
  (an import keeps foreign ids that way, and the original is exported as identifier);
* taxonomy terms: ``"<slug>/taxonomy_term/<vocabulary>/<code>"`` (the code is what an
  import matches on, the pk changes when a tenant is set up anew), a UUID ``hsds_id``
  is used unchanged;
* foreign taxonomies and terms (``Offer.external_terms``): the taxonomy name and code.
"""

from __future__ import annotations

import hashlib
import uuid

# Fixed for ever: changing it changes every exported id.
NAMESPACE = uuid.UUID("6f0e4a52-3c1b-5d8e-9a57-1b2c3d4e5f60")


def is_uuid(value: str) -> bool:
    """True for a canonical UUID string (any case, with hyphens)."""
    if not value or len(value) != 36:
        return False
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


_NS_BYTES = NAMESPACE.bytes


def derived(slug: str, kind: str, key: object) -> str:
    """``str(uuid.uuid5(NAMESPACE, "<slug>/<kind>/<key>"))``, computed without ``UUID``
    objects: an export derives a few hundred thousand ids, and this is 3x faster."""
    name = f"{slug}/{kind}/{key}".encode()
    # SHA-1 is what RFC 4122 prescribes for version 5; no security rests on it.
    digest = bytearray(hashlib.sha1(_NS_BYTES + name, usedforsecurity=False).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def record_id(slug: str, kind: str, pk: int, external_id: str = "") -> str:
    """The id of an offer (``service``), organisation or location (rule: module doc)."""
    if external_id:
        if is_uuid(external_id):
            return external_id.lower()
        return derived(slug, kind, f"external/{external_id}")
    return derived(slug, kind, pk)


def service_id(slug: str, pk: int, external_id: str = "") -> str:
    return record_id(slug, "service", pk, external_id)


def organization_id(slug: str, pk: int, external_id: str = "") -> str:
    return record_id(slug, "organization", pk, external_id)


def location_id(slug: str, pk: int, external_id: str = "") -> str:
    return record_id(slug, "location", pk, external_id)


def taxonomy_id(slug: str, taxonomy: str) -> str:
    return derived(slug, "taxonomy", taxonomy)


def term_id(slug: str, taxonomy: str, code: str, hsds_id: str = "") -> str:
    if is_uuid(hsds_id):
        return hsds_id.lower()
    return derived(slug, "taxonomy_term", f"{taxonomy}/{code}")
