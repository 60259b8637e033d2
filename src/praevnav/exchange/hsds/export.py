"""``hsds_export``: a tenant's published offers as HSDS 3.0 JSON and tabular CSV files."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from praevnav.catalogue.selectors import published_offers
from praevnav.core.models import Tenant
from praevnav.exchange.hsds.load import load_bundle
from praevnav.exchange.hsds.serialise import organizations, services_full
from praevnav.exchange.hsds.tabular import flatten, write_tables


@dataclass
class ExportDocument:
    """The JSON parts of one export."""

    services: list[dict]
    organizations: list[dict]
    taxonomies: list[dict]
    taxonomy_terms: list[dict]


@dataclass
class ExportSummary:
    services: int
    organizations: int
    taxonomies: int
    taxonomy_terms: int
    seconds: float
    files: dict[str, int] = field(default_factory=dict)


def hsds_document(*, tenant: Tenant) -> ExportDocument:
    """The tenant's published offers (valid today, not hidden as overdue) in HSDS 3.0,
    built with a fixed number of queries (see ``load.load_bundle``)."""
    bundle = load_bundle(tenant=tenant, offers=published_offers(tenant=tenant))
    services = services_full(bundle)
    # Foreign terms are collected while the services are written: list them after.
    vocab = bundle.vocab
    return ExportDocument(
        services=services,
        organizations=organizations(bundle),
        taxonomies=list(vocab.taxonomies.values()),
        taxonomy_terms=list(vocab.terms.values()),
    )


def _write_json(path: Path, data) -> None:
    # json.dumps uses the C encoder; json.dump to a file would run the Python one (4x slower).
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def hsds_export(*, tenant: Tenant, directory: Path) -> ExportSummary:
    """Write ``services.json`` (full services), ``organizations.json``,
    ``taxonomies.json``, ``taxonomy_terms.json`` and the tabular CSV set with its
    ``datapackage.json`` into ``directory`` (which must exist and be writable)."""
    started = time.perf_counter()
    doc = hsds_document(tenant=tenant)
    _write_json(directory / "services.json", doc.services)
    _write_json(directory / "organizations.json", doc.organizations)
    _write_json(directory / "taxonomies.json", doc.taxonomies)
    _write_json(directory / "taxonomy_terms.json", doc.taxonomy_terms)
    files = write_tables(flatten(doc.services, doc.taxonomies, doc.taxonomy_terms), directory)
    return ExportSummary(
        services=len(doc.services),
        organizations=len(doc.organizations),
        taxonomies=len(doc.taxonomies),
        taxonomy_terms=len(doc.taxonomy_terms),
        seconds=time.perf_counter() - started,
        files=files,
    )
