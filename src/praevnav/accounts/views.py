from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from praevnav.accounts.forms import LoginForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    memberships = (
        request.user.memberships.model.all_tenants.filter(user=request.user)
        .select_related("tenant", "organisation")
        .order_by("tenant__name", "role")
    )
    return render(request, "accounts/profile.html", {"memberships": memberships})
