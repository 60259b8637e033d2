"""Building template files for the import tests."""

from __future__ import annotations

import csv
import io

from praevnav.exchange.template.columns import HEADERS

BASE = {
    "Angebots-ID": "T-1",
    "Titel": "Elterncafé Nord",
    "Beschreibung": "Offener Treff für Eltern mit Babys.",
    "Träger": "Familienhilfe Nord e. V.",
    "Präventionsdimensionen": "erziehung|gesundheit",
    "Alter von (Monate)": "0",
    "Alter bis (Monate)": "3 J",
    "Standort-Name": "Familienzentrum Nord",
    "Straße": "Nordstraße 1",
    "PLZ": "40477",
    "Ort": "Düsseldorf",
    "Breitengrad": "51,2055",
    "Längengrad": "6,7855",
    "Zeiten": "Mo 09:00-12:00; Mi 14:00-17:00 (nur Schulzeit)",
}


def row(**changes) -> dict:
    """A valid template row; keyword names use _ for blanks and -, e.g. Angebots_ID."""
    out = dict(BASE)
    for key, value in changes.items():
        out[_header(key)] = value
    return out


def _header(key: str) -> str:
    if key in HEADERS:
        return key
    for header in HEADERS:
        if (
            header.replace("-", "_")
            .replace(" ", "_")
            .replace("/", "_")
            .replace("(", "")
            .replace(")", "")
            == key
        ):
            return header
    raise KeyError(key)


def csv_bytes(rows: list[dict], *, delimiter: str = ";", encoding: str = "utf-8-sig") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for r in rows:
        writer.writerow([r.get(h, "") for h in HEADERS])
    return out.getvalue().encode(encoding)
