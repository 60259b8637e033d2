"""Forms of the Merkliste: a note per entry and the name of a professional's list."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from praevnav.catalogue.lists import MAX_NAME, MAX_NOTE

NOTE_HINT = _(
    "At most 300 characters. Please do not enter names, addresses, dates of birth or other "
    "personal details of the family – the note is printed and part of the shared link."
)


class EntryActionForm(forms.Form):
    """One button on an entry: move up or down, remove, or save the note."""

    ACTIONS = ("up", "down", "remove", "note")

    offer = forms.IntegerField(min_value=1)
    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS])
    note = forms.CharField(
        required=False,
        max_length=MAX_NOTE,
        error_messages={
            "max_length": _(
                "The note may have at most %(limit_value)d characters (it has %(show_value)d)."
            )
        },
    )


class ListNameForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the list"),
        max_length=MAX_NAME,
        help_text=_("For example the topic or a case number – not the family's name."),
    )

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Please enter a name."))
        return name
