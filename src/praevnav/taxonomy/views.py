"""Planner pages of the taxonomy under /verwaltung/taxonomie/.

Every view: permission ``taxonomy.manage`` in the request's tenant, the form, one
service call, a redirect with a message. Objects are looked up in the request's own
tenant only, so an id of another municipality is a 404.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from praevnav.core.permissions import tenant_permission_required
from praevnav.taxonomy import selectors, services
from praevnav.taxonomy.enums import Vocabulary
from praevnav.taxonomy.forms import LifePhaseForm, SynonymForm, TermForm, TransitionForm
from praevnav.taxonomy.models import LifePhase, Synonym, Term, Transition

GET_POST = require_http_methods(["GET", "POST"])


taxonomy_manager = tenant_permission_required("taxonomy.manage")


def _vocabulary(slug: str) -> Vocabulary:
    vocabulary = selectors.VOCABULARY_BY_SLUG.get(slug)
    if vocabulary is None:
        raise Http404(_("Unknown vocabulary."))
    return Vocabulary(vocabulary)


def _term(request: HttpRequest, pk: int) -> Term:
    return get_object_or_404(Term.all_tenants, pk=pk, tenant=request.tenant)


def _term_list_url(term: Term) -> str:
    return reverse("taxonomy:term_list", args=[selectors.VOCABULARY_SLUGS[term.vocabulary]])


# --- overview ---------------------------------------------------------------------------


@require_safe
@taxonomy_manager
def overview(request: HttpRequest) -> HttpResponse:
    """All vocabularies, life phases and transitions of the tenant, with usage counts."""
    tenant_id = request.tenant.pk
    phase_usage = selectors.life_phase_usage_counts(tenant_id=tenant_id)
    transition_usage = selectors.transition_usage_counts(tenant_id=tenant_id)
    phases = selectors.life_phases_for_tenant(tenant_id=tenant_id)
    return render(
        request,
        "taxonomy/overview.html",
        {
            "vocabularies": selectors.vocabulary_overview(tenant_id=tenant_id),
            "phases": [(p, phase_usage.get(p.pk, 0)) for p in phases],
            "gaps": services.life_phase_gaps(phases=phases),
            "transitions": [
                (t, transition_usage.get(t.pk, 0))
                for t in selectors.transitions_for_tenant(tenant_id=tenant_id)
            ],
            "synonyms": selectors.synonym_groups(tenant_id=tenant_id),
        },
    )


# --- terms ------------------------------------------------------------------------------


@require_safe
@taxonomy_manager
def term_list(request: HttpRequest, vocabulary: str) -> HttpResponse:
    vocab = _vocabulary(vocabulary)
    return render(
        request,
        "taxonomy/term_list.html",
        {
            "vocabulary": vocab,
            "slug": vocabulary,
            "rows": selectors.vocabulary_terms(tenant_id=request.tenant.pk, vocabulary=vocab),
            "is_topic": vocab == Vocabulary.TOPIC,
            "is_evidence": vocab == Vocabulary.EVIDENCE_PROGRAMME,
        },
    )


T = TypeVar("T")


def _submit(request: HttpRequest, form, action: Callable[[dict], T]) -> T | None:
    """Run ``action(form.service_data())`` for a valid POST; ``None`` otherwise.

    Errors the service raises (keyed by field) go back onto the form, so the page
    re-renders with them and nothing is saved.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return action(form.service_data())
    except ValidationError as error:
        form.add_service_errors(error)
        return None


@GET_POST
@taxonomy_manager
def term_create(request: HttpRequest, vocabulary: str) -> HttpResponse:
    vocab = _vocabulary(vocabulary)
    form = TermForm(request.POST or None, tenant_id=request.tenant.pk, vocabulary=vocab)
    term = _submit(
        request,
        form,
        lambda data: services.term_create(
            tenant=request.tenant, vocabulary=vocab, data=data, by=request.user
        ),
    )
    if term is not None:
        messages.success(request, _("“%(name)s” has been added.") % {"name": term.name})
        return redirect(_term_list_url(term))
    return render(
        request,
        "taxonomy/term_form.html",
        {"form": form, "vocabulary": vocab, "slug": vocabulary, "term": None},
    )


@GET_POST
@taxonomy_manager
def term_update(request: HttpRequest, pk: int) -> HttpResponse:
    term = _term(request, pk)
    usage = selectors.term_usage_count(term=term)
    form = TermForm(
        request.POST or None,
        tenant_id=request.tenant.pk,
        vocabulary=term.vocabulary,
        term=term,
        usage=usage,
    )
    saved = _submit(
        request,
        form,
        lambda data: services.term_update(term=term, data=data, by=request.user),
    )
    if saved is not None:
        messages.success(request, _("“%(name)s” has been saved.") % {"name": saved.name})
        return redirect(_term_list_url(saved))
    return render(
        request,
        "taxonomy/term_form.html",
        {
            "form": form,
            "vocabulary": Vocabulary(term.vocabulary),
            "slug": selectors.VOCABULARY_SLUGS[term.vocabulary],
            "term": term,
            "usage": usage,
        },
    )


