"""The readable history of one offer and “restore this version”.

One URL for planners and the provider's editors: permission
``catalogue.view_offer_history`` with the offer as object (editors only for their own
organisation). Offers are looked up in the request's tenant scope only (another
municipality's id is a 404). Restoring proposes the old content as a new submitted
revision, which goes through review like any change.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from praevnav.catalogue import selectors_review as selectors
from praevnav.catalogue.enums import RevisionStatus
from praevnav.catalogue.models import Offer, OfferRevision
from praevnav.catalogue.services_revisions import offer_revision_restore


def _offer(request: HttpRequest, pk: int) -> Offer:
    tenant = getattr(request, "tenant", None)
    offer = selectors.history_offer(tenant=tenant, pk=pk) if tenant else None
    if offer is None:
        raise Http404(_("This offer does not exist."))
    if not request.user.has_perm("catalogue.view_offer_history", offer):
        raise PermissionDenied
    return offer


@require_safe
def history(request: HttpRequest, pk: int) -> HttpResponse:
    """Versions, returned and withdrawn changes, confirmations and archiving, newest first."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    offer = _offer(request, pk)
    events = selectors.offer_history(offer=offer)
    has_open = any(
        e.revision is not None and e.revision.status == RevisionStatus.SUBMITTED for e in events
    )
    return render(
        request,
        "catalogue/history/offer.html",
        {
            "offer": offer,
            "events": events,
            "can_restore": request.user.has_perm("catalogue.change_offer", offer),
            "can_review": request.user.has_perm("catalogue.review_offer", offer),
            "has_open": has_open,
        },
    )


@require_POST
def restore(request: HttpRequest, pk: int, revision_pk: int) -> HttpResponse:
    """Propose version ``revision_pk`` of offer ``pk`` again, as a submitted revision."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    offer = _offer(request, pk)
    if not request.user.has_perm("catalogue.change_offer", offer):
        raise PermissionDenied
    source = OfferRevision.all_tenants.filter(offer=offer, pk=revision_pk).first()
    if source is None:
        raise Http404(_("This version does not exist."))
    try:
        revision = offer_revision_restore(source=source, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _(
                "Version %(old)s has been proposed again as change no. %(new)s. It is "
                "published once the review approves it."
            )
            % {"old": source.number, "new": revision.number},
        )
    return redirect("review:history", pk=offer.pk)
