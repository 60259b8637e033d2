"""Open Referral HSDS 3.0: export of published offers and the HSDS API profile.

``ids`` derives the stable UUIDs, ``vocabularies`` the taxonomies and terms,
``serialise`` the nested service objects, ``tabular`` the CSV data package and
``export`` writes a directory (``praevnav export-hsds``). See docs/api.md (HSDS).
"""
