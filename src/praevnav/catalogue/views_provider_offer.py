"""Creating and editing offers in the provider workspace; the review workflow actions.

A provider never edits the live offer: "Entwurf speichern" stores a draft revision
(``offer_draft_save``), "Zur Prüfung einreichen" stores and submits it. A submitted
change can be withdrawn, a draft discarded; a change returned by the review shows the
reviewer's note above the form, which is filled with the returned proposal.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from praevnav.catalogue import selectors_provider as sel
from praevnav.catalogue.enums import OfferStatus, RevisionStatus
from praevnav.catalogue.forms_offer import build_offer_forms, offer_snapshot_from_forms
from praevnav.catalogue.models import Offer, OfferRevision
from praevnav.catalogue.revisions import offer_snapshot
from praevnav.catalogue.services_revisions import (
    offer_confirm,
    offer_draft_save,
    offer_revision_discard,
    offer_revision_submit,
    offer_revision_withdraw,
)
from praevnav.catalogue.views_provider import chosen_organisation, org_url, workspace
from praevnav.core.models import AuditEntry

SAVE, SUBMIT = "save", "submit"


def _history_url(offer: Offer) -> str | None:
    """The offer's history page, once the review part provides it."""
    for name in ("review:history", "review:offer_history"):
        try:
            return reverse(name, args=[offer.pk])
        except NoReverseMatch:
            continue
    return None


def _save(
    request: HttpRequest, *, offer: Offer | None, organisation, tenant, forms
) -> Offer | None:
    """Validate the forms and run the services; errors go back onto the form."""
    form, sessions, translations = forms
    action = request.POST.get("action", SAVE)
    if not (form.is_valid() and sessions.is_valid() and translations.is_valid()):
        return None
    data = offer_snapshot_from_forms(form, sessions, translations, organisation_id=organisation.pk)
    try:
        with transaction.atomic():
            revision = offer_draft_save(
                offer=offer,
                data=data,
                by=request.user,
                tenant=tenant,
                channel=AuditEntry.Channel.UI,
            )
            if action == SUBMIT:
                offer_revision_submit(revision=revision, by=request.user)
    except ValidationError as error:
        form.add_service_errors(error)
        return None
    if action == SUBMIT:
        messages.success(
            request,
            _(
                "“%(title)s” has been submitted for review. The published version stays visible "
                "until the change is approved."
            )
            % {"title": revision.data["title"]},
        )
    else:
        messages.success(request, _("The draft has been saved."))
    return revision.offer


@require_http_methods(["GET", "POST"])
@workspace
def offer_create(request: HttpRequest) -> HttpResponse:
    organisation = chosen_organisation(request)
    if organisation is None:
        messages.info(request, _("Please choose the organisation first."))
        return redirect("provider:dashboard")
    tenant = organisation.tenant
    forms = build_offer_forms(
        data=request.POST if request.method == "POST" else None,
        tenant=tenant,
        organisation_id=organisation.pk,
        snapshot={"organisation": organisation.pk},
    )
    if request.method == "POST":
        offer = _save(request, offer=None, organisation=organisation, tenant=tenant, forms=forms)
        if offer is not None:
            if request.POST.get("action") == SUBMIT:
                return redirect(org_url("provider:dashboard", organisation))
            return redirect("provider:offer_edit", pk=offer.pk)
    return _render_form(request, forms=forms, organisation=organisation, offer=None)


def _render_form(request, *, forms, organisation, offer, revision=None, latest=None):
    form, sessions, translations = forms
    errors = bool(form.errors or sessions.total_error_count() or translations.non_form_errors())
    context = {
        "form": form,
        "sessions": sessions,
        "translations": translations,
        "organisation": organisation,
        "offer": offer,
        "revision": revision,
        "latest": latest,
        "has_errors": errors,
        "location_create_url": org_url("provider:location_create", organisation),
        "dashboard_url": org_url("provider:dashboard", organisation),
    }
    if offer is not None:
        context.update(
            {
                "currency": sel.offer_currency(offer=offer),
                "life_phases": offer.life_phases,
                "history_url": _history_url(offer),
                "can_confirm": offer.status == OfferStatus.PUBLISHED
                and request.user.has_perm("catalogue.confirm_offer", offer),
            }
        )
    return render(request, "catalogue/provider/offer_form.html", context)


