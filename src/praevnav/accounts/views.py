from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from praevnav.accounts.forms import LoginForm
from praevnav.accounts.models import Membership


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """Log out by POST only; a GET (an old bookmark, a typed address) shows a confirm button."""

    http_method_names = ["get", "post", "options"]
    template_name = "accounts/logout_confirm.html"

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return render(request, self.template_name)

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        was_logged_in = request.user.is_authenticated
        response = super().post(request, *args, **kwargs)
        if was_logged_in:
            messages.success(request, _("You have been logged out."))
        return response


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """The user's own account: contact data and roles per tenant."""
    memberships = (
        Membership.all_tenants.filter(user=request.user)
        .select_related("tenant", "organisation")
        .order_by("tenant__name", "role")
    )
    return render(request, "accounts/profile.html", {"memberships": memberships})
