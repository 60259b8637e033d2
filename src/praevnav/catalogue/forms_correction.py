"""The “Fehler melden” form on the offer page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from praevnav.catalogue.services_correction import MESSAGE_MAX_LENGTH

# Field name of the honeypot: people never see it, form-filling bots do.
HONEYPOT_FIELD = "homepage"


class CorrectionNoteForm(forms.Form):
    message = forms.CharField(
        label=_("What is wrong or missing?"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "For example a changed phone number, new opening hours or an offer that no "
            "longer exists. Please do not enter any personal details about families. "
            "At most 2,000 characters."
        ),
        error_messages={"required": _("Please describe what is wrong.")},
    )
    contact_email = forms.EmailField(
        label=_("Your e-mail address for a reply"),
        required=False,
        help_text=_(
            "Only if you would like an answer. We use the address only to reply to this "
            "note and delete it when the note has been dealt with."
        ),
    )
    homepage = forms.CharField(
        label=_("Please leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def is_bot(self) -> bool:
        """A filled honeypot: the note is dropped silently (the bot is told it worked)."""
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())
