"""Planner forms of the taxonomy. They check the shape of the input; the rules that need
the database (unique codes, cycles, overlapping age ranges, duplicate synonyms) live in
the services, whose ``ValidationError`` the views attach with ``add_service_errors``."""

from __future__ import annotations

from typing import ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from praevnav.taxonomy.enums import Vocabulary
from praevnav.taxonomy.models import LifePhase, Synonym, Term, Transition
from praevnav.taxonomy.selectors import parent_choices
from praevnav.taxonomy.services_synonyms import SYNONYM_WORD_MAX_LENGTH
from praevnav.taxonomy.services_terms import MAX_AGE_MONTHS


class ServiceErrorsMixin:
    """Attach a service's ``ValidationError`` to the fields it names."""

    #: service field name → form field name, where they differ
    service_field_names: ClassVar[dict[str, str]] = {}

    def add_service_errors(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)  # type: ignore[attr-defined]
            return
        for key, messages in error.message_dict.items():
            field = self.service_field_names.get(key, key)
            if field not in self.fields:  # type: ignore[attr-defined]
                field = None
            for message in messages:
                self.add_error(field, message)  # type: ignore[attr-defined]


class TermForm(ServiceErrorsMixin, forms.Form):
    """A term of any vocabulary; ``parent`` only for topics, evidence fields only for
    evidence-based programmes, ``code`` read-only once offers use the term."""

    name = forms.CharField(label=_("Name (German)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    code = forms.CharField(
        label=_("Code"),
        max_length=60,
        required=False,
        help_text=_(
            "Identifies the term in imports, exports and the API: lower-case letters, digits "
            "and hyphens. Leave empty to derive it from the German name."
        ),
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    parent = forms.TypedChoiceField(
        label=_("Parent topic"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Empty: a top-level topic."),
    )
    position = forms.IntegerField(
        label=_("Position"),
        min_value=0,
        required=False,
        help_text=_("Order within the list (smaller numbers first). Empty: at the end."),
    )
    evidence_level = forms.CharField(
        label=_("Evidence level"),
        max_length=120,
        required=False,
        help_text=_(
            "As rated by the source, e.g. “Effektivität nachgewiesen”, “Effektivität "
            "wahrscheinlich” or “Effektivität theoretisch gut begründet”."
        ),
    )
    evidence_source = forms.CharField(
        label=_("Source of the rating"),
        max_length=200,
        required=False,
        help_text=_("E.g. Grüne Liste Prävention."),
    )
    is_active = forms.BooleanField(
        label=_("Active (offered for new entries and in the search filters)"),
        required=False,
        initial=True,
    )

    def __init__(
        self,
        *args,
        tenant_id: int,
        vocabulary: str,
        term: Term | None = None,
        usage: int = 0,
        **kwargs,
    ) -> None:
        if term is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": term.name,
                    "name_en": term.name_en,
                    "code": term.code,
                    "description": term.description,
                    "parent": term.parent_id,
                    "position": term.position,
                    "evidence_level": (term.attributes or {}).get("evidence_level", ""),
                    "evidence_source": (term.attributes or {}).get("source", ""),
                    "is_active": term.is_active,
                },
            )
        super().__init__(*args, **kwargs)
        self.tenant_id, self.vocabulary, self.term = tenant_id, vocabulary, term
        if vocabulary == Vocabulary.TOPIC:
            self._parents = dict(
                parent_choices(tenant_id=tenant_id, vocabulary=vocabulary, exclude=term)
            )
            self.fields["parent"].choices = [
                ("", _("– none (top level) –")),
                *self._parents.items(),
            ]
        else:
            del self.fields["parent"]
        if vocabulary != Vocabulary.EVIDENCE_PROGRAMME:
            del self.fields["evidence_level"]
            del self.fields["evidence_source"]
        if term is not None:
            self.fields["code"].required = True
            self.fields["code"].help_text = _(
                "Identifies the term in imports, exports and the API: lower-case letters, "
                "digits and hyphens."
            )
            if usage:
                self.fields["code"].disabled = True
                self.fields["code"].help_text = ngettext(
                    "The code cannot be changed because %(count)s offer uses this term.",
                    "The code cannot be changed because %(count)s offers use this term.",
                    usage,
                ) % {"count": usage}
        else:
            del self.fields["is_active"]

    def clean_parent(self) -> Term | None:
        pk = self.cleaned_data.get("parent")
        if pk is None:
            return None
        parent = Term.all_tenants.filter(
            pk=pk, tenant_id=self.tenant_id, vocabulary=self.vocabulary
        ).first()
        if parent is None:
            raise ValidationError(_("Please choose a topic from the list."))
        return parent

    def service_data(self) -> dict:
        """The cleaned values in the shape ``term_create``/``term_update`` take."""
        return dict(self.cleaned_data)


class LifePhaseForm(ServiceErrorsMixin, forms.Form):
    """Names and age range of a life phase, in years or months."""

    YEARS, MONTHS = "years", "months"
    service_field_names: ClassVar[dict[str, str]] = {
        "min_age_months": "min_age",
        "max_age_months": "max_age",
    }

    name = forms.CharField(label=_("Name (German)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    unit = forms.ChoiceField(
        label=_("Age given in"),
        choices=[(YEARS, _("years")), (MONTHS, _("months"))],
        widget=forms.RadioSelect,
        initial=YEARS,
    )
    min_age = forms.IntegerField(
        label=_("From age"),
        min_value=0,
        help_text=_("The age at which the life phase begins (included)."),
    )
    max_age = forms.IntegerField(
        label=_("Up to age (not included)"),
        min_value=1,
        required=False,
        help_text=_("Empty for the last life phase: open towards older ages."),
    )

    def __init__(self, *args, phase: LifePhase, **kwargs) -> None:
        lo, hi = phase.min_age_months, phase.max_age_months
        in_years = all(v is None or v % 12 == 0 for v in (lo, hi))
        factor = 12 if in_years else 1
        kwargs.setdefault(
            "initial",
            {
                "name": phase.name,
                "name_en": phase.name_en,
                "description": phase.description,
                "unit": self.YEARS if in_years else self.MONTHS,
                "min_age": None if lo is None else lo // factor,
                "max_age": None if hi is None else hi // factor,
            },
        )
        super().__init__(*args, **kwargs)
        self.phase = phase
        if phase.is_pregnancy:
            for name in ("unit", "min_age", "max_age"):
                del self.fields[name]

    def clean(self) -> dict:
        data = super().clean()
        if self.phase.is_pregnancy:
            return data
        factor = 12 if data.get("unit") == self.YEARS else 1
        for field in ("min_age", "max_age"):
            value = data.get(field)
            if value is not None and value * factor > MAX_AGE_MONTHS:
                self.add_error(
                    field,
                    _("Please enter an age of at most %(max)s years.")
                    % {"max": MAX_AGE_MONTHS // 12},
                )
        return data

    def service_data(self) -> dict:
        data = {k: self.cleaned_data[k] for k in ("name", "name_en", "description")}
        if not self.phase.is_pregnancy:
            factor = 12 if self.cleaned_data["unit"] == self.YEARS else 1
            lo, hi = self.cleaned_data["min_age"], self.cleaned_data.get("max_age")
            data["min_age_months"] = lo * factor
            data["max_age_months"] = None if hi is None else hi * factor
        return data


class TransitionForm(ServiceErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Name (German)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    from_phase = forms.ModelChoiceField(
        label=_("From life phase"),
        queryset=LifePhase.all_tenants.none(),
        required=False,
        empty_label=_("– none –"),
    )
    to_phase = forms.ModelChoiceField(
        label=_("To life phase"),
        queryset=LifePhase.all_tenants.none(),
        required=False,
        empty_label=_("– none (e.g. need of care) –"),
    )

    def __init__(self, *args, transition: Transition, **kwargs) -> None:
        kwargs.setdefault(
            "initial",
            {
                "name": transition.name,
                "name_en": transition.name_en,
                "description": transition.description,
                "from_phase": transition.from_phase_id,
                "to_phase": transition.to_phase_id,
            },
        )
        super().__init__(*args, **kwargs)
        phases = LifePhase.all_tenants.filter(tenant_id=transition.tenant_id).order_by("position")
        for name in ("from_phase", "to_phase"):
            self.fields[name].queryset = phases
            self.fields[name].label_from_instance = lambda p: p.label

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


class SynonymForm(ServiceErrorsMixin, forms.Form):
    words = forms.CharField(
        label=_("Words with the same meaning"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
    is_active = forms.BooleanField(
        label=_("Active (used by the search)"), required=False, initial=True
    )

    def __init__(self, *args, synonym: Synonym | None = None, **kwargs) -> None:
        if synonym is not None:
            kwargs.setdefault(
                "initial",
                {
                    "words": "\n".join(synonym.term_list),
                    "note": synonym.note,
                    "is_active": synonym.is_active,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["words"].help_text = _(
            "One word or phrase per line, or separated by commas; at least two, each at most "
            "%(max)s characters. The search finds offers with any of them."
        ) % {"max": SYNONYM_WORD_MAX_LENGTH}

    def service_data(self) -> dict:
        return dict(self.cleaned_data)
