"""The form with which a planner maps a foreign term to a term of ours."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from praevnav.taxonomy.enums import Vocabulary
from praevnav.taxonomy.forms import ServiceErrorsMixin
from praevnav.taxonomy.models import Term
from praevnav.taxonomy.services_mappings import CODE_MAX, NAME_MAX, TAXONOMY_MAX

UNMAPPED = "none"


class TermMappingForm(ServiceErrorsMixin, forms.Form):
    """Foreign taxonomy, code and name, and our term (grouped by vocabulary) or
    “deliberately not mapped”."""

    taxonomy = forms.CharField(label=_("Foreign taxonomy"), max_length=TAXONOMY_MAX)
    code = forms.CharField(label=_("Foreign code"), max_length=CODE_MAX)
    name = forms.CharField(label=_("Foreign name"), max_length=NAME_MAX, required=False)
    term = forms.ChoiceField(
        label=_("Our term"),
        help_text=_(
            "Offers that carry the foreign term get this term at once; later imports add it "
            "too. Choose “deliberately not mapped” for foreign terms without a counterpart."
        ),
    )

    def __init__(self, *args, tenant_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        terms = Term.all_tenants.filter(tenant_id=tenant_id, is_active=True).order_by(
            "vocabulary", "position", "name"
        )
        groups: dict[str, list[tuple[str, str]]] = {}
        for term in terms:
            groups.setdefault(term.vocabulary, []).append((str(term.pk), term.label))
        self.terms_by_pk = {str(t.pk): t for t in terms}
        self.fields["term"].choices = [
            ("", _("Please choose")),
            (UNMAPPED, _("Deliberately not mapped")),
            *[(Vocabulary(v).label, options) for v, options in groups.items()],
        ]

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["term"] = self.terms_by_pk.get(data["term"])
        return data