@require_http_methods(["GET", "POST"])
@workspace
def offer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    offer = sel.offer_for(user=request.user, tenant=request.tenant, pk=pk)
    if offer.status == OfferStatus.ARCHIVED:
        raise Http404
    latest = sel.latest_revision(offer=offer)
    if latest is not None and latest.status == RevisionStatus.SUBMITTED:
        # Waiting for review: no form, only "withdraw".
        return render(
            request,
            "catalogue/provider/offer_waiting.html",
            {
                "offer": offer,
                "revision": latest,
                "organisation": offer.organisation,
                "currency": sel.offer_currency(offer=offer),
                "history_url": _history_url(offer),
                "dashboard_url": org_url("provider:dashboard", offer.organisation),
            },
            status=409 if request.method == "POST" else 200,
        )
    if latest is not None and latest.status in (RevisionStatus.DRAFT, RevisionStatus.REJECTED):
        # Continue the draft, or correct the returned proposal.
        snapshot = latest.data
    else:
        snapshot = offer_snapshot(offer)
    forms = build_offer_forms(
        data=request.POST if request.method == "POST" else None,
        tenant=offer.tenant,
        organisation_id=offer.organisation_id,
        snapshot=snapshot,
    )
    if request.method == "POST":
        saved = _save(
            request, offer=offer, organisation=offer.organisation, tenant=offer.tenant, forms=forms
        )
        if saved is not None:
            if request.POST.get("action") == SUBMIT:
                return redirect(org_url("provider:dashboard", offer.organisation))
            return redirect("provider:offer_edit", pk=offer.pk)
    draft = latest if latest is not None and latest.status == RevisionStatus.DRAFT else None
    return _render_form(
        request,
        forms=forms,
        organisation=offer.organisation,
        offer=offer,
        revision=draft,
        latest=latest,
    )


def _open_revision(offer: Offer, status: str) -> OfferRevision:
    revision = OfferRevision.all_tenants.filter(offer=offer, status=status).first()
    if revision is None:
        raise Http404
    return revision


@require_POST
@workspace
def offer_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Take the submitted change back from review; it becomes a draft again."""
    offer = sel.offer_for(user=request.user, tenant=request.tenant, pk=pk)
    try:
        offer_revision_withdraw(
            revision=_open_revision(offer, RevisionStatus.SUBMITTED), by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The change has been withdrawn from review. You can edit it again.")
        )
    return redirect("provider:offer_edit", pk=offer.pk)


@require_POST
@workspace
def offer_discard(request: HttpRequest, pk: int) -> HttpResponse:
    """Give up the draft; a never-published offer without versions disappears."""
    offer = sel.offer_for(user=request.user, tenant=request.tenant, pk=pk)
    organisation = offer.organisation
    try:
        offer_revision_discard(
            revision=_open_revision(offer, RevisionStatus.DRAFT), by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("provider:offer_edit", pk=offer.pk)
    messages.success(request, _("The draft has been discarded."))
    return redirect(org_url("provider:dashboard", organisation))


@require_POST
@workspace
def offer_confirm_view(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Still correct": record today's confirmation of a published offer."""
    offer = sel.offer_for(user=request.user, tenant=request.tenant, pk=pk)
    if offer.status != OfferStatus.PUBLISHED or not request.user.has_perm(
        "catalogue.confirm_offer", offer
    ):
        raise Http404
    offer_confirm(offer=offer, by=request.user, channel=AuditEntry.Channel.UI)
    messages.success(
        request, _("Thank you: “%(title)s” is confirmed as current.") % {"title": offer.title}
    )
    target = request.POST.get("next")
    if target == "dashboard":
        return redirect(org_url("provider:dashboard", offer.organisation))
    return redirect("provider:offer_edit", pk=offer.pk)
