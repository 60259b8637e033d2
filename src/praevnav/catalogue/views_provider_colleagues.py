"""Colleagues of an organisation: its editors, open invitations, inviting by e-mail and
withdrawing an invitation."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from praevnav.accounts.services_invitations import (
    INVITATION_VALID_DAYS,
    invitation_create,
    invitation_revoke,
)
from praevnav.catalogue import selectors_provider as sel
from praevnav.catalogue.forms_offer import ServiceErrorsMixin
from praevnav.catalogue.views_provider import chosen_organisation, org_url, workspace


class InviteForm(ServiceErrorsMixin, forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("E-mail address of your colleague"),
        help_text=gettext_lazy(
            "We send a link with which your colleague creates an account. The link is valid "
            "for 14 days."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


@require_http_methods(["GET", "POST"])
@workspace
def colleagues(request: HttpRequest) -> HttpResponse:
    organisation = chosen_organisation(request)
    if organisation is None:
        return redirect("provider:dashboard")
    if not request.user.has_perm("accounts.invite_editor", organisation):
        raise Http404
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _token = invitation_create(
                organisation=organisation,
                email=form.cleaned_data["email"],
                by=request.user,
                base_url=request.build_absolute_uri("/"),
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request,
                _("An invitation has been sent to %(email)s.") % {"email": invitation.email},
            )
            return redirect(org_url("provider:colleagues", organisation))
    return render(
        request,
        "catalogue/provider/colleagues.html",
        {
            "organisation": organisation,
            "editors": sel.organisation_editors(organisation=organisation),
            "invitations": sel.open_invitations(organisation=organisation),
            "form": form,
            "valid_days": INVITATION_VALID_DAYS,
            "dashboard_url": org_url("provider:dashboard", organisation),
        },
    )


@require_POST
@workspace
def invitation_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw an open invitation; its link then says it was withdrawn."""
    invitation = sel.invitation_for(user=request.user, tenant=request.tenant, pk=pk)
    try:
        invitation_revoke(invitation=invitation, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The invitation to %(email)s has been withdrawn; its link no longer works.")
            % {"email": invitation.email},
        )
    return redirect(org_url("provider:colleagues", invitation.organisation))
