"""Parsers for Open Referral HSDS 3.0 input: JSON and the tabular (CSV) format.

Both return an ``exchange.records.ParseResult``; the import pipeline
(``exchange.importing``) resolves codes and writes. See ``mapping`` for how HSDS fields
become offer fields.
"""

from praevnav.exchange.hsds_import.csv_format import parse_hsds_csv
from praevnav.exchange.hsds_import.json_format import parse_hsds_json

__all__ = ["parse_hsds_csv", "parse_hsds_json"]
