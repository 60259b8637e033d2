"""The common shape every import format is parsed into, before validation and writing.

Parsers (template CSV/XLSX, HSDS JSON, HSDS tabular CSV) turn a file into a
``ParseResult``: one ``OfferRecord`` per offer, each remembering where in the file it came
from (``source``: "Zeile 7" / "line 7", or a JSON path such as "$[3]"), plus the
problems found while reading. The import pipeline (``exchange.importing``) resolves codes
against the tenant's vocabularies, matches external ids, and writes all or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass
class Problem:
    """One thing wrong with the input. ``source`` names the line or JSON path, ``field``
    the column or key; ``message`` is a German sentence for the report."""

    source: str
    field: str
    message: str
    severity: Severity = "error"
    # The ``source`` of the OfferRecord the problem belongs to ("" = the file as a
    # whole). Needed where the two differ, e.g. a bad row of schedules.csv belongs to a
    # service of services.csv.
    record: str = ""


@dataclass
class OrganisationRecord:
    name: str
    external_id: str = ""
    description: str = ""
    website: str = ""
    email: str = ""
    phone: str = ""


@dataclass
class LocationRecord:
    name: str
    external_id: str = ""
    street: str = ""
    postcode: str = ""
    city: str = ""
    latitude: float | None = None
    longitude: float | None = None


@dataclass
class OfferRecord:
    """One offer as read from a file.

    ``fields`` holds scalar snapshot fields (see ``catalogue.revisions.SCALAR_FIELDS``)
    with Python values; ``codes`` our own vocabulary codes per offer field
    (``"dimensions": ["bildung"]``, ``"prevention_level": ["universell"]``,
    ``"transitions": [...]``); ``external_terms`` the foreign taxonomy terms
    (``{"taxonomy", "code", "name"}``) that the pipeline maps through ``TermMapping``.
    """

    source: str
    external_id: str
    organisation: OrganisationRecord
    fields: dict = field(default_factory=dict)
    codes: dict[str, list[str]] = field(default_factory=dict)
    external_terms: list[dict] = field(default_factory=list)
    locations: list[LocationRecord] = field(default_factory=list)
    service_area_codes: list[str] = field(default_factory=list)
    # {"weekday": 0-6, "opens": "HH:MM", "closes": "HH:MM", "location_external_id", "note"}
    sessions: list[dict] = field(default_factory=list)
    # {"language", "title", "description", "summary_plain"}
    translations: list[dict] = field(default_factory=list)


@dataclass
class ParseResult:
    records: list[OfferRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]
