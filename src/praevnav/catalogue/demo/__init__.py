"""Demo data: the deterministic offer generator, the real integration-counselling
offers of Düsseldorf and the loader behind ``praevnav load-demo``.

Modules: ``records`` (plain dataclasses), ``kinds*`` (offer templates), ``vocab``
(word lists), ``providers`` (regions and provider names), ``places`` (points and
streets), ``text`` (descriptions, schedules), ``generator`` (pure generation),
``real_offers`` (the open-data CSV), ``loader`` (persisting everything).
"""
