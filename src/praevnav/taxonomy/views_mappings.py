"""Planner pages for foreign term mappings under /verwaltung/taxonomie/zuordnungen/.

Permission ``taxonomy.manage`` in the request's tenant; the list shows the foreign terms
known to the tenant (mappings and terms seen on offers), the form sets one mapping.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from praevnav.taxonomy import services_mappings
from praevnav.taxonomy.forms_mappings import UNMAPPED, TermMappingForm
from praevnav.taxonomy.models import TermMapping
from praevnav.taxonomy.views import GET_POST, _submit, taxonomy_manager


@require_safe
@taxonomy_manager
def mapping_list(request: HttpRequest) -> HttpResponse:
    terms = services_mappings.foreign_terms(tenant=request.tenant)
    return render(
        request,
        "taxonomy/mappings/list.html",
        {"terms": terms, "open_count": sum(1 for t in terms if t.state == "open")},
    )


@GET_POST
@taxonomy_manager
def mapping_edit(request: HttpRequest) -> HttpResponse:
    """Set the mapping of the foreign term named in the query (or typed in)."""
    initial = {k: request.GET.get(k, "") for k in ("taxonomy", "code", "name")}
    existing = (
        TermMapping.all_tenants.filter(
            tenant=request.tenant, taxonomy=initial["taxonomy"], code=initial["code"]
        ).first()
        if initial["taxonomy"] and initial["code"]
        else None
    )
    if existing is not None:
        initial["term"] = str(existing.term_id) if existing.term_id else UNMAPPED
        initial["name"] = initial["name"] or existing.name
    form = TermMappingForm(request.POST or None, initial=initial, tenant_id=request.tenant.pk)
    outcome = _submit(
        request,
        form,
        lambda data: services_mappings.term_mapping_set(
            tenant=request.tenant, by=request.user, **data
        ),
    )
    if outcome is not None:
        mapping = outcome.mapping
        if mapping.term is None:
            text = _("“%(code)s” (%(taxonomy)s) is recorded as deliberately not mapped.")
        else:
            text = _("“%(code)s” (%(taxonomy)s) is now mapped to “%(term)s”.")
        messages.success(
            request,
            text % {"code": mapping.code, "taxonomy": mapping.taxonomy, "term": mapping.term},
        )
        if outcome.updated:
            messages.info(
                request,
                ngettext(
                    "%(count)s offer with this foreign term now has the term.",
                    "%(count)s offers with this foreign term now have the term.",
                    outcome.updated,
                )
                % {"count": outcome.updated},
            )
        if outcome.skipped:
            messages.warning(
                request,
                _(
                    "Not changed because their provider has a change open (the mapping "
                    "applies when they are imported again, or add the term in the review): "
                    "%(titles)s"
                )
                % {"titles": ", ".join(outcome.skipped[:20])},
            )
        return redirect("taxonomy:mapping_list")
    return render(request, "taxonomy/mappings/form.html", {"form": form, "existing": existing})
