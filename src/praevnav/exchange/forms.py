"""Forms of the import and export pages."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from praevnav.exchange.importing.files import EXTENSIONS, content_matches, guess_format
from praevnav.exchange.models import ImportFormat

AUTO = ""


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy(
            "Our template as CSV or XLSX, HSDS 3.0 as JSON, or the HSDS tabular format as ZIP."
        ),
    )
    format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        choices=[(AUTO, gettext_lazy("Recognise from the file name")), *ImportFormat.choices],
        required=False,
    )
    organisation = forms.TypedChoiceField(
        label=gettext_lazy("Provider"), coerce=int, required=False
    )

    def __init__(self, *args, organisations=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = list(organisations)
        if len(self.organisations) > 1:
            self.fields["organisation"].choices = [(o.pk, o.name) for o in self.organisations]
            self.fields["organisation"].required = True
        else:
            del self.fields["organisation"]

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is None:
            return data
        limit = settings.IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                {
                    "file": _("The file is %(size)s; at most %(limit)s are allowed.")
                    % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
                }
            )
        fmt = data.get("format") or guess_format(upload.name)
        if guess_format(upload.name) is None:
            raise forms.ValidationError(
                {
                    "file": _("Only these file types are accepted: %(types)s.")
                    % {"types": ", ".join(EXTENSIONS)}
                }
            )
        content = upload.read()
        if not content_matches(content, fmt):
            raise forms.ValidationError(
                {
                    "file": _("The file's content does not match the format %(format)s.")
                    % {"format": fmt}
                }
            )
        data["format"] = fmt
        data["content"] = content
        data["organisation_obj"] = self.chosen_organisation(data.get("organisation"))
        return data

    def chosen_organisation(self, pk):
        if len(self.organisations) == 1:
            return self.organisations[0]
        return next((o for o in self.organisations if o.pk == pk), None)


class ImportConfirmForm(forms.Form):
    only_valid = forms.BooleanField(required=False)


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        choices=[("xlsx", "XLSX (Excel)"), ("csv", gettext_lazy("CSV (Excel, semicolon)"))],
        initial="xlsx",
    )
