"""Accepting an invitation as editor of an organisation (/konto/einladung/<token>/).

Anonymous visitors choose a user name and password; a logged-in user with the invited
address just confirms. An unknown, expired or used token gets a page that says why
(status 404 or 410), and nothing changes.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from praevnav.accounts.services_invitations import (
    InvitationProblem,
    invitation_accept,
    invitation_lookup,
)


class InvitationAcceptForm(forms.Form):
    """A new account for the invited address."""

    username = forms.CharField(
        label=gettext_lazy("User name"),
        max_length=150,
        help_text=gettext_lazy("You log in with this name or your e-mail address."),
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=150, required=False)
    password1 = forms.CharField(
        label=gettext_lazy("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=gettext_lazy("Repeat the password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    # The service names the password field "password"; errors belong to the first box.
    service_field_names = {"password": "password1"}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password1"].help_text = password_validators_help_text_html()

    def clean(self) -> dict:
        data = super().clean()
        if (
            data.get("password1")
            and data.get("password2")
            and data["password1"] != data["password2"]
        ):
            self.add_error("password2", _("The two passwords do not match."))
        return data

    def add_service_errors(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for key, msgs in error.message_dict.items():
            field = self.service_field_names.get(key, key)
            for message in msgs:
                self.add_error(field if field in self.fields else None, message)


PROBLEM_STATUS = {
    InvitationProblem.UNKNOWN: 404,
    InvitationProblem.EXPIRED: 410,
    InvitationProblem.USED: 410,
    InvitationProblem.REVOKED: 410,
}


@require_http_methods(["GET", "POST"])
def invitation_accept_view(request: HttpRequest, token: str) -> HttpResponse:
    found = invitation_lookup(token=token)
    if found.problem is not None:
        return render(
            request,
            "accounts/invitation_invalid.html",
            {"problem": found.problem, "invitation": found.invitation},
            status=PROBLEM_STATUS[found.problem],
        )
    invitation = found.invitation
    user = request.user if request.user.is_authenticated else None
    email_matches = user is not None and user.email.lower() == invitation.email.lower()
    form = None
    if user is None:
        form = InvitationAcceptForm(request.POST or None)
    if request.method == "POST" and (user is None or email_matches):
        try:
            if user is not None:
                invitation_accept(invitation=invitation, user=user)
            elif form.is_valid():
                with transaction.atomic():
                    user = invitation_accept(
                        invitation=invitation,
                        username=form.cleaned_data["username"],
                        password=form.cleaned_data["password1"],
                        first_name=form.cleaned_data["first_name"],
                        last_name=form.cleaned_data["last_name"],
                    )
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        except ValidationError as error:
            if form is not None:
                form.add_service_errors(error)
            else:
                messages.error(request, " ".join(error.messages))
        else:
            if user is not None and (form is None or form.is_valid()):
                messages.success(
                    request,
                    _("Welcome! You are now an editor of %(name)s.")
                    % {"name": invitation.organisation.name},
                )
                return redirect(f"{_provider_url()}?organisation={invitation.organisation_id}")
    return render(
        request,
        "accounts/invitation_accept.html",
        {
            "invitation": invitation,
            "form": form,
            "account_user": user,
            "email_matches": email_matches,
            "login_url": f"{reverse('accounts:login')}?{urlencode({'next': request.path})}",
        },
    )


def _provider_url() -> str:
    # The workspace lives in the catalogue app; accounts must not import it, so the
    # address is resolved by name.
    return reverse("provider:dashboard")
