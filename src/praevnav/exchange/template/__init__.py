"""The German CSV/XLSX template: one row per offer-location (see docs/import.md)."""
