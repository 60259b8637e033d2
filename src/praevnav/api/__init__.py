"""The public read API (JSON, OpenAPI 3) at ``/api/v1/``: see docs/api.md.

A thin layer: parameters are parsed by the same ``SearchParams`` as the search page,
reads go through the selectors and the search service, and every answer, errors
included, is JSON.
"""