@GET_POST
@taxonomy_manager
def term_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete an unused term; a used one is explained and offered for deactivation."""
    term = _term(request, pk)
    error = None
    if request.method == "POST":
        try:
            services.term_delete(term=term, by=request.user)
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            messages.success(request, _("“%(name)s” has been deleted.") % {"name": term.name})
            return redirect(_term_list_url(term))
    return render(
        request,
        "taxonomy/term_delete.html",
        {
            "term": term,
            "usage": selectors.term_usage_count(term=term),
            "has_children": Term.all_tenants.filter(parent=term).exists(),
            "error": error,
            "list_url": _term_list_url(term),
        },
    )


@GET_POST
@taxonomy_manager
def term_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    term = _term(request, pk)
    if request.method == "POST":
        services.term_deactivate(term=term, by=request.user)
        messages.success(
            request,
            _(
                "“%(name)s” has been deactivated. Offers keep it; it no longer appears for new "
                "entries and in the search filters."
            )
            % {"name": term.name},
        )
        return redirect(_term_list_url(term))
    return render(
        request,
        "taxonomy/term_deactivate.html",
        {
            "term": term,
            "usage": selectors.term_usage_count(term=term),
            "list_url": _term_list_url(term),
        },
    )


# --- life phases and transitions --------------------------------------------------------


@GET_POST
@taxonomy_manager
def life_phase_update(request: HttpRequest, pk: int) -> HttpResponse:
    phase = get_object_or_404(LifePhase.all_tenants, pk=pk, tenant=request.tenant)
    form = LifePhaseForm(request.POST or None, phase=phase)
    saved = _submit(
        request,
        form,
        lambda data: services.life_phase_update(phase=phase, data=data, by=request.user),
    )
    if saved is not None:
        messages.success(
            request,
            _(
                "The life phase “%(name)s” has been saved. The life phases of all offers "
                "are derived from their age ranges and follow the change at once."
            )
            % {"name": saved.name},
        )
        gaps = services.life_phase_gaps(
            phases=selectors.life_phases_for_tenant(tenant_id=request.tenant.pk)
        )
        if gaps:
            messages.warning(request, _gap_message(gaps))
        return redirect(reverse("taxonomy:overview") + "#life-phases")
    usage = selectors.life_phase_usage_counts(tenant_id=request.tenant.pk).get(phase.pk, 0)
    return render(
        request, "taxonomy/life_phase_form.html", {"form": form, "phase": phase, "usage": usage}
    )


def _gap_message(gaps: list[tuple[int, int]]) -> str:
    ranges = ", ".join(
        _("%(from)s to under %(to)s months") % {"from": lo, "to": hi} for lo, hi in gaps
    )
    return _(
        "No life phase covers these ages: %(ranges)s. Offers for these ages belong to no "
        "life phase until the ranges close the gap."
    ) % {"ranges": ranges}


@GET_POST
@taxonomy_manager
def transition_update(request: HttpRequest, pk: int) -> HttpResponse:
    transition = get_object_or_404(Transition.all_tenants, pk=pk, tenant=request.tenant)
    form = TransitionForm(request.POST or None, transition=transition)
    saved = _submit(
        request,
        form,
        lambda data: services.transition_update(transition=transition, data=data, by=request.user),
    )
    if saved is not None:
        messages.success(
            request, _("The transition “%(name)s” has been saved.") % {"name": saved.name}
        )
        return redirect(reverse("taxonomy:overview") + "#transitions")
    return render(
        request, "taxonomy/transition_form.html", {"form": form, "transition": transition}
    )


# --- synonyms ---------------------------------------------------------------------------


def _synonym(request: HttpRequest, pk: int) -> Synonym:
    return get_object_or_404(Synonym.all_tenants, pk=pk, tenant=request.tenant)


@require_safe
@taxonomy_manager
def synonym_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "taxonomy/synonym_list.html",
        {"groups": selectors.synonym_groups(tenant_id=request.tenant.pk)},
    )


@GET_POST
@taxonomy_manager
def synonym_create(request: HttpRequest) -> HttpResponse:
    form = SynonymForm(request.POST or None)
    group = _submit(
        request,
        form,
        lambda data: services.synonym_create(tenant=request.tenant, by=request.user, **data),
    )
    if group is not None:
        messages.success(
            request, _("The synonym group “%(words)s” has been added.") % {"words": group}
        )
        return redirect("taxonomy:synonym_list")
    return render(request, "taxonomy/synonym_form.html", {"form": form, "group": None})


@GET_POST
@taxonomy_manager
def synonym_update(request: HttpRequest, pk: int) -> HttpResponse:
    group = _synonym(request, pk)
    form = SynonymForm(request.POST or None, synonym=group)
    saved = _submit(
        request,
        form,
        lambda data: services.synonym_update(synonym=group, by=request.user, **data),
    )
    if saved is not None:
        messages.success(
            request, _("The synonym group “%(words)s” has been saved.") % {"words": saved}
        )
        return redirect("taxonomy:synonym_list")
    return render(request, "taxonomy/synonym_form.html", {"form": form, "group": group})


@require_POST
@taxonomy_manager
def synonym_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    """Deactivate an active group, or activate an inactive one (a button in the list)."""
    group = _synonym(request, pk)
    try:
        group = services.synonym_update(
            synonym=group, is_active=not group.is_active, by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        text = (
            _("The synonym group “%(words)s” is active again.")
            if group.is_active
            else _("The synonym group “%(words)s” has been deactivated; the search ignores it.")
        )
        messages.success(request, text % {"words": group})
    return redirect("taxonomy:synonym_list")


@GET_POST
@taxonomy_manager
def synonym_delete(request: HttpRequest, pk: int) -> HttpResponse:
    group = _synonym(request, pk)
    if request.method == "POST":
        services.synonym_delete(synonym=group, by=request.user)
        messages.success(
            request, _("The synonym group “%(words)s” has been deleted.") % {"words": group}
        )
        return redirect("taxonomy:synonym_list")
    return render(request, "taxonomy/synonym_delete.html", {"group": group})
