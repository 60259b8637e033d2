"""The real areas and statistics of the demo tenants, read from ``PRAEVNAV_DATA_DIR``.

Düsseldorf: Kommune → 10 Stadtbezirke (union of the Stadtteile by the first two
digits of their number) → 50 Stadtteile (2025) → 171 Sozialräume (2021), with the
age bands per Wohnquartier (2022, 2024), the Stadtteil population 2012–2024, the
Quartiersatlas (2021) and the migration statistics (2020–2024).
Kreis Düren: Kreis → 15 Gemeinden with their 2011 population (the newest figures
found; see the data README).

Both functions are idempotent: a second run updates nothing that did not change.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.db import transaction

from praevnav.core.models import Tenant
from praevnav.geography.indicators import load_indicators, population_consistency
from praevnav.geography.loaders import (
    LoadError,
    derive_union_level,
    ensure_root_area,
    load_areas,
)
from praevnav.geography.models import Area

DUESSELDORF_CODE = "05111000"
KREIS_DUEREN_CODE = "05358"
SOURCE_DUS = "Landeshauptstadt Düsseldorf, Open Data (dl-de/zero-2.0)"
SOURCE_BKG = "© GeoBasis-DE / BKG 2023 (VG250, via opendatasoft), dl-de/by-2.0"


def _require(path: Path) -> Path:
    if not path.exists():
        raise LoadError(
            f"{path}: file not found — set PRAEVNAV_DATA_DIR to the reference data "
            "directory (see docs/data.md)"
        )
    return path


#: Glyph references left by the PDF extraction of the Quartiersatlas (ligatures).
PDF_GLYPHS = {"(cid:192)": "fl", "(cid:193)": "fi", "(cid:194)": "ff"}


def clean_pdf_text(text: str) -> str:
    """Undo ligature artefacts such as “Gewerbe(cid:192)ächen” → “Gewerbeflächen”."""
    for glyph, letters in PDF_GLYPHS.items():
        text = text.replace(glyph, letters)
    return " ".join(text.split())


def sozialraum_names(path: Path) -> dict[str, str]:
    """Sozialraum names from the Quartiersatlas CSV (the GeoJSON has none)."""
    with _require(path).open(encoding="utf-8-sig", newline="") as handle:
        return {
            row["Sozialraum-ID"].strip().zfill(6): clean_pdf_text(row["Name"])
            for row in csv.DictReader(handle, delimiter=";")
            if row.get("Name", "").strip()
        }


@transaction.atomic
def load_duesseldorf_geodata(*, tenant: Tenant, data_dir: Path | str) -> dict[str, Any]:
    """Load Düsseldorf's areas and statistics for ``tenant``; returns the reports."""
    base = Path(data_dir) / "duesseldorf"
    stat = base / "statistik"
    reports: dict[str, Any] = {}
    bezirke_exist = Area.all_tenants.filter(tenant=tenant, level="stadtbezirk").exists()
    reports["stadtteile"] = load_areas(
        tenant=tenant,
        path=_require(base / "stadtteile_2025_wgs84.geojson"),
        level="stadtteil",
        code_field="Nummer",
        name_field="Name",
        # On a re-run the Bezirke exist; keep the Stadtteile under them.
        parent_by="prefix:2" if bezirke_exist else None,
        parent_level="stadtbezirk" if bezirke_exist else None,
        source=f"Stadtteilgrenzen 2025, {SOURCE_DUS}",
        code_transform=lambda c: c.zfill(3),
    )
    reports["stadtbezirke"] = derive_union_level(
        tenant=tenant,
        child_level="stadtteil",
        parent_level="stadtbezirk",
        code_length=2,
        name_template="Stadtbezirk {code}",
        source=f"Vereinigung der Stadtteile 2025, {SOURCE_DUS}",
    )
    reports["kommune"] = ensure_root_area(
        tenant=tenant,
        level="kommune",
        code=DUESSELDORF_CODE,
        name="Düsseldorf",
        source=f"Vereinigung der Stadtbezirke, {SOURCE_DUS}",
    )
    reports["sozialraeume"] = load_areas(
        tenant=tenant,
        path=_require(base / "sozialraeume_2021_wgs84.geojson"),
        level="sozialraum",
        code_field="SOZIALRAUM_ID",
        name_field=None,
        names=sozialraum_names(stat / "quartiersatlas_2024_sozialraeume.csv"),
        parent_by="prefix:3",
        parent_level="stadtteil",
        source=f"Sozialräume, Stand 31.12.2021, {SOURCE_DUS}",
        code_transform=lambda c: c.zfill(6),
    )
    indicator_files = [
        (
            "bevoelkerung_stadtteile",
            "bevoelkerungsstand_stadtteile_2012_2024.csv",
            "stadtteile-bevoelkerung",
            None,
        ),
        (
            "wohnquartiere_2022",
            "wohnbevoelkerung_alter_wohnquartiere_2022.csv",
            "wohnquartiere-alter",
            2022,
        ),
        (
            "wohnquartiere_2024",
            "wohnbevoelkerung_alter_wohnquartiere_2024.csv",
            "wohnquartiere-alter",
            2024,
        ),
        ("quartiersatlas_2021", "quartiersatlas_2024_sozialraeume.csv", "quartiersatlas", 2021),
        (
            "migration",
            "migrationshintergrund_stadtteile_2020_2024.csv",
            "migration-stadtteile",
            None,
        ),
    ]
    for name, filename, mapping, year in indicator_files:
        reports[name] = load_indicators(
            tenant=tenant,
            path=_require(stat / filename),
            year=year,
            mapping=mapping,
            source=f"{filename}, {SOURCE_DUS}",
        )
    reports["consistency"] = [
        population_consistency(tenant=tenant, year=y) for y in (2021, 2022, 2024)
    ]
    return reports


@transaction.atomic
def load_kreis_dueren_geodata(*, tenant: Tenant, data_dir: Path | str) -> dict[str, Any]:
    """Load the Kreis Düren root area, its 15 Gemeinden and their 2011 population."""
    base = Path(data_dir) / "kreis_dueren"
    reports: dict[str, Any] = {}
    reports["gemeinden"] = load_areas(
        tenant=tenant,
        path=_require(base / "kreis_dueren_gemeinden_2023.geojson"),
        level="gemeinde",
        code_field="ags",
        name_field="name",
        source=f"Gemeindegrenzen 2023, {SOURCE_BKG}",
    )
    reports["kreis"] = ensure_root_area(
        tenant=tenant,
        level="kreis",
        code=KREIS_DUEREN_CODE,
        name="Kreis Düren",
        source=f"Vereinigung der Gemeinden, {SOURCE_BKG}",
    )
    reports["population_2011"] = load_indicators(
        tenant=tenant,
        path=_require(base / "kreis_dueren_gemeinden.csv"),
        year=2011,
        mapping="kreis-dueren-gemeinden",
        source="Kreis Düren, Einwohner 31.12.2011 (Zensus-2011-Basis)",
    )
    return reports
