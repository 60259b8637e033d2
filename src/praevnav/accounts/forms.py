from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from praevnav.accounts.models import User


class LoginForm(AuthenticationForm):
    """Log in with user name or e-mail address."""

    username = forms.CharField(
        label=_("User name or e-mail address"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": _(
            "The user name, e-mail address or password is not correct. Please check your "
            "entries; the password is case-sensitive."
        ),
        "inactive": _("This account has been deactivated. Please contact the administration."),
    }

    def clean(self):
        username = self.cleaned_data.get("username", "")
        password = self.cleaned_data.get("password")
        if username and "@" in username:
            user = User.objects.filter(email__iexact=username).first()
            if user is not None:
                username = user.get_username()
        if username and password:
            self.user_cache = authenticate(self.request, username=username, password=password)
            if self.user_cache is None:
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data
