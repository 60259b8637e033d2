"""The import pipeline: plan (resolve, validate, compare; nothing written) and apply.

``import_plan`` turns a ``ParseResult`` of any format into an ``ImportPlan``;
``import_apply`` writes it all or nothing. ``ImportReport`` is what the page, the
command and ``--json`` show.
"""

from praevnav.exchange.importing.apply import import_apply
from praevnav.exchange.importing.plan import ImportPlan, import_plan
from praevnav.exchange.importing.report import ImportReport

__all__ = ["ImportPlan", "ImportReport", "import_apply", "import_plan"]
